import Foundation
import Testing

@testable import QuotaPlan

/// `decimal` goes through a C shim for speed; it must give exactly what `String(format:)` gives.
@Suite struct FixedDecimalTests {
  @Test func sameBytesAsStringFormat() {
    var generator = SystemRandomNumberGenerator()
    var values: [Double] = [0, -0.0, 1, -1, 0.5, 0.00005, 0.00015, 0.12345, 0.99995, 1.0 / 3, 2.0 / 3, 123_456_789.125, 1e-300, 1e300]
    for numerator in 0...200 { for denominator in [3, 7, 40, 97, 400, 1_000] { values.append(Double(numerator) / Double(denominator)) } }
    for _ in 0..<2_000 { values.append(Double.random(in: -10...10, using: &generator)) }
    for value in values {
      for digits in [0, 1, 2, 4, 6] {
        #expect(decimal(value, digits) == String(format: "%.\(digits)f", value), "\(value) \(digits)")
      }
    }
    #expect(decimal(.nan) == String(format: "%.4f", Double.nan))
    #expect(decimal(.infinity) == String(format: "%.4f", Double.infinity))
  }
}
