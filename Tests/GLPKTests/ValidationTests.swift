import GLPK
import Testing

/// One invalid call and the error it must throw.
struct InvalidInput: Sendable, CustomTestStringConvertible {
  let name: String
  let expected: GLPKError
  /// Makes the invalid call on a fresh problem with columns x, y (y integer) and row r.
  let call: @Sendable (Problem) throws -> Void

  var testDescription: String { name }
}

/// Input checks that run in Swift before anything reaches GLPK.
@Suite("Validation")
struct ValidationTests {
  /// Columns x (continuous, objective 1) and y (integer in [0, 10]), and row r: x + y ≥ 1.
  static func base() throws -> Problem {
    let problem = Problem(name: "base")
    try problem.addColumns([
      .init(name: "x", objective: 1),
      .init(name: "y", lower: 0, upper: 10, kind: .integer, objective: 2),
    ])
    try problem.addRows([.init(name: "r", lower: 1, upper: .infinity, columns: [0, 1], values: [1, 1])])
    return problem
  }

  static let cases: [InvalidInput] = [
    InvalidInput(
      name: "NaN objective coefficient", expected: .notFinite(what: "The objective coefficient of column c", value: .nan),
      call: { try $0.addColumns([.init(name: "c", objective: .nan)]) }),
    InvalidInput(
      name: "infinite objective coefficient",
      expected: .notFinite(what: "The objective coefficient of column c", value: .infinity),
      call: { try $0.addColumns([.init(name: "c", objective: .infinity)]) }),
    InvalidInput(
      name: "-∞ objective coefficient via setObjective",
      expected: .notFinite(what: "The objective coefficient of column x", value: -.infinity),
      call: { try $0.setObjective([0: -.infinity]) }),
    InvalidInput(
      name: "NaN objective constant", expected: .notFinite(what: "The objective constant", value: .nan),
      call: { try $0.setObjective([0: 1], constant: .nan) }),
    InvalidInput(
      name: "NaN lower bound of a column", expected: .notFinite(what: "The lower bound of column c", value: .nan),
      call: { try $0.addColumns([.init(name: "c", lower: .nan)]) }),
    InvalidInput(
      name: "NaN upper bound of a column", expected: .notFinite(what: "The upper bound of column c", value: .nan),
      call: { try $0.addColumns([.init(name: "c", upper: .nan)]) }),
    InvalidInput(
      name: "+∞ lower bound of a column", expected: .notFinite(what: "The lower bound of column c", value: .infinity),
      call: { try $0.addColumns([.init(name: "c", lower: .infinity)]) }),
    InvalidInput(
      name: "-∞ upper bound of a column", expected: .notFinite(what: "The upper bound of column c", value: -.infinity),
      call: { try $0.addColumns([.init(name: "c", lower: -.infinity, upper: -.infinity)]) }),
    InvalidInput(
      name: "NaN bound of a row", expected: .notFinite(what: "The lower bound of row s", value: .nan),
      call: { try $0.addRows([.init(name: "s", lower: .nan, upper: 1, columns: [0], values: [1])]) }),
    InvalidInput(
      name: "NaN row coefficient",
      expected: .notFinite(what: "The coefficient of column 1 in row s", value: .nan),
      call: { try $0.addRows([.init(name: "s", lower: 0, upper: 1, columns: [0, 1], values: [1, .nan])]) }),
    InvalidInput(
      name: "infinite row coefficient",
      expected: .notFinite(what: "The coefficient of column 0 in row s", value: .infinity),
      call: { try $0.addRows([.init(name: "s", lower: 0, upper: 1, columns: [0], values: [.infinity])]) }),
    InvalidInput(
      name: "NaN bound in setRowBounds", expected: .notFinite(what: "The upper bound of row r", value: .nan),
      call: { try $0.setRowBounds(0, lower: 0, upper: .nan) }),
    InvalidInput(
      name: "column lower above upper", expected: .crossedBounds(what: "Column c", lower: 2, upper: 1),
      call: { try $0.addColumns([.init(name: "c", lower: 2, upper: 1)]) }),
    InvalidInput(
      name: "row lower above upper", expected: .crossedBounds(what: "Row s", lower: 5, upper: 4),
      call: { try $0.addRows([.init(name: "s", lower: 5, upper: 4, columns: [0], values: [1])]) }),
    InvalidInput(
      name: "crossed bounds in setRowBounds", expected: .crossedBounds(what: "Row r", lower: 3, upper: -3),
      call: { try $0.setRowBounds(0, lower: 3, upper: -3) }),
    InvalidInput(
      name: "crossed bounds in setColumnBounds", expected: .crossedBounds(what: "Column x", lower: 1, upper: 0),
      call: { try $0.setColumnBounds(0, lower: 1, upper: 0) }),
    InvalidInput(
      name: "row column index past the end", expected: .columnIndexOutOfRange(row: "s", index: 2, columnCount: 2),
      call: { try $0.addRows([.init(name: "s", lower: 0, upper: 1, columns: [0, 2], values: [1, 1])]) }),
    InvalidInput(
      name: "negative row column index", expected: .columnIndexOutOfRange(row: "s", index: -1, columnCount: 2),
      call: { try $0.addRows([.init(name: "s", lower: 0, upper: 1, columns: [-1], values: [1])]) }),
    InvalidInput(
      name: "column repeated in a row", expected: .duplicateColumnInRow(row: "s", index: 1),
      call: { try $0.addRows([.init(name: "s", lower: 0, upper: 1, columns: [1, 0, 1], values: [1, 2, 3])]) }),
    InvalidInput(
      name: "fractional lower bound on a new integer column",
      expected: .fractionalIntegerBound(column: "n", value: 0.5),
      call: { try $0.addColumns([.init(name: "n", lower: 0.5, upper: 3, kind: .integer)]) }),
    InvalidInput(
      name: "fractional upper bound on a new integer column",
      expected: .fractionalIntegerBound(column: "n", value: 2.25),
      call: { try $0.addColumns([.init(name: "n", lower: 0, upper: 2.25, kind: .integer)]) }),
    InvalidInput(
      name: "fractional bound on an integer column in setColumnBounds",
      expected: .fractionalIntegerBound(column: "y", value: 7.5),
      call: { try $0.setColumnBounds(1, lower: 0, upper: 7.5) }),
    InvalidInput(
      name: "setRowBounds on a missing row", expected: .noSuchRow(index: 1, rowCount: 1),
      call: { try $0.setRowBounds(1, lower: 0, upper: 1) }),
    InvalidInput(
      name: "setRowBounds on a negative row", expected: .noSuchRow(index: -1, rowCount: 1),
      call: { try $0.setRowBounds(-1, lower: 0, upper: 1) }),
    InvalidInput(
      name: "setColumnBounds on a missing column", expected: .noSuchColumn(index: 2, columnCount: 2),
      call: { try $0.setColumnBounds(2, lower: 0, upper: 1) }),
    InvalidInput(
      name: "setColumnBounds on a negative column", expected: .noSuchColumn(index: -3, columnCount: 2),
      call: { try $0.setColumnBounds(-3, lower: 0, upper: 1) }),
    InvalidInput(
      name: "setObjective on a missing column", expected: .noSuchColumn(index: 5, columnCount: 2),
      call: { try $0.setObjective([0: 1, 5: 1]) }),
  ]

  @Test("Invalid input throws the specific error", arguments: cases)
  func invalidInput(_ input: InvalidInput) throws {
    let problem = try Self.base()
    let error = #expect(throws: GLPKError.self) { try input.call(problem) }
    let got = try #require(error)
    // NaN ≠ NaN, so compare the NaN cases by their text.
    if case .notFinite(let what, let value) = input.expected, value.isNaN {
      guard case .notFinite(let gotWhat, let gotValue) = got else {
        Issue.record("expected \(input.expected), got \(got)")
        return
      }
      #expect(gotWhat == what)
      #expect(gotValue.isNaN)
    } else {
      #expect(got == input.expected)
    }
    #expect(isSentence(got.description), "\(got.description)")
  }

  @Test("A rejected call leaves the problem unchanged and solvable", arguments: cases)
  func unchangedAfterRejection(_ input: InvalidInput) throws {
    let problem = try Self.base()
    #expect(throws: GLPKError.self) { try input.call(problem) }
    #expect(problem.columnCount == 2)
    #expect(problem.rowCount == 1)
    // min x + 2y s.t. x + y ≥ 1 → x = 1, y = 0.
    let solution = try problem.solve()
    #expect(close(solution.objective, 1))
    #expect(close(solution.columnValues, [1, 0]))
  }

  @Test("A row whose columns and values differ in count is rejected")
  func mismatchedCounts() throws {
    let problem = try Self.base()
    let lopsided: [([Int], [Double])] = [([0, 1], [1]), ([0], [1, 2]), ([], [1])]
    for (columns, values) in lopsided {
      let error = #expect(throws: GLPKError.self) {
        try problem.addRows([.init(name: "lopsided", lower: 0, upper: 1, columns: columns, values: values)])
      }
      guard case .unexpected(let why) = error else {
        Issue.record("expected .unexpected, got \(String(describing: error))")
        continue
      }
      #expect(why.contains("lopsided"))
      #expect(isSentence(error?.description ?? ""))
    }
    #expect(problem.rowCount == 1)
  }

  @Test("A batch with one bad entry adds nothing, not even its valid entries")
  func batchIsAllOrNothing() throws {
    let problem = try Self.base()
    #expect(throws: GLPKError.fractionalIntegerBound(column: "bad", value: 0.5)) {
      try problem.addColumns([.init(name: "good"), .init(name: "bad", lower: 0.5, kind: .integer)])
    }
    #expect(problem.columnCount == 2)
    #expect(throws: GLPKError.columnIndexOutOfRange(row: "bad", index: 9, columnCount: 2)) {
      try problem.addRows([
        .init(name: "good", lower: 0, upper: 1, columns: [0], values: [1]),
        .init(name: "bad", lower: 0, upper: 1, columns: [9], values: [1]),
      ])
    }
    #expect(problem.rowCount == 1)
    #expect(close(try problem.solve().objective, 1))
  }

  @Test("Integral bounds on integer columns, infinite bounds and zero-width bounds are accepted")
  func acceptedEdges() throws {
    let problem = Problem(name: "edges", direction: .maximize)
    try problem.addColumns([
      .init(name: "i", lower: -3, upper: 1e6, kind: .integer, objective: -1),
      .init(name: "f", lower: -.infinity, upper: 2, kind: .integer, objective: 1),
      .init(name: "k", lower: 4, upper: 4, objective: 1),
    ])
    try problem.setColumnBounds(0, lower: -2, upper: .infinity)
    try problem.setColumnBounds(1, lower: -.infinity, upper: 3)
    let solution = try problem.solve()
    #expect(close(solution.columnValues, [-2, 3, 4]))
    #expect(close(solution.objective, 9))
  }

  /// Every error case, for the sentence check.
  static let allErrors: [GLPKError] = [
    .columnIndexOutOfRange(row: "r", index: 3, columnCount: 2),
    .duplicateColumnInRow(row: "r", index: 1),
    .notFinite(what: "The lower bound of column x", value: .nan),
    .crossedBounds(what: "Column x", lower: 2, upper: 1),
    .fractionalIntegerBound(column: "x", value: 0.5),
    .noSuchColumn(index: 4, columnCount: 2),
    .noSuchRow(index: 4, rowCount: 2),
    .infeasible,
    .unbounded,
    .timeLimitWithoutSolution(seconds: 0.2),
    .iterationLimit,
    .numericalTrouble("the basis matrix is singular"),
    .unexpected("LP status 9 after the simplex method"),
    .internalFault("the simplex method"),
    .writeFailed(path: "/no/such/dir/model.lp"),
  ]

  @Test("Every error's description is one sentence", arguments: allErrors)
  func descriptionIsSentence(_ error: GLPKError) {
    #expect(!error.description.isEmpty)
    #expect(isSentence(error.description), "\(error.description)")
    #expect(String(describing: error) == error.description)
  }
}
