/// One ratio cap applied to one school: `members + quota ≤ floor(ratio × students)` over the
/// cap's grades (R4–R7). A school already above its cap gets 0 there, never a negative number.
public struct CapScope: Sendable, Equatable, Codable {
  public var rule: RuleID
  public var ratio: Double
  /// Grades the cap counts, ascending (all the school's grades for a whole-school cap).
  public var grades: [Int]
  public var students: Int
  public var members: Int

  /// Most members the grades may have after development.
  public var limit: Int { floorOf(ratio, students) }
  /// Most new members the grades may receive.
  public var room: Int { max(0, limit - members) }
  /// True when the grades are already above the cap.
  public var alreadyAbove: Bool { members > limit }

  /// "高一、高二" / "grades 1 and 2" / "全校".
  func gradesLabel(_ school: School, _ category: CategoryPolicy, _ language: Language) -> String {
    if grades == school.grades.map(\.grade) { return language == .zh ? "全校" : "whole school" }
    return GradeName.list(grades, of: category, language)
  }
}

enum RatioCaps {
  /// The caps of a school's category applied to the school.
  static func scopes(_ school: School, _ category: CategoryPolicy) -> [CapScope] {
    category.caps.compactMap { cap in
      let grades = (cap.grades ?? school.grades.map(\.grade)).filter { school.record($0) != nil }.sorted()
      guard !grades.isEmpty else { return nil }
      let records = grades.compactMap(school.record)
      return CapScope(
        rule: cap.rule, ratio: cap.ratio, grades: grades,
        students: records.reduce(0) { $0 + $1.students }, members: records.reduce(0) { $0 + $1.members })
    }
  }

  static func check(_ plan: Plan) -> [Violation] {
    var violations: [Violation] = []
    var labels = SchoolLabels(plan.schoolPlans.map(\.school))
    for school in plan.schoolPlans {
      for scope in scopes(school.school, school.category) {
        let quota = scope.grades.reduce(0) { $0 + school.quota(grade: $1) }
        if quota > scope.room {
          let name = labels.label(school.school)
          let after = scope.members + quota
          violations.append(
            Violation(
              scope.rule,
              zh: "\(name)\(scope.gradesLabel(school.school, school.category, .zh))：现有团员 \(scope.members) + 新发展 \(quota) = \(after)，超过上限 \(percent(scope.ratio)) × \(scope.students) 向下取整 = \(scope.limit)。",
              en: "\(name) \(scope.gradesLabel(school.school, school.category, .en)): \(scope.members) members + \(quota) new = \(after), above the cap floor(\(percent(scope.ratio)) × \(scope.students)) = \(scope.limit)."))
        }
      }
    }
    return violations
  }
}
