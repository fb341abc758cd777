import QuotaPlan
import Testing

/// Goals are met in priority order: a lower goal never buys its gain with a loss on a higher
/// one. Each scenario is built so that the lower goal would gain from the trade.
@Suite("Goals in priority order")
struct GoalOrderTests {
  /// A rural junior high (protected, G1) with a high ratio, and a junior high whose grade 2
  /// needs 6 members for coverage (G2); the total is exactly that coverage demand.
  func closedDoorVersusCoverage(goals: [Goal]) -> Scenario {
    Fixture.scenario(
      Fixture.policy([("junior_high", 6)], goals: goals),
      [
        Fixture.school("农村校", isRural: true, [(1, 1, 50, 0), (2, 1, 50, 3), (3, 1, 50, 4)]),
        Fixture.school("城区校", [(1, 6, 300, 0), (2, 6, 300, 0), (3, 6, 300, 30)]),
      ])
  }

  @Test("G1 is never traded for G2")
  func closedDoorBeforeCoverage() throws {
    let plan = try Planner.plan(closedDoorVersusCoverage(goals: [.closedDoor, .coverage, .balance]))
    #expect(plan.quota("农村校") == 1)
    #expect(plan.quota("城区校", 2) == 5)
    #expect(plan.unmetGoals().filter { $0.rule == .g1 }.isEmpty)
    #expect(plan.unmetGoals().filter { $0.rule == .g2 }.count == 1)
  }

  @Test("putting G2 first trades G1 away, so the order is what decides")
  func coverageBeforeClosedDoor() throws {
    let plan = try Planner.plan(closedDoorVersusCoverage(goals: [.coverage, .closedDoor, .balance]))
    #expect(plan.quota("农村校") == 0)
    #expect(plan.quota("城区校", 2) == 6)
  }

  /// Grade 3 of 覆盖校 needs 6 more for "every class a branch" but already has a high ratio;
  /// 低比校 has the lowest ratios, so balance alone would give it everything.
  var coverageVersusBalance: Scenario {
    Fixture.scenario(
      Fixture.policy([("junior_high", 6)]),
      [
        Fixture.school("覆盖校", [(1, 2, 100, 0), (2, 2, 100, 3), (3, 2, 100, 0)]),
        Fixture.school("低比校", [(1, 2, 100, 0), (2, 2, 100, 3), (3, 2, 100, 6)]),
      ])
  }

  @Test("G2 is never traded for G3")
  func coverageBeforeBalance() throws {
    let plan = try Planner.plan(coverageVersusBalance)
    #expect(plan.quota("覆盖校", 3) == 6)
    #expect(plan.reason("覆盖校", 3)?.kind == .coverage)
    #expect(plan.unmetGoals().isEmpty)
  }

  @Test("without G2, balance spreads the same total differently")
  func balanceAloneDiffers() throws {
    var scenario = coverageVersusBalance
    scenario.policy.goalOrder = [.balance]
    let plan = try Planner.plan(scenario)
    #expect(plan.quota("覆盖校", 3) < 6)
  }

  @Test("a protected school whose caps leave no room is not counted as a closed door")
  func closedDoorNeedsRoom() throws {
    let scenario = Fixture.scenario(
      Fixture.policy([("junior_high", 3)]),
      [
        Fixture.school("满员农村校", isRural: true, [(1, 1, 40, 0), (2, 1, 40, 0), (3, 1, 40, 12)]),
        Fixture.school("普通校", [(1, 2, 100, 0), (2, 2, 100, 0), (3, 2, 100, 0)]),
      ])
    let plan = try Planner.plan(scenario)
    #expect(plan.quota("满员农村校") == 0)
    #expect(plan.unmetGoals().filter { $0.rule == .g1 }.isEmpty)
    #expect(plan.reason("满员农村校", 2)?.kind == .alreadyAboveCap)
  }
}
