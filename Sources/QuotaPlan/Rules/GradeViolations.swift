extension Plan {
  /// One violation per school-grade that `breaks`, in the plan's order, described by `violation`
  /// with the school's label (district added where names repeat). The grades are read in place:
  /// `gradeUnits` copies each school and its category per grade, which was half of a province
  /// report's verdict (R8, R12 and G2 each read every grade).
  func gradeViolations(
    where breaks: (CategoryPolicy, GradePlan) -> Bool, _ violation: (_ name: String, CategoryPolicy, GradePlan) -> Violation
  ) -> [Violation] {
    var labels = SchoolLabels(schoolPlans.map(\.school))
    var violations: [Violation] = []
    for index in schoolPlans.indices {
      for grade in schoolPlans[index].grades where breaks(schoolPlans[index].category, grade) {
        violations.append(violation(labels.label(schoolPlans[index].school), schoolPlans[index].category, grade))
      }
    }
    return violations
  }
}
