import QuotaPlan
import Testing

/// R12: no unit ever ends with more members than students, and each coverage target is capped
/// by what the grade can hold.
@Suite("R12 no more members than students")
struct StudentCapacityTests {
  /// A junior high whose grade 3 has 1 class and 1 student: "3 per class" would ask 3 (300 %).
  var tinyGrade: Scenario {
    Fixture.scenario(
      Fixture.policy([("junior_high", 10)]),
      [
        Fixture.school("大校", [(1, 10, 500, 0), (2, 10, 500, 50), (3, 1, 1, 0)]),
        Fixture.school("乙校", [(1, 4, 200, 0), (2, 4, 200, 10), (3, 4, 200, 12)]),
      ])
  }

  @Test("a one-student grade gets at most 1, and the plan breaks R12 when the rule is dropped")
  func tinyGradeHoldsOne() throws {
    let plan = try Planner.plan(tinyGrade)
    #expect(plan.violations().isEmpty)
    #expect(plan.quota("大校", 3) == 1)
    #expect(plan.reason("大校", 3)?.kind == .studentCapacity)
    #expect(plan.reason("大校", 3)?.rule == .r12)
    let dropped = try Planner.plan(tinyGrade, rules: .all(but: .r12))
    #expect(dropped.quota("大校", 3) == 3)
    #expect(dropped.violations().contains { $0.rule == .r12 })
  }

  @Test("G2's shortfall is counted against the capped target, in the plan and in the summary")
  func coverageCapped() throws {
    let plan = try Planner.plan(tinyGrade)
    let grade = plan.schoolPlans.first { $0.school.name == "大校" }!.grades.first { $0.record.grade == 3 }!
    #expect(grade.coverageDemand == 1)
    #expect(plan.unmetGoals().filter { $0.rule == .g2 }.isEmpty)
    let summary = plan.summaries.first { $0.id == "junior_high" }!
    #expect(summary.coverageMet == summary.coverageGrades)
    #expect(summary.levelOptima.contains("G2=0"))
  }

  @Test("a full grade under a whole-school cap gets 0 with R12 as the reason")
  func alreadyFull() throws {
    // The school's 10 % cap has room; its grade 2 has as many members as students.
    let scenario = Fixture.scenario(
      Fixture.policy([("junior_high", 6)]),
      [
        Fixture.school("满校", [(1, 10, 500, 0), (2, 1, 2, 2), (3, 10, 500, 0)]),
        Fixture.school("空校", [(1, 4, 200, 0), (2, 4, 200, 0), (3, 4, 200, 0)]),
      ])
    let plan = try Planner.plan(scenario)
    #expect(plan.violations().isEmpty)
    #expect(plan.quota("满校", 2) == 0)
    #expect(plan.reason("满校", 2)?.kind == .studentCapacity)
    #expect(RecomputeTests.recompute(plan.reason("满校", 2)!) == 0)
    let explained = try Explanation.text(plan, school: "满校", grade: 2)
    #expect(explained.contains("R12"))
  }

  @Test("the greedy and GLPK agree when R12 binds")
  func greedyAgreesWithGLPK() throws {
    let greedy = try Planner.plan(tinyGrade)
    let glpk = try Planner.plan(tinyGrade, method: .glpk)
    #expect(greedy.schoolPlans.map { $0.grades.map(\.quota) } == glpk.schoolPlans.map { $0.grades.map(\.quota) })
    #expect(greedy.summaries.map(\.levelOptima) == glpk.summaries.map(\.levelOptima))
  }

  @Test("a total above what the grades can physically hold is a conflict naming R12, not a solver status")
  func totalAboveStudents() throws {
    let scenario = Fixture.scenario(
      Fixture.policy([("junior_high", 5)]) { $0[0].caps = [] },
      [Fixture.school("小校", [(1, 1, 2, 0), (2, 1, 2, 0), (3, 1, 2, 0)])])
    #expect {
      try Planner.plan(scenario)
    } throws: { error in
      guard case PlanError.conflicts(let conflicts) = error else { return false }
      return conflicts.contains { $0.rules.contains(.r12) && $0.message.contains("4") }
    }
  }
}
