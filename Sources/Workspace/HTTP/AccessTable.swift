/// The route × role table as Markdown, from `Endpoints.all`: what `quotaplan-workspace routes`
/// prints and the README shows.
public enum AccessTable {
  public static func markdown() -> String {
    var lines = ["| route | " + Role.allCases.map(\.rawValue).joined(separator: " | ") + " | what it does |"]
    lines.append("|---|" + Role.allCases.map { _ in "---" }.joined(separator: "|") + "|---|")
    for endpoint in Endpoints.all {
      let cells = Role.allCases.map { role -> String in
        if case .anyone = endpoint.access { return "anyone" }
        return endpoint.access.allows(role) ? "yes" : "–"
      }
      lines.append("| `\(endpoint.method.rawValue) \(endpoint.path)` | " + cells.joined(separator: " | ") + " | \(endpoint.summary) |")
    }
    return lines.joined(separator: "\n")
  }
}
