import ArgumentParser
import Foundation
import GLPK
import QuotaPlan

/// `quotaplan solve SCENARIO`: plan one scenario and write its files.
struct Solve: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Solve a scenario and write \(PlanWriter.fileNames.joined(separator: ", ")).",
    discussion: """
      The files go into --out (default: out/<scenario name>/), all or nothing.
      When the hard rules conflict, the conflict is named, the nearest plan
      (the fewest broken rules, by the least) goes to <folder>-breaks-rules/
      with \(PlanWriter.brokenRulesFile), and the exit code is 3.
      """)

  @Argument(help: "The scenario folder (holding scenario.yaml) or its YAML file.")
  var scenario: String

  @Option(name: .shortAndLong, help: "The folder to write the plan into (default: out/<scenario name>).")
  var out: String?

  @OptionGroup var language: LanguageOption

  @OptionGroup var headers: HeadersOption

  @Option(
    parsing: .unconditional,
    help: "Stop each GLPK solve after this many seconds and keep the best plan found (default: the scenario's solver_time_limit, else \(Int(Policy.defaultSolverTimeLimit)) s).")
  var timeLimit: Double?

  @Option(help: "automatic (exact greedy over the nested rules when they nest, else GLPK) or glpk (always GLPK, for cross-checks).")
  var method: SolveMethod = .automatic

  @Flag(help: "Print how long each step took (load, plan, build the files, write them) to standard error.")
  var timings = false

  @Flag(help: "Print GLPK's own messages after the summary, or say that no solver ran (the exact greedy planned).")
  var solverLog = false

  @Flag(name: .shortAndLong, help: "Print nothing but errors.")
  var quiet = false

  func validate() throws {
    language.choose()
    if let timeLimit { try checkTimeLimit(timeLimit) }
  }

  func run() throws {
    language.choose()
    var clock = StepClock(enabled: timings)
    // Checked before anything is loaded when --out is given; the default needs the scenario's name.
    var targets = try out.map(outputTargets)
    let loaded = try loadScenario(scenario, language: language, headers: headers)
    clock.lap("load")
    if targets == nil { targets = try outputTargets(defaultOutput(loaded, path: scenario)) }
    guard let targets else { return }
    let (target, nearestTarget) = targets
    // scenario.json depends only on the scenario: write it on a spare core while planning.
    let input = loaded
    let scenarioJSON = Background { try PlanWriter.scenarioData(input) }
    let plan: Plan
    do {
      plan = try Planner.plan(loaded, options: solverOptions(loaded), method: method)
    } catch let error as PlanError {
      printError(sentence(error))
      guard case .conflicts = error else { throw Exit.solverFailed }
      try writeNearestPlan(loaded, to: nearestTarget)
      throw Exit.conflict
    }
    clock.lap("plan")
    // Each file is written into the staging folder as soon as it is built, on both cores.
    let madeEarlier = (try? scenarioJSON.value()).map { (input, $0) }
    try writingFolder(target) {
      try OutputFolder.write(to: target) { staging in
        try PlanWriter.write(plan, into: staging, scenarioJSON: madeEarlier, timing: timings ? StepClock.report : nil)
      }
    }
    clock.lap("build and write files")
    if !quiet {
      say(Summary.text(plan, outputFolder: URL(fileURLWithPath: target.requested).path))
      // Columns the tables held but quotaplan does not read (备注, remarks): one line per file.
      for note in loaded.inputNotes ?? [] { say(t("注意：", "Note: ") + note) }
    }
    if solverLog { say(Self.solverLogText(plan)) }
  }

  /// GLPK's options for this run: --time-limit, else the scenario's (or the default) limit.
  func solverOptions(_ scenario: Scenario) -> SolverOptions {
    SolverOptions(timeLimit: timeLimit ?? scenario.policy.effectiveSolverTimeLimit, keepLog: solverLog)
  }

  /// GLPK's log, or a sentence saying that no solver ran: the exact greedy over the nested rules
  /// needs none (`--method glpk` makes GLPK solve every category).
  static func solverLogText(_ plan: Plan) -> String {
    let log = plan.solverLog.trimmingCharacters(in: .whitespacesAndNewlines)
    guard log.isEmpty else { return t("GLPK 求解日志：\n", "GLPK's log:\n") + log }
    return t(
      "没有运行求解器：规则层层嵌套，精确的贪心算法直接给出了最优方案，因此没有 GLPK 日志（--method glpk 让 GLPK 求解每个类别）。",
      "No solver ran: the rules nest, so the exact greedy planned every category and GLPK has no log (--method glpk makes GLPK solve them).")
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
      nearest = try Planner.nearestPlan(scenario, options: solverOptions(scenario))
    } catch {
      printError(NearestPlanText.notComputed(error))
      return
    }
    do {
      try OutputFolder.write(try PlanWriter.files(nearest), to: target)
    } catch {
      printError(NearestPlanText.notWritten(error, to: target))
      return
    }
    printError(NearestPlanText.written(nearest, to: target.folder.path))
  }

  /// Suffix of the folder that holds a nearest plan.
  static let nearestSuffix = "-breaks-rules"
}

/// Checks a `--time-limit` value: a positive, finite number of seconds.
func checkTimeLimit(_ seconds: Double) throws {
  guard seconds.isFinite, seconds > 0 else {
    let shown = seconds.isFinite ? String(format: "%g", seconds) : "\(seconds)"
    throw ValidationError(
      t("--time-limit 应为正的秒数，例如 --time-limit 30；\(shown) 不行。", "--time-limit must be a positive number of seconds, such as --time-limit 30; \(shown) is not."))
  }
}

extension SolveMethod: ExpressibleByArgument {}
