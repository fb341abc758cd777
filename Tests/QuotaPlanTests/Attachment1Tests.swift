import Foundation
import Testing
import ZIPFoundation

@testable import QuotaPlan

/// Attachment 1 as a committee sends it (#12 §2), and the headers of the plan's tables in the
/// chosen language: checked against the plan's own allocation, never against typed-in figures.
@Suite("Attachment 1 and table headers")
struct Attachment1Tests {
  static let yangzhou: Result<Scenario, Error> = Result { try ScenarioLoader.load(Fixture.yangzhouPath) }

  static func plan(_ change: (inout Policy) -> Void = { _ in }) throws -> Plan {
    var scenario = try yangzhou.get()
    change(&scenario.policy)
    return try Planner.plan(scenario)
  }

  static func files(_ plan: Plan) throws -> [String: Data] {
    Dictionary(try PlanWriter.files(plan).map { ($0.name, $0.data) }, uniquingKeysWith: { a, _ in a })
  }

  /// One part of a workbook, as text.
  static func part(_ path: String, of workbook: Data) throws -> String {
    let archive = try Archive(data: workbook, accessMode: .read)
    let entry = try #require(archive[path], "\(path) is not in the workbook")
    var data = Data()
    _ = try archive.extract(entry) { data.append($0) }
    return String(decoding: data, as: UTF8.self)
  }

  @Test("the wide table: each category's total and the city's, every district's quota and range as in the allocation")
  func sumsAndRanges() throws {
    let plan = try Self.plan()
    let attachment = Attachment1(plan)
    let categories = plan.policy.categories
    #expect(attachment.categories == categories.map { $0.label(.zh) })
    #expect(attachment.total == plan.policy.total)
    let totals = plan.categoryTotals
    #expect(attachment.categoryTotals == categories.map { totals[$0.id] ?? -1 })
    for (index, category) in categories.enumerated() {
      if let total = category.total { #expect(attachment.categoryTotals[index] == total, "\(category.id)") }
    }
    #expect(attachment.rows.map(\.district) == plan.policy.districts)
    for row in attachment.rows {
      for (index, entry) in row.entries.enumerated() {
        let long = try #require(plan.allocation.first { $0.district == row.district && $0.categoryID == categories[index].id })
        #expect(entry.quota == long.quota)
        #expect(entry.range == (long.quota > 0 ? long.firstNumber...long.lastNumber : nil))
      }
    }
    // The ranges, in number order, run without gaps through the city's block.
    let ranges = attachment.rows.flatMap { $0.entries.compactMap(\.range) }.sorted { $0.lowerBound < $1.lowerBound }
    var next = plan.policy.firstNumber
    for range in ranges {
      #expect(range.lowerBound == next)
      next = range.upperBound + 1
    }
    #expect(next - plan.policy.firstNumber == plan.policy.total)
    #expect(attachment.block == plan.policy.firstNumber...(plan.policy.firstNumber + plan.policy.total - 1))
    #expect(attachment.city == "扬州市")
    #expect(attachment.title == "\(plan.policy.year) 年全市发展团员名额及编号号段分配表")
  }

  @Test("an itemised district lists its units, each with its own range inside the district's, summing to the district")
  func itemisedUnits() throws {
    let plan = try Self.plan { $0.itemisedDistricts = ["市直"] }
    let attachment = Attachment1(plan)
    let district = try #require(attachment.rows.first { $0.district == "市直" && $0.unit == nil })
    let units = attachment.rows.filter { $0.district == "市直" && $0.unit != nil }
    #expect(!units.isEmpty)
    #expect(attachment.rows.allSatisfy { $0.unit == nil || $0.district == "市直" })
    for index in plan.policy.categories.indices {
      let quota = district.entries[index].quota
      let parts = units.compactMap { unit in unit.entries[index].range.map { range in (range, unit.entries[index].quota) } }
      #expect(parts.reduce(0) { $0 + $1.1 } == quota, "category \(index)")
      var next = district.entries[index].range?.lowerBound
      for (range, quota) in parts {
        #expect(range.lowerBound == next)
        #expect(range.count == quota)
        next = range.upperBound + 1
      }
      if let range = district.entries[index].range { #expect(next == range.upperBound + 1) }
    }
    // The same cut as refine's sub-ranges.
    var only = plan
    only.allocation = plan.allocation.filter { $0.district == "市直" }
    #expect(units.map { $0.unit ?? "" } == Refinement.subRanges(only).map(\.unit))
    // Units are shown, not counted twice: the totals are the districts'.
    #expect(attachment.total == plan.policy.total)
    let csv = String(decoding: try attachment.csv().data(), as: UTF8.self)
    #expect(csv.contains("\r\n市直,\(units[0].unit ?? "?"),"))
  }

  @Test("member numbers are text cells in attachment1.xlsx and plan.xlsx; counts stay numbers")
  func numbersAsText() throws {
    let files = try Self.files(try Self.plan())
    let first = "202200000001"
    for (file, sheet) in [(Attachment1.workbookFile, "sheet1.xml"), ("plan.xlsx", "sheet2.xml"), ("plan.xlsx", "sheet4.xml")] {
      let workbook = try #require(files[file])
      let xml = try Self.part("xl/worksheets/\(sheet)", of: workbook)
      // No cell holds a member number as a number: every <v> of a numeric cell is short.
      let numeric = xml.components(separatedBy: "<c ").dropFirst().filter { !$0.contains("t=\"s\"") }
      #expect(!numeric.isEmpty, "\(file) \(sheet) has numeric cells (quotas)")
      for cell in numeric {
        if let start = cell.range(of: "<v>"), let end = cell.range(of: "</v>") {
          #expect(cell[start.upperBound..<end.lowerBound].count < 12, "\(file) \(sheet): \(cell.prefix(60))")
        }
      }
      let strings = try Self.part("xl/sharedStrings.xml", of: workbook)
      #expect(strings.contains(">\(first)</t>"), "\(file) lacks \(first) as a string")
    }
  }

  @Test("attachment1.xlsx prints: frozen headers, widths, merged title, A4 landscape fitted to the width, bold styles")
  func printLayout() throws {
    let files = try Self.files(try Self.plan())
    let workbook = try #require(files[Attachment1.workbookFile])
    let xml = try Self.part("xl/worksheets/sheet1.xml", of: workbook)
    #expect(xml.contains("xSplit=\"2\" ySplit=\"5\""))
    #expect(xml.contains("state=\"frozen\""))
    #expect(xml.contains("<cols>"))
    #expect(xml.contains("<mergeCell ref=\"A2:"))
    #expect(xml.contains("paperSize=\"9\" orientation=\"landscape\" fitToWidth=\"1\" fitToHeight=\"0\""))
    #expect(xml.contains("<pageSetUpPr fitToPage=\"1\"/>"))
    #expect(try Self.part("xl/styles.xml", of: workbook).contains("<b/>"))
    #expect(try Self.part("xl/workbook.xml", of: workbook).contains("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">'附件1'!$4:$5</definedName>"))
    // Same bytes on every run.
    #expect(try Self.files(try Self.plan())[Attachment1.workbookFile] == workbook)
  }

  @Test("attachment1.csv: BOM, title, the city's block, zero quotas as — without a range, the 合计 row")
  func attachmentCSV() throws {
    let plan = try Self.plan()
    let files = try Self.files(plan)
    let data = try #require(files[Attachment1.csvFile])
    #expect(data.starts(with: [0xEF, 0xBB, 0xBF]))
    let lines = String(decoding: data.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")
    #expect(lines[0].hasPrefix("附件1,"))
    #expect(lines[1].hasPrefix("2022 年全市发展团员名额及编号号段分配表,"))
    #expect(lines[2].contains("202200000001—202200006360"))
    #expect(lines[3].hasPrefix("区县,单位,初中,,,"))
    #expect(lines[4].hasPrefix(",,指标,起始编号,终止编号,"))
    let total = try #require(lines.first { $0.hasPrefix("合计,") })
    #expect(total.hasSuffix(",\(plan.policy.total)"))
    let zero = try #require(plan.allocation.first { $0.quota == 0 }, "Yangzhou has a zero quota")
    let row = try #require(lines.first { $0.hasPrefix("\(zero.district),,") })
    #expect(row.contains(",—,,,"))
    #expect(!row.contains(",0,"))
  }

  @Test("headers and sheet names in the header language; the numeric grade column in both, the grade's name beside it")
  func headerLanguages() throws {
    let chinese = try Self.files(try Self.plan { $0.headers = .zh })
    let english = try Self.files(try Self.plan { $0.headers = .en })
    func header(_ files: [String: Data], _ name: String) throws -> String {
      let text = String(decoding: try #require(files[name]).dropFirst(3), as: UTF8.self)
      return text.components(separatedBy: "\r\n")[0]  // "\r\n" is one Character
    }
    #expect(try header(english, "plan.csv").hasPrefix("district,school,category,grade,grade_name,classes,students,members,quota,"))
    #expect(try header(chinese, "plan.csv").hasPrefix("区县,学校,类别,年级,年级名称,班级数,学生数,团员数,指标,"))
    #expect(try header(english, "allocation.csv") == "district,category,quota,first_number,last_number")
    #expect(try header(chinese, "allocation.csv") == "区县,类别,指标,起始编号,终止编号")
    #expect(try header(english, "social.csv").hasPrefix("district,unit,type,members,"))
    #expect(try header(chinese, "social.csv").hasPrefix("区县,单位,类型,团员数,"))
    let chineseRows = String(decoding: try #require(chinese["plan.csv"]), as: UTF8.self)
    let englishRows = String(decoding: try #require(english["plan.csv"]), as: UTF8.self)
    #expect(chineseRows.contains(",初中,2,初二,"))
    #expect(englishRows.contains(",junior high,2,grade 2,"))
    // The social units' type as planners name it (the social table reads both back).
    #expect(String(decoding: try #require(chinese["social.csv"]), as: UTF8.self).contains(",社区,"))
    #expect(String(decoding: try #require(english["social.csv"]), as: UTF8.self).contains(",community,"))
    #expect(try Self.part("xl/workbook.xml", of: try #require(chinese["plan.xlsx"])).contains("<sheet name=\"方案\""))
    #expect(try Self.part("xl/workbook.xml", of: try #require(chinese["plan.xlsx"])).contains("<sheet name=\"附件1\""))
    #expect(try Self.part("xl/workbook.xml", of: try #require(english["plan.xlsx"])).contains("<sheet name=\"allocation\""))
    #expect(try Self.part("xl/workbook.xml", of: try #require(english["plan.xlsx"])).contains("<sheet name=\"Attachment 1\""))
    let englishAttachment = String(decoding: try #require(english[Attachment1.csvFile]), as: UTF8.self)
    #expect(englishAttachment.contains("\r\ndistrict,unit,junior high,,,"))
    #expect(englishAttachment.contains("\r\n,,quota,first_number,last_number,"))
    #expect(englishAttachment.contains("\r\ntotal,"))
    // Without `headers`, the scenario's language (Yangzhou: zh).
    #expect(try header(try Self.files(try Self.plan()), "allocation.csv") == "区县,类别,指标,起始编号,终止编号")
  }

  @Test("a title without the year names no city")
  func cityFromTitle() throws {
    let plan = try Self.plan { $0.title = "Synthetic scenario" }
    #expect(Attachment1(plan).city == nil)
    #expect(!Attachment1(plan).subtitle.contains("Synthetic"))
  }

  @Test("a table cell is a number only when Excel writes it back the same; a text column stays text")
  func wholeNumbers() {
    #expect(XLSXWriter.wholeNumber("0") == 0)
    #expect(XLSXWriter.wholeNumber("120") == 120)
    #expect(XLSXWriter.wholeNumber("-3") == -3)
    for text in ["", "-", "-0", "007", "+5", "1.0", "12a", "2 ", "123456789012345"] { #expect(XLSXWriter.wholeNumber(text) == nil, "\(text)") }
    let document = CSVDocument(header: ["quota", "first_number"], rows: [["5", "202200000001"], ["12", "1"]])
    #expect(XLSXWriter.cells(document, textColumns: [1]) == [[.text("quota"), .text("first_number")], [.number(5), .text("202200000001")], [.number(12), .text("1")]])
    #expect(XLSXWriter.cells(document)[2] == [.number(12), .number(1)])
  }

  @Test("shared strings keep each text's exact bytes: canonically equal names are not merged")
  func sharedStringsByBytes() throws {
    let composed = "\u{E9}cole", decomposed = "e\u{301}cole"
    let workbook = try XLSXWriter.workbook([("s", [[.text(composed), .text(decomposed), .text(composed)]])])
    let strings = try Self.part("xl/sharedStrings.xml", of: workbook)
    #expect(strings.contains("uniqueCount=\"2\""))
    // String.contains would match either spelling; the bytes tell them apart.
    for name in [composed, decomposed] { #expect(Data(strings.utf8).range(of: Data(">\(name)</t>".utf8)) != nil, "\(Array(name.utf8))") }
    let sheet = try Self.part("xl/worksheets/sheet1.xml", of: workbook)
    #expect(sheet.contains("<c t=\"s\"><v>0</v></c><c t=\"s\"><v>1</v></c><c t=\"s\"><v>0</v></c>"))
  }
}
