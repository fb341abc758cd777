import Foundation

/// A CSV file for Excel: UTF-8 with a BOM (so Excel shows the Chinese), CRLF, RFC 4180 quoting
/// (a field with a comma, quote or line break is quoted, its quotes doubled). Reading goes
/// through CSV.swift; writing is this byte loop because CSV.swift's stream writer took a fifth
/// of a province run (perf) for the same bytes.
struct CSVDocument {
  var header: [String]
  var rows: [[String]] = []

  /// The file's bytes.
  func data() throws -> Data {
    var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]
    bytes.reserveCapacity(64 * (rows.count + 1))
    for row in [header] + rows {
      for (index, field) in row.enumerated() {
        if index > 0 { bytes.append(UInt8(ascii: ",")) }
        let utf8 = field.utf8
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
      bytes.append(contentsOf: [13, 10])
    }
    return Data(bytes)
  }
}
