import Foundation
import QuotaPlan
import Testing

/// The balance properties of DOMAIN.md, checked on generated scenarios.
@Suite("Balance properties on generated scenarios")
struct BalancePropertyTests {
  static let seeds: [UInt64] = Array(1...40)

  /// A random one-category scenario with 3–9 schools (some protected, some alike) and a total
  /// the caps can hold.
  static func generate(seed: UInt64) throws -> Scenario {
    var random = LCG(seed: seed)
    let categories = ["junior_high", "senior_high", "secondary_vocational"]
    let category = categories[random.int(0...2)]
    var schools: [School] = []
    for index in 0..<random.int(3...9) {
      let grades = (1...3).map { grade -> (Int, Int, Int, Int) in
        let classes = random.int(1...6)
        let students = classes * random.int(40...50)
        let ratio = category == "senior_high" ? random.int(10...32) : (grade == 1 ? random.int(0...6) : random.int(0...14))
        return (grade, classes, students, students * ratio / 100)
      }
      let school = Fixture.school(
        "校\(index)", district: index % 2 == 0 ? "甲区" : "乙区", category: category, isPrivate: random.int(0...5) == 0,
        isRural: random.int(0...3) == 0, grades)
      schools.append(school)
      if random.int(0...3) == 0 {  // an alike twin
        var twin = school
        twin.name = "校\(index)孪生"
        schools.append(twin)
      }
    }
    var total = random.int(5...200)
    while total > 0 {
      let scenario = Fixture.scenario(Fixture.policy([(category, total)]), schools)
      do {
        _ = try Planner.plan(scenario)
        return scenario
      } catch PlanError.conflicts {
        total /= 2
      }
    }
    return Fixture.scenario(Fixture.policy([(category, 0)]), schools)
  }

  /// Σ coverage shortfall and unmet closed doors: what a transfer must not make worse.
  static func goalScore(_ plan: Plan) -> (closedDoor: Int, coverage: Int) {
    let coverage = plan.gradeUnits.reduce(0) { $0 + max(0, $1.coverageDemand - $1.quota) }
    return (plan.unmetGoals().filter { $0.rule == .g1 }.count, coverage)
  }

  @Test("no single transfer makes the plan more even", arguments: seeds)
  func noBetterTransfer(seed: UInt64) throws {
    let plan = try Planner.plan(Self.generate(seed: seed))
    let score = Self.goalScore(plan)
    let units = plan.schoolPlans.indices.flatMap { s in plan.schoolPlans[s].grades.indices.map { (s, $0) } }
    for (sa, ga) in units where plan.schoolPlans[sa].grades[ga].quota > 0 {
      for (sb, gb) in units where (sa, ga) != (sb, gb) {
        let kind = plan.schoolPlans[sb].grades[gb].reason.kind
        guard ![.notEligible, .strictControl, .noStudents].contains(kind) else { continue }
        var moved = plan
        moved.schoolPlans[sa].grades[ga].quota -= 1
        moved.schoolPlans[sb].grades[gb].quota += 1
        let after = Self.goalScore(moved)
        guard moved.violations().isEmpty, after.closedDoor <= score.closedDoor, after.coverage <= score.coverage else { continue }
        let a = moved.schoolPlans[sa].grades[ga], b = moved.schoolPlans[sb].grades[gb]
        // B's ratio after the move must not be below A's: bAfter/bStudents ≥ aAfter/aStudents.
        #expect(
          b.after * a.record.students >= a.after * b.record.students,
          "seed \(seed): moving one from \(plan.schoolPlans[sa].school.name) grade \(a.record.grade) to \(plan.schoolPlans[sb].school.name) grade \(b.record.grade) evens the plan")
      }
    }
  }

  @Test("raising the total never lowers a unit's quota", arguments: seeds)
  func monotoneInTotal(seed: UInt64) throws {
    let scenario = try Self.generate(seed: seed)
    let base = try Planner.plan(scenario)
    for step in [1, 2, 7] {
      var larger = scenario
      larger.policy.categories[0].total = (scenario.policy.categories[0].total ?? 0) + step
      larger.policy.total += step
      guard let plan = try? Planner.plan(larger) else { continue }
      for (old, new) in zip(base.schoolPlans, plan.schoolPlans) {
        for (g0, g1) in zip(old.grades, new.grades) {
          #expect(g1.quota >= g0.quota, "seed \(seed) +\(step): \(old.school.name) grade \(g0.record.grade) fell from \(g0.quota) to \(g1.quota)")
        }
      }
    }
  }

  @Test("alike units get quotas within 1 of each other", arguments: seeds)
  func alikeUnitsAlike(seed: UInt64) throws {
    let plan = try Planner.plan(Self.generate(seed: seed))
    let byName = Dictionary(uniqueKeysWithValues: plan.schoolPlans.map { ($0.school.name, $0) })
    for school in plan.schoolPlans where school.school.name.hasSuffix("孪生") {
      guard let original = byName[String(school.school.name.dropLast(2))] else { continue }
      for (a, b) in zip(original.grades, school.grades) {
        #expect(abs(a.quota - b.quota) <= 1, "seed \(seed): \(original.school.name) grade \(a.record.grade) \(a.quota) vs twin \(b.quota)")
      }
    }
  }

  @Test("the same scenario gives byte-identical files", arguments: seeds.prefix(10))
  func deterministic(seed: UInt64) throws {
    let scenario = try Self.generate(seed: seed)
    let first = try PlanWriter.files(Planner.plan(scenario))
    let second = try PlanWriter.files(Planner.plan(scenario))
    #expect(first.map(\.data) == second.map(\.data))
  }

  @Test("every generated plan keeps every hard rule", arguments: seeds)
  func hardRulesHold(seed: UInt64) throws {
    let plan = try Planner.plan(Self.generate(seed: seed))
    #expect(plan.violations().isEmpty)
  }
}
