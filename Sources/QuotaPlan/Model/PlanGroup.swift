/// Categories that are planned together because they share one total.
///
/// Categories interact only through their totals (R3: no borrowing), so a category with its
/// own total is planned on its own: this decomposition is exact, and the pieces solve in
/// parallel. Categories without a total share what the city total leaves.
struct PlanGroup: Sendable {
  var categories: [CategoryPolicy]
  /// The group's fixed total, or nil when neither R1 nor R2 applies to it.
  var total: Int?
  /// The rule that fixes the total (R2 for one category, R1 for the remainder).
  var totalRule: RuleID
  /// Indices into `Scenario.schools`.
  var schools: [Int]
  /// Indices into `Scenario.socialUnits`.
  var socialUnits: [Int]
  /// True for the nearest plan: every negotiable hard row may be broken, at a price.
  var elastic = false
  /// In the nearest plan, the rules whose rows may be broken (nil: every negotiable rule). The
  /// pre-checks name the rules of a conflict; the other rows stay hard, so the model is small.
  var elasticRules: Set<RuleID>? = nil
  /// A county's pins on this group's schools (refinement).
  var pins: [Pin] = []

  var name: String { categories.map(\.name).joined(separator: "+") }

  /// The whole scenario as one group whose negotiable rules may be broken (the nearest plan).
  static func elastic(_ scenario: Scenario, breaking rules: Set<RuleID>? = nil) -> PlanGroup {
    PlanGroup(
      categories: scenario.policy.categories, total: scenario.policy.total, totalRule: .r1,
      schools: Array(scenario.schools.indices),
      socialUnits: scenario.policy.categories.contains { $0.kind == .social } ? Array(scenario.socialUnits.indices) : [],
      elastic: true, elasticRules: rules)
  }

  /// What the group can hand out at most: its total, and in the nearest plan, when every
  /// category has a total that may not be exceeded (R3 non-negotiable), the sum of those totals
  /// — that sum itself when the total (R1) may break, since a total below the sum may then be
  /// exceeded up to it. A slip in the city total (63600000 for 6360) must size neither the model
  /// nor its big-M.
  func effectiveTotal(_ policy: Policy) -> Int? {
    guard elastic, !mayBreak(.r3, policy), categories.allSatisfy({ $0.total != nil }) else { return total }
    let sum = categories.compactMap(\.total).reduce(0, +)
    return mayBreak(.r1, policy) ? sum : min(total ?? sum, sum)
  }

  /// True when the nearest plan may break rows of `rule`.
  func mayBreak(_ rule: RuleID, _ policy: Policy) -> Bool {
    elastic && !policy.nonNegotiable.contains(rule) && ![.r8, .r9, .r12].contains(rule) && (elasticRules?.contains(rule) ?? true)
  }

  /// Splits a scenario into independent groups under the enabled rules.
  static func groups(_ scenario: Scenario, rules: RuleSet) -> [PlanGroup] {
    let policy = scenario.policy
    let useCategoryTotals = rules.contains(.r2) && rules.contains(.r3)
    var groups: [PlanGroup] = []
    var pooled: [CategoryPolicy] = []
    for category in policy.categories {
      if useCategoryTotals, let total = category.total {
        groups.append(PlanGroup(categories: [category], total: total, totalRule: .r2, schools: [], socialUnits: []))
      } else {
        pooled.append(category)
      }
    }
    if !pooled.isEmpty {
      let fixed = useCategoryTotals ? policy.categories.compactMap(\.total).reduce(0, +) : 0
      // Without R3 the category totals still sum to something, but any category may take it.
      let total: Int? = rules.contains(.r1) ? policy.total - fixed
        : (!useCategoryTotals && rules.contains(.r2) ? pooled.compactMap(\.total).reduce(0, +) : nil)
      groups.append(PlanGroup(categories: pooled, total: total, totalRule: .r1, schools: [], socialUnits: []))
    }
    for index in groups.indices {
      let ids = Set(groups[index].categories.map(\.id))
      groups[index].schools = scenario.schools.indices.filter { ids.contains(scenario.schools[$0].category) }
      if groups[index].categories.contains(where: { $0.kind == .social }) {
        groups[index].socialUnits = Array(scenario.socialUnits.indices)
      }
    }
    return groups
  }
}
