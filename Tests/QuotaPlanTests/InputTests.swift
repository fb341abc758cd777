import Foundation
import QuotaPlan
import Testing

/// Planners' files as Excel writes them load to the same scenario.
@Suite("Input files")
struct InputTests {
  /// Copies the Yangzhou scenario into a temporary folder, letting `edit` rewrite schools.csv.
  func copyOfYangzhou(editSchools: (String) -> String) throws -> URL {
    let source = URL(fileURLWithPath: Fixture.yangzhouPath)
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quotaplan-input-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for name in ["scenario.yaml", "social.csv"] {
      try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: folder.appendingPathComponent(name))
    }
    let schools = try String(contentsOf: source.appendingPathComponent("schools.csv"), encoding: .utf8)
    try editSchools(schools).write(to: folder.appendingPathComponent("schools.csv"), atomically: true, encoding: .utf8)
    return folder
  }

  @Test("Chinese headers in another column order, BOM, CRLF and Chinese grade names give the same plan")
  func chineseHeadersAndExcelForms() throws {
    let original = try Planner.plan(ScenarioLoader.load(Fixture.yangzhouPath))
    let folder = try copyOfYangzhou { text in
      let lines = text.split(separator: "\n").map(String.init)
      let rows = lines.dropFirst().map { line -> String in
        let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        // 类别 as the Chinese name, 年级 as 初二/高一 style, columns reordered.
        let names = ["junior_high": "初中", "senior_high": "普通高中", "secondary_vocational": "中职"]
        let prefix = ["junior_high": "初", "senior_high": "高"]
        let numerals = ["1": "一", "2": "二", "3": "三", "4": "四", "5": "五"]
        let grade = prefix[f[2]].map { $0 + (numerals[f[3]] ?? f[3]) } ?? "\(numerals[f[3]] ?? f[3])年级"
        let flag = { (value: String) in value == "yes" ? "是" : "否" }
        return [f[1], f[0], grade, names[f[2]] ?? f[2], " \(f[5]) ", f[4], f[6], flag(f[7]), flag(f[8]), f[9]].joined(separator: ",")
      }
      return "\u{FEFF}学校,区县,年级,类别,学生数,班级数,团员数,民办,农村,上年指标\r\n" + rows.joined(separator: "\r\n") + "\r\n,,,,,,,,,\r\n"
    }
    defer { try? FileManager.default.removeItem(at: folder) }
    let reloaded = try Planner.plan(ScenarioLoader.load(folder.path))
    #expect(try PlanWriter.files(reloaded).map(\.data) == PlanWriter.files(original).map(\.data))
  }

  @Test("an empty scenario.yaml is the notice's policy")
  func defaultsAreTheNotice() throws {
    let folder = try copyOfYangzhou { $0 }
    defer { try? FileManager.default.removeItem(at: folder) }
    try "".write(to: folder.appendingPathComponent("scenario.yaml"), atomically: true, encoding: .utf8)
    let scenario = try ScenarioLoader.load(folder.path)
    let policy = scenario.policy
    #expect(policy.total == 6360)
    #expect(policy.firstNumber == 2022_0000_0001)
    #expect(policy.goalOrder == [.closedDoor, .coverage, .balance])
    #expect(policy.categories.map(\.id) == Policy.notice.categories.map(\.id))
    #expect(policy.category("junior_high")?.caps == [RatioCap(rule: .r4, grades: nil, ratio: 0.10)])
    #expect(policy.category("senior_high")?.caps.map(\.ratio) == [0.30, 0.40])
    #expect(policy.category("secondary_vocational")?.caps.map(\.ratio) == [0.10, 0.20, 0.20])
    #expect(policy.category("higher_vocational")?.previousYearFloor == 0.6)
    #expect(policy.category("senior_high")?.strictControl.map(\.above) == [0.50, 0.40])
    #expect(policy.districts.first == "广陵区")
  }

  @Test("every policy number can be set in the scenario")
  func settingsOverrideDefaults() throws {
    let folder = try copyOfYangzhou { text in
      text.split(separator: "\n").filter { line in
        line.hasPrefix("district") || line.contains(",junior_high,") || line.contains(",higher_vocational,")
      }
        .joined(separator: "\n")
    }
    defer { try? FileManager.default.removeItem(at: folder) }
    try """
      total: 500
      first_number: 202300000101
      year: 2023
      goals: [coverage, balance]
      protect_private_and_rural: false
      language: en
      social: {density_exponent: 1, outflow_boost: 2, outflow_resident_share_below: 0.4, outflow_member_ratio_below: 0.1}
      categories:
        - id: junior_high
          total: 400
          eligible_grades: [3]
          caps: [{rule: R4, grades: all, ratio: 0.12}]
          coverage: [{grade: 3, per_class: 2, per_grade: 5}]
        - id: higher_vocational
          total: 100
          previous_year_floor: 0.5
          grades: 3
      """.write(to: folder.appendingPathComponent("scenario.yaml"), atomically: true, encoding: .utf8)
    let scenario = try ScenarioLoader.load(folder.path)
    let policy = scenario.policy
    #expect(policy.total == 500 && policy.year == 2023 && policy.firstNumber == 2023_0000_0101)
    #expect(policy.goalOrder == [.coverage, .balance])
    #expect(!policy.protectPrivateAndRural && policy.language == .en)
    #expect(policy.social == SocialPolicy(densityExponent: 1, outflowResidentShareBelow: 0.4, outflowMemberRatioBelow: 0.1, outflowBoost: 2))
    #expect(policy.categories.map(\.id) == ["junior_high", "higher_vocational"])
    #expect(policy.category("junior_high")?.eligibleGrades == [3])
    #expect(policy.category("junior_high")?.caps == [RatioCap(rule: .r4, grades: nil, ratio: 0.12)])
    #expect(policy.category("junior_high")?.coverage == [CoverageTarget(grade: 3, perClass: 2, perGrade: 5)])
    #expect(policy.category("higher_vocational")?.previousYearFloor == 0.5)
    #expect(Set(scenario.schools.map(\.category)) == ["junior_high", "higher_vocational"])
  }

  /// Converts a file with the system's iconv (Debian's libc-bin), as Excel on Chinese Windows would save it.
  func convert(_ url: URL, to encoding: String) throws -> Data {
    try Fixture.iconv(url, to: encoding)
  }

  @Test("Yangzhou's data saved as GB18030/GBK or UTF-16 loads to the identical plan", arguments: ["GB18030", "GBK", "UTF-16"])
  func otherEncodings(encoding: String) throws {
    let original = try PlanWriter.files(Planner.plan(ScenarioLoader.load(Fixture.yangzhouPath))).map(\.data)
    let folder = try copyOfYangzhou { $0 }
    defer { try? FileManager.default.removeItem(at: folder) }
    for name in ["schools.csv", "social.csv"] {
      let source = URL(fileURLWithPath: Fixture.yangzhouPath).appendingPathComponent(name)
      let converted = try convert(source, to: encoding)
      #expect(String(data: converted, encoding: .utf8) == nil || encoding == "UTF-16", "\(encoding) bytes should not also be UTF-8")
      try converted.write(to: folder.appendingPathComponent(name))
    }
    let reloaded = try PlanWriter.files(Planner.plan(ScenarioLoader.load(folder.path))).map(\.data)
    #expect(reloaded == original)
  }

  @Test("files beyond the configured limits are refused with a sentence naming the setting")
  func limits() throws {
    let folder = try copyOfYangzhou { $0 }
    defer { try? FileManager.default.removeItem(at: folder) }
    let yaml = folder.appendingPathComponent("scenario.yaml")
    let base = try String(contentsOf: yaml, encoding: .utf8)
    try (base + "limits: {max_file_megabytes: 0.01}\n").write(to: yaml, atomically: true, encoding: .utf8)
    do {
      _ = try ScenarioLoader.load(folder.path)
      Issue.record("a file above the size limit loaded")
    } catch let error as InputError {
      #expect(error.file == "schools.csv" && error.message.contains("limits.max_file_megabytes"))
    }
    try (base + "limits: {max_rows: 100}\n").write(to: yaml, atomically: true, encoding: .utf8)
    do {
      _ = try ScenarioLoader.load(folder.path)
      Issue.record("a file above the row limit loaded")
    } catch let error as InputError {
      #expect(error.file == "schools.csv" && error.row == 102 && error.message.contains("limits.max_rows"))
    }
  }
}
