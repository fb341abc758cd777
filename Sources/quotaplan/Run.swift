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
    guard !scenarios.isEmpty else { throw ValidationError("No scenario folder (with scenario.yaml) found in \(paths.joined(separator: ", ")).") }
    let bar = ProgressBar("solving")
    let outcomes = Runner.run(scenarios, jobs: jobs) { bar.update($0, $1) }
    let root = URL(fileURLWithPath: out)
    for outcome in outcomes {
      guard let plan = outcome.plan else { continue }
      try writeFolder(try PlanWriter.files(plan), to: root.appendingPathComponent(plan.policy.name))
    }
    let comparison = Comparison(outcomes)
    try writeFolder(try ComparisonOutput.files(comparison), to: root.appendingPathComponent("comparison"))
    print(ComparisonOutput.text(comparison, differencesOnly: differencesOnly))
    print("\nPlans in \(root.path)/<scenario>/, the comparison in \(root.appendingPathComponent("comparison").path)/.")
    let broken = outcomes.filter { $0.plan == nil && !$0.isConflict }
    if !broken.isEmpty { throw Exit.badInput }
  }
}
