import ArgumentParser
import Foundation
import QuotaPlan

/// `quotaplan compare A B [C...]`: plans side by side against the first.
struct Compare: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Solve scenarios and compare their plans against the first: quotas with deltas, KPIs, changed rules, paradoxes.",
    discussion: """
      Writes comparison.csv, kpis.csv, changes.csv and compare.html into --out
      (default: out/<first scenario's name>-comparison/) and says where.

      Gates make the command exit with code 4 when a KPI crosses a threshold,
      for scripts and CI:
        --fail-if 'protected_without_quota>0'
        --fail-if 'ratio_max:senior_high>0.3'
      An unknown KPI is a usage error (exit 64) that lists the KPIs. The KPIs:
      \(PlanKPIs.help.map { "  " + $0 }.joined(separator: "\n"))
      --fail-on-paradox exits with code 4 when a unit moves against its
      category total.
      """)

  @Argument(help: "Scenario folders; the first is the reference.")
  var scenarios: [String]

  @Option(name: .shortAndLong, help: "The folder for comparison.csv, kpis.csv, changes.csv and compare.html (default: out/<first scenario's name>-comparison).")
  var out: String?

  @Option(help: "Solve this many scenarios at once (default: the number of cores).")
  var jobs: Int?

  @Flag(help: "Show only the quotas that differ from the reference.")
  var differencesOnly = false

  @Option(name: .customLong("fail-if"), help: "Exit with code 4 when this KPI condition holds for any scenario (kpi>value, >=, <, <=, ==).")
  var gates: [String] = []

  @Flag(help: "Exit with code 4 when any unit moves against its category total.")
  var failOnParadox = false

  @OptionGroup var language: LanguageOption

  @OptionGroup var headers: HeadersOption

  func validate() throws {
    language.choose()
    guard scenarios.count >= 2 else { throw ValidationError(t("请至少给出两个要比较的情景。", "Give at least two scenarios to compare.")) }
    if let jobs, jobs < 1 { throw ValidationError(t("--jobs 至少为 1。", "--jobs must be at least 1.")) }
    for gate in gates {
      guard let parsed = Comparison.Gate(gate) else {
        throw ValidationError(terminalSafe(t("--fail-if “\(gate)” 不是 KPI>数值（或 >=、<、<=、==）。", "--fail-if “\(gate)” is not KPI>VALUE (or >=, <, <=, ==).")))
      }
      guard PlanKPIs.isKnown(parsed.kpi) else { throw ValidationError(Self.unknownKPI(parsed.kpi, names: PlanKPIs.nameForms)) }
    }
  }

  func run() throws {
    language.choose()
    var target = try out.map { try checkedOutput($0, kind: .comparison, inputs: scenarios) }
    let loaded = loadScenarios(scenarios, language: language, headers: headers)
    if Messages.shared.chosen == nil, case .success(let first) = loaded[0] { Messages.shared.scenario = first.policy.language }
    if target == nil {
      // The default folder is named after the reference scenario (its folder's name when it cannot be read).
      let name: String
      if case .success(let first) = loaded[0] {
        name = OutputFolder.safeName(first.name, fallback: OutputFolder.folderName(ofScenario: scenarios[0]))
      } else {
        name = OutputFolder.folderName(ofScenario: scenarios[0])
      }
      target = try checkedOutput("out/\(name)-comparison", kind: .comparison, inputs: scenarios)
    }
    guard let target else { return }
    let bar = ProgressBar(t("求解", "solving"))
    let outcomes = Runner.run(
      loaded.map { result in { try result.get() } }, names: scenarios, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount,
      language: Messages.shared.language
    ) { bar.update($0, $1) }
    let comparison = Comparison(outcomes)
    // A category KPI (ratio_max:<id>) is known only once the plans are: an unknown one is a usage error.
    let parsed = gates.compactMap(Comparison.Gate.init)
    if !comparison.kpis.isEmpty, let unknown = parsed.first(where: { gate in !comparison.kpis.contains { $0.value(gate.kpi) != nil } }) {
      printError(Self.unknownKPI(unknown.kpi, names: comparison.kpis.first?.names ?? PlanKPIs.nameForms))
      throw ExitCode.validationFailure
    }
    try writeFolder(try ComparisonOutput.files(comparison), to: target)
    say(ComparisonOutput.text(comparison, differencesOnly: differencesOnly))
    let folder = URL(fileURLWithPath: target.requested).path
    say(t("\n已写入 \(folder)（comparison.csv、kpis.csv、changes.csv、compare.html）。", "\nWritten to \(folder) (comparison.csv, kpis.csv, changes.csv, compare.html)."))
    var tripped = comparison.tripped(parsed)
    if failOnParadox {
      tripped += comparison.paradoxes.map {
        t("\($0.scenario)：\($0.unit) 与其类别总量反向变化（\($0.before) → \($0.after)）。", "\($0.scenario): \($0.unit) moves against its category total (\($0.before) → \($0.after)).")
      }
    }
    if !tripped.isEmpty {
      for line in tripped { printError(line) }
      throw Exit.expectationFailed
    }
    if outcomes.contains(where: { $0.plan == nil && !$0.isConflict }) { throw Exit.badInput }
  }

  /// A KPI name no plan has: the sentence lists the names there are.
  static func unknownKPI(_ name: String, names: [String]) -> String {
    terminalSafe(
      t("--fail-if：没有名为“\(name)”的 KPI。可用的 KPI：\(names.joined(separator: "、"))。", "--fail-if: there is no KPI called “\(name)”. The KPIs: \(names.joined(separator: ", "))."))
  }
}
