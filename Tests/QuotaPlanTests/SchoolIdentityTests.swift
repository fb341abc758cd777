import Foundation
@testable import QuotaPlan
import Testing

/// A school is its district, name and category: many counties have a 第一中学, and one school may
/// be in two categories (a 完全中学 with a junior and a senior section).
@Suite("School identity: the same name in two districts or two categories")
struct SchoolIdentityTests {
  /// 第一中学 in 甲区 and in 乙区 (junior high), 实验学校 in 甲区 as a junior and a senior high.
  static var scenario: Scenario {
    var policy = Fixture.policy([("junior_high", 40), ("senior_high", 30)])
    policy.language = .en
    return Fixture.scenario(
      policy,
      [
        Fixture.school("第一中学", district: "甲区", [(1, 4, 200, 0), (2, 4, 200, 2), (3, 4, 200, 6)]),
        Fixture.school("第一中学", district: "乙区", [(1, 4, 200, 0), (2, 4, 200, 10), (3, 4, 200, 14)]),
        Fixture.school("实验学校", district: "甲区", [(1, 4, 200, 0), (2, 4, 200, 4), (3, 4, 200, 8)]),
        Fixture.school("实验学校", district: "甲区", category: "senior_high", [(1, 4, 200, 10), (2, 4, 200, 20), (3, 4, 200, 30)]),
        Fixture.school("高中乙", district: "乙区", category: "senior_high", [(1, 4, 200, 12), (2, 4, 200, 22), (3, 4, 200, 30)]),
      ])
  }

  @Test("the plan keeps every hard rule and each school its own quota")
  func plans() throws {
    let plan = try Planner.plan(Self.scenario)
    #expect(plan.violations().isEmpty)
    #expect(plan.schoolPlans.count == 5)
    #expect(Set(plan.schoolPlans.map(\.school.id)).count == 5)
    RecomputeTests().checkEveryQuota(plan)
  }

  @Test("explain asks for the district, listing the candidates, and explains the one named")
  func explainAsksForDistrict() throws {
    let plan = try Planner.plan(Self.scenario)
    #expect {
      try Explanation.text(plan, school: "第一中学")
    } throws: { error in
      let text = String(describing: error)
      return text.contains("2 schools are called “第一中学”") && text.contains("甲区") && text.contains("乙区") && text.contains("--district")
    }
    let jia = try Explanation.text(plan, school: "第一中学", district: "甲区")
    let yi = try Explanation.text(plan, school: "第一中学", district: "乙区")
    #expect(jia.hasPrefix("第一中学 — 甲区"))
    #expect(yi.hasPrefix("第一中学 — 乙区"))
    #expect(jia != yi)
    #expect(throws: Explanation.Failure.self) { try Explanation.text(plan, school: "第一中学", district: "丙区") }
  }

  @Test("explain asks for the category when one district has the name in two categories")
  func explainAsksForCategory() throws {
    let plan = try Planner.plan(Self.scenario)
    #expect {
      try Explanation.text(plan, school: "实验学校", district: "甲区")
    } throws: { error in String(describing: error).contains("--category") }
    let senior = try Explanation.text(plan, school: "实验学校", district: "甲区", category: "senior_high")
    #expect(senior.contains("senior high"))
    let junior = try Explanation.text(plan, school: "实验学校", category: "初中")
    #expect(junior.contains("junior high"))
  }

  @Test("a balance level cites the district where the name is ambiguous")
  func reasonsCarryDistrict() throws {
    let plan = try Planner.plan(Self.scenario)
    let levels = plan.schoolPlans.flatMap { $0.grades.compactMap { $0.reason.balance?.level.unit } }
    #expect(!levels.isEmpty)
    for unit in levels where unit.contains("第一中学") { #expect(unit.hasPrefix("甲区 ") || unit.hasPrefix("乙区 "), "\(unit)") }
  }

  @Test("a pin with a category holds on that school only; refinement and its impact keep the two apart")
  func pinsByCategory() throws {
    let city = try Planner.plan(Self.scenario)
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("quotaplan-identity-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: url) }
    try PlanWriter.write(city, to: url)
    let folder = try PlanFolder.load(url.path)
    // 甲区's junior highs share their envelope: pin the junior 实验学校 three above its city quota.
    let juniorBefore = city.schoolPlans.first { $0.school.name == "实验学校" && $0.category.id == "junior_high" }!.quota
    let pin = Pin(school: "实验学校", category: "junior_high", exactly: juniorBefore + 3, note: "承诺")
    let refined = try Refinement.refine(folder, district: "甲区", pins: [pin], cityPlan: city)
    #expect(refined.plan.violations().isEmpty)
    let senior = refined.plan.schoolPlans.first { $0.school.name == "实验学校" && $0.category.id == "senior_high" }!
    let junior = refined.plan.schoolPlans.first { $0.school.name == "实验学校" && $0.category.id == "junior_high" }!
    #expect(junior.quota == juniorBefore + 3)
    #expect(junior.grades.contains { $0.reason.kind == .pinned })
    #expect(!senior.grades.contains { $0.reason.kind == .pinned })
    let impact = refined.impact.filter { $0.school == "实验学校" }
    #expect(Set(impact.map(\.category)) == ["初中", "普通高中"])
    #expect(impact.filter { $0.category == "初中" }.contains { $0.why.hasPrefix("pinned") })
    #expect(!impact.filter { $0.category == "普通高中" }.contains { $0.why.hasPrefix("pinned") })
    #expect(impact.filter { $0.category == "普通高中" }.allSatisfy { $0.cityQuota == $0.refinedQuota })
  }

  @Test("the pins file takes an optional category column, and asks for it when the name is in two categories")
  func pinTableCategory() throws {
    let schools = Self.scenario.schools.filter { $0.district == "甲区" }
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quotaplan-pins-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let good = folder.appendingPathComponent("good.csv"), bad = folder.appendingPathComponent("bad.csv")
    try "学校,类别,年级,指标,说明\n实验学校,普通高中,1,5,承诺\n第一中学,,2,3,\n".write(to: good, atomically: true, encoding: .utf8)
    try "学校,年级,指标\n实验学校,1,5\n".write(to: bad, atomically: true, encoding: .utf8)
    let pins = try CountyData.pins(good.path, schools: schools, policy: Self.scenario.policy)
    #expect(pins.map(\.category) == ["senior_high", nil])
    #expect(pins[0].matches(schools.first { $0.name == "实验学校" && $0.category == "senior_high" }!))
    #expect(!pins[0].matches(schools.first { $0.name == "实验学校" && $0.category == "junior_high" }!))
    #expect {
      try CountyData.pins(bad.path, schools: schools, policy: Self.scenario.policy)
    } throws: { error in String(describing: error).contains("category column (类别)") }
  }

  func patched(_ json: String) throws -> Scenario {
    let patch = try JSONDecoder().decode(ScenarioPatch.self, from: Data(json.utf8))
    var scenario = Self.scenario
    try patch.apply(to: &scenario, index: 0, file: "scenario.yaml") { try Planner.plan(Self.scenario) }
    return scenario
  }

  @Test("patches name a school with its district (and category) where the name alone is ambiguous")
  func patchesTakeDistrict() throws {
    let set = try patched(#"{"set": {"school": "第一中学", "district": "乙区", "grade": 2, "members": 0}}"#)
    #expect(set.schools.first { $0.district == "乙区" && $0.name == "第一中学" }?.record(2)?.members == 0)
    #expect(set.schools.first { $0.district == "甲区" && $0.name == "第一中学" }?.record(2)?.members == 2)
    #expect {
      try patched(#"{"set": {"school": "第一中学", "grade": 2, "members": 0}}"#)
    } throws: { error in String(describing: error).contains("names 2 schools") && String(describing: error).contains("district") }
    let closed = try patched(#"{"close": {"school": "实验学校", "district": "甲区", "category": "普通高中"}}"#)
    #expect(closed.schools.count == 4)
    #expect(closed.schools.contains { $0.name == "实验学校" && $0.category == "junior_high" })
    #expect(throws: (any Error).self) { try patched(#"{"close": "实验学校"}"#) }
    let added = try patched(
      #"{"add": {"district": "乙区", "school": "实验学校", "category": "初中", "grades": [{"grade": 2, "classes": 2, "students": 80, "members": 0}]}}"#)
    #expect(added.schools.filter { $0.name == "实验学校" }.count == 3)
    // A promotion after the base plan keeps the two 第一中学 apart.
    let promoted = try patched(#"{"promote": {}}"#)
    #expect(promoted.schools.filter { $0.name == "第一中学" }.map(\.lastYearQuota).count == 2)
  }

  @Test("comparison changes match schools by identity, not by name")
  func comparisonByIdentity() throws {
    let base = try Planner.plan(Self.scenario)
    var changed = Self.scenario
    changed.policy.name = "changed"
    changed.schools[1].grades[1].members = 0  // 乙区 第一中学 only
    let plan = try Planner.plan(changed)
    let changes = Comparison.changes(from: base, to: plan)
    #expect(!changes.contains { $0.kind == .paradox && $0.unit.hasPrefix("乙区 第一中学") })
  }
}
