/// The page's HTML shell: no inline script or style (the CSP allows only `/app.js` and
/// `/app.css`); the script renders every view into `#main`.
enum PageHTML {
  static func shell(_ language: PageLanguage) -> String {
    let zh = language == .zh
    return """
      <!doctype html>
      <html lang="\(zh ? "zh-CN" : "en")">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>\(zh ? "发展团员计划工作台" : "Member quota workspace") · quotaplan</title>
      <link rel="icon" href="/favicon.svg" type="image/svg+xml">
      <link rel="stylesheet" href="/app.css">
      <script src="/app.js" defer></script>
      </head>
      <body>
      <header id="top" class="topbar"><span class="brand">\(zh ? "发展团员计划工作台" : "Member quota workspace")</span></header>
      <main id="main"><noscript>本页需要启用 JavaScript。This page needs JavaScript.</noscript></main>
      <aside id="panel" class="panel" hidden aria-live="polite"></aside>
      </body>
      </html>

      """
  }

  /// A small red square with 团 as the tab's icon.
  static let favicon = """
    <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#b4232a"/><text x="16" y="23" font-size="19" text-anchor="middle" fill="#fff" font-family="sans-serif">团</text></svg>
    """
}
