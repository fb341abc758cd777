/// A solver-neutral linear model with lexicographic objectives (JuMP's split of modelling
/// from solving): the builder speaks in units, caps and goals; a backend turns it into
/// solver calls, and exporting falls out of the same description.
public struct LinearModel: Sendable {
  public struct Variable: Sendable {
    public var name: String
    public var lower: Double
    public var upper: Double
    public var isInteger: Bool
  }

  /// `lower ≤ Σ value·variable ≤ upper`, tagged with the rule that asks for it.
  public struct Constraint: Sendable {
    public var name: String
    public var rule: RuleID?
    public var variables: [Int]
    public var values: [Double]
    public var lower: Double
    public var upper: Double
  }

  /// One level of the lexicographic objective, minimised after the levels before it are fixed
  /// at their optimum.
  public struct Level: Sendable {
    /// The goal's id (G1, G2, G3), or `broken`/`violation` for the nearest plan's first levels.
    public var name: String
    public var coefficients: [Int: Double]
  }

  public private(set) var variables: [Variable] = []
  public private(set) var constraints: [Constraint] = []
  public var levels: [Level] = []

  public init() {}

  /// Adds a variable and returns its index.
  @discardableResult
  public mutating func addVariable(_ name: String, lower: Double = 0, upper: Double = .infinity, integer: Bool = false) -> Int {
    variables.append(Variable(name: name, lower: lower, upper: upper, isInteger: integer))
    return variables.count - 1
  }

  /// Adds `lower ≤ Σ terms ≤ upper`.
  public mutating func addConstraint(
    _ name: String, rule: RuleID?, _ terms: [(Int, Double)], lower: Double = -.infinity, upper: Double = .infinity
  ) {
    constraints.append(
      Constraint(name: name, rule: rule, variables: terms.map(\.0), values: terms.map(\.1), lower: lower, upper: upper))
  }

  /// Appends `other`'s variables (names prefixed) and constraints; returns the index its first
  /// variable got, so callers can shift `other`'s level coefficients.
  @discardableResult
  public mutating func append(_ other: LinearModel, prefix: String) -> Int {
    let offset = variables.count
    for variable in other.variables {
      variables.append(Variable(name: prefix + variable.name, lower: variable.lower, upper: variable.upper, isInteger: variable.isInteger))
    }
    for constraint in other.constraints {
      var shifted = constraint
      shifted.name = prefix + constraint.name
      shifted.variables = constraint.variables.map { $0 + offset }
      constraints.append(shifted)
    }
    return offset
  }
}
