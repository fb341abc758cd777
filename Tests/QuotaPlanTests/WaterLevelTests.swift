import Foundation
import GLPK
import Testing

@testable import QuotaPlan

/// `NestedAllocation` pours members in up to a water level before its member-by-member loop;
/// that must change nothing: every group gives the same quotas with and without it (and the
/// member-by-member greedy is itself checked against GLPK in `NestedAllocationTests`).
@Suite("Greedy over nested rows: water level against one member at a time")
struct WaterLevelTests {
  /// Solves every group of the scenario both ways; returns the members poured in all groups.
  @discardableResult
  static func expectSame(_ scenario: Scenario, pins: [Pin] = [], _ label: String) throws -> Int {
    var poured = 0
    for var group in PlanGroup.groups(scenario, rules: RuleSet()) {
      if group.categories.contains(where: { $0.kind == .school }) { group.pins = pins }
      let layout = QuotaModel(group: group, scenario: scenario, rules: RuleSet())
      guard var level = try? NestedAllocation(layout: layout, group: group, policy: scenario.policy, rules: RuleSet()) else { continue }
      var single = level
      single.waterLevel = false
      let expected: [Int]
      do {
        expected = try single.solve()
      } catch {
        #expect(throws: GLPKError.infeasible) { try level.solve() }
        continue
      }
      #expect(try level.solve() == expected, "\(label), \(group.name)")
      poured += level.poured
    }
    return poured
  }

  @Test("generated groups of every kind of row", arguments: NestedAllocationTests.seeds)
  func generated(seed: UInt64) throws {
    let (scenario, pins) = NestedAllocationTests.generate(seed: seed)
    try Self.expectSame(scenario, pins: pins, "seed \(seed)")
  }

  @Test("Yangzhou, and generated cities, where the level places most members")
  func cities() throws {
    #expect(try Self.expectSame(try ScenarioLoader.load(Fixture.yangzhouPath), "Yangzhou") > 0)
    for seed: UInt64 in [2, 11, 23] {
      let scenario = try PlanJSONWriterTests.generated(.city, seed: seed)
      #expect(try Self.expectSame(scenario, "city \(seed)") > 1_000, "city \(seed)")
    }
  }
}
