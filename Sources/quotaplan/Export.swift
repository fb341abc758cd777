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

  @Option(name: .shortAndLong, help: "The folder to write the models into (default: out/<scenario name>/models).")
  var out: String?

  func run() throws {
    let loaded = try loadScenario(scenario)
    let folder = URL(fileURLWithPath: out ?? "out/\(loaded.name)/models")
    let files = try ModelExport.write(loaded, format: format, to: folder, level: level, monolithic: monolithic)
    print("file,group,level,optimum")
    for file in files { print("\(file.name),\(file.group),\(file.level),\(Int(file.optimum))") }
  }
}

extension ModelExport.Format: ExpressibleByArgument {}
