import CFixedDecimal
import Foundation

/// A ratio with four decimals (or `digits`), the same bytes on every run and machine: C's
/// `%.Nf`, as `String(format:)` gives it, but through `snprintf` directly, without building a
/// format string or a va_list per number (a nation's plan formats a million of them).
func decimal(_ value: Double, _ digits: Int = 4) -> String {
  withUnsafeTemporaryAllocation(of: CChar.self, capacity: 48) { buffer in
    let written = qp_fixed_decimal(buffer.baseAddress!, 48, value, Int32(clamping: digits))
    guard written >= 0, written < 48 else { return String(format: "%.\(digits)f", value) }
    return String(cString: buffer.baseAddress!)
  }
}
