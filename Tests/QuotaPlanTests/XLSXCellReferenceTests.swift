import Foundation
import Testing
import ZIPFoundation

@testable import QuotaPlan

/// plan.xlsx writes a cell's reference (r="C7") only after a gap in its row, and reuses a
/// column's last shared string when the next row holds the same bytes: both for speed, neither
/// may move a value or merge two spellings.
@Suite struct XLSXCellReferenceTests {
  static func sheet(_ workbook: Data) throws -> String {
    let archive = try Archive(data: workbook, accessMode: .read)
    let entry = try #require(archive["xl/worksheets/sheet1.xml"])
    var data = Data()
    _ = try archive.extract(entry) { data.append($0) }
    return String(decoding: data, as: UTF8.self)
  }

  @Test("a cell after a skipped empty cell names its place; the others follow on")
  func referenceAfterGap() throws {
    let workbook = try XLSXWriter.workbook([("s", [[.text("a"), .text(""), .number(7), .number(8)], [.text(""), .text("b")]])])
    let sheet = try Self.sheet(workbook)
    #expect(sheet.contains("<row r=\"1\"><c t=\"s\"><v>0</v></c><c r=\"C1\"><v>7</v></c><c><v>8</v></c></row>"), "\(sheet)")
    #expect(sheet.contains("<row r=\"2\"><c r=\"B2\" t=\"s\"><v>1</v></c></row>"), "\(sheet)")
  }

  @Test("what quotaplan writes, with gaps, styles and repeated text, reads back cell for cell")
  func readsBack() throws {
    let composed = "\u{E9}cole", decomposed = "e\u{301}cole"
    let rows: [[XLSXWriter.Cell]] = [
      [.text("区"), .text("学校"), .text("人数")],
      [.text("广陵区"), .text(composed), .number(3)],
      [.text("广陵区"), .text(decomposed), .number(4)],
      [.text(""), .text(composed), .text("")],
      [.text("邗江区"), .text(""), .number(-5)],
    ]
    var sheet = XLSXWriter.Sheet(name: "t", rows: rows)
    sheet.rowStyles = [0: .bold, 3: .boxed]
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qp-xlsx-ref-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("t.xlsx")
    try XLSXWriter.workbook([sheet]).write(to: url)
    let read = try XLSXReader.rows(url, sheet: nil, file: "t.xlsx")
    let expected: [[String]] = [["区", "学校", "人数"], ["广陵区", composed, "3"], ["广陵区", decomposed, "4"], ["", composed, ""], ["邗江区", "", "-5"]]
    #expect(read.map(\.0) == [1, 2, 3, 4, 5])
    for (got, want) in zip(read.map(\.1), expected) {
      // Trailing empty cells may be absent when read; every written value is in its column.
      let padded = got + Array(repeating: "", count: max(0, want.count - got.count))
      #expect(padded.map { Array($0.utf8) } == want.map { Array($0.utf8) }, "\(got) \(want)")
    }
  }
}
