import Foundation
import GLPK
import Testing

@testable import QuotaPlan

/// The plan's assembly (reasons, summaries, number ranges), a school's capacity and the
/// sensitivity were rewritten for speed (issue #16): phrases made once a category, quotas
/// indexed by school, schools written on all cores, no dictionaries in the capacity, look-ups
/// shared between categories. Each must give what the code before it gave
/// (`ReferenceAssembly.swift` keeps that code): the same plans, reasons' sentences included,
/// in both languages, on generated scenarios of every kind of row and on Yangzhou.
@Suite("Plan assembly, capacity and sensitivity against the code before the speed work")
struct PlanAssemblyTests {
  /// The groups of `scenario` and their solutions, nil when a group has no plan.
  static func solved(_ scenario: Scenario, rules: RuleSet, pins: [Pin] = []) -> (groups: [PlanGroup], solutions: [GroupSolution])? {
    var groups = PlanGroup.groups(scenario, rules: rules)
    for index in groups.indices where groups[index].categories.contains(where: { $0.kind == .school }) { groups[index].pins = pins }
    var solutions: [GroupSolution] = []
    for group in groups {
      guard let solution = try? QuotaSolver.solve(group, scenario: scenario, rules: rules, options: SolverOptions()) else { return nil }
      solutions.append(solution)
    }
    return (groups, solutions)
  }

  /// Assembles both ways and expects the same plan and the same sensitivity; returns the
  /// number of school-grades compared.
  @discardableResult
  static func expectSame(
    _ scenario: Scenario, groups: [PlanGroup], solutions: [GroupSolution], rules: RuleSet, _ label: String
  ) -> Int {
    let plan = Planner.assemble(scenario, groups: groups, solutions: solutions, rules: rules)
    let reference = ReferenceAssembly.assemble(scenario, groups: groups, solutions: solutions, rules: rules)
    #expect(plan.schoolPlans.count == reference.schoolPlans.count, "\(label)")
    // The first sentence that differs, for a readable failure.
    for (new, old) in zip(plan.schoolPlans, reference.schoolPlans) where new != old {
      let grade = zip(new.grades, old.grades).first { $0.0 != $0.1 }
      Issue.record("\(label): \(old.school.name) differs: \(String(describing: grade?.0.reason.text)) against \(String(describing: grade?.1.reason.text))")
      break
    }
    #expect(plan.schoolPlans == reference.schoolPlans, "\(label)")
    #expect(plan.socialPlans == reference.socialPlans, "\(label)")
    #expect(plan.allocation == reference.allocation, "\(label)")
    #expect(plan.summaries == reference.summaries, "\(label)")
    #expect(plan.isProvenOptimal == reference.isProvenOptimal && plan.solverLog == reference.solverLog, "\(label)")
    #expect(Sensitivity.of(plan) == ReferenceSensitivity.of(reference), "\(label)")
    return plan.schoolPlans.reduce(0) { $0 + $1.grades.count }
  }

  /// Plans `scenario` in both languages both ways.
  @discardableResult
  static func expectSame(_ scenario: Scenario, rules: RuleSet = RuleSet(), pins: [Pin] = [], _ label: String) -> Int {
    var compared = 0
    for language in Language.allCases {
      var scenario = scenario
      scenario.policy.language = language
      guard let (groups, solutions) = solved(scenario, rules: rules, pins: pins) else { continue }
      compared += expectSame(scenario, groups: groups, solutions: solutions, rules: rules, "\(label), \(language)")
    }
    return compared
  }

  @Test("generated groups of every kind of row, pins included", arguments: NestedAllocationTests.seeds)
  func generated(seed: UInt64) throws {
    let (scenario, pins) = NestedAllocationTests.generate(seed: seed)
    Self.expectSame(scenario, pins: pins, "seed \(seed)")
  }

  @Test("the nearest plan's one elastic group, where caps may break")
  func nearest() throws {
    var compared = 0
    for seed: UInt64 in 1...40 {
      let (scenario, _) = NestedAllocationTests.generate(seed: seed)
      guard Self.solved(scenario, rules: RuleSet()) == nil else { continue }
      let group = PlanGroup.elastic(scenario)
      guard let solution = try? QuotaSolver.solve(group, scenario: scenario, rules: RuleSet(), options: SolverOptions()) else { continue }
      compared += Self.expectSame(scenario, groups: [group], solutions: [solution], rules: RuleSet(), "nearest, seed \(seed)")
    }
    #expect(compared > 0)
  }

  @Test("Yangzhou and generated cities, with each rule dropped that changes a reason")
  func cities() throws {
    #expect(Self.expectSame(try ScenarioLoader.load(Fixture.yangzhouPath), "Yangzhou") > 1_000)
    let city = try PlanJSONWriterTests.generated(.city, seed: 3)
    for rules in [RuleSet(), .all(but: .r8), .all(but: .r9), .all(but: .r12), .all(but: .g2), .all(but: .r2), .all(but: .r10)] {
      #expect(Self.expectSame(city, rules: rules, "city 3 without \(RuleSet().enabled.subtracting(rules.enabled))") > 500)
    }
    #expect(Self.expectSame(try PlanJSONWriterTests.generated(.city, seed: 11), "city 11") > 500)
  }

  @Test("a city large enough that its schools are written on several threads")
  func parallel() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quotaplan-assembly-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    try AtomicFolder.write(try Generator.files(.city, seed: 5, schools: 3_000), to: folder)
    let scenario = try ScenarioLoader.load(folder.path)
    #expect(PlanGroup.groups(scenario, rules: RuleSet()).contains { $0.schools.count >= 2 * 512 })
    #expect(Self.expectSame(scenario, "3,000 schools") > 5_000)
  }

  /// Random categories with caps over any grades (nested, overlapping, listed twice or out of
  /// order, missing from the school, beyond 63), strict control and eligible grades.
  @Test("a school's capacity: every rule set, caps of every shape")
  func capacity() throws {
    var random = LCG(seed: 16)
    let ruleSets: [RuleSet] = [RuleSet(), .all(but: .r12), .all(but: .r8), .all(but: .r9), .all(but: .r4, .r5, .r6, .r7), RuleSet(enabled: [])]
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
      for rules in ruleSets {
        let new = SchoolCapacity(school, category, rules: rules)
        let old = ReferenceCapacity(school, category, rules: rules)
        #expect(new.scopes == old.scopes)
        #expect(new.eligibleGrades == old.eligibleGrades)
        #expect((0...80).allSatisfy { new.gradeRoom[$0] == old.gradeRoom[$0] })
        #expect(new.schoolRoom == old.schoolRoom, "\(category.caps) \(school.grades)")
        #expect(new.strictControl?.0 == old.strictControl?.0 && new.strictControl?.ratio == old.strictControl?.ratio)
        #expect(SchoolCapacity.scopes(school, category, rules: RuleSet()) == RatioCaps.scopes(school, category))
        compared += 1
      }
    }
    #expect(compared == 400 * ruleSets.count)
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
