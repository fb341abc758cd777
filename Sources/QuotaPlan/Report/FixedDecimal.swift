import Foundation

/// A ratio with four decimals (or `digits`), the same bytes on every run and machine: C's
/// `%.Nf`, as `String(format:)` gives it, but through `snprintf` directly, without building a
/// CFString per number (a nation's plan formats a million of them).
func decimal(_ value: Double, _ digits: Int = 4) -> String {
  withUnsafeTemporaryAllocation(of: CChar.self, capacity: 48) { buffer in
    let written = withVaList([value]) { vsnprintf(buffer.baseAddress!, 48, "%.\(digits)f", $0) }
    guard written >= 0, written < 48 else { return String(format: "%.\(digits)f", value) }
    return String(cString: buffer.baseAddress!)
  }
}
