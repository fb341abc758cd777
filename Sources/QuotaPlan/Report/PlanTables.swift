/// The plan's tables as planners open them in Excel.
public enum PlanTables {
  /// `plan.csv`: one row per school-grade.
  static func plan(_ plan: Plan) -> CSVDocument {
    var document = CSVDocument(header: [
      "district", "school", "category", "grade", "classes", "students", "members", "quota", "after", "ratio_after", "reason",
    ])
    for school in plan.schoolPlans {
      for grade in school.grades {
        document.rows.append([
          school.school.district, school.school.name, school.category.name, String(grade.record.grade),
          String(grade.record.classes), String(grade.record.students), String(grade.record.members), String(grade.quota),
          String(grade.after), decimal(grade.ratioAfter), grade.reason.text,
        ])
      }
    }
    return document
  }

  /// `allocation.csv`: Attachment 1, district × category quotas with number ranges.
  static func allocation(_ plan: Plan) -> CSVDocument {
    var document = CSVDocument(header: ["district", "category", "quota", "first_number", "last_number"])
    for row in plan.allocation {
      document.rows.append([
        row.district, row.category, String(row.quota),
        row.quota > 0 ? String(row.firstNumber) : "", row.quota > 0 ? String(row.lastNumber) : "",
      ])
    }
    document.rows.append([plan.policy.language == .zh ? "合计" : "total", "", String(plan.total), "", ""])
    return document
  }

  /// `social.csv`: the social-sector units with their quotas.
  static func social(_ plan: Plan) -> CSVDocument {
    var document = CSVDocument(header: [
      "district", "unit", "type", "members", "resident_youth", "registered_youth", "organisations", "weight", "quota", "reason",
    ])
    for unit in plan.socialPlans {
      document.rows.append([
        unit.unit.district, unit.unit.name, unit.unit.kind.rawValue, String(unit.unit.members),
        String(unit.unit.residentYouth), String(unit.unit.registeredYouth), String(unit.unit.organisations),
        decimal(unit.weight, 2), String(unit.quota), unit.reason.text,
      ])
    }
    return document
  }
}
