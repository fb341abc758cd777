import Foundation

/// A CSV file for Excel: UTF-8 with a BOM (so Excel shows the Chinese), CRLF, RFC 4180 quoting
/// (a field with a comma, quote or line break is quoted, its quotes doubled). Reading goes
/// through CSV.swift; writing is this byte loop because CSV.swift's stream writer took a fifth
/// of a province run (perf) for the same bytes.
///
/// A text field that Excel would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a
/// carriage return, and is not a plain number) is written with a leading `'`, as OWASP's
/// "CSV injection" advice has it: a school called `=HYPERLINK(…)` shows as text, never runs.
public struct CSVDocument: Sendable {
  public var header: [String]
  public var rows: [[String]] = []

  /// A table with this header and these rows.
  public init(header: [String], rows: [[String]] = []) {
    self.header = header
    self.rows = rows
  }

  /// The file's bytes.
  public func data() throws -> Data {
    var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]
    bytes.reserveCapacity(Self.estimatedSize(header) * (rows.count + 1) + 64)
    Self.append(header, to: &bytes)
    for row in rows { Self.append(row, to: &bytes) }
    return Data(bytes)
  }

  /// One row and its line end, each field neutralised and quoted as needed.
  private static func append(_ row: [String], to bytes: inout [UInt8]) {
    for index in row.indices {
      if index > 0 { bytes.append(UInt8(ascii: ",")) }
      var field = row[index]
      if let first = field.utf8.first, startsFormula(first) { field = neutralised(field) }
      field.withUTF8 { utf8 in
        if utf8.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: ",") || $0 == 13 || $0 == 10 }) {
          bytes.append(UInt8(ascii: "\""))
          for byte in utf8 {
            bytes.append(byte)
            if byte == UInt8(ascii: "\"") { bytes.append(byte) }
          }
          bytes.append(UInt8(ascii: "\""))
        } else {
          bytes.append(contentsOf: utf8)
        }
      }
    }
    bytes.append(13)
    bytes.append(10)
  }

  /// A row's size guessed from the header's: enough to reserve once for most tables.
  private static func estimatedSize(_ header: [String]) -> Int {
    header.reduce(2) { $0 + $1.utf8.count + 1 } * 2
  }

  /// `field` with a `'` in front when a spreadsheet would read it as a formula.
  static func neutralised(_ field: String) -> String {
    guard let first = field.utf8.first, startsFormula(first), !isPlainNumber(field) else { return field }
    return "'" + field
  }

  /// `=`, `+`, `-`, `@`, tab and carriage return: what makes Excel, LibreOffice or Sheets
  /// start a formula.
  @inline(__always)
  static func startsFormula(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 9, 13: true
    default: false
    }
  }

  /// A signed decimal such as `-3`, `+12` or `-0.25`: quotaplan writes deltas this way, and a
  /// spreadsheet reads them as numbers, not formulas.
  static func isPlainNumber(_ field: String) -> Bool {
    var digits = 0
    var points = 0
    for (offset, byte) in field.utf8.enumerated() {
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
      case UInt8(ascii: "."): points += 1
      case UInt8(ascii: "+") where offset == 0, UInt8(ascii: "-") where offset == 0: continue
      default: return false
      }
    }
    return digits > 0 && points <= 1
  }
}
