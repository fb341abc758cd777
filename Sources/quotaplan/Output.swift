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

/// Writes a folder of outputs all or nothing, turning a failure into a sentence and exit 1.
func writeFolder(_ files: [(name: String, data: Data)], to folder: URL) throws {
  do {
    try AtomicFolder.write(files, to: folder)
  } catch {
    printError("Could not write \(folder.path): \(error.localizedDescription) Nothing was changed there.")
    throw ExitCode.failure
  }
}
