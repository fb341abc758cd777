/// A report table that shows its first `ReportModel.maximumLines` rows and counts the rest:
/// a row past the limit is counted, never built (a nation's plan has a hundred thousand).
struct ShortTable<Row> {
  private(set) var rows: [Row] = []
  private(set) var count = 0

  /// Counts a row, and builds it while the table has room.
  mutating func add(_ row: () -> Row) {
    if count < ReportModel.maximumLines { rows.append(row()) }
    count += 1
  }

  /// The rows shown, with `more(hidden)` after them when some are hidden.
  func lines(_ more: (Int) -> Row) -> [Row] {
    count > ReportModel.maximumLines ? rows + [more(count - ReportModel.maximumLines)] : rows
  }
}
