import ArgumentParser
import Foundation
import QuotaPlan

/// Writes a folder of outputs all or nothing, turning a failure into a sentence and exit 1.
func writeFolder(_ files: [(name: String, data: Data)], to folder: URL) throws {
  do {
    try AtomicFolder.write(files, to: folder)
  } catch {
    printError("Could not write \(folder.path): \(error.localizedDescription) Nothing was changed there.")
    throw ExitCode.failure
  }
}
