import GLPK
import QuotaPlan
import Testing

/// Plain conflicts are caught by arithmetic before solving and named in the planner's words.
@Suite("Conflicts before solving")
struct ConflictTests {
  func conflicts(_ scenario: Scenario) -> [Conflict] {
    do {
      _ = try Planner.plan(scenario)
      return []
    } catch PlanError.conflicts(let conflicts) {
      return conflicts
    } catch {
      return [Conflict([], "unexpected error \(error)")]
    }
  }

  @Test("a category total above what the caps allow names the total, the caps and both numbers")
  func totalAboveCaps() {
    let scenario = Fixture.scenario(
      Fixture.policy([("senior_high", 100)]),
      [Fixture.school("高中", category: "senior_high", [(1, 2, 100, 25), (2, 2, 100, 25), (3, 2, 100, 30)])])
    let found = conflicts(scenario)
    #expect(found.count == 1)
    #expect(found.first?.rules.contains(.r2) == true)
    #expect(found.first?.rules.contains(.r5) == true)
    #expect(found.first?.message.contains("asks 100") == true)
    // The grade-3 cap (R6) still bounds the graduating grade, so eligible grades (R8) play no
    // part: the caps alone allow 20; with every rule 10.
    #expect(found.first?.rules == [.r2, .r5, .r6])
    #expect(found.first?.message.contains("the caps allow at most 20 (10 under every rule)") == true)
  }

  @Test("the conflict names only the rules that play a part: no R8 or R9 when the caps alone block")
  func smallestSetOfRules() {
    // A whole-school cap (R4) bounds every grade, so eligible grades change nothing; junior
    // highs have no strict control.
    let juniors = Fixture.scenario(
      Fixture.policy([("junior_high", 100)]),
      [Fixture.school("初中", [(1, 2, 100, 5), (2, 2, 100, 5), (3, 2, 100, 10)])])
    let found = conflicts(juniors)
    #expect(found.map(\.rules) == [[.r2, .r4]])
    #expect(found.first?.message == "初中: the total asks 100, but the caps allow at most 10.")
    // Strict control plays a part when the controlled school's room is needed.
    let seniors = Fixture.scenario(
      Fixture.policy([("senior_high", 15)]),
      [
        Fixture.school("高中控", category: "senior_high", [(1, 2, 100, 51), (2, 2, 100, 0), (3, 2, 100, 0)]),
        Fixture.school("高中", category: "senior_high", [(1, 2, 100, 25), (2, 2, 100, 25), (3, 2, 100, 30)]),
      ])
    let controlled = conflicts(seniors)
    #expect(controlled.first?.rules == [.r2, .r5, .r8, .r9], "\(controlled)")
    #expect(controlled.first?.message.contains("strict control") == true)
  }

  @Test("a previous-year floor above the total names R10 and both numbers")
  func floorsAboveTotal() {
    let scenario = Fixture.scenario(
      Fixture.policy([("higher_vocational", 50)]),
      [Fixture.school("学院", category: "higher_vocational", lastYear: 100, [(1, 10, 500, 100), (2, 10, 500, 100), (3, 10, 500, 100)])])
    let found = conflicts(scenario)
    #expect(found.contains { $0.rules.contains(.r10) && $0.message.contains("60") && $0.message.contains("50") })
  }

  @Test("a floor on a strictly controlled school names R10 and strict control")
  func floorAgainstStrictControl() {
    var policy = Fixture.policy([("senior_high", 10)])
    policy.categories[0].previousYearFloor = 0.6
    let scenario = Fixture.scenario(
      policy,
      [
        Fixture.school("名校", category: "senior_high", lastYear: 10, [(1, 2, 100, 55), (2, 2, 100, 0), (3, 2, 100, 30)]),
        Fixture.school("普校", category: "senior_high", [(1, 2, 100, 10), (2, 2, 100, 10), (3, 2, 100, 30)]),
      ])
    let found = conflicts(scenario)
    #expect(found.contains { $0.rules.contains(.r10) && $0.message.contains("名校") && $0.message.contains("R9") })
  }
}

/// A time limit never crashes: the plan comes back (marked not proven when the limit cut the
/// search) or the failure is a sentence.
@Suite("Solver limits")
struct SolverLimitTests {
  @Test("a 1 ms time limit on Yangzhou gives a plan or a sentence, never a crash", arguments: [0.001, 0.01])
  func tinyTimeLimit(seconds: Double) throws {
    let scenario = try ScenarioLoader.load(Fixture.yangzhouPath)
    do {
      let plan = try Planner.plan(scenario, options: SolverOptions(timeLimit: seconds))
      #expect(plan.violations().isEmpty)
      if !plan.isProvenOptimal { #expect(Summary.text(plan, outputFolder: nil).contains("未证明最优")) }
    } catch let error as PlanError {
      #expect(error.description.contains("time limit"), "\(error)")
    }
  }
}
