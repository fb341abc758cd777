import ArgumentParser
import Foundation
import QuotaPlan

/// The quotaplan command line.
@main
struct QuotaplanCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "quotaplan",
    abstract: "Plan the yearly quota of new League members: every number with its reason.",
    discussion: """
      Exit codes:
        0   done: the plan (or comparison, sweep, models, scenario) is written
        3   the hard rules conflict (the message names them; solve writes the
            nearest plan to DIR-breaks-rules), or a refine pin breaks a rule
        4   compare: a --fail-if gate tripped, or --fail-on-paradox found one
        64  wrong command-line use (unknown option, missing argument,
            explain: no such school)
        65  the input is wrong (the message names file, row and column)
        70  the solver failed
        73  the output folder may not be replaced or cannot be made: quotaplan
            replaces only an empty folder or one it wrote (marked by a
            .quotaplan file), never /, the current folder or one holding it,
            an input, a file or a folder of other files; checked before any work
        74  writing the output failed (disk full, I/O error, file too large);
            the previous folder is left as it was
      """,
    version: QuotaPlanVersion.current,
    subcommands: [Solve.self, Explain.self, Run.self, Compare.self, SweepCommand.self, Refine.self, Combine.self, Export.self, Generate.self, Track.self],
    defaultSubcommand: Solve.self)

  /// ArgumentParser's own main, with its messages (usage errors, uncaught errors) made safe for
  /// the terminal like every other line quotaplan prints.
  static func main() {
    WorkspaceForward.runIfWorkspaceCommand()
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      let code = exitCode(for: error)
      let message = fullMessage(for: error)
      if !message.isEmpty {
        let text = Data((terminalSafe(message) + "\n").utf8)
        if code == .success { FileHandle.standardOutput.write(text) } else { FileHandle.standardError.write(text) }
      }
      Foundation.exit(code.rawValue)
    }
  }
}

/// Exit codes shared by the subcommands.
enum Exit {
  static let conflict = ExitCode(3)
  static let badInput = ExitCode(65)
  static let solverFailed = ExitCode(70)
}
