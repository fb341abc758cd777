import Foundation

/// Reads the schools file: one row per school-grade (DOMAIN.md's columns).
enum SchoolTable {
  static let columns: [ColumnSpec] = [
    ColumnSpec("district", "区县", aliases: ["县市区", "县（市、区）", "地区"]),
    ColumnSpec("school", "学校", aliases: ["学校名称", "school name"]),
    ColumnSpec("category", "类别", aliases: ["学校类别", "领域"]),
    ColumnSpec("grade", "年级"),
    ColumnSpec("classes", "班级数", aliases: ["班级"]),
    ColumnSpec("students", "学生数", aliases: ["学生人数"]),
    ColumnSpec("members", "团员数", aliases: ["现有团员数", "团员人数"]),
    ColumnSpec("private", "民办", required: false),
    ColumnSpec("rural", "农村", required: false),
    ColumnSpec("last_year_quota", "上年指标", aliases: ["上年指标数", "2021年指标"], required: false),
  ]

  /// Loads and checks every row against the policy; schools come back grouped with grades.
  static func load(url: URL, sheet: String? = nil, file: String, policy: Policy, limits: InputLimits = InputLimits()) throws -> [School] {
    let table = try CSVTable(url: url, sheet: sheet, file: file, columns: columns, limits: limits)
    guard !table.rows.isEmpty else {
      throw InputError(file: file, row: 2, "the file has a header but no schools; each row below the header is one school-grade.")
    }
    var schools: [String: School] = [:]
    var order: [String] = []
    var firstRow: [String: Int] = [:]
    let resolver = CategoryResolver(policy: policy)
    let knownDistricts = Set(policy.districts)
    // Category and grade texts repeat on every row: resolve each distinct text once.
    var categories: [String: CategoryPolicy?] = [:]
    var grades: [String: Int?] = [:]

    for row in table.rows {
      let district = table.text(row.fields, "district")
      let name = table.text(row.fields, "school")
      guard !district.isEmpty else {
        throw InputError(file: file, row: row.number, column: table.headerName("district"), "the district is empty.")
      }
      if !knownDistricts.isEmpty, !knownDistricts.contains(district) {
        throw InputError(
          file: file, row: row.number, column: table.headerName("district"),
          "“\(district)” is not one of the scenario's districts (\(policy.districts.joined(separator: "、"))).")
      }
      guard !name.isEmpty else {
        throw InputError(file: file, row: row.number, column: table.headerName("school"), "the school name is empty.")
      }
      let categoryText = table.text(row.fields, "category")
      if categories[categoryText] == nil { categories[categoryText] = resolver.category(named: categoryText) }
      guard let category = categories[categoryText] ?? nil, category.kind == .school else {
        throw InputError(
          file: file, row: row.number, column: table.headerName("category"),
          "“\(categoryText)” is not a school category of this scenario (\(resolver.schoolCategoryNames)).")
      }
      let gradeText = CSVTable.halfWidth(table.text(row.fields, "grade"))
      if grades[gradeText] == nil { grades[gradeText] = GradeName.parse(gradeText) }
      guard let grade = grades[gradeText] ?? nil, (1...category.gradeCount).contains(grade) else {
        throw InputError(
          file: file, row: row.number, column: table.headerName("grade"),
          "“\(gradeText)” is not a grade of \(category.name), which has grades 1 to \(category.gradeCount).")
      }
      let classes = try table.count(row, "classes", max: 10_000)
      let students = try table.count(row, "students")
      let members = try table.count(row, "members")
      if members > students {
        throw InputError(
          file: file, row: row.number, column: table.headerName("members"),
          "the grade has \(members) members but only \(students) student\(students == 1 ? "" : "s").")
      }
      if classes > students {
        throw InputError(
          file: file, row: row.number, column: table.headerName("classes"),
          "the grade has \(classes) classes but only \(students) students.")
      }
      if students > 0, classes == 0 {
        throw InputError(
          file: file, row: row.number, column: table.headerName("classes"),
          "the grade has \(students) students but 0 classes.")
      }
      let isPrivate = try table.flag(row, "private")
      let isRural = try table.flag(row, "rural")
      let lastYear = table.has("last_year_quota") && !table.text(row.fields, "last_year_quota").isEmpty
        ? try table.count(row, "last_year_quota", max: 1_000_000) : nil
      let record = GradeRecord(grade: grade, classes: classes, students: students, members: members, sourceRow: row.number)

      if var school = schools[name] {
        let first = firstRow[name] ?? 0
        if school.district != district {
          throw InputError(
            file: file, row: row.number, column: table.headerName("district"),
            "\(name) is in \(school.district) on row \(first) but in \(district) here; a school belongs to one district.")
        }
        if school.category != category.id {
          throw InputError(
            file: file, row: row.number, column: table.headerName("category"),
            "\(name) is \(policy.category(school.category)?.name ?? school.category) on row \(first) but \(category.name) here.")
        }
        if let earlier = school.grades.first(where: { $0.grade == grade }) {
          throw InputError(
            file: file, row: row.number, column: table.headerName("grade"),
            "\(name) grade \(grade) already appears on row \(earlier.sourceRow).")
        }
        if school.isPrivate != isPrivate || school.isRural != isRural {
          throw InputError(
            file: file, row: row.number, column: table.headerName(school.isPrivate != isPrivate ? "private" : "rural"),
            "\(name) has a different private/rural flag here than on row \(first).")
        }
        if let lastYear, school.lastYearQuota != lastYear, school.lastYearQuota != 0 {
          throw InputError(
            file: file, row: row.number, column: table.headerName("last_year_quota"),
            "\(name) has last year's quota \(lastYear) here but \(school.lastYearQuota) on row \(first).")
        }
        if let lastYear { school.lastYearQuota = lastYear }
        school.grades.append(record)
        school.grades.sort { $0.grade < $1.grade }
        schools[name] = school
      } else {
        schools[name] = School(
          district: district, name: name, category: category.id, isPrivate: isPrivate, isRural: isRural,
          lastYearQuota: lastYear ?? 0, grades: [record])
        order.append(name)
        firstRow[name] = row.number
      }
    }
    return order.compactMap { schools[$0] }
  }
}

/// Maps what planners type for a category (id, Chinese name or alias) onto the policy.
struct CategoryResolver {
  let policy: Policy

  func category(named text: String) -> CategoryPolicy? {
    let wanted = CSVTable.normalise(text)
    guard !wanted.isEmpty else { return nil }
    return policy.categories.first { category in
      ([category.id, category.name] + category.aliases).contains { CSVTable.normalise($0) == wanted }
    }
  }

  var schoolCategoryNames: String {
    policy.categories.filter { $0.kind == .school }.map { "\($0.name)/\($0.id)" }.joined(separator: "、")
  }
}

/// Grade names as planners write them: 2, 初二, 高一, 二年级, grade 3.
enum GradeName {
  static func parse(_ text: String) -> Int? {
    var rest = CSVTable.halfWidth(text).lowercased().trimmingCharacters(in: .whitespaces)
    for prefix in ["grade", "初", "高", "中职", "职"] where rest.hasPrefix(prefix) {
      rest = String(rest.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
    }
    for suffix in ["年级", "年"] where rest.hasSuffix(suffix) { rest = String(rest.dropLast(suffix.count)) }
    if let value = Int(rest), value > 0 { return value }
    let numerals: [Character: Int] = ["一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6]
    if rest.count == 1, let value = rest.first.flatMap({ numerals[$0] }) { return value }
    return nil
  }
}
