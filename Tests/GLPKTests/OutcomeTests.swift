import Foundation
import GLPK
import Testing

/// A problem whose outcome is not a solution.
struct FailingProblem: Sendable, CustomTestStringConvertible {
  let name: String
  let build: @Sendable () throws -> Problem
  let expected: GLPKError

  var testDescription: String { name }
}

/// Solver outcomes that are not a proven optimum: infeasible, unbounded, stopped by a limit.
@Suite("Outcomes")
struct OutcomeTests {
  static let failing: [FailingProblem] = [
    FailingProblem(
      name: "infeasible LP (rows contradict)",
      build: {
        // x + y ≥ 5 and x + y ≤ 2.
        let problem = Problem(name: "contradict")
        try problem.addColumns([.init(name: "x", objective: 1), .init(name: "y", objective: 1)])
        try problem.addRows([
          .init(name: "atLeast", lower: 5, upper: .infinity, columns: [0, 1], values: [1, 1]),
          .init(name: "atMost", lower: -.infinity, upper: 2, columns: [0, 1], values: [1, 1]),
        ])
        return problem
      },
      expected: .infeasible),
    FailingProblem(
      name: "infeasible LP (row against column bounds)",
      build: {
        // x + y ≥ 5 with x, y ≤ 1, maximised so that the direction does not matter.
        let problem = Problem(name: "bounds", direction: .maximize)
        try problem.addColumns([.init(name: "x", upper: 1, objective: 1), .init(name: "y", upper: 1)])
        try problem.addRows([.init(name: "atLeast", lower: 5, upper: .infinity, columns: [0, 1], values: [1, 1])])
        return problem
      },
      expected: .infeasible),
    FailingProblem(
      name: "infeasible MILP with a feasible relaxation (2x = 1, x integer)",
      build: {
        let problem = Problem(name: "half")
        try problem.addColumns([.init(name: "x", lower: 0, upper: 10, kind: .integer, objective: 1)])
        try problem.addRows([.init(name: "twice", lower: 1, upper: 1, columns: [0], values: [2])])
        return problem
      },
      expected: .infeasible),
    FailingProblem(
      name: "infeasible MILP in two variables (parity)",
      build: {
        // 2x + 2y = 3 has no integer point, though its relaxation is a whole segment.
        let problem = Problem(name: "parity", direction: .maximize)
        try problem.addColumns([
          .init(name: "x", lower: 0, upper: 5, kind: .integer, objective: 1),
          .init(name: "y", lower: 0, upper: 5, kind: .integer, objective: 2),
        ])
        try problem.addRows([.init(name: "odd", lower: 3, upper: 3, columns: [0, 1], values: [2, 2])])
        return problem
      },
      expected: .infeasible),
    FailingProblem(
      name: "unbounded LP (maximise)",
      build: {
        // max x + y  s.t.  x - y ≤ 1.
        let problem = Problem(name: "up", direction: .maximize)
        try problem.addColumns([.init(name: "x", objective: 1), .init(name: "y", objective: 1)])
        try problem.addRows([.init(name: "r", lower: -.infinity, upper: 1, columns: [0, 1], values: [1, -1])])
        return problem
      },
      expected: .unbounded),
    FailingProblem(
      name: "unbounded LP (minimise a free column)",
      build: {
        // min z  s.t.  z - x ≤ 0,  x ≤ 3, z free: z can go to -∞.
        let problem = Problem(name: "down")
        try problem.addColumns([
          .init(name: "x", upper: 3),
          .init(name: "z", lower: -.infinity, upper: .infinity, objective: 1),
        ])
        try problem.addRows([.init(name: "r", lower: -.infinity, upper: 0, columns: [1, 0], values: [1, -1])])
        return problem
      },
      expected: .unbounded),
    FailingProblem(
      name: "unbounded MILP",
      build: {
        let problem = Problem(name: "up-int", direction: .maximize)
        try problem.addColumns([.init(name: "n", kind: .integer, objective: 1), .init(name: "m", kind: .integer)])
        try problem.addRows([.init(name: "r", lower: 1, upper: .infinity, columns: [0, 1], values: [1, 1])])
        return problem
      },
      expected: .unbounded),
  ]

  @Test("Infeasible and unbounded problems throw the matching error", arguments: failing)
  func failingOutcome(_ failing: FailingProblem) throws {
    let problem = try failing.build()
    let error = #expect(throws: GLPKError.self) { try problem.solve() }
    #expect(error == failing.expected)
    if let error { #expect(isSentence(error.description), "\(error.description)") }
  }

  @Test("An infeasible problem can be made feasible again by a new row bound")
  func infeasibleThenFeasible() throws {
    let problem = Problem(name: "repair")
    try problem.addColumns([.init(name: "x", objective: 1), .init(name: "y", objective: 2)])
    try problem.addRows([
      .init(name: "atLeast", lower: 5, upper: .infinity, columns: [0, 1], values: [1, 1]),
      .init(name: "atMost", lower: -.infinity, upper: 2, columns: [0, 1], values: [1, 1]),
    ])
    #expect(throws: GLPKError.infeasible) { try problem.solve() }
    try problem.setRowBounds(1, lower: -.infinity, upper: 9)
    let solution = try problem.solve()
    #expect(close(solution.objective, 5))
    #expect(close(solution.columnValues, [5, 0]))
  }

  /// GLPK runs for far longer than 20 s on this instance without a limit (checked by hand
  /// with the same instance in C: 100 items, 5 rows, not finished after 20 s, while 60
  /// items take about 8 s), so with 0.2 s the search is always cut short. The test accepts
  /// both outcomes of a cut-short search and nothing else.
  @Test("A time limit stops a hard MILP: unproven solution or timeLimitWithoutSolution")
  func timeLimit() throws {
    let problem = try Fixtures.multiKnapsack()
    #expect(problem.columnCount == 100)
    #expect(problem.rowCount == 5)
    let clock = ContinuousClock()
    let start = clock.now
    let outcome = Result { try problem.solve(SolverOptions(timeLimit: 0.2)) }
    let elapsed = clock.now - start
    #expect(elapsed < .seconds(2), "the solve took \(elapsed)")
    switch outcome {
    case .success(let solution):
      guard case .feasible(let reason) = solution.status else {
        Issue.record("the solve claims a proven optimum within 0.2 s: \(solution.objective)")
        return
      }
      #expect(!solution.isProvenOptimal)
      #expect(reason.contains("time limit"), "\(reason)")
      #expect(solution.columnValues.count == 100)
      // The unproven point is still integral and feasible.
      for value in solution.columnValues { #expect(value == 0 || value == 1, "\(value)") }
      #expect(solution.objective > 0)
    case .failure(let error):
      #expect(error as? GLPKError == .timeLimitWithoutSolution(seconds: 0.2), "\(error)")
    }
  }

  @Test("Without a limit that bites, a time limit still yields the proven optimum")
  func generousTimeLimit() throws {
    let solution = try Fixtures.knapsack(integer: true).solve(SolverOptions(timeLimit: 30))
    #expect(solution.status == .optimal)
    #expect(close(solution.objective, 21))
  }

  @Test("A non-finite time limit or MIP gap is rejected before GLPK runs")
  func badOptions() throws {
    let problem = try Fixtures.knapsack(integer: true)
    for limit in [Double.nan, .infinity] {
      let error = #expect(throws: GLPKError.self) { try problem.solve(SolverOptions(timeLimit: limit)) }
      guard case .notFinite(let what, _) = error else {
        Issue.record("expected notFinite, got \(String(describing: error))")
        continue
      }
      #expect(what == "The time limit")
    }
    let error = #expect(throws: GLPKError.self) { try problem.solve(SolverOptions(mipGap: .nan)) }
    guard case .notFinite(let what, _) = error else {
      Issue.record("expected notFinite, got \(String(describing: error))")
      return
    }
    #expect(what == "The MIP gap")
    // The problem is still usable.
    #expect(close(try problem.solve().objective, 21))
  }
}
