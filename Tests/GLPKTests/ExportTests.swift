import Foundation
import GLPK
import Testing

/// GLPK's terminal output is captured, and models can be written as LP and MPS files.
@Suite("Log and export")
struct ExportTests {
  /// A fresh directory under the system's temporary directory, removed by the caller.
  static func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("GLPKTests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  @Test("The log is a String, empty before any solve, and solving with echo off works")
  func logIsCaptured() throws {
    let problem = try Fixtures.transportation()
    #expect(problem.log == "")
    let solution = try problem.solve(SolverOptions(echoSolverOutput: false))
    #expect(close(solution.objective, 125))
    // GLPK runs at message level "errors only", so a clean solve leaves no error text;
    // whatever it says is kept in `log` instead of being printed.
    let log: String = problem.log
    #expect(!log.contains("Error"), "\(log)")
  }

  @Test("Solving with echo on also works and still fills the log", arguments: [false, true])
  func echoSetting(_ echo: Bool) throws {
    let problem = try Fixtures.knapsack(integer: true)
    let solution = try problem.solve(SolverOptions(echoSolverOutput: echo))
    #expect(close(solution.objective, 21))
    #expect(!problem.log.contains("Error"), "\(problem.log)")
  }

  @Test("The log is replaced on each solve, also after a failed one")
  func logAfterFailure() throws {
    let problem = Problem(name: "half")
    try problem.addColumns([.init(name: "x", lower: 0, upper: 10, kind: .integer, objective: 1)])
    try problem.addRows([.init(name: "twice", lower: 1, upper: 1, columns: [0], values: [2])])
    #expect(throws: GLPKError.infeasible) { try problem.solve() }
    let afterFailure = problem.log
    #expect(throws: GLPKError.infeasible) { try problem.solve() }
    #expect(problem.log == afterFailure)
  }

  @Test("writeLP and writeMPS produce files that name the columns and rows")
  func writeFiles() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let problem = try Fixtures.transportation()
    let lp = directory.appendingPathComponent("transport.lp").path
    let mps = directory.appendingPathComponent("transport.mps").path
    try problem.writeLP(to: lp)
    try problem.writeMPS(to: mps)
    for path in [lp, mps] {
      let text = try String(contentsOfFile: path, encoding: .utf8)
      for s in 1...2 {
        for d in 1...3 { #expect(text.contains("ship_s\(s)_d\(d)"), "\(path) lacks ship_s\(s)_d\(d)") }
        #expect(text.contains("supply_s\(s)"), "\(path) lacks supply_s\(s)")
      }
      #expect(text.contains("demand_d3"), "\(path) lacks demand_d3")
    }
    // Writing leaves the problem solvable with the same answer.
    let solution = try problem.solve()
    #expect(close(solution.objective, 125))
    #expect(close(solution.columnValues, Fixtures.transportationAnswer()))
  }

  @Test("Integer columns and bounds show up in the written LP file")
  func writeIntegerModel() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let problem = try Fixtures.fractionalRelaxation(integer: true)
    let path = directory.appendingPathComponent("fractional.lp").path
    try problem.writeLP(to: path)
    let text = try String(contentsOfFile: path, encoding: .utf8)
    #expect(text.localizedCaseInsensitiveContains("maximize"))
    #expect(text.localizedCaseInsensitiveContains("general"))
    #expect(text.contains("r1"))
    #expect(text.contains("24"))
  }

  @Test("Writing into a missing directory throws writeFailed with the path")
  func writeFailure() throws {
    let problem = try Fixtures.wyndor()
    let missing = FileManager.default.temporaryDirectory
      .appendingPathComponent("GLPKTests-missing-\(UUID().uuidString)/model").path
    #expect(throws: GLPKError.writeFailed(path: missing + ".lp")) { try problem.writeLP(to: missing + ".lp") }
    #expect(throws: GLPKError.writeFailed(path: missing + ".mps")) { try problem.writeMPS(to: missing + ".mps") }
    #expect(close(try problem.solve().objective, 36))
  }

  /// GLPK stops the process on a name over 255 bytes or with a control character; the
  /// layer hands GLPK a shortened, cleaned name instead.
  @Test("Long names, control characters and non-ASCII names neither crash GLPK nor stop writing")
  func awkwardNames() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let long = String(repeating: "扬州市", count: 40)  // 360 bytes of UTF-8
    let problem = Problem(name: String(repeating: "p", count: 400), direction: .maximize)
    try problem.addColumns([
      .init(name: long, upper: 1, objective: 1),
      .init(name: "tab\tand\nnewline", upper: 2, objective: 1),
      .init(name: "学校", upper: 3, objective: 1),
      .init(name: "", upper: 4, objective: 1),
    ])
    try problem.addRows([
      .init(name: long + "row", lower: -.infinity, upper: 100, columns: [0, 1, 2, 3], values: [1, 1, 1, 1]),
      .init(name: "bell\u{7}", lower: -.infinity, upper: 100, columns: [0], values: [1]),
    ])
    try problem.writeLP(to: directory.appendingPathComponent("names.lp").path)
    try problem.writeMPS(to: directory.appendingPathComponent("names.mps").path)
    let solution = try problem.solve()
    #expect(close(solution.objective, 10))
    let mps = try String(contentsOfFile: directory.appendingPathComponent("names.mps").path, encoding: .utf8)
    #expect(!mps.isEmpty)
  }
}
