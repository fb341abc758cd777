import Foundation
import GLPK
import Testing

/// Absolute tolerance for comparing solver values with known answers.
let tolerance = 1e-6

/// True when `a` and `b` agree within `tolerance` (scaled for large magnitudes).
func close(_ a: Double, _ b: Double) -> Bool {
  abs(a - b) <= tolerance * max(1, abs(a), abs(b))
}

/// True when every value agrees with the expected one.
func close(_ a: [Double], _ b: [Double]) -> Bool {
  a.count == b.count && zip(a, b).allSatisfy { close($0, $1) }
}

/// A description that reads as one sentence: non-empty, capitalised, ending with '.'.
func isSentence(_ text: String) -> Bool {
  guard let first = text.first, let last = text.last else { return false }
  return first.isUppercase && last == "."
}

/// A fixed 64-bit linear congruential generator (Knuth's MMIX constants), so that "random"
/// instances are the same on every run and every platform.
struct LCG {
  var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next(in range: ClosedRange<Int>) -> Int {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return range.lowerBound + Int((state >> 33) % UInt64(range.count))
  }
}

/// Small problems with answers worked out by hand.
enum Fixtures {
  /// max 3x + 5y  s.t.  x ≤ 4,  2y ≤ 12,  3x + 2y ≤ 18,  x, y ≥ 0.
  /// Optimum x = 2, y = 6, objective 36 (the classic Wyndor Glass example).
  static func wyndor() throws -> Problem {
    let problem = Problem(name: "wyndor", direction: .maximize)
    try problem.addColumns([
      .init(name: "x", objective: 3),
      .init(name: "y", objective: 5),
    ])
    try problem.addRows([
      .init(name: "plant1", lower: -.infinity, upper: 4, columns: [0], values: [1]),
      .init(name: "plant2", lower: -.infinity, upper: 12, columns: [1], values: [2]),
      .init(name: "plant3", lower: -.infinity, upper: 18, columns: [0, 1], values: [3, 2]),
    ])
    return problem
  }

  /// Two sources (supplies 20, 30) and three sinks (demands 10, 25, 15), every amount
  /// multiplied by `scale`; costs s1 → (2, 4, 5), s2 → (3, 1, 7); all rows are equalities.
  ///
  /// The optimum ships s1→d1 5, s1→d3 15, s2→d1 5, s2→d2 25 at cost 125 (times `scale`).
  /// It is unique: with duals u = (0, 1), v = (2, 0, 5) the non-basic reduced costs are
  /// 4 (s1→d2) and 1 (s2→d3), both positive.
  static func transportation(scale: Double = 1) throws -> Problem {
    let problem = Problem(name: "transport", direction: .minimize)
    let costs: [[Double]] = [[2, 4, 5], [3, 1, 7]]
    let supply: [Double] = [20, 30]
    let demand: [Double] = [10, 25, 15]
    var columns: [Problem.Column] = []
    for s in 0..<2 {
      for d in 0..<3 { columns.append(.init(name: "ship_s\(s + 1)_d\(d + 1)", objective: costs[s][d])) }
    }
    try problem.addColumns(columns)
    var rows: [Problem.Row] = []
    for s in 0..<2 {
      let amount = supply[s] * scale
      rows.append(
        .init(name: "supply_s\(s + 1)", lower: amount, upper: amount, columns: (0..<3).map { s * 3 + $0 },
              values: [1, 1, 1]))
    }
    for d in 0..<3 {
      let amount = demand[d] * scale
      rows.append(
        .init(name: "demand_d\(d + 1)", lower: amount, upper: amount, columns: [d, 3 + d], values: [1, 1]))
    }
    try problem.addRows(rows)
    return problem
  }

  /// The transportation optimum's shipments, in column order, times `scale`.
  static func transportationAnswer(scale: Double = 1) -> [Double] {
    [5, 0, 15, 5, 25, 0].map { $0 * scale }
  }

  /// max 5x + 4y  s.t.  6x + 4y ≤ 24,  x + 2y ≤ 6,  x, y ≥ 0 (integer when `integer`).
  /// LP relaxation: x = 3, y = 1.5, objective 21. Integer optimum: x = 4, y = 0, objective 20.
  static func fractionalRelaxation(integer: Bool) throws -> Problem {
    let kind: Problem.ColumnKind = integer ? .integer : .continuous
    let problem = Problem(name: "fractional", direction: .maximize)
    try problem.addColumns([
      .init(name: "x", kind: kind, objective: 5),
      .init(name: "y", kind: kind, objective: 4),
    ])
    try problem.addRows([
      .init(name: "r1", lower: -.infinity, upper: 24, columns: [0, 1], values: [6, 4]),
      .init(name: "r2", lower: -.infinity, upper: 6, columns: [0, 1], values: [1, 2]),
    ])
    return problem
  }

  /// 0-1 knapsack: max 8a + 11b + 6c + 4d  s.t.  5a + 7b + 4c + 3d ≤ 14.
  /// LP relaxation 22 (a = b = 1, c = 0.5); integer optimum 21 with a = 0, b = c = d = 1.
  static func knapsack(integer: Bool) throws -> Problem {
    let kind: Problem.ColumnKind = integer ? .integer : .continuous
    let problem = Problem(name: "knapsack", direction: .maximize)
    let profit: [Double] = [8, 11, 6, 4]
    try problem.addColumns(
      profit.enumerated().map { .init(name: "item\($0.offset)", lower: 0, upper: 1, kind: kind, objective: $0.element) })
    try problem.addRows([.init(name: "weight", lower: -.infinity, upper: 14, columns: [0, 1, 2, 3], values: [5, 7, 4, 3])])
    return problem
  }

  /// A 0-1 multi-dimensional knapsack with `items` columns and `constraints` rows, weights
  /// drawn from a fixed LCG in 10…1000, each capacity half the row's weight sum, and
  /// profits correlated with the weights. With 100 items and 5 rows GLPK's branch-and-bound
  /// (no cuts, no presolve) runs for far more than 20 s on it, so a 0.2 s limit always bites.
  static func multiKnapsack(items: Int = 100, constraints: Int = 5, seed: UInt64 = 42) throws -> Problem {
    var random = LCG(seed: seed)
    var weights = [[Double]](repeating: [], count: constraints)
    var rows: [Problem.Row] = []
    for i in 0..<constraints {
      weights[i] = (0..<items).map { _ in Double(random.next(in: 10...1000)) }
      let capacity = (weights[i].reduce(0, +) / 2).rounded(.towardZero)
      rows.append(.init(name: "dim\(i)", lower: -.infinity, upper: capacity, columns: Array(0..<items), values: weights[i]))
    }
    var columns: [Problem.Column] = []
    for j in 0..<items {
      let mean = ((0..<constraints).map { weights[$0][j] }.reduce(0, +) / Double(constraints)).rounded(.towardZero)
      let profit = mean + Double(random.next(in: 0...100))
      columns.append(.init(name: "item\(j)", lower: 0, upper: 1, kind: .integer, objective: profit))
    }
    let problem = Problem(name: "mkp", direction: .maximize)
    try problem.addColumns(columns)
    try problem.addRows(rows)
    return problem
  }
}

/// A lock-protected box for collecting results from several threads.
final class Collected<Value: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private var storage: Value

  init(_ value: Value) { storage = value }

  func update(_ body: (inout Value) -> Void) { lock.withLock { body(&storage) } }

  var value: Value { lock.withLock { storage } }
}
