import ArgumentParser
import Foundation
import QuotaPlan

/// `quotaplan explain SCENARIO --school NAME`: why a unit gets its number.
struct Explain: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Explain one school's quota: its data, caps, goals, number and why not one more or one fewer.")

  @Argument(help: "The scenario folder (holding scenario.yaml) or its YAML file.")
  var scenario: String

  @Option(help: "The school's name as in the schools file.")
  var school: String

  @Option(help: "The school's district, when several districts have a school of that name.")
  var district: String?

  @Option(help: "The school's category (id or name), when the school is in several categories.")
  var category: String?

  @Option(help: "Explain only this grade.")
  var grade: Int?

  @Option(help: "The language of the explanation: zh or en (default: the scenario's).")
  var language: Language?

  func run() throws {
    let plan = try solvedPlan(scenario, language: language)
    do {
      say(try Explanation.text(plan, school: school, district: district, category: category, grade: grade))
    } catch let error as Explanation.Failure {
      printError(error.description)
      throw ExitCode.validationFailure
    }
  }
}

/// Loads and solves a scenario, turning every failure into a sentence and an exit code.
func solvedPlan(_ path: String, language: Language?) throws -> Plan {
  var loaded = try loadScenario(path)
  if let language { loaded.policy.language = language }
  return try reportingFailures { try Planner.plan(loaded) }
}
