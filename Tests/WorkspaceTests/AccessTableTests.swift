import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Workspace

/// The access table, checked route by route and role by role through the router: who gets 401,
/// who gets 403, and that every change needs the session's CSRF token and the same origin.
@Suite struct AccessTableTests {
  /// Who may call each route, written by hand: `nil` for anyone, else the roles. A route of
  /// `Endpoints.all` missing here fails the test, and so does a role the table gives that this
  /// list does not: widening a route's access has to be done here too, on purpose.
  static let expected: [String: Set<Role>?] = [
    "GET /api/health": nil,
    "GET /api/openapi.json": nil,
    "POST /api/session": nil,
    "DELETE /api/session": [.city, .county, .reviewer, .admin],
    "GET /api/me": [.city, .county, .reviewer, .admin],
    // Accounts: the administrator and the city committee manage them; everyone changes their own password.
    "GET /api/users": [.admin, .city],
    "POST /api/users": [.admin, .city],
    "POST /api/users/{id}/disable": [.admin, .city],
    "POST /api/users/{id}/enable": [.admin, .city],
    "POST /api/users/{id}/password": [.admin, .city],
    "POST /api/me/password": [.city, .county, .reviewer, .admin],
    // Scenarios and versions: the city committee changes them; counties and reviewers read
    // (published versions only, which the handlers narrow); the administrator has accounts only.
    "GET /api/scenarios": [.city, .county, .reviewer],
    "POST /api/scenarios": [.city],
    "POST /api/scenarios/upload": [.city],
    "GET /api/scenarios/{id}": [.city, .county, .reviewer],
    "PUT /api/scenarios/{id}/settings": [.city],
    "GET /api/versions/{id}": [.city, .county, .reviewer],
    "GET /api/versions/{id}/plan": [.city, .county, .reviewer],
    "GET /api/versions/{id}/nearest": [.city, .county, .reviewer],
    "GET /api/versions/{id}/files/{name}": [.city, .county, .reviewer],
    "GET /api/versions/{id}/explain": [.city, .county, .reviewer],
    "GET /api/compare": [.city, .county, .reviewer],
    "GET /api/versions/{id}/sweep": [.city],
    "POST /api/versions/{id}/publish": [.city],
    // The county workflow (#14): envelopes, refinements, reviews, combining. A county reaches
    // only its own district's refinements (the handlers answer 404 for another's).
    "GET /api/versions/{id}/envelope": [.city, .county, .reviewer],
    "GET /api/versions/{id}/board": [.city, .reviewer],
    "POST /api/versions/{id}/refinements": [.county],
    "GET /api/refinements": [.city, .county, .reviewer],
    "GET /api/refinements/{id}": [.city, .county, .reviewer],
    "PUT /api/refinements/{id}/pins": [.county],
    "PUT /api/refinements/{id}/schools": [.county],
    "PATCH /api/refinements/{id}/schools": [.county],
    "POST /api/refinements/{id}/submit": [.county],
    "POST /api/refinements/{id}/withdraw": [.county],
    "POST /api/refinements/{id}/approve": [.city, .reviewer],
    "POST /api/refinements/{id}/return": [.city, .reviewer],
    "POST /api/refinements/{id}/comments": [.city, .county, .reviewer],
    "GET /api/refinements/{id}/files/{name}": [.city, .county, .reviewer],
    "POST /api/versions/{id}/reviews": [.city, .reviewer],
    "POST /api/versions/{id}/combine": [.city],
    "GET /api/combinations/{id}": [.city, .county, .reviewer],
    "GET /api/combinations/{id}/files/{name}": [.city, .reviewer],
    "GET /api/combinations/{id}/district/{name}": [.city, .county, .reviewer],
    // Tracking the year (#15): the city uploads the whole city's register, a county its own
    // district's; everyone but the administrator reads (a county: its own district only).
    "POST /api/versions/{id}/tracking": [.city, .county],
    "GET /api/versions/{id}/tracking": [.city, .county, .reviewer],
    "GET /api/versions/{id}/tracking/files/{name}": [.city, .county, .reviewer],
    // The audit log: every role reads it, each its own scope (AuditEndpoints): the city all of it,
    // the administrator accounts and sign-ins, a reviewer published plans' entries, a county its
    // own district's.
    "GET /api/audit": [.city, .admin, .reviewer, .county],
    // The page's files.
    "GET /": nil,
    "GET /app.js": nil,
    "GET /app.css": nil,
    "GET /favicon.svg": nil,
  ]

  /// Every caller: signed out, then one account of each role (the county one bound to 宝应县).
  static let callers: [Role?] = [nil, .city, .county, .reviewer, .admin]

  static func key(_ endpoint: Endpoint) -> String { "\(endpoint.method.rawValue) \(endpoint.path)" }

  @Test func handWrittenMatrixMatchesTheTable() {
    var seen = Set<String>()
    for endpoint in Endpoints.all {
      let key = Self.key(endpoint)
      #expect(seen.insert(key).inserted, "\(key) is in the access table twice")
      guard let expected = Self.expected[key] else {
        Issue.record("\(key) is not in AccessTableTests.expected: add it with the roles it should allow")
        continue
      }
      switch (endpoint.access, expected) {
      case (.anyone, nil): break
      case (.roles(let roles), .some(let want)):
        #expect(roles == want, "\(key) allows \(roles.map(\.rawValue).sorted()), expected \(want.map(\.rawValue).sorted())")
      default:
        Issue.record("\(key): the table says \(endpoint.access), expected \(expected.map { "\($0.map(\.rawValue).sorted())" } ?? "anyone")")
      }
    }
    for key in Self.expected.keys where !seen.contains(key) {
      Issue.record("\(key) is expected but the table has no such route")
    }
  }

  /// Every route for every caller: signed out gets 401 `sign_in_required` on a role route, a
  /// role outside the route's set gets 403 `forbidden`, a role inside it gets past both (and
  /// never a 500).
  @Test func everyRouteForEveryCaller() async throws {
    let workspace = try RouteProbe.workspace()
    let app = Application(router: WorkspaceApp.router(workspace.services))
    try await app.test(.router) { client in
      for endpoint in Endpoints.all {
        let key = Self.key(endpoint)
        let uri = try RouteProbe.uri(endpoint, workspace)
        for caller in Self.callers {
          var api = APIClient(client: client)
          if let caller { try await api.signIn(caller.rawValue) }
          let response = try await api.request(endpoint.method, uri, rawBody: RouteProbe.body(endpoint))
          let who = caller?.rawValue ?? "anonymous"
          #expect(response.status != .internalServerError, "\(key) as \(who): 500 \(response.text)")
          // Every answer, allowed or refused, carries the security headers.
          #expect(response.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true, "\(key) as \(who): no CSP")
          #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(key) as \(who): no nosniff")
          switch (endpoint.access, caller) {
          case (.anyone, _):
            #expect(response.status != .unauthorized || endpoint.path == "/api/session", "\(key) as \(who): \(response.status)")
            #expect(response.errorCode != "forbidden", "\(key) as \(who): \(response.text)")
          case (.roles, nil):
            #expect(response.status == .unauthorized, "\(key) as \(who): \(response.status)")
            #expect(response.errorCode == "sign_in_required", "\(key) as \(who): \(response.text)")
          case (.roles(let roles), .some(let role)) where roles.contains(role):
            #expect(response.status != .unauthorized, "\(key) as \(who): \(response.text)")
            #expect(response.status != .forbidden, "\(key) as \(who): \(response.text)")
          case (.roles, .some):
            #expect(response.status == .forbidden, "\(key) as \(who): \(response.status)")
            #expect(response.errorCode == "forbidden", "\(key) as \(who): \(response.text)")
          }
          // Every refusal is JSON with a Chinese sentence by default.
          if response.status.code >= 400 {
            let message = (try? response.json()["error"] as? [String: Any])?["message"] as? String
            #expect(message.map(RouteProbe.hasChinese) == true, "\(key) as \(who): \(response.text)")
          }
        }
      }
    }
  }

  /// Every change on a role route needs the session's CSRF token; every change refuses another
  /// site's Origin, also sign-in.
  @Test func everyChangeNeedsTheTokenAndTheSameOrigin() async throws {
    let workspace = try RouteProbe.workspace()
    let app = Application(router: WorkspaceApp.router(workspace.services))
    try await app.test(.router) { client in
      for endpoint in Endpoints.all where endpoint.changesState {
        let key = Self.key(endpoint)
        let uri = try RouteProbe.uri(endpoint, workspace)
        var api = APIClient(client: client)
        if case .roles(let roles) = endpoint.access, let role = Role.allCases.first(where: roles.contains) {
          try await api.signIn(role.rawValue)
          var other = APIClient(client: client)
          try await other.signIn(role.rawValue)
          let before = try RouteProbe.auditCount(workspace)
          let missing = try await api.request(endpoint.method, uri, rawBody: RouteProbe.body(endpoint), csrf: nil)
          #expect(missing.status == .forbidden && missing.errorCode == "csrf", "\(key) without a token: \(missing.text)")
          let wrong = try await api.request(endpoint.method, uri, rawBody: RouteProbe.body(endpoint), csrf: "forged-token")
          #expect(wrong.status == .forbidden && wrong.errorCode == "csrf", "\(key) with a wrong token: \(wrong.text)")
          // Another session's token is wrong too.
          let foreign = try await api.request(endpoint.method, uri, rawBody: RouteProbe.body(endpoint), csrf: other.csrf)
          #expect(foreign.status == .forbidden && foreign.errorCode == "csrf", "\(key) with another session's token: \(foreign.text)")
          // A refused change changed nothing (the audit log records every change).
          #expect(try RouteProbe.auditCount(workspace) == before, "\(key): a refused change wrote to the audit log")
        }
        var evil: HTTPFields = [:]
        evil[.origin] = "http://evil.example"
        let crossSite = try await api.request(endpoint.method, uri, rawBody: RouteProbe.body(endpoint), headers: evil, csrf: api.csrf)
        #expect(crossSite.status == .forbidden && crossSite.errorCode == "cross_origin", "\(key) from another origin: \(crossSite.text)")
        // The server's own origin is accepted (the check is about the origin, not the header).
        if case .roles = endpoint.access {
          var own: HTTPFields = [:]
          own[.origin] = "http://localhost"
          let sameSite = try await api.request(endpoint.method, uri, rawBody: RouteProbe.body(endpoint), headers: own, csrf: api.csrf)
          #expect(sameSite.errorCode != "cross_origin" && sameSite.errorCode != "csrf", "\(key) from its own origin: \(sameSite.text)")
        }
      }
    }
  }

  /// The OpenAPI document lists exactly the `/api/` routes of the table, each with the roles the
  /// table gives it.
  @Test func openAPIDocumentListsExactlyTheTable() async throws {
    let workspace = try TestWorkspace()
    let app = Application(router: WorkspaceApp.router(workspace.services))
    try await app.test(.router) { client in
      let response = try await client.executeRequest(uri: "/api/openapi.json", method: .get, headers: [:], body: nil)
      #expect(response.status == .ok)
      let document = try response.json()
      #expect(document["openapi"] as? String == "3.1.0")
      let paths = document["paths"] as? [String: [String: Any]] ?? [:]
      var listed = Set<String>()
      for (path, item) in paths {
        for (method, operation) in item {
          let key = "\(method.uppercased()) \(path)"
          listed.insert(key)
          guard let endpoint = Endpoints.all.first(where: { Self.key($0) == key }) else { continue }
          let roles = ((operation as? [String: Any])?["x-roles"] as? [String]).map(Set.init)
          switch endpoint.access {
          case .anyone: #expect(roles == nil, "\(key) lists roles \(roles ?? []) but anyone may call it")
          case .roles(let allowed): #expect(roles == Set(allowed.map(\.rawValue)), "\(key) lists roles \(roles ?? [])")
          }
        }
      }
      let table = Set(Endpoints.all.filter { $0.path.hasPrefix("/api/") }.map(Self.key))
      #expect(listed == table, "only in the document: \(listed.subtracting(table).sorted()); only in the table: \(table.subtracting(listed).sorted())")
    }
  }

  /// `quotaplan-workspace routes` prints the same table.
  @Test func routesMarkdownHasARowPerRoute() {
    let lines = AccessTable.markdown().split(separator: "\n")
    #expect(lines.count == Endpoints.all.count + 2)
    for endpoint in Endpoints.all {
      #expect(lines.contains { $0.hasPrefix("| `\(Self.key(endpoint))` |") }, "\(Self.key(endpoint)) missing from the routes table")
    }
  }
}

/// Turns a route of the table into a request that reaches it: path parameters replaced by ids
/// that exist in a seeded workspace, a minimal body for routes that read one.
enum RouteProbe {
  /// A seeded workspace (Yangzhou 2022, version 1) with one account per role.
  static func workspace() throws -> TestWorkspace {
    let workspace = try TestWorkspace(seed: true)
    for role in Role.allCases { try workspace.addUser(role.rawValue, role: role) }
    // The account the account routes act on, so disabling it or resetting its password leaves
    // the callers' own accounts alone.
    try workspace.addUser(probeAccount, role: .reviewer)
    return workspace
  }

  /// The account `/api/users/{id}/…` names.
  static let probeAccount = "probe-target"

  static func hasChinese(_ text: String) -> Bool {
    text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
  }

  static func auditCount(_ workspace: TestWorkspace) throws -> Int {
    try workspace.database.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_log") ?? 0 }
  }

  /// The newest row id of `table`, or 1 when it is empty.
  static func newestID(_ table: String, _ workspace: TestWorkspace) throws -> Int64 {
    try workspace.database.pool.read { db in try Int64.fetchOne(db, sql: "SELECT max(id) FROM \(table)") } ?? 1
  }

  /// The route's path with each `{parameter}` replaced, and its required query parameters.
  static func uri(_ endpoint: Endpoint, _ workspace: TestWorkspace) throws -> String {
    var parts: [String] = []
    var previous = ""
    for part in endpoint.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init) {
      if part.hasPrefix("{"), part.hasSuffix("}") {
        let name = String(part.dropFirst().dropLast())
        if previous.hasPrefix("scenario") {
          parts.append(String(try newestID("scenario", workspace)))
        } else if previous == "users" {
          let id = try workspace.database.pool.read { db in
            try Int64.fetchOne(db, sql: "SELECT id FROM user WHERE name = ?", arguments: [probeAccount])
          }
          parts.append(String(id ?? 1))
        } else if previous == "refinements" {
          parts.append(String(try newestID("refinement", workspace)))
        } else if previous == "combinations" {
          parts.append(String(try newestID("combination", workspace)))
        } else if previous == "district" {
          parts.append("final.csv")
        } else if previous.hasPrefix("version") || name.lowercased().hasSuffix("id") {
          parts.append(String(try newestID("version", workspace)))
        } else {
          parts.append("plan.csv")
        }
      } else {
        parts.append(part)
      }
      previous = part
    }
    var uri = parts.joined(separator: "/")
    let required = endpoint.operation.query.filter(\.required)
    if !required.isEmpty {
      let version = try newestID("version", workspace)
      uri += "?" + required.map { "\($0.name)=\(version)" }.joined(separator: "&")
    }
    return uri
  }

  /// `{}` for routes that change something, none for reads.
  static func body(_ endpoint: Endpoint) -> String? { endpoint.changesState ? "{}" : nil }
}

extension APIClient {
  /// Sends `rawBody` (JSON text, or no body) with the session cookie and exactly the CSRF token
  /// given (none when nil), plus `headers`.
  func request(
    _ method: HTTPRequest.Method, _ uri: String, rawBody: String?, headers: HTTPFields = [:], csrf token: String?
  ) async throws -> TestResponse {
    var headers = headers
    if let cookie { headers[.cookie] = cookie }
    if let token { headers[HTTPField.Name("X-CSRF-Token")!] = token }
    var body: ByteBuffer?
    if let rawBody {
      body = ByteBuffer(string: rawBody)
      headers[.contentType] = "application/json"
    }
    return try await client.executeRequest(uri: uri, method: method, headers: headers, body: body)
  }

  /// Sends `rawBody` with the cookie and this session's own CSRF token on changes.
  func request(_ method: HTTPRequest.Method, _ uri: String, rawBody: String?) async throws -> TestResponse {
    try await request(method, uri, rawBody: rawBody, csrf: [.get, .head].contains(method) ? nil : csrf)
  }
}
