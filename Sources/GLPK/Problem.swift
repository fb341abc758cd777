import CGLPK
import Foundation

/// One GLPK problem object, owned by this instance and freed when it goes away.
///
/// Every value is checked in Swift before it reaches GLPK, so GLPK's own fatal-error path
/// (which aborts the process) is never taken; the guarded calls in `shim.h` are a last
/// line of defence behind that. Indices are 0-based here; GLPK's 1-based arrays with a
/// dummy element 0 stay inside this file. A problem must stay on the thread that made it:
/// GLPK keeps its state per thread.
public final class Problem {
  /// Whether the objective is minimised or maximised.
  public enum Direction: Sendable { case minimize, maximize }

  /// Whether a column takes any value in its bounds or only integers.
  public enum ColumnKind: Sendable { case continuous, integer }

  /// A variable: bounds (`-.infinity`/`.infinity` for none), kind and objective coefficient.
  public struct Column: Sendable {
    public var name: String
    public var lower: Double
    public var upper: Double
    public var kind: ColumnKind
    public var objective: Double

    public init(
      name: String, lower: Double = 0, upper: Double = .infinity, kind: ColumnKind = .continuous,
      objective: Double = 0
    ) {
      self.name = name
      self.lower = lower
      self.upper = upper
      self.kind = kind
      self.objective = objective
    }
  }

  /// A constraint `lower ≤ Σ value·column ≤ upper` over 0-based column indices.
  public struct Row: Sendable {
    public var name: String
    public var lower: Double
    public var upper: Double
    public var columns: [Int]
    public var values: [Double]

    public init(name: String, lower: Double, upper: Double, columns: [Int], values: [Double]) {
      self.name = name
      self.lower = lower
      self.upper = upper
      self.columns = columns
      self.values = values
    }
  }

  private var pointer: OpaquePointer?
  private let epoch: Int
  private var columnNames: [String] = []
  private var columnKinds: [ColumnKind] = []
  private var rowNames: [String] = []
  private var pendingEntries: (rows: [Int32], columns: [Int32], values: [Double]) = ([0], [0], [0])
  private var matrixLoaded = true

  /// GLPK's messages from the last solve or write, for a user who asks for them.
  public private(set) var log = ""

  /// The optimum of the last solve's LP relaxation (nil before the simplex method finished):
  /// no integer solution can be better, so it is the best bound when branch-and-bound stops.
  public private(set) var relaxationBound: Double?

  public var columnCount: Int { columnNames.count }
  public var rowCount: Int { rowNames.count }

  /// Creates an empty problem.
  public init(name: String = "quotaplan", direction: Direction = .minimize) {
    epoch = FaultEpoch.current
    pointer = glp_create_prob()
    glp_set_prob_name(pointer, Self.glpkName(name))
    glp_set_obj_dir(pointer, direction == .minimize ? GLP_MIN : GLP_MAX)
  }

  deinit {
    // After a caught fault GLPK freed its whole environment, this problem included.
    if let pointer, epoch == FaultEpoch.current { glp_delete_prob(pointer) }
  }

  /// Sets whether the objective is minimised or maximised.
  public func setDirection(_ direction: Direction) {
    guard let pointer = try? live() else { return }
    glp_set_obj_dir(pointer, direction == .minimize ? GLP_MIN : GLP_MAX)
  }

  /// Appends columns; returns the 0-based index of the first one.
  @discardableResult
  public func addColumns(_ columns: [Column]) throws -> Int {
    for column in columns {
      try Self.checkBounds("Column \(column.name)", column.lower, column.upper)
      try Self.checkFinite("The objective coefficient of column \(column.name)", column.objective)
      if column.kind == .integer {
        for bound in [column.lower, column.upper] where bound.isFinite && bound.rounded() != bound {
          throw GLPKError.fractionalIntegerBound(column: column.name, value: bound)
        }
      }
    }
    let pointer = try live()
    let first = columnNames.count
    guard !columns.isEmpty else { return first }
    glp_add_cols(pointer, Int32(columns.count))
    for (offset, column) in columns.enumerated() {
      let j = Int32(first + offset + 1)
      glp_set_col_name(pointer, j, Self.glpkName(column.name))
      glp_set_col_kind(pointer, j, column.kind == .integer ? GLP_IV : GLP_CV)
      Self.applyBounds(column.lower, column.upper) { glp_set_col_bnds(pointer, j, $0, $1, $2) }
      glp_set_obj_coef(pointer, j, column.objective)
      columnNames.append(column.name)
      columnKinds.append(column.kind)
    }
    return first
  }

  /// Appends rows; returns the 0-based index of the first one. The matrix is loaded into
  /// GLPK in one bulk call before the next solve or write.
  @discardableResult
  public func addRows(_ rows: [Row]) throws -> Int {
    for row in rows {
      try Self.checkBounds("Row \(row.name)", row.lower, row.upper)
      guard row.columns.count == row.values.count else {
        throw GLPKError.unexpected("row \(row.name) has \(row.columns.count) columns but \(row.values.count) values")
      }
      var seen = Set<Int>()
      for (index, value) in zip(row.columns, row.values) {
        guard index >= 0, index < columnNames.count else {
          throw GLPKError.columnIndexOutOfRange(row: row.name, index: index, columnCount: columnNames.count)
        }
        guard seen.insert(index).inserted else {
          throw GLPKError.duplicateColumnInRow(row: row.name, index: index)
        }
        try Self.checkFinite("The coefficient of column \(index) in row \(row.name)", value)
      }
    }
    let pointer = try live()
    let first = rowNames.count
    guard !rows.isEmpty else { return first }
    glp_add_rows(pointer, Int32(rows.count))
    for (offset, row) in rows.enumerated() {
      let i = Int32(first + offset + 1)
      glp_set_row_name(pointer, i, Self.glpkName(row.name))
      Self.applyBounds(row.lower, row.upper) { glp_set_row_bnds(pointer, i, $0, $1, $2) }
      for (index, value) in zip(row.columns, row.values) where value != 0 {
        pendingEntries.rows.append(i)
        pendingEntries.columns.append(Int32(index + 1))
        pendingEntries.values.append(value)
      }
      rowNames.append(row.name)
    }
    matrixLoaded = false
    return first
  }

  /// Changes the bounds of an existing row.
  public func setRowBounds(_ index: Int, lower: Double, upper: Double) throws {
    guard index >= 0, index < rowNames.count else {
      throw GLPKError.noSuchRow(index: index, rowCount: rowNames.count)
    }
    try Self.checkBounds("Row \(rowNames[index])", lower, upper)
    let pointer = try live()
    Self.applyBounds(lower, upper) { glp_set_row_bnds(pointer, Int32(index + 1), $0, $1, $2) }
  }

  /// Changes the bounds of an existing column.
  public func setColumnBounds(_ index: Int, lower: Double, upper: Double) throws {
    guard index >= 0, index < columnNames.count else {
      throw GLPKError.noSuchColumn(index: index, columnCount: columnNames.count)
    }
    try Self.checkBounds("Column \(columnNames[index])", lower, upper)
    if columnKinds[index] == .integer {
      for bound in [lower, upper] where bound.isFinite && bound.rounded() != bound {
        throw GLPKError.fractionalIntegerBound(column: columnNames[index], value: bound)
      }
    }
    let pointer = try live()
    Self.applyBounds(lower, upper) { glp_set_col_bnds(pointer, Int32(index + 1), $0, $1, $2) }
  }

  /// Replaces the whole objective: one coefficient per column (missing ones are 0).
  public func setObjective(_ coefficients: [Int: Double], constant: Double = 0) throws {
    try Self.checkFinite("The objective constant", constant)
    for (index, value) in coefficients {
      guard index >= 0, index < columnNames.count else {
        throw GLPKError.noSuchColumn(index: index, columnCount: columnNames.count)
      }
      try Self.checkFinite("The objective coefficient of column \(columnNames[index])", value)
    }
    let pointer = try live()
    glp_set_obj_coef(pointer, 0, constant)
    for j in 0..<columnNames.count {
      glp_set_obj_coef(pointer, Int32(j + 1), coefficients[j] ?? 0)
    }
  }

  /// Solves the problem: the LP by the simplex method, then, when some column is integer,
  /// branch-and-bound from that LP basis. Throws a `GLPKError` for every outcome that is
  /// not a solution; returns a solution marked not proven when a limit stopped the search.
  public func solve(_ options: SolverOptions = SolverOptions()) throws -> Solution {
    if let limit = options.timeLimit { try Self.checkFinite("The time limit", limit) }
    if let gap = options.mipGap { try Self.checkFinite("The MIP gap", gap) }
    let pointer = try live()
    try loadMatrix()
    let capture = TerminalCapture(echo: options.echoSolverOutput)
    defer { log = capture.text }
    relaxationBound = nil
    let start = Date()
    let milliseconds = { (limit: Double) -> Int32 in
      let left = limit - Date().timeIntervalSince(start)
      return Int32(max(1, min(Double(Int32.max), (left * 1000).rounded(.up))))
    }

    var simplex = glp_smcp()
    glp_init_smcp(&simplex)
    simplex.msg_lev = options.messageLevel
    if let limit = options.timeLimit { simplex.tm_lim = milliseconds(limit) }
    let lpCode = capture.capturing { qp_guarded_simplex(pointer, &simplex) }
    try checkFault(lpCode, during: "the simplex method")
    if lpCode == GLP_ETMLIM { throw GLPKError.timeLimitWithoutSolution(seconds: options.timeLimit ?? 0) }
    try Self.throwForSimplexCode(lpCode)
    switch glp_get_status(pointer) {
    case GLP_OPT: relaxationBound = glp_get_obj_val(pointer)
    case GLP_NOFEAS, GLP_INFEAS: throw GLPKError.infeasible
    case GLP_UNBND: throw GLPKError.unbounded
    case let status: throw GLPKError.unexpected("LP status \(status) after the simplex method")
    }

    guard columnKinds.contains(.integer) else {
      return Solution(
        status: .optimal, objective: glp_get_obj_val(pointer),
        columnValues: (0..<columnCount).map { glp_get_col_prim(pointer, Int32($0 + 1)) },
        rowValues: (0..<rowCount).map { glp_get_row_prim(pointer, Int32($0 + 1)) })
    }

    var branching = glp_iocp()
    glp_init_iocp(&branching)
    branching.msg_lev = options.messageLevel
    if let limit = options.timeLimit { branching.tm_lim = milliseconds(limit) }
    // GLPK stops with a fatal error on a negative gap; a negative gap asks for no slack.
    if let gap = options.mipGap { branching.mip_gap = max(0, gap) }
    let mipCode = capture.capturing { qp_guarded_intopt(pointer, &branching) }
    try checkFault(mipCode, during: "branch-and-bound")
    var status = Solution.Status.optimal
    switch mipCode {
    case 0: break
    case GLP_ETMLIM: status = .feasible(reason: "the time limit of \(options.timeLimit ?? 0) s stopped the search")
    case GLP_EMIPGAP: status = .optimal
    case GLP_ENOPFS: throw GLPKError.infeasible
    case GLP_ENODFS: throw GLPKError.unbounded
    case GLP_EFAIL: throw GLPKError.numericalTrouble("branch-and-bound failed to solve a subproblem")
    default: throw GLPKError.unexpected("return code \(mipCode) from branch-and-bound")
    }
    switch glp_mip_status(pointer) {
    case GLP_OPT: break
    case GLP_FEAS:
      if status == .optimal, mipCode == 0 { status = .feasible(reason: "the search ended without proof") }
    case GLP_NOFEAS: throw GLPKError.infeasible
    case GLP_UNDEF:
      if mipCode == GLP_ETMLIM { throw GLPKError.timeLimitWithoutSolution(seconds: options.timeLimit ?? 0) }
      throw GLPKError.unexpected("no integer solution after branch-and-bound")
    case let other: throw GLPKError.unexpected("MIP status \(other)")
    }
    return Solution(
      status: status, objective: glp_mip_obj_val(pointer),
      columnValues: (0..<columnCount).map { glp_mip_col_val(pointer, Int32($0 + 1)) },
      rowValues: (0..<rowCount).map { glp_mip_row_val(pointer, Int32($0 + 1)) })
  }

  /// Writes the problem in CPLEX LP format.
  public func writeLP(to path: String) throws {
    let pointer = try live()
    try loadMatrix()
    let capture = TerminalCapture(echo: false)
    let code = capture.capturing { qp_guarded_write_lp(pointer, path) }
    try checkFault(code, during: "writing \(path)")
    if code != 0 { throw GLPKError.writeFailed(path: path) }
  }

  /// Writes the problem in free MPS format.
  public func writeMPS(to path: String) throws {
    let pointer = try live()
    try loadMatrix()
    let capture = TerminalCapture(echo: false)
    let code = capture.capturing { qp_guarded_write_mps(pointer, path) }
    try checkFault(code, during: "writing \(path)")
    if code != 0 { throw GLPKError.writeFailed(path: path) }
  }

  // MARK: - Private

  private func loadMatrix() throws {
    guard !matrixLoaded else { return }
    let pointer = try live()
    let count = Int32(pendingEntries.values.count - 1)
    let code = qp_guarded_load_matrix(
      pointer, count, pendingEntries.rows, pendingEntries.columns, pendingEntries.values)
    try checkFault(code, during: "loading the constraint matrix")
    matrixLoaded = true
  }

  /// The GLPK problem, or an error when a caught fault on this thread has freed it (GLPK
  /// frees every problem of the thread then, not just the one whose call failed).
  private func live() throws -> OpaquePointer {
    guard let pointer, epoch == FaultEpoch.current else {
      throw GLPKError.internalFault("an earlier call on this thread, which freed this problem")
    }
    return pointer
  }

  /// The name GLPK gets: GLPK stops with a fatal error on a name longer than 255 bytes or
  /// with a control character, so those are cut (on a character boundary) and replaced
  /// by `_`. Names only matter to GLPK in written files; the Swift side keeps them whole.
  static func glpkName(_ name: String) -> String {
    var result = String.UnicodeScalarView()
    var bytes = 0
    for scalar in name.unicodeScalars {
      let isControl = scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
      let kept: Unicode.Scalar = isControl ? "_" : scalar
      bytes += UTF8.width(kept)
      if bytes > 255 { break }
      result.append(kept)
    }
    return String(result)
  }

  private func checkFault(_ code: Int32, during what: String) throws {
    guard code == QP_GLPK_FAULT else { return }
    FaultEpoch.advance()
    pointer = nil
    throw GLPKError.internalFault(what)
  }

  private static func throwForSimplexCode(_ code: Int32) throws {
    switch code {
    case 0: return
    case GLP_EBADB: throw GLPKError.numericalTrouble("the initial basis is invalid")
    case GLP_ESING: throw GLPKError.numericalTrouble("the basis matrix is singular")
    case GLP_ECOND: throw GLPKError.numericalTrouble("the basis matrix is ill-conditioned")
    case GLP_EBOUND: throw GLPKError.unexpected("a double-bounded variable has crossed bounds")
    case GLP_EFAIL: throw GLPKError.numericalTrouble("the simplex method failed")
    case GLP_EITLIM: throw GLPKError.iterationLimit
    case GLP_ENOPFS: throw GLPKError.infeasible
    case GLP_ENODFS: throw GLPKError.unbounded
    default: throw GLPKError.unexpected("return code \(code) from the simplex method")
    }
  }

  private static func checkFinite(_ what: String, _ value: Double) throws {
    guard value.isFinite else { throw GLPKError.notFinite(what: what, value: value) }
  }

  private static func checkBounds(_ what: String, _ lower: Double, _ upper: Double) throws {
    if lower.isNaN || lower == .infinity { throw GLPKError.notFinite(what: "The lower bound of \(what.lowercasedFirst)", value: lower) }
    if upper.isNaN || upper == -.infinity { throw GLPKError.notFinite(what: "The upper bound of \(what.lowercasedFirst)", value: upper) }
    if lower > upper { throw GLPKError.crossedBounds(what: what, lower: lower, upper: upper) }
  }

  private static func applyBounds(_ lower: Double, _ upper: Double, _ set: (Int32, Double, Double) -> Void) {
    switch (lower.isFinite, upper.isFinite) {
    case (false, false): set(GLP_FR, 0, 0)
    case (true, false): set(GLP_LO, lower, 0)
    case (false, true): set(GLP_UP, 0, upper)
    case (true, true): set(lower == upper ? GLP_FX : GLP_DB, lower, upper)
    }
  }
}

extension String {
  fileprivate var lowercasedFirst: String { prefix(1).lowercased() + dropFirst() }
}
