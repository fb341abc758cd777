import GLPK
import Testing

@testable import QuotaPlan

/// A GLPK time limit reached before any plan is told in the planner's language, with the limit
/// the planner set (not what was left of it when the last solve started).
@Suite struct TimeLimitTextTests {
  let error = PlanError.solver(
    group: "初中", .timeLimitReached(seconds: 10, level: "level 1 of 3, G1 (no closed door)", bestBound: 2))

  @Test func chineseNamesTheLimitAndWhatToChange() {
    let text = error.sentence(.zh)
    #expect(text.contains("10 秒的时间上限"), "\(text)")
    #expect(text.contains("solver_time_limit") && text.contains("--time-limit"), "\(text)")
    #expect(text.contains("初中"))
  }

  @Test func englishNamesTheLevelAndTheBestBound() {
    let text = error.sentence(.en)
    #expect(text.contains("The time limit of 10 s was reached while minimising level 1 of 3"), "\(text)")
    #expect(text.contains("best bound"), "\(text)")
  }

  @Test func aFractionalLimitIsWrittenShort() {
    let text = "\(GLPKError.timeLimitReached(seconds: 7.682131767272949, level: "the model", bestBound: nil))"
    #expect(text.contains("7.682 s"), "\(text)")
  }
}
