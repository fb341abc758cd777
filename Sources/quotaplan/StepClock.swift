import Foundation

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
