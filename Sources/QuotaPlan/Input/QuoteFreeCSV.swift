/// A fast reader for the common CSV file that has no quote character at all (registers and
/// data tables exported from Excel or 智慧团建 usually have none): rows end at LF or CRLF, fields
/// at commas, over the UTF-8 bytes. It gives the same rows as CSV.swift's reader for such text
/// (measured: CSV.swift builds each field scalar by scalar, a third of a province register's
/// time); text with a quote or a lone CR goes to CSV.swift.
///
/// The fields are byte ranges of the text (`CSVLines`): no `String` is made for a cell here.
enum QuoteFreeCSV {
  /// The rows of `text`, or nil when the text has a `"` or a CR not followed by LF.
  static func rows(_ text: String) -> [[String]]? {
    var bytes = ContiguousArray(text.utf8)
    guard let lines = lines(&bytes) else { return nil }
    return (0..<lines.count).map { lines.strings($0) }
  }

  /// The lines of the UTF-8 `bytes` (taken over as the lines' buffer), numbered from 1, or nil
  /// (and `bytes` left as it was) when they have a `"` or a CR not followed by LF.
  static func lines(_ bytes: inout ContiguousArray<UInt8>) -> CSVLines? {
    // Local arrays, not the captured `CSVLines`: no exclusivity check per field.
    var starts: ContiguousArray<UInt32> = []
    var ends: ContiguousArray<UInt32> = []
    var lineFirst: ContiguousArray<Int> = [0]
    let found = bytes.withUnsafeBufferPointer { bytes -> Bool in
      let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lf: UInt8 = 10, cr: UInt8 = 13
      var start = 0
      var index = 0
      var open = false
      let count = bytes.count
      while index < count {
        let byte = bytes[index]
        if byte > comma {
          index += 1
          continue
        }
        if byte == quote { return false }
        if byte == comma {
          starts.append(UInt32(truncatingIfNeeded: start))
          ends.append(UInt32(truncatingIfNeeded: index))
          open = true
          start = index + 1
        } else if byte == lf || byte == cr {
          var end = index
          if byte == cr {
            guard index + 1 < count, bytes[index + 1] == lf else { return false }
            index += 1
          } else if index > start, bytes[index - 1] == cr {
            end = index - 1
          }
          starts.append(UInt32(truncatingIfNeeded: start))
          ends.append(UInt32(truncatingIfNeeded: end))
          lineFirst.append(starts.count)
          open = false
          start = index + 1
        }
        index += 1
      }
      if start < count || open {
        starts.append(UInt32(truncatingIfNeeded: start))
        ends.append(UInt32(truncatingIfNeeded: count))
        lineFirst.append(starts.count)
      }
      return true
    }
    guard found else { return nil }
    var lines = CSVLines()
    swap(&lines.bytes, &bytes)
    lines.starts = starts
    lines.ends = ends
    lines.lineFirst = lineFirst
    lines.lineNumber = ContiguousArray(1..<lineFirst.count)
    return lines
  }
}
