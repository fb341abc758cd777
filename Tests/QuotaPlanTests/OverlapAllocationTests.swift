import Foundation
import GLPK
import Testing

@testable import QuotaPlan

/// Caps over overlapping but consecutive grades (`IntervalAllocation`) must give what GLPK gives
/// on the same model: the same quotas, and the same optimum at every level. Scenarios are
/// generated with overlapping interval caps over 3 or 4 grades, and every other kind of row:
/// whole-school and single-grade caps, floors, protected schools (soft or hard), coverage,
/// district totals, pins on a school or a grade, social units in the group, any goal order.
@Suite("Caps over overlapping grades against GLPK")
struct OverlapAllocationTests {
  /// 30 on every run; `QUOTAPLAN_OVERLAP_SEEDS=N` runs seeds 1...N.
  static let seeds: [UInt64] = Array(
    1...UInt64(ProcessInfo.processInfo.environment["QUOTAPLAN_OVERLAP_SEEDS"].flatMap(Int.init) ?? 30))

  /// A random scenario of one school category with overlapping interval caps.
  static func generate(seed: UInt64) -> (Scenario, pins: [Pin]) {
    var random = LCG(seed: seed)
    let categories = ["junior_high", "senior_high", "secondary_vocational", "higher_vocational"]
    let category = categories[random.int(0...3)]
    let gradeCount = random.int(3...4)
    var schools: [School] = []
    for index in 0..<random.int(2...9) {
      let grades = (1...gradeCount).map { grade -> (Int, Int, Int, Int) in
        let classes = random.int(1...5)
        let students = classes * random.int(30...50)
        return (grade, classes, students, students * random.int(0...16) / 100)
      }
      schools.append(
        Fixture.school(
          "校\(index)", district: random.int(0...1) == 0 ? "甲区" : "乙区", category: category,
          isPrivate: random.int(0...4) == 0, isRural: random.int(0...3) == 0,
          lastYear: random.int(0...2) == 0 ? random.int(0...20) : 0, grades))
    }
    // The social sector shares the remainder with the school category in some scenarios.
    let pooled = random.int(0...2) == 0
    let social = (0..<(pooled ? random.int(1...3) : 0)).map { index in
      SocialUnit(
        district: index % 2 == 0 ? "甲区" : "乙区", name: "单位\(index)", kind: .village, members: random.int(5...200),
        residentYouth: 0, registeredYouth: 0, organisations: random.int(1...9))
    }
    let goals = [[Goal.closedDoor, .coverage, .balance], [.coverage, .closedDoor, .balance], [.balance, .coverage, .closedDoor]][
      random.int(0...2)]
    let schoolTotal = random.int(0...150)
    var policy = Fixture.policy(pooled ? [(category, nil), ("social", nil)] : [(category, schoolTotal)], goals: goals) {
      categories in
      // Overlapping intervals: [1, 2] and [2, 3] (and [3, 4] with 4 grades), sometimes more.
      var caps = [
        RatioCap(rule: .r5, grades: [1, 2], ratio: Double(random.int(8...35)) / 100),
        RatioCap(rule: .r5, grades: [2, 3], ratio: Double(random.int(8...35)) / 100),
      ]
      if gradeCount == 4 { caps.append(RatioCap(rule: .r6, grades: [3, 4], ratio: Double(random.int(8...35)) / 100)) }
      if random.int(0...1) == 0 { caps.append(RatioCap(rule: .r4, grades: nil, ratio: Double(random.int(10...30)) / 100)) }
      if random.int(0...1) == 0 { caps.append(RatioCap(rule: .r7, grades: [random.int(1...gradeCount)], ratio: Double(random.int(5...30)) / 100)) }
      if gradeCount == 4 && random.int(0...2) == 0 { caps.append(RatioCap(rule: .r7, grades: [1, 2, 3], ratio: Double(random.int(10...30)) / 100)) }
      categories[0].caps = caps
      categories[0].strictControl = []
      categories[0].gradeCount = gradeCount
      categories[0].eligibleGrades = random.int(0...3) == 0 ? Array(2...gradeCount) : Array(1...gradeCount)
      if random.int(0...2) == 0 {  // a district total that may or may not be reachable
        categories[0].districtTotals = ["甲区": random.int(0...schoolTotal)]
      }
      if random.int(0...2) == 0 { categories[0].previousYearFloor = 0.6 }
    }
    if pooled { policy.total = schoolTotal + random.int(0...30) }
    policy.closedDoorIsHard = random.int(0...4) == 0
    var pins: [Pin] = []
    for _ in 0..<random.int(0...2) where !schools.isEmpty {
      let school = schools[random.int(0...(schools.count - 1))].name
      let grade: Int? = random.int(0...1) == 0 ? nil : random.int(1...gradeCount)
      let low = random.int(0...6)
      pins.append(
        random.int(0...1) == 0
          ? Pin(school: school, grade: grade, exactly: low) : Pin(school: school, grade: grade, atLeast: low, atMost: low + random.int(0...5)))
    }
    return (Fixture.scenario(policy, schools, social: social), pins)
  }

  /// What both ways found for one group: equal quotas, or (ties) equal optima at every level.
  struct Outcome {
    var groups = 0
    var sameQuotas = 0
    var infeasible = 0
  }

  static func compare(seed: UInt64) throws -> Outcome {
    let (scenario, pins) = generate(seed: seed)
    var outcome = Outcome()
    for var group in PlanGroup.groups(scenario, rules: RuleSet()) {
      if group.categories.contains(where: { $0.kind == .school }) { group.pins = pins }
      let layout = QuotaModel(group: group, scenario: scenario, rules: RuleSet())
      guard group.categories.contains(where: { $0.kind == .school }), !layout.units.isEmpty else { continue }
      outcome.groups += 1
      // Only groups whose rows do not nest come here (with grade 1 not eligible, [1, 2] and
      // [2, 3] cover units {2} and {2, 3}, which nest: the nested greedy takes those).
      if (try? NestedAllocation(layout: layout, group: group, policy: scenario.policy, rules: RuleSet())) != nil { continue }
      let interval: GroupSolution
      do {
        _ = try IntervalAllocation(layout: layout, group: group, policy: scenario.policy, rules: RuleSet())
        interval = try QuotaSolver.solve(group, scenario: scenario, rules: RuleSet(), options: SolverOptions())
      } catch GLPKError.infeasible {
        outcome.infeasible += 1
        #expect(throws: GLPKError.infeasible, "seed \(seed), \(group.name)") {
          try QuotaSolver.solve(group, scenario: scenario, rules: RuleSet(), options: SolverOptions(), method: .glpk)
        }
        continue
      }
      // This path is what `solve` ran (not GLPK): its quotas are the solution's.
      let direct = try IntervalAllocation.quotas(layout, group: group, policy: scenario.policy, rules: RuleSet())
      #expect(direct == layout.units.map { interval.quotas[$0.owner] ?? -1 }, "seed \(seed)")
      let glpk = try QuotaSolver.solve(group, scenario: scenario, rules: RuleSet(), options: SolverOptions(), method: .glpk)
      if interval.quotas == glpk.quotas {
        outcome.sameQuotas += 1
      } else {
        // Ties: GLPK's plan must then be no better than this one at any level of this model.
        let theirs = try LexicographicSolver.solve(interval.model)
        #expect(theirs.optima == interval.optima.map(\.value), "seed \(seed), \(group.name): quotas differ and optima too")
      }
      #expect(interval.optima.map(\.value) == glpk.optima.map(\.value), "seed \(seed), \(group.name)")
      // The optimum of the model this path exports is what GLPK finds on it.
      let check = try LexicographicSolver.solve(interval.model)
      #expect(check.optima == interval.optima.map(\.value), "seed \(seed), \(group.name)")
    }
    return outcome
  }

  @Test("same quotas and the same optimum at every level as GLPK", arguments: seeds)
  func sameOptimum(seed: UInt64) throws {
    _ = try Self.compare(seed: seed)
  }

  /// Grade 2 has the lowest ratio, but every member it takes counts in both caps: the total
  /// (both caps full) is only reachable with grade 2 at 0. A greedy without exchanges gives
  /// grade 2 its members first and then finds no room; dropping either cap breaks R5.
  @Test("the next member may move one already given (exchange), and both caps hold")
  func exchangeKeepsBothCaps() throws {
    let policy = Fixture.policy([("senior_high", 50)]) { categories in
      categories[0].caps = [RatioCap(rule: .r5, grades: [1, 2], ratio: 0.2), RatioCap(rule: .r5, grades: [2, 3], ratio: 0.3)]
      categories[0].eligibleGrades = [1, 2, 3]
      categories[0].strictControl = []
    }
    // Caps: grades 1–2: floor(0.2 × 200) − 20 = 20; grades 2–3: floor(0.3 × 200) − 30 = 30.
    let schools = [Fixture.school("一中", category: "senior_high", [(1, 2, 100, 19), (2, 2, 100, 1), (3, 2, 100, 29)])]
    let scenario = Fixture.scenario(policy, schools)
    let plan = try Planner.plan(scenario)
    #expect(plan.violations().isEmpty)
    #expect(plan.quota("一中", 1) == 20)
    #expect(plan.quota("一中", 2) == 0)
    #expect(plan.quota("一中", 3) == 30)
    let glpk = try Planner.plan(scenario, method: .glpk)
    for grade in 1...3 { #expect(plan.quota("一中", grade) == glpk.quota("一中", grade)) }
  }

  @Test("below the caps' reach, balance still prefers the lowest ratio across both caps")
  func balanceAcrossOverlap() throws {
    let policy = Fixture.policy([("senior_high", 10)]) { categories in
      categories[0].caps = [RatioCap(rule: .r5, grades: [1, 2], ratio: 0.2), RatioCap(rule: .r5, grades: [2, 3], ratio: 0.3)]
      categories[0].eligibleGrades = [1, 2, 3]
      categories[0].strictControl = []
    }
    let schools = [Fixture.school("一中", category: "senior_high", [(1, 2, 100, 19), (2, 2, 100, 1), (3, 2, 100, 29)])]
    let plan = try Planner.plan(Fixture.scenario(policy, schools))
    // Grade 2 at 1 % fills up to grade 1's ratio (19 %) before anyone else gains: all 10.
    #expect(plan.quota("一中", 2) == 10)
  }

  @Test("grade sets that are not consecutive go to GLPK")
  func gapsGoToGLPK() throws {
    let policy = Fixture.policy([("senior_high", 12)]) { categories in
      categories[0].caps = [RatioCap(rule: .r5, grades: [1, 3], ratio: 0.2), RatioCap(rule: .r5, grades: [2, 3], ratio: 0.3)]
      categories[0].eligibleGrades = [1, 2, 3]
      categories[0].strictControl = []
    }
    let schools = (0..<2).map { Fixture.school("中学\($0)", category: "senior_high", [(1, 2, 90, 2), (2, 2, 90, 4), (3, 2, 90, 5)]) }
    let scenario = Fixture.scenario(policy, schools)
    let group = PlanGroup.groups(scenario, rules: RuleSet())[0]
    let layout = QuotaModel(group: group, scenario: scenario, rules: RuleSet())
    #expect(throws: IntervalAllocation.Unsupported.notIntervals) {
      try IntervalAllocation(layout: layout, group: group, policy: scenario.policy, rules: RuleSet())
    }
    #expect(try IntervalAllocation.quotas(layout, group: group, policy: scenario.policy, rules: RuleSet()) == nil)
    #expect(try Planner.plan(scenario).violations().isEmpty)
  }
}
