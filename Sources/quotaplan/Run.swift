import ArgumentParser
import Foundation
import GLPK
import QuotaPlan

/// `quotaplan run DIR|SCENARIO...`: solve many scenarios in parallel and compare them.
struct Run: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Solve many scenarios in parallel, write each plan to its own folder and a comparison of all of them.",
    discussion: """
      Writes <out>/<scenario name>/ for each plan (the files solve writes),
      <out>/<scenario name>-breaks-rules/ with the nearest plan of each
      scenario whose hard rules conflict, and <out>/comparison/
      (comparison.csv, kpis.csv, changes.csv, compare.html).

      A scenario is meant to give a plan; one whose scenario.yaml says
      `expect: conflict` (the infeasible-* examples) is meant to end in a
      named conflict. Exit 0 when every scenario gives what it expects;
      else 65 when one could not be read, 70 when the solver failed, 3 when
      one without `expect: conflict` ends in a conflict, 4 when one with it
      gets a plan.
      """)

  @Argument(help: "Scenario folders, or folders that hold scenario folders (such as scenarios/).")
  var paths: [String]

  @Option(name: .shortAndLong, help: "The folder for the plans and the comparison.")
  var out: String = "out"

  @Option(help: "How many scenarios to solve at once (default: the number of cores).")
  var jobs: Int?

  @Option(
    parsing: .unconditional,
    help: "Stop each GLPK solve after this many seconds (default: each scenario's solver_time_limit, else \(Int(Policy.defaultSolverTimeLimit)) s).")
  var timeLimit: Double?

  @Flag(help: "Show only the quotas that differ from the first scenario.")
  var differencesOnly = false

  @OptionGroup var language: LanguageOption

  @OptionGroup var headers: HeadersOption

  func validate() throws {
    language.choose()
    if let jobs, jobs < 1 { throw ValidationError(t("--jobs 至少为 1。", "--jobs must be at least 1.")) }
    if let timeLimit { try checkTimeLimit(timeLimit) }
  }

  func run() throws {
    language.choose()
    let scenarios = paths.flatMap(Runner.scenarioPaths)
    guard !scenarios.isEmpty else {
      throw ValidationError(
        terminalSafe(t("在 \(paths.joined(separator: "、")) 中没有找到情景文件夹（含 scenario.yaml）。", "No scenario folder (with scenario.yaml) found in \(paths.joined(separator: ", ")).")))
    }
    let root = try checkedParent(out)
    // The plan folders are named after the scenarios, so they are loaded (not solved) first and
    // every folder is checked before any solving starts.
    let loaded = loadScenarios(scenarios, language: language, headers: headers)
    var folders: [(path: String, kind: OutputFolder.Kind)] = []
    var folderOf: [Int: Int] = [:]
    for (index, result) in loaded.enumerated() {
      guard case .success(let scenario) = result else { continue }
      folderOf[index] = folders.count
      let name = OutputFolder.safeName(scenario.name, fallback: OutputFolder.folderName(ofScenario: scenarios[index]))
      folders.append((root.appendingPathComponent(name).path, .plan))
      folders.append((root.appendingPathComponent(name + Solve.nearestSuffix).path, .nearestPlan))
    }
    folders.append((root.appendingPathComponent("comparison").path, .comparison))
    let targets = try checkedOutputs(folders, inputs: paths + scenarios)
    let bar = ProgressBar(t("求解", "solving"))
    let outcomes = Runner.run(
      loaded.map { result in { try result.get() } }, names: scenarios, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount,
      options: SolverOptions(timeLimit: timeLimit), nearest: true, language: Messages.shared.language
    ) { bar.update($0, $1) }
    var written: [Int: String] = [:]
    for (index, outcome) in outcomes.enumerated() {
      guard let folder = folderOf[index] else { continue }
      if let plan = outcome.plan {
        try writeFolder(try PlanWriter.files(plan), to: targets[folder])
        written[index] = targets[folder].folder.path
      } else if let nearest = outcome.nearest {
        let target = targets[folder + 1]
        do {
          try OutputFolder.write(try PlanWriter.files(nearest), to: target)
          written[index] = target.folder.path
        } catch {
          printError(NearestPlanText.notWritten(error, to: target))
        }
      }
    }
    let comparisonTarget = targets[targets.count - 1]
    try writeFolder(try ComparisonOutput.files(Comparison(outcomes)), to: comparisonTarget)
    // The terminal table compares the plans; every scenario's outcome follows, whole.
    let planned = outcomes.filter { $0.plan != nil }
    if !planned.isEmpty {
      say(ComparisonOutput.text(Comparison(planned), differencesOnly: differencesOnly))
      say("")
    }
    say(Self.statusText(outcomes, written: written))
    say(
      "\n" + t("方案在 \(root.path)/<情景>/，比较在 \(comparisonTarget.folder.path)/。", "Plans in \(root.path)/<scenario>/, the comparison in \(comparisonTarget.folder.path)/."))
    if let code = Self.exitCode(outcomes) { throw code }
  }

  /// One block per scenario: what it gave, whether that is what it expects, where it went;
  /// a failure's sentences keep their lines, indented under the scenario.
  static func statusText(_ outcomes: [Runner.Outcome], written: [Int: String]) -> String {
    var lines = [t("各情景结果：", "Scenarios:")]
    for (index, outcome) in outcomes.enumerated() {
      let folder = written[index]
      let head: String
      if outcome.plan != nil {
        head = outcome.isExpected
          ? t("有方案", "plan") + (folder.map { t("，已写入 \($0)/", ", written to \($0)/") } ?? "")
          : t("意外：情景预期冲突（expect: conflict），却得到了方案", "UNEXPECTED: a plan, but the scenario expects a conflict (expect: conflict)")
            + (folder.map { t("；方案已写入 \($0)/", "; the plan is written to \($0)/") } ?? "")
      } else if outcome.isConflict {
        let nearest = folder.map { t("；最近方案已写入 \($0)/", "; the nearest plan is written to \($0)/") } ?? ""
        head = (outcome.isExpected
          ? t("冲突，与预期一致（expect: conflict）", "conflict, as expected (expect: conflict)")
          : t("失败：硬性规则冲突，而情景预期得到方案", "FAILED: the hard rules conflict, but the scenario expects a plan")) + nearest
      } else if outcome.isBadInput {
        head = t("失败：输入有误", "FAILED: the input is wrong")
      } else {
        head = t("失败：求解器出错", "FAILED: the solver failed")
      }
      lines.append("  \(outcome.name)\(t("：", ": "))\(head)")
      for text in [outcome.failure, outcome.nearestFailure].compactMap({ $0 }) {
        lines += text.split(separator: "\n", omittingEmptySubsequences: false).map { "      " + $0 }
      }
    }
    let met = outcomes.filter(\.isExpected).count
    lines.append(t("\(met)/\(outcomes.count) 个情景符合预期。", "\(met) of \(outcomes.count) \(outcomes.count == 1 ? "scenario gives" : "scenarios give") what \(outcomes.count == 1 ? "it expects" : "they expect")."))
    return lines.joined(separator: "\n")
  }

  /// The exit code when some scenario did not give what it expects: 65 bad input, 70 solver
  /// failure, 3 an unexpected conflict, 4 a plan where a conflict was expected; nil when all did.
  static func exitCode(_ outcomes: [Runner.Outcome]) -> ExitCode? {
    let failed = outcomes.filter { !$0.isExpected }
    if failed.contains(where: \.isBadInput) { return Exit.badInput }
    if failed.contains(where: { $0.plan == nil && !$0.isConflict }) { return Exit.solverFailed }
    if failed.contains(where: { $0.plan == nil }) { return Exit.conflict }
    if !failed.isEmpty { return Exit.expectationFailed }
    return nil
  }
}
