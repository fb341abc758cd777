import ArgumentParser
import Foundation
import QuotaPlan

/// Loads a scenario, turning bad input into its sentence and exit code 65.
func loadScenario(_ path: String) throws -> Scenario {
  do {
    return try ScenarioLoader.load(path)
  } catch let error as InputError {
    printError(error.description)
    throw Exit.badInput
  }
}

/// Runs `body`, turning bad input (exit 65), conflicting rules (exit 3) and solver failures
/// (exit 70) into their sentence on standard error.
func reportingFailures<T>(_ body: () throws -> T) throws -> T {
  do {
    return try body()
  } catch let error as InputError {
    printError(error.description)
    throw Exit.badInput
  } catch let error as PlanError {
    printError(error.description)
    if case .conflicts = error { throw Exit.conflict }
    throw Exit.solverFailed
  }
}

/// Writes a folder of outputs all or nothing, turning a failure into a sentence and exit 1.
func writeFolder(_ files: [(name: String, data: Data)], to folder: URL) throws {
  do {
    try AtomicFolder.write(files, to: folder)
  } catch {
    printError("Could not write \(folder.path): \(error.localizedDescription) Nothing was changed there.")
    throw ExitCode.failure
  }
}
