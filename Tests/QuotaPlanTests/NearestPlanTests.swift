import Foundation
import QuotaPlan
import Testing

/// The nearest plan of conflicting rules: its reasons cite their own category's level, and its
/// model stays small when the data has a slip.
@Suite("Nearest plan: reasons and bounds")
struct NearestPlanTests {
  /// Junior highs with low ratios (total fine); senior highs asked for more than their caps allow.
  static var conflicting: Scenario {
    Fixture.scenario(
      Fixture.policy([("junior_high", 20), ("senior_high", 200)]),
      [
        Fixture.school("初中甲", [(1, 4, 200, 0), (2, 4, 200, 1), (3, 4, 200, 2)]),
        Fixture.school("初中乙", [(1, 4, 200, 0), (2, 4, 200, 2), (3, 4, 200, 3)]),
        Fixture.school("高中甲", category: "senior_high", [(1, 4, 200, 40), (2, 4, 200, 45), (3, 4, 200, 60)]),
        Fixture.school("高中乙", category: "senior_high", [(1, 4, 200, 42), (2, 4, 200, 44), (3, 4, 200, 62)]),
      ])
  }

  @Test("every balance reason of the nearest plan cites its own category's level, never one below its own ratio")
  func levelsAreTheirOwnCategorys() throws {
    #expect(throws: PlanError.self) { try Planner.plan(Self.conflicting) }
    let nearest = try Planner.nearestPlan(Self.conflicting)
    #expect(!nearest.brokenRules.isEmpty)
    let categoryOf = Dictionary(uniqueKeysWithValues: nearest.schoolPlans.map { ($0.school.name, $0.category.id) })
    var checked = 0
    for school in nearest.schoolPlans {
      for grade in school.grades {
        guard let balance = grade.reason.balance else { continue }
        let levelSchool = String(balance.level.unit.split(separator: " ").first ?? "")
        #expect(categoryOf[levelSchool] == school.category.id, "\(school.school.name) cites \(balance.level.unit)")
        if grade.quota > 0 {
          // The last member's ratio is not above the level the reason cites.
          #expect(grade.ratioAfter <= balance.level.ratio + 1e-12, "\(grade.reason.text)")
        }
        checked += 1
      }
    }
    #expect(checked > 0)
  }

  @Test("a total a thousand times too large names R1 vs R2 and a nearest plan that breaks only R1, with a small model")
  func slipInTheTotal() throws {
    var scenario = Self.conflicting
    scenario.policy.categories[1].total = 20
    scenario.policy.total = 40_000_000
    #expect {
      try Planner.plan(scenario)
    } throws: { error in
      guard case PlanError.conflicts(let conflicts) = error else { return false }
      return conflicts.map(\.rules) == [[.r1, .r2]]
    }
    let started = Date()
    let nearest = try Planner.nearestPlan(scenario)
    #expect(Date().timeIntervalSince(started) < 30)
    #expect(nearest.brokenRules.map(\.rule) == [.r1])
    #expect(nearest.total == 40)
  }

  @Test("a nearest plan whose model would be too large is not built: a sentence says why, and plan() still names the conflict")
  func tooLargeIsASentence() throws {
    // A college whose previous-year floor is above its cap (R10 vs R7), and a social sector
    // without a total that would take the rest of a mistyped 40,000,000.
    var policy = Fixture.policy([("secondary_vocational", 10), ("social", nil)], total: 40_000_000)
    policy.language = .en
    let scenario = Fixture.scenario(
      policy,
      [Fixture.school("职校", category: "secondary_vocational", lastYear: 100, [(1, 4, 200, 20), (2, 4, 200, 40), (3, 4, 200, 40)])],
      social: [
        SocialUnit(district: "甲区", name: "甲村", kind: .village, members: 10, residentYouth: 200, registeredYouth: 300, organisations: 1),
        SocialUnit(district: "乙区", name: "乙社区", kind: .community, members: 12, residentYouth: 300, registeredYouth: 280, organisations: 2),
      ])
    #expect(throws: PlanError.self) { try Planner.plan(scenario) }
    #expect {
      try Planner.nearestPlan(scenario)
    } throws: { error in
      guard case PlanError.nearestPlanNotComputed = error else { return false }
      return String(describing: error).hasPrefix("the nearest plan was not computed: its model would need")
    }
  }
}
