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
