import CSV
import Foundation

/// A CSV file for Excel: UTF-8 with a BOM (so Excel shows the Chinese), CRLF, quoting by
/// CSV.swift's writer.
struct CSVDocument {
  var header: [String]
  var rows: [[String]] = []

  /// The file's bytes.
  func data() throws -> Data {
    let stream = OutputStream(toMemory: ())
    let writer = try CSVWriter(stream: stream, newline: .crlf)
    try writer.write(row: header)
    for row in rows {
      writer.beginNewRow()
      try writer.write(row: row)
    }
    writer.stream.close()
    let body = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
    return Data([0xEF, 0xBB, 0xBF]) + body + Data("\r\n".utf8)
  }
}

/// A ratio with four decimals, the same bytes on every run and machine.
func decimal(_ value: Double, _ digits: Int = 4) -> String {
  String(format: "%.\(digits)f", value)
}
