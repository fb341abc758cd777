import ArgumentParser
import Foundation
import QuotaPlan

/// Loads a scenario, turning bad input into its sentence and exit code 65. `language` and
/// `headers` override the scenario's settings; from here on messages are in its language.
func loadScenario(_ path: String, language: LanguageOption? = nil, headers: HeadersOption? = nil) throws -> Scenario {
  do {
    var scenario = try ScenarioLoader.load(path)
    headers?.apply(&scenario.policy)
    if let language { language.apply(&scenario.policy) } else { Messages.shared.scenario = scenario.policy.language }
    return scenario
  } catch let error as InputError {
    printError(sentence(error))
    throw Exit.badInput
  }
}

/// Runs `body`, turning bad input (exit 65), conflicting rules (exit 3) and solver failures
/// (exit 70) into their sentence on standard error, in the language of messages.
func reportingFailures<T>(_ body: () throws -> T) throws -> T {
  do {
    return try body()
  } catch let error as InputError {
    printError(sentence(error))
    throw Exit.badInput
  } catch let error as PlanError {
    printError(sentence(error))
    if case .conflicts = error { throw Exit.conflict }
    throw Exit.solverFailed
  }
}

// MARK: - Output folders: the one place every command checks and writes them

/// Checks the folders a command will write, before it loads or solves anything (see
/// `OutputFolder`): a folder that may not be replaced is refused with a sentence naming it and
/// exit code 73, and nothing is touched. `inputs` are the files and folders the command reads.
func checkedOutputs(_ folders: [(path: String, kind: OutputFolder.Kind)], inputs: [String]) throws -> [OutputFolder.Target] {
  do {
    return try OutputFolder.check(folders, inputs: inputs)
  } catch let failure as OutputFolder.Failure {
    throw exit(failure)
  }
}

func checkedOutput(_ path: String, kind: OutputFolder.Kind, inputs: [String]) throws -> OutputFolder.Target {
  try checkedOutputs([(path, kind)], inputs: inputs)[0]
}

/// A folder that holds other output folders (`run --out`): created when missing, nothing in it
/// replaced.
func checkedParent(_ path: String) throws -> URL {
  do {
    return try OutputFolder.checkParent(path)
  } catch let failure as OutputFolder.Failure {
    throw exit(failure)
  }
}

/// The default folder for a scenario's output under `out/`: its display name made safe as one
/// folder name (the scenario folder's own name when nothing safe remains), plus `suffix`.
func defaultOutput(_ scenario: Scenario, path: String, suffix: String = "") -> String {
  "out/" + OutputFolder.safeName(scenario.name, fallback: OutputFolder.folderName(ofScenario: path)) + suffix
}

/// Writes a checked folder all or nothing. A failure is a sentence naming the folder and exit
/// 73 (it could not be created or replaced) or 74 (writing a file failed).
func writeFolder(_ files: [(name: String, data: Data)], to target: OutputFolder.Target) throws {
  try writingFolder(target) { try OutputFolder.write(files, to: target) }
}

/// Runs a write into a checked folder, turning its failure into a sentence and exit 73 or 74.
func writingFolder<T>(_ target: OutputFolder.Target, _ body: () throws -> T) throws -> T {
  do {
    return try body()
  } catch let failure as OutputFolder.Failure {
    throw exit(failure)
  }
}

private func exit(_ failure: OutputFolder.Failure) -> ExitCode {
  printError(sentence(failure))
  return ExitCode(failure.exitCode)
}
