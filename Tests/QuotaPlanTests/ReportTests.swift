import Foundation
import QuotaPlan
import Testing

/// The review report is one self-contained page and a Markdown twin with the same tables.
@Suite("Review report")
struct ReportTests {
  static let files: Result<[String: String], Error> = Result {
    let plan = try Planner.plan(ScenarioLoader.load(Fixture.yangzhouPath))
    return Dictionary(uniqueKeysWithValues: try PlanWriter.files(plan).map { ($0.name, String(decoding: $0.data, as: UTF8.self)) })
  }

  @Test("report.html works offline: no scripts, no external resources")
  func selfContained() throws {
    let html = try #require(try Self.files.get()["report.html"])
    #expect(!html.contains("<script"))
    let external = html.components(separatedBy: "http").dropFirst().filter { !$0.hasPrefix("://www.w3.org/2000/svg") }
    #expect(external.isEmpty)
    #expect(html.contains("<style>"))
  }

  @Test("report.html has the summary, Attachment 1, a ratio chart per school category and the district chart")
  func content() throws {
    let html = try #require(try Self.files.get()["report.html"])
    #expect(html.contains("附件1"))
    #expect(html.contains("202200000001"))
    #expect(html.components(separatedBy: "<svg").count - 1 == 6)  // 5 school categories + districts
    #expect(html.contains("R9（严格控制）"))
    #expect(html.contains("Noto Sans CJK SC"))
  }

  @Test("report.md carries the same Attachment 1 rows, those with quota")
  func markdown() throws {
    let files = try Self.files.get()
    let markdown = try #require(files["report.md"])
    let allocation = try #require(files["allocation.csv"])
    let rows = allocation.split(separator: "\r\n").dropFirst().filter { !$0.hasPrefix("合计") }
    var zeros = 0
    for row in rows {
      let f = row.split(separator: ",", omittingEmptySubsequences: false)
      let line = "| \(f[0]) | \(f[1]) | \(f[2]) | \(f[3]) | \(f[4]) |"
      if f[2] == "0" {
        zeros += 1
        #expect(!markdown.contains(line), "a pair with no quota is listed: \(line)")
      } else {
        #expect(markdown.contains(line), "missing: \(line)")
      }
    }
    // Yangzhou has districts without 高职 or 五年制高职, so the rule above was exercised.
    #expect(zeros > 0)
  }
}
