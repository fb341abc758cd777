/// How a plan group is solved.
public enum SolveMethod: String, Sendable, CaseIterable {
  /// The greedy over nested rows when the rows nest (exact, no solver), GLPK otherwise.
  case automatic
  /// Always GLPK's simplex and branch-and-bound on the model, for cross-checks and benchmarks.
  case glpk
}
