import ArgumentParser
import Foundation
import QuotaPlan

/// `quotaplan compare A B [C...]`: plans side by side against the first.
struct Compare: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Solve scenarios and compare their plans against the first: quotas with deltas, KPIs, changed rules, paradoxes.",
    discussion: """
      Gates make the command exit with code 4 when a KPI crosses a threshold, for scripts and CI:
        --fail-if 'protected_without_quota>0' --fail-if 'ratio_max:senior_high>0.3'
      KPIs: total, protected_without_quota, classes_without_member, grades_without_branch, and
      total|ratio_min|ratio_median|ratio_max|binding_caps|balance_level:<category id>.
      --fail-on-paradox exits with code 4 when a unit moves against its category total.
      """)

  @Argument(help: "Scenario folders; the first is the reference.")
  var scenarios: [String]

  @Option(name: .shortAndLong, help: "Write comparison.csv, kpis.csv, changes.csv and compare.html into this folder.")
  var out: String?

  @Option(help: "Solve this many scenarios at once (default: the number of cores).")
  var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

  @Flag(help: "Show only the quotas that differ from the reference.")
  var differencesOnly = false

  @Option(name: .customLong("fail-if"), help: "Exit with code 4 when this KPI condition holds for any scenario (kpi>value, >=, <, <=, ==).")
  var gates: [String] = []

  @Flag(help: "Exit with code 4 when any unit moves against its category total.")
  var failOnParadox = false

  func validate() throws {
    guard scenarios.count >= 2 else { throw ValidationError("Give at least two scenarios to compare.") }
    for gate in gates where Comparison.Gate(gate) == nil {
      throw ValidationError(terminalSafe("--fail-if “\(gate)” is not KPI>VALUE (or >=, <, <=, ==)."))
    }
  }

  func run() throws {
    let target = try out.map { try checkedOutput($0, kind: .comparison, inputs: scenarios) }
    let bar = ProgressBar("solving")
    let outcomes = Runner.run(scenarios, jobs: max(1, jobs)) { bar.update($0, $1) }
    let comparison = Comparison(outcomes)
    if let target {
      try writeFolder(try ComparisonOutput.files(comparison), to: target)
    }
    say(ComparisonOutput.text(comparison, differencesOnly: differencesOnly))
    var tripped = comparison.tripped(gates.compactMap(Comparison.Gate.init))
    if failOnParadox { tripped += comparison.paradoxes.map { "\($0.scenario): \($0.unit) moves against its category total (\($0.before) → \($0.after))." } }
    if !tripped.isEmpty {
      for line in tripped { printError(line) }
      throw ExitCode(4)
    }
    if outcomes.contains(where: { $0.plan == nil && !$0.isConflict }) { throw Exit.badInput }
  }
}
