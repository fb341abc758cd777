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
    plan.gradeViolations(where: { _, grade in grade.coverageDemand > 0 && grade.quota < grade.coverageDemand }) { name, category, grade in
      let short = grade.coverageDemand - grade.quota
      return Violation(
        .g2, zh: "\(name)\(GradeName.name(grade.record.grade, of: category, .zh))距“班级有团员、班班建支部”的目标还差 \(short) 个名额。",
        en: "\(name) grade \(grade.record.grade) is \(short) short of its coverage target.")
    }
  }
}
