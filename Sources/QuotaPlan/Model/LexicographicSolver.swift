import GLPK

/// What a lexicographic solve found: the values of the last level and each level's optimum.
public struct LexicographicResult: Sendable {
  public var values: [Double]
  /// Optimum of each level, in order.
  public var optima: [Double]
  /// False when a time limit stopped some level before optimality was proven.
  public var isProvenOptimal: Bool
  /// GLPK's messages, for a user who asks for them.
  public var log: String
}

/// Solves a `LinearModel` level by level on GLPK: each level's optimum is fixed (as a row
/// `objective ≤ optimum`) before the next level is minimised, so a lower goal can never buy its
/// gain with a loss on a higher one.
public enum LexicographicSolver {
  /// Objectives here take whole-number values at integer points; the fixing row allows only
  /// solver noise above the optimum.
  static let fixingTolerance = 1e-6

  ///
  /// The time limit in `options` is shared by all levels. When it runs out at a level after an
  /// earlier level found a plan, that plan is kept (not proven optimal) and the log says where
  /// the search stopped; before any plan, `GLPKError.timeLimitReached` names the level in words.
  public static func solve(_ model: LinearModel, options: SolverOptions = SolverOptions()) throws -> LexicographicResult {
    let problem = try makeProblem(model)
    var optima: [Double] = []
    var proven = true
    var log = ""
    var last: Solution?
    let clock = SolverClock(limit: options.timeLimit)
    let levels = model.levels.isEmpty ? [LinearModel.Level(name: "feasibility", coefficients: [:])] : model.levels
    for (index, level) in levels.enumerated() {
      let what = "level \(index + 1) of \(levels.count), \(words(level.name))"
      try problem.setObjective(level.coefficients)
      let solution: Solution
      do {
        var levelOptions = options
        levelOptions.timeLimit = try clock.left(level: what)
        solution = try problem.solve(levelOptions)
      } catch let error as GLPKError where error.isTimeLimit {
        log += problem.log
        let reached = GLPKError.timeLimitReached(
          seconds: options.timeLimit ?? 0, level: what, bestBound: problem.relaxationBound)
        guard let last else { throw reached }
        log += "\(reached) The plan of the levels before it is kept, not proven optimal.\n"
        return LexicographicResult(values: last.columnValues, optima: optima, isProvenOptimal: false, log: log)
      }
      log += problem.log
      if case .feasible = solution.status {
        log += "The time limit of \(GLPKError.number(options.timeLimit ?? 0)) s stopped \(what) at \(GLPKError.number(solution.objective))"
          + (problem.relaxationBound.map { " (best bound \(GLPKError.number($0)))" } ?? "") + ".\n"
      }
      proven = proven && solution.isProvenOptimal
      let optimum = solution.objective.rounded()
      optima.append(optimum)
      last = solution
      if index < levels.count - 1 {
        let terms = level.coefficients.sorted { $0.key < $1.key }
        try problem.addRows([
          Problem.Row(
            name: "fix_\(level.name)", lower: -.infinity, upper: optimum + fixingTolerance,
            columns: terms.map(\.key), values: terms.map(\.value))
        ])
      }
    }
    return LexicographicResult(values: last?.columnValues ?? [], optima: optima, isProvenOptimal: proven, log: log)
  }

  /// A level's name in words: "the number of broken rules", "G3 (balance)".
  static func words(_ name: String) -> String {
    switch name {
    case "broken": return "the number of broken rules"
    case "violation": return "the amount by which they are broken"
    case "feasibility": return "nothing (a feasible point)"
    default: return RuleID(rawValue: name).map { "\($0.rawValue) (\($0.title(.en)))" } ?? name
    }
  }

  /// The model as one GLPK problem (objective not yet set).
  public static func makeProblem(_ model: LinearModel) throws -> Problem {
    let problem = Problem(name: "quotaplan", direction: .minimize)
    try problem.addColumns(
      model.variables.map {
        Problem.Column(name: $0.name, lower: $0.lower, upper: $0.upper, kind: $0.isInteger ? .integer : .continuous)
      })
    try problem.addRows(
      model.constraints.map {
        Problem.Row(name: $0.name, lower: $0.lower, upper: $0.upper, columns: $0.variables, values: $0.values)
      })
    return problem
  }
}
