/// How a category's plan answers a change of its total, and what its binding caps cost.
public struct Sensitivity: Sendable, Equatable, Codable {
  /// A cap that binds and the members it holds back at the category's level.
  public struct HeldBack: Sendable, Equatable, Codable {
    public var school: String
    public var rule: RuleID
    public var grades: [Int]
    public var limit: Int
    /// Members the capped grades would receive at the category's level without the cap, minus
    /// what they receive.
    public var members: Int
  }

  /// The category's name in the plan's language.
  public var category: String
  public var total: Int
  /// How far the total can rise before the caps stop it; nil when some unit has no cap.
  public var headroom: Int?
  /// Who gains the next member if the total rises by one, and the ratio it reaches.
  public var nextMember: String?
  public var nextRatio: Double?
  /// Who loses the last member if the total falls by one, and the ratio it falls back to.
  public var previousMember: String?
  public var previousRatio: Double?
  public var heldBack: [HeldBack]

  /// The sensitivity of every category of a plan, the categories on all cores.
  public static func of(_ plan: Plan) -> [Sensitivity] {
    plan.policy.categories.concurrentMap { of(plan, category: $0) }
  }

  static func of(_ plan: Plan, category: CategoryPolicy) -> Sensitivity {
    let margins = Margins(plan, category: category)
    let next = margins.recipient()
    let previous = margins.donor()
    var headroom: Int? = 0
    var heldBack: [HeldBack] = []
    if category.kind == .social { headroom = nil }
    let ambiguous = School.ambiguousNames(plan.schoolPlans.map(\.school))
    for school in plan.schoolPlans where school.category.id == category.id {
      // Headroom before the caps stop the total: R12 (members ≤ students) never binds before a
      // cap below 100 %, and an uncapped category keeps no headroom (nil), as before R12.
      let capacity = SchoolCapacity(school.school, category, rules: .all(but: .r12))
      if capacity.schoolRoom >= SchoolCapacity.unbounded { headroom = nil } else { headroom = headroom.map { $0 + capacity.schoolRoom - school.quota } }
      for scope in capacity.scopes {
        let given = scope.grades.reduce(0) { $0 + school.quota(grade: $1) }
        guard given >= scope.room, let next else { continue }
        // What the grades would take at the level without this cap (their own members before it).
        var wanted = 0
        for grade in school.grades where scope.grades.contains(grade.record.grade) && capacity.eligibleGrades.contains(grade.record.grade) {
          let cost = BalanceCost(base: Double(grade.record.members), size: Double(grade.record.students))
          var j = 0
          while cost.isCheaper(j + 1, than: next.cost, next.quota + 1) { j += 1 }
          wanted += max(j, grade.quota)
        }
        if wanted > given {
          heldBack.append(
            HeldBack(school: school.school.label(ambiguous: ambiguous), rule: scope.rule, grades: scope.grades, limit: scope.limit, members: wanted - given))
        }
      }
    }
    return Sensitivity(
      category: category.label(plan.policy.language), total: plan.categoryTotals[category.id] ?? 0, headroom: headroom,
      nextMember: next?.label(plan.policy.language), nextRatio: next?.nextRatio, previousMember: previous?.label(plan.policy.language),
      previousRatio: previous.map { $0.cost.cost($0.quota - 1) }, heldBack: heldBack)
  }
}
