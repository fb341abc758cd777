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
      throw InputError(file: file, "the file looks like an Excel workbook but cannot be opened (\(error)).")
    }
    let bound = limits.maxInflatedBytes
    func entry(_ path: String) throws -> Data? {
      guard let entry = archive[path] else { return nil }
      let tooLarge = InputError(
        file: file,
        "the workbook's part \(path) inflates to more than \(String(format: "%g", Double(bound) / 1_048_576)) MB (\(Int(InputLimits.inflation)) × limits.max_file_megabytes); the workbook is damaged or is a zip bomb.")
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
        throw InputError(file: file, "the workbook is damaged: \(path) cannot be read (\(error)).")
      }
      // Foundation's XML parser traps on attribute text that is not UTF-8 (found by FuzzTests).
      guard String(data: bytes, encoding: .utf8) != nil else {
        throw InputError(file: file, "the workbook is damaged: \(path) is not UTF-8 XML.")
      }
      return bytes
    }
    guard let workbook = try entry("xl/workbook.xml") else {
      throw InputError(file: file, "the file is a ZIP archive but not an Excel workbook (no xl/workbook.xml).")
    }
    let sheets = XMLElements(workbook, names: ["sheet"]).elements.map { ($0.attributes["name"] ?? "", $0.attributes["r:id"] ?? "") }
    let relations = try entry("xl/_rels/workbook.xml.rels").map { XMLElements($0, names: ["Relationship"]).elements } ?? []
    guard !sheets.isEmpty else { throw InputError(file: file, "the workbook has no sheet.") }
    let chosen: (String, String)
    if let wanted {
      guard let found = sheets.first(where: { $0.0 == wanted }) else {
        throw InputError(file: file, "the workbook has no sheet “\(wanted)”; it has \(sheets.map(\.0).joined(separator: "、")).")
      }
      chosen = found
    } else {
      chosen = sheets[0]
    }
    func part(_ target: String) -> String { target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target }
    let target = part(relations.first { $0.attributes["Id"] == chosen.1 }?.attributes["Target"] ?? "worksheets/sheet1.xml")
    guard let sheetData = try entry(target) else { throw InputError(file: file, "the workbook's sheet “\(chosen.0)” is missing.") }
    let sharedPath = relations.first { $0.attributes["Type"]?.hasSuffix("/sharedStrings") == true }?.attributes["Target"].map(part)
      ?? "xl/sharedStrings.xml"
    let shared = try entry(sharedPath).map(SharedStrings.parse)
    let sheet = SheetRows.parse(sheetData, shared: shared, maxCells: limits.maxCells)
    if let problem = sheet.problem {
      throw InputError(file: file, problem)
    }
    return sheet.rows
  }
}

/// Collects the attributes of the named elements of an XML document.
private final class XMLElements: NSObject, XMLParserDelegate {
  struct Element { var attributes: [String: String] }
  private let names: Set<String>
  private(set) var elements: [Element] = []

  init(_ data: Data, names: Set<String>) {
    self.names = names
    super.init()
    let parser = XMLParser(data: data)
    parser.delegate = self
    parser.parse()
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

  static func parse(_ data: Data) -> [String] {
    let delegate = SharedStrings()
    let parser = XMLParser(data: data)
    parser.delegate = delegate
    parser.parse()
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
  private(set) var problem: String?

  init(shared: [String]?, maxCells: Int) {
    self.shared = shared
    self.maxCells = maxCells
  }

  /// The rows that have cells, in row order, and the problem that stopped the parse.
  static func parse(_ data: Data, shared: [String]?, maxCells: Int) -> (rows: [(Int, [String])], problem: String?) {
    let delegate = SheetRows(shared: shared, maxCells: maxCells)
    let parser = XMLParser(data: data)
    parser.delegate = delegate
    let parsed = parser.parse()
    if let problem = delegate.problem { return ([], problem) }
    if !parsed {
      return ([], "the workbook is damaged: its sheet is not well-formed XML (line \(parser.lineNumber)); save it again from Excel.")
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

  private func stop(_ parser: XMLParser, _ sentence: String) {
    if problem == nil { problem = sentence }
    parser.abortParsing()
  }

  private func outside(_ what: String) -> String {
    "\(what) is outside an Excel sheet (rows 1 to 1,048,576, columns A to XFD); the workbook is damaged."
  }

  func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
    guard problem == nil else { return }
    switch name {
    case "row":
      if let text = attributes["r"] {
        guard let number = Int(text), (1...InputLimits.excelRows).contains(number) else {
          return stop(parser, outside("the row number “\(text.prefix(30))”"))
        }
        rowNumber = number
      } else {
        guard rowNumber < InputLimits.excelRows else { return stop(parser, outside("row \(rowNumber + 1)")) }
        rowNumber += 1
      }
      column = 0
    case "c":
      if let text = attributes["r"] {
        guard let parsed = Self.reference(text) else {
          return stop(parser, outside("the cell “\(text.prefix(30))”"))
        }
        column = parsed.column
        rowNumber = parsed.row
      } else if column >= InputLimits.excelColumns {
        return stop(parser, outside("a cell after column XFD on row \(rowNumber)"))
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
            "the workbook's shared strings (xl/sharedStrings.xml) are missing, so the text of cell \(reference) cannot be read; the workbook is damaged, save it again from Excel.")
        }
        guard let index = Int(value), shared.indices.contains(index) else {
          return stop(parser, "cell \(reference) refers to shared string “\(value.prefix(20))”, but the workbook has \(shared.count); the workbook is damaged.")
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
            "the sheet has more than \(maxCells) filled cells (limits.max_rows × \(InputLimits.cellsPerRow)); remove what is not needed or raise limits.max_rows.")
        }
        cells[rowNumber, default: [:]][column] = text
      }
      column += 1
    default: break
    }
  }
}
