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
      Every command takes --language zh|en for what it prints and writes for
      people (default: the scenario's `language`; Chinese before a scenario is
      read). Commands that write CSV or Excel files take --headers zh|en for
      their column headers and sheet names: zh gives 区县, 学校, 名额 …; en gives
      district, school, quota …, the stable machine keys (default: the
      scenario's `headers`, else the output language).

      Exit codes (the same for every command):
        0   done: the plan (or comparison, sweep, models, scenario, register,
            tracking) is written
        1   an unexpected internal error (a bug: please report it)
        3   the hard rules conflict (the message names them; solve writes the
            nearest plan to DIR-breaks-rules), or a refine pin breaks a rule; run:
            a scenario without `expect: conflict` ends in a conflict
        4   compare: a --fail-if gate tripped, or --fail-on-paradox found one;
            run: a scenario with `expect: conflict` got a plan
        64  wrong command-line use (unknown option or KPI, missing argument, a value
            out of range, explain: no such school or unit, export: no such level,
            serve|users|backup: the workspace program is not built)
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
      do {
        try command.run()
      } catch let error as ValidationError {
        // Found while running (a grade, a KPI's category, a level): the sentence alone, since
        // the root's usage line would not be the command's.
        FileHandle.standardError.write(Data(("quotaplan: " + terminalSafe(error.message) + "\n").utf8))
        Foundation.exit(ExitCode.validationFailure.rawValue)
      }
    } catch let error as any BilingualError {
      // A library error that reached the top: its sentence in the language of messages.
      FileHandle.standardError.write(Data(("quotaplan: " + terminalSafe(sentence(error)) + "\n").utf8))
      Foundation.exit(bilingualExitCode(error))
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
  /// compare: a gate tripped; run: a scenario expected to conflict got a plan.
  static let expectationFailed = ExitCode(4)
  static let badInput = ExitCode(65)
  static let solverFailed = ExitCode(70)
}

/// The exit code of a library error that no command turned into one itself.
func bilingualExitCode(_ error: any BilingualError) -> Int32 {
  switch error {
  case let failure as OutputFolder.Failure: return failure.exitCode
  case let plan as PlanError:
    if case .conflicts = plan { return Exit.conflict.rawValue }
    return Exit.solverFailed.rawValue
  case is InputError: return Exit.badInput.rawValue
  default: return ExitCode.validationFailure.rawValue
  }
}
