/// R8: only the category's eligible grades receive quota (no pre-graduation surge).
enum EligibleGrades {
  static func allows(_ category: CategoryPolicy, grade: Int) -> Bool {
    category.eligibleGrades.contains(grade)
  }

  static func check(_ plan: Plan) -> [Violation] {
    var labels = SchoolLabels(plan.schoolPlans.map(\.school))
    return plan.gradeUnits.compactMap { unit in
      guard unit.quota > 0, !allows(unit.category, grade: unit.record.grade) else { return nil }
      let name = labels.label(unit.school)
      let category = unit.category
      return Violation(
        .r8,
        zh: "\(name)\(GradeName.name(unit.record.grade, of: category, .zh))分到 \(unit.quota) 个名额，但\(category.name)只能在\(GradeName.list(category.eligibleGrades, of: category, .zh))发展团员。",
        en: "\(name) grade \(unit.record.grade) receives \(unit.quota), but \(category.label(.en)) may develop only \(GradeName.list(category.eligibleGrades, of: category, .en)).")
    }
  }
}
