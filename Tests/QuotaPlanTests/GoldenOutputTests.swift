import Crypto
import Foundation
import Testing

@testable import QuotaPlan

/// The plan folder's bytes, pinned: a SHA-256 per file for Yangzhou in both languages and a
/// generated city, recorded in `Fixtures/golden-digests.txt`. Speed work (issue #16) rewrote the
/// assembly, the reasons, the sensitivity, the readers and the report's rendering; each must keep
/// every byte a planner receives. A deliberate change of an output is recorded anew with
/// `QUOTAPLAN_RECORD_GOLDEN=1 swift test --filter GoldenOutputTests`, and the diff of the
/// digests file shows, in review, which files it changed.
///
/// The workbooks are left out (a ZIP's bytes change with its writer's layout; what they hold is
/// the csv files' content, and `XLSXCellReferenceTests` reads them back cell for cell).
@Suite("Plan folder bytes against the recorded digests")
struct GoldenOutputTests {
  static let digestsFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/golden-digests.txt")

  /// The scenarios whose folders are pinned, by name.
  static func scenarios() throws -> [(String, Scenario)] {
    let yangzhou = try ScenarioLoader.load(Fixture.yangzhouPath)
    var english = yangzhou
    english.policy.language = .en
    return [("yangzhou-zh", yangzhou), ("yangzhou-en", english), ("city-3", try PlanJSONWriterTests.generated(.city, seed: 3))]
  }

  /// "scenario file digest" lines for every pinned file, sorted.
  static func digests() throws -> [String] {
    var lines: [String] = []
    for (name, scenario) in try scenarios() {
      for file in try PlanWriter.files(try Planner.plan(scenario)) where !file.name.hasSuffix(".xlsx") {
        let digest = SHA256.hash(data: file.data).map { String(format: "%02x", $0) }.joined()
        lines.append("\(name) \(file.name) \(digest)")
      }
    }
    return lines.sorted()
  }

  @Test("every file of the pinned plan folders has its recorded bytes")
  func sameBytes() throws {
    let now = try Self.digests()
    if ProcessInfo.processInfo.environment["QUOTAPLAN_RECORD_GOLDEN"] == "1" {
      try (now.joined(separator: "\n") + "\n").write(to: Self.digestsFile, atomically: true, encoding: .utf8)
    }
    let recorded = try String(contentsOf: Self.digestsFile, encoding: .utf8).split(separator: "\n").map(String.init)
    #expect(now.count == recorded.count && now.count >= 24)
    for (line, expected) in zip(now, recorded) where line != expected {
      Issue.record("\(line.split(separator: " ").prefix(2).joined(separator: " ")) changed (recorded: \(expected))")
    }
  }
}
