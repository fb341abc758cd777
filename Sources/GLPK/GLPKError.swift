import Foundation

/// Everything that can go wrong between quotaplan and GLPK, each case with a sentence.
///
/// Input problems (bad indices, bounds, non-finite numbers) are caught in Swift before
/// they reach GLPK; solver outcomes (infeasible, unbounded, limits) are kept apart from
/// solver failures, as GLPK.jl does.
public enum GLPKError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A row refers to a column that does not exist.
  case columnIndexOutOfRange(row: String, index: Int, columnCount: Int)
  /// A row names the same column twice.
  case duplicateColumnInRow(row: String, index: Int)
  /// A bound, coefficient or objective value is NaN or infinite where it must be finite.
  case notFinite(what: String, value: Double)
  /// A lower bound lies above its upper bound.
  case crossedBounds(what: String, lower: Double, upper: Double)
  /// An integer column has a fractional bound.
  case fractionalIntegerBound(column: String, value: Double)
  /// A column index given to a setter or query does not exist.
  case noSuchColumn(index: Int, columnCount: Int)
  /// A row index given to a setter does not exist.
  case noSuchRow(index: Int, rowCount: Int)
  /// No point satisfies all the constraints.
  case infeasible
  /// The objective can improve without limit.
  case unbounded
  /// The time limit passed before any feasible point was found.
  case timeLimitWithoutSolution(seconds: Double)
  /// A time limit stopped a sequence of solves before any solution was found: `level` says, in
  /// words, what was being minimised; `bestBound` is the least value a solution could still
  /// have (the LP relaxation's optimum), when the simplex method got that far.
  case timeLimitReached(seconds: Double, level: String, bestBound: Double?)
  /// The simplex iteration limit passed before a solution was found.
  case iterationLimit
  /// GLPK stopped for a numerical reason (singular or ill-conditioned basis, instability).
  case numericalTrouble(String)
  /// GLPK returned a code or status that the layer does not expect.
  case unexpected(String)
  /// GLPK hit an internal error; the guard caught it instead of letting GLPK abort.
  case internalFault(String)
  /// Writing the model to a file failed.
  case writeFailed(path: String)

  public var description: String {
    switch self {
    case .columnIndexOutOfRange(let row, let index, let count):
      return "Row \(row) refers to column \(index), but the problem has \(count) columns."
    case .duplicateColumnInRow(let row, let index):
      return "Row \(row) names column \(index) more than once."
    case .notFinite(let what, let value):
      return "\(what) is \(value); it must be a finite number."
    case .crossedBounds(let what, let lower, let upper):
      return "\(what) has lower bound \(lower) above its upper bound \(upper)."
    case .fractionalIntegerBound(let column, let value):
      return "Integer column \(column) has the fractional bound \(value)."
    case .noSuchColumn(let index, let count):
      return "There is no column \(index); the problem has \(count) columns."
    case .noSuchRow(let index, let count):
      return "There is no row \(index); the problem has \(count) rows."
    case .infeasible:
      return "No solution satisfies all the constraints at once."
    case .unbounded:
      return "The objective can improve without limit; a bound is missing."
    case .timeLimitWithoutSolution(let seconds):
      return "The time limit of \(seconds) s passed before any feasible solution was found."
    case .timeLimitReached(let seconds, let level, let bound):
      let limit = Self.number(seconds)
      let boundText = bound.map { ", and no solution could do better than \(Self.number($0)) there (the best bound)" } ?? ""
      return "The time limit of \(limit) s was reached while minimising \(level), before any solution was found\(boundText). Raise the limit (solver_time_limit, or --time-limit) or simplify the scenario."
    case .iterationLimit:
      return "The simplex iteration limit passed before a solution was found."
    case .numericalTrouble(let why):
      return "GLPK ran into numerical trouble: \(why)."
    case .unexpected(let what):
      return "GLPK answered something unexpected: \(what)."
    case .internalFault(let what):
      return "GLPK failed internally during \(what); the error was caught and the solver reset."
    case .writeFailed(let path):
      return "Could not write the model to \(path)."
    }
  }

  /// A bound as people read it: whole numbers without a decimal point.
  public static func number(_ value: Double) -> String {
    let rounded = value.rounded()
    return abs(value - rounded) < 1e-6 && abs(rounded) < 1e15 ? String(Int(rounded)) : String(format: "%.3f", value)
  }
}
