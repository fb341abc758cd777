/// attachment1.csv: Attachment 1's sheet as a CSV, row for row.
extension Attachment1 {
  /// attachment1.csv: the sheet's rows as a CSV (UTF-8 with a BOM, so Excel shows the Chinese);
  /// member numbers are digits, as a CSV has no cell types.
  public func csv() -> CSVDocument {
    let lines = grid().map { row in
      row.map { cell -> String in
        switch cell {
        case .text(let text): return text
        case .number(let number): return String(number)
        }
      }
    }
    return CSVDocument(header: lines.first ?? [], rows: Array(lines.dropFirst()))
  }
}
