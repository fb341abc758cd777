import Foundation
import Testing

/// Through the binary: a conflict is named in sentences, exits with 3, writes nothing into
/// --out, and writes the nearest plan beside it, marked as breaking rules.
@Suite("Conflicts through the command line")
struct ConflictCLITests {
  @Test("a total above the caps exits 3 and writes the marked nearest plan beside --out")
  func conflictExitAndNearestPlan() async throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    var files = TinyScenario()
    files.scenario = TinyScenario.yaml(total: "52").replacingOccurrences(of: "total: 10", with: "total: 50")
    try files.write(to: workspace.scenario)
    let run = try await CLIRun.solve(in: workspace)
    #expect(run.status == 3, "exit \(run.status): \(run.stderr)")
    // The junior-high cap is whole-school: eligible grades (R8) and strict control (R9) play no part.
    #expect(run.stderr.contains("R2 (") && run.stderr.contains(" vs R4 ("), "\(run.stderr)")
    #expect(run.stderr.contains("初中: the total asks 50, but ") && run.stderr.contains("at most 33."), "\(run.stderr)")
    #expect(!run.outputFolderExists)
    let nearest = workspace.root.appendingPathComponent("out-breaks-rules")
    let written = try FileManager.default.contentsOfDirectory(atPath: nearest.path)
    #expect(Set(["BROKEN_RULES.txt", "plan.csv", "allocation.csv", "plan.json", "report.html"]).isSubset(of: written))
    let marking = try String(contentsOf: nearest.appendingPathComponent("BROKEN_RULES.txt"), encoding: .utf8)
    #expect(marking.contains("BREAKS hard rules"))
    let json = try String(contentsOf: nearest.appendingPathComponent("plan.json"), encoding: .utf8)
    #expect(json.contains("\"broken_rules\" : ["))
  }

  @Test("category totals that do not add up to the city total: R1 against R2 with both sums, exit 3, --out untouched")
  func categoryTotalsDoNotAddUp() async throws {
    var files = TinyScenario()
    files.scenario = TinyScenario.yaml(total: "13")
    let run = try await CLIRun.solve(files)
    #expect(run.status == 3, "exit \(run.status): \(run.stderr)")
    #expect(run.stderr.contains("R1 (") && run.stderr.contains(" vs R2 ("), "\(run.stderr)")
    #expect(run.stderr.contains("the scenario's category totals add up to 12 (初中 10 + 社会领域 2), but the city total is 13."), "\(run.stderr)")
    #expect(!run.outputFolderExists)
  }
}
