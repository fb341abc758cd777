import Foundation
import QuotaPlan
import Testing

/// County refinement inside the city's envelope, with pins, and recombination.
@Suite("County refinement")
struct RefineTests {
  /// The Yangzhou city plan written to a folder and read back, with the solved plan.
  static let city: Result<(folder: PlanFolder, plan: Plan), Error> = Result {
    let plan = try Planner.plan(ScenarioLoader.load(Fixture.yangzhouPath))
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("quotaplan-city-\(UUID().uuidString)")
    try PlanWriter.write(plan, to: url)
    return (try PlanFolder.load(url.path), plan)
  }

  static var baoying: URL { URL(fileURLWithPath: Fixture.yangzhouPath).deletingLastPathComponent().appendingPathComponent("refine-baoying") }

  func schoolQuotas(_ plan: Plan, district: String) -> [String: [Int]] {
    Dictionary(uniqueKeysWithValues: plan.schoolPlans.filter { $0.school.district == district }.map { ($0.school.name, $0.grades.map(\.quota)) })
  }

  @Test("refining a district with the city's data and no pins reproduces the city plan", arguments: ["广陵区", "宝应县", "市直", "蜀冈—瘦西湖风景名胜区"])
  func reproduces(district: String) throws {
    let (folder, plan) = try Self.city.get()
    let refined = try Refinement.refine(folder, district: district, cityPlan: plan)
    #expect(schoolQuotas(refined.plan, district: district) == schoolQuotas(plan, district: district))
    #expect(refined.plan.socialPlans.map(\.quota) == plan.socialPlans.filter { $0.unit.district == district }.map(\.quota))
    #expect(refined.impact.allSatisfy { $0.cityQuota == $0.refinedQuota })
    #expect(refined.plan.violations().isEmpty)
  }

  func baoyingRefinement() throws -> Refinement {
    let (folder, plan) = try Self.city.get()
    let schools = try CountyData.schools(Self.baoying.appendingPathComponent("schools.csv").path, district: "宝应县", policy: folder.scenario.policy)
    let pins = try CountyData.pins(Self.baoying.appendingPathComponent("pins.csv").path, schools: schools)
    return try Refinement.refine(folder, district: "宝应县", data: schools, pins: pins, cityPlan: plan)
  }

  @Test("pins hold, quota moves only inside its district and category, the envelope and ranges hold")
  func pinsAndEnvelope() throws {
    let (folder, plan) = try Self.city.get()
    let refined = try baoyingRefinement()
    let result = refined.plan
    #expect(result.violations().isEmpty)
    #expect(result.quota("宝应县安宜实验学校", 2) == 18)
    #expect(result.quota("宝应县射阳湖镇中学") >= 12)
    #expect(result.quota("宝应县城北初级中学", 3) <= 10)
    #expect(result.reason("宝应县安宜实验学校", 2)?.kind == .pinned)
    #expect(result.reason("宝应县安宜实验学校", 2)?.text.contains("县团委已承诺") == true)
    // The envelope: every district × category quota and range is the city's.
    let envelope = folder.allocation.filter { $0.district == "宝应县" }
    #expect(result.allocation == envelope)
    for row in envelope {
      let units = row.categoryID == "social"
        ? result.socialPlans.map(\.quota) : result.schoolPlans.filter { $0.category.id == row.categoryID }.map(\.quota)
      #expect(units.reduce(0, +) == row.quota)
    }
    // Only junior high changed (the pins and the new data are all junior high).
    for category in plan.policy.categories where category.id != "junior_high" {
      let before = plan.schoolPlans.filter { $0.school.district == "宝应县" && $0.category.id == category.id }.map(\.quota)
      let after = result.schoolPlans.filter { $0.category.id == category.id }.map(\.quota)
      #expect(before == after, "\(category.name) changed")
    }
    // Sub-ranges: contiguous, inside their district × category range, sized by the quotas.
    for row in envelope where row.quota > 0 {
      let ranges = refined.subRanges.filter { $0.category == row.category }
      #expect(ranges.first?.firstNumber == row.firstNumber && ranges.last?.lastNumber == row.lastNumber)
      for (a, b) in zip(ranges, ranges.dropFirst()) { #expect(b.firstNumber == a.lastNumber + 1) }
      #expect(ranges.allSatisfy { $0.lastNumber - $0.firstNumber + 1 == $0.quota })
    }
    #expect(refined.impact.contains { $0.school == "宝应县安宜实验学校" && $0.grade == 2 && $0.why.hasPrefix("pinned") })
    #expect(refined.impact.contains { $0.school == "宝应县安宜高新区初级中学" && $0.why == "new school in the county's data" })
    // Every refined quota recomputes from its reason, pins included.
    for school in result.schoolPlans {
      for grade in school.grades { #expect(RecomputeTests.recompute(grade.reason) == grade.quota, "\(school.school.name) \(grade.record.grade)") }
    }
  }

  @Test("conflicting pins are named before solving: above a cap, on an ineligible grade, above the envelope")
  func conflictingPins() throws {
    let (folder, plan) = try Self.city.get()
    func conflicts(_ pins: [Pin]) throws -> [Conflict] {
      do {
        _ = try Refinement.refine(folder, district: "宝应县", pins: pins, cityPlan: plan)
      } catch PlanError.conflicts(let found) {
        return found
      }
      return []
    }
    let aboveCap = try conflicts([Pin(school: "宝应县射阳湖镇中学", exactly: 200, sourceRow: 2)])
    #expect(aboveCap.contains { $0.rules.contains(.pin) && $0.rules.contains(.r4) && $0.message.contains("pins row 2") })
    let ineligible = try conflicts([Pin(school: "宝应县射阳湖镇中学", grade: 1, exactly: 2, sourceRow: 3)])
    #expect(ineligible.contains { $0.rules == [.pin, .r8] })
    let envelope = try conflicts([
      Pin(school: "宝应县安宜实验学校", grade: 2, atLeast: 40, sourceRow: 2), Pin(school: "宝应县城北初级中学", atLeast: 38, sourceRow: 3),
      Pin(school: "宝应县开发区初级中学", atLeast: 43, sourceRow: 4), Pin(school: "宝应县氾水镇中学", atLeast: 37, sourceRow: 5),
      Pin(school: "宝应县泾河镇中学", atLeast: 37, sourceRow: 6), Pin(school: "宝应县曹甸镇中学", atLeast: 37, sourceRow: 7),
      Pin(school: "宝应县山阳镇中学", atLeast: 30, sourceRow: 8),
    ])
    #expect(envelope.contains { $0.rules == [.pin, .r2] && $0.message.contains("more than the district's 256") })
  }

  @Test("recombining refined districts gives back a valid city plan with the same totals and ranges")
  func recombine() throws {
    let (folder, plan) = try Self.city.get()
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("quotaplan-refined-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    var refinedFolders: [PlanFolder] = []
    for district in ["广陵区", "宝应县"] {
      let refinement = district == "宝应县" ? try baoyingRefinement() : try Refinement.refine(folder, district: district, cityPlan: plan)
      let url = root.appendingPathComponent(district)
      try AtomicFolder.write(try RefinementOutput.files(refinement), to: url)
      refinedFolders.append(try PlanFolder.load(url.path))
    }
    let combined = try Combination.combine(folder, refined: refinedFolders)
    #expect(combined.plan.violations().isEmpty)
    #expect(combined.plan.allocation == folder.allocation)
    #expect(combined.plan.total == 6360)
    #expect(combined.plan.quota("宝应县安宜实验学校", 2) == 18)
    #expect(schoolQuotas(combined.plan, district: "广陵区") == schoolQuotas(plan, district: "广陵区"))
    #expect(schoolQuotas(combined.plan, district: "江都区") == schoolQuotas(plan, district: "江都区"))
  }
}
