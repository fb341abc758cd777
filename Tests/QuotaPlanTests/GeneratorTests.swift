import Foundation
import QuotaPlan
import Testing

/// Synthetic scenarios for benchmarks: deterministic, loadable, and feasible at city scale.
@Suite("Scenario generator")
struct GeneratorTests {
  @Test("the same preset and seed give the same bytes; another seed differs")
  func deterministic() throws {
    let a = try Generator.files(.city, seed: 7), b = try Generator.files(.city, seed: 7), c = try Generator.files(.city, seed: 8)
    #expect(a.map(\.data) == b.map(\.data))
    #expect(a.map(\.data) != c.map(\.data))
  }

  @Test("a generated city loads and solves with every hard rule holding")
  func citySolves() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quotaplan-gen-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    try AtomicFolder.write(try Generator.files(.city, seed: 3), to: folder)
    let scenario = try ScenarioLoader.load(folder.path)
    #expect(scenario.schools.count == 178 && scenario.socialUnits.count == 100)
    let plan = try Planner.plan(scenario)
    #expect(plan.violations().isEmpty)
    #expect(plan.total == scenario.policy.total)
  }

  @Test("a nation rescaled to 400 schools keeps the proportions, loads and solves")
  func rescaledNation() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quotaplan-gen-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    try AtomicFolder.write(try Generator.files(.nation, seed: 7, schools: 400), to: folder)
    let scenario = try ScenarioLoader.load(folder.path)
    #expect((395...405).contains(scenario.schools.count))
    #expect(scenario.schools.filter { $0.category == "junior_high" }.count == 274)  // 52,500 × 400 / 76,600
    #expect(scenario.socialUnits.count == 209)
    let plan = try Planner.plan(scenario)
    #expect(plan.violations().isEmpty)
    #expect(plan.total == scenario.policy.total)
  }
}
