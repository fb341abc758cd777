import Hummingbird

/// The page: its HTML shell, script, style and icon, open to anyone (the data behind it is
/// not: every view reads the API, which checks the session and role).
enum PageEndpoints {
  /// `/app.js`: the text table, then the script: the planner's views, the county's, the
  /// reviewer's and the city's.
  static let script = PageText.script + scriptSource

  /// The script without its text table.
  static let scriptSource = PageScript.source + PageRefinementScript.source + PageReviewScript.source + PageTrackingScript.source

  static func file(_ text: String, _ type: String) -> Response {
    Response(
      status: .ok, headers: [.contentType: type, .cacheControl: "no-cache"],
      body: .init(byteBuffer: ByteBuffer(string: text)))
  }

  static let list: [Endpoint] = [
    Endpoint(.get, "/", .anyone, "The workspace page (HTML shell; the script renders every view).") { request, _, _ in
      file(PageHTML.shell(PageLanguage.of(request)), "text/html; charset=utf-8")
    },
    Endpoint(.get, "/app.js", .anyone, "The page's script.") { _, _, _ in
      file(script, "text/javascript; charset=utf-8")
    },
    Endpoint(.get, "/app.css", .anyone, "The page's style sheet.") { _, _, _ in
      file(PageStyle.css, "text/css; charset=utf-8")
    },
    Endpoint(.get, "/favicon.svg", .anyone, "The page's icon.") { _, _, _ in
      file(PageHTML.favicon, "image/svg+xml")
    },
  ]
}
