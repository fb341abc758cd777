import Foundation
import Testing

/// A plan is an official document: a run killed at any moment (kill -9 mid-write) leaves the
/// previous plan intact or the complete new one, and two runs writing one folder never mix.
@Suite("Nothing lost")
struct InterruptedWriteTests {
  static var yangzhou: String { Fixture.yangzhouPath }

  func start(_ arguments: [String]) throws -> Process {
    let process = Process()
    process.executableURL = try QuotaplanBinary.url()
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    return process
  }

  func snapshot(_ folder: URL) throws -> [String: Data] {
    var files: [String: Data] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
      files[name] = try Data(contentsOf: folder.appendingPathComponent(name))
    }
    return files
  }

  @Test("kill -9 at 12 moments during a run: the folder holds the old plan or the whole new one")
  func killedMidWrite() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("quotaplan-kill-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    let target = root.appendingPathComponent("plan")
    let fresh = root.appendingPathComponent("fresh")
    let first = try start(["solve", Self.yangzhou, "--out", target.path, "--quiet"])
    first.waitUntilExit()
    let reference = try start(["solve", Self.yangzhou, "--out", fresh.path, "--quiet", "--language", "en"])
    reference.waitUntilExit()
    let old = try snapshot(target), new = try snapshot(fresh)
    #expect(old != new && old.count == new.count)
    for attempt in 0..<12 {
      let run = try start(["solve", Self.yangzhou, "--out", target.path, "--quiet", "--language", attempt % 2 == 0 ? "en" : "zh"])
      usleep(useconds_t(20_000 + attempt * 45_000))
      kill(run.processIdentifier, SIGKILL)
      run.waitUntilExit()
      let now = try snapshot(target)
      #expect(now == old || now == new, "attempt \(attempt): the folder holds a mix of plans")
    }
    // A later run cleans the staging folders of killed runs.
    let last = try start(["solve", Self.yangzhou, "--out", target.path, "--quiet"])
    last.waitUntilExit()
    #expect(try snapshot(target) == old)
    #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.hasPrefix(".plan.writing-") }.isEmpty)
  }

  @Test("two runs writing the same folder at once leave one complete plan, not a mix")
  func concurrentRuns() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("quotaplan-race-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    let target = root.appendingPathComponent("plan")
    let zh = try start(["solve", Self.yangzhou, "--out", root.appendingPathComponent("zh").path, "--quiet"])
    let en = try start(["solve", Self.yangzhou, "--out", root.appendingPathComponent("en").path, "--quiet", "--language", "en"])
    zh.waitUntilExit()
    en.waitUntilExit()
    let plans = [try snapshot(root.appendingPathComponent("zh")), try snapshot(root.appendingPathComponent("en"))]
    for _ in 0..<3 {
      let a = try start(["solve", Self.yangzhou, "--out", target.path, "--quiet"])
      let b = try start(["solve", Self.yangzhou, "--out", target.path, "--quiet", "--language", "en"])
      a.waitUntilExit()
      b.waitUntilExit()
      #expect(a.terminationStatus == 0 && b.terminationStatus == 0)
      #expect(plans.contains(try snapshot(target)))
    }
  }
}
