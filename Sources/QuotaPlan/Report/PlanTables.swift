/// The plan's tables as planners open them in Excel. Headers, sheet names, category and grade
/// names are in `policy.headerLanguage` (English: the machine keys, for scripts); every table
/// has the same columns in both languages, and the numeric `grade` column stays in both.
public enum PlanTables {
  /// plan.csv's columns.
  static let planKeys = [
    "district", "school", "category", "grade", "grade_name", "classes", "students", "members", "quota", "after", "ratio_after", "reason",
  ]
  /// allocation.csv's columns.
  static let allocationKeys = ["district", "category", "quota", "first_number", "last_number"]
  /// social.csv's columns.
  static let socialKeys = [
    "district", "unit", "type", "members", "resident_youth", "registered_youth", "organisations", "weight", "quota", "reason",
  ]

  /// `plan.csv`: one row per school-grade.
  static func plan(_ plan: Plan) -> CSVDocument {
    var rows = planRows(plan, text: { $0 }, number: { String($0) })
    let header = rows.removeFirst()
    return CSVDocument(header: header, rows: rows)
  }

  /// plan.csv's rows as cells, built directly (counts as numbers): the province's plan sheet
  /// has 15,000 rows, and going through the CSV's text would write and read back every count.
  static func planCells(_ plan: Plan) -> [[XLSXWriter.Cell]] {
    planRows(plan, text: { .text($0) }, number: { .number($0) })
  }

  /// The header and one row per school-grade, made of `text` and `number` fields.
  @inline(__always)
  static func planRows<Field>(_ plan: Plan, text: (String) -> Field, number: (Int) -> Field) -> [[Field]] {
    let language = plan.policy.headerLanguage
    var rows: [[Field]] = [ColumnHeaders.names(planKeys, language).map(text)]
    rows.reserveCapacity(plan.schoolPlans.count * 3 + 1)
    // Labels and grade names once per category: a province has 15,000 school-grades.
    var labels: [String: (category: Field, grades: [String])] = [:]
    for category in plan.policy.categories {
      labels[category.id] = (text(category.label(language)), (0...max(category.gradeCount, 6)).map { GradeName.name($0, of: category, language) })
    }
    for school in plan.schoolPlans {
      let names = labels[school.category.id] ?? (text(school.category.label(language)), [])
      let district = text(school.school.district), name = text(school.school.name)
      for grade in school.grades {
        let record = grade.record
        rows.append([
          district, name, names.category, number(record.grade),
          text(names.grades.indices.contains(record.grade) ? names.grades[record.grade] : GradeName.name(record.grade, of: school.category, language)),
          number(record.classes), number(record.students), number(record.members), number(grade.quota),
          number(grade.after), text(decimal(grade.ratioAfter)), text(grade.reason.text),
        ])
      }
    }
    return rows
  }

  /// `allocation.csv`: Attachment 1 in long form, for machines: one row per district ×
  /// category (zeros included) with its number range, then the total.
  static func allocation(_ plan: Plan) -> CSVDocument {
    let language = plan.policy.headerLanguage
    var document = CSVDocument(header: ColumnHeaders.names(allocationKeys, language))
    let labels = Dictionary(plan.policy.categories.map { ($0.id, $0.label(language)) }, uniquingKeysWith: { a, _ in a })
    for row in plan.allocation {
      document.rows.append([
        row.district, labels[row.categoryID] ?? row.category, String(row.quota),
        row.quota > 0 ? String(row.firstNumber) : "", row.quota > 0 ? String(row.lastNumber) : "",
      ])
    }
    document.rows.append([ColumnHeaders.name("total", language), "", String(plan.total), "", ""])
    return document
  }

  /// `social.csv`: the social-sector units with their quotas.
  static func social(_ plan: Plan) -> CSVDocument {
    let language = plan.policy.headerLanguage
    var document = CSVDocument(header: ColumnHeaders.names(socialKeys, language))
    for unit in plan.socialPlans {
      document.rows.append([
        unit.unit.district, unit.unit.name, unit.unit.kind.label(language), String(unit.unit.members),
        String(unit.unit.residentYouth), String(unit.unit.registeredYouth), String(unit.unit.organisations),
        decimal(unit.weight, 2), String(unit.quota), unit.reason.text,
      ])
    }
    return document
  }

  /// plan.xlsx's sheets: the three tables (header row frozen, member numbers as text) and
  /// Attachment 1 as a committee sends it.
  static func sheets(_ plan: Plan) -> [XLSXWriter.Sheet] {
    let language = plan.policy.headerLanguage
    let numberColumns = Set(["first_number", "last_number"].compactMap { allocationKeys.firstIndex(of: $0) })
    return [
      table(ColumnHeaders.sheet("plan", language), cells: planCells(plan), keys: planKeys),
      table(ColumnHeaders.sheet("allocation", language), cells: XLSXWriter.cells(allocation(plan), textColumns: numberColumns), keys: allocationKeys),
      table(ColumnHeaders.sheet("social", language), cells: XLSXWriter.cells(social(plan)), keys: socialKeys),
      Attachment1(plan).sheet(),
    ]
  }

  /// A table's sheet: bold header row, frozen, columns wide enough for their usual content.
  static func table(_ name: String, cells: [[XLSXWriter.Cell]], keys: [String]) -> XLSXWriter.Sheet {
    var sheet = XLSXWriter.Sheet(name: name, rows: cells)
    sheet.columnWidths = keys.map { columnWidths[$0] }
    sheet.frozenRows = 1
    sheet.rowStyles = [0: .bold]
    return sheet
  }

  /// Column widths in characters (a Chinese character counts about two).
  static let columnWidths: [String: Double] = [
    "district": 14, "school": 30, "unit": 30, "category": 12, "grade": 6, "grade_name": 12, "type": 12, "quota": 8,
    "first_number": 15, "last_number": 15, "ratio_after": 10, "reason": 60, "weight": 8,
  ]
}
