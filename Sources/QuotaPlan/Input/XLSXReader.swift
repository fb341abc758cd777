import Foundation
import ZIPFoundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Reads one sheet of an Excel workbook (.xlsx) into rows of text, through ZIPFoundation and
/// Foundation's XML parser: shared and inline strings, numbers (whole numbers without “.0”),
/// booleans; rows keep Excel's numbering (empty rows are not materialised).
///
/// Nothing in the file may exhaust memory: every part is inflated only up to
/// `InputLimits.maxInflatedBytes` (a zip bomb stops there), cell references beyond Excel's sheet
/// (1,048,576 rows, 16,384 columns) are refused naming the cell, and at most
/// `InputLimits.maxCells` cells are read.
enum XLSXReader {
  /// True when the bytes are a ZIP archive (an .xlsx file), whatever the file is called.
  static func isWorkbook(_ data: Data) -> Bool { data.starts(with: [0x50, 0x4B, 0x03, 0x04]) }

  /// Stops inflating a part past the bound.
  private struct TooLarge: Error {}

  /// The non-empty rows of `sheet` (by name), or of the first sheet, with their Excel row
  /// numbers, in order. The archive is read from the file: ZIPFoundation's in-memory reader
  /// traps on some damaged archives (found by FuzzTests), its file reader reports them as errors.
  static func rows(_ url: URL, sheet wanted: String?, file: String, limits: InputLimits = InputLimits()) throws -> [(Int, [String])] {
    let archive: Archive
    do {
      archive = try Archive(url: url, accessMode: .read)
    } catch {
      throw InputError(
        file: file, zh: "该文件看起来是 Excel 工作簿，但无法打开（\(error)）。",
        en: "the file looks like an Excel workbook but cannot be opened (\(error)).")
    }
    let bound = limits.maxInflatedBytes
    func entry(_ path: String) throws -> Data? {
      guard let entry = archive[path] else { return nil }
      let megabytes = String(format: "%g", Double(bound) / 1_048_576)
      let tooLarge = InputError(
        file: file,
        zh: "工作簿的部件 \(path) 解压后超过 \(megabytes) MB（\(Int(InputLimits.inflation)) × limits.max_file_megabytes）；工作簿已损坏，或是一个“压缩炸弹”。",
        en: "the workbook's part \(path) inflates to more than \(megabytes) MB (\(Int(InputLimits.inflation)) × limits.max_file_megabytes); the workbook is damaged or is a zip bomb.")
      if entry.uncompressedSize > UInt64(bound) { throw tooLarge }
      var bytes = Data()
      do {
        _ = try archive.extract(entry) { chunk in
          guard bytes.count + chunk.count <= bound else { throw TooLarge() }
          bytes.append(chunk)
        }
      } catch is TooLarge {
        throw tooLarge
      } catch {
        throw InputError(
          file: file, zh: "工作簿已损坏：无法读取 \(path)（\(error)）。", en: "the workbook is damaged: \(path) cannot be read (\(error)).")
      }
      // Foundation's XML parser traps on attribute text that is not UTF-8 (found by FuzzTests).
      guard String(data: bytes, encoding: .utf8) != nil else {
        throw InputError(file: file, zh: "工作簿已损坏：\(path) 不是 UTF-8 编码的 XML。", en: "the workbook is damaged: \(path) is not UTF-8 XML.")
      }
      return bytes
    }
    guard let workbook = try entry("xl/workbook.xml") else {
      throw InputError(
        file: file, zh: "该文件是 ZIP 压缩包，但不是 Excel 工作簿（没有 xl/workbook.xml）。",
        en: "the file is a ZIP archive but not an Excel workbook (no xl/workbook.xml).")
    }
    /// A part's XML, refused naming the part when it is not well-formed.
    func elements(_ data: Data, _ path: String, _ names: Set<String>) throws -> [XMLElements.Element] {
      let parsed = XMLElements(data, names: names)
      if let line = parsed.brokenAtLine { throw damaged(file, part: path, line: line) }
      return parsed.elements
    }
    let sheets = try elements(workbook, "xl/workbook.xml", ["sheet"]).map { ($0.attributes["name"] ?? "", $0.attributes["r:id"] ?? "") }
    let relationsPath = "xl/_rels/workbook.xml.rels"
    let relations = try entry(relationsPath).map { try elements($0, relationsPath, ["Relationship"]) } ?? []
    guard !sheets.isEmpty else { throw InputError(file: file, zh: "工作簿中没有工作表。", en: "the workbook has no sheet.") }
    let chosen: (String, String)
    if let wanted {
      guard let found = sheets.first(where: { $0.0 == wanted }) else {
        throw InputError(
          file: file, zh: "工作簿中没有名为“\(wanted)”的工作表；它有：\(sheets.map(\.0).joined(separator: "、"))。",
          en: "the workbook has no sheet “\(wanted)”; it has \(sheets.map(\.0).joined(separator: "、")).")
      }
      chosen = found
    } else {
      chosen = sheets[0]
    }
    func part(_ target: String) -> String { target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target }
    let target = part(relations.first { $0.attributes["Id"] == chosen.1 }?.attributes["Target"] ?? "worksheets/sheet1.xml")
    guard let sheetData = try entry(target) else {
      throw InputError(file: file, zh: "工作簿的工作表“\(chosen.0)”缺失。", en: "the workbook's sheet “\(chosen.0)” is missing.")
    }
    let sharedPath = relations.first { $0.attributes["Type"]?.hasSuffix("/sharedStrings") == true }?.attributes["Target"].map(part)
      ?? "xl/sharedStrings.xml"
    let shared = try entry(sharedPath).map { data in
      guard let strings = SharedStrings.parse(data) else { throw damaged(file, part: sharedPath, line: nil) }
      return strings
    }
    let sheet = SheetRows.parse(sheetData, shared: shared, maxCells: limits.maxCells)
    if let problem = sheet.problem {
      throw InputError(file: file, zh: problem.zh, en: problem.en)
    }
    return sheet.rows
  }

  /// A part of the workbook that is not well-formed XML.
  private static func damaged(_ file: String, part: String, line: Int?) -> InputError {
    let at = line.map { " (line \($0))" } ?? ""
    let atZH = line.map { "（第 \($0) 行）" } ?? ""
    return InputError(
      file: file, zh: "工作簿已损坏：\(part) 不是格式正确的 XML\(atZH)；请在 Excel 中重新保存。",
      en: "the workbook is damaged: \(part) is not well-formed XML\(at); save it again from Excel.")
  }
}

/// Collects the attributes of the named elements of an XML document.
private final class XMLElements: NSObject, XMLParserDelegate {
  struct Element { var attributes: [String: String] }
  private let names: Set<String>
  private(set) var elements: [Element] = []
  /// The line the parser stopped at when the XML is not well-formed; nil when it parsed.
  private(set) var brokenAtLine: Int?

  init(_ data: Data, names: Set<String>) {
    self.names = names
    super.init()
    let parser = XMLParser(data: data)
    parser.delegate = self
    if !parser.parse() { brokenAtLine = parser.lineNumber }
  }

  func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
    if names.contains(name) { elements.append(Element(attributes: attributes)) }
  }
}

/// The shared-string table: each `<si>`'s text, runs joined.
private final class SharedStrings: NSObject, XMLParserDelegate {
  private var strings: [String] = []
  private var current = ""
  private var inText = false

  /// The strings, or nil when the part is not well-formed XML.
  static func parse(_ data: Data) -> [String]? {
    let delegate = SharedStrings()
    let parser = XMLParser(data: data)
    parser.delegate = delegate
    guard parser.parse() else { return nil }
    return delegate.strings
  }

  func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
    if name == "si" { current = "" }
    if name == "t" { inText = true }
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { current += string } }

  func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
    if name == "t" { inText = false }
    if name == "si" { strings.append(current) }
  }
}

/// A worksheet's cells laid out as rows of text by their Excel references.
private final class SheetRows: NSObject, XMLParserDelegate {
  /// The shared-string table; nil when the workbook has none.
  private let shared: [String]?
  private let maxCells: Int
  /// Cells by row, each row's cells by 0-based column; only rows that have cells.
  private var cells: [Int: [Int: String]] = [:]
  private var cellCount = 0
  private var rowNumber = 0
  private var column = 0
  private var reference = ""
  private var type = ""
  private var value = ""
  private var capturing = false
  /// Why the sheet cannot be read, as a sentence; parsing stops at the first.
  private(set) var problem: BilingualMessage?

  init(shared: [String]?, maxCells: Int) {
    self.shared = shared
    self.maxCells = maxCells
  }

  /// The rows that have cells, in row order, and the problem that stopped the parse.
  static func parse(_ data: Data, shared: [String]?, maxCells: Int) -> (rows: [(Int, [String])], problem: BilingualMessage?) {
    let delegate = SheetRows(shared: shared, maxCells: maxCells)
    let parser = XMLParser(data: data)
    parser.delegate = delegate
    let parsed = parser.parse()
    if let problem = delegate.problem { return ([], problem) }
    if !parsed {
      return (
        [],
        BilingualMessage(
          zh: "工作簿已损坏：其工作表不是格式正确的 XML（第 \(parser.lineNumber) 行）；请在 Excel 中重新保存。",
          en: "the workbook is damaged: its sheet is not well-formed XML (line \(parser.lineNumber)); save it again from Excel."))
    }
    let rows = delegate.cells.keys.sorted().map { number -> (Int, [String]) in
      let cells = delegate.cells[number] ?? [:]
      let width = (cells.keys.max() ?? -1) + 1
      return (number, (0..<width).map { cells[$0] ?? "" })
    }
    return (rows, nil)
  }

  /// "BC12" → (column 54, row 12), 0-based column; nil when the text is not a reference
  /// inside Excel's sheet (at most 3 letters up to XFD, then a row from 1 to 1,048,576).
  static func reference(_ text: String) -> (column: Int, row: Int)? {
    var column = 0
    var row = 0
    var letters = 0
    var digits = 0
    for scalar in text.unicodeScalars {
      switch scalar.value {
      case 65...90 where digits == 0, 97...122 where digits == 0:
        letters += 1
        guard letters <= 3 else { return nil }
        column = column * 26 + Int((scalar.value & ~0x20) - 64)
      case 48...57 where letters > 0:
        digits += 1
        guard digits <= 7 else { return nil }
        row = row * 10 + Int(scalar.value - 48)
      case 36:  // "$A$1"
        continue
      default:
        return nil
      }
    }
    guard (1...InputLimits.excelColumns).contains(column), (1...InputLimits.excelRows).contains(row) else { return nil }
    return (column - 1, row)
  }

  /// Excel's name of a 0-based column: 0 → A, 16383 → XFD.
  static func columnName(_ column: Int) -> String {
    var name = ""
    var rest = column + 1
    while rest > 0 {
      let digit = (rest - 1) % 26
      name = String(UnicodeScalar(UInt8(65 + digit))) + name
      rest = (rest - 1) / 26
    }
    return name
  }

  private func stop(_ parser: XMLParser, _ sentence: BilingualMessage) {
    if problem == nil { problem = sentence }
    parser.abortParsing()
  }

  private func stop(_ parser: XMLParser, zh: String, en: String) {
    stop(parser, BilingualMessage(zh: zh, en: en))
  }

  private func outside(zh: String, en: String) -> BilingualMessage {
    BilingualMessage(
      zh: "\(zh)超出了 Excel 工作表的范围（第 1 至 1,048,576 行，A 至 XFD 列）；工作簿已损坏。",
      en: "\(en) is outside an Excel sheet (rows 1 to 1,048,576, columns A to XFD); the workbook is damaged.")
  }

  func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
    guard problem == nil else { return }
    switch name {
    case "row":
      if let text = attributes["r"] {
        guard let number = Int(text), (1...InputLimits.excelRows).contains(number) else {
          return stop(parser, outside(zh: "行号“\(text.prefix(30))”", en: "the row number “\(text.prefix(30))”"))
        }
        rowNumber = number
      } else {
        guard rowNumber < InputLimits.excelRows else { return stop(parser, outside(zh: "第 \(rowNumber + 1) 行", en: "row \(rowNumber + 1)")) }
        rowNumber += 1
      }
      column = 0
    case "c":
      if let text = attributes["r"] {
        guard let parsed = Self.reference(text) else {
          return stop(parser, outside(zh: "单元格“\(text.prefix(30))”", en: "the cell “\(text.prefix(30))”"))
        }
        column = parsed.column
        rowNumber = parsed.row
      } else if column >= InputLimits.excelColumns {
        return stop(parser, outside(zh: "第 \(rowNumber) 行 XFD 列之后的单元格", en: "a cell after column XFD on row \(rowNumber)"))
      }
      if rowNumber == 0 { rowNumber = 1 }
      reference = "\(Self.columnName(column))\(rowNumber)"
      type = attributes["t"] ?? "n"
      value = ""
    case "v", "t":
      capturing = true
    default: break
    }
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) { if capturing { value += string } }

  func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
    guard problem == nil else { return }
    switch name {
    case "v", "t": capturing = false
    case "c":
      var text = value
      switch type {
      case "s":
        guard let shared else {
          return stop(
            parser,
            zh: "工作簿的共享字符串（xl/sharedStrings.xml）缺失，无法读取单元格 \(reference) 的文字；工作簿已损坏，请在 Excel 中重新保存。",
            en: "the workbook's shared strings (xl/sharedStrings.xml) are missing, so the text of cell \(reference) cannot be read; the workbook is damaged, save it again from Excel.")
        }
        guard let index = Int(value), shared.indices.contains(index) else {
          return stop(
            parser, zh: "单元格 \(reference) 引用了第“\(value.prefix(20))”个共享字符串，但工作簿只有 \(shared.count) 个；工作簿已损坏。",
            en: "cell \(reference) refers to shared string “\(value.prefix(20))”, but the workbook has \(shared.count); the workbook is damaged.")
        }
        text = shared[index]
      case "b": text = value == "1" ? "yes" : "no"
      case "n":
        if let number = Double(value), number.rounded() == number, abs(number) < 1e15 { text = String(Int(number)) }
      default: break
      }
      if !text.isEmpty {
        cellCount += 1
        guard cellCount <= maxCells else {
          return stop(
            parser,
            zh: "工作表中有内容的单元格超过 \(maxCells) 个（limits.max_rows × \(InputLimits.cellsPerRow)）；请删去不需要的内容，或调高 limits.max_rows。",
            en: "the sheet has more than \(maxCells) filled cells (limits.max_rows × \(InputLimits.cellsPerRow)); remove what is not needed or raise limits.max_rows.")
        }
        cells[rowNumber, default: [:]][column] = text
      }
      column += 1
    default: break
    }
  }
}
