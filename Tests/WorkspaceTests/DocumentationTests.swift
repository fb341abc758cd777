import Foundation
import Testing
@testable import Workspace

/// What the README promises about the workspace, checked against the code.
@Suite struct DocumentationTests {
  static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("README.md")

  @Test func readmeShowsTheAccessTableAsTheServerEnforcesIt() throws {
    let text = try String(contentsOf: Self.readme, encoding: .utf8)
    #expect(text.contains(AccessTable.markdown()), "README's route × role table differs from `quotaplan-workspace routes`; paste its output")
  }

  @Test func readmeNamesEveryTableOfTheSchema() throws {
    let text = try String(contentsOf: Self.readme, encoding: .utf8)
    #expect(text.contains("Sources/Workspace/Store/Schema.swift"))
    let schema = try String(
      contentsOf: Self.readme.deletingLastPathComponent().appendingPathComponent("Sources/Workspace/Store/Schema.swift"), encoding: .utf8)
    for table in ["user", "session", "audit_log", "dataset", "scenario", "version"] {
      #expect(schema.contains("/// | `\(table)` |"), "Schema.swift's table list lacks \(table)")
    }
  }
}
