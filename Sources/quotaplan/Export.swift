import ArgumentParser
import Foundation
import QuotaPlan

/// `quotaplan export SCENARIO`: write the models quotaplan solves, for other solvers.
struct Export: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Write each plan group's model, one file per lexicographic level, in LP or MPS format.")

  @Argument(help: "The scenario folder (holding scenario.yaml) or its YAML file.")
  var scenario: String

  @Option(help: "The file format: lp or mps.")
  var format: ModelExport.Format = .lp

  @Option(help: "Write only this level (1 = the first goal in the scenario's order).")
  var level: Int?

  @Flag(help: "One model per level for the whole scenario, all categories together (what a general solver would be given).")
  var monolithic = false

  @Option(name: .shortAndLong, help: "The folder to write the models into (default: out/<scenario name>-models).")
  var out: String?

  func run() throws {
    var target = try out.map { try checkedOutput($0, kind: .models, inputs: [scenario]) }
    let loaded = try loadScenario(scenario)
    if target == nil { target = try checkedOutput(defaultOutput(loaded, path: scenario, suffix: "-models"), kind: .models, inputs: [scenario]) }
    guard let target else { return }
    let files = try writingFolder(target) {
      try reportingFailures { try ModelExport.write(loaded, format: format, to: target, level: level, monolithic: monolithic) }
    }
    say("file,group,level,optimum")
    for file in files { say("\(file.name),\(file.group),\(file.level),\(Int(file.optimum))") }
  }
}

extension ModelExport.Format: ExpressibleByArgument {}
