import Foundation
import Hummingbird
import HummingbirdAuth
import Logging

/// Builds the workspace's web application: the routes of `Endpoints.all` behind sessions and
/// the access checks, on `host:port` (127.0.0.1 unless told otherwise).
public enum WorkspaceApp {
  /// The session cookie's name.
  public static let cookieName = "qp_session"
  /// What the session store's key is made of: this prefix and the cookie's token.
  static let sessionKeyPrefix = "hbs."

  public static func router(_ services: WorkspaceServices) -> Router<WorkspaceContext> {
    let router = Router(context: WorkspaceContext.self)
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(
      middleware: SessionMiddleware(
        storage: services.sessions,
        configuration: .init(
          sessionCookieParameters: .init(name: cookieName, path: "/", secure: false, sameSite: .strict), keyPrefix: sessionKeyPrefix,
          defaultSessionExpiration: services.security.sessionLength)))
    router.add(
      middleware: SessionAuthenticator(
        users: UserSessionClosureRepository { (session: WorkspaceSession, _) in
          try await services.accounts.activeUser(id: session.userID)
        }, context: WorkspaceContext.self))
    router.add(middleware: RequestLogMiddleware(logger: services.logger))
    router.add(middleware: UploadDeadlineMiddleware(seconds: services.security.uploadSeconds))
    for endpoint in Endpoints.all {
      router.on(RouterPath(endpoint.path), method: endpoint.method) { request, context in
        try await endpoint.respond(request, context, services)
      }
    }
    return router
  }

  public static func application(
    _ services: WorkspaceServices, host: String, port: Int, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
  ) -> some ApplicationProtocol {
    Application(
      router: router(services),
      server: .http1(configuration: .init(idleTimeout: .milliseconds(Int64((services.security.idleSeconds * 1000).rounded())))),
      configuration: .init(address: .hostname(host, port: port), serverName: nil),
      onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
      logger: services.logger)
  }
}
