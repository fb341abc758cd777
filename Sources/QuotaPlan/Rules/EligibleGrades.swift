/// R8: only the category's eligible grades receive quota (no pre-graduation surge).
enum EligibleGrades {
  static func allows(_ category: CategoryPolicy, grade: Int) -> Bool {
    category.eligibleGrades.contains(grade)
  }

  static func check(_ plan: Plan) -> [Violation] {
    var labels = SchoolLabels(plan.schoolPlans.map(\.school))
    // Grade by grade in the plan's order, without copying each school per grade (Plan.gradeUnits).
    var violations: [Violation] = []
    for index in plan.schoolPlans.indices {
      for grade in plan.schoolPlans[index].grades where grade.quota > 0 && !allows(plan.schoolPlans[index].category, grade: grade.record.grade) {
        let unit = (school: plan.schoolPlans[index].school, category: plan.schoolPlans[index].category, record: grade.record, quota: grade.quota)
        let name = labels.label(unit.school)
        let category = unit.category
        violations.append(Violation(
          .r8,
          zh: "\(name)\(GradeName.name(unit.record.grade, of: category, .zh))分到 \(unit.quota) 个名额，但\(category.name)只能在\(GradeName.list(category.eligibleGrades, of: category, .zh))发展团员。",
          en: "\(name) grade \(unit.record.grade) receives \(unit.quota), but \(category.label(.en)) may develop only \(GradeName.list(category.eligibleGrades, of: category, .en))."))
      }
    }
    return violations
  }
}
