import Foundation
import GLPK

/// One time budget shared by every GLPK solve of a plan group (its levels and its rounds of
/// balance segments), so that `solver_time_limit` bounds the group's wall time, not each call.
struct SolverClock {
  /// The budget in seconds; nil: no limit.
  let limit: Double?
  let start = Date()

  /// Seconds left (nil without a limit); throws `timeLimitReached` once none are left.
  func left(level: String = "the model", bound: Double? = nil) throws -> Double? {
    guard let limit else { return nil }
    let left = limit - Date().timeIntervalSince(start)
    guard left > 0.001 else { throw GLPKError.timeLimitReached(seconds: limit, level: level, bestBound: bound) }
    return left
  }
}

extension GLPKError {
  /// True for the outcomes of a time limit that found no plan.
  var isTimeLimit: Bool {
    switch self {
    case .timeLimitWithoutSolution, .timeLimitReached: return true
    default: return false
    }
  }
}
