import Foundation

/// A progress bar on standard error, shown only on a terminal and only once a run has taken
/// longer than a moment.
final class ProgressBar: @unchecked Sendable {
  private let start = Date()
  private let lock = NSLock()
  private let label: String
  private var shown = false
  private let enabled = isatty(STDERR_FILENO) == 1

  init(_ label: String) { self.label = label }

  func update(_ done: Int, _ total: Int) {
    lock.lock()
    defer { lock.unlock() }
    guard enabled, Date().timeIntervalSince(start) > 0.5 || shown else { return }
    shown = true
    let width = 30
    let filled = total > 0 ? width * done / total : width
    let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
    FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(done)/\(total)".utf8))
    if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
  }
}

/// Wall time per step, printed to standard error when asked (`solve --timings`).
struct StepClock {
  let enabled: Bool
  private var last = DispatchTime.now()

  init(enabled: Bool) { self.enabled = enabled }

  /// One file's build time, printed as it finishes (files are built in parallel).
  static let report: @Sendable (String, Double) -> Void = { name, milliseconds in
    FileHandle.standardError.write(Data(("  " + name.padding(toLength: max(22, name.count), withPad: " ", startingAt: 0) + String(format: "%9.1f ms\n", milliseconds)).utf8))
  }

  mutating func lap(_ step: String) {
    guard enabled else { return }
    let now = DispatchTime.now()
    let milliseconds = String(format: "%9.1f ms", Double(now.uptimeNanoseconds - last.uptimeNanoseconds) / 1e6)
    FileHandle.standardError.write(Data((step.padding(toLength: 24, withPad: " ", startingAt: 0) + milliseconds + "\n").utf8))
    last = now
  }
}

/// A value computed on another thread while the caller goes on; `value()` waits for it.
final class Background<Value: Sendable>: @unchecked Sendable {
  private let done = DispatchGroup()
  private var result: Result<Value, Error>?

  init(_ work: @escaping @Sendable () throws -> Value) {
    done.enter()
    DispatchQueue.global().async {
      self.result = Result { try work() }
      self.done.leave()
    }
  }

  func value() throws -> Value {
    done.wait()
    return try result!.get()
  }
}
