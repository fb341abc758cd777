import Foundation
import Testing

/// `quotaplan compare` as a CI gate: a tripped threshold exits with code 4 and says why.
@Suite("Compare gates through the command line")
struct CompareCLITests {
  @Test("a gate that trips exits 4 naming the scenario and the KPI; one that holds exits 0")
  func gate() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try TinyScenario().write(to: workspace.scenario)
    let bigger = workspace.root.appendingPathComponent("bigger")
    try FileManager.default.createDirectory(at: bigger, withIntermediateDirectories: true)
    try "base: ../tiny\nname: bigger\ntotal: 14\ncategories:\n  - {id: junior_high, total: 12}\n"
      .write(to: bigger.appendingPathComponent("scenario.yaml"), atomically: true, encoding: .utf8)
    let tripped = try workspace.run(["compare", "tiny", "bigger", "--fail-if", "total>12", "--out", "cmp"])
    #expect(tripped.status == 4, "\(tripped.stderr)")
    #expect(tripped.stderr.contains("bigger: total is 14, which trips total>12."))
    #expect(tripped.stdout.contains("bigger") && tripped.stdout.contains("14"), "\(tripped.stdout)")
    let files = try FileManager.default.contentsOfDirectory(atPath: workspace.root.appendingPathComponent("cmp").path)
    #expect(Set(files) == ["comparison.csv", "kpis.csv", "changes.csv", "compare.html", ".quotaplan"])
    let holds = try workspace.run(["compare", "tiny", "bigger", "--fail-if", "protected_without_quota>0", "--fail-on-paradox"])
    #expect(holds.status == 0, "\(holds.stderr)")
  }
}

extension Workspace {
  /// Runs the built `quotaplan` in the workspace's root folder.
  func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = try QuotaplanBinary.url()
    process.arguments = arguments
    process.currentDirectoryURL = root
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
  }
}
