import Foundation
import ZIPFoundation

/// Writes Excel workbooks (.xlsx) through ZIPFoundation: text as shared strings, whole numbers
/// as numbers, one sheet per table. A fixed timestamp keeps the bytes the same on every run.
public enum XLSXWriter {
  /// A cell: text, or a number Excel can sum.
  public enum Cell: Sendable, Equatable {
    case text(String)
    case number(Int)
  }

  /// The workbook's bytes.
  public static func workbook(_ sheets: [(name: String, rows: [[Cell]])]) throws -> Data {
    var strings: [String] = []
    var index: [String: Int] = [:]
    func shared(_ text: String) -> Int {
      if let found = index[text] { return found }
      index[text] = strings.count
      strings.append(text)
      return strings.count - 1
    }
    var parts: [(String, [UInt8])] = []
    let columns = (0..<(sheets.map { $0.rows.map(\.count).max() ?? 0 }.max() ?? 0)).map { Array(column($0).utf8) }
    for (number, sheet) in sheets.enumerated() {
      // Bytes appended directly: a nation's plan sheet has millions of cells.
      var xml = Array(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#.utf8)
      xml.reserveCapacity(sheet.rows.count * (sheet.rows.first?.count ?? 1) * 24)
      for (r, row) in sheet.rows.enumerated() {
        let rowNumber = String(r + 1).utf8
        xml.append(contentsOf: "<row r=\"".utf8)
        xml.append(contentsOf: rowNumber)
        xml.append(contentsOf: "\">".utf8)
        for (c, cell) in row.enumerated() {
          let value: Int
          switch cell {
          case .number(let number): value = number
          case .text(let text) where text.isEmpty: continue
          case .text(let text): value = shared(text)
          }
          xml.append(contentsOf: "<c r=\"".utf8)
          xml.append(contentsOf: columns[c])
          xml.append(contentsOf: rowNumber)
          if case .text = cell { xml.append(contentsOf: "\" t=\"s".utf8) }
          xml.append(contentsOf: "\"><v>".utf8)
          xml.append(contentsOf: String(value).utf8)
          xml.append(contentsOf: "</v></c>".utf8)
        }
        xml.append(contentsOf: "</row>".utf8)
      }
      xml.append(contentsOf: "</sheetData></worksheet>".utf8)
      parts.append(("xl/worksheets/sheet\(number + 1).xml", xml))
    }
    let sheetList = sheets.enumerated().map { "<sheet name=\"\(markupEscaped(cellText($1.name)))\" sheetId=\"\($0 + 1)\" r:id=\"rId\($0 + 1)\"/>" }.joined()
    let relations = sheets.indices.map {
      "<Relationship Id=\"rId\($0 + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>"
    }.joined()
    let sharedXML = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count=""# + "\(strings.count)\" uniqueCount=\"\(strings.count)\">"
      + strings.map { "<si><t xml:space=\"preserve\">\(markupEscaped(cellText($0)))</t></si>" }.joined() + "</sst>"
    let overrides = sheets.indices.map {
      "<Override PartName=\"/xl/worksheets/sheet\($0 + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
    }.joined()
    let files: [(String, [UInt8])] = [
      ("[Content_Types].xml", bytes(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>"# + overrides + "</Types>")),
      ("_rels/.rels", bytes(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#)),
      ("xl/workbook.xml", bytes(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"# + sheetList + "</sheets></workbook>")),
      ("xl/_rels/workbook.xml.rels", bytes(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"# + relations + #"<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#)),
      ("xl/sharedStrings.xml", bytes(sharedXML)),
    ] + parts
    let archive = try Archive(data: Data(), accessMode: .create)
    let stamp = Date(timeIntervalSince1970: 1_647_820_800)  // 2022-03-21, the notice's date
    for (path, content) in files {
      let bytes = Data(content)
      try archive.addEntry(
        with: path, type: .file, uncompressedSize: Int64(bytes.count), modificationDate: stamp, compressionMethod: .deflate
      ) { position, size in bytes.subdata(in: Int(position)..<Int(position) + size) }
    }
    guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
    return data
  }

  private static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

  /// Excel's limit on the characters of one cell.
  public static let cellCharacterLimit = 32_767

  /// `text` as a cell can hold it. XML 1.0 has no way to write most control characters (a
  /// workbook holding one does not open), so each becomes U+FFFD; the input refuses them in
  /// names, this is the last guard for any other text. Text above Excel's 32,767 characters
  /// (UTF-16 units, as Excel counts) is cut, ending in “…”.
  static func cellText(_ text: String) -> String {
    let clean = text.unicodeScalars.contains(where: isForbiddenInXML)
      ? String(String.UnicodeScalarView(text.unicodeScalars.map { isForbiddenInXML($0) ? "\u{FFFD}" : $0 })) : text
    guard clean.utf16.count > cellCharacterLimit else { return clean }
    var kept = String.UnicodeScalarView()
    var units = 0
    for scalar in clean.unicodeScalars {
      units += scalar.utf16.count
      if units > cellCharacterLimit - 1 { break }
      kept.append(scalar)
    }
    return String(kept) + "…"
  }

  /// Characters XML 1.0 does not allow in a document: C0 controls but tab, line feed and
  /// carriage return, and U+FFFE, U+FFFF.
  static func isForbiddenInXML(_ scalar: Unicode.Scalar) -> Bool {
    (scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r") || scalar.value == 0xFFFE || scalar.value == 0xFFFF
  }

  /// 0 → "A", 26 → "AA".
  static func column(_ index: Int) -> String {
    var index = index + 1
    var name = ""
    while index > 0 {
      let remainder = (index - 1) % 26
      name = String(UnicodeScalar(UInt8(65 + remainder))) + name
      index = (index - 1) / 26
    }
    return name
  }


  /// A table as cells: whole numbers as numbers, everything else as text.
  static func cells(_ document: CSVDocument) -> [[Cell]] {
    ([document.header] + document.rows).map { row in
      row.map { field in
        if field.utf8.count < 15, let value = Int(field), String(value) == field { return .number(value) }
        return .text(field)
      }
    }
  }
}
