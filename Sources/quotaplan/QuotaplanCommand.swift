import ArgumentParser
import QuotaPlan

/// The quotaplan command line.
@main
struct QuotaplanCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "quotaplan",
    abstract: "Plan the yearly quota of new League members: every number with its reason.",
    discussion: """
      Exit codes:
        0   done (plan, comparison, sweep, models or scenario written)
        3   the hard rules conflict (the message names them; solve writes the nearest plan to DIR-breaks-rules)
            or a refine pin breaks a rule
        4   compare: a --fail-if gate tripped, or a paradox with --fail-on-paradox
        64  wrong command-line use (an unknown option, a missing argument, explain: no such school)
        65  the input is wrong (the message names file, row and column)
        70  the solver failed
        73  the output folder may not or cannot be made: quotaplan replaces only an empty folder or one it
            wrote (marked by a .quotaplan file), never the current folder or one holding it, an input,
            `/`, a file or a folder of other files; checked before any work
        74  writing the output failed (disk full, I/O error); the previous folder is left as it was
      """,
    version: QuotaPlanVersion.current,
    subcommands: [Solve.self, Explain.self, Run.self, Compare.self, SweepCommand.self, Refine.self, Combine.self, Export.self, Generate.self],
    defaultSubcommand: Solve.self)
}

/// Exit codes shared by the subcommands.
enum Exit {
  static let conflict = ExitCode(3)
  static let badInput = ExitCode(65)
  static let solverFailed = ExitCode(70)
}
