import CGLPK

/// Collects GLPK's terminal output for one solve so it stays out of the user's way.
///
/// GLPK's state is thread-local, so the hook is installed and removed around each call on
/// the calling thread; the sink is passed to GLPK as the hook's `info` pointer.
final class TerminalCapture {
  private(set) var text = ""
  let echo: Bool

  init(echo: Bool) { self.echo = echo }

  /// Runs `body` with GLPK's terminal output redirected into this capture.
  func capturing<T>(_ body: () throws -> T) rethrows -> T {
    let info = Unmanaged.passUnretained(self).toOpaque()
    glp_term_hook(
      { info, message in
        guard let info, let message else { return 0 }
        let capture = Unmanaged<TerminalCapture>.fromOpaque(info).takeUnretainedValue()
        capture.text += String(cString: message)
        return capture.echo ? 0 : 1
      }, info)
    defer { glp_term_hook(nil, nil) }
    return try withExtendedLifetime(self) { try body() }
  }
}
