/// The result of a solve: values of columns and rows, and whether optimality was proven.
public struct Solution: Sendable, Equatable {
  /// How sure the solver is of the result.
  public enum Status: Sendable, Equatable {
    /// Proven optimal (within the requested gap for a MIP).
    case optimal
    /// Feasible but not proven optimal: a limit stopped the search. The sentence says which.
    case feasible(reason: String)
  }

  public var status: Status
  /// Objective value of the solution.
  public var objective: Double
  /// Value of each column, 0-based, in the order the columns were added.
  public var columnValues: [Double]
  /// Activity (left-hand side) of each row, 0-based.
  public var rowValues: [Double]

  /// True when the solver proved the solution optimal.
  public var isProvenOptimal: Bool { status == .optimal }

  public init(status: Status, objective: Double, columnValues: [Double], rowValues: [Double]) {
    self.status = status
    self.objective = objective
    self.columnValues = columnValues
    self.rowValues = rowValues
  }
}
