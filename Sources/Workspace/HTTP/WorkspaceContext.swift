import Hummingbird
import HummingbirdAuth

/// What a session remembers: whose it is, and the token every change must carry (CSRF).
public struct WorkspaceSession: Codable, Sendable, Equatable {
  public var userID: Int64
  public var csrf: String
}

/// The request context of every workspace route: the session and the signed-in account.
public struct WorkspaceContext: AuthRequestContext, SessionRequestContext, RequestContext {
  public typealias Session = WorkspaceSession
  public var coreContext: CoreRequestContextStorage
  public var identity: User?
  public let sessions: SessionContext<WorkspaceSession>

  public init(source: Source) {
    coreContext = .init(source: source)
    identity = nil
    sessions = .init()
  }

  /// Largest request body read: an uploaded table (50 MB, `InputLimits`) sent as base64 in JSON.
  public var maxUploadSize: Int { 72 * 1024 * 1024 }
}
