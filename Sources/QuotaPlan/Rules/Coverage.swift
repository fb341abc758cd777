/// G2: coverage. Junior grade 2 "every class has a member, the grade has a branch", junior
/// grade 3 "every class a branch", vocational grade 1 one per class, grade 2 three per class.
/// Members are counted per grade (the data has no per-class counts).
enum Coverage {
  /// The target for a grade, if the category sets one.
  static func target(_ category: CategoryPolicy, grade: Int) -> CoverageTarget? {
    category.coverage.first { $0.grade == grade }
  }

  /// The members the grade should have after development: the category's target, capped by
  /// what the grade can hold (R12: never more members than students).
  static func cappedTarget(_ record: GradeRecord, _ category: CategoryPolicy, capped: Bool = true) -> Int? {
    guard let target = target(category, grade: record.grade) else { return nil }
    return capped ? min(target.target(classes: record.classes), record.students) : target.target(classes: record.classes)
  }

  /// New members the grade needs to reach its target, capped by R12 unless a test drops it.
  static func demand(_ record: GradeRecord, _ category: CategoryPolicy, capped: Bool = true) -> Int {
    guard let target = cappedTarget(record, category, capped: capped) else { return 0 }
    return max(0, target - record.members)
  }

  /// Grades whose reachable target is not reached.
  static func unmet(_ plan: Plan) -> [Violation] {
    var labels = SchoolLabels(plan.schoolPlans.map(\.school))
    // Grade by grade in the plan's order, without copying each school per grade (Plan.gradeUnits).
    var violations: [Violation] = []
    for index in plan.schoolPlans.indices {
      for grade in plan.schoolPlans[index].grades where grade.coverageDemand > 0 && grade.quota < grade.coverageDemand {
        let unit = (school: plan.schoolPlans[index].school, category: plan.schoolPlans[index].category, record: grade.record, quota: grade.quota, coverageDemand: grade.coverageDemand)
        let name = labels.label(unit.school)
        let short = unit.coverageDemand - unit.quota
        violations.append(Violation(
          .g2, zh: "\(name)\(GradeName.name(unit.record.grade, of: unit.category, .zh))距“班级有团员、班班建支部”的目标还差 \(short) 个名额。",
          en: "\(name) grade \(unit.record.grade) is \(short) short of its coverage target."))
      }
    }
    return violations
  }
}
