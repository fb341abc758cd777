/// A fast reader for the common CSV file that has no quote character at all (registers and
/// data tables exported from Excel or 智慧团建 usually have none): rows end at LF or CRLF, fields
/// at commas, over the UTF-8 bytes. It gives the same rows as CSV.swift's reader for such text
/// (measured: CSV.swift builds each field scalar by scalar, a third of a province register's
/// time); text with a quote or a lone CR goes to CSV.swift.
enum QuoteFreeCSV {
  /// The rows of `text`, or nil when the text has a `"` or a CR not followed by LF.
  static func rows(_ text: String) -> [[String]]? {
    var text = text
    return text.withUTF8 { bytes -> [[String]]? in
      let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lf: UInt8 = 10, cr: UInt8 = 13
      var rows: [[String]] = []
      var fields: [String] = []
      var start = 0
      var index = 0
      let count = bytes.count
      func field(_ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
      }
      while index < count {
        let byte = bytes[index]
        if byte == quote { return nil }
        if byte == comma {
          fields.append(field(index))
          start = index + 1
        } else if byte == lf || byte == cr {
          var end = index
          if byte == cr {
            guard index + 1 < count, bytes[index + 1] == lf else { return nil }
            index += 1
          } else if index > start, bytes[index - 1] == cr {
            end = index - 1
          }
          fields.append(field(end))
          rows.append(fields)
          fields = []
          fields.reserveCapacity(rows[rows.count - 1].count)
          start = index + 1
        }
        index += 1
      }
      if start < count || !fields.isEmpty {
        fields.append(field(count))
        rows.append(fields)
      }
      return rows
    }
  }
}
