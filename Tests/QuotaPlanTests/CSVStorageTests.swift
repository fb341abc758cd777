import Foundation
import Testing
@testable import QuotaPlan

/// The table reader keeps one buffer and reads a field into a `String` only when asked, with
/// byte-level shortcuts (clean names, plain digits, blank rows). Each shortcut must give what
/// the string rules give (`NameText.clean`, `CSVTable.halfWidth`, `Int`): these tests read tricky
/// files and compare every field with the string rules applied to the same field as written.
@Suite struct CSVStorageTests {
  static let columns = [
    ColumnSpec("name", "名称"), ColumnSpec("count", "人数"), ColumnSpec("flag", "是否", required: false),
  ]

  static func read(_ data: Data, columns: [ColumnSpec] = columns) throws -> CSVTable {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("storage-\(UUID().uuidString).csv")
    try data.write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    return try CSVTable(url: url, file: "t.csv", columns: columns, collecting: true)
  }

  static func read(_ text: String) throws -> CSVTable { try read(Data(text.utf8)) }

  /// The rows as strings: row number, then each field as written.
  static func rows(_ table: CSVTable) -> [[String]] {
    table.rows.map { [String($0.number)] + $0.fields }
  }

  /// Fields a planner types: spaces of every kind around names and numbers, invisible
  /// characters, full-width digits and punctuation, signs, long numbers.
  static let cells = [
    "第一中学", " 第一中学", "第一中学 ", "\u{3000}第一中学\u{3000}", "第一中学\u{200B}", "\u{FEFF}第一中学", "甲\u{200C}乙",
    "第一中学（东校区）", "第一中学、", "No.1 中学", "\u{00A0}No.1\u{00A0}", "\u{2003}东\u{2003}", "ａｂｃ", "中学\t", "é", "Ｅ",
    "45", " 45", "45 ", "４５", "\u{3000}４５", "+5", "-3", "0012", "123456789012345678", "1234567890123456789", "1e3", "4 5",
    "", " ", "\u{3000}", "\u{200B}", "是", "否", "Yes", "ｙ", "1", "0", "maybe",
  ]

  /// What `text` returned when every field was a `String`.
  static func oldText(_ field: String) -> String { field.isEmpty ? field : NameText.clean(field) }

  /// What `count` returned when every field was a `String` (nil for any refusal).
  static func oldCount(_ field: String, max: Int) -> Int? {
    let raw = CSVTable.trimmed(CSVTable.halfWidth(oldText(field)))
    guard !raw.isEmpty, let value = Int(raw), value >= 0, value <= max else { return nil }
    return value
  }

  /// Every pair of tricky cells as a name and a count, quote-free and through CSV.swift (a quoted
  /// header sends the text there), LF and CRLF: `text`, `raw`, `count` and `flag` are the string rules.
  @Test(arguments: ["\n", "\r\n"], [false, true])
  func everyFieldReadsAsTheStringRulesReadIt(lineEnd: String, quoted: Bool) throws {
    var lines = [quoted ? "\"名称\",人数,是否" : "名称,人数,是否"]
    for (index, name) in Self.cells.enumerated() {
      let count = Self.cells[(index * 7) % Self.cells.count]
      let flag = Self.cells[(index * 11) % Self.cells.count]
      lines.append([name, count, flag].joined(separator: ","))
    }
    let text = lines.joined(separator: lineEnd) + lineEnd
    #expect((QuoteFreeCSV.rows(text) == nil) == quoted)
    let table = try Self.read(text)
    #expect(table.rows.count > 10)
    for row in table.rows {
      for (key, position) in [("name", 0), ("count", 1), ("flag", 2)] {
        let field = row.fields[position]
        #expect(table.raw(row.fields, key) == field)
        #expect(table.text(row.fields, key) == Self.oldText(field), "row \(row.number) \(key) «\(field.debugEscaped)»")
        for max in [10, 10_000_000] {
          #expect((try? table.count(row, key, max: max)) == Self.oldCount(field, max: max), "row \(row.number) «\(field.debugEscaped)»")
        }
      }
      let flagText = CSVTable.halfWidth(Self.oldText(row.fields[2])).lowercased()
      let expected: Bool? = ["", "否", "no", "n", "0", "false", "f", "非", "无"].contains(flagText) ? false
        : ["是", "yes", "y", "1", "true", "t"].contains(flagText) ? true : nil
      #expect((try? table.flag(row, "flag")) == expected, "row \(row.number) flag «\(row.fields[2].debugEscaped)»")
    }
  }

  /// Rows made only of spaces and invisible characters are blank and skipped; any letter, digit
  /// or ideograph keeps the row; row numbers stay Excel's.
  @Test func blankRowsAreSkippedAndRowNumbersKept() throws {
    let text = "名称,人数\n甲,1\n,\n \u{3000},\u{200B}\n\u{FEFF},\u{00A0}\n\n乙,2\n\u{3000}丙,\n,é\n"
    let table = try Self.read(text)
    #expect(Self.rows(table) == [["2", "甲", "1"], ["7", "乙", "2"], ["8", "\u{3000}丙", ""], ["9", "", "é"]])
    // A field that is all spaces but one invisible character is still blank, quoted or not.
    let quoted = try Self.read("\"名称\",人数\n\u{200B}\u{3000},\n甲,1\n")
    #expect(Self.rows(quoted) == [["3", "甲", "1"]])
  }

  /// The same table saved with a BOM, with CRLF, quoted, as GB18030 and as UTF-16 reads to the
  /// same rows.
  @Test func encodingsAndLineEndsReadTheSameRows() throws {
    let text = "名称,人数,备注\n第一中学（东校区）,４５,\u{3000}\n第二中学,12,说\n\n第三中学 ,7,x\n"
    let expected = Self.rows(try Self.read(text))
    #expect(expected.count == 3)
    #expect(Self.rows(try Self.read(Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8))) == expected)
    #expect(Self.rows(try Self.read(text.replacingOccurrences(of: "\n", with: "\r\n"))) == expected)
    #expect(Self.rows(try Self.read("\"名称\"" + text.dropFirst(2))) == expected)
    #expect(Self.rows(try Self.read(Data(text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }).withBOM16)) == expected)
    let gb = try Self.iconv(text, to: "GB18030")
    #expect(String(data: gb, encoding: .utf8) == nil)
    #expect(Self.rows(try Self.read(gb)) == expected)
  }

  /// A quoted field with a comma, a line break and a doubled quote is one field, and the row
  /// after it keeps its number as CSV.swift counts records.
  @Test func quotedFieldsKeepCommasLineBreaksAndQuotes() throws {
    let table = try Self.read("名称,人数\n\"甲,乙\",1\n\"丙\n丁\",2\n\"戊\"\"己\",3\n")
    #expect(Self.rows(table) == [["2", "甲,乙", "1"], ["3", "丙\n丁", "2"], ["4", "戊\"己", "3"]])
    #expect(table.text(table.rows[0].fields, "name") == "甲,乙")
  }

  /// Short and long rows are refused with the sentences they had, naming the row.
  @Test func rowsOfTheWrongShapeAreRefusedByRow() throws {
    let table = try Self.read("名称,人数\n甲\n乙,1,,\n丙,1,2\n丁,4\n")
    #expect(Self.rows(table) == [["3", "乙", "1", "", ""], ["5", "丁", "4"]])
    let messages = table.problems.error?.all.map(\.line) ?? []
    #expect(messages.count == 2)
    #expect(messages.first?.contains("row 2") == true)
    #expect(messages.first?.contains("the row has 1 fields but the header names 2 columns.") == true)
    #expect(messages.last?.contains("row 4") == true)
    #expect(messages.last?.contains("the row has 3 fields but the header names 2 columns.") == true)
  }

  /// The byte test for a clean field never calls a field clean that `NameText.clean` changes:
  /// thousands of fields built from spaces, invisible characters, ideographs, full-width forms
  /// and ASCII.
  @Test func theCleanShortcutNeverDisagreesWithNameTextClean() {
    let pieces = ["a", "1", " ", "\u{3000}", "\u{200B}", "\u{FEFF}", "\u{00A0}", "\u{2003}", "中", "（", "）", "、", "ａ", "\t", "é", "\u{1680}", "\u{205F}", "\u{4E00}", "\u{9FFF}", "\u{3400}"]
    var state: UInt64 = 7
    var shortcut = 0
    for _ in 0..<5_000 {
      var field = ""
      state = state &* 6364136223846793005 &+ 1442695040888963407
      for step in 0..<(1 + Int(state >> 60)) {
        field += pieces[Int((state >> UInt64(4 * step % 56)) % UInt64(pieces.count))]
      }
      let clean = Array(field.utf8).withUnsafeBufferPointer { CSVStorage.isClean($0) }
      if clean {
        shortcut += 1
        #expect(NameText.clean(field) == field, "«\(field.debugEscaped)»")
      }
    }
    #expect(shortcut > 100)
  }

  /// Plain digits read from the bytes are the number `Int` reads, up to 18 digits; longer ones
  /// and anything else go the long way.
  @Test func digitsAreWhatIntReads() throws {
    var lines = ["名称,人数"]
    let numbers = ["0", "7", "007", "45", "999999999999999999", "1000000000000000000", "9223372036854775807", "99999999999999999999"]
    lines += numbers.map { "甲,\($0)" }
    let table = try Self.read(lines.joined(separator: "\n"))
    for (row, number) in zip(table.rows, numbers) {
      let position = try #require(table.position("count"))
      let fast = row.fields.storage.digits(row.fields.first + position)
      #expect(fast == (number.count <= 18 ? Int(number) : nil))
      #expect((try? table.count(row, "count", max: Int.max)) == Int(number))
    }
  }

  static func iconv(_ text: String, to encoding: String) throws -> Data {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("iconv-\(UUID().uuidString).txt")
    try Data(text.utf8).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    return try Fixture.iconv(url, to: encoding)
  }
}

extension Data {
  /// The UTF-16 little-endian bytes with their byte-order mark in front.
  fileprivate var withBOM16: Data { Data([0xFF, 0xFE]) + self }
}
