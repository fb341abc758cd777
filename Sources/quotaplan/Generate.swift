import ArgumentParser
import Foundation
import QuotaPlan

/// `quotaplan generate --preset city|province|nation --seed N --out DIR`.
struct Generate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Write a synthetic scenario at the scale of a city, a province or the nation, for benchmarks.")

  @Option(help: "The scale: city (≈180 schools), province (≈5,000) or nation (≈76,600 schools, 40,000 social units).")
  var preset: Generator.Preset = .city

  @Option(help: "The seed; the same preset and seed give the same files.")
  var seed: UInt64 = 1

  @Option(help: "Rescale the preset to about this many schools (categories, social units and districts in proportion).")
  var schools: Int?

  @Option(name: .shortAndLong, help: "The scenario folder to write.")
  var out: String

  func validate() throws {
    if let schools, schools < 1 { throw ValidationError("--schools must be at least 1.") }
  }

  func run() throws {
    let target = try checkedOutput(out, kind: .scenario, inputs: [])
    let files = try Generator.files(preset, seed: seed, schools: schools)
    try writeFolder(files, to: target)
    say("Wrote \(out) (\(files.map(\.name).joined(separator: ", "))).")
  }
}

extension Generator.Preset: ExpressibleByArgument {}
