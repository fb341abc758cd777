/// A hard rule broken by a plan, or a goal it does not fully meet, as a sentence.
public struct Violation: Sendable, Equatable, Codable, CustomStringConvertible {
  public var rule: RuleID
  public var message: String

  public init(_ rule: RuleID, _ message: String) {
    self.rule = rule
    self.message = message
  }

  public var description: String { "\(rule.rawValue) \(rule.title(.en)): \(message)" }
}

/// Ratios as planners write them: 12.3%.
func percent(_ value: Double, digits: Int = 1) -> String {
  guard value.isFinite else { return "–" }
  let scale = pow10(digits)
  return "\(Double((value * 100 * scale).rounded()) / scale)%"
}

private func pow10(_ digits: Int) -> Double { (0..<digits).reduce(1.0) { acc, _ in acc * 10 } }

/// `floor(ratio × count)` robust to binary fractions (0.57 × 100 is 56.999…).
func floorOf(_ ratio: Double, _ count: Int) -> Int {
  Int((ratio * Double(count) + 1e-9).rounded(.down))
}

/// `ceil(ratio × count)` robust to binary fractions.
func ceilOf(_ ratio: Double, _ count: Int) -> Int {
  Int((ratio * Double(count) - 1e-9).rounded(.up))
}
