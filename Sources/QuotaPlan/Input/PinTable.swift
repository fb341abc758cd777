import Foundation

/// Reads a county's pins file (CSV a county keeps in Excel): school, grade (empty for the whole
/// school), quota (fixed) or at_least / at_most, and a note.
enum PinTable {
  static let columns: [ColumnSpec] = [
    ColumnSpec("school", "学校", aliases: ["学校名称"]),
    ColumnSpec("category", "类别", required: false),
    ColumnSpec("grade", "年级", required: false),
    ColumnSpec("quota", "指标", aliases: ["固定", "固定指标", "exactly"], required: false),
    ColumnSpec("at_least", "至少", aliases: ["不少于", "minimum"], required: false),
    ColumnSpec("at_most", "至多", aliases: ["不超过", "maximum"], required: false),
    ColumnSpec("note", "说明", aliases: ["备注", "理由", "reason"], required: false),
  ]

  /// Loads the pins and checks each names one school (and grade) of `schools`. A refinement is
  /// one district's, so a name is unique unless the school is in two categories: then the
  /// optional category column (类别: id or Chinese name) says which.
  static func load(url: URL, file: String, schools: [School], policy: Policy? = nil) throws -> [Pin] {
    let table = try CSVTable(url: url, file: file, columns: columns)
    var pins: [Pin] = []
    var seen: [String: Int] = [:]
    for row in table.rows {
      let name = School.normalized(table.text(row.fields, "school"))
      let categoryText = table.text(row.fields, "category")
      var categoryID: String?
      if !categoryText.isEmpty {
        let known = Set(schools.map(\.category))
        categoryID = policy.flatMap { CategoryResolver(policy: $0).category(named: categoryText)?.id }
          ?? (known.contains(categoryText) ? categoryText : nil)
        guard categoryID != nil else {
          throw InputError(file: file, row: row.number, column: table.headerName("category"), zh: "“\(categoryText)”不是该区县的学校类别。",
            en: "“\(categoryText)” is not a school category of the district.")
        }
      }
      let candidates = schools.filter { $0.matches(name: name, category: categoryID) }
      guard let school = candidates.first else {
        throw InputError(
          file: file, row: row.number, column: table.headerName("school"),
          zh: "“\(name)”\(categoryText.isEmpty ? "" : "（\(categoryText)）")不是该区县的学校。",
          en: "“\(name)”\(categoryText.isEmpty ? "" : " (\(categoryText))") is not a school of the district.")
      }
      if candidates.count > 1 {
        let names = candidates.map { policy?.category($0.category)?.name ?? $0.category }.joined(separator: "、")
        throw InputError(
          file: file, row: row.number, column: table.headerName("school"),
          zh: "“\(name)”在 \(candidates.count) 个类别中都有（\(names)）：请填写“类别”列指明是哪一个。",
          en: "“\(name)” is a school in \(candidates.count) categories (\(names)): fill the category column (类别) to say which.")
      }
      let gradeText = table.text(row.fields, "grade")
      var grade: Int?
      if !gradeText.isEmpty {
        guard let parsed = GradeName.parse(gradeText), school.record(parsed) != nil else {
          throw InputError(file: file, row: row.number, column: table.headerName("grade"), zh: "\(name)没有“\(gradeText)”这个年级。",
            en: "\(name) has no grade “\(gradeText)”.")
        }
        grade = parsed
      }
      func number(_ key: String) throws -> Int? {
        table.text(row.fields, key).isEmpty ? nil : try table.count(row, key, max: 1_000_000)
      }
      let exactly = try number("quota"), atLeast = try number("at_least"), atMost = try number("at_most")
      guard exactly != nil || atLeast != nil || atMost != nil else {
        throw InputError(
          file: file, row: row.number, zh: "这条承诺没有给出数字：请填写“固定”（quota）、“至少”（at_least）或“至多”（at_most）。",
          en: "the pin gives no number: fill quota (固定), at_least (至少) or at_most (至多).")
      }
      if exactly != nil, atLeast != nil || atMost != nil {
        throw InputError(file: file, row: row.number, column: table.headerName("quota"), zh: "固定名额不能同时写“至少”或“至多”。",
          en: "a fixed quota cannot also have at_least or at_most.")
      }
      if let low = atLeast, let high = atMost, low > high {
        throw InputError(file: file, row: row.number, column: table.headerName("at_least"), zh: "“至少” \(low) 大于“至多” \(high)。",
          en: "at_least \(low) is above at_most \(high).")
      }
      let key = "\(name)#\(school.category)#\(grade.map(String.init) ?? "*")"
      if let earlier = seen[key] {
        throw InputError(file: file, row: row.number, column: table.headerName("school"), zh: "\(name)已在第 \(earlier) 行承诺过。",
          en: "\(name) is already pinned on row \(earlier).")
      }
      seen[key] = row.number
      pins.append(
        Pin(school: school.name, district: school.district, category: categoryID, grade: grade, exactly: exactly, atLeast: atLeast, atMost: atMost, note: table.text(row.fields, "note"), sourceRow: row.number))
    }
    return pins
  }
}
