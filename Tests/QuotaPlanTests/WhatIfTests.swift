import Foundation
import QuotaPlan
import Testing

/// What-if scenarios state only what differs from their base; the shipped ones move the plan
/// in the direction a planner expects.
@Suite("What-if scenarios")
struct WhatIfTests {
  static func load(_ name: String) throws -> Scenario {
    try ScenarioLoader.load(URL(fileURLWithPath: Fixture.yangzhouPath).deletingLastPathComponent().appendingPathComponent(name).path)
  }

  static let base: Result<Plan, Error> = Result { try Planner.plan(ScenarioLoader.load(Fixture.yangzhouPath)) }

  func quotas(_ plan: Plan) -> [String: Int] {
    Dictionary(uniqueKeysWithValues: plan.schoolPlans.flatMap { school in school.grades.map { ("\(school.school.name) \($0.record.grade)", $0.quota) } })
  }

  @Test("the province's cut of 500 lowers every category and raises no unit")
  func provinceCut() throws {
    let base = try Self.base.get()
    let cut = try Planner.plan(Self.load("what-if-province-cut-500"))
    #expect(cut.total == 5860)
    for category in base.policy.categories {
      #expect((cut.categoryTotals[category.id] ?? 0) < (base.categoryTotals[category.id] ?? 0), "\(category.name) did not fall")
    }
    let before = quotas(base)
    for (unit, quota) in quotas(cut) { #expect(quota <= before[unit] ?? 0, "\(unit) rose from \(before[unit] ?? 0) to \(quota)") }
  }

  @Test("a 25 % senior-high cap moves quota out of senior high only: no other category changes")
  func seniorCap() throws {
    let base = try Self.base.get()
    let capped = try Planner.plan(Self.load("what-if-senior-cap-25"))
    #expect(capped.violations().isEmpty)
    for category in base.policy.categories where category.id != "senior_high" {
      #expect(capped.categoryTotals[category.id] == base.categoryTotals[category.id])
      let before = base.schoolPlans.filter { $0.category.id == category.id }.map(\.quota)
      let after = capped.schoolPlans.filter { $0.category.id == category.id }.map(\.quota)
      #expect(before == after, "\(category.name) changed")
    }
    #expect(capped.categoryTotals["senior_high"] == 255)
    let before = quotas(base)
    for school in capped.schoolPlans where school.category.id == "senior_high" {
      for grade in school.grades {
        #expect(grade.quota <= before["\(school.school.name) \(grade.record.grade)"] ?? 0, "\(school.school.name) rose")
      }
    }
  }

  @Test("merging two districts keeps every school's number and joins their Attachment 1 rows")
  func districtsMerge() throws {
    let base = try Self.base.get()
    let merged = try Planner.plan(Self.load("what-if-districts-merge"))
    #expect(merged.policy.districts.count == base.policy.districts.count - 1)
    #expect(quotas(merged) == quotas(base))
    let zone = "生态科技新城（含蜀冈—瘦西湖）"
    for category in base.policy.categories {
      let joined = base.allocation.filter { ["生态科技新城", "蜀冈—瘦西湖风景名胜区"].contains($0.district) && $0.categoryID == category.id }
      #expect(merged.allocation.first { $0.district == zone && $0.categoryID == category.id }?.quota == joined.reduce(0) { $0 + $1.quota })
    }
  }

  @Test("2023: grades move up a year with 2022's new members, and colleges' last-year quota is 2022's")
  func nextYear() throws {
    let base = try Self.base.get()
    let scenario = try Self.load("what-if-2023")
    #expect(scenario.policy.year == 2023 && scenario.policy.firstNumber == 2023_0000_0001)
    let planned = Dictionary(uniqueKeysWithValues: base.schoolPlans.map { ($0.school.name, $0) })
    for school in scenario.schools {
      let before = try #require(planned[school.name])
      #expect(school.lastYearQuota == before.quota)
      for record in school.grades where record.grade > 1 {
        let lower = try #require(before.grades.first { $0.record.grade == record.grade - 1 })
        #expect(record.members == lower.after && record.students == lower.record.students)
      }
    }
    #expect(try Planner.plan(scenario).violations().isEmpty)
  }

  @Test("a chain of bases works; a cycle and a patch naming a missing school are sentences")
  func chainsAndErrors() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("quotaplan-whatif-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    let yangzhou = Fixture.yangzhouPath
    func write(_ name: String, _ yaml: String) throws {
      try FileManager.default.createDirectory(at: root.appendingPathComponent(name), withIntermediateDirectories: true)
      try yaml.write(to: root.appendingPathComponent(name).appendingPathComponent("scenario.yaml"), atomically: true, encoding: .utf8)
    }
    try write("a", "base: \(yangzhou)\ntotal: 5860\ncategories:\n  - {id: junior_high, total: 1300}\n")
    try write("b", "base: ../a\npatches:\n  - close: 扬州市文津中学\n")
    let chained = try ScenarioLoader.load(root.appendingPathComponent("b").path)
    #expect(chained.policy.total == 5860 && chained.policy.category("junior_high")?.total == 1300)
    #expect(!chained.schools.contains { $0.name == "扬州市文津中学" })
    #expect(chained.policy.category("senior_high")?.total == 1500)

    try write("c", "base: ../d\n")
    try write("d", "base: ../c\n")
    #expect(throws: InputError.self) { try ScenarioLoader.load(root.appendingPathComponent("c").path) }
    do { _ = try ScenarioLoader.load(root.appendingPathComponent("c").path) } catch let error as InputError {
      #expect(error.description.contains("returns to itself: c → d → c"))
    }
    try write("e", "base: \(yangzhou)\npatches:\n  - set: {school: 不存在的学校, grade: 2, students: 100}\n")
    do {
      _ = try ScenarioLoader.load(root.appendingPathComponent("e").path)
      Issue.record("a patch on a missing school loaded")
    } catch let error as InputError {
      #expect(error.description == "e/scenario.yaml, line 3, column 5: patches[0] changes “不存在的学校”, but the base scenario has no school of that name.")
    }
  }
}
