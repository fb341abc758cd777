import Foundation
@testable import QuotaPlan

/// A small plan folder written by hand, so the quotas and number ranges of the tracking tests
/// are known without solving:
///
/// | district | category | quota | numbers |
/// |---|---|---|---|
/// | 甲区 | 初中 | 10 | 202200000001–202200000010 |
/// | 甲区 | 社会领域 | 4 | 202200000011–202200000014 |
/// | 乙区 | 初中 | 6 | 202200000015–202200000020 |
/// | 乙区 | 社会领域 | 0 | — |
///
/// Schools: 甲区 一中 6, 甲区 二中 4, 乙区 三中 6 (初中); social unit 甲区 东社区 4.
/// With `subRanges`, allocation.csv lists the schools' sub-ranges as `refine` writes them:
/// 一中 001–006, 二中 007–010, 东社区 011–014, 三中 015–020.
enum TrackFixture {
  static let year = 2022
  static func number(_ n: Int) -> String { String(202_200_000_000 + n) }

  static func planFolder(subRanges: Bool = false, language: Language = .en) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("track-plan-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    var policy = Fixture.policy([("junior_high", 16), ("social", 4)])
    policy.firstNumber = 202_200_000_001
    policy.year = year
    policy.language = language
    let grade = [(2, 2, 80, 4), (3, 2, 80, 4)]
    let schools = [
      Fixture.school("一中", district: "甲区", grade), Fixture.school("二中", district: "甲区", grade),
      Fixture.school("三中", district: "乙区", grade),
    ]
    let social = [SocialUnit(district: "甲区", name: "东社区", kind: .community, members: 10, residentYouth: 100, registeredYouth: 120, organisations: 2, sourceRow: 2)]
    let scenario = Scenario(policy: policy, schools: schools, socialUnits: social)
    try PlanWriter.scenarioData(scenario).write(to: folder.appendingPathComponent("scenario.json"))
    let plan = """
      {"allocation": [
        {"district": "甲区", "category": "初中", "quota": 10, "first_number": 202200000001, "last_number": 202200000010},
        {"district": "甲区", "category": "社会领域", "quota": 4, "first_number": 202200000011, "last_number": 202200000014},
        {"district": "乙区", "category": "初中", "quota": 6, "first_number": 202200000015, "last_number": 202200000020},
        {"district": "乙区", "category": "社会领域", "quota": 0, "first_number": 0, "last_number": 0}],
       "schools": [
        {"district": "甲区", "name": "一中", "category": "junior_high", "quota": 6},
        {"district": "甲区", "name": "二中", "category": "junior_high", "quota": 4},
        {"district": "乙区", "name": "三中", "category": "junior_high", "quota": 6}],
       "social": [{"district": "甲区", "name": "东社区", "quota": 4}]}
      """
    try Data(plan.utf8).write(to: folder.appendingPathComponent("plan.json"))
    var allocation = CSVDocument(header: ["district", "category", "school", "quota", "first_number", "last_number"])
    allocation.rows = [
      ["甲区", "初中", "", "10", number(1), number(10)], ["甲区", "初中", "一中", "6", number(1), number(6)],
      ["甲区", "初中", "二中", "4", number(7), number(10)], ["甲区", "社会领域", "", "4", number(11), number(14)],
      ["甲区", "社会领域", "东社区", "4", number(11), number(14)], ["乙区", "初中", "", "6", number(15), number(20)],
      ["乙区", "初中", "三中", "6", number(15), number(20)], ["乙区", "社会领域", "", "0", "", ""],
    ]
    if !subRanges { allocation = CSVDocument(header: ["district", "category", "quota", "first_number", "last_number"]) }
    try allocation.data().write(to: folder.appendingPathComponent("allocation.csv"))
    return folder
  }

  /// A valid ID number (GB 11643 check digit) born on `birth` (yyyymmdd), region 990101
  /// (no real place), sequence `sequence`.
  static func id(birth: String, sequence: Int) -> String {
    let body = "990101" + birth + String(format: "%03d", sequence % 1000)
    let sum = zip(body.compactMap { $0.wholeNumberValue }, IDNumber.weights).map(*).reduce(0, +)
    return body + String(Character(UnicodeScalar(IDNumber.checkCharacters[sum % 11])))
  }

  /// One register row; defaults make a clean record of 甲区 一中.
  struct Row {
    var name = "张三"
    var id = TrackFixture.id(birth: "20070101", sequence: 1)
    var number = TrackFixture.number(1)
    var joined = "2022-03-01"
    var district = "甲区"
    var unit = "一中"
    var grade = "初二"
    var branch = ""
    var entered = "2022-03-02"
    var uploaded = "2022-03-10"
    var status = "已认证"

    var fields: [String] { [name, id, number, joined, district, unit, grade, branch, entered, uploaded, status] }
  }

  static let chineseHeader = ["姓名", "身份证号", "发展团员编号", "入团时间", "区县", "学校/单位", "年级", "所在团组织", "录入时间", "档案上传时间", "认证状态"]
  static let englishHeader = ["name", "id_number", "member_number", "joined", "district", "unit", "grade", "branch", "entered", "uploaded", "status"]

  /// A clean register: 10 records, no finding as of 2022-06-30.
  /// 一中 001–003, 二中 007–008, 东社区 011, 三中 015–018; every member 15 on joining.
  static func cleanRows() -> [Row] {
    let units: [(String, String, Int, String)] = [
      ("甲区", "一中", 1, "初二"), ("甲区", "一中", 2, "初三"), ("甲区", "一中", 3, "初二"), ("甲区", "二中", 7, "初二"),
      ("甲区", "二中", 8, "初三"), ("甲区", "东社区", 11, ""), ("乙区", "三中", 15, "初二"), ("乙区", "三中", 16, "初二"),
      ("乙区", "三中", 17, "初三"), ("乙区", "三中", 18, "初二"),
    ]
    return units.enumerated().map { index, unit in
      var row = Row()
      row.name = "成员\(index + 1)"
      row.id = id(birth: "20070101", sequence: 100 + index)
      row.district = unit.0
      row.unit = unit.1
      row.number = number(unit.2)
      row.grade = unit.3
      return row
    }
  }

  /// Writes `rows` as a CSV register (UTF-8 with BOM); returns its URL.
  static func register(_ rows: [Row], header: [String] = chineseHeader, name: String = "register.csv") throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("track-register-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    var document = CSVDocument(header: header)
    document.rows = rows.map(\.fields)
    let url = folder.appendingPathComponent(name)
    try document.data().write(to: url)
    return url
  }

  static func track(
    _ rows: [Row], asOf: String = "2022-06-30", subRanges: Bool = false, settings: TrackingSettings = TrackingSettings(), names: Bool = false
  ) throws -> TrackingResult {
    let plan = try planFolder(subRanges: subRanges)
    let register = try register(rows)
    guard let day = Day(iso: asOf) else { throw InputError(file: "test", "bad as-of") }
    return try Tracking.track(
      plan: plan.path, registers: [(register, register.lastPathComponent)], asOf: day, settings: settings, names: names)
  }
}
