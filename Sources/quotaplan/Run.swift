import ArgumentParser
import Foundation
import QuotaPlan

/// `quotaplan run DIR|SCENARIO...`: solve many scenarios in parallel and compare them.
struct Run: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Solve many scenarios in parallel, write each plan to its own folder and a comparison of all of them.")

  @Argument(help: "Scenario folders, or folders that hold scenario folders (such as scenarios/).")
  var paths: [String]

  @Option(name: .shortAndLong, help: "The folder for the plans and the comparison (default: out).")
  var out: String = "out"

  @Option(help: "How many scenarios to solve at once (default: the number of cores).")
  var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

  @Flag(help: "Show only the quotas that differ from the first scenario.")
  var differencesOnly = false

  func validate() throws {
    if jobs < 1 { throw ValidationError("--jobs must be at least 1.") }
  }

  func run() throws {
    let scenarios = paths.flatMap(Runner.scenarioPaths)
    guard !scenarios.isEmpty else {
      throw ValidationError(terminalSafe("No scenario folder (with scenario.yaml) found in \(paths.joined(separator: ", ")).")) }
    let root = try checkedParent(out)
    // The plan folders are named after the scenarios, so they are loaded (not solved) first and
    // every folder is checked before any solving starts.
    let loaded = Runner.load(scenarios)
    var folders: [(path: String, kind: OutputFolder.Kind)] = []
    var folderOf: [Int: Int] = [:]
    for (index, result) in loaded.enumerated() {
      guard case .success(let scenario) = result else { continue }
      folderOf[index] = folders.count
      let name = OutputFolder.safeName(scenario.name, fallback: OutputFolder.folderName(ofScenario: scenarios[index]))
      folders.append((root.appendingPathComponent(name).path, .plan))
    }
    folders.append((root.appendingPathComponent("comparison").path, .comparison))
    let targets = try checkedOutputs(folders, inputs: paths + scenarios)
    let bar = ProgressBar("solving")
    let outcomes = Runner.run(loaded.map { result in { try result.get() } }, names: scenarios, jobs: jobs) { bar.update($0, $1) }
    for (index, outcome) in outcomes.enumerated() {
      guard let plan = outcome.plan, let folder = folderOf[index] else { continue }
      try writeFolder(try PlanWriter.files(plan), to: targets[folder])
    }
    let comparison = Comparison(outcomes)
    try writeFolder(try ComparisonOutput.files(comparison), to: targets[targets.count - 1])
    say(ComparisonOutput.text(comparison, differencesOnly: differencesOnly))
    say("\nPlans in \(root.path)/<scenario>/, the comparison in \(root.appendingPathComponent("comparison").path)/.")
    let broken = outcomes.filter { $0.plan == nil && !$0.isConflict }
    if !broken.isEmpty { throw Exit.badInput }
  }
}
