import QuotaPlan
import Testing

/// Each hard rule R1–R10 on a scenario where it binds: the plan keeps it, and the same scenario
/// planned without the rule breaks it — so each test fails if its rule is dropped from the model.
@Suite("Hard rules R1–R10")
struct HardRuleTests {
  /// Plans with all rules and without `rule`; returns the violations of `rule` in each plan.
  func violations(_ scenario: Scenario, dropping rule: RuleID) throws -> (with: [Violation], without: [Violation]) {
    let kept = try Planner.plan(scenario)
    let dropped = try Planner.plan(scenario, rules: .all(but: rule))
    return (kept.violations().filter { $0.rule == rule }, dropped.violations().filter { $0.rule == rule })
  }

  /// Two junior highs: one nearly at its 10 % cap, one empty.
  var juniors: [School] {
    [
      Fixture.school("满校", [(1, 2, 100, 0), (2, 2, 100, 0), (3, 2, 100, 25)]),
      Fixture.school("空校", [(1, 2, 100, 0), (2, 2, 100, 0), (3, 2, 100, 0)]),
    ]
  }

  @Test("R1 city total holds when only the city total fixes the plan")
  func cityTotal() throws {
    let scenario = Fixture.scenario(Fixture.policy([("junior_high", nil)], total: 31), juniors)
    let result = try violations(scenario, dropping: .r1)
    #expect(result.with.isEmpty)
    #expect(!result.without.isEmpty)
    #expect(try Planner.plan(scenario).total == 31)
  }

  /// A junior high with low ratios and a senior high with high ones: balance alone would move
  /// everything to the junior high.
  var twoCategories: Scenario {
    Fixture.scenario(
      Fixture.policy([("junior_high", 10), ("senior_high", 10)]),
      [
        Fixture.school("初中甲", [(1, 4, 200, 0), (2, 4, 200, 0), (3, 4, 200, 10)]),
        Fixture.school("高中甲", category: "senior_high", [(1, 4, 200, 40), (2, 4, 200, 44), (3, 4, 200, 60)]),
      ])
  }

  @Test("R2 category totals hold")
  func categoryTotals() throws {
    let result = try violations(twoCategories, dropping: .r2)
    #expect(result.with.isEmpty)
    #expect(!result.without.isEmpty)
  }

  @Test("R3 no category uses another's quota")
  func noBorrowing() throws {
    let result = try violations(twoCategories, dropping: .r3)
    #expect(result.with.isEmpty)
    #expect(!result.without.isEmpty)
    let plan = try Planner.plan(twoCategories)
    #expect(plan.categoryTotals == ["junior_high": 10, "senior_high": 10])
  }

  @Test("R4 junior-high school ratio ≤ 10 %")
  func juniorCap() throws {
    let scenario = Fixture.scenario(Fixture.policy([("junior_high", 35)]), juniors)
    let result = try violations(scenario, dropping: .r4)
    #expect(result.with.isEmpty)
    #expect(!result.without.isEmpty)
    let plan = try Planner.plan(scenario)
    #expect(plan.quota("满校") == 5)
    #expect(plan.reason("满校", 2)?.kind == .capReached)
  }

  /// Two senior highs; 高中满 has an empty grade 1 but its grades 1–2 are close to the 30 % cap.
  func seniors(total: Int, edit: (inout [CategoryPolicy]) -> Void = { _ in }) -> Scenario {
    Fixture.scenario(
      Fixture.policy([("senior_high", total)], edit: edit),
      [
        Fixture.school("高中满", category: "senior_high", [(1, 2, 100, 0), (2, 2, 100, 55), (3, 2, 100, 35)]),
        Fixture.school("高中空", category: "senior_high", [(1, 2, 100, 20), (2, 2, 100, 20), (3, 2, 100, 30)]),
      ])
  }

  @Test("R5 senior-high grades 1–2 ratio ≤ 30 %")
  func seniorCap() throws {
    let scenario = seniors(total: 25)
    let result = try violations(scenario, dropping: .r5)
    #expect(result.with.isEmpty)
    #expect(!result.without.isEmpty)
    #expect(try Planner.plan(scenario).quota("高中满") == 5)
  }

  /// R6 can bind only when a scenario lets the graduating grade develop; here a coverage target
  /// on grade 3 asks for more than its 40 % cap allows.
  @Test("R6 graduating grade ≤ 40 % when a scenario makes it eligible")
  func graduatingCap() throws {
    let scenario = seniors(total: 20) { categories in
      categories[0].eligibleGrades = [1, 2, 3]
      categories[0].coverage = [CoverageTarget(grade: 3, perClass: 21, perGrade: 0)]
    }
    let result = try violations(scenario, dropping: .r6)
    #expect(result.with.isEmpty)
    #expect(!result.without.isEmpty)
  }

  @Test("R7 secondary-vocational grade 1 ≤ 10 %, grade 2 ≤ 20 %, school ≤ 20 %")
  func vocationalCaps() throws {
    let scenario = Fixture.scenario(
      Fixture.policy([("secondary_vocational", 30)]),
      [
        Fixture.school("职校甲", category: "secondary_vocational", [(1, 2, 100, 0), (2, 2, 100, 10), (3, 2, 100, 10)]),
        Fixture.school("职校乙", category: "secondary_vocational", [(1, 2, 100, 5), (2, 2, 100, 15), (3, 2, 100, 20)]),
      ])
    let result = try violations(scenario, dropping: .r7)
    #expect(result.with.isEmpty)
    #expect(!result.without.isEmpty)
    let plan = try Planner.plan(scenario)
    #expect(plan.quota("职校甲", 1) == 10)
  }

  @Test("R8 only eligible grades receive quota")
  func eligibleGrades() throws {
    let scenario = Fixture.scenario(Fixture.policy([("junior_high", 30)]), juniors)
    let result = try violations(scenario, dropping: .r8)
    #expect(result.with.isEmpty)
    #expect(!result.without.isEmpty)
    #expect(try Planner.plan(scenario).quota("空校", 1) == 0)
  }

  @Test("R9 a senior high above 50 % in grade 1 is strictly controlled")
  func strictControl() throws {
    let scenario = Fixture.scenario(
      Fixture.policy([("senior_high", 10)]),
      [
        Fixture.school("名校", category: "senior_high", [(1, 2, 100, 55), (2, 2, 100, 0), (3, 2, 100, 30)]),
        Fixture.school("普校", category: "senior_high", [(1, 2, 100, 20), (2, 2, 100, 25), (3, 2, 100, 30)]),
      ])
    let result = try violations(scenario, dropping: .r9)
    #expect(result.with.isEmpty)
    #expect(!result.without.isEmpty)
    let plan = try Planner.plan(scenario)
    #expect(plan.quota("名校") == 0)
    #expect(plan.reason("名校", 2)?.kind == .strictControl)
  }

  @Test("R10 a college gets at least 60 % of last year's quota")
  func previousYearFloor() throws {
    let scenario = Fixture.scenario(
      Fixture.policy([("higher_vocational", 80)]),
      [
        Fixture.school("学院甲", district: "乙区", category: "higher_vocational", lastYear: 100, [(1, 10, 500, 200), (2, 10, 500, 200), (3, 10, 500, 200)]),
        Fixture.school("学院乙", district: "乙区", category: "higher_vocational", lastYear: 20, [(1, 10, 500, 50), (2, 10, 500, 50), (3, 10, 500, 50)]),
      ])
    let result = try violations(scenario, dropping: .r10)
    #expect(result.with.isEmpty)
    #expect(!result.without.isEmpty)
    #expect(try Planner.plan(scenario).quota("学院甲") == 60)
  }
}
