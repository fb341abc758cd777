import Foundation
import Testing
@testable import QuotaPlan

/// Rates against a hand-computed example, statuses, dates, ID numbers, headers and bad input.
@Suite struct TrackTests {
  typealias Row = TrackFixture.Row

  /// 甲区 初中 (quota 10) with five records, as of 2022-06-30:
  ///   一中 001 uploaded, 已认证 · 一中 002 uploaded, 已认证 · 一中 003 uploaded 06-25, 尚未认证
  ///   二中 007 joined 06-20, not uploaded, 尚未认证 · 二中 019 (乙区's number: borrowed) uploaded, 已认证
  /// entered 5; numbers of its own range 001, 002, 003, 007 → use_rate 4 ÷ 10 = 0.4;
  /// uploaded 4, certified 3 (001, 002, 019), uploaded and certified 3 → completeness 3 ÷ 5 = 0.6;
  /// effective_rate 3 ÷ 10 = 0.3. 乙区 初中 (quota 6): 三中 015, 016 certified → use 2 ÷ 6.
  /// Total: quota 20, entered 7, in range 6 → 0.3; complete 5 ÷ 7; certified 5 ÷ 20 = 0.25.
  static func rateRows() -> [Row] {
    func row(_ unit: String, _ district: String, _ number: Int, _ sequence: Int) -> Row {
      var row = Row()
      row.unit = unit
      row.district = district
      row.number = TrackFixture.number(number)
      row.id = TrackFixture.id(birth: "20070101", sequence: sequence)
      return row
    }
    var rows = [row("一中", "甲区", 1, 1), row("一中", "甲区", 2, 2), row("一中", "甲区", 3, 3), row("二中", "甲区", 7, 4), row("二中", "甲区", 19, 5)]
    rows[2].joined = "2022-06-20"
    rows[2].entered = "2022-06-21"
    rows[2].uploaded = "2022-06-25"
    rows[2].status = "尚未认证"
    rows[3].joined = "2022-06-20"
    rows[3].entered = "2022-06-21"
    rows[3].uploaded = ""
    rows[3].status = "尚未认证"
    rows += [row("三中", "乙区", 15, 6), row("三中", "乙区", 16, 7)]
    return rows
  }

  @Test func ratesByHand() throws {
    let result = try TrackFixture.track(Self.rateRows())
    let jia = try #require(result.rows.first { $0.district == "甲区" && $0.categoryID == "junior_high" })
    #expect(jia.quota == 10)
    #expect(jia.entered == 5)
    #expect(jia.uploaded == 4)
    #expect(jia.certified == 3)
    #expect(jia.useRate == 4.0 / 10)
    #expect(jia.completeness == 3.0 / 5)
    #expect(jia.effectiveRate == 3.0 / 10)
    let yi = try #require(result.rows.first { $0.district == "乙区" && $0.categoryID == "junior_high" })
    #expect(yi.useRate == 2.0 / 6)
    #expect(result.total.quota == 20)
    #expect(result.total.entered == 7)
    #expect(result.total.useRate == 6.0 / 20)
    #expect(result.total.completeness == 5.0 / 7)
    #expect(result.total.effectiveRate == 5.0 / 20)
    // The milestone in force on 06-30 is 06-30 (50 %); 甲区 初中's use rate 40 % misses it on the day.
    #expect(jia.target == 0.5)
    #expect(jia.status == .missed)
    // 50 % of 10 is 5 numbers; 4 are used.
    #expect(jia.neededCount == 1)
    // Districts: 甲区 quota 14 (10 + 4), 5 entered.
    let jiaDistrict = try #require(result.districtRows.first { $0.district == "甲区" })
    #expect(jiaDistrict.quota == 14)
    #expect(jiaDistrict.entered == 5)
  }

  /// Pace: as of 2022-04-30, 120 days of 2022 have passed (31 + 28 + 31 + 30); the 06-30 milestone
  /// is day 181. A use rate of 40 % runs at 0.4 × 181 ÷ 120 ≈ 60 % by 06-30: on track; 33 % at
  /// 0.333 × 181 ÷ 120 ≈ 50.3 %: on track; 25 % at ≈ 37.7 %: behind.
  @Test func statusFromPace() {
    guard let asOf = Day(iso: "2022-04-30"), let milestone = Day(iso: "2022-06-30") else { Issue.record("dates"); return }
    let pace = Pace(asOf: asOf, milestone: milestone, target: 0.5, rates: [.useRate, .completeness])
    #expect(pace.status(0.4) == .onTrack)
    #expect(pace.status(1.0 / 3) == .onTrack)
    #expect(pace.status(0.25) == .behind)
    #expect(pace.status(0.5) == .met)
    // 61 days are left after 04-30; 5 numbers of 10 still needed.
    let row = pace.row(district: "甲区", category: "初中", categoryID: "junior_high", quota: 10, counts: TrackingCounts(entered: 2, inRange: 0))
    #expect(row.neededCount == 5)
    #expect(row.neededPerDay == 5.0 / 61)
    #expect(row.status == .behind)
    // After the milestone's day without reaching it: missed.
    guard let late = Day(iso: "2022-07-01") else { return }
    let settings = TrackingSettings()
    #expect(settings.milestone(year: 2022, asOf: late)?.target == 1.0)
    #expect(settings.milestone(year: 2022, asOf: milestone)?.target == 0.5)
    #expect(Pace(asOf: milestone, milestone: milestone, target: 0.5, rates: [.useRate]).status(0.49) == .missed)
  }

  @Test func settingsChangeTheFindings() throws {
    var rows = TrackFixture.cleanRows()
    rows[0].uploaded = "2022-03-20"  // 19 days after joining
    var settings = TrackingSettings()
    settings.uploadDays = 15
    #expect(try TrackFixture.track(rows, settings: settings).problems.map(\.code) == [.lateUpload])
    settings.uploadDays = 30
    settings.minimumAge = 16  // every fixture member is 15
    #expect(try TrackFixture.track(rows, settings: settings).problems.count == 10)
  }

  @Test(arguments: [
    ("2022-05-03", "2022-05-03"), ("2022/5/3", "2022-05-03"), ("2022年5月3日", "2022-05-03"), ("2022.5.3", "2022-05-03"),
    ("44684", "2022-05-03"), ("44684.5", "2022-05-03"), ("2022-05-03 10:21:09", "2022-05-03"), ("20220503", "2022-05-03"),
    ("２０２２年５月３日", "2022-05-03"), ("61", "1900-03-01"), ("2024/2/29", "2024-02-29"),
  ])
  func dateForms(_ text: String, _ expected: String) {
    #expect(Day(register: text)?.description == expected)
  }

  @Test(arguments: ["2022-02-30", "2023/2/29", "5月3日", "yesterday", "2022-13-01", "60", "", "2022-05-03 abc"])
  func notDates(_ text: String) {
    #expect(Day(register: text) == nil)
  }

  @Test func idNumbers() {
    let asOf = Day(iso: "2022-06-30") ?? Day(ordinal: 0)
    // GB 11643's own example: 11010519491231002X.
    #expect(IDNumber("11010519491231002X").problem(asOf: asOf) == nil)
    #expect(IDNumber("11010519491231002x").problem(asOf: asOf) == nil)
    #expect(IDNumber("110105194912310021").problem(asOf: asOf) == .checksum)
    #expect(IDNumber("11010519491231002").problem(asOf: asOf) == .length(17))
    #expect(IDNumber("").problem(asOf: asOf) == .empty)
    #expect(IDNumber("1101051949123100AX").problem(asOf: asOf) == .characters)
    let february30 = TrackFixture.id(birth: "20070230", sequence: 1)
    #expect(IDNumber(february30).problem(asOf: asOf) == .birthDate)
    let future = TrackFixture.id(birth: "20230101", sequence: 1)
    #expect(IDNumber(future).problem(asOf: asOf) == .birthDate)
    #expect(IDNumber("11010519491231002X").masked == "110105********002X")
    #expect(IDNumber("12345").masked == "*****")
    #expect(IDNumber("11010519491231002X").birthDate?.description == "1949-12-31")
  }

  @Test func keyedHashFindsOnePersonNotTheNumber() {
    let key = IDNumber.HashKey.random()
    let other = IDNumber.HashKey.random()
    let a = IDNumber("11010519491231002X"), b = IDNumber("11010519491231002x")
    #expect(a.keyedHash(key) == b.keyedHash(key))
    #expect(a.keyedHash(key) != IDNumber("110105194912310038").keyedHash(key))
    #expect(a.keyedHash(key) != a.keyedHash(other))
  }

  @Test func englishHeadersReadTheSame() throws {
    let plan = try TrackFixture.planFolder()
    let chinese = try TrackFixture.register(TrackFixture.cleanRows())
    let english = try TrackFixture.register(TrackFixture.cleanRows(), header: TrackFixture.englishHeader)
    let day = try #require(Day(iso: "2022-06-30"))
    let a = try Tracking.track(plan: plan.path, registers: [(chinese, "a.csv")], asOf: day)
    let b = try Tracking.track(plan: plan.path, registers: [(english, "a.csv")], asOf: day)
    #expect(a.rows == b.rows)
    #expect(a.total.entered == 10)
  }

  @Test func severalRegistersAddUp() throws {
    let plan = try TrackFixture.planFolder()
    let rows = TrackFixture.cleanRows()
    let first = try TrackFixture.register(Array(rows.prefix(4)), name: "a.csv")
    let second = try TrackFixture.register(Array(rows.dropFirst(4)), name: "b.csv")
    let day = try #require(Day(iso: "2022-06-30"))
    let result = try Tracking.track(plan: plan.path, registers: [(first, "a.csv"), (second, "b.csv")], asOf: day)
    #expect(result.total.entered == 10)
    #expect(result.problems.isEmpty)
  }

  @Test func badRowsAreAllReportedWithFileRowAndColumn() throws {
    var rows = TrackFixture.cleanRows()
    rows[1].joined = "2022-02-30"
    rows[3].status = "已审核"
    rows[5].district = ""
    rows[6].entered = "昨天"
    let plan = try TrackFixture.planFolder()
    let register = try TrackFixture.register(rows, name: "名册.csv")
    let day = try #require(Day(iso: "2022-06-30"))
    do {
      _ = try Tracking.track(plan: plan.path, registers: [(register, "名册.csv")], asOf: day)
      Issue.record("bad rows were accepted")
    } catch let error as InputError {
      let all = error.all
      #expect(all.map(\.file) == Array(repeating: "名册.csv", count: 4))
      #expect(all.map(\.row) == [3, 5, 7, 8])
      #expect(all.map(\.column) == ["入团时间", "认证状态", "区县", "录入时间"])
      #expect(all[0].message.contains("2022-02-30"))
    }
  }

  @Test func missingColumnIsNamed() throws {
    let plan = try TrackFixture.planFolder()
    var header = TrackFixture.chineseHeader
    header[2] = "备注"
    let register = try TrackFixture.register(TrackFixture.cleanRows(), header: header)
    let day = try #require(Day(iso: "2022-06-30"))
    #expect(throws: InputError.self) { try Tracking.track(plan: plan.path, registers: [(register, "r.csv")], asOf: day) }
    do {
      _ = try Tracking.track(plan: plan.path, registers: [(register, "r.csv")], asOf: day)
    } catch let error as InputError {
      #expect(error.description.contains("member_number (发展团员编号)"))
    }
  }

  @Test func ungradeableGradeIsAnInputError() throws {
    var rows = TrackFixture.cleanRows()
    rows[0].grade = "高一"  // a senior-high grade at a junior high
    #expect(throws: InputError.self) { try TrackFixture.track(rows) }
  }

  @Test func recordsEnteredAfterTheDayAreNotCounted() throws {
    var rows = TrackFixture.cleanRows()
    rows[0].entered = "2022-07-05"
    let result = try TrackFixture.track(rows)
    #expect(result.total.entered == 9)
  }

  @Test func schoolRowsWithSubRanges() throws {
    let result = try TrackFixture.track(TrackFixture.cleanRows(), subRanges: true)
    let schools = try #require(result.schoolRows)
    #expect(schools.map { $0.unit ?? "" } == ["一中", "二中", "东社区", "三中"])
    // 一中: 3 numbers of 001–006 for a quota of 6.
    #expect(schools[0].useRate == 3.0 / 6)
    #expect(try TrackFixture.track(TrackFixture.cleanRows()).schoolRows == nil)
  }

  @Test func csvHeadersByLanguage() throws {
    let result = try TrackFixture.track(TrackFixture.cleanRows(), subRanges: true)
    func header(_ name: String, _ language: Language, names: Bool = false) throws -> String {
      let files = try TrackingOutput.files(result, language: language, names: names)
      let data = try #require(files.first { $0.name == name }?.data)
      return String(decoding: data.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")[0]
    }
    #expect(try header("tracking.csv", .en) == "district,category,quota,entered,uploaded,certified,use_rate,completeness,effective_rate,target,status")
    #expect(try header("tracking_schools.csv", .en) == "district,category,unit,quota,entered,uploaded,certified,use_rate,completeness,effective_rate,target,status")
    #expect(try header("problems.csv", .en) == "code,sentence,row,member_number,unit,district,category,masked_id")
    #expect(try header("problems.csv", .en, names: true).hasSuffix(",masked_id,name"))
    #expect(try header("tracking.csv", .zh).hasPrefix("区县,类别,指标数"))
  }

  @Test func namesOnlyWhenAsked() throws {
    var rows = TrackFixture.cleanRows()
    rows[0].status = "认证不通过"
    let without = try TrackFixture.track(rows)
    #expect(without.problems.first?.name == "")
    let with = try TrackFixture.track(rows, names: true)
    #expect(with.problems.first?.name == "成员1")
  }
}

/// A register saved as an Excel workbook: dates as Excel serials (numbers), numbers as numbers.
@Suite struct TrackWorkbookTests {
  @Test func workbookRegisterWithDateSerials() throws {
    let plan = try TrackFixture.planFolder()
    // 2022-03-01 is serial 44621, 2022-03-02 is 44622, 2022-03-10 is 44630.
    var rows: [[XLSXWriter.Cell]] = [TrackFixture.chineseHeader.map { .text($0) }]
    for row in TrackFixture.cleanRows() {
      rows.append([
        .text(row.name), .text(row.id), .number(Int(row.number) ?? 0), .number(44621), .text(row.district), .text(row.unit),
        .text(row.grade), .text(row.branch), .number(44622), .number(44630), .text(row.status),
      ])
    }
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("track-xlsx-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let url = folder.appendingPathComponent("名册.xlsx")
    try XLSXWriter.workbook([("名册", rows)]).write(to: url)
    let day = try #require(Day(iso: "2022-06-30"))
    let fromWorkbook = try Tracking.track(plan: plan.path, registers: [(url, "名册.xlsx")], asOf: day)
    let fromCSV = try TrackFixture.track(TrackFixture.cleanRows())
    #expect(fromWorkbook.problems.isEmpty, "\(fromWorkbook.problems.map(\.en))")
    #expect(fromWorkbook.rows == fromCSV.rows)
    #expect(fromWorkbook.total.entered == 10)
  }
}
