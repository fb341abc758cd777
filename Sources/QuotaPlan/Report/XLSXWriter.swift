import Foundation
import ZIPFoundation

/// Writes Excel workbooks (.xlsx) through ZIPFoundation: text as shared strings, whole numbers
/// as numbers, one sheet per table, with what printing needs (column widths, frozen panes, merged
/// cells, bold headers, A4 landscape fitted to the page width). A fixed timestamp keeps the bytes
/// the same on every run.
public enum XLSXWriter {
  /// A cell: text, or a number Excel can sum.
  public enum Cell: Sendable, Equatable {
    case text(String)
    case number(Int)
  }

  /// How a row's cells look; the numbers are the `cellXfs` indices of `styles.xml`.
  public enum Style: Int, Sendable {
    /// Excel's default.
    case plain = 0
    /// Bold, for header and totals rows.
    case bold = 1
    /// A document title: bold, larger, centred across its merged cells.
    case title = 2
    /// A column header: bold, centred, wrapped, with thin borders.
    case header = 3
    /// A cell of a printed form: centred, with thin borders.
    case boxed = 4
    /// A totals row of a printed form: bold, centred, with thin borders.
    case boxedBold = 5
  }

  /// One worksheet and its layout.
  public struct Sheet: Sendable {
    public var name: String
    public var rows: [[Cell]]
    /// Column widths in characters, from column A (nil or missing: Excel's default).
    public var columnWidths: [Double?] = []
    /// Rows and columns that stay in view while scrolling (and repeat on every printed page).
    public var frozenRows = 0
    public var frozenColumns = 0
    /// Merged ranges, by 0-based first and last row and column.
    public var merges: [(rows: ClosedRange<Int>, columns: ClosedRange<Int>)] = []
    /// The style of each cell of a row, by 0-based row; other rows are plain.
    public var rowStyles: [Int: Style] = [:]
    /// Printed on A4 landscape, fitted to one page wide.
    public var landscape = false
    /// Rows (0-based) printed again at the top of every page: the column headers.
    public var repeatedRows: ClosedRange<Int>?

    /// A sheet of these rows with no layout.
    public init(name: String, rows: [[Cell]]) {
      self.name = name
      self.rows = rows
    }
  }

  /// The workbook's bytes, for sheets with no layout.
  public static func workbook(_ sheets: [(name: String, rows: [[Cell]])]) throws -> Data {
    try workbook(sheets.map { Sheet(name: $0.name, rows: $0.rows) })
  }

  /// The workbook's bytes.
  public static func workbook(_ sheets: [Sheet]) throws -> Data {
    var strings: [String] = []
    // By bytes: String's own hashing checks Unicode normalisation, which made the shared
    // strings the largest cost of a province's plan.xlsx; and text keeps its exact bytes.
    var index: [UTF8Key: Int] = [:]
    // About one distinct text per row (a plan row's reason): reserved once, not grown 20 times.
    let rowCount = sheets.reduce(0) { $0 + $1.rows.count }
    index.reserveCapacity(rowCount)
    strings.reserveCapacity(rowCount)
    func shared(_ text: String) -> Int {
      let key = UTF8Key(text)
      if let found = index[key] { return found }
      index[key] = strings.count
      strings.append(text)
      return strings.count - 1
    }
    let cellOpen: [UInt8] = Array("<c r=\"".utf8), cellOpenBare: [UInt8] = Array("<c".utf8), quote: [UInt8] = Array("\"".utf8), sharedType: [UInt8] = Array(" t=\"s\"".utf8)
    let valueOpen: [UInt8] = Array("><v>".utf8), valueClose: [UInt8] = Array("</v></c>".utf8)
    var parts: [(String, [UInt8])] = []
    let width = sheets.map { sheet in max(sheet.rows.map(\.count).max() ?? 0, sheet.columnWidths.count, (sheet.merges.map(\.columns.upperBound).max() ?? -1) + 1) }.max() ?? 0
    let columns = (0..<width).map { Array(column($0).utf8) }
    // The text each column held last and its index: a school's name, district and category
    // repeat on each of its grades' rows, and comparing bytes is cheaper than hashing them.
    var lastText = [String](repeating: "", count: width), lastIndex = [Int](repeating: -1, count: width)
    var rowNumber: [UInt8] = []
    for (number, sheet) in sheets.enumerated() {
      // Bytes appended directly: a nation's plan sheet has millions of cells.
      var xml = Array(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#.utf8)
      xml.reserveCapacity(sheet.rows.count * (sheet.rows.first?.count ?? 1) * 24)
      xml.append(contentsOf: sheetHead(sheet).utf8)
      xml.append(contentsOf: "<sheetData>".utf8)
      for (r, row) in sheet.rows.enumerated() {
        rowNumber.removeAll(keepingCapacity: true)
        appendDigits(r + 1, to: &rowNumber)
        let style = sheet.rowStyles[r].flatMap { $0 == .plain ? nil : Array(" s=\"\($0.rawValue)\"".utf8) }
        xml.append(contentsOf: "<row r=\"".utf8)
        xml.append(contentsOf: rowNumber)
        xml.append(contentsOf: "\">".utf8)
        // A cell names its place (r="B12") only after a gap: a reader counts the others along
        // the row, and the references were half of a plan sheet's compressed bytes.
        var next = 0
        func open(_ c: Int) {
          if c == next {
            xml.append(contentsOf: cellOpenBare)
          } else {
            xml.append(contentsOf: cellOpen)
            xml.append(contentsOf: columns[c])
            xml.append(contentsOf: rowNumber)
            xml.append(contentsOf: quote)
          }
          next = c + 1
        }
        for (c, cell) in row.enumerated() {
          let value: Int
          switch cell {
          case .number(let number): value = number
          case .text(let text) where text.isEmpty:
            // A styled row keeps its empty cells, so borders and fills of merged headers show.
            guard let style else { continue }
            open(c)
            xml.append(contentsOf: style)
            xml.append(contentsOf: "/>".utf8)
            continue
          case .text(let text):
            if lastIndex[c] >= 0, UTF8Key(text) == UTF8Key(lastText[c]) {
              value = lastIndex[c]
            } else {
              value = shared(text)
              lastText[c] = text
              lastIndex[c] = value
            }
          }
          open(c)
          if let style { xml.append(contentsOf: style) }
          if case .text = cell { xml.append(contentsOf: sharedType) }
          xml.append(contentsOf: valueOpen)
          appendDigits(value, to: &xml)
          xml.append(contentsOf: valueClose)
        }
        xml.append(contentsOf: "</row>".utf8)
      }
      xml.append(contentsOf: "</sheetData>".utf8)
      xml.append(contentsOf: sheetTail(sheet).utf8)
      xml.append(contentsOf: "</worksheet>".utf8)
      parts.append(("xl/worksheets/sheet\(number + 1).xml", xml))
    }
    let sheetList = sheets.enumerated().map { "<sheet name=\"\(markupEscaped(cellText($1.name)))\" sheetId=\"\($0 + 1)\" r:id=\"rId\($0 + 1)\"/>" }.joined()
    let printTitles = sheets.enumerated().compactMap { number, sheet in
      sheet.repeatedRows.map { rows in
        "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"\(number)\">'\(markupEscaped(cellText(sheet.name).replacingOccurrences(of: "'", with: "''")))'!$\(rows.lowerBound + 1):$\(rows.upperBound + 1)</definedName>"
      }
    }.joined()
    let relations = sheets.indices.map {
      "<Relationship Id=\"rId\($0 + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>"
    }.joined()
    var sharedXML = bytes(
      #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count=""#
        + "\(strings.count)\" uniqueCount=\"\(strings.count)\">")
    sharedXML.reserveCapacity(strings.reduce(sharedXML.count + 16) { $0 + $1.utf8.count + 48 })
    let itemOpen: [UInt8] = Array("<si><t xml:space=\"preserve\">".utf8), itemClose: [UInt8] = Array("</t></si>".utf8)
    for text in strings {
      sharedXML.append(contentsOf: itemOpen)
      sharedXML.append(contentsOf: markupEscaped(cellText(text)).utf8)
      sharedXML.append(contentsOf: itemClose)
    }
    sharedXML.append(contentsOf: "</sst>".utf8)
    let overrides = sheets.indices.map {
      "<Override PartName=\"/xl/worksheets/sheet\($0 + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
    }.joined() + #"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#
    let files: [(String, [UInt8])] = [
      ("[Content_Types].xml", bytes(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>"# + overrides + "</Types>")),
      ("_rels/.rels", bytes(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#)),
      ("xl/workbook.xml", bytes(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"# + sheetList + "</sheets>"
        + (printTitles.isEmpty ? "" : "<definedNames>\(printTitles)</definedNames>") + "</workbook>")),
      ("xl/_rels/workbook.xml.rels", bytes(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"# + relations + #"<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#)),
      ("xl/sharedStrings.xml", sharedXML),
      ("xl/styles.xml", bytes(stylesXML)),
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

  /// A string that hashes and compares by its UTF-8 bytes, without Unicode normalisation.
  struct UTF8Key: Hashable {
    var text: String
    init(_ text: String) { self.text = text }

    static func == (a: UTF8Key, b: UTF8Key) -> Bool {
      var a = a.text, b = b.text
      guard a.utf8.count == b.utf8.count else { return false }
      return a.withUTF8 { x in b.withUTF8 { y in x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 } }
    }

    func hash(into hasher: inout Hasher) {
      var text = text
      text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
  }

  /// `value` in decimal, appended without making a String (a plan sheet has a million numbers).
  @inline(__always)
  static func appendDigits(_ value: Int, to xml: inout [UInt8]) {
    if value < 0 { xml.append(UInt8(ascii: "-")) }
    var rest = value.magnitude
    var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
      (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var count = 0
    withUnsafeMutableBytes(of: &digits) { buffer in
      repeat {
        buffer[count] = UInt8(ascii: "0") + UInt8(rest % 10)
        rest /= 10
        count += 1
      } while rest > 0
      for index in stride(from: count - 1, through: 0, by: -1) { xml.append(buffer[index]) }
    }
  }

  /// What comes before a sheet's data: fit-to-page, the frozen pane, the column widths.
  static func sheetHead(_ sheet: Sheet) -> String {
    var xml = sheet.landscape ? "<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>" : ""
    if sheet.frozenRows > 0 || sheet.frozenColumns > 0 {
      let corner = column(sheet.frozenColumns) + String(sheet.frozenRows + 1)
      let pane = sheet.frozenRows > 0 && sheet.frozenColumns > 0 ? "bottomRight" : sheet.frozenRows > 0 ? "bottomLeft" : "topRight"
      xml += "<sheetViews><sheetView workbookViewId=\"0\"><pane"
        + (sheet.frozenColumns > 0 ? " xSplit=\"\(sheet.frozenColumns)\"" : "") + (sheet.frozenRows > 0 ? " ySplit=\"\(sheet.frozenRows)\"" : "")
        + " topLeftCell=\"\(corner)\" activePane=\"\(pane)\" state=\"frozen\"/><selection pane=\"\(pane)\" activeCell=\"\(corner)\" sqref=\"\(corner)\"/></sheetView></sheetViews>"
    }
    let widths = sheet.columnWidths.enumerated().compactMap { index, width in
      width.map { "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(decimal($0, 1))\" customWidth=\"1\"/>" }
    }
    if !widths.isEmpty { xml += "<cols>" + widths.joined() + "</cols>" }
    return xml
  }

  /// What comes after a sheet's data: merged cells and the page setup.
  static func sheetTail(_ sheet: Sheet) -> String {
    var xml = ""
    if !sheet.merges.isEmpty {
      xml += "<mergeCells count=\"\(sheet.merges.count)\">" + sheet.merges.map {
        "<mergeCell ref=\"\(column($0.columns.lowerBound))\($0.rows.lowerBound + 1):\(column($0.columns.upperBound))\($0.rows.upperBound + 1)\"/>"
      }.joined() + "</mergeCells>"
    }
    if sheet.landscape {
      // A4 (paperSize 9), landscape, one page wide and as many pages tall as the rows need.
      xml += #"<printOptions horizontalCentered="1"/><pageMargins left="0.4" right="0.4" top="0.5" bottom="0.5" header="0.3" footer="0.3"/><pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>"#
    }
    return xml
  }

  /// The styles `Style` names: fonts (regular, bold, bold 14 pt), thin borders for forms.
  static let stylesXML = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
    + #"<fonts count="3"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="14"/><name val="Calibri"/><family val="2"/></font></fonts>"#
    + #"<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>"#
    + #"<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border><left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/><diagonal/></border></borders>"#
    + #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
    + #"<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>"#
    + #"<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf>"#
    + #"<xf numFmtId="0" fontId="1" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>"#
    + #"<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf>"#
    + #"<xf numFmtId="0" fontId="1" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf></cellXfs>"#
    + #"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"#

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


  /// A table as cells: whole numbers as numbers, everything else as text. The columns in
  /// `textColumns` (0-based) stay text whatever they hold: 12-digit member numbers as numbers
  /// would show as 2.022E+11 and lose their digits to Excel's 15-digit precision.
  static func cells(_ document: CSVDocument, textColumns: Set<Int> = []) -> [[Cell]] {
    ([document.header] + document.rows).map { row in
      row.enumerated().map { column, field in
        if textColumns.isEmpty || !textColumns.contains(column), let value = wholeNumber(field) { return .number(value) }
        return .text(field)
      }
    }
  }

  /// `field` as a whole number when it is written the way Excel writes one back: an optional
  /// `-`, digits without a leading zero, fewer than 15 characters (Excel keeps 15 digits).
  /// "007", "+5", "1.0" and "" stay text.
  static func wholeNumber(_ field: String) -> Int? {
    let utf8 = field.utf8
    guard utf8.count < 15, let first = utf8.first else { return nil }
    var value = 0
    var digits = 0
    var negative = false
    for (offset, byte) in utf8.enumerated() {
      if offset == 0, byte == UInt8(ascii: "-") {
        negative = true
        continue
      }
      guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
      if digits == 1, value == 0 { return nil }  // a leading zero
      value = value * 10 + Int(byte - UInt8(ascii: "0"))
      digits += 1
    }
    guard digits > 0, !(negative && value == 0), first != UInt8(ascii: "+") else { return nil }
    return negative ? -value : value
  }
}
