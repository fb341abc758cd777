import Foundation
import Testing

@testable import QuotaPlan

/// `PrettyJSON` must write what Foundation's `JSONEncoder` writes with the same options, byte
/// for byte: on real plans and scenarios, and on values chosen to be awkward.
@Suite("Fast JSON against JSONEncoder")
struct PrettyJSONTests {
  static func foundation<T: Encodable>(_ value: T, snakeCase: Bool) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    if snakeCase { encoder.keyEncodingStrategy = .convertToSnakeCase }
    return try encoder.encode(value)
  }

  static func expectSame<T: Encodable>(_ value: T, snakeCase: Bool) throws {
    let fast = try PrettyJSON(snakeCaseKeys: snakeCase).encode(value)
    let reference = try foundation(value, snakeCase: snakeCase)
    #expect(fast == reference, "\(String(decoding: fast.prefix(400), as: UTF8.self)) ≠ \(String(decoding: reference.prefix(400), as: UTF8.self))")
  }

  @Test("the Yangzhou plan.json and scenario.json")
  func yangzhou() throws {
    let scenario = try ScenarioLoader.load(Fixture.yangzhouPath)
    let plan = try Planner.plan(scenario)
    try Self.expectSame(PlanJSON(plan, sensitivity: Sensitivity.of(plan)), snakeCase: true)
    try Self.expectSame(scenario, snakeCase: false)
  }

  @Test("a generated city's plan, with its district totals and social units")
  func city() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quotaplan-json-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    try AtomicFolder.write(try Generator.files(.city, seed: 11), to: folder)
    let scenario = try ScenarioLoader.load(folder.path)
    let plan = try Planner.plan(scenario)
    try Self.expectSame(PlanJSON(plan, sensitivity: Sensitivity.of(plan)), snakeCase: true)
    try Self.expectSame(scenario, snakeCase: false)
  }

  struct Awkward: Encodable {
    struct Inner: Encodable {
      var aB: [Int] = []
      var table: [String: Int] = [:]
      var camelCaseKey: Double?
      var text = "q\"\\/\n\t中é\u{7f}"
    }
    var list = [Inner(), Inner(aB: [1], table: ["R4": 1, "aB": 2, "扬州": 3, "a10": 4, "a9": 5], camelCaseKey: 0.1)]
    var doubles = [0.1, 2.0, 1e-5, 123456789.123, -0.0, 1e22, Double.leastNonzeroMagnitude, 0.30000000000000004, 100.0, 1e16, 1.5e300, -3.25]
    var missing: Inner?
    var flags = [true, false]
    var negative = -5
    var empty: [String: Int] = [:]
    var nested: [[Int]] = [[], [1, 2]]
    var URLValue = 1
    var already_snake = 2
    var x1Y = 3
    var controls = String((0..<32).map { Character(UnicodeScalar($0)!) })
    var large: UInt64 = .max
  }

  @Test("escapes, empty containers, doubles, optionals, key order and key conversion", arguments: [false, true])
  func awkward(snakeCase: Bool) throws {
    try Self.expectSame(Awkward(), snakeCase: snakeCase)
  }

  @Test("snake_case keys follow JSONEncoder's rule, acronyms and digits included")
  func snakeCaseRule() throws {
    let keys = ["a", "aB", "camelCaseKey", "URLValue", "myURLProperty", "already_snake", "x1Y", "isHTTPS", "ABC", "aBC",
      "_private", "ratioAfter", "lastYearQuota", "firstNumber", "g1", "closedDoorSchools", "A", "aa1Bb2CC3", "endsWithX"]
    for key in keys {
      #expect(KeyConverter(snakeCase: true).convert(key) == KeyConverter.askFoundation(key), "\(key)")
    }
  }
}
