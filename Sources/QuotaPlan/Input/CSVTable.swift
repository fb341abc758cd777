import CSV
import Foundation

/// One column a table expects, with every header a planner may write for it.
struct ColumnSpec: Sendable {
  /// English name used in messages and outputs.
  let key: String
  /// Chinese header.
  let chinese: String
  /// Further accepted spellings.
  let aliases: [String]
  let required: Bool

  init(_ key: String, _ chinese: String, aliases: [String] = [], required: Bool = true) {
    self.key = key
    self.chinese = chinese
    self.aliases = aliases
    self.required = required
  }

  /// How the column is named in messages: `students (学生数)`.
  var label: String { "\(key) (\(chinese))" }

  /// How the column is named in Chinese messages: `“学生数”（students）`.
  var labelZH: String { "“\(chinese)”（\(key)）" }

  /// Every header accepted for the column.
  var spellings: [String] { [key, chinese] + aliases }

  func matches(_ header: String) -> Bool {
    let wanted = CSVTable.normalise(header)
    return spellings.contains { CSVTable.normalise($0) == wanted }
  }
}

/// One data row of a table: its Excel row number (header = 1) and its fields.
struct CSVRow {
  let number: Int
  let fields: CSVFields
}

/// The fields of one row, as views into the table's buffer: a field becomes a `String` only
/// when it is read.
struct CSVFields: RandomAccessCollection {
  let storage: CSVStorage
  /// The row's first field in the storage, and how many fields it has.
  let first: Int
  let fieldCount: Int

  var startIndex: Int { 0 }
  var endIndex: Int { fieldCount }
  subscript(position: Int) -> String { storage.string(first + position) }
}

/// The data rows of a table, in file order.
struct CSVRows: RandomAccessCollection {
  let storage: CSVStorage

  var startIndex: Int { 0 }
  var endIndex: Int { storage.rowLine.count }
  subscript(position: Int) -> CSVRow {
    let line = storage.rowLine[position]
    let first = storage.lineFirst[line]
    return CSVRow(
      number: storage.lineNumber[line], fields: CSVFields(storage: storage, first: first, fieldCount: storage.lineFirst[line + 1] - first))
  }
}

/// A CSV file read into rows of fields, with Excel's row numbers kept for messages.
///
/// Accepts UTF-8 with or without BOM, CRLF or LF, quoted fields; headers in any order,
/// English or Chinese. Blank rows (every field empty) are skipped. A header that looks like a
/// misspelt known column (`privat`, `last_year_quot`, `typ`) is an error with “did you mean”;
/// other extra columns (备注, remarks) are ignored and listed in `ignoredNote`.
/// Row problems are collected in `problems` (the caller adds its own and throws them all).
///
/// The whole text is one buffer and each row a range of field bounds in it (`CSVStorage`); a
/// field becomes a `String` only when `text`, `raw`, `count` or `flag` reads it. A class: the
/// readers' per-row closures share it instead of copying its arrays.
final class CSVTable {
  let file: String
  let header: [String]
  /// Data rows: Excel row number (header = 1) and fields.
  let rows: CSVRows
  /// The column of each key read, by key (a handful: a linear search beats hashing).
  private let positions: [(key: String, position: Int)]
  /// Headers of the columns that are not read, as written.
  let ignored: [String]
  /// The problems found so far, rows refused by their shape among them (not in `rows`).
  var problems: InputProblems

  /// Reads `url`, naming it `file` in messages, and maps `columns` onto its header.
  /// Reads a CSV file or an Excel workbook (by its bytes); `sheet` picks a workbook's sheet by
  /// name (see `DataPath`), the first sheet is read otherwise.
  /// With `collecting`, rows refused by their shape are left in `problems` for the caller to
  /// throw with its own; otherwise they are thrown here (callers that stop at the first problem).
  init(url: URL, sheet: String? = nil, file: String, columns: [ColumnSpec], limits: InputLimits = InputLimits(), collecting: Bool = false) throws {
    guard FileManager.default.fileExists(atPath: url.path) else {
      throw InputError(file: file, zh: "文件不存在。", en: "the file is missing.")
    }
    // Every table (scenario data, a county's --data, --pins) is read here: a pipe or a device is
    // named as such instead of "cannot be read", and never read.
    if let kind = SafeFile.irregularKind(url.path) {
      throw InputError(
        file: file, zh: "该文件是\(SafeFile.kindZH(kind))，不是普通文件；表格须为 CSV 文件或 Excel 工作簿。",
        en: "the file is \(kind), not a regular file; a table must be a CSV file or an Excel workbook.")
    }
    try limits.checkSize(url, file: file)
    let (lines, readError) = try Self.lines(url: url, sheet: sheet, file: file, limits: limits)
    // Field bounds are 32-bit: a text past 4 GiB (only with a raised limits.max_file_megabytes) is refused.
    guard lines.bytes.count < Int(UInt32.max) else {
      throw InputError(
        file: file, zh: "该文件的文本超过 4 GB；请把它拆成几个文件。", en: "the file's text is larger than 4 GB; split it into several files.")
    }
    // Excel's CSV keeps every column (empty ones as commas); a workbook row omits trailing blanks.
    let shortRowsAreBroken = !readError.isWorkbook
    let header = lines.count > 0 ? lines.strings(0) : []
    guard lines.count > 0, lines.lineNumber[0] == 1, header.contains(where: { !Self.normalise($0).isEmpty }) else {
      if lines.count > 0 {
        throw InputError(file: file, row: 1, zh: "第一行是空的；第一行须写明各列的列名。", en: "the first row is empty; it must name the columns.")
      }
      throw InputError(file: file, row: 1, zh: "文件是空的；第一行须写明各列的列名。", en: "the file is empty; the first row must name the columns.")
    }
    var problems = InputProblems(file: file, limit: limits.maxErrors)
    var index: [String: Int] = [:]
    var unknown: [(position: Int, name: String)] = []
    for (position, name) in header.enumerated() {
      guard let spec = columns.first(where: { $0.matches(name) }) else {
        if !Self.normalise(name).isEmpty { unknown.append((position, name)) }
        continue
      }
      if let earlier = index[spec.key] {
        problems.add(InputError(
          file: file, row: 1, column: name,
          zh: "\(spec.labelZH)列出现了两次（第 \(earlier + 1) 列和第 \(position + 1) 列）。",
          en: "the column \(spec.label) appears twice (columns \(earlier + 1) and \(position + 1))."))
        continue
      }
      index[spec.key] = position
    }
    // An unknown column close to a known one that is absent is a slip, not a remark.
    var ignored: [String] = []
    var suggested: [String: [String]] = [:]
    for (_, name) in unknown {
      let written = Self.normalise(name)
      let near = columns.filter { index[$0.key] == nil }.compactMap { spec -> (ColumnSpec, Int)? in
        let distances = spec.spellings.filter { NameText.isNear(written, Self.normalise($0)) }
          .map { NameText.distance(written, Self.normalise($0)) }
        return distances.min().map { (spec, $0) }
      }.min { $0.1 < $1.1 }
      if let (spec, _) = near {
        suggested[spec.key, default: []].append(name)
        if !spec.required {
          problems.add(InputError(
            file: file, row: 1, column: name,
            zh: "quotaplan 不认识“\(name)”这一列；是否应为\(spec.labelZH)？请改正列名，以便读取（不认识的列会被忽略）。",
            en: "“\(name)” is not a column quotaplan knows; did you mean \(spec.label)? Rename the column so it is read (a column left unknown is ignored)."))
        }
      } else {
        ignored.append(name)
      }
    }
    for spec in columns where spec.required && index[spec.key] == nil {
      let hint = suggested[spec.key].map { "; did you mean “\($0.joined(separator: "”, “"))”? Rename it to \(spec.key) or \(spec.chinese)" } ?? ""
      let hintZH = suggested[spec.key].map { "；是否应为“\($0.joined(separator: "”“"))”？请将其改名为“\(spec.chinese)”或“\(spec.key)”" } ?? ""
      problems.add(InputError(
        file: file, row: 1, column: suggested[spec.key]?.first,
        zh: "表头缺少\(spec.labelZH)列\(hintZH)。", en: "the column \(spec.label) is missing from the header\(hint)."))
    }
    try problems.check()

    let storage = CSVStorage(lines, rows: [])
    var rows: ContiguousArray<Int> = []
    var number = 1
    for line in 1..<lines.count {
      let rowNumber = lines.lineNumber[line]
      number = rowNumber
      if rows.count >= limits.maxRows {
        problems.add(InputError(
          file: file, row: number, zh: "文件的数据行超过 \(limits.maxRows) 行（设置项 limits.max_rows）。",
          en: "the file has more than \(limits.maxRows) data rows (setting limits.max_rows)."))
        try problems.check()
      }
      let (first, count) = lines.fields(line)
      if storage.isBlank(first: first, count: count) { continue }
      if shortRowsAreBroken, count < header.count {
        let open = (first..<(first + count)).contains { storage.contains($0, 10) }
        let hint = open ? " A quote (\") seems to be left open." : ""
        let hintZH = open ? "似乎有一个引号（\"）没有闭合。" : ""
        problems.add(InputError(
          file: file, row: number, zh: "该行有 \(count) 个字段，但表头有 \(header.count) 列。\(hintZH)",
          en: "the row has \(count) fields but the header names \(header.count) columns.\(hint)"))
        continue
      }
      guard count <= header.count || ((first + header.count)..<(first + count)).allSatisfy({ storage.isEmpty($0) }) else {
        problems.add(InputError(
          file: file, row: number, zh: "该行有 \(count) 个字段，但表头只有 \(header.count) 列。",
          en: "the row has \(count) fields but the header names \(header.count) columns."))
        continue
      }
      rows.append(line)
    }
    if let error = readError.error {
      problems.add(InputError(
        file: file, row: number + 1, zh: "无法按 CSV 读取该文件（\(error)）。", en: "the file cannot be read as CSV (\(error))."))
      try problems.check()
    }

    if !collecting { try problems.check() }
    self.file = file
    self.header = header
    self.rows = CSVRows(storage: CSVStorage(lines, rows: rows))
    self.positions = index.map { (key: $0.key, position: $0.value) }
    self.ignored = ignored
    self.problems = problems
  }

  /// How the lines were read: from a workbook, and the CSV reader's error where it stopped.
  private struct ReadEnd {
    var isWorkbook = false
    var error: Error?
  }

  /// The lines of the file at `url`: a workbook's rows, or the text's lines (quote-free over its
  /// bytes, else through CSV.swift's reader).
  private static func lines(url: URL, sheet: String?, file: String, limits: InputLimits) throws -> (CSVLines, ReadEnd) {
    guard let data = try? Data(contentsOf: url) else {
      throw InputError(file: file, zh: "无法读取该文件。", en: "the file cannot be read.")
    }
    var lines = CSVLines()
    if XLSXReader.isWorkbook(data) {
      for (number, fields) in try XLSXReader.rows(url, sheet: sheet, file: file, limits: limits) {
        lines.append(number: number, fields: fields)
      }
      return (lines, ReadEnd(isWorkbook: true))
    }
    guard let (text, _) = TextDecoding.decode(data) else {
      throw InputError(
        file: file,
        zh: "该文件既不是 UTF-8 或 GB18030/GBK 文本，也不是 Excel 工作簿；请在 Excel 中另存为“CSV UTF-8”“CSV”或“.xlsx”。",
        en: "the file is neither UTF-8 nor GB18030/GBK text, nor an Excel workbook; save it from Excel as “CSV UTF-8”, “CSV” or “.xlsx”.")
    }
    var bytes = ContiguousArray(text.utf8)
    if let quoteFree = QuoteFreeCSV.lines(&bytes) { return (quoteFree, ReadEnd()) }
    bytes = []
    let reader: CSVReader
    do {
      reader = try CSVReader(string: text, hasHeaderRow: false)
    } catch {
      throw InputError(file: file, zh: "无法按 CSV 读取该文件。", en: "the file cannot be read as CSV.")
    }
    while let fields = reader.next() {
      lines.append(number: lines.count + 1, fields: fields)
    }
    return (lines, ReadEnd(error: reader.error))
  }

  /// One line for the planner naming the columns that are not read, or nil when every column is.
  var ignoredNote: String? { ignoredNote(.en) }

  /// The note on the columns that are not read, in `language`.
  func ignoredNote(_ language: Language) -> String? {
    guard !ignored.isEmpty else { return nil }
    let names = ignored.map { "“\($0)”" }.joined(separator: "、")
    if language == .zh { return "\(file)：quotaplan 不使用\(names)列，已忽略。" }
    return "\(file): the column\(ignored.count == 1 ? "" : "s") \(names) \(ignored.count == 1 ? "is" : "are") not used by quotaplan and \(ignored.count == 1 ? "was" : "were") ignored."
  }

  /// A problem on a data row, in the column `key` as the file names it (or the whole row).
  func problem(_ row: CSVRow, _ key: String?, _ message: String) -> InputError {
    InputError(file: file, row: row.number, column: key.map(headerName), message)
  }

  /// A problem on a data row, in both languages.
  func problem(_ row: CSVRow, _ key: String?, zh: String, en: String) -> InputError {
    InputError(file: file, row: row.number, column: key.map(headerName), zh: zh, en: en)
  }

  /// The column of `key` in the file, or nil when the file does not have it.
  func position(_ key: String) -> Int? {
    for entry in positions where entry.key == key { return entry.position }
    return nil
  }

  /// True when the file has this column.
  func has(_ key: String) -> Bool { position(key) != nil }

  /// The header as written for a column, for messages.
  func headerName(_ key: String) -> String {
    position(key).map { header[$0] } ?? key
  }

  /// The trimmed text of a field (empty when the column is absent or the row is short). Names
  /// keep their full-width punctuation (（）、，); only the spaces around them go.
  func text(_ fields: CSVFields, _ key: String) -> String { text(fields, at: position(key)) }

  /// `text` of the field in `column` (a `position(_:)`, found once for many rows).
  func text(_ fields: CSVFields, at column: Int?) -> String {
    guard let column, column < fields.fieldCount else { return "" }
    return fields.storage.text(fields.first + column)
  }

  /// The field exactly as written (empty when the column is absent or the row is short).
  func raw(_ fields: CSVFields, _ key: String) -> String { raw(fields, at: position(key)) }

  /// `raw` of the field in `column` (a `position(_:)`).
  func raw(_ fields: CSVFields, at column: Int?) -> String {
    guard let column, column < fields.fieldCount else { return "" }
    return fields.storage.string(fields.first + column)
  }

  /// True when the field is empty as written (the column absent or the row short included).
  func isEmpty(_ fields: CSVFields, _ key: String) -> Bool {
    guard let position = position(key), position < fields.fieldCount else { return true }
    return fields.storage.isEmpty(fields.first + position)
  }

  /// `text` without the spaces around it; most fields have none, and come back uncopied.
  static func trimmed(_ text: String) -> String {
    guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return text }
    if !spaces.contains(first) && !spaces.contains(last) { return text }
    return text.trimmingCharacters(in: spaces)
  }

  /// Spaces, line breaks and the ideographic space that Chinese input methods type.
  static let spaces = CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{3000}"))

  /// A required whole number ≥ 0, with full-width digits and surrounding spaces accepted.
  func count(_ row: CSVRow, _ key: String, max: Int = 10_000_000) throws -> Int {
    // Most counts are plain ASCII digits: read from the bytes, the same number `Int` reads.
    if let position = position(key), position < row.fields.fieldCount, let value = row.fields.storage.digits(row.fields.first + position),
      value <= max
    {
      return value
    }
    let raw = Self.trimmed(Self.halfWidth(text(row.fields, key)))
    guard !raw.isEmpty else {
      throw InputError(file: file, row: row.number, column: headerName(key), zh: "单元格是空的；这里需要一个整数。", en: "the value is empty; a whole number is needed.")
    }
    guard let value = Int(raw) else {
      throw InputError(file: file, row: row.number, column: headerName(key), zh: "“\(raw)”不是整数。", en: "“\(raw)” is not a whole number.")
    }
    guard value >= 0 else {
      throw InputError(file: file, row: row.number, column: headerName(key), zh: "\(value) 是负数；人数不能小于 0。", en: "\(value) is negative; counts cannot be below 0.")
    }
    guard value <= max else {
      throw InputError(file: file, row: row.number, column: headerName(key), zh: "\(value) 大得不合常理（超过 \(max)）。", en: "\(value) is implausibly large (more than \(max)).")
    }
    return value
  }

  /// An optional yes/no flag (是/否, yes/no, y/n, 1/0, true/false); empty means no.
  func flag(_ row: CSVRow, _ key: String) throws -> Bool {
    if isEmpty(row.fields, key) { return false }
    let raw = Self.halfWidth(text(row.fields, key)).lowercased()
    switch raw {
    case "", "否", "no", "n", "0", "false", "f", "非", "无": return false
    case "是", "yes", "y", "1", "true", "t": return true
    default:
      throw InputError(file: file, row: row.number, column: headerName(key), zh: "“\(raw)”不是“是/否”。", en: "“\(raw)” is not yes/no (是/否).")
    }
  }

  /// Lower-cased header in NFKC (no full-width forms), without spaces, underscores, hyphens or
  /// invisible characters: `Last Year Quota`, `last_year_quota` and `民 办` match their column.
  static func normalise(_ header: String) -> String {
    NameText.key(header).lowercased().filter { !" _-\t\u{3000}".contains($0) }
  }

  /// Turns full-width digits, letters and spaces (Chinese input methods) into ASCII.
  static func halfWidth(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: { $0.value >= 0xFF01 && $0.value <= 0xFF5E || $0.value == 0x3000 }) else {
      return text
    }
    return String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
      if scalar.value == 0x3000 { return " " }
      if scalar.value >= 0xFF01 && scalar.value <= 0xFF5E { return Unicode.Scalar(scalar.value - 0xFEE0) ?? scalar }
      return scalar
    }))
  }
}
