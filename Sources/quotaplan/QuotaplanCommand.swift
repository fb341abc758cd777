import ArgumentParser

/// The quotaplan command line.
@main
struct QuotaplanCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "quotaplan",
    abstract: "Plan the yearly quota of new League members: every number with its reason.",
    discussion: """
      Exit codes: 0 plan written; 3 the hard rules conflict (the message names them);
      65 the input is wrong (the message names file, row and column); 70 the solver failed.
      """,
    version: "0.1.0",
    subcommands: [Solve.self, Explain.self, Run.self, Compare.self, SweepCommand.self, Refine.self, Combine.self, Export.self, Generate.self],
    defaultSubcommand: Solve.self)
}

/// Exit codes shared by the subcommands.
enum Exit {
  static let conflict = ExitCode(3)
  static let badInput = ExitCode(65)
  static let solverFailed = ExitCode(70)
}
