import GLPK

/// A hard-rule conflict, in the planner's words and numbers.
public struct Conflict: Sendable, Equatable, CustomStringConvertible {
  /// The rules that cannot all hold together.
  public var rules: [RuleID]
  public var message: String

  public init(_ rules: [RuleID], _ message: String) {
    self.rules = rules
    self.message = message
  }

  public var description: String { "\(rules.map(\.rawValue).joined(separator: " vs ")): \(message)" }
}

/// Why no plan came out.
public enum PlanError: Error, Sendable, CustomStringConvertible {
  /// The hard rules cannot all hold.
  case conflicts([Conflict])
  /// The solver failed for a reason that is not the planner's data.
  case solver(group: String, GLPKError)
  /// The nearest plan of conflicting rules was not computed (its model would be too large).
  case nearestPlanNotComputed(String)

  public var description: String {
    switch self {
    case .conflicts(let conflicts):
      return "The hard rules cannot all hold:\n" + conflicts.map { "  - \($0)" }.joined(separator: "\n")
    case .solver(let group, let error):
      return "The solver failed on \(group): \(error)"
    case .nearestPlanNotComputed(let why):
      return "the nearest plan was not computed: \(why)"
    }
  }
}
