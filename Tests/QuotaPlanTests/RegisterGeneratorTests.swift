import Foundation
import QuotaPlan
import Testing

/// The synthetic register (`quotaplan generate --register`): deterministic, realistic, and
/// holding exactly the problems it says it planted, as `quotaplan track` finds them.
@Suite("Register generator")
struct RegisterGeneratorTests {
  /// The Yangzhou 2022 plan, solved into a temporary folder.
  static func yangzhouPlan() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quotaplan-register-\(UUID().uuidString)")
    let plan = try Planner.plan(try ScenarioLoader.load(Fixture.yangzhouPath))
    try AtomicFolder.write(try PlanWriter.files(plan), to: folder)
    return folder
  }

  /// The register's rows as fields (the generator never quotes: no field holds a comma).
  static func rows(_ csv: Data) -> [[String]] {
    var text = String(decoding: csv, as: UTF8.self)
    if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
    return text.split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
  }

  static func checksumHolds(_ id: String) -> Bool {
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    let digits = id.prefix(17).compactMap(\.wholeNumberValue)
    guard id.count == 18, digits.count == 17 else { return false }
    let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
    return Array("10X98765432")[sum % 11] == id.last
  }

  @Test("the same plan, date and seed give the same bytes; another seed differs")
  func deterministic() throws {
    let plan = try Self.yangzhouPlan()
    defer { try? FileManager.default.removeItem(at: plan) }
    let a = try RegisterGenerator.generate(planFolder: plan.path, asOf: "2022-06-30", seed: 5)
    let b = try RegisterGenerator.generate(planFolder: plan.path, asOf: "2022-06-30", seed: 5)
    let c = try RegisterGenerator.generate(planFolder: plan.path, asOf: "2022-06-30", seed: 6)
    #expect(a.csv == b.csv)
    #expect(try a.expectedCSV() == b.expectedCSV())
    #expect(a.csv != c.csv)
  }

  @Test("the register has the issue's headers, synthetic IDs with valid checksums but the planted ones, and 13 codes in its sidecar")
  func realistic() throws {
    let plan = try Self.yangzhouPlan()
    defer { try? FileManager.default.removeItem(at: plan) }
    let output = try RegisterGenerator.generate(planFolder: plan.path, asOf: "2022-06-30", seed: 1)
    let rows = Self.rows(output.csv)
    #expect(rows.first == ["姓名", "身份证号", "发展团员编号", "入团时间", "区县", "学校/单位", "年级", "所在团组织", "录入时间", "档案上传时间", "认证状态"])
    let records = rows.dropFirst()
    #expect(records.count == output.records)
    #expect(output.expected.map(\.code) == RegisterGenerator.codes && output.expected.count == 13)
    let expected = Dictionary(uniqueKeysWithValues: output.expected.map { ($0.code, $0.count) })
    #expect(expected.values.allSatisfy { $0 > 0 })
    // Every ID is synthetic (region 99…, which no real place has); only the planted ones fail the checksum.
    #expect(records.allSatisfy { $0[1].hasPrefix("99") })
    #expect(records.filter { !Self.checksumHolds($0[1]) }.count == expected["invalid_id"])
    // Certification lags upload: certified records were uploaded; some uploaded ones wait.
    #expect(records.allSatisfy { $0[10] != "已认证" || !$0[9].isEmpty })
    #expect(records.contains { $0[10] == "尚未认证" && !$0[9].isEmpty })
    // Dates come in the forms Excel gives.
    #expect(records.contains { $0[3].contains("/") } && records.contains { $0[3].contains("年") } && records.contains { $0[3].contains("-") })
  }

  @Test("districts progress at different paces")
  func paces() throws {
    let plan = try Self.yangzhouPlan()
    defer { try? FileManager.default.removeItem(at: plan) }
    let output = try RegisterGenerator.generate(planFolder: plan.path, asOf: "2022-06-30", seed: 1, plants: [:])
    let folder = try PlanFolder.load(plan.path)
    var quota: [String: Int] = [:]
    for row in folder.allocation { quota[row.district, default: 0] += row.quota }
    var used: [String: Int] = [:]
    for row in Self.rows(output.csv).dropFirst() { used[row[4], default: 0] += 1 }
    let shares = quota.filter { $0.value > 100 }.map { Double(used[$0.key] ?? 0) / Double($0.value) }
    #expect((shares.max() ?? 0) - (shares.min() ?? 0) > 0.15)
    #expect(shares.allSatisfy { $0 > 0.1 && $0 <= 1 })
  }

  @Test("--records scales the register to that many rows, up to the plan's quota")
  func records() throws {
    let plan = try Self.yangzhouPlan()
    defer { try? FileManager.default.removeItem(at: plan) }
    let some = try RegisterGenerator.generate(planFolder: plan.path, asOf: "2022-06-30", seed: 1, records: 5_000, plants: [:])
    #expect(some.records == 5_000)
    let all = try RegisterGenerator.generate(planFolder: plan.path, asOf: "2022-06-30", seed: 1, records: 100_000, plants: [:])
    #expect(all.records == 6_360)  // Yangzhou's whole quota: no unit goes over its own
  }

  @Test("quotaplan track finds exactly the planted problems, code by code", arguments: [
    ("2022-06-30", UInt64(1)), ("2022-04-20", UInt64(2)), ("2022-11-15", UInt64(3)),
  ])
  func trackFindsThePlants(asOf: String, seed: UInt64) throws {
    let plan = try Self.yangzhouPlan()
    defer { try? FileManager.default.removeItem(at: plan) }
    let output = try RegisterGenerator.generate(planFolder: plan.path, asOf: asOf, seed: seed)
    let file = plan.appendingPathComponent("register.csv")
    try output.csv.write(to: file)
    let day = try #require(Day(iso: asOf))
    let result = try Tracking.track(plan: plan.path, registers: [(file, "register.csv")], asOf: day)
    let found = Dictionary(uniqueKeysWithValues: result.problemCounts.map { ($0.code.rawValue, $0.count) })
    for (code, count) in output.expected {
      #expect(found[code] ?? 0 == count, "\(code): planted \(count), track found \(found[code] ?? 0)")
    }
  }

  @Test("with nothing planted, track finds nothing: the clean records are clean")
  func cleanRegister() throws {
    let plan = try Self.yangzhouPlan()
    defer { try? FileManager.default.removeItem(at: plan) }
    let output = try RegisterGenerator.generate(planFolder: plan.path, asOf: "2022-06-30", seed: 9, plants: [:])
    #expect(output.expected.allSatisfy { $0.count == 0 })
    let file = plan.appendingPathComponent("register.csv")
    try output.csv.write(to: file)
    let result = try Tracking.track(plan: plan.path, registers: [(file, "register.csv")], asOf: #require(Day(iso: "2022-06-30")))
    #expect(result.problems.isEmpty, "\(result.problemCounts.map { "\($0.code.rawValue) \($0.count)" })")
    #expect(result.records == output.records)
  }

  @Test("a date outside the plan's year is refused with a sentence")
  func wrongYear() throws {
    let plan = try Self.yangzhouPlan()
    defer { try? FileManager.default.removeItem(at: plan) }
    #expect(throws: RegisterGenerator.Failure.self) { try RegisterGenerator.generate(planFolder: plan.path, asOf: "2023-06-30", seed: 1) }
    #expect(throws: RegisterGenerator.Failure.self) { try RegisterGenerator.generate(planFolder: plan.path, asOf: "30.6.2022", seed: 1) }
  }

  @Test("the CLI writes the register and its sidecar, and track --history draws earlier snapshots named by their day")
  func commandLine() async throws {
    let plan = try Self.yangzhouPlan()
    defer { try? FileManager.default.removeItem(at: plan) }
    let earlier = plan.appendingPathComponent("花名册-2022-05-31.csv").path
    let current = plan.appendingPathComponent("register.csv").path
    let may = try await quotaplan(["generate", "--register", plan.path, "--as-of", "2022-05-31", "--seed", "4", "--out", earlier], cwd: plan)
    #expect(may.status == 0, "\(may.stderr)")
    let june = try await quotaplan(["generate", "--register", plan.path, "--as-of", "2022-06-30", "--seed", "4", "--out", current], cwd: plan)
    #expect(june.status == 0, "\(june.stderr)")
    // The sidecar holds what the run printed.
    let sidecar = try String(contentsOfFile: current + ".expected.csv", encoding: .utf8)
    #expect(sidecar.contains("borrowed,3\r\n") && june.stdout.contains("  borrowed: 3"))
    let out = plan.appendingPathComponent("tracking").path
    let track = try await quotaplan(
      ["track", plan.path, current, "--as-of", "2022-06-30", "--history", earlier, "--out", out], cwd: plan)
    #expect(track.status == 0, "\(track.stderr)")
    let html = try String(contentsOfFile: out + "/tracking.html", encoding: .utf8)
    #expect(html.contains("2022-05-31, 2022-06-30"))
    #expect(html.contains("编号使用率 2022-05-31 "))
    // A snapshot whose name carries no day is refused, naming the file.
    let undated = plan.appendingPathComponent("old.csv").path
    try FileManager.default.copyItem(atPath: earlier, toPath: undated)
    let refused = try await quotaplan(
      ["track", plan.path, current, "--as-of", "2022-06-30", "--history", undated, "--out", out + "2"], cwd: plan)
    #expect(refused.status != 0 && refused.stderr.contains("old.csv") && refused.stderr.contains("2022-05-31"))
  }
}
