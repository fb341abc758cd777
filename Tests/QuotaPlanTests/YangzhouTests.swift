import Foundation
import QuotaPlan
import Testing

/// The shipped Yangzhou 2022 scenario, end to end.
@Suite("Yangzhou 2022 end to end")
struct YangzhouTests {
  static let plan: Result<Plan, Error> = Result { try Planner.plan(ScenarioLoader.load(Fixture.yangzhouPath)) }

  @Test("the plan hands out 6360 and each category exactly its total")
  func totals() throws {
    let plan = try Self.plan.get()
    #expect(plan.total == 6360)
    #expect(
      plan.categoryTotals == [
        "junior_high": 1800, "senior_high": 1500, "secondary_vocational": 1100, "higher_vocational": 1560,
        "five_year_higher_vocational": 120, "social": 280,
      ])
    let lastYear = plan.policy.categories.compactMap(\.lastYearTotal).reduce(0, +)
    #expect(lastYear == 6700, "the notice: 340 fewer than 2021")
  }

  @Test("every hard rule holds, checked by each rule's own check")
  func hardRules() throws {
    let plan = try Self.plan.get()
    #expect(plan.violations().isEmpty)
    #expect(plan.isProvenOptimal)
  }

  @Test("number ranges are contiguous, disjoint, 12 digits and sized by the quotas")
  func numberRanges() throws {
    let plan = try Self.plan.get()
    var next = plan.policy.firstNumber
    for row in plan.allocation where row.quota > 0 {
      #expect(row.firstNumber == next)
      #expect(row.lastNumber - row.firstNumber + 1 == row.quota)
      #expect(String(row.firstNumber).count == 12 && String(row.lastNumber).hasPrefix("2022"))
      next = row.lastNumber + 1
    }
    #expect(next - plan.policy.firstNumber == 6360)
    #expect(plan.allocation.count == plan.policy.districts.count * plan.policy.categories.count)
    for row in plan.allocation where row.quota == 0 { #expect(row.firstNumber == 0 && row.lastNumber == 0) }
  }

  @Test("district × category quotas add up to the school and social quotas")
  func allocationMatchesUnits() throws {
    let plan = try Self.plan.get()
    for row in plan.allocation {
      let units = row.categoryID == "social"
        ? plan.socialPlans.filter { $0.unit.district == row.district }.map(\.quota)
        : plan.schoolPlans.filter { $0.school.district == row.district && $0.category.id == row.categoryID }.map(\.quota)
      #expect(units.reduce(0, +) == row.quota, "\(row.district) \(row.category)")
    }
  }

  @Test("every number has a reason, and strict control shows")
  func reasons() throws {
    let plan = try Self.plan.get()
    #expect(plan.schoolPlans.allSatisfy { $0.grades.allSatisfy { !$0.reason.text.isEmpty } })
    #expect(plan.socialPlans.allSatisfy { $0.reason.rule == .r11 })
    let kinds = Set(plan.schoolPlans.flatMap { $0.grades.map(\.reason.kind) })
    for kind: Reason.Kind in [.notEligible, .strictControl, .alreadyAboveCap, .capReached, .coverage, .balance, .previousYearFloor] {
      #expect(kinds.contains(kind), "no unit is explained by \(kind)")
    }
  }

  @Test("goals: no closed door, coverage met where the caps allow")
  func goals() throws {
    let plan = try Self.plan.get()
    #expect(plan.unmetGoals().filter { $0.rule == .g1 }.isEmpty)
    for summary in plan.summaries { #expect(summary.closedDoorMet == summary.closedDoorSchools) }
  }

  @Test("two runs write byte-identical files")
  func deterministic() throws {
    let again = try Planner.plan(ScenarioLoader.load(Fixture.yangzhouPath))
    let first = try PlanWriter.files(Self.plan.get())
    let second = try PlanWriter.files(again)
    #expect(first.map(\.name) == PlanWriter.fileNames)
    #expect(first.map(\.data) == second.map(\.data))
  }

  @Test("CSV files start with a BOM so Excel shows the Chinese")
  func excelFriendly() throws {
    for file in try PlanWriter.files(Self.plan.get()) where file.name.hasSuffix(".csv") {
      #expect(file.data.prefix(3) == Data([0xEF, 0xBB, 0xBF]))
    }
  }
}
