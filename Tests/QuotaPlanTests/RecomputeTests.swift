import Foundation
import QuotaPlan
import Testing

/// A reviewer recomputes every quota from the plan's own tables and reasons, without the
/// solver: this file is that reviewer, and it shares no code with the reason writer.
@Suite("Quotas recomputed from their reasons")
struct RecomputeTests {
  /// Members before the level: j counts while (base + j) ÷ size comes before the level's
  /// ratio, ties going to the earlier unit.
  static func before(base: Double, size: Double, order: Int, level: Reason.Level, limit: Int = 1_000_000) -> Int {
    var count = 0
    while count < limit {
      let left = (base + Double(count + 1)) * level.denominator
      let right = level.numerator * size
      guard left < right || (left == right && order < level.order) else { break }
      count += 1
    }
    return count
  }

  /// The quota a reason's figures give, or nil when they are missing.
  static func recompute(_ reason: Reason) -> Int? {
    switch reason.kind {
    case .notEligible, .noStudents: return 0
    case .strictControl:
      guard let t = reason.strictControl, Double(t.members) > t.above * Double(t.students) else { return nil }
      return 0
    case .alreadyAboveCap:
      guard let cap = reason.cap, cap.limit == Int((cap.ratio * Double(cap.students) + 1e-9).rounded(.down)),
        cap.members >= cap.limit
      else { return nil }
      return 0
    case .capReached:
      guard let cap = reason.cap, cap.limit == Int((cap.ratio * Double(cap.students) + 1e-9).rounded(.down)) else { return nil }
      return cap.limit - cap.members - cap.othersInScope
    case .previousYearFloor:
      guard let floor = reason.floor, floor.least == Int((floor.fraction * Double(floor.lastYearQuota) - 1e-9).rounded(.up)) else {
        return nil
      }
      return floor.least - floor.othersInSchool
    case .closedDoor: return 1
    case .studentCapacity:
      guard let c = reason.capacity else { return nil }
      return max(0, c.students - c.members)
    case .pinned:
      guard let pin = reason.pin else { return nil }
      return pin.value - pin.othersInSchool
    case .coverage:
      // The target is capped by what the grade can hold (R12).
      guard let c = reason.coverage, c.target == min(max(c.perClass * c.classes, c.perGrade), c.students) else { return nil }
      let demand = c.target - c.members
      guard let level = c.level else { return demand }
      return before(base: Double(c.members), size: Double(c.students), order: c.order, level: level, limit: demand)
    case .balance, .socialShare:
      guard let b = reason.balance else { return nil }
      return before(base: b.base, size: b.size, order: b.order, level: b.level)
    }
  }

  func checkEveryQuota(_ plan: Plan) {
    for school in plan.schoolPlans {
      for grade in school.grades {
        #expect(
          Self.recompute(grade.reason) == grade.quota,
          "\(school.school.name) grade \(grade.record.grade): \(grade.reason.kind) gives \(String(describing: Self.recompute(grade.reason))), plan says \(grade.quota)")
      }
    }
    for unit in plan.socialPlans {
      #expect(Self.recompute(unit.reason) == unit.quota, "\(unit.unit.name)")
    }
    for row in plan.allocation {
      let schools = plan.schoolPlans.filter { $0.school.district == row.district && $0.category.name == row.category }
      let social = plan.socialPlans.filter { $0.unit.district == row.district && row.categoryID == "social" }
      #expect(schools.reduce(0) { $0 + $1.grades.reduce(0) { $0 + $1.quota } } + social.reduce(0) { $0 + $1.quota } == row.quota)
    }
  }

  @Test("every Yangzhou quota has a reason that recomputes it")
  func yangzhou() throws {
    let plan = try Planner.plan(ScenarioLoader.load(Fixture.yangzhouPath))
    checkEveryQuota(plan)
    let reasons = plan.schoolPlans.flatMap { $0.grades.map(\.reason) } + plan.socialPlans.map(\.reason)
    #expect(reasons.allSatisfy { !$0.text.isEmpty && Self.recompute($0) != nil })
  }

  @Test("every quota of a generated scenario recomputes from its reason", arguments: BalancePropertyTests.seeds)
  func generated(seed: UInt64) throws {
    checkEveryQuota(try Planner.plan(BalancePropertyTests.generate(seed: seed)))
  }
}
