import Foundation
import Testing

/// The command-line tools behind the benchmarks: the monolithic export, the GLPK cross-check
/// and the step timings.
@Suite("Benchmark tools through the command line")
struct SpeedToolsCLITests {
  @Test("export --monolithic writes one model per level and prints the optima; --method glpk gives the same plan")
  func monolithicAndGLPK() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try TinyScenario().write(to: workspace.scenario)
    let export = try workspace.run(["export", "tiny", "--monolithic", "--format", "mps", "--out", "models"])
    #expect(export.status == 0, "\(export.stderr)")
    let lines = export.stdout.split(separator: "\n").map(String.init)
    #expect(lines.first == "file,group,level,optimum,path")
    #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("all-") && $0.contains(".mps,all groups,G") }, "\(lines)")
    let files = try FileManager.default.contentsOfDirectory(atPath: workspace.root.appendingPathComponent("models").path)
      .filter { $0 != ".quotaplan" }
    #expect(files.count == lines.count - 1)

    let greedy = try workspace.run(["solve", "tiny", "--out", "greedy", "--quiet", "--timings"])
    let glpk = try workspace.run(["solve", "tiny", "--out", "glpk", "--quiet", "--method", "glpk"])
    #expect(greedy.status == 0 && glpk.status == 0, "\(greedy.stderr) \(glpk.stderr)")
    for step in ["load", "plan", "plan.json", "plan.xlsx", "build and write files"] { #expect(greedy.stderr.contains(step), "\(greedy.stderr)") }
    for name in ["plan.csv", "plan.json", "allocation.csv"] {
      let a = try Data(contentsOf: workspace.root.appendingPathComponent("greedy/\(name)"))
      let b = try Data(contentsOf: workspace.root.appendingPathComponent("glpk/\(name)"))
      #expect(a == b, "\(name)")
    }
  }
}
