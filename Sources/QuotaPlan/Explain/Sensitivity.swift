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

  /// The sensitivity of every category of a plan, the categories on all cores. What every
  /// category reads (the ambiguous school names, each category's schools, the totals) is found
  /// once for all of them.
  public static func of(_ plan: Plan) -> [Sensitivity] {
    let shared = Shared(plan)
    return plan.policy.categories.concurrentMap { of(plan, category: $0, shared: shared) }
  }

  static func of(_ plan: Plan, category: CategoryPolicy) -> Sensitivity {
    of(plan, category: category, shared: Shared(plan))
  }

  /// What every category's sensitivity reads.
  struct Shared: Sendable {
    let ambiguous: Set<String>
    /// The policy's category ids, and the positions in `plan.schoolPlans` of each one's schools.
    let ids: [String]
    let schools: [[Int]]
    let totals: [String: Int]

    init(_ plan: Plan) {
      ambiguous = School.ambiguousNames(plan.schoolPlans.map(\.school))
      let ids = plan.policy.categories.map(\.id)
      var schools: [[Int]] = Array(repeating: [], count: ids.count)
      for index in plan.schoolPlans.indices {
        if let position = ids.firstIndex(of: plan.schoolPlans[index].category.id) { schools[position].append(index) }
      }
      self.ids = ids
      self.schools = schools
      totals = plan.categoryTotals
    }

    /// The positions of the schools of category `id`, in plan order.
    func schools(_ id: String) -> [Int] { ids.firstIndex(of: id).map { schools[$0] } ?? [] }
  }

  static func of(_ plan: Plan, category: CategoryPolicy, shared: Shared) -> Sensitivity {
    let schools = shared.schools(category.id)
    let margins = Margins(plan, category: category, schools: schools, ambiguous: shared.ambiguous)
    let next = margins.recipient()
    let previous = margins.donor()
    var headroom: Int? = 0
    var heldBack: [HeldBack] = []
    if category.kind == .social { headroom = nil }
    // Headroom before the caps stop the total: R12 (members ≤ students) never binds before a
    // cap below 100 %, and an uncapped category keeps no headroom (nil), as before R12.
    let rules = RuleSet.all(but: .r12)
    for index in schools {
      let school = plan.schoolPlans[index]
      let capacity = SchoolCapacity(school.school, category, rules: rules)
      if capacity.schoolRoom >= SchoolCapacity.unbounded { headroom = nil } else { headroom = headroom.map { $0 + capacity.schoolRoom - school.quota } }
      guard let next else { continue }
      for scope in capacity.scopes {
        let given = scope.grades.reduce(0) { $0 + school.quota(grade: $1) }
        guard given >= scope.room else { continue }
        // What the grades would take at the level without this cap (their own members before it).
        var wanted = 0
        for grade in school.grades where scope.grades.contains(grade.record.grade) && capacity.eligibleGrades.contains(grade.record.grade) {
          let cost = BalanceCost(base: Double(grade.record.members), size: Double(grade.record.students))
          wanted += max(membersBefore(cost, next.cost, next.quota + 1), grade.quota)
        }
        if wanted > given {
          heldBack.append(
            HeldBack(school: school.school.label(ambiguous: shared.ambiguous), rule: scope.rule, grades: scope.grades, limit: scope.limit, members: wanted - given))
        }
      }
    }
    return Sensitivity(
      category: category.label(plan.policy.language), total: shared.totals[category.id] ?? 0, headroom: headroom,
      nextMember: next?.label(plan.policy.language), nextRatio: next?.nextRatio, previousMember: previous?.label(plan.policy.language),
      previousRatio: previous.map { $0.cost.cost($0.quota - 1) }, heldBack: heldBack)
  }

  /// How many of a unit's members come before the k-th member of `level`: the largest j with
  /// every member 1…j cheaper (`isCheaper`), counted one by one as a planner would. The count
  /// starts at the arithmetic answer and is settled with `isCheaper` itself, so it is the same
  /// number the one-by-one count gives, in a few steps instead of up to thousands.
  static func membersBefore(_ cost: BalanceCost, _ level: BalanceCost, _ k: Int) -> Int {
    guard cost.isCheaper(1, than: level, k) else { return 0 }
    // (base + j) × level.size < (level.base + k) × size  ⇔  j < (level.base + k) × size ÷ level.size − base.
    let estimate = ((level.base + Double(k)) * cost.size / level.size - cost.base).rounded(.down)
    var j = estimate.isFinite ? max(1, Int(min(estimate, 1e15))) : 1
    while j > 1, !cost.isCheaper(j, than: level, k) { j -= 1 }
    while cost.isCheaper(j + 1, than: level, k) { j += 1 }
    return j
  }
}
