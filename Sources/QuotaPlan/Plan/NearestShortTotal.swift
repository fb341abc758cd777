import GLPK

/// The nearest plan by parts when the city total is below the sum of the category totals.
///
/// Every category has its own total and may not borrow (R3 is non-negotiable), so a category
/// never gets more than its total, and the city total can be met only by handing some categories
/// less (each breaks its R2 row) or, when R1 may break, not at all (R1 breaks by the gap, every
/// category gets its total). The whole-city model's levels decide between these plans:
/// - **broken rows.** One row is enough when one category can give up the whole gap `D` and
///   still be planned (its rows that are not totals keep holding), or when R1 may break; a plan
///   that splits the gap over two categories breaks two rows, and so does one that breaks R1
///   and an R2 row. So the nearest plan is one of these one-row plans, and only when none exists
///   (R1 kept and no category can give up `D`) is the whole-city model asked.
/// - **violation.** Every one of them breaks its row by exactly `D`: a tie.
/// - **the goals, in the scenario's order.** The categories are independent once their totals
///   are set, so each level's optimum of a candidate is the sum of the categories' own optima
///   (every category at its total, the shortened one at `total − D`), and candidates are compared
///   level by level on the change they make: G1 and G2 from the shortened category's exact plan,
///   G3 (balance) as the model scores it, the rank of every member among all members the plans
///   hold (`QuotaModel.ranks` over the units of the whole city, each with a segment up to one
///   past its largest quota), so a plan with fewer members, or with its members at lower ratios,
///   scores less. Full totals (breaking R1) change nothing and score the most on balance.
///
/// Each category's quotas then come from its exact solver (the nested greedy where the rows
/// nest), the same plan the whole-city model holds for it once its total is fixed.
extension NearestByParts {
  /// The nearest plan for a city total below the categories' sum, or nil when the by-parts
  /// answer would not be exact (the whole-city model decides then).
  static func shortOfSum(_ scenario: Scenario, options: SolverOptions) throws -> (plan: Plan, usedSolver: Bool)? {
    let policy = scenario.policy
    let sum = policy.categories.compactMap(\.total).reduce(0, +)
    let gap = sum - policy.total
    guard gap > 0, !policy.nonNegotiable.contains(.r2) else { return nil }
    let groups = PlanGroup.groups(scenario, rules: RuleSet())
    guard groups.count == policy.categories.count, groups.allSatisfy({ $0.categories.count == 1 && $0.totalRule == .r2 })
    else { return nil }

    // Every category planned at its own total (checked as if the city total were their sum);
    // the candidates at their total less the gap.
    var aimed = scenario
    aimed.policy.total = sum
    let planned = aimed
    let full = groups.concurrentMap { group -> GroupSolution? in
      guard PreChecks.conflicts(planned, groups: [group], rules: RuleSet()).isEmpty else { return nil }
      return try? QuotaSolver.solve(group, scenario: planned, rules: RuleSet(), options: options)
    }
    guard full.allSatisfy({ $0 != nil }) else { return nil }
    let fullSolutions = full.compactMap { $0 }
    let shortened = groups.concurrentMap { group -> (PlanGroup, Scenario, GroupSolution)? in
      shortenedPlan(group, by: gap, scenario: scenario, options: options)
    }

    // The options: the index of the shortened category, or nil for R1 broken (totals kept).
    var choices: [Int?] = policy.nonNegotiable.contains(.r1) ? [] : [nil]
    choices += shortened.indices.filter { shortened[$0] != nil }
    guard !choices.isEmpty else { return nil }

    let layout = QuotaModel(group: PlanGroup.elastic(scenario, breaking: [.r1, .r2]), scenario: scenario, rules: RuleSet())
    var position: [QuotaModel.Owner: Int] = [:]
    for (index, unit) in layout.units.enumerated() { position[unit.owner] = index }
    func quotas(_ choice: Int?) -> [Int] {
      var values = [Int](repeating: 0, count: layout.units.count)
      for (index, solution) in fullSolutions.enumerated() {
        let used = index == choice ? shortened[index]?.2 ?? solution : solution
        for (owner, quota) in used.quotas { if let at = position[owner] { values[at] = quota } }
      }
      return values
    }
    let plans = choices.map(quotas)
    // Balance as the model scores it: each member's rank among the members all plans hold.
    var segments = layout.units.map { _ in 0 }
    for plan in plans {
      for (index, quota) in plan.enumerated() { segments[index] = max(segments[index], quota + 1) }
    }
    let ranks = QuotaModel.ranks(units: layout.units, segments: segments)
    func balance(_ plan: [Int]) -> Int {
      var total = 0, next = 0
      for (index, quota) in plan.enumerated() {
        for j in 0..<quota { total += ranks[next + j] + 1 }
        next += segments[index]
      }
      return total
    }
    func level(_ goal: Goal, _ choice: Int?, _ plan: [Int]) -> Int {
      if goal == .balance { return balance(plan) }
      guard let choice, let (_, _, solution) = shortened[choice] else { return 0 }
      func value(_ solution: GroupSolution) -> Int {
        Int((solution.optima.first { $0.name == goal.rule.rawValue }?.value ?? 0).rounded())
      }
      return value(solution) - value(fullSolutions[choice])
    }
    let scored = zip(choices, plans).map { choice, plan in (choice, policy.goalOrder.map { level($0, choice, plan) }) }
    guard let best = scored.min(by: { $0.1.lexicographicallyPrecedes($1.1) }) else { return nil }

    var planGroups = groups
    var solutions = fullSolutions
    if let index = best.0, let (group, _, solution) = shortened[index] {
      planGroups[index] = group
      solutions[index] = solution
    }
    var plan = Planner.assemble(scenario, groups: planGroups, solutions: solutions, rules: RuleSet())
    plan.brokenRules = plan.violations()
    return (plan, false)
  }

  /// A category's plan at its total less `gap`, breaking only its R2 row: nil when the category
  /// has district totals (they would break too), or when its other rows cannot hold at that total.
  static func shortenedPlan(
    _ group: PlanGroup, by gap: Int, scenario: Scenario, options: SolverOptions
  ) -> (PlanGroup, Scenario, GroupSolution)? {
    guard let category = group.categories.first, let total = category.total, total >= gap,
      category.districtTotals.isEmpty, group.pins.isEmpty,
      let position = scenario.policy.categories.firstIndex(where: { $0.id == category.id })
    else { return nil }
    // The categories' totals now add up to the city total.
    var short = scenario
    short.policy.categories[position].total = total - gap
    var shortGroup = group
    shortGroup.total = total - gap
    shortGroup.categories = [short.policy.categories[position]]
    guard PreChecks.conflicts(short, groups: [shortGroup], rules: RuleSet()).isEmpty,
      let solution = try? QuotaSolver.solve(shortGroup, scenario: short, rules: RuleSet(), options: options)
    else { return nil }
    return (shortGroup, short, solution)
  }
}
