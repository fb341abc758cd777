import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Workspace

/// The page's files: served to anyone, within the CSP (no inline script, style or handlers),
/// never building HTML from data, and every word it shows in Chinese and English.
@Suite struct PageTests {
  @Test func theShellIsServedToAnyoneAndHasNoInlineScriptOrStyle() async throws {
    let workspace = try TestWorkspace()
    try await workspace.test(as: nil) { client in
      let page = try await client.request(.get, "/")
      #expect(page.status == .ok)
      #expect(page.headers[.contentType] == "text/html; charset=utf-8")
      #expect(page.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
      let html = page.text
      #expect(html.contains("<html lang=\"zh-CN\">"))
      #expect(html.contains("<script src=\"/app.js\" defer></script>"))
      // The only script is /app.js; no inline style or event handler attribute.
      #expect(html.components(separatedBy: "<script").count == 2)
      #expect(!html.contains("style="))
      #expect(!html.contains("<style"))
      #expect(html.range(of: #"\son[a-z]+="#, options: .regularExpression) == nil)

      let english = try await client.request(.get, "/", headers: [.acceptLanguage: "en-GB,en;q=0.9"])
      #expect(english.text.contains("<html lang=\"en\">"))

      for (path, type) in [("/app.js", "text/javascript"), ("/app.css", "text/css"), ("/favicon.svg", "image/svg+xml")] {
        let file = try await client.request(.get, path)
        #expect(file.status == .ok, "\(path)")
        #expect(file.headers[.contentType]?.hasPrefix(type) == true, "\(path): \(file.headers[.contentType] ?? "")")
        #expect(!file.data.isEmpty)
      }
    }
  }

  @Test func theScriptNeverBuildsHTMLFromTextOrEvaluatesIt() {
    let script = PageEndpoints.script
    for forbidden in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "setAttribute('style'"] {
      #expect(!script.contains(forbidden), "the script uses \(forbidden)")
    }
    // Styles come from /app.css only: no inline style property assignments either.
    #expect(script.range(of: #"\.style\.[a-zA-Z]+\s*="#, options: .regularExpression) == nil)
  }

  @Test func everyTextTheScriptAsksForExistsInBothLanguages() throws {
    let keys = PageText.entries.map(\.0)
    #expect(Set(keys).count == keys.count, "a text key is listed twice")
    for (key, zh, en) in PageText.entries {
      #expect(!zh.isEmpty && !en.isEmpty, "\(key)")
      // Chinese first: every Chinese text has a Chinese character (the language switch names English).
      if key != "app.lang" {
        #expect(zh.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) || $0.value == 0xFF08 }, "\(key): \(zh)")
      }
    }
    let used = try NSRegularExpression(pattern: #"\bt\('([A-Za-z0-9_.]+)'[,)]"#)
    let source = PageEndpoints.scriptSource
    let matches = used.matches(in: source, range: NSRange(source.startIndex..., in: source))
    #expect(matches.count > 100)
    for match in matches {
      let key = String(source[Range(match.range(at: 1), in: source)!])
      #expect(keys.contains(key), "the script asks for text \(key), which PageText lacks")
    }
  }

  /// Every call the script makes (`'METHOD', '/api/…' + id + '/…'`) names a route of the
  /// access table with that method: a renamed or missing route fails here, not in a browser.
  @Test func everyRouteTheScriptCallsExists() throws {
    let source = PageEndpoints.scriptSource
    let call = try NSRegularExpression(pattern: #"'(GET|POST|PUT|PATCH|DELETE)', '(/api/[^']*)'((?:\s*\+\s*(?:'[^']*'|[A-Za-z0-9_.]+))*)"#)
    let routes = Endpoints.all.map { ($0.method.rawValue, $0.path.split(separator: "/", omittingEmptySubsequences: false)) }
    var calls = Set<String>()
    for match in call.matches(in: source, range: NSRange(source.startIndex..., in: source)) {
      let text = { (i: Int) in Range(match.range(at: i), in: source).map { String(source[$0]) } ?? "" }
      var path = text(2)
      let tail = try NSRegularExpression(pattern: #"'([^']*)'|[A-Za-z0-9_.]+"#)
      let rest = text(3)
      for piece in tail.matches(in: rest, range: NSRange(rest.startIndex..., in: rest)) {
        if let literal = Range(piece.range(at: 1), in: rest) { path += rest[literal] } else { path += "{}" }
      }
      if let query = path.firstIndex(of: "?") { path = String(path[..<query]) }
      calls.insert(text(1) + " " + path)
      let segments = path.split(separator: "/", omittingEmptySubsequences: false)
      let found = routes.contains { method, route in
        method == text(1) && route.count == segments.count
          && zip(route, segments).allSatisfy { $0 == $1 || ($0.hasPrefix("{") && $1 == "{}") || $1 == "{}" }
      }
      #expect(found, "the page calls \(text(1)) \(path), which no route answers")
    }
    // The workflow's calls are among them (the pattern did not silently stop matching).
    for expected in ["POST /api/refinements/{}/submit", "PUT /api/refinements/{}/pins", "POST /api/versions/{}/combine", "POST /api/users/{}/{}"] {
      #expect(calls.contains(expected), "\(expected) not found among \(calls.sorted())")
    }
  }

  @Test func everySettingOfTheSeededPolicyHasALabel() async throws {
    let workspace = try TestWorkspace(seed: true)
    try await workspace.test(as: .city) { client in
      let scenarios = try await client.request(.get, "/api/scenarios").jsonArray()
      let latest = try #require(scenarios.first?["latest"] as? [String: Any])
      let id = try #require(latest["id"] as? Int)
      let version = try await client.request(.get, "/api/versions/\(id)").json()
      let policy = try #require(version["policy"] as? [String: Any])
      var keys = Set<String>()
      func walk(_ value: Any, under key: String?) {
        if let object = value as? [String: Any] {
          for (k, v) in object {
            // districtTotals is keyed by district names, which are data.
            if key != "districtTotals" { keys.insert(k) }
            walk(v, under: k)
          }
        } else if let list = value as? [Any] {
          for item in list { walk(item, under: key) }
        }
      }
      walk(policy, under: nil)
      #expect(keys.contains("caps") && keys.contains("ratio") && keys.contains("goalOrder"))
      let labels = Set(PageText.entries.map(\.0))
      for key in keys.sorted() {
        #expect(labels.contains("k.\(key)"), "the settings form would show the raw key \(key)")
      }
    }
  }
}
