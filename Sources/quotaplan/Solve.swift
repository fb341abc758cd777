import ArgumentParser
import Foundation
import GLPK
import QuotaPlan

/// `quotaplan solve SCENARIO`: plan one scenario and write its files.
struct Solve: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Solve a scenario and write plan.csv, allocation.csv, social.csv and plan.json.")

  @Argument(help: "The scenario folder (holding scenario.yaml) or its YAML file.")
  var scenario: String

  @Option(name: .shortAndLong, help: "The folder to write the plan into (default: out/<scenario name>).")
  var out: String?

  @Option(help: "The language of reasons and the summary: zh or en (default: the scenario's).")
  var language: Language?

  @Option(help: "Stop each solve after this many seconds and keep the best plan found.")
  var timeLimit: Double?

  @Option(help: "automatic (exact greedy over the nested rules when they nest, else GLPK) or glpk (always GLPK, for cross-checks).")
  var method: SolveMethod = .automatic

  @Flag(help: "Print how long each step took (load, plan, build the files, write them) to standard error.")
  var timings = false

  @Flag(help: "Print GLPK's own messages after the summary.")
  var solverLog = false

  @Flag(name: .shortAndLong, help: "Print nothing but errors.")
  var quiet = false

  func validate() throws {
    if let timeLimit, !(timeLimit.isFinite && timeLimit > 0) {
      throw ValidationError("--time-limit must be a positive number of seconds.")
    }
  }

  func run() throws {
    var clock = StepClock(enabled: timings)
    // Checked before anything is loaded when --out is given; the default needs the scenario's name.
    var targets = try out.map(outputTargets)
    var loaded = try loadScenario(scenario)
    clock.lap("load")
    if targets == nil { targets = try outputTargets(defaultOutput(loaded, path: scenario)) }
    guard let targets else { return }
    let (target, nearestTarget) = targets
    if let language { loaded.policy.language = language }
    // scenario.json depends only on the scenario: write it on a spare core while planning.
    let input = loaded
    let scenarioJSON = Background { try PlanWriter.scenarioData(input) }
    let plan: Plan
    do {
      plan = try Planner.plan(loaded, options: SolverOptions(timeLimit: timeLimit), method: method)
    } catch PlanError.conflicts(let conflicts) {
      printError(PlanError.conflicts(conflicts).description)
      try writeNearestPlan(loaded, to: nearestTarget)
      throw Exit.conflict
    } catch let error as PlanError {
      printError(error.description)
      throw Exit.solverFailed
    }
    clock.lap("plan")
    let files = try PlanWriter.files(
      plan, scenarioJSON: (try? scenarioJSON.value()).map { (input, $0) }, timing: timings ? StepClock.report : nil)
    clock.lap("build files")
    try writeFolder(files, to: target)
    clock.lap("write files")
    if !quiet {
      say(Summary.text(plan, outputFolder: URL(fileURLWithPath: target.requested).path))
      // Columns the tables held but quotaplan does not read (备注, remarks): one line per file.
      for note in loaded.inputNotes ?? [] { say("Note: \(note)") }
    }
    if solverLog { say(plan.solverLog) }
  }

  /// The plan folder and, beside it, the folder for the nearest plan, both checked.
  func outputTargets(_ path: String) throws -> (OutputFolder.Target, OutputFolder.Target) {
    let plan = try checkedOutput(path, kind: .plan, inputs: [scenario])
    let nearest = try checkedOutput(plan.folder.path + Self.nearestSuffix, kind: .nearestPlan, inputs: [scenario])
    return (plan, nearest)
  }

  /// When the hard rules conflict: the plan that breaks the fewest, by the least, written
  /// beside the requested folder (never over a good plan) and clearly marked. The exit code
  /// stays 3 (the conflict) even when it cannot be written; the message says why.
  func writeNearestPlan(_ scenario: Scenario, to target: OutputFolder.Target) throws {
    let nearest: Plan
    do {
      nearest = try Planner.nearestPlan(scenario, options: SolverOptions(timeLimit: timeLimit ?? 60))
    } catch let error as PlanError {
      // `nearestPlanNotComputed` is its own sentence; a solver failure gets one here.
      if case .nearestPlanNotComputed = error {
        printError(error.description)
      } else {
        printError("No nearest plan could be computed either: \(error.description)")
      }
      return
    } catch {
      printError("No nearest plan could be computed either: \(error)")
      return
    }
    do {
      try OutputFolder.write(try PlanWriter.files(nearest), to: target)
    } catch let failure as OutputFolder.Failure {
      printError("The nearest plan was not written: \(failure.sentence)")
      return
    } catch {
      printError("The nearest plan was not written to \(target.shown): \(error).")
      return
    }
    let broken = nearest.brokenRules.map { "  - \($0)" }.joined(separator: "\n")
    printError(
      "The nearest plan breaks \(nearest.brokenRules.count) rule(s) and is written, marked as breaking them, to \(target.folder.path):\n\(broken)")
  }

  /// Suffix of the folder that holds a nearest plan.
  static let nearestSuffix = "-breaks-rules"
}

extension Language: ExpressibleByArgument {}

extension SolveMethod: ExpressibleByArgument {}
