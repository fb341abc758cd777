/// A hard rule broken by a plan, or a goal it does not fully meet, as a sentence.
public struct Violation: Sendable, Equatable, Codable, CustomStringConvertible {
  public var rule: RuleID
  /// The sentence in English.
  public var message: String
  /// The sentence in Chinese; nil where not translated (English is shown).
  public var messageZH: String?

  public init(_ rule: RuleID, _ message: String) {
    self.rule = rule
    self.message = message
  }

  /// A violation in both languages.
  public init(_ rule: RuleID, zh: String, en: String) {
    self.init(rule, en)
    self.messageZH = zh
  }

  public var description: String { "\(rule.rawValue) \(rule.title(.en)): \(message)" }

  /// The sentence alone in `language`, without the rule.
  public func text(_ language: Language) -> String { language.pick(zh: messageZH, en: message) }

  /// The rule and the sentence in `language`: "R5 高一高二团青比上限：……" (English as `description`).
  public func sentence(_ language: Language) -> String {
    language == .zh ? "\(rule.rawValue) \(rule.title(.zh))：\(text(.zh))" : description
  }
}

extension Conflict {
  /// The conflict a broken rule is, in both languages, optionally prefixed by where it is
  /// (a plan group's name: "初中: …" / "初中：…").
  public init(_ violation: Violation, in place: String? = nil) {
    let en = place.map { "\($0): \(violation.message)" } ?? violation.message
    let zh = place.map { "\($0)：\(violation.text(.zh))" } ?? violation.text(.zh)
    self.init([violation.rule], zh: zh, en: en)
  }
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
