/// R8: only the category's eligible grades receive quota (no pre-graduation surge).
enum EligibleGrades {
  static func allows(_ category: CategoryPolicy, grade: Int) -> Bool {
    category.eligibleGrades.contains(grade)
  }

  static func check(_ plan: Plan) -> [Violation] {
    plan.gradeViolations(where: { category, grade in grade.quota > 0 && !allows(category, grade: grade.record.grade) }) { name, category, grade in
      Violation(
        .r8,
        zh: "\(name)\(GradeName.name(grade.record.grade, of: category, .zh))分到 \(grade.quota) 个名额，但\(category.name)只能在\(GradeName.list(category.eligibleGrades, of: category, .zh))发展团员。",
        en: "\(name) grade \(grade.record.grade) receives \(grade.quota), but \(category.label(.en)) may develop only \(GradeName.list(category.eligibleGrades, of: category, .en)).")
    }
  }
}
