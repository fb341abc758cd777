/// A table's text in one UTF-8 buffer, each field a byte range of it, and each line a run of
/// fields: the table's rows are indices into it, not a `String` per cell.
///
/// Measured on a province register (250,000 rows × 11 columns): a `String` per cell (a heap
/// allocation for most Chinese names, ID numbers and branches) and a `[String]` per row were the
/// largest part of reading; a cell becomes a `String` now only when a reader asks for it.
/// The buffer holds the decoded text (a CSV file without quotes keeps its own bytes; CSV.swift's
/// and a workbook's fields are copied in), so each field is valid UTF-8.
final class CSVStorage: Sendable {
  /// The UTF-8 bytes of every field.
  let bytes: ContiguousArray<UInt8>
  /// Byte range of each field: `starts[f]..<ends[f]`.
  let starts: ContiguousArray<UInt32>
  let ends: ContiguousArray<UInt32>
  /// First field of each line, and one past the last line's last field at the end.
  let lineFirst: ContiguousArray<Int>
  /// Row number of each line as Excel shows it (header = 1).
  let lineNumber: ContiguousArray<Int>
  /// The lines kept as data rows (not the header, not blank, not refused by their shape).
  let rowLine: ContiguousArray<Int>

  init(_ lines: CSVLines, rows: ContiguousArray<Int>) {
    bytes = lines.bytes
    starts = lines.starts
    ends = lines.ends
    lineFirst = lines.lineFirst
    lineNumber = lines.lineNumber
    rowLine = rows
  }

  /// The field as written.
  func string(_ field: Int) -> String {
    let start = Int(starts[field]), end = Int(ends[field])
    if start == end { return "" }
    return bytes.withUnsafeBufferPointer { all in
      String(decoding: UnsafeBufferPointer(rebasing: all[start..<end]), as: UTF8.self)
    }
  }

  /// The field as `NameText.clean` gives it: most fields start and end with a letter, digit or
  /// ideograph and have no invisible character, and come back as written without a second look.
  func text(_ field: Int) -> String {
    let start = Int(starts[field]), end = Int(ends[field])
    if start == end { return "" }
    return bytes.withUnsafeBufferPointer { all in
      let slice = UnsafeBufferPointer(rebasing: all[start..<end])
      let text = String(decoding: slice, as: UTF8.self)
      return Self.isClean(slice) ? text : NameText.clean(text)
    }
  }

  /// True when `NameText.clean` would return the field unchanged, judged on its bytes: the
  /// first and last characters are printable ASCII or CJK ideographs (U+4000–U+9FFF, led by
  /// 0xE4–0xE9), so neither is a space, and no byte can start an invisible character
  /// (U+2xxx and U+FEFF are led by 0xE2 and 0xEF). False means "look closer", never "unclean".
  static func isClean(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let first = field.first, let last = field.last else { return false }
    guard isPrintableASCII(first) || isIdeographLead(first) else { return false }
    if !isPrintableASCII(last) {
      // Valid UTF-8: a 3-byte lead three from the end makes the last character that ideograph.
      guard field.count >= 3, isIdeographLead(field[field.count - 3]) else { return false }
    }
    return !field.contains { $0 == 0xE2 || $0 == 0xEF }
  }

  @inline(__always) static func isPrintableASCII(_ byte: UInt8) -> Bool { byte >= 0x21 && byte <= 0x7E }
  @inline(__always) static func isIdeographLead(_ byte: UInt8) -> Bool { byte >= 0xE4 && byte <= 0xE9 }

  /// The field read as a whole number when it is 1 to 18 ASCII digits and nothing else (what
  /// `Int` would read from it), or nil: signs, spaces, full-width digits and the rest go the
  /// long way.
  func digits(_ field: Int) -> Int? {
    let start = Int(starts[field]), end = Int(ends[field])
    guard end > start, end - start <= 18 else { return nil }
    return bytes.withUnsafeBufferPointer { all -> Int? in
      var value = 0
      for index in start..<end {
        let digit = Int(all[index]) &- 48
        guard digit >= 0, digit <= 9 else { return nil }
        value = value * 10 + digit
      }
      return value
    }
  }

  /// True when the field is empty.
  func isEmpty(_ field: Int) -> Bool { starts[field] == ends[field] }

  /// True when the field holds the byte.
  func contains(_ field: Int, _ byte: UInt8) -> Bool {
    let start = Int(starts[field]), end = Int(ends[field])
    return bytes.withUnsafeBufferPointer { all in all[start..<end].contains(byte) }
  }

  /// True when every field of the run is empty or only spaces and invisible characters (a
  /// blank row): a printable ASCII byte or an ideograph's lead byte settles it without a `String`.
  func isBlank(first: Int, count: Int) -> Bool {
    for field in first..<(first + count) where !isEmpty(field) {
      let start = Int(starts[field]), end = Int(ends[field])
      let plain = bytes.withUnsafeBufferPointer { all in
        all[start..<end].contains { Self.isPrintableASCII($0) || Self.isIdeographLead($0) }
      }
      if plain || !NameText.clean(string(field)).isEmpty { return false }
    }
    return true
  }
}

/// The lines of a table while it is read: the buffer and the field ranges `CSVStorage` keeps.
struct CSVLines {
  var bytes: ContiguousArray<UInt8> = []
  var starts: ContiguousArray<UInt32> = []
  var ends: ContiguousArray<UInt32> = []
  var lineFirst: ContiguousArray<Int> = [0]
  var lineNumber: ContiguousArray<Int> = []

  var count: Int { lineNumber.count }

  /// Fields of line `line`: the first field's index and how many.
  func fields(_ line: Int) -> (first: Int, count: Int) { (lineFirst[line], lineFirst[line + 1] - lineFirst[line]) }

  /// The fields of line `line` as strings (the header; messages).
  func strings(_ line: Int) -> [String] {
    let (first, count) = fields(line)
    return bytes.withUnsafeBufferPointer { all in
      (first..<(first + count)).map { field in
        String(decoding: UnsafeBufferPointer(rebasing: all[Int(starts[field])..<Int(ends[field])]), as: UTF8.self)
      }
    }
  }

  /// Appends a line of fields given as strings (CSV.swift's records, a workbook's rows).
  mutating func append(number: Int, fields: [String]) {
    for field in fields {
      starts.append(UInt32(truncatingIfNeeded: bytes.count))
      bytes.append(contentsOf: field.utf8)
      ends.append(UInt32(truncatingIfNeeded: bytes.count))
    }
    lineFirst.append(starts.count)
    lineNumber.append(number)
  }

  /// Ends a line of fields already added to `starts` and `ends` (the quote-free reader).
  mutating func endLine(number: Int) {
    lineFirst.append(starts.count)
    lineNumber.append(number)
  }
}
