/// How GLPK should solve: limits and whether its own messages reach the terminal.
public struct SolverOptions: Sendable, Equatable {
  /// Wall-clock limit for one solve, in seconds; `nil` means no limit.
  public var timeLimit: Double?
  /// Relative gap at which branch-and-bound may stop (GLPK's `mip_gap`); `nil` or a
  /// negative gap means 0.
  public var mipGap: Double?
  /// When true GLPK's messages go to the terminal as well as to the captured log.
  public var echoSolverOutput: Bool

  public init(timeLimit: Double? = nil, mipGap: Double? = nil, echoSolverOutput: Bool = false) {
    self.timeLimit = timeLimit
    self.mipGap = mipGap
    self.echoSolverOutput = echoSolverOutput
  }
}
