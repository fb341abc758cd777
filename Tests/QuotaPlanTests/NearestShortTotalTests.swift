import Foundation
import GLPK
import Testing

@testable import QuotaPlan

/// The nearest plan by parts for the two conflicts it used to leave to the whole-city model:
/// a city total below the categories' sum (`NearestByParts.shortOfSum`: which category gives up
/// the gap, or R1 breaks), and a category far above caps that may break (`filledToRoom`: no two
/// schools could take the shortfall, so R2 and R1 break by it). Each is compared with the
/// whole-city model on small generated scenarios.
@Suite("Nearest plan by parts: a city total below the categories' sum, caps far too small")
struct NearestShortTotalTests {
  /// 16 on every run; `QUOTAPLAN_NEAREST_SEEDS=400` runs a larger sweep.
  static let seeds: [UInt64] = Array(1...UInt64(ProcessInfo.processInfo.environment["QUOTAPLAN_NEAREST_SEEDS"].flatMap(Int.init) ?? 16))

  /// Schools of two or three categories (some with a previous-year floor), each category's total
  /// within what it can be planned at.
  static func schools(_ random: inout LCG) -> (categories: [String], schools: [School], rooms: [String: Int], floors: [String: Int]) {
    let pool = ["junior_high", "senior_high", "secondary_vocational", "higher_vocational"]
    let first = random.int(0...3)
    let categories = (0..<random.int(2...3)).map { pool[(first + $0) % pool.count] }
    var schools: [School] = []
    var rooms: [String: Int] = [:]
    var floors: [String: Int] = [:]
    for category in categories {
      for index in 0..<random.int(2...4) {
        let school = NearestByPartsTests.school(category, index, &random, lastYear: true)
        schools.append(school)
        if let policy = Policy.notice.category(category) {
          let capacity = SchoolCapacity(school, policy, rules: RuleSet())
          let least = PreviousYearFloor.floor(school, policy)
          rooms[category, default: 0] += capacity.schoolRoom
          floors[category, default: 0] += min(least, capacity.schoolRoom)
        }
      }
    }
    return (categories, schools, rooms, floors)
  }

  /// A city total below the categories' sum: R1 kept on even seeds, negotiable on odd ones; the
  /// gap sometimes more than any one category can give up.
  static func shortOfSum(seed: UInt64) -> Scenario {
    var random = LCG(seed: seed &* 7 &+ 3)
    let (categories, schools, rooms, floors) = Self.schools(&random)
    let totals = categories.map { ($0, random.int((floors[$0] ?? 0)...max(floors[$0] ?? 0, rooms[$0] ?? 0))) }
    let slack = categories.map { category in (totals.first { $0.0 == category }?.1 ?? 0) - (floors[category] ?? 0) }.max() ?? 0
    let goals = [[Goal.closedDoor, .coverage, .balance], [.coverage, .closedDoor, .balance], [.balance, .coverage, .closedDoor]][
      random.int(0...2)]
    var policy = Fixture.policy(totals.map { ($0.0, Optional($0.1)) }, goals: goals)
    policy.total = max(0, policy.total - random.int(1...max(1, slack + (random.int(0...3) == 0 ? 20 : 0))))
    policy.nonNegotiable = seed % 2 == 0 ? [.r1, .r3] : [.r3]
    return Fixture.scenario(policy, schools)
  }

  /// One category asked for more than its caps allow, more than any two schools could take with
  /// their grades filled to their students; its caps may break.
  static func farOverCaps(seed: UInt64) -> Scenario {
    var random = LCG(seed: seed &* 11 &+ 5)
    let (categories, schools, rooms, _) = Self.schools(&random)
    let over = categories[random.int(0...(categories.count - 1))]
    var gains: [Int] = []
    for school in schools where school.category == over {
      guard let policy = Policy.notice.category(over) else { continue }
      let capacity = SchoolCapacity(school, policy, rules: RuleSet())
      let physical = capacity.eligibleGrades.reduce(0) { $0 + (school.record($1).map(StudentCapacity.room) ?? 0) }
      gains.append(max(0, physical - capacity.schoolRoom))
    }
    let topTwo = gains.sorted(by: >).prefix(2).reduce(0, +)
    let totals = categories.map { category -> (String, Int?) in
      let room = rooms[category] ?? 0
      return (category, category == over ? room + topTwo + random.int(1...25) : random.int(0...room))
    }
    let goals = [[Goal.closedDoor, .coverage, .balance], [.coverage, .closedDoor, .balance], [.balance, .coverage, .closedDoor]][
      random.int(0...2)]
    var policy = Fixture.policy(totals, goals: goals)
    policy.categories = policy.categories.map { category in
      var category = category
      category.previousYearFloor = nil
      return category
    }
    return Fixture.scenario(policy, schools)
  }

  /// The category whose total the plan does not meet, if any.
  static func short(_ plan: Plan, _ scenario: Scenario) -> [String] {
    scenario.policy.categories.filter { plan.categoryTotals[$0.id] != $0.total }.map(\.id)
  }

  @Test("a city total below the categories' sum: the same broken rows by the same amount, the same goals, the same plan", arguments: seeds)
  func shortOfSumSameAsWholeCity(seed: UInt64) throws {
    let scenario = Self.shortOfSum(seed: seed)
    let options = SolverOptions(timeLimit: 60)
    let whole: Plan
    do {
      whole = try Planner.nearestPlanWholeCity(scenario, options: options)
    } catch PlanError.solver(_, .infeasible) {
      #expect(try NearestByParts.shortOfSum(scenario, options: options) == nil, "seed \(seed)")
      return
    }
    let parts = try Planner.nearestPlan(scenario, options: options)
    #expect(NearestByPartsTests.distance(parts, scenario) == NearestByPartsTests.distance(whole, scenario), "seed \(seed)")
    #expect(parts.brokenRules.map(\.rule).sorted() == whole.brokenRules.map(\.rule).sorted(), "seed \(seed)")
    #expect(Self.short(parts, scenario) == Self.short(whole, scenario), "seed \(seed)")
    #expect(NearestByPartsTests.quotas(parts) == NearestByPartsTests.quotas(whole), "seed \(seed)")
  }

  @Test("caps that may break but no two schools could take the shortfall: R2 and R1 break by it, as in the whole-city model", arguments: seeds)
  func farOverCapsSameAsWholeCity(seed: UInt64) throws {
    let scenario = Self.farOverCaps(seed: seed)
    let options = SolverOptions(timeLimit: 60)
    let whole = try Planner.nearestPlanWholeCity(scenario, options: options)
    let parts = try #require(try NearestByParts.solve(scenario, options: options), "seed \(seed)")
    #expect(!parts.usedSolver, "seed \(seed)")
    #expect(NearestByPartsTests.distance(parts.plan, scenario) == NearestByPartsTests.distance(whole, scenario), "seed \(seed)")
    #expect(parts.plan.brokenRules.map(\.rule).sorted() == [.r1, .r2], "seed \(seed)")
    #expect(whole.brokenRules.map(\.rule).sorted() == [.r1, .r2], "seed \(seed)")
    #expect(NearestByPartsTests.quotas(parts.plan) == NearestByPartsTests.quotas(whole), "seed \(seed)")
  }

  @Test("the by-parts answer is taken for most short city totals (the comparison above is not vacuous), with and without R1 kept")
  func shortOfSumIsTaken() throws {
    var taken: [Bool: Int] = [:]
    for seed in Self.seeds {
      let scenario = Self.shortOfSum(seed: seed)
      if try NearestByParts.shortOfSum(scenario, options: SolverOptions(timeLimit: 60)) != nil {
        taken[scenario.policy.nonNegotiable.contains(.r1), default: 0] += 1
      }
    }
    #expect((taken[true] ?? 0) * 4 >= Self.seeds.count, "\(taken)")
    #expect((taken[false] ?? 0) * 4 >= Self.seeds.count, "\(taken)")
  }

  /// (`NearestByPartsTests.yangzhouExamples` compares this plan with the whole-city model's.)
  @Test("Yangzhou's city total cut to 6000 with R1 kept: planned by parts, without GLPK; senior high gives up the 360")
  func yangzhouCut() throws {
    let path = URL(fileURLWithPath: Fixture.yangzhouPath).deletingLastPathComponent().appendingPathComponent("infeasible-categories-above-total").path
    let scenario = try ScenarioLoader.load(path)
    let parts = try #require(try NearestByParts.solve(scenario, options: SolverOptions()))
    #expect(!parts.usedSolver)
    #expect(parts.plan.brokenRules.map(\.rule) == [.r2])
    #expect(Self.short(parts.plan, scenario) == ["senior_high"])
    #expect(parts.plan.categoryTotals["senior_high"] == 1140)
  }
}
