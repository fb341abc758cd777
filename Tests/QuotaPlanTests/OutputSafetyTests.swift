import Foundation
import Testing
import ZIPFoundation

@testable import QuotaPlan

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Outputs that cannot hurt the person who opens them: no formula runs from a CSV cell, every
/// workbook is well-formed XML whatever text it holds, and no cell passes Excel's limit.
@Suite("Outputs that cannot hurt")
struct OutputSafetyTests {
  /// Names a planner's spreadsheet may hold that Excel would run as formulas.
  static let formulaNames = [
    #"=HYPERLINK("http://example.invalid","点击")"#, "+1+2", "-1+2", "@SUM(A1)", "\t=1+1", "\r=1+1",
  ]

  @Test("a CSV cell that starts a formula gets a leading quote; numbers and other text stay as they are")
  func neutralisedCells() throws {
    for name in Self.formulaNames {
      #expect(CSVDocument.neutralised(name) == "'" + name, "\(name.debugDescription)")
    }
    for plain in ["-3", "+12", "-0.25", "12.5", "甲中学", "", "a=b", "3-1"] {
      #expect(CSVDocument.neutralised(plain) == plain, "\(plain.debugDescription)")
    }
    let document = CSVDocument(header: ["school", "change"], rows: [["=1+2", "-3"]])
    let text = String(decoding: try document.data(), as: UTF8.self)
    #expect(text == "\u{FEFF}school,change\r\n'=1+2,-3\r\n")
  }

  @Test("a school named like a formula: plan.csv holds it as text, plan.xlsx as a text cell, the plan is the same")
  func formulaSchoolThroughTheBinary() async throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    var files = TinyScenario()
    let hostile = #"=HYPERLINK("http://example.invalid","x")"#
    let quoted = "\"" + hostile.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    files.schools = files.schools?.replacingOccurrences(of: "乙中学", with: quoted)
    try files.write(to: workspace.scenario)
    let run = try await CLIRun.solve(in: workspace)
    try #require(run.status == 0, "stderr: \(run.stderr)")

    let csv = String(decoding: try Data(contentsOf: workspace.out.appendingPathComponent("plan.csv")), as: UTF8.self)
    let rows = csv.components(separatedBy: "\r\n").filter { $0.contains("HYPERLINK") }
    #expect(rows.count == 3, "\(csv)")
    for row in rows {
      #expect(row.contains("\"'=HYPERLINK(\"\"http://example.invalid\"\",\"\"x\"\")\""), "\(row)")
      #expect(!row.contains(",=HYPERLINK"), "\(row)")
    }

    let strings = try Self.entry("xl/sharedStrings.xml", of: workspace.out.appendingPathComponent("plan.xlsx"))
    #expect(strings.contains("<t xml:space=\"preserve\">=HYPERLINK(&quot;http://example.invalid&quot;,&quot;x&quot;)</t>"))
    let sheet = try Self.entry("xl/worksheets/sheet1.xml", of: workspace.out.appendingPathComponent("plan.xlsx"))
    #expect(!sheet.contains("<f>"), "a formula cell was written")

    // The same plan as with a plain name: the name is data, nothing else.
    let plainWorkspace = try Workspace()
    defer { plainWorkspace.remove() }
    try TinyScenario().write(to: plainWorkspace.scenario)
    try #require(try await CLIRun.solve(in: plainWorkspace).status == 0)
    let plainCSV = String(decoding: try Data(contentsOf: plainWorkspace.out.appendingPathComponent("plan.csv")), as: UTF8.self)
    #expect(csv.replacingOccurrences(of: "\"'" + hostile.replacingOccurrences(of: "\"", with: "\"\"") + "\"", with: "乙中学") == plainCSV)
  }

  @Test("control characters and over-long text still give a workbook that parses, with Excel's cell limit kept")
  func workbookAlwaysParses() throws {
    let nasty = "甲\u{0}中\u{1B}[2J学\u{7}\u{FFFF}"
    let long = String(repeating: "校", count: 40_000)
    let data = try XLSXWriter.workbook([("plan", [[.text(nasty), .text(long), .number(3)]])])
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quotaplan-xlsx-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("plan.xlsx")
    try data.write(to: file)
    let strings = try Self.entry("xl/sharedStrings.xml", of: file)
    let parser = XMLParser(data: Data(strings.utf8))
    #expect(parser.parse(), "sharedStrings.xml does not parse: \(String(describing: parser.parserError))")
    #expect(strings.contains("甲\u{FFFD}中\u{FFFD}[2J学\u{FFFD}\u{FFFD}"))
    #expect(XLSXWriter.cellText(long).utf16.count == XLSXWriter.cellCharacterLimit)
    #expect(XLSXWriter.cellText(long).hasSuffix("…"))
    #expect(XLSXWriter.cellText("甲中学") == "甲中学")
  }

  /// One part of a workbook, as text.
  static func entry(_ path: String, of workbook: URL) throws -> String {
    let archive = try Archive(url: workbook, accessMode: .read)
    let entry = try #require(archive[path], "\(path) is not in \(workbook.lastPathComponent)")
    var data = Data()
    _ = try archive.extract(entry) { data.append($0) }
    return String(decoding: data, as: UTF8.self)
  }
}
