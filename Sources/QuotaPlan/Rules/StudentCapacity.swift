/// R12: no unit ever ends with more members than students, `members + quota ≤ students`.
/// The notice never needs to say it; it is a hard rule in every plan, a column bound in the
/// model (never an elastic row: the nearest plan cannot break it either), and it caps each
/// coverage target (G2) by what the grade can hold.
enum StudentCapacity {
  /// Most new members the grade can physically take.
  static func room(_ record: GradeRecord) -> Int { max(0, record.students - record.members) }

  /// True when the grade is full: the rule allows it nothing more.
  static func isFull(_ record: GradeRecord, quota: Int) -> Bool { record.members + quota >= record.students }

  static func check(_ plan: Plan) -> [Violation] {
    plan.gradeViolations(where: { _, grade in grade.quota > 0 && grade.record.members + grade.quota > grade.record.students }) { name, category, grade in
      let record = grade.record
      return Violation(
        .r12,
        zh: "\(name)\(GradeName.name(record.grade, of: category, .zh))：现有团员 \(record.members) + 新发展 \(grade.quota) = \(record.members + grade.quota)，超过学生数 \(record.students)。",
        en: "\(name) grade \(record.grade): \(record.members) members + \(grade.quota) new = \(record.members + grade.quota), more than its \(record.students) students.")
    }
  }
}
