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
  var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

  func validate() throws {
    guard (1...2).contains(settings.count) else { throw ValidationError("Give one or two --set options.") }
    guard step.count == 1 || step.count == settings.count else { throw ValidationError("Give one --step, or one per --set.") }
  }

  func run() throws {
    var target = try out.map { try checkedOutput($0, kind: .sweep, inputs: [base]) }
    let scenario = try loadScenario(base)
    if target == nil { target = try checkedOutput(defaultOutput(scenario, path: base, suffix: "-sweep"), kind: .sweep, inputs: [base]) }
    guard let target else { return }
    let axes: [Sweep.Axis]
    let outcomes: [Runner.Outcome]
    do {
      axes = try settings.enumerated().map { try Sweep.Axis($1, step: step.count == 1 ? step[0] : step[$0]) }
      let bar = ProgressBar("sweeping")
      outcomes = try Sweep.run(scenario, axes: axes, jobs: max(1, jobs)) { bar.update($0, $1) }
    } catch let error as Sweep.SweepError {
      throw ValidationError(terminalSafe(error.description))
    }
    try writeFolder(try Sweep.files(axes, outcomes), to: target)
    let solved = outcomes.filter { $0.plan != nil }.count
    say("\(solved) of \(outcomes.count) points have a plan; \(outcomes.count - solved) conflict. Written to \(URL(fileURLWithPath: target.requested).path) (sweep.csv, sweep.html).")
  }
}
