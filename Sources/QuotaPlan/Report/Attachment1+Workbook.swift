import Foundation

/// Attachment 1 laid out for Excel and print: 附件1, the title and the city's block over the
/// table, two header rows (each category's label over its 指标, 起始编号 and 终止编号), one row
/// per recipient, the 合计 row. Member numbers are text cells, so Excel shows all 12 digits.
extension Attachment1 {
  /// The file names of Attachment 1's own files in a plan folder.
  public static let workbookFile = "attachment1.xlsx"
  public static let csvFile = "attachment1.csv"

  /// Rows above the table: 附件1, the title, the subtitle.
  static let titleRows = 3
  /// Header rows: the categories, then quota / first / last number.
  static let headerRows = 2
  /// Columns before the categories: district, unit.
  static let leadingColumns = 2

  /// Columns of the table: district, unit, three per category, the recipient's total.
  var columnCount: Int { Self.leadingColumns + 3 * categories.count + 1 }

  /// Every row of the sheet, as cells (the CSV writes the same rows as text).
  public func grid() -> [[XLSXWriter.Cell]] {
    let width = columnCount
    func line(_ first: String) -> [XLSXWriter.Cell] { [.text(first)] + Array(repeating: .text(""), count: width - 1) }
    var categoryRow: [XLSXWriter.Cell] = [.text(header("district")), .text(header("unit"))]
    var keyRow: [XLSXWriter.Cell] = [.text(""), .text("")]
    for label in categories {
      categoryRow += [.text(label), .text(""), .text("")]
      keyRow += ["quota", "first_number", "last_number"].map { .text(header($0)) }
    }
    categoryRow.append(.text(header("total")))
    keyRow.append(.text(""))
    var grid = [line(attachmentLabel), line(title), line(subtitle), categoryRow, keyRow]
    grid.reserveCapacity(rows.count + 6)
    for row in rows {
      var cells: [XLSXWriter.Cell] = [.text(row.district), .text(row.unit ?? "")]
      for entry in row.entries {
        if let range = entry.range {
          cells += [.number(entry.quota), .text(String(range.lowerBound)), .text(String(range.upperBound))]
        } else {
          cells += [.text("—"), .text(""), .text("")]
        }
      }
      cells.append(.number(row.total))
      grid.append(cells)
    }
    var totals: [XLSXWriter.Cell] = [.text(header("total")), .text("")]
    for quota in categoryTotals { totals += [quota > 0 ? .number(quota) : .text("—"), .text(""), .text("")] }
    totals.append(.number(total))
    grid.append(totals)
    return grid
  }

  /// The sheet: widths, the header rows and recipient columns frozen, merged title and
  /// category headers, A4 landscape fitted to the page width.
  public func sheet(name: String? = nil) -> XLSXWriter.Sheet {
    let grid = grid()
    var sheet = XLSXWriter.Sheet(name: name ?? ColumnHeaders.sheet("attachment1", language), rows: grid)
    let last = columnCount - 1
    let top = Self.titleRows
    sheet.columnWidths = [Self.width(rows.map(\.district), least: 10), Self.width(rows.compactMap(\.unit), least: 6)]
      + categories.flatMap { _ in [7.0, 14.5, 14.5] } + [8]
    sheet.frozenRows = top + Self.headerRows
    sheet.frozenColumns = Self.leadingColumns
    sheet.landscape = true
    sheet.repeatedRows = top...top + 1
    sheet.merges = [(1...1, 0...last), (2...2, 0...last), (top...top + 1, 0...0), (top...top + 1, 1...1), (top...top + 1, last...last)]
      + categories.indices.map { index in
        let first = Self.leadingColumns + 3 * index
        return (top...top, first...first + 2)
      }
    var styles: [Int: XLSXWriter.Style] = [0: .bold, 1: .title, 2: .plain, top: .header, top + 1: .header, grid.count - 1: .boxedBold]
    for row in (top + Self.headerRows)..<(grid.count - 1) { styles[row] = .boxed }
    sheet.rowStyles = styles
    return sheet
  }

  /// A column's width in characters for `names`: a Chinese character takes about two, and the
  /// longest name shows whole (up to 40).
  static func width(_ names: [String], least: Double) -> Double {
    let widest = names.map { name in name.unicodeScalars.reduce(0) { $0 + ($1.value < 0x2E80 ? 1 : 2) } }.max() ?? 0
    return min(40, max(least, Double(widest) + 2))
  }

  /// attachment1.xlsx: Attachment 1 alone.
  public func workbook() throws -> Data {
    try XLSXWriter.workbook([sheet()])
  }

  private func header(_ key: String) -> String { ColumnHeaders.name(key, language) }
}
