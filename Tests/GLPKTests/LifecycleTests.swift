import Dispatch
import Foundation
import GLPK
import Testing

/// Re-solving, threads, and the life and death of problem objects.
@Suite("Life cycle and threads")
struct LifecycleTests {
  @Test("Re-solving after setRowBounds gives the new optimum")
  func resolveAfterRowBound() throws {
    let problem = try Fixtures.wyndor()
    let first = try problem.solve()
    #expect(close(first.objective, 36))
    #expect(close(first.columnValues, [2, 6]))

    // 3x + 2y ≤ 12: now y = 6, x = 0 gives 30 (x = 4, y = 0 gives only 12).
    try problem.setRowBounds(2, lower: -.infinity, upper: 12)
    let second = try problem.solve()
    #expect(close(second.objective, 30))
    #expect(close(second.columnValues, [0, 6]))

    // Loosen plant 3 entirely: x = 4, y = 6, objective 42.
    try problem.setRowBounds(2, lower: -.infinity, upper: .infinity)
    let third = try problem.solve()
    #expect(close(third.objective, 42))
    #expect(close(third.columnValues, [4, 6]))

    // Back to the start.
    try problem.setRowBounds(2, lower: -.infinity, upper: 18)
    #expect(close(try problem.solve().objective, 36))
  }

  @Test("Re-solving a MILP after changing row and column bounds")
  func resolveMILP() throws {
    let problem = try Fixtures.knapsack(integer: true)
    #expect(close(try problem.solve().objective, 21))
    // Capacity 12: a + b (weight 12) gives 19, the best.
    try problem.setRowBounds(0, lower: -.infinity, upper: 12)
    let smaller = try problem.solve()
    #expect(close(smaller.objective, 19))
    #expect(close(smaller.columnValues, [1, 1, 0, 0]))
    // Forbid item b: a + c + d (weight 12) gives 18.
    try problem.setColumnBounds(1, lower: 0, upper: 0)
    let withoutB = try problem.solve()
    #expect(close(withoutB.objective, 18))
    #expect(close(withoutB.columnValues, [1, 0, 1, 1]))
    // Force item b back in and restore capacity 14: b + c + d again, 21.
    try problem.setColumnBounds(1, lower: 1, upper: 1)
    try problem.setRowBounds(0, lower: -.infinity, upper: 14)
    let forced = try problem.solve()
    #expect(close(forced.objective, 21))
    #expect(close(forced.columnValues, [0, 1, 1, 1]))
  }

  @Test("Rows added after a solve take part in the next solve")
  func addRowsAfterSolve() throws {
    let problem = try Fixtures.wyndor()
    #expect(close(try problem.solve().objective, 36))
    // x + y ≤ 5 cuts (2, 6) off; y earns more than x, so x = 0, y = 5: objective 25.
    try problem.addRows([.init(name: "cap", lower: -.infinity, upper: 5, columns: [0, 1], values: [1, 1])])
    let solution = try problem.solve()
    #expect(close(solution.objective, 25))
    #expect(close(solution.columnValues, [0, 5]))
    #expect(solution.rowValues.count == 4)
  }

  /// The expected answer of the problem solved on worker `k`.
  static func expectedObjective(_ k: Int) -> Double { 125 * Double(k + 1) }

  /// Builds and solves, on the calling thread, a transportation problem scaled by k + 1,
  /// followed by a small MILP; returns both objectives.
  static func solveOnThisThread(_ k: Int) -> Result<[Double], GLPKError> {
    do {
      let transport = try Fixtures.transportation(scale: Double(k + 1)).solve().objective
      let knapsack = try Fixtures.knapsack(integer: true).solve().objective
      return .success([transport, knapsack])
    } catch let error as GLPKError {
      return .failure(error)
    } catch {
      return .failure(.unexpected("\(error)"))
    }
  }

  @Test("Independent problems solved on 8 threads at once (concurrentPerform)")
  func concurrentPerform() throws {
    let results = Collected([Int: Result<[Double], GLPKError>]())
    DispatchQueue.concurrentPerform(iterations: 8) { k in
      var outcomes: [Result<[Double], GLPKError>] = []
      for _ in 0..<20 { outcomes.append(Self.solveOnThisThread(k)) }
      let first = outcomes.first { if case .failure = $0 { true } else { false } } ?? outcomes[0]
      results.update { $0[k] = first }
    }
    let collected = results.value
    #expect(collected.count == 8)
    for k in 0..<8 {
      let values = try #require(try collected[k]?.get())
      #expect(close(values[0], Self.expectedObjective(k)), "worker \(k): \(values[0])")
      #expect(close(values[1], 21), "worker \(k): \(values[1])")
    }
  }

  @Test("Independent problems solved in 8 tasks of a task group")
  func taskGroup() async throws {
    let results = await withTaskGroup(of: (Int, Result<[Double], GLPKError>).self) { group in
      for k in 0..<8 {
        // Each child creates, solves and frees its problems without suspending, so
        // everything GLPK does for it happens on one thread.
        group.addTask { (k, Self.solveOnThisThread(k)) }
      }
      var all: [Int: Result<[Double], GLPKError>] = [:]
      for await (k, result) in group { all[k] = result }
      return all
    }
    #expect(results.count == 8)
    for k in 0..<8 {
      let values = try #require(try results[k]?.get())
      #expect(close(values[0], Self.expectedObjective(k)), "task \(k): \(values[0])")
      #expect(close(values[1], 21), "task \(k): \(values[1])")
    }
  }

  @Test("Problems on plain threads, each solved while the others run")
  func plainThreads() throws {
    let results = Collected([Int: Result<[Double], GLPKError>]())
    let done = DispatchGroup()
    var threads: [Thread] = []
    for k in 0..<8 {
      done.enter()
      let thread = Thread {
        let outcomes = (0..<10).map { _ in Self.solveOnThisThread(k) }
        let first = outcomes.first { if case .failure = $0 { true } else { false } } ?? outcomes[0]
        results.update { $0[k] = first }
        done.leave()
      }
      threads.append(thread)
    }
    threads.forEach { $0.start() }
    #expect(done.wait(timeout: .now() + 60) == .success)
    for k in 0..<8 {
      let values = try #require(try results.value[k]?.get())
      #expect(close(values[0], Self.expectedObjective(k)))
      #expect(close(values[1], 21))
    }
  }

  @Test("A problem freed without being solved does not crash")
  func freeUnsolved() throws {
    do { _ = Problem() }
    do {
      let problem = Problem(name: "unsolved", direction: .maximize)
      problem.setDirection(.minimize)
    }
    do {
      // Columns and rows added, matrix not yet loaded into GLPK.
      _ = try Fixtures.transportation()
    }
    do {
      // A problem whose last call was rejected.
      let problem = try Fixtures.wyndor()
      #expect(throws: GLPKError.self) { try problem.setRowBounds(9, lower: 0, upper: 1) }
    }
    do {
      // A problem that was written but never solved.
      let problem = try Fixtures.wyndor()
      let path = FileManager.default.temporaryDirectory.appendingPathComponent("GLPKTests-\(UUID().uuidString).lp").path
      try problem.writeLP(to: path)
      try? FileManager.default.removeItem(atPath: path)
    }
    // Still healthy afterwards.
    #expect(close(try Fixtures.wyndor().solve().objective, 36))
  }

  @Test("1000 create/solve/free cycles")
  func manyCycles() throws {
    var outcomes = (optimal: 0, infeasible: 0)
    for k in 0..<1000 {
      switch k % 4 {
      case 0:
        #expect(close(try Fixtures.wyndor().solve().objective, 36))
        outcomes.optimal += 1
      case 1:
        #expect(close(try Fixtures.knapsack(integer: true).solve().objective, 21))
        outcomes.optimal += 1
      case 2:
        let problem = try Fixtures.transportation()
        try problem.setRowBounds(0, lower: 0, upper: 0)
        #expect(throws: GLPKError.infeasible) { try problem.solve() }
        outcomes.infeasible += 1
      default:
        // Freed unsolved.
        _ = try Fixtures.fractionalRelaxation(integer: true)
      }
    }
    #expect(outcomes.optimal == 500)
    #expect(outcomes.infeasible == 250)
  }
}
