import Foundation
import GLPK
import Testing

@testable import QuotaPlan

/// The plan's assembly (reasons, summaries, number ranges), a school's capacity and the
/// sensitivity were rewritten for speed (issue #16): phrases made once a category, quotas
/// indexed by school, schools written on all cores, no dictionaries in the capacity, look-ups
/// shared between categories. The bytes they give are pinned by `GoldenOutputTests` (recorded
/// from the code before the rewrite, which gave the same folders for Yangzhou in both languages,
/// generated cities and the province); here: the parallel path equals the serial one, and the
/// rewritten arithmetic equals its definition.
@Suite("Plan assembly, capacity and sensitivity after the speed work")
struct PlanAssemblyTests {
  @Test("a city large enough that its schools are written on several threads: the same plan as one thread writes")
  func parallel() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quotaplan-assembly-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    try AtomicFolder.write(try Generator.files(.city, seed: 5, schools: 3_000), to: folder)
    for language in Language.allCases {
      var scenario = try ScenarioLoader.load(folder.path)
      scenario.policy.language = language
      let groups = PlanGroup.groups(scenario, rules: RuleSet())
      #expect(groups.contains { $0.schools.count >= 2 * 512 })
      let solutions = try groups.map { try QuotaSolver.solve($0, scenario: scenario, rules: RuleSet(), options: SolverOptions()) }
      let many = Planner.assemble(scenario, groups: groups, solutions: solutions, rules: RuleSet(), parallel: true)
      let one = Planner.assemble(scenario, groups: groups, solutions: solutions, rules: RuleSet(), parallel: false)
      #expect(many.schoolPlans.count > 2_000)
      #expect(many.schoolPlans == one.schoolPlans && many.socialPlans == one.socialPlans && many.summaries == one.summaries)
      #expect(try PlanWriter.files(many).map(\.data) == PlanWriter.files(one).map(\.data))
    }
  }

  /// Random categories with caps over any grades (nested, overlapping, listed twice or out of
  /// order, missing from the school, beyond 63), strict control and eligible grades.
  @Test("a school's cap scopes, caps of every shape: as the ratio-cap rule reads them")
  func capacity() throws {
    var random = LCG(seed: 16)
    var compared = 0
    for _ in 0..<400 {
      let grades = [1, 2, 3, 4, 5, 70].filter { _ in random.int(0...4) > 0 }
      var category = try #require(Policy.notice.category("senior_high"))
      category.gradeCount = 5
      category.eligibleGrades = [1, 2, 3, 4, 5, 70].filter { _ in random.int(0...2) > 0 }
      category.caps = (0..<random.int(0...4)).map { _ in
        let listed: [Int]? = random.int(0...3) == 0 ? nil : (0..<random.int(1...3)).map { _ in [1, 2, 3, 4, 5, 70, 9][random.int(0...6)] }
        return RatioCap(rule: [RuleID.r4, .r5, .r6, .r7][random.int(0...3)], grades: listed, ratio: Double(random.int(0...60)) / 100)
      }
      category.strictControl = random.int(0...2) == 0 ? [StrictControlTrigger(grades: [grades.first ?? 1], above: Double(random.int(10...60)) / 100)] : []
      let school = School(
        district: "甲区", name: "校", category: category.id,
        grades: grades.map { grade in
          let students = random.int(0...3) == 0 ? 0 : random.int(20...400)
          return GradeRecord(grade: grade, classes: 2, students: students, members: random.int(0...max(0, students * 7 / 10)))
        })
      // The scopes as RatioCaps, the rule's own reading, finds them (the room they leave is
      // pinned through the plans by GoldenOutputTests).
      #expect(SchoolCapacity.scopes(school, category, rules: RuleSet()) == RatioCaps.scopes(school, category), "\(category.caps) \(school.grades)")
      compared += 1
    }
    #expect(compared == 400)
  }

  @Test("a rule set answers as its set of rules, after a change too")
  func ruleSet() {
    var random = LCG(seed: 7)
    for _ in 0..<100 {
      var rules = RuleSet(enabled: Set(RuleID.allCases.filter { _ in random.int(0...1) == 0 }))
      #expect(RuleID.allCases.allSatisfy { rules.contains($0) == rules.enabled.contains($0) })
      let changed = RuleID.allCases[random.int(0...(RuleID.allCases.count - 1))]
      if rules.enabled.contains(changed) { rules.enabled.remove(changed) } else { rules.enabled.insert(changed) }
      #expect(RuleID.allCases.allSatisfy { rules.contains($0) == rules.enabled.contains($0) })
    }
  }

  @Test("the members a grade takes before a level: the same count as one at a time")
  func membersBefore() {
    var random = LCG(seed: 3)
    for _ in 0..<5_000 {
      let students = random.int(1...2_000)
      let cost = BalanceCost(base: Double(random.int(0...students)), size: Double(students))
      let social = random.int(0...4) == 0
      let level = social
        ? BalanceCost(base: -0.5, size: Double(random.int(1...5_000)) / 7)
        : BalanceCost(base: Double(random.int(0...900)), size: Double(random.int(1...3_000)))
      let k = random.int(1...400)
      var j = 0
      while cost.isCheaper(j + 1, than: level, k) { j += 1 }
      #expect(Sensitivity.membersBefore(cost, level, k) == j)
    }
  }
}
