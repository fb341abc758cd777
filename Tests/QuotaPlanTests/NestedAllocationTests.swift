import Foundation
import GLPK
import Testing

@testable import QuotaPlan

/// The greedy over nested rows (`NestedAllocation`) must give exactly what GLPK gives on the
/// same model: the same quotas, and the same optimum at every level when GLPK solves the model
/// the greedy path exports. Scenarios are generated with every kind of row the tree carries:
/// caps, floors, protected schools (soft or hard), coverage, district totals, pins, social
/// units, and any goal order.
@Suite("Greedy over nested rows against GLPK")
struct NestedAllocationTests {
  /// 40 on every run; `QUOTAPLAN_NESTED_SEEDS=600` compared 918 groups once, all equal.
  static let seeds: [UInt64] = Array(1...UInt64(ProcessInfo.processInfo.environment["QUOTAPLAN_NESTED_SEEDS"].flatMap(Int.init) ?? 40))

  /// A random scenario of one school category and the social sector, in two districts.
  static func generate(seed: UInt64) -> (Scenario, pins: [Pin]) {
    var random = LCG(seed: seed)
    let categories = ["junior_high", "senior_high", "secondary_vocational", "higher_vocational"]
    let category = categories[random.int(0...3)]
    var schools: [School] = []
    for index in 0..<random.int(2...8) {
      let grades = (1...3).map { grade -> (Int, Int, Int, Int) in
        let classes = random.int(1...5)
        let students = classes * random.int(40...50)
        return (grade, classes, students, students * random.int(0...(grade == 1 ? 8 : 16)) / 100)
      }
      schools.append(
        Fixture.school(
          "校\(index)", district: random.int(0...1) == 0 ? "甲区" : "乙区", category: category,
          isPrivate: random.int(0...4) == 0, isRural: random.int(0...3) == 0,
          lastYear: category == "higher_vocational" ? random.int(0...20) : 0, grades))
    }
    let social = (0..<random.int(0...4)).map { index in
      SocialUnit(
        district: index % 2 == 0 ? "甲区" : "乙区", name: "单位\(index)", kind: .village, members: random.int(5...200),
        residentYouth: 0, registeredYouth: 0, organisations: random.int(1...9))
    }
    let goals = [[Goal.closedDoor, .coverage, .balance], [.coverage, .closedDoor, .balance], [.balance, .coverage, .closedDoor]][
      random.int(0...2)]
    let schoolTotal = random.int(0...120)
    var policy = Fixture.policy([(category, schoolTotal), ("social", social.isEmpty ? 0 : random.int(0...30))], goals: goals) {
      categories in
      if random.int(0...2) == 0 {  // a district total that may or may not be reachable
        categories[0].districtTotals = ["甲区": random.int(0...schoolTotal)]
      }
    }
    policy.closedDoorIsHard = random.int(0...4) == 0
    var pins: [Pin] = []
    for _ in 0..<random.int(0...2) where !schools.isEmpty {
      let school = schools[random.int(0...(schools.count - 1))].name
      let grade: Int? = random.int(0...1) == 0 ? nil : random.int(1...2)
      let low = random.int(0...6)
      pins.append(random.int(0...1) == 0 ? Pin(school: school, grade: grade, exactly: low) : Pin(school: school, grade: grade, atLeast: low, atMost: low + random.int(0...5)))
    }
    return (Fixture.scenario(policy, schools, social: social), pins)
  }

  @Test("same quotas and the same optimum at every level as GLPK", arguments: seeds)
  func sameOptimum(seed: UInt64) throws {
    let (scenario, pins) = Self.generate(seed: seed)
    for var group in PlanGroup.groups(scenario, rules: RuleSet()) {
      if group.categories.contains(where: { $0.kind == .school }) { group.pins = pins }
      let layout = QuotaModel(group: group, scenario: scenario, rules: RuleSet())
      let greedy: GroupSolution
      do {
        // The generated rows always nest, so the greedy really is what runs here.
        _ = try NestedAllocation(layout: layout, group: group, policy: scenario.policy, rules: RuleSet())
        greedy = try QuotaSolver.solve(group, scenario: scenario, rules: RuleSet(), options: SolverOptions())
      } catch GLPKError.infeasible {
        #expect(throws: GLPKError.infeasible) {
          try QuotaSolver.solve(group, scenario: scenario, rules: RuleSet(), options: SolverOptions(), method: .glpk)
        }
        continue
      }
      let glpk = try QuotaSolver.solve(group, scenario: scenario, rules: RuleSet(), options: SolverOptions(), method: .glpk)
      #expect(greedy.quotas == glpk.quotas, "seed \(seed), \(group.name)")
      let check = try LexicographicSolver.solve(greedy.model)
      #expect(check.optima == greedy.optima.map(\.value), "seed \(seed), \(group.name)")
      #expect(greedy.optima.map(\.name) == greedy.model.levels.map(\.name))
    }
  }

  @Test("the Yangzhou plan is byte-identical whichever way it is solved")
  func yangzhouBothWays() throws {
    let scenario = try ScenarioLoader.load(Fixture.yangzhouPath)
    let greedy = try PlanWriter.files(Planner.plan(scenario))
    let glpk = try PlanWriter.files(Planner.plan(scenario, method: .glpk))
    #expect(greedy.map(\.name) == glpk.map(\.name))
    for (a, b) in zip(greedy, glpk) { #expect(a.data == b.data, "\(a.name)") }
  }

  @Test("caps over overlapping grades do not nest and go to GLPK")
  func overlappingCapsFallBack() throws {
    let policy = Fixture.policy([("secondary_vocational", 12)]) { categories in
      categories[0].caps = [RatioCap(rule: .r7, grades: [1, 2], ratio: 0.2), RatioCap(rule: .r7, grades: [2, 3], ratio: 0.2)]
      categories[0].eligibleGrades = [1, 2, 3]
    }
    let schools = (0..<3).map { Fixture.school("职校\($0)", category: "secondary_vocational", [(1, 2, 90, 2), (2, 2, 90, 4), (3, 2, 90, 5)]) }
    let scenario = Fixture.scenario(policy, schools)
    let group = PlanGroup.groups(scenario, rules: RuleSet())[0]
    let layout = QuotaModel(group: group, scenario: scenario, rules: RuleSet())
    #expect(throws: NestedAllocation.Unsupported.notNested) {
      try NestedAllocation(layout: layout, group: group, policy: scenario.policy, rules: RuleSet())
    }
    let plan = try Planner.plan(scenario)
    #expect(plan.schoolPlans.reduce(0) { $0 + $1.quota } == 12)
    #expect(plan.violations().isEmpty)
  }
}

@Suite("Monolithic export")
struct MonolithicExportTests {
  @Test("the whole-scenario model has, at every level, the sum of the groups' optima")
  func summedOptima() throws {
    let scenario = try ScenarioLoader.load(Fixture.yangzhouPath)
    let groups = PlanGroup.groups(scenario, rules: RuleSet())
    let solutions = try groups.map { try QuotaSolver.solve($0, scenario: scenario, rules: RuleSet(), options: SolverOptions()) }
    let whole = ModelExport.combined(
      zip(groups, solutions).map { ($0.name, $0.name, $1.model, $1.optima.map(\.value)) },
      goalOrder: scenario.policy.goalOrder.map(\.rule.rawValue))
    #expect(whole.model.levels.map(\.name) == ["G1", "G2", "G3"])
    #expect(whole.model.variables.count == solutions.reduce(0) { $0 + $1.model.variables.count })
    let check = try LexicographicSolver.solve(whole.model)
    #expect(check.optima == whole.optima)
  }
}
