import CGLPK

/// How GLPK should solve: limits and whether its own messages reach the terminal.
public struct SolverOptions: Sendable, Equatable {
  /// Wall-clock limit for one solve, in seconds; `nil` means no limit.
  public var timeLimit: Double?
  /// Relative gap at which branch-and-bound may stop (GLPK's `mip_gap`); `nil` or a
  /// negative gap means 0.
  public var mipGap: Double?
  /// When true GLPK's messages go to the terminal as well as to the captured log.
  public var echoSolverOutput: Bool
  /// When true GLPK reports its progress (GLPK's normal message level) into the log, for
  /// `solve --solver-log`; otherwise only its errors reach the log.
  public var keepLog: Bool

  public init(timeLimit: Double? = nil, mipGap: Double? = nil, echoSolverOutput: Bool = false, keepLog: Bool = false) {
    self.timeLimit = timeLimit
    self.mipGap = mipGap
    self.echoSolverOutput = echoSolverOutput
    self.keepLog = keepLog
  }

  /// GLPK's message level: its normal progress when a log is kept or echoed, else errors only.
  var messageLevel: Int32 { keepLog || echoSolverOutput ? GLP_MSG_ON : GLP_MSG_ERR }
}
