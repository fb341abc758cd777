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
    let language = plan.policy.headerLanguage
    var document = CSVDocument(header: ColumnHeaders.names(planKeys, language))
    document.rows.reserveCapacity(plan.schoolPlans.count * 3)
    for school in plan.schoolPlans {
      let category = school.category.label(language)
      for grade in school.grades {
        document.rows.append([
          school.school.district, school.school.name, category, String(grade.record.grade),
          GradeName.name(grade.record.grade, of: school.category, language),
          String(grade.record.classes), String(grade.record.students), String(grade.record.members), String(grade.quota),
          String(grade.after), decimal(grade.ratioAfter), grade.reason.text,
        ])
      }
    }
    return document
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
        unit.unit.district, unit.unit.name, unit.unit.kind.rawValue, String(unit.unit.members),
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
      table(ColumnHeaders.sheet("plan", language), cells: XLSXWriter.cells(Self.plan(plan)), keys: planKeys),
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
