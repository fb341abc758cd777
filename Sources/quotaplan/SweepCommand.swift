import ArgumentParser
import Foundation
import QuotaPlan

/// `quotaplan sweep BASE --set KEY=FROM...TO --step S`: a series or grid of plans.
struct SweepCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sweep",
    abstract: "Solve a scenario over a range of one or two settings and chart the KPIs against them.",
    discussion: """
      Example: quotaplan sweep scenarios/yangzhou-2022 --set 'categories.senior_high.caps[0].ratio=0.20...0.40' --step 0.01
      Settings: total, categories.<id>.total, categories.<id>.caps[i].ratio, categories.<id>.previous_year_floor,
      categories.<id>.strict_control[i].above, social.density_exponent, social.outflow_boost.
      Two --set options give a grid; --step applies to each (or give one --step per --set).
      """)

  @Argument(help: "The base scenario folder.")
  var base: String

  @Option(name: .customLong("set"), help: "A setting and its range, KEY=FROM...TO.")
  var settings: [String]

  @Option(help: "The step between values (one for all settings, or one per --set).")
  var step: [Double]

  @Option(name: .shortAndLong, help: "The folder for sweep.csv and sweep.html (default: out/<scenario>-sweep).")
  var out: String?

  @Option(help: "Solve this many points at once (default: the number of cores).")
  var jobs: Int?

  @OptionGroup var language: LanguageOption

  @OptionGroup var headers: HeadersOption

  func validate() throws {
    language.choose()
    guard (1...2).contains(settings.count) else { throw ValidationError(t("请给出一个或两个 --set。", "Give one or two --set options.")) }
    guard step.count == 1 || step.count == settings.count else { throw ValidationError(t("请给出一个 --step，或每个 --set 各一个。", "Give one --step, or one per --set.")) }
    if let jobs, jobs < 1 { throw ValidationError(t("--jobs 至少为 1。", "--jobs must be at least 1.")) }
  }

  func run() throws {
    language.choose()
    var target = try out.map { try checkedOutput($0, kind: .sweep, inputs: [base]) }
    let scenario = try loadScenario(base, language: language, headers: headers)
    if target == nil { target = try checkedOutput(defaultOutput(scenario, path: base, suffix: "-sweep"), kind: .sweep, inputs: [base]) }
    guard let target else { return }
    let axes: [Sweep.Axis]
    let outcomes: [Runner.Outcome]
    do {
      axes = try settings.enumerated().map { try Sweep.Axis($1, step: step.count == 1 ? step[0] : step[$0]) }
      let bar = ProgressBar(t("扫描", "sweeping"))
      outcomes = try Sweep.run(scenario, axes: axes, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount) { bar.update($0, $1) }
    } catch let error as Sweep.SweepError {
      throw ValidationError(terminalSafe(sentence(error)))
    }
    try writeFolder(try Sweep.files(axes, outcomes), to: target)
    let solved = outcomes.filter { $0.plan != nil }.count
    let folder = URL(fileURLWithPath: target.requested).path
    say(
      t("\(outcomes.count) 个点中 \(solved) 个有方案，\(outcomes.count - solved) 个冲突。已写入 \(folder)（sweep.csv、sweep.html）。",
        "\(solved) of \(outcomes.count) points have a plan; \(outcomes.count - solved) conflict. Written to \(folder) (sweep.csv, sweep.html)."))
  }
}
