import Foundation
import Testing

@testable import QuotaPlan

/// tracking.html and tracking.xlsx (TrackingReport), on a small result built by hand: three
/// districts, one behind pace, one missed, one met; four problems in two districts.
@Suite("Tracking report")
struct ProgressReportTests {
  static let asOf = Day(year: 2022, month: 6, day: 30)!
  static let milestone = Day(year: 2022, month: 6, day: 30)!

  static func row(
    _ district: String, category: String = "", quota: Int, inRange: Int, complete: Int, status: TrackingStatus, needed: Int = 0,
    perDay: Double? = nil
  ) -> TrackingRow {
    TrackingRow(
      district: district, category: category, categoryID: category.isEmpty ? "" : "junior_high", quota: quota, entered: inRange,
      inRange: inRange, uploaded: complete, certified: complete, complete: complete, useRate: Double(inRange) / Double(quota),
      completeness: inRange > 0 ? Double(complete) / Double(inRange) : nil, effectiveRate: Double(complete) / Double(quota), target: 0.5,
      milestone: milestone, status: status, neededCount: needed, neededComplete: 0, neededPerDay: perDay)
  }

  static func result(asOf: Day = asOf, scale: Double = 1) -> TrackingResult {
    let a = row("甲区", quota: 100, inRange: Int(60 * scale), complete: Int(50 * scale), status: .met)
    let b = row("乙区", quota: 200, inRange: Int(40 * scale), complete: Int(30 * scale), status: .behind, needed: 60, perDay: 12.5)
    let c = row("丙县", quota: 80, inRange: Int(10 * scale), complete: Int(5 * scale), status: .missed, needed: 30)
    let problems = [
      TrackingProblem(
        code: .borrowed, zh: "编号属于甲区初中号段，不得挤占挪用。", en: "The number belongs to 甲区's range.", file: "r.csv", row: 7,
        memberNumber: "202200000150", unit: "乙区第一中学", district: "乙区", category: "初中", maskedID: "990002********123X"),
      TrackingProblem(code: .lateUpload, zh: "档案上传超过30天。", en: "Uploaded late.", file: "r.csv", row: 9, district: "乙区", maskedID: "990002********0011"),
      TrackingProblem(code: .lateUpload, zh: "档案上传超过30天。", en: "Uploaded late.", file: "r.csv", row: 3, district: "乙区", maskedID: "990002********0029"),
      TrackingProblem(code: .underAge, zh: "入团时未满14周岁。", en: "Under 14 when joining.", file: "r.csv", row: 4, district: "甲区", maskedID: "990001********0038"),
    ]
    let total = row("", quota: 380, inRange: a.inRange + b.inRange + c.inRange, complete: a.complete + b.complete + c.complete, status: .behind)
    return TrackingResult(
      planName: "测试市 2022", year: 2022, asOf: asOf, settings: TrackingSettings(), language: .zh, registerFiles: ["r.csv"],
      records: 110, rows: [a, b, c].map { var row = $0; row.category = "初中"; row.categoryID = "junior_high"; return row },
      districtRows: [a, b, c], total: total, schoolRows: nil, problems: problems)
  }

  static func page(_ result: TrackingResult, history: [TrackingResult] = [], language: Language = .zh) throws -> String {
    let files = try TrackingReport.files(result, history: history, language: language)
    #expect(files.map(\.name) == ["tracking.html", "tracking.xlsx"])
    return String(decoding: files[0].data, as: UTF8.self)
  }

  @Test("the page is self-contained: no script, nothing loaded from the network")
  func selfContained() throws {
    let html = try Self.page(Self.result())
    #expect(!html.contains("<script"))
    #expect(!html.contains(" src=") && !html.contains(" href="))
    #expect(html.contains("<style>") && html.contains("<svg"))
  }

  @Test("districts behind pace come first, worst first, with the pace each needs from now on")
  func behindFirst() throws {
    let html = try Self.page(Self.result())
    let behind = try #require(html.range(of: "<table id=\"behind\">")).upperBound
    let section = String(html[behind...].prefix(while: { $0 != "\0" }).split(separator: "</table>")[0])
    // 丙县 (missed) before 乙区 (behind); 甲区 (met) is not in the table.
    let c = try #require(section.range(of: "丙县")), b = try #require(section.range(of: "乙区"))
    #expect(c.lowerBound < b.lowerBound)
    #expect(!section.contains("甲区"))
    // 乙区 from now on: 100 % of 200 by 12-20 less the 40 used = 160 numbers in 173 days, 0.9 a day
    // (since 1 January: 40 in 181 days, 0.2 a day).
    #expect(section.contains("<td class=\"n\">0.9</td>") && section.contains("<td class=\"n\">0.2</td>"))
    #expect(section.contains("12月20日前达100%"))
    // The table of all districts also starts with those behind.
    let all = String(html[try #require(html.range(of: "<table id=\"districts\">")).upperBound...])
    #expect(try #require(all.range(of: "丙县")).lowerBound < #require(all.range(of: "甲区")).lowerBound)
  }

  @Test("one chart per district, and the city against both milestones")
  func charts() throws {
    let html = try Self.page(Self.result())
    let multiples = String(html[try #require(html.range(of: "<div class=\"multiples\">")).upperBound...].split(separator: "</div>")[0])
    #expect(multiples.components(separatedBy: "<svg").count - 1 == 3)
    let milestones = String(html[try #require(html.range(of: "<table id=\"milestones\">")).upperBound...].split(separator: "</table>")[0])
    #expect(milestones.contains("2022-06-30") && milestones.contains("2022-12-20"))
    // The city's use rate is 110 / 380 = 28.9 %; 50 % of 380 is 190, so 80 numbers are still needed by 06-30.
    #expect(html.contains("28.9%"))
    #expect(milestones.contains("<td class=\"n\">80</td>"))
    // 06-30 is the as-of day: no days are left, so the row says the target is due and not reached.
    #expect(milestones.contains("<td class=\"n\">到期未达到</td>"))
  }

  @Test("problems are grouped by district and code, with masked IDs only")
  func problems() throws {
    let html = try Self.page(Self.result())
    let list = String(html[try #require(html.range(of: "<h2>问题清单")).upperBound...])
    let yi = try #require(list.range(of: "<h3>乙区 (3)</h3>")), jia = try #require(list.range(of: "<h3>甲区 (1)</h3>"))
    #expect(jia.lowerBound < yi.lowerBound)  // the plan's district order
    let yiSection = String(list[yi.upperBound...].split(separator: "</table>")[0])
    // Within 乙区, borrowed before late_upload (the codes' stable order).
    #expect(try #require(yiSection.range(of: "borrowed")).lowerBound < #require(yiSection.range(of: "late_upload")).lowerBound)
    #expect(yiSection.contains("990002********123X"))
    #expect(!html.contains("<th>姓名</th>"))
  }

  @Test("definitions are stated in words, in Chinese by default and in English on request")
  func languages() throws {
    let zh = try Self.page(Self.result())
    #expect(zh.contains("编号使用率 = 已录入且编号在本单位号段内的记录数 ÷ 本单位指标。"))
    #expect(zh.contains("进度落后"))
    let en = try Self.page(Self.result(), language: .en)
    #expect(en.contains("use_rate = records entered with a number of the unit&#39;s own range ÷ the unit&#39;s quota."))
    #expect(en.contains("<td>behind</td>") && !en.contains("进度落后"))
  }

  @Test("snapshots of earlier days draw each district's progress over time")
  func history() throws {
    let may = Self.result(asOf: Day(year: 2022, month: 5, day: 31)!, scale: 0.5)
    let april = Self.result(asOf: Day(year: 2022, month: 4, day: 30)!, scale: 0.25)
    let html = try Self.page(Self.result(), history: [may, april])
    #expect(html.contains("2022-04-30, 2022-05-31, 2022-06-30"))
    // 乙区's use-rate line passes through 1 January, 04-30, 05-31 and 06-30.
    let multiples = String(html[try #require(html.range(of: "<div class=\"multiples\">")).upperBound...].split(separator: "</div>")[0])
    let yi = String(multiples.components(separatedBy: "<svg").first { $0.contains("乙区") } ?? "")
    #expect(yi.contains("编号使用率 2022-04-30 5.0%") && yi.contains("编号使用率 2022-05-31 10.0%") && yi.contains("编号使用率 2022-06-30 20.0%"))
    let single = try Self.page(Self.result())
    #expect(!single.contains("编号使用率 2022-05-31"))
  }

  @Test("tracking.xlsx holds the districts behind first, every problem, and the same bytes on every run")
  func workbook() throws {
    let first = try TrackingReport.files(Self.result(), language: .zh)
    let second = try TrackingReport.files(Self.result(), language: .zh)
    #expect(first.map(\.data) == second.map(\.data))
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("tracking-\(UUID().uuidString).xlsx")
    defer { try? FileManager.default.removeItem(at: url) }
    try first[1].data.write(to: url)
    let districts = try XLSXReader.rows(url, sheet: "县区进度", file: "tracking.xlsx").map(\.1)
    #expect(districts.dropFirst().map { $0.first ?? "" } == ["丙县", "乙区", "甲区"])
    let problems = try XLSXReader.rows(url, sheet: "问题清单", file: "tracking.xlsx").map(\.1)
    #expect(problems.count == 5)
    #expect(problems.dropFirst().map { $0[1] } == ["under_age", "borrowed", "late_upload", "late_upload"])
  }
}
