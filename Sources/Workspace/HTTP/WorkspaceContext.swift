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
  /// The client's IP address as the connection gives it (never a header a client can write):
  /// what sign-in's rate limit per address counts. "local" when the connection has none (the
  /// tests' in-process router).
  public let clientAddress: String

  public init(source: Source) {
    coreContext = .init(source: source)
    identity = nil
    sessions = .init()
    clientAddress = source.channel.remoteAddress?.ipAddress ?? "local"
  }

  /// Largest request body read: an uploaded table (50 MB, `InputLimits`) sent as base64 in JSON.
  public var maxUploadSize: Int { 72 * 1024 * 1024 }
}
