import Foundation
import QuotaPlan
import Testing

/// The shipped infeasible what-ifs: each names its conflict with the numbers, offers the
/// nearest plan (fewest broken rules, then least violation, non-negotiable rules kept) and
/// exits with code 3.
@Suite("Infeasible scenarios")
struct InfeasibleTests {
  static func path(_ name: String) -> String {
    URL(fileURLWithPath: Fixture.yangzhouPath).deletingLastPathComponent().appendingPathComponent(name).path
  }

  static func conflicts(_ name: String) throws -> [Conflict] {
    do {
      _ = try Planner.plan(ScenarioLoader.load(path(name)))
    } catch PlanError.conflicts(let conflicts) {
      return conflicts
    }
    Issue.record("\(name) solved without a conflict")
    return []
  }

  static func nearest(_ name: String) throws -> Plan {
    try Planner.nearestPlan(ScenarioLoader.load(path(name)))
  }

  /// Checks what every nearest plan must satisfy, and returns the broken rules.
  static func checkNearest(_ plan: Plan) -> [RuleID] {
    let broken = plan.brokenRules.map(\.rule)
    #expect(!broken.isEmpty)
    for rule in plan.policy.nonNegotiable + [.r8, .r9] { #expect(!broken.contains(rule), "non-negotiable \(rule) broken") }
    #expect(plan.brokenRules == plan.violations())
    return broken
  }

  @Test("a category total above its caps: R2 against the caps, with both numbers; the nearest plan leaves numbers unused")
  func categoryAboveCaps() throws {
    let found = try Self.conflicts("infeasible-senior-total-above-caps")
    #expect(found.count == 1)
    #expect(found.first.map { Set([.r2, .r5]).isSubset(of: $0.rules) } == true)
    // Strict control (R9) plays no part: without it the caps and eligible grades still allow only 1941.
    #expect(found.first?.rules == [.r2, .r5, .r8])
    #expect(found.first?.message == "普通高中: the total asks 2500, but the caps and eligible grades allow at most 1941 (1878 under every rule).")
    let plan = try Self.nearest("infeasible-senior-total-above-caps")
    #expect(Set(Self.checkNearest(plan)) == [.r1, .r2])
    #expect(plan.categoryTotals["senior_high"] == 1878)
    #expect(plan.total == 6360 - 622)
  }

  @Test("a district promised more than its caps allow: the district, the ask and the cap in one sentence")
  func districtAboveCaps() throws {
    let found = try Self.conflicts("infeasible-district-above-caps")
    #expect(found.map(\.message) == ["普通高中 in 宝应县: the total asks 260, the caps, eligible grades and strict control allow at most 229."])
    #expect(found.first?.rules.contains(.r5) == true)
    let plan = try Self.nearest("infeasible-district-above-caps")
    #expect(Self.checkNearest(plan) == [.r2])
    #expect(plan.allocation.first { $0.district == "宝应县" && $0.categoryID == "senior_high" }?.quota == 229)
    #expect(plan.total == 6360)
  }

  @Test("a previous-year floor above a cap: R10 against R7 for each college that cannot hold both")
  func floorAboveCap() throws {
    let found = try Self.conflicts("infeasible-floor-above-cap")
    let colleges = found.filter { $0.rules.first == .r10 }
    #expect(colleges.count == 4)
    #expect(colleges.contains { $0.message.hasPrefix("扬州市职业大学 (市直) must receive at least 420") && $0.rules.contains(.r7) })
    let plan = try Self.nearest("infeasible-floor-above-cap")
    let broken = Self.checkNearest(plan)
    #expect(broken.count == 4)
    #expect(broken.allSatisfy { $0 == .r7 || $0 == .r10 })
  }

  @Test("category totals above the city total: R1 against R2; the non-negotiable city total holds in the nearest plan")
  func categoriesAboveTotal() throws {
    let found = try Self.conflicts("infeasible-categories-above-total")
    #expect(found.count == 1)
    #expect(found.first?.rules == [.r1, .r2])
    #expect(found.first?.message.contains("add up to 6360") == true && found.first?.message.contains("is 6000") == true)
    let plan = try Self.nearest("infeasible-categories-above-total")
    #expect(Self.checkNearest(plan) == [.r2])
    #expect(plan.total == 6000)
  }

  @Test("a protected school whose caps leave no room, when every protected school must get one")
  func protectedWithoutRoom() throws {
    let found = try Self.conflicts("infeasible-protected-without-room")
    #expect(found.count == 3)
    #expect(found.allSatisfy { $0.rules == [.g1, .r4] })
    #expect(found.contains { $0.message.contains("高邮市周山镇中学") && $0.message.contains("floor(10.0% × 401) = 40") })
    let plan = try Self.nearest("infeasible-protected-without-room")
    #expect(Self.checkNearest(plan) == [.g1, .g1, .g1])
  }
}
