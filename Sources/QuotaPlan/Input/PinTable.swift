import Foundation

/// Reads a county's pins file (CSV a county keeps in Excel): school, grade (empty for the whole
/// school), quota (fixed) or at_least / at_most, and a note.
enum PinTable {
  static let columns: [ColumnSpec] = [
    ColumnSpec("school", "学校", aliases: ["学校名称"]),
    ColumnSpec("grade", "年级", required: false),
    ColumnSpec("quota", "指标", aliases: ["固定", "固定指标", "exactly"], required: false),
    ColumnSpec("at_least", "至少", aliases: ["不少于", "minimum"], required: false),
    ColumnSpec("at_most", "至多", aliases: ["不超过", "maximum"], required: false),
    ColumnSpec("note", "说明", aliases: ["备注", "理由", "reason"], required: false),
  ]

  /// Loads the pins and checks each names a school (and grade) of `schools`.
  static func load(url: URL, file: String, schools: [School]) throws -> [Pin] {
    let table = try CSVTable(url: url, file: file, columns: columns)
    var pins: [Pin] = []
    var seen: [String: Int] = [:]
    for row in table.rows {
      let name = table.text(row.fields, "school")
      guard let school = schools.first(where: { $0.name == name }) else {
        throw InputError(file: file, row: row.number, column: table.headerName("school"), "“\(name)” is not a school of the district.")
      }
      let gradeText = table.text(row.fields, "grade")
      var grade: Int?
      if !gradeText.isEmpty {
        guard let parsed = GradeName.parse(gradeText), school.record(parsed) != nil else {
          throw InputError(file: file, row: row.number, column: table.headerName("grade"), "\(name) has no grade “\(gradeText)”.")
        }
        grade = parsed
      }
      func number(_ key: String) throws -> Int? {
        table.text(row.fields, key).isEmpty ? nil : try table.count(row, key, max: 1_000_000)
      }
      let exactly = try number("quota"), atLeast = try number("at_least"), atMost = try number("at_most")
      guard exactly != nil || atLeast != nil || atMost != nil else {
        throw InputError(file: file, row: row.number, "the pin gives no number: fill quota (固定), at_least (至少) or at_most (至多).")
      }
      if exactly != nil, atLeast != nil || atMost != nil {
        throw InputError(file: file, row: row.number, column: table.headerName("quota"), "a fixed quota cannot also have at_least or at_most.")
      }
      if let low = atLeast, let high = atMost, low > high {
        throw InputError(file: file, row: row.number, column: table.headerName("at_least"), "at_least \(low) is above at_most \(high).")
      }
      let key = "\(name)#\(grade.map(String.init) ?? "*")"
      if let earlier = seen[key] {
        throw InputError(file: file, row: row.number, column: table.headerName("school"), "\(name) is already pinned on row \(earlier).")
      }
      seen[key] = row.number
      pins.append(
        Pin(school: name, grade: grade, exactly: exactly, atLeast: atLeast, atMost: atMost, note: table.text(row.fields, "note"), sourceRow: row.number))
    }
    return pins
  }
}
