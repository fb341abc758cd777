import Foundation
import HummingbirdTesting
import QuotaPlan
import Testing
@testable import Workspace

/// A plan downloaded from the workspace is byte for byte the plan `quotaplan solve` writes.
@Suite struct DownloadIdentityTests {
  /// The files `quotaplan solve` builds for a scenario folder, in-process, exactly as Solve.swift does.
  static func solveFiles(_ folder: String) throws -> [String: Data] {
    let loaded = try ScenarioLoader.load(folder)
    let scenarioJSON = try PlanWriter.scenarioData(loaded)
    let plan = try Planner.plan(loaded)
    let files = try PlanWriter.files(plan, scenarioJSON: (loaded, scenarioJSON))
    return Dictionary(uniqueKeysWithValues: files.map { ($0.name, $0.data) })
  }

  /// Downloads every file of a version and compares it with `expected`.
  static func compareDownloads(_ client: APIClient, version: Int64, number: Int, expected: [String: Data]) async throws {
    #expect(Set(expected.keys) == Set(PlanWriter.fileNames))
    for name in PlanWriter.fileNames {
      let response = try await client.request(.get, "/api/versions/\(version)/files/\(name)")
      #expect(response.status == .ok, "\(name): \(response.status)")
      #expect(response.data == expected[name], "\(name) differs from quotaplan solve's")
      let disposition = response.headers[.contentDisposition] ?? ""
      #expect(disposition.hasPrefix("attachment; filename=\"yangzhou-2022-v\(number)-\(name)\""), "\(disposition)")
      #expect(disposition.contains("filename*=UTF-8''yangzhou-2022-v\(number)-\(name)"))
    }
  }

  @Test func theSeededPlanIsTheCLIsPlan() async throws {
    let workspace = try TestWorkspace(seed: true)
    // The stored scenario is the loaded one.
    #expect(try await workspace.services.plans.scenario(version: 1) == (try ScenarioLoader.load(TestWorkspace.yangzhou.path)))
    let expected = try Self.solveFiles(TestWorkspace.yangzhou.path)
    try await workspace.test(as: .city) { client async throws in
      // plan.json built alone (before any download fills the files cache) is the same bytes.
      #expect(try await client.request(.get, "/api/versions/1/plan").data == expected["plan.json"])
      try await Self.compareDownloads(client, version: 1, number: 1, expected: expected)
      let xlsx = try await client.request(.get, "/api/versions/1/files/plan.xlsx")
      #expect(xlsx.headers[.contentType] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
      let plan = try await client.request(.get, "/api/versions/1/plan")
      #expect(plan.data == expected["plan.json"])
      #expect(try await client.request(.get, "/api/versions/1/files/..%2Fworkspace.sqlite").status == .notFound)
      #expect(try await client.request(.get, "/api/versions/1/files/BROKEN_RULES.txt").status == .notFound)
    }
  }

  /// The same what-if made two ways (the settings form; a what-if folder over Yangzhou) gives the same files.
  @Test func aSavedCapIsTheWhatIfFoldersPlan() async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qp-what-if-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try """
    name: yangzhou-2022
    title: 扬州市 2022 年发展团员计划
    base: \(TestWorkspace.yangzhou.path)
    total: 5115
    categories:
      - id: senior_high
        total: 255
        caps:
          - {rule: R5, grades: [1, 2], ratio: 0.25}
          - {rule: R6, grades: [3], ratio: 0.40}
    """.write(to: folder.appendingPathComponent("scenario.yaml"), atomically: true, encoding: .utf8)
    let expected = try Self.solveFiles(folder.path)
    let workspace = try TestWorkspace(seed: true)
    try await workspace.test(as: .city) { client async throws in
      let policy = try await client.policy(version: 1)
      let saved = try await client.save(scenario: 1, expected: 1, policy.seniorCap25)
      #expect(saved.status == .created, "\(saved.text)")
      let version = Int64(try #require(try saved.json()["versionId"] as? Int))
      let stored = try await workspace.services.plans.scenario(version: version)
      let loaded = try ScenarioLoader.load(folder.path)
      #expect(stored == loaded, "\(SettingPaths.differences(from: loaded.policy, to: stored.policy, language: .en))")
      // Once from the cache of the save, once planned again from the database.
      try await Self.compareDownloads(client, version: version, number: 2, expected: expected)
      workspace.services.plans.outcomes[version] = nil
      workspace.services.plans.files["\(version)"] = nil
      try await Self.compareDownloads(client, version: version, number: 2, expected: expected)
    }
  }

  /// The real `quotaplan solve` binary writes the files the workspace serves.
  @Test func theBuiltCLIWritesTheSameFiles() async throws {
    let binary = TestWorkspace.root.appendingPathComponent(".build/debug/quotaplan")
    try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build quotaplan first (swift build)")
    let work = FileManager.default.temporaryDirectory.appendingPathComponent("qp-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: work) }
    let out = work.appendingPathComponent("out")
    let process = Process()
    process.executableURL = binary
    process.arguments = ["solve", TestWorkspace.yangzhou.path, "--out", out.path, "--quiet"]
    process.currentDirectoryURL = work
    process.standardInput = FileHandle.nullDevice
    let status: Int32 = try await withCheckedThrowingContinuation { continuation in
      process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
      do { try process.run() } catch {
        process.terminationHandler = nil
        continuation.resume(throwing: error)
      }
    }
    #expect(status == 0)
    var written: [String: Data] = [:]
    for name in PlanWriter.fileNames { written[name] = try Data(contentsOf: out.appendingPathComponent(name)) }
    let expected = written
    let workspace = try TestWorkspace(seed: true)
    try await workspace.test(as: .city) { client async throws in
      try await Self.compareDownloads(client, version: 1, number: 1, expected: expected)
    }
  }
}
