import HTTPTypes
import Hummingbird

/// Headers every response carries: the page runs only its own script and style, is never
/// framed or sniffed, and API answers are never cached.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
    var response: Response
    do {
      response = try await next(request, context)
    } catch let error as APIError {
      response = try error.response(from: request, context: context)
    } catch let error as HTTPError {
      // The router's own errors (no such route, body too large) in the API's JSON shape.
      response = try APIError(
        error.status, code: error.status == .notFound ? "not_found" : "http_\(error.status.code)",
        zh: error.status == .notFound ? "没有这个地址。" : "请求无法处理（HTTP \(error.status.code)）。",
        en: error.status == .notFound ? "There is nothing at this address." : "The request cannot be handled (HTTP \(error.status.code))."
      ).response(from: request, context: context)
    }
    response.headers[.contentSecurityPolicy] =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    response.headers[.xContentTypeOptions] = "nosniff"
    response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
    response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
    if request.uri.path.hasPrefix("/api/") { response.headers[.cacheControl] = "no-store" }
    return response
  }
}
