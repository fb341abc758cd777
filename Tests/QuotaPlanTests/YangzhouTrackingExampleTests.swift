import Foundation
import Testing

@testable import QuotaPlan

/// The shipped tracking example (examples/tracking/) still gives the findings the README's
/// "Tracking the year" section states, and is still what the generator writes.
@Suite("Yangzhou tracking example")
struct YangzhouTrackingExampleTests {
  static var root: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  }
  static var example: URL { root.appendingPathComponent("examples/tracking") }

  /// The README's example section, between its markers.
  static func readmeSection() throws -> String {
    let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
    let start = try #require(readme.range(of: "<!-- tracking-example: begin -->"))
    let end = try #require(readme.range(of: "<!-- tracking-example: end -->"))
    return String(readme[start.upperBound..<end.lowerBound])
  }

  static func percent(_ rate: Double?) -> String { rate.map { decimal($0 * 100, 1) + " %" } ?? "—" }

  @Test("track on the shipped register gives the README's city figures, districts behind and problem counts")
  func readmeFindings() throws {
    let plan = try RegisterGeneratorTests.yangzhouPlan()
    defer { try? FileManager.default.removeItem(at: plan) }
    let asOf = try #require(Day(iso: "2022-06-30"))
    let register = Self.example.appendingPathComponent("register-2022-06-30.csv")
    let result = try Tracking.track(plan: plan.path, registers: [(register, register.lastPathComponent)], asOf: asOf)
    let section = try Self.readmeSection()
    // The problem counts: the README's table, the sidecar and the run agree code by code.
    var table: [String: Int] = [:]
    for line in section.split(separator: "\n") where line.hasPrefix("| `") {
      let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
      table[cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))] = Int(cells[1])
    }
    let found = Dictionary(uniqueKeysWithValues: result.problemCounts.map { ($0.code.rawValue, $0.count) })
    #expect(table.count == 13)
    #expect(table == found)
    let sidecar = try String(contentsOf: Self.example.appendingPathComponent("register-2022-06-30.csv.expected.csv"), encoding: .utf8)
    for (code, count) in table { #expect(sidecar.contains("\(code),\(count)\r\n"), "\(code)") }
    #expect(section.contains("- \(result.problems.count) problems:"))
    // The city.
    let total = result.total
    #expect(
      section.contains(
        "use_rate \(Self.percent(total.useRate)), completeness \(Self.percent(total.completeness)), effective_rate \(Self.percent(total.effectiveRate))"
      ))
    #expect(section.contains("target of 50 % is\n  \(total.status.rawValue)"))
    // The earlier snapshots' use rates.
    let snapshots = try TrackingHistory.snapshots([Self.example.appendingPathComponent("history").path])
    let earlier = try TrackingHistory.results(plan: plan.path, snapshots: snapshots, asOf: asOf)
    #expect(earlier.count == 2)
    let history = earlier.map { result in
      let (_, month, day) = result.asOf.components
      return String(format: "%02d-%02d: ", month, day) + Self.percent(result.total.useRate)
    }.joined(separator: ", ")
    #expect(section.contains("(\(history))"), "\(history)")
    // The districts behind, in order, with the numbers and pace each needs by 12-20.
    let behind = result.districtsBehind
    #expect(!behind.isEmpty)
    var position = section.startIndex
    for row in behind {
      let pace = try #require(TrackingReport.paceAhead(row, result))
      let text = "\(row.district) \(Self.percent(row.useRate)) (\(pace.needed), \(decimal(pace.perDay, 1))"
      let found = try #require(section.range(of: text, range: position..<section.endIndex), "\(text)")
      position = found.upperBound
    }
  }

  @Test("the shipped register is what quotaplan generate --register writes for the Yangzhou plan (seed 2022)")
  func regenerates() throws {
    let plan = try RegisterGeneratorTests.yangzhouPlan()
    defer { try? FileManager.default.removeItem(at: plan) }
    for (path, day) in [
      ("register-2022-06-30.csv", "2022-06-30"), ("history/register-2022-04-30.csv", "2022-04-30"),
      ("history/register-2022-05-31.csv", "2022-05-31"),
    ] {
      let output = try RegisterGenerator.generate(planFolder: plan.path, asOf: day, seed: 2022)
      #expect(output.csv == (try Data(contentsOf: Self.example.appendingPathComponent(path))), "\(path)")
    }
  }
}
