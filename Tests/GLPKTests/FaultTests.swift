import CGLPK
import Foundation
import Testing

@testable import GLPK

/// The last line of defence: a GLPK fatal error caught by the guards in `shim.h`.
///
/// No public input reaches GLPK's fatal-error path any more, so the test provokes one
/// directly through a guarded call on a dedicated thread (a caught fault frees every
/// GLPK object of its thread) and then advances the fault epoch as `Problem` does.
@Suite("Caught GLPK faults")
struct FaultTests {
  struct Observed: Sendable {
    var faultCode: Int32 = 0
    var solveError: GLPKError?
    var addColumnsError: GLPKError?
    var setRowBoundsError: GLPKError?
    var writeError: GLPKError?
    var freshObjective: Double?
  }

  @Test("After a caught fault, problems of that thread throw instead of touching freed memory")
  func faultFreesThreadProblems() throws {
    let observed = Collected(Observed())
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
      defer { done.signal() }
      do {
        let survivor = try Fixtures.wyndor()
        _ = try survivor.solve()
        // glp_load_matrix stops with a fatal error on a negative count; keep its message quiet.
        glp_term_hook({ _, _ in 1 }, nil)
        let code = qp_guarded_load_matrix(glp_create_prob(), -1, nil, nil, nil)
        FaultEpoch.advance()
        observed.update { $0.faultCode = code }

        survivor.setDirection(.minimize)  // must be a no-op, not a crash
        func error(_ body: () throws -> Void) -> GLPKError? {
          do { try body() } catch let error as GLPKError { return error } catch { return .unexpected("\(error)") }
          return nil
        }
        let solveError = error { _ = try survivor.solve() }
        let addColumnsError = error { try survivor.addColumns([.init(name: "z")]) }
        let setRowBoundsError = error { try survivor.setRowBounds(0, lower: 0, upper: 1) }
        let writeError = error { try survivor.writeLP(to: "/dev/null") }
        // A problem made after the fault works normally.
        let fresh = try Fixtures.transportation().solve().objective
        observed.update {
          $0.solveError = solveError
          $0.addColumnsError = addColumnsError
          $0.setRowBoundsError = setRowBoundsError
          $0.writeError = writeError
          $0.freshObjective = fresh
        }
        // `survivor` is released here: deinit must not free it a second time.
      } catch {
        observed.update { $0.solveError = .unexpected("setup failed: \(error)") }
      }
    }
    thread.start()
    #expect(done.wait(timeout: .now() + 30) == .success)
    let result = observed.value
    #expect(result.faultCode == QP_GLPK_FAULT)
    for error in [result.solveError, result.addColumnsError, result.setRowBoundsError, result.writeError] {
      guard case .internalFault = error else {
        Issue.record("expected internalFault, got \(String(describing: error))")
        continue
      }
      #expect(isSentence(error?.description ?? ""))
    }
    #expect(result.freshObjective.map { close($0, 125) } == true)
  }

  @Test("Names are cut to 255 bytes on a character boundary and control characters replaced")
  func glpkNames() {
    #expect(Problem.glpkName("plain") == "plain")
    #expect(Problem.glpkName("a\tb\nc\u{7F}d\u{85}") == "a_b_c_d_")
    let long = Problem.glpkName(String(repeating: "扬", count: 100))  // 300 bytes
    #expect(long.utf8.count == 255)
    #expect(long == String(repeating: "扬", count: 85))
    let ascii = Problem.glpkName(String(repeating: "x", count: 300))
    #expect(ascii.utf8.count == 255)
    #expect(Problem.glpkName("").isEmpty)
  }
}
