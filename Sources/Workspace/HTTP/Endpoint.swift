import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Who may call a route.
public enum Access: Sendable, Equatable {
  /// Anyone, signed in or not (sign-in, health, the OpenAPI document, the page's files).
  case anyone
  /// A signed-in account of one of these roles.
  case roles(Set<Role>)

  /// Every signed-in role.
  public static let signedIn = Access.roles(Set(Role.allCases))

  public func allows(_ role: Role?) -> Bool {
    switch self {
    case .anyone: return true
    case .roles(let roles): return role.map(roles.contains) ?? false
    }
  }
}

/// One route of the workspace: its method, path, who may call it and what it does. The
/// router is built from these, and every handler runs behind `Endpoint.respond`'s checks, so
/// no route exists without its row in the access table.
public struct Endpoint: Sendable {
  public typealias Handler = @Sendable (Request, WorkspaceContext, WorkspaceServices) async throws -> Response

  public let method: HTTPRequest.Method
  /// Hummingbird's pattern, `{name}` for a parameter.
  public let path: String
  public let access: Access
  /// One line for the OpenAPI document and the access table.
  public let summary: String
  let handler: Handler

  public init(_ method: HTTPRequest.Method, _ path: String, _ access: Access, _ summary: String, handler: @escaping Handler) {
    self.method = method
    self.path = path
    self.access = access
    self.summary = summary
    self.handler = handler
  }

  /// True for methods that change something: they need the session's CSRF token.
  public var changesState: Bool { ![.get, .head, .options].contains(method) }

  /// The access checks, in order (signed in → role → same origin → CSRF token), then the
  /// handler. Any error that is not already an `APIError` or an HTTP error becomes a 500 with
  /// no detail for the client and the detail in the log.
  func respond(_ request: Request, _ context: WorkspaceContext, _ services: WorkspaceServices) async throws -> Response {
    if changesState, let origin = request.headers[.origin], !Self.sameOrigin(origin, request) {
      throw APIError.crossOrigin
    }
    if case .roles = access {
      guard let user = context.identity else { throw APIError.signInRequired }
      guard access.allows(user.role) else { throw APIError.forbidden }
      if changesState {
        guard let expected = context.sessions.session?.csrf, let given = request.headers[HTTPField.Name("X-CSRF-Token")!],
          Self.constantTimeEqual(expected, given)
        else { throw APIError.csrf }
      }
    }
    do {
      return try await handler(request, context, services)
    } catch let error as APIError {
      throw error
    } catch let error as HTTPError {
      throw error
    } catch {
      services.logger.error("\(method) \(path) failed: \(String(describing: error))")
      throw APIError(
        .internalServerError, code: "internal", zh: "服务器内部出错，未保存任何更改。请把日志交给维护人员。",
        en: "An internal error happened; nothing was saved. Please pass the server log to its maintainer.")
    }
  }

  /// True when the Origin header names this server (the Host the request came to).
  static func sameOrigin(_ origin: String, _ request: Request) -> Bool {
    guard let host = request.head.authority else { return false }
    return origin == "http://\(host)" || origin == "https://\(host)"
  }

  static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8), y = Array(b.utf8)
    guard x.count == y.count else { return false }
    return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
  }
}

/// The access table: every route of the workspace, in one list.
public enum Endpoints {
  public static var all: [Endpoint] {
    SessionEndpoints.list + UserEndpoints.list + ScenarioEndpoints.list + AnalysisEndpoints.list + UploadEndpoints.list
      + ReviewEndpoints.list + CombineEndpoints.list + AuditEndpoints.list + RefinementEndpoints.list + TrackingEndpoints.list
      + PageEndpoints.list
  }
}
