import Foundation

extension Planner {
  /// The plan from the groups' solutions: each grade's and unit's quota with its reason, each
  /// category's summary, and the district × category number ranges.
  static func assemble(_ scenario: Scenario, groups: [PlanGroup], solutions: [GroupSolution], rules: RuleSet) -> Plan {
    let policy = scenario.policy
    var reasons = Reasons(policy: policy, rules: rules)
    var schoolPlans: [SchoolPlan?] = Array(repeating: nil, count: scenario.schools.count)
    var socialPlans: [SocialPlan?] = Array(repeating: nil, count: scenario.socialUnits.count)
    var summaries: [String: CategorySummary] = [:]
    let weights = SocialShare.weights(scenario.socialUnits, policy.social)

    for (group, solution) in zip(groups, solutions) {
      reasons.prepare(solution, scenario: scenario)
      for index in group.schools {
        let school = scenario.schools[index]
        guard let category = policy.category(school.category) else { continue }
        let capacity = SchoolCapacity(school, category, rules: rules)
        let grades = school.grades.map { record -> GradePlan in
          let quota = solution.quotas[.grade(school: index, grade: record.grade)] ?? 0
          let demand = rules.contains(.g2) && policy.goalOrder.contains(.coverage) ? Coverage.demand(record, category, capped: rules.contains(.r12)) : 0
          return GradePlan(
            record: record, quota: quota, coverageDemand: demand,
            reason: reasons.grade(school: index, school, category, record, quota: quota, capacity: capacity, solution: solution))
        }
        schoolPlans[index] = SchoolPlan(
          school: school, category: category, grades: grades, closedDoorDemand: solution.closedDoor[index] != nil ? 1 : 0)
      }
      let total = group.socialUnits.reduce(0) { $0 + (solution.quotas[.social($1)] ?? 0) }
      let weightSum = group.socialUnits.reduce(0.0) { $0 + weights[$1] }
      for index in group.socialUnits {
        let quota = solution.quotas[.social(index)] ?? 0
        socialPlans[index] = SocialPlan(
          unit: scenario.socialUnits[index], weight: weights[index], quota: quota,
          reason: reasons.social(scenario.socialUnits[index], index: index, weight: weights[index], quota: quota, total: total, weightSum: weightSum))
      }
      for category in group.categories {
        summaries[category.id] = reasons.summary(category, group: group, solution: solution, scenario: scenario)
      }
    }

    let schools = schoolPlans.compactMap { $0 }
    let social = socialPlans.compactMap { $0 }
    // One pass over the units, then one cell per district × category (a nation has 3,000+ districts).
    var sums: [DistrictCategory: Int] = [:]
    for school in schools { sums[DistrictCategory(school.school.district, school.category.id), default: 0] += school.quota }
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
    for index in plan.summaries.indices {
      plan.summaries[index].total = plan.categoryTotals[plan.summaries[index].id] ?? 0
    }
    return plan
  }
}
