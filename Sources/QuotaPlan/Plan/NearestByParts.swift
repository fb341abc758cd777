import GLPK

/// The nearest plan, computed category by category where that is exact.
///
/// When every category has its own total and may not borrow (R3 is non-negotiable), the
/// categories meet only in the city total (R1): a category handed less than its total breaks
/// its R2 and, since no other category may take the difference, R1 as well; the categories
/// never trade anything else. So a category that has a plan keeps it (breaking any of its rows
/// only adds to the count), and when exactly one category cannot be planned, the nearest plan is
/// that category's own nearest plan, with R1 as one more row that breaks when it falls short,
/// beside the other categories' plans. Two cases are closed-form and need no solver at all:
/// a city total above the categories' sum (the slip `total: 63600000`: R1 breaks by the
/// difference and every category gets its plan), and a category total above what rules that may
/// not break allow (fill the category to that most; R2 and R1 break by the shortfall).
/// Everything else goes to the whole-city model (`Planner.nearestPlanWholeCity`).
enum NearestByParts {
  /// The nearest plan by parts, or nil when the parts would not be exact (the whole-city model
  /// decides then).
  static func plan(_ scenario: Scenario, options: SolverOptions) throws -> Plan? {
    try solve(scenario, options: options)?.plan
  }

  /// The nearest plan by parts and whether GLPK had to solve a part (false: closed form).
  static func solve(_ scenario: Scenario, options: SolverOptions) throws -> (plan: Plan, usedSolver: Bool)? {
    let policy = scenario.policy
    guard policy.nonNegotiable.contains(.r3), !policy.categories.isEmpty,
      policy.categories.allSatisfy({ $0.total != nil })
    else { return nil }
    let sum = policy.categories.compactMap(\.total).reduce(0, +)
    guard policy.total >= sum else { return try shortOfSum(scenario, options: options) }
    // A city total above the categories' sum breaks R1 whatever the plan: aim at the sum.
    var aimed = scenario
    aimed.policy.total = sum
    let planned = aimed
    let groups = PlanGroup.groups(planned, rules: RuleSet())
    guard groups.allSatisfy({ $0.categories.count == 1 && $0.totalRule == .r2 }) else { return nil }

    let results = groups.concurrentMap { group -> Result<GroupSolution, Error> in
      if !PreChecks.conflicts(planned, groups: [group], rules: RuleSet()).isEmpty { return .failure(GLPKError.infeasible) }
      return Result { try QuotaSolver.solve(group, scenario: planned, rules: RuleSet(), options: options) }
    }
    var failing: [Int] = []
    var solutions: [GroupSolution?] = []
    for (index, result) in results.enumerated() {
      switch result {
      case .success(let solution): solutions.append(solution)
      case .failure(GLPKError.infeasible):
        failing.append(index)
        solutions.append(nil)
      case .failure(let error as GLPKError): throw PlanError.solver(group: groups[index].name, error)
      case .failure(let error): throw error
      }
    }
    // With R1 already broken by the slip, a short category would not break it again: the
    // parts' count would differ from the whole city's. Two short categories share one R1.
    if failing.count > 1 || (!failing.isEmpty && policy.total > sum) { return nil }
    var planGroups = groups
    var usedSolver = false
    if let index = failing.first {
      guard let (group, solution) = try nearest(groups[index], scenario: planned, options: options) else { return nil }
      planGroups[index] = group
      solutions[index] = solution
      usedSolver = group.elastic
    }
    var plan = Planner.assemble(scenario, groups: planGroups, solutions: solutions.compactMap { $0 }, rules: RuleSet())
    plan.brokenRules = plan.violations()
    return (plan, usedSolver)
  }

  /// One category's nearest plan: its rows and the city total (R1, met when the category gets
  /// its total, as every other category does). Nil when the model has no plan.
  static func nearest(_ group: PlanGroup, scenario: Scenario, options: SolverOptions) throws -> (PlanGroup, GroupSolution)? {
    let named = Set(PreChecks.conflicts(scenario, groups: [group], rules: RuleSet()).flatMap(\.rules))
    var elastic = group
    elastic.elastic = true
    elastic.totalRule = .r1
    if let filled = try filledToRoom(elastic, named: named, scenario: scenario, options: options) { return filled }
    let attempts: [Set<RuleID>?] = named.isEmpty ? [nil] : [named.union([.r1, .r2]), nil]
    for (number, breaking) in attempts.enumerated() {
      elastic.elasticRules = breaking
      do {
        return (elastic, try QuotaSolver.solve(elastic, scenario: scenario, rules: RuleSet(), options: options))
      } catch GLPKError.infeasible where number + 1 < attempts.count {
        continue
      } catch GLPKError.infeasible {
        return nil
      } catch let error as GLPKError {
        throw PlanError.solver(group: elastic.name, error)
      } catch let size as NearestPlanSize.TooLarge {
        throw PlanError.nearestPlanNotComputed(NearestPlanSize.sentence(size))
      }
    }
    return nil
  }

  /// The closed form for a category total above what its schools may take when none of the
  /// rules that stop it may break (non-negotiable caps, eligible grades, strict control, the
  /// students), or when its caps may break but no two schools could take the shortfall even
  /// with their grades filled to their students: R2 must break, and R1 with it, each by at
  /// least the shortfall, and by exactly that when the category is filled to its room; the rest
  /// is the category's plan at that total, which the exact solver gives. Nil when the case does
  /// not apply or that plan fails.
  static func filledToRoom(
    _ elastic: PlanGroup, named: Set<RuleID>, scenario: Scenario, options: SolverOptions
  ) throws -> (PlanGroup, GroupSolution)? {
    let policy = scenario.policy
    guard let category = elastic.categories.first, let total = category.total, category.kind == .school,
      category.districtTotals.isEmpty, elastic.pins.isEmpty, elastic.socialUnits.isEmpty,
      named.contains(.r2) || named.contains(.r1)
    else { return nil }
    var restricted = elastic
    restricted.elasticRules = named.union([.r1, .r2])
    let breakable = Set(RuleID.allCases.filter { restricted.mayBreak($0, policy) })
    let caps: Set<RuleID> = [.r4, .r5, .r6, .r7]
    let capsBreak = !breakable.isDisjoint(with: caps)
    guard breakable.isSubset(of: capsBreak ? caps.union([.r1, .r2]) : [.r1, .r2]),
      !capsBreak || (restricted.mayBreak(.r1, policy) && restricted.mayBreak(.r2, policy))
    else { return nil }
    var room = 0
    // What breaking a school's caps could add at most: its eligible grades filled to their
    // students, less what its caps allow.
    var gains: [Int] = []
    for index in elastic.schools {
      let school = scenario.schools[index]
      let capacity = SchoolCapacity(school, category, rules: RuleSet())
      room = min(SchoolCapacity.unbounded, room + capacity.schoolRoom)
      if capsBreak, capacity.scopes.contains(where: { restricted.mayBreak($0.rule, policy) }) {
        let physical = capacity.eligibleGrades.reduce(0) { $0 + (school.record($1).map(StudentCapacity.room) ?? 0) }
        gains.append(max(0, physical - capacity.schoolRoom))
      }
    }
    guard room < total else { return nil }
    // Breakable caps: one or two cap rows that take the whole shortfall would break fewer rows
    // than R2 and R1, or as many by half as much. When the two largest gains fall short, every
    // plan that keeps R1 and R2 breaks at least three rows, and R2 and R1 by the shortfall
    // (two rows, the least they can break by) is the nearest plan.
    if capsBreak, gains.sorted(by: >).prefix(2).reduce(0, +) >= total - room { return nil }
    var filled = scenario
    guard let position = filled.policy.categories.firstIndex(where: { $0.id == category.id }) else { return nil }
    filled.policy.categories[position].total = room
    filled.policy.total = scenario.policy.total - (total - room)
    var group = elastic
    group.elastic = false
    group.total = room
    group.totalRule = .r2
    group.categories = [filled.policy.categories[position]]
    do {
      return (group, try QuotaSolver.solve(group, scenario: filled, rules: RuleSet(), options: options))
    } catch GLPKError.infeasible {
      return nil
    } catch let error as GLPKError {
      throw PlanError.solver(group: group.name, error)
    }
  }
}
