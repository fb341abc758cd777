/// R8: only the category's eligible grades receive quota (no pre-graduation surge).
enum EligibleGrades {
  static func allows(_ category: CategoryPolicy, grade: Int) -> Bool {
    category.eligibleGrades.contains(grade)
  }

  static func check(_ plan: Plan) -> [Violation] {
    var labels = SchoolLabels(plan.schoolPlans.map(\.school))
    return plan.gradeUnits.compactMap { unit in
      guard unit.quota > 0, !allows(unit.category, grade: unit.record.grade) else { return nil }
      return Violation(
        .r8,
        "\(labels.label(unit.school)) grade \(unit.record.grade) receives \(unit.quota), but \(unit.category.name) may develop only grades \(unit.category.eligibleGrades.map(String.init).joined(separator: ", ")).")
    }
  }
}
