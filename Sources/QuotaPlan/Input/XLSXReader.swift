import Foundation
import ZIPFoundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Reads one sheet of an Excel workbook (.xlsx) into rows of text, through ZIPFoundation and
/// Foundation's XML parser: shared and inline strings, numbers (whole numbers without “.0”),
/// booleans; rows keep Excel's numbering (empty rows stay empty).
enum XLSXReader {
  /// True when the bytes are a ZIP archive (an .xlsx file), whatever the file is called.
  static func isWorkbook(_ data: Data) -> Bool { data.starts(with: [0x50, 0x4B, 0x03, 0x04]) }

  /// The rows of `sheet` (by name), or of the first sheet. The archive is read from the file:
  /// ZIPFoundation's in-memory reader traps on some damaged archives (found by FuzzTests), its
  /// file reader reports them as errors.
  static func rows(_ url: URL, sheet wanted: String?, file: String) throws -> [[String]] {
    let archive: Archive
    do {
      archive = try Archive(url: url, accessMode: .read)
    } catch {
      throw InputError(file: file, "the file looks like an Excel workbook but cannot be opened (\(error)).")
    }
    func entry(_ path: String) throws -> Data? {
      guard let entry = archive[path] else { return nil }
      var bytes = Data()
      do {
        _ = try archive.extract(entry) { bytes.append($0) }
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
    var target = relations.first { $0.attributes["Id"] == chosen.1 }?.attributes["Target"] ?? "worksheets/sheet1.xml"
    target = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
    guard let sheetData = try entry(target) else { throw InputError(file: file, "the workbook's sheet “\(chosen.0)” is missing.") }
    let shared = try entry("xl/sharedStrings.xml").map(SharedStrings.parse) ?? []
    return SheetRows.parse(sheetData, shared: shared)
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
  private let shared: [String]
  private var rows: [Int: [Int: String]] = [:]
  private var rowNumber = 0
  private var column = 0
  private var type = ""
  private var value = ""
  private var capturing = false

  init(shared: [String]) { self.shared = shared }

  static func parse(_ data: Data, shared: [String]) -> [[String]] {
    let delegate = SheetRows(shared: shared)
    let parser = XMLParser(data: data)
    parser.delegate = delegate
    parser.parse()
    let last = delegate.rows.keys.max() ?? 0
    return (1...max(1, last)).map { number in
      let cells = delegate.rows[number] ?? [:]
      let width = (cells.keys.max() ?? -1) + 1
      return (0..<width).map { cells[$0] ?? "" }
    }
  }

  /// "BC12" → (column 54, row 12); 0-based column.
  static func reference(_ text: String) -> (column: Int, row: Int)? {
    var column = 0
    var digits = ""
    for character in text {
      if let ascii = character.asciiValue, (65...90).contains(ascii) {
        column = column * 26 + Int(ascii - 64)
      } else {
        digits.append(character)
      }
    }
    guard column > 0, let row = Int(digits) else { return nil }
    return (column - 1, row)
  }

  func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
    switch name {
    case "row":
      rowNumber = attributes["r"].flatMap(Int.init) ?? rowNumber + 1
      column = 0
    case "c":
      if let reference = attributes["r"].flatMap(Self.reference) {
        column = reference.column
        rowNumber = reference.row
      }
      type = attributes["t"] ?? "n"
      value = ""
    case "v", "t":
      capturing = true
    default: break
    }
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) { if capturing { value += string } }

  func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
    switch name {
    case "v", "t": capturing = false
    case "c":
      var text = value
      switch type {
      case "s": text = Int(value).flatMap { shared.indices.contains($0) ? shared[$0] : nil } ?? ""
      case "b": text = value == "1" ? "yes" : "no"
      case "n":
        if let number = Double(value), number.rounded() == number, abs(number) < 1e15 { text = String(Int(number)) }
      default: break
      }
      rows[rowNumber, default: [:]][column] = text
      column += 1
    default: break
    }
  }
}
