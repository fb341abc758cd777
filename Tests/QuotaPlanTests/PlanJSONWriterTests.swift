import Foundation
import Testing

@testable import QuotaPlan

/// plan.json is written field by field (`PlanJSON.fastData`); it must give the bytes that
/// `PrettyJSON` gives through `Codable` (itself checked against `JSONEncoder` in
/// `PrettyJSONTests`), on plans with every kind of reason the generators and examples make.
@Suite("plan.json written field by field")
struct PlanJSONWriterTests {
  static func expectSame(_ plan: Plan) throws {
    let document = PlanJSON(plan, sensitivity: Sensitivity.of(plan))
    let fast = try document.fastData(), reference = try document.referenceData()
    #expect(fast.count == reference.count)
    if fast != reference {
      let at = zip(fast, reference).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(fast.count, reference.count)
      let from = max(0, at - 200)
      Issue.record("first difference at byte \(at): \(String(decoding: fast[from..<min(fast.count, at + 200)], as: UTF8.self)) ≠ \(String(decoding: reference[from..<min(reference.count, at + 200)], as: UTF8.self))")
    }
  }

  static func generated(_ preset: Generator.Preset, seed: UInt64) throws -> Scenario {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quotaplan-planjson-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    try AtomicFolder.write(try Generator.files(preset, seed: seed), to: folder)
    return try ScenarioLoader.load(folder.path)
  }

  @Test("the Yangzhou plan, in Chinese and in English")
  func yangzhou() throws {
    var scenario = try ScenarioLoader.load(Fixture.yangzhouPath)
    try Self.expectSame(try Planner.plan(scenario))
    scenario.policy.language = scenario.policy.language == .zh ? .en : .zh
    try Self.expectSame(try Planner.plan(scenario))
  }

  @Test("generated cities (district totals, social units, caps that bind)", arguments: [3, 11, 29])
  func city(seed: Int) throws {
    try Self.expectSame(try Planner.plan(try Self.generated(.city, seed: UInt64(seed))))
  }

  @Test("every example scenario that plans")
  func examples() throws {
    let root = URL(fileURLWithPath: Fixture.yangzhouPath).deletingLastPathComponent()
    let folders = try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
    var planned = 0
    for folder in folders {
      guard let scenario = try? ScenarioLoader.load(root.appendingPathComponent(folder).path),
        let plan = try? Planner.plan(scenario)
      else { continue }
      try Self.expectSame(plan)
      planned += 1
    }
    #expect(planned >= 2)
  }
}
