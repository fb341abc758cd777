import Foundation
import QuotaPlan
import Testing

/// Excel workbooks in and out: Yangzhou's data as .xlsx (written by openpyxl, an independent
/// writer) loads to the identical plan; plans come with plan.xlsx.
@Suite("Excel workbooks")
struct XLSXTests {
  static var fixtures: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures") }

  /// A copy of the Yangzhou scenario whose data files are `schools` and `social`.
  func scenario(schools: String, social: String, copying files: [URL]) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quotaplan-xlsx-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for file in files { try FileManager.default.copyItem(at: file, to: folder.appendingPathComponent(file.lastPathComponent)) }
    var yaml = try String(contentsOfFile: Fixture.yangzhouPath + "/scenario.yaml", encoding: .utf8)
    yaml = yaml.replacingOccurrences(of: "schools: schools.csv", with: "schools: \(schools)")
      .replacingOccurrences(of: "social: social.csv", with: "social: \(social)")
    try yaml.write(to: folder.appendingPathComponent("scenario.yaml"), atomically: true, encoding: .utf8)
    return folder
  }

  @Test("Yangzhou's data as Excel workbooks (a named sheet, Chinese headers) gives the identical plan")
  func workbooksIn() throws {
    let original = try PlanWriter.files(Planner.plan(ScenarioLoader.load(Fixture.yangzhouPath)))
    let folder = try scenario(
      schools: "yangzhou-schools.xlsx#学校", social: "yangzhou-social.xlsx",
      copying: [Self.fixtures.appendingPathComponent("yangzhou-schools.xlsx"), Self.fixtures.appendingPathComponent("yangzhou-social.xlsx")])
    defer { try? FileManager.default.removeItem(at: folder) }
    let reloaded = try PlanWriter.files(Planner.plan(ScenarioLoader.load(folder.path)))
    // The scenario.json names the data files differently; every plan file is identical.
    for (a, b) in zip(original, reloaded) where a.name != "scenario.json" { #expect(a.data == b.data, "\(a.name) differs") }
  }

  @Test("a workbook written by quotaplan (shared strings) reads back to the same table")
  func roundTrip() throws {
    let csv = try String(contentsOfFile: Fixture.yangzhouPath + "/schools.csv", encoding: .utf8)
    let rows = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    let cells = rows.map { row in row.map { Int($0).map(XLSXWriter.Cell.number) ?? .text($0) } }
    let folder = try scenario(schools: "schools.xlsx", social: "social.csv", copying: [URL(fileURLWithPath: Fixture.yangzhouPath + "/social.csv")])
    defer { try? FileManager.default.removeItem(at: folder) }
    try XLSXWriter.workbook([("schools", cells)]).write(to: folder.appendingPathComponent("schools.xlsx"))
    let original = try Planner.plan(ScenarioLoader.load(Fixture.yangzhouPath))
    let reloaded = try Planner.plan(ScenarioLoader.load(folder.path))
    #expect(reloaded.schoolPlans.map(\.quota) == original.schoolPlans.map(\.quota))
  }

  @Test("every plan folder has plan.xlsx with the plan, allocation and social sheets")
  func planWorkbook() throws {
    let plan = try Planner.plan(ScenarioLoader.load(Fixture.yangzhouPath))
    let workbook = try #require(try PlanWriter.files(plan).first { $0.name == "plan.xlsx" })
    #expect(workbook.data.starts(with: [0x50, 0x4B, 0x03, 0x04]))
    // ZIP entry names are stored uncompressed: the third sheet's part is there.
    let text = String(decoding: workbook.data, as: UTF8.self)
    #expect(text.contains("xl/worksheets/sheet3.xml"))
  }

  @Test("a sheet that is not in the workbook is a sentence naming the sheets it has")
  func missingSheet() throws {
    let folder = try scenario(
      schools: "yangzhou-schools.xlsx#Sheet9", social: "social.csv",
      copying: [Self.fixtures.appendingPathComponent("yangzhou-schools.xlsx"), URL(fileURLWithPath: Fixture.yangzhouPath + "/social.csv")])
    defer { try? FileManager.default.removeItem(at: folder) }
    do {
      _ = try ScenarioLoader.load(folder.path)
      Issue.record("a missing sheet loaded")
    } catch let error as InputError {
      #expect(error.description == "yangzhou-schools.xlsx#Sheet9: the workbook has no sheet “Sheet9”; it has 说明、学校.")
    }
  }
}
