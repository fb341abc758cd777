import Foundation
import Testing
@testable import QuotaPlan

/// The quote-free fast path of CSV reading gives exactly the rows of CSV.swift's reader: the same
/// text with its first field quoted (which sends it to CSV.swift) reads the same.
@Suite struct TrackCSVTests {
  static func table(_ text: String) throws -> [[String]] {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("quote-free-\(UUID().uuidString).csv")
    try Data(text.utf8).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    let table = try CSVTable(url: url, file: "t.csv", columns: [ColumnSpec("a", "甲"), ColumnSpec("b", "乙", required: false)], collecting: true)
    return [table.header] + table.rows.map { [String($0.number)] + $0.fields }
  }

  @Test(arguments: [
    "a,b\n1,2\n", "a,b\r\n1,2\r\n", "a,b\n1,2", "a,b\n\n1,2\n", "a,b\n,\n1,\n3,4\n", "a\n1\n2\n\n\n", "甲,乙\n丙,丁\n",
    "a,b\r\n\r\n1,2", "a,b\n1,2\n\n\n3,4",
  ])
  func sameRowsAsCSVSwift(_ text: String) throws {
    #expect(QuoteFreeCSV.rows(text) != nil)
    #expect(try Self.table(text) == Self.table("\"" + text.prefix(1) + "\"" + text.dropFirst()))
  }

  @Test(arguments: ["a,\"b\"\n", "a\rb\n"])
  func quotesAndLoneCarriageReturnsGoToCSVSwift(_ text: String) {
    #expect(QuoteFreeCSV.rows(text) == nil)
  }

  @Test func rowsSplitOnCommasAndLineEnds() {
    #expect(QuoteFreeCSV.rows("a,b\r\n1,\n\n2,3") == [["a", "b"], ["1", ""], [""], ["2", "3"]])
  }
}
