import Hummingbird
import Logging

/// One debug line per request: method, path (never the query, a header, a cookie or the body),
/// status, the account and how long it took. Shown with `serve --log-level debug`; nothing it
/// writes is a secret (`IntruderTests.nothingSecretInTheLog`).
struct RequestLogMiddleware: RouterMiddleware {
  typealias Context = WorkspaceContext
  let logger: Logger

  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
    let start = ContinuousClock.now
    do {
      let response = try await next(request, context)
      log(request, context, response.status.code, since: start)
      return response
    } catch let error as APIError {
      log(request, context, error.status.code, since: start)
      throw error
    } catch let error as HTTPError {
      log(request, context, error.status.code, since: start)
      throw error
    }
  }

  func log(_ request: Request, _ context: Context, _ status: Int, since start: ContinuousClock.Instant) {
    let elapsed = ContinuousClock.now - start
    let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
    logger.debug("\(request.method) \(request.uri.path) \(status) \(context.identity?.name ?? "-") \(Int(milliseconds.rounded())) ms")
  }
}
