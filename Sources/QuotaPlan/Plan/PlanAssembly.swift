import Foundation

extension Planner {
  /// The plan from the groups' solutions: each grade's and unit's quota with its reason, each
  /// category's summary, and the district × category number ranges.
  ///
  /// Groups are prepared one after another (a category's balance level is set by its group);
  /// within a group, the schools' and social units' reasons only read what `prepare` indexed, so
  /// large groups are written on all cores (`parallel`), each unit into its own slot: the plan
  /// is the same whichever thread wrote which unit.
  static func assemble(
    _ scenario: Scenario, groups: [PlanGroup], solutions: [GroupSolution], rules: RuleSet, parallel: Bool = true
  ) -> Plan {
    let policy = scenario.policy
    var reasons = Reasons(policy: policy, rules: rules)
    let schoolSlots = Slots<SchoolPlan>(count: scenario.schools.count)
    let socialSlots = Slots<SocialPlan>(count: scenario.socialUnits.count)
    var summaries: [String: CategorySummary] = [:]
    let weights = SocialShare.weights(scenario.socialUnits, policy.social)
    let coverage = rules.contains(.g2) && policy.goalOrder.contains(.coverage)

    for (group, solution) in zip(groups, solutions) {
      reasons.prepare(solution, scenario: scenario)
      let prepared = reasons
      let schools = group.schools
      // A school listed twice would be written by two threads: such a group is written in order.
      let distinct = zip(schools, schools.dropFirst()).allSatisfy { $0 < $1 }
      inChunks(schools.count, parallel: parallel && distinct) { range in
        for position in range {
          let index = schools[position]
          if let plan = schoolPlan(index, scenario, prepared, solution, rules: rules, coverage: coverage) {
            schoolSlots.set(index, plan)
          }
        }
      }
      let units = group.socialUnits
      let total = units.reduce(0) { $0 + prepared.quotas.socialQuota($1) }
      let weightSum = units.reduce(0.0) { $0 + weights[$1] }
      let level = prepared.socialLevel()
      let distinctUnits = zip(units, units.dropFirst()).allSatisfy { $0 < $1 }
      inChunks(units.count, parallel: parallel && distinctUnits) { range in
        for position in range {
          let index = units[position]
          let quota = prepared.quotas.socialQuota(index)
          let unit = scenario.socialUnits[index]
          socialSlots.set(
            index,
            SocialPlan(
              unit: unit, weight: weights[index], quota: quota,
              reason: prepared.social(unit, index: index, weight: weights[index], quota: quota, total: total, weightSum: weightSum, level: level)))
        }
      }
      for category in group.categories {
        summaries[category.id] = reasons.summary(category, group: group, solution: solution, scenario: scenario)
      }
    }

    let schools = schoolSlots.compacted()
    let social = socialSlots.compacted()
    // One pass over the units, then one cell per district × category (a nation has 3,000+ districts).
    // Neighbouring schools mostly share district and category: a run is added to the sums at once.
    var sums: [DistrictCategory: Int] = [:]
    var run: (key: DistrictCategory, sum: Int)?
    for index in schools.indices {
      let quota = schools[index].quota
      if let current = run, current.key.district == schools[index].school.district, current.key.category == schools[index].category.id {
        run?.sum += quota
      } else {
        if let current = run { sums[current.key, default: 0] += current.sum }
        run = (DistrictCategory(schools[index].school.district, schools[index].category.id), quota)
      }
    }
    if let current = run { sums[current.key, default: 0] += current.sum }
    for unit in social { sums[DistrictCategory(unit.unit.district, ""), default: 0] += unit.quota }
    var cells: [(String, CategoryPolicy, Int)] = []
    for district in policy.districts {
      for category in policy.categories {
        cells.append((district, category, sums[DistrictCategory(district, category.kind == .social ? "" : category.id)] ?? 0))
      }
    }
    var plan = Plan(
      policy: policy, schoolPlans: schools, socialPlans: social,
      allocation: NumberRanges.allocate(cells.map { ($0.0, $0.1, $0.2) }, firstNumber: policy.firstNumber),
      summaries: policy.categories.compactMap { summaries[$0.id] },
      isProvenOptimal: solutions.allSatisfy(\.isProvenOptimal), solverLog: solutions.map(\.log).joined())
    let totals = plan.categoryTotals
    for index in plan.summaries.indices {
      plan.summaries[index].total = totals[plan.summaries[index].id] ?? 0
    }
    return plan
  }

  /// One school's plan: its grades' quotas and reasons; nil when its category is not in the policy.
  private static func schoolPlan(
    _ index: Int, _ scenario: Scenario, _ reasons: Reasons, _ solution: GroupSolution, rules: RuleSet, coverage: Bool
  ) -> SchoolPlan? {
    let school = scenario.schools[index]
    guard let phrases = reasons.categoryIndex(school.category) else { return nil }
    let category = scenario.policy.categories[phrases]
    let capacity = SchoolCapacity(school, category, rules: rules)
    let state = reasons.categoryLevel(category.id)
    let capped = rules.contains(.r12)
    var grades: [GradePlan] = []
    grades.reserveCapacity(school.grades.count)
    for record in school.grades {
      let quota = reasons.quotas.quota(school: index, grade: record.grade)
      grades.append(
        GradePlan(
          record: record, quota: quota, coverageDemand: coverage ? Coverage.demand(record, category, capped: capped) : 0,
          reason: reasons.grade(
            school: index, school, category, record, quota: quota, capacity: capacity, solution: solution, phrases: phrases, state: state)))
    }
    return SchoolPlan(school: school, category: category, grades: grades, closedDoorDemand: solution.closedDoor[index] != nil ? 1 : 0)
  }

  /// Runs `body` over `0..<count` in ranges, on all cores when `parallel` and the work is large
  /// enough to pay for the threads (a city's few hundred schools are written on one).
  private static func inChunks(_ count: Int, parallel: Bool, _ body: @Sendable (Range<Int>) -> Void) {
    let chunks = parallel ? min(4 * ProcessInfo.processInfo.activeProcessorCount, count / 512) : 1
    guard chunks > 1 else {
      body(0..<count)
      return
    }
    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
      body((count * chunk / chunks)..<(count * (chunk + 1) / chunks))
    }
  }

  /// One optional value per index, written from several threads, each index by one thread only.
  private final class Slots<T>: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<T?>

    init(count: Int) {
      buffer = .allocate(capacity: count)
      buffer.initialize(repeating: nil)
    }

    deinit {
      buffer.deinitialize()
      buffer.deallocate()
    }

    func set(_ index: Int, _ value: T) { buffer[index] = value }

    /// The values set, in index order, moved out of the slots.
    func compacted() -> [T] {
      var values: [T] = []
      values.reserveCapacity(buffer.count)
      for index in buffer.indices {
        if let value = buffer[index].take() { values.append(value) }
      }
      return values
    }
  }
}
