import Foundation
import QuotaPlan
import Testing

/// `explain` on units of different kinds gives answers that agree with the plan's numbers.
@Suite("Explain one unit")
struct ExplainTests {
  static let plan: Result<Plan, Error> = Result {
    var scenario = try ScenarioLoader.load(Fixture.yangzhouPath)
    scenario.policy.language = .en
    return try Planner.plan(scenario)
  }

  /// The first school-grade whose reason is of `kind`, with quota > 0.
  func unit(_ kind: Reason.Kind) throws -> (SchoolPlan, GradePlan) {
    let plan = try Self.plan.get()
    for school in plan.schoolPlans {
      if let grade = school.grades.first(where: { $0.reason.kind == kind && $0.quota > 0 }) { return (school, grade) }
    }
    throw Explanation.Failure.noSuchSchool("\(kind)", suggestions: [])
  }

  /// The line of an explanation that starts with `prefix`.
  func line(_ text: String, _ prefix: String) -> String? {
    text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.first { $0.hasPrefix(prefix) }
  }

  /// The ratio a school-grade named in a sentence ("X grade 2") reaches with `quota + delta`.
  func ratio(of named: String, in sentence: String, delta: Int) throws -> (name: String, ratio: Double) {
    let plan = try Self.plan.get()
    for school in plan.schoolPlans {
      for grade in school.grades where sentence.contains("\(school.school.name) grade \(grade.record.grade)") {
        return (school.school.name, Double(grade.record.members + grade.quota + delta) / Double(grade.record.students))
      }
    }
    Issue.record("no school-grade is named in: \(sentence)")
    return ("", .nan)
  }

  @Test("a capped grade: the cap's arithmetic, and the cap is what stops one more")
  func capped() throws {
    let (school, grade) = try unit(.capReached)
    let text = try Explanation.text(Self.plan.get(), school: school.school.name, grade: grade.record.grade)
    guard let cap = grade.reason.cap else { Issue.record("no cap figures"); return }
    #expect(text.contains("cap \(cap.rule.tag(.en)):"))
    #expect(text.contains("× \(cap.students)) = \(cap.limit)"))
    let more = try #require(line(text, "why not one more:"))
    #expect(more.contains("the cap \(cap.rule.tag(.en)) is full"))
    #expect(more.contains("\(cap.limit + 1) > \(cap.limit)"))
  }

  @Test("a coverage-floored grade: what G2 asked, and G2 is what stops one fewer")
  func coverageFloored() throws {
    let (school, grade) = try unit(.coverage)
    let text = try Explanation.text(Self.plan.get(), school: school.school.name, grade: grade.record.grade)
    let g2 = RuleID.g2.tag(.en)
    #expect(text.contains("\(g2): coverage asks \(grade.coverageDemand) new members"))
    #expect(line(text, "why:")?.contains(g2) == true)
    #expect(line(text, "why not one fewer:") == "why not one fewer: \(g2): coverage needs \(grade.coverageDemand) here; one fewer misses it.")
    // One more would have to come from a unit whose last member reaches no more than ours would.
    let more = try #require(line(text, "why not one more:"))
    let donor = try ratio(of: "", in: more, delta: -1)
    #expect(donor.ratio <= Double(grade.after + 1) / Double(grade.record.students))
  }

  @Test("a balanced grade: the donor and the recipient at the margin have the weaker claims")
  func balanced() throws {
    let (school, grade) = try unit(.balance)
    let text = try Explanation.text(Self.plan.get(), school: school.school.name, grade: grade.record.grade)
    let mine = Double(grade.after) / Double(grade.record.students)
    let more = try #require(line(text, "why not one more:"))
    #expect(more.contains("the category total is fixed"))
    // The donor keeps a ratio, after losing its last member, below what we would reach with one more.
    let donor = try ratio(of: "", in: more, delta: -1)
    #expect(donor.name != school.school.name || !more.contains("grade \(grade.record.grade),"))
    #expect(donor.ratio <= Double(grade.after + 1) / Double(grade.record.students))
    let fewer = try #require(line(text, "why not one fewer:"))
    let recipient = try ratio(of: "", in: fewer, delta: 1)
    #expect(recipient.ratio >= mine)
  }

  @Test("an unknown school is a sentence with suggestions")
  func unknownSchool() throws {
    #expect(throws: Explanation.Failure.self) { try Explanation.text(Self.plan.get(), school: "东关") }
    do {
      _ = try Explanation.text(Self.plan.get(), school: "东关")
    } catch {
      #expect("\(error)".contains("Did you mean"))
    }
  }

  @Test("sensitivity: the next member goes to the category level's unit, caps hold members back")
  func sensitivity() throws {
    let plan = try Self.plan.get()
    let all = Sensitivity.of(plan)
    #expect(all.count == plan.policy.categories.count)
    let junior = try #require(all.first { $0.category == plan.policy.category("junior_high")?.label(.en) })
    let level = try #require(plan.schoolPlans.first { $0.category.id == "junior_high" }?.grades.compactMap(\.reason.balance).first?.level)
    #expect(junior.nextMember?.hasPrefix(level.unit.split(separator: " ").first.map(String.init) ?? "?") == true)
    #expect(abs((junior.nextRatio ?? 0) - level.ratio) < 1e-12)
    #expect((junior.headroom ?? 0) > 0)
    #expect(all.first { $0.category == "高职" }?.headroom == nil)
    #expect(all.contains { !$0.heldBack.isEmpty })
  }
}
