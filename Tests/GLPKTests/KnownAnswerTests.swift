import GLPK
import Testing

/// A small problem with its optimum worked out by hand.
struct KnownAnswer: Sendable, CustomTestStringConvertible {
  let name: String
  let build: @Sendable () throws -> Problem
  let objective: Double
  let columns: [Double]
  /// Row activities, when the case checks them.
  var rows: [Double]? = nil

  var testDescription: String { name }
}

/// Tiny LPs and MILPs with known optimal objective and column values.
@Suite("Known answers")
struct KnownAnswerTests {
  static let cases: [KnownAnswer] = [
    KnownAnswer(
      name: "two-variable maximum (Wyndor)", build: { try Fixtures.wyndor() },
      objective: 36, columns: [2, 6], rows: [2, 12, 18]),
    KnownAnswer(
      name: "transportation with equality rows", build: { try Fixtures.transportation() },
      objective: 125, columns: Fixtures.transportationAnswer(), rows: [20, 30, 10, 25, 15]),
    KnownAnswer(
      name: "free, fixed and upper-bounded-only columns",
      build: {
        // min z + w - u  with x fixed at 5, z and w free, u ≤ 7 without a lower bound:
        // z ≥ |x - 3| = 2, w ≥ -4, u = 7, so the objective is 2 - 4 - 7 = -9.
        let problem = Problem(name: "free-fixed")
        try problem.addColumns([
          .init(name: "x", lower: 5, upper: 5),
          .init(name: "z", lower: -.infinity, upper: .infinity, objective: 1),
          .init(name: "w", lower: -.infinity, upper: .infinity, objective: 1),
          .init(name: "u", lower: -.infinity, upper: 7, objective: -1),
        ])
        try problem.addRows([
          .init(name: "above_plus", lower: -3, upper: .infinity, columns: [1, 0], values: [1, -1]),
          .init(name: "above_minus", lower: 3, upper: .infinity, columns: [1, 0], values: [1, 1]),
          .init(name: "floor_w", lower: -4, upper: .infinity, columns: [2], values: [1]),
        ])
        return problem
      },
      objective: -9, columns: [5, 2, -4, 7], rows: [-3, 7, -4]),
    KnownAnswer(
      name: "objective constant",
      build: {
        // min x + 2y + 10  s.t.  x + y ≥ 3,  x ≤ 2  →  x = 2, y = 1, objective 14.
        let problem = Problem(name: "constant")
        try problem.addColumns([.init(name: "x", upper: 2), .init(name: "y")])
        try problem.addRows([.init(name: "cover", lower: 3, upper: .infinity, columns: [0, 1], values: [1, 1])])
        try problem.setObjective([0: 1, 1: 2], constant: 10)
        return problem
      },
      objective: 14, columns: [2, 1], rows: [3]),
    KnownAnswer(
      name: "double-bounded (ranged) row",
      build: {
        // max x + y  s.t.  2 ≤ x - y ≤ 4 (ranged),  x ≤ 10  →  x = 10, y = 8, objective 18.
        let problem = Problem(name: "ranged", direction: .maximize)
        try problem.addColumns([.init(name: "x", upper: 10, objective: 1), .init(name: "y", objective: 1)])
        try problem.addRows([.init(name: "gap", lower: 2, upper: 4, columns: [0, 1], values: [1, -1])])
        return problem
      },
      objective: 18, columns: [10, 8], rows: [2]),
    KnownAnswer(
      name: "MILP with fractional relaxation", build: { try Fixtures.fractionalRelaxation(integer: true) },
      objective: 20, columns: [4, 0], rows: [24, 4]),
    KnownAnswer(
      name: "0-1 knapsack", build: { try Fixtures.knapsack(integer: true) },
      objective: 21, columns: [0, 1, 1, 1], rows: [14]),
    KnownAnswer(
      name: "general integers with negative bounds",
      build: {
        // min x + y  s.t.  3x + 2y ≥ -7.5,  x, y integer in [-5, 5]. The LP optimum is
        // y = -5, x = 5/6; with x + y = -4 the row needs x ≥ 0.5, so x = 1, y = -5 is the
        // only integer optimum, objective -4, row activity -7.
        let problem = Problem(name: "negative-ints")
        try problem.addColumns([
          .init(name: "x", lower: -5, upper: 5, kind: .integer, objective: 1),
          .init(name: "y", lower: -5, upper: 5, kind: .integer, objective: 1),
        ])
        try problem.addRows([.init(name: "r", lower: -7.5, upper: .infinity, columns: [0, 1], values: [3, 2])])
        return problem
      },
      objective: -4, columns: [1, -5], rows: [-7]),
  ]

  @Test("Optimal objective and column values", arguments: cases)
  func knownOptimum(_ known: KnownAnswer) throws {
    let problem = try known.build()
    let solution = try problem.solve()
    #expect(solution.status == .optimal)
    #expect(solution.isProvenOptimal)
    #expect(close(solution.objective, known.objective), "objective \(solution.objective), expected \(known.objective)")
    #expect(close(solution.columnValues, known.columns), "columns \(solution.columnValues), expected \(known.columns)")
    if let rows = known.rows {
      #expect(close(solution.rowValues, rows), "rows \(solution.rowValues), expected \(rows)")
    }
    #expect(solution.columnValues.count == problem.columnCount)
    #expect(solution.rowValues.count == problem.rowCount)
  }

  @Test("The LP relaxation of the MILPs is fractional, the MILP optimum is integral")
  func relaxationIsFractional() throws {
    let relaxed = try Fixtures.fractionalRelaxation(integer: false).solve()
    #expect(close(relaxed.objective, 21))
    #expect(close(relaxed.columnValues, [3, 1.5]))

    let knapsackRelaxed = try Fixtures.knapsack(integer: false).solve()
    #expect(close(knapsackRelaxed.objective, 22))
    #expect(close(knapsackRelaxed.columnValues, [1, 1, 0.5, 0]))

    let integral = try Fixtures.fractionalRelaxation(integer: true).solve()
    for value in integral.columnValues { #expect(value == value.rounded()) }
  }

  @Test("Changing the direction flips the optimum")
  func setDirection() throws {
    // min and max of x + y over 1 ≤ x + 2y ≤ 4, x, y ≥ 0: min 0.5 (y = 0.5), max 4 (x = 4).
    let problem = Problem(name: "direction", direction: .maximize)
    try problem.addColumns([.init(name: "x", objective: 1), .init(name: "y", objective: 1)])
    try problem.addRows([.init(name: "r", lower: 1, upper: 4, columns: [0, 1], values: [1, 2])])
    let maximum = try problem.solve()
    #expect(close(maximum.objective, 4))
    #expect(close(maximum.columnValues, [4, 0]))
    problem.setDirection(.minimize)
    let minimum = try problem.solve()
    #expect(close(minimum.objective, 0.5))
    #expect(close(minimum.columnValues, [0, 0.5]))
  }

  @Test("setObjective replaces every coefficient; missing ones become 0")
  func setObjectiveReplaces() throws {
    let problem = try Fixtures.wyndor()
    // Only y counts now (x's 3 is dropped): max 5y → y = 6, objective 30 + 1.5 = 31.5.
    try problem.setObjective([1: 5], constant: 1.5)
    let solution = try problem.solve()
    #expect(close(solution.objective, 31.5))
    #expect(close(solution.columnValues[1], 6))
  }

  @Test("A zero coefficient in a row is accepted and leaves the row unchanged")
  func zeroCoefficient() throws {
    let problem = Problem(name: "zero", direction: .maximize)
    try problem.addColumns([.init(name: "x", upper: 3, objective: 1), .init(name: "y", upper: 3, objective: 1)])
    try problem.addRows([.init(name: "r", lower: -.infinity, upper: 4, columns: [0, 1], values: [1, 0])])
    let solution = try problem.solve()
    #expect(close(solution.objective, 6))
    #expect(close(solution.rowValues, [3]))
  }

  @Test("Rows and columns added in several batches keep their 0-based indices")
  func batches() throws {
    let problem = Problem(name: "batches", direction: .maximize)
    #expect(try problem.addColumns([.init(name: "x", objective: 3)]) == 0)
    #expect(try problem.addColumns([.init(name: "y", objective: 5)]) == 1)
    #expect(try problem.addColumns([]) == 2)
    #expect(try problem.addRows([.init(name: "plant1", lower: -.infinity, upper: 4, columns: [0], values: [1])]) == 0)
    #expect(
      try problem.addRows([
        .init(name: "plant2", lower: -.infinity, upper: 12, columns: [1], values: [2]),
        .init(name: "plant3", lower: -.infinity, upper: 18, columns: [0, 1], values: [3, 2]),
      ]) == 1)
    #expect(try problem.addRows([]) == 3)
    #expect(problem.columnCount == 2)
    #expect(problem.rowCount == 3)
    let solution = try problem.solve()
    #expect(close(solution.objective, 36))
    #expect(close(solution.columnValues, [2, 6]))
  }

  @Test("A problem with columns but no rows is solved from the bounds alone")
  func noRows() throws {
    let problem = Problem(name: "bounds-only", direction: .maximize)
    try problem.addColumns([
      .init(name: "x", lower: 0, upper: 3, kind: .integer, objective: 1),
      .init(name: "y", lower: -2, upper: 2.5, objective: -1),
    ])
    let solution = try problem.solve()
    #expect(close(solution.objective, 5))
    #expect(close(solution.columnValues, [3, -2]))
    #expect(solution.rowValues.isEmpty)
  }

  @Test("An empty problem solves to the objective constant")
  func emptyProblem() throws {
    let problem = Problem()
    try problem.setObjective([:], constant: 7)
    let solution = try problem.solve()
    #expect(solution.status == .optimal)
    #expect(close(solution.objective, 7))
    #expect(solution.columnValues.isEmpty)
  }

  @Test("A MIP gap still returns the optimum on a tiny problem; a negative gap counts as 0")
  func mipGap() throws {
    for gap in [0.0, 0.05, -0.1] {
      let solution = try Fixtures.knapsack(integer: true).solve(SolverOptions(mipGap: gap))
      #expect(solution.isProvenOptimal, "gap \(gap)")
      #expect(close(solution.objective, 21), "gap \(gap)")
    }
  }
}
