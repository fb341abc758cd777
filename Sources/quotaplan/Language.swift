import ArgumentParser
import Foundation
import QuotaPlan

/// `--language zh|en`: the language of everything a command prints or writes for people.
///
/// It overrides the scenario's `language` after the scenario is loaded; until a scenario is
/// read, messages are in this language, or in Chinese when it is not given.
struct LanguageOption: ParsableArguments {
  @Option(help: "The language of what is printed and written for people: zh or en (default: the scenario's; zh before one is read).")
  var language: Language?

  /// Makes the option the language of messages from now on (call it first in `validate` and `run`).
  func choose() { Messages.shared.chosen = language }

  /// The scenario's settings with the option applied, and messages in the resulting language.
  func apply(_ policy: inout Policy) {
    if let language { policy.language = language }
    Messages.shared.scenario = policy.language
  }
}

/// `--headers zh|en`: the language of CSV and Excel column headers and sheet names.
struct HeadersOption: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "The language of CSV and Excel column headers and sheet names: zh (区县, 学校, 名额 …) or en (district, school, quota …, stable for scripts) (default: the scenario's headers setting, else the output language).",
      valueName: "zh|en"))
  var headers: Language?

  func apply(_ policy: inout Policy) {
    if let headers { policy.headers = headers }
  }
}

/// The scenarios at `paths` (read as `Runner.load` reads them), each with `--headers` and
/// `--language` laid over its settings.
func loadScenarios(_ paths: [String], language: LanguageOption, headers: HeadersOption) -> [Result<Scenario, any Error>] {
  Runner.load(paths).map { result in
    result.map { scenario -> Scenario in
      var scenario = scenario
      headers.apply(&scenario.policy)
      if let chosen = language.language { scenario.policy.language = chosen }
      return scenario
    }
  }
}

/// The language of the messages quotaplan prints: `--language` when given, else the language of
/// the scenario that was read, else Chinese.
final class Messages: @unchecked Sendable {
  static let shared = Messages()
  private let lock = NSLock()
  private var _chosen: Language?
  private var _scenario: Language?

  var chosen: Language? {
    get { lock.withLock { _chosen } }
    set { lock.withLock { _chosen = newValue } }
  }

  var scenario: Language? {
    get { lock.withLock { _scenario } }
    set { lock.withLock { _scenario = newValue } }
  }

  var language: Language { lock.withLock { _chosen ?? _scenario ?? .zh } }
}

/// The text in the language of messages.
func t(_ zh: String, _ en: String) -> String {
  Messages.shared.language == .zh ? zh : en
}

/// Any error as the planner reads it, in the language of messages.
func sentence(_ error: any Error) -> String {
  sentence(of: error, Messages.shared.language)
}

extension Language: ExpressibleByArgument {}
