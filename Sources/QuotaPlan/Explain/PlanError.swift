import GLPK

/// A hard-rule conflict, in the planner's words and numbers.
public struct Conflict: Sendable, Equatable, CustomStringConvertible {
  /// The rules that cannot all hold together.
  public var rules: [RuleID]
  /// The conflict in English.
  public var message: String
  /// The conflict in Chinese; nil where not translated (English is shown).
  public var messageZH: String?

  public init(_ rules: [RuleID], _ message: String) {
    self.rules = rules
    self.message = message
  }

  /// A conflict in both languages.
  public init(_ rules: [RuleID], zh: String, en: String) {
    self.init(rules, en)
    self.messageZH = zh
  }

  public var description: String { "\(rules.map(\.rawValue).joined(separator: " vs ")): \(message)" }

  /// The conflict in `language`, each rule named: "R4（初中团青比上限）与 R10（不少于上年指标比例）：……".
  public func sentence(_ language: Language) -> String {
    let names = rules.map { $0.tag(language) }.joined(separator: language == .zh ? "与" : " vs ")
    return "\(names)\(language == .zh ? "：" : ": ")\(language.pick(zh: messageZH, en: message))"
  }
}

/// Why no plan came out.
public enum PlanError: BilingualError, Sendable, CustomStringConvertible {
  /// The hard rules cannot all hold.
  case conflicts([Conflict])
  /// The solver failed for a reason that is not the planner's data.
  case solver(group: String, GLPKError)
  /// The nearest plan of conflicting rules was not computed (its model would be too large).
  case nearestPlanNotComputed(String)

  public var description: String {
    switch self {
    case .conflicts(let conflicts):
      return "The hard rules cannot all hold:\n" + conflicts.map { "  - \($0)" }.joined(separator: "\n")
    case .solver(let group, let error):
      return "The solver failed on \(group): \(error)"
    case .nearestPlanNotComputed(let why):
      return "the nearest plan was not computed: \(why)"
    }
  }

  public func sentence(_ language: Language) -> String {
    guard language == .zh else {
      if case .conflicts(let conflicts) = self {
        return "The hard rules cannot all hold:\n" + conflicts.map { "  - \($0.sentence(.en))" }.joined(separator: "\n")
      }
      return description
    }
    switch self {
    case .conflicts(let conflicts):
      return "硬性规则无法同时满足：\n" + conflicts.map { "  - \($0.sentence(.zh))" }.joined(separator: "\n")
    case .solver(let group, .timeLimitReached(let seconds, let level, _)):
      return "求解器在“\(group)”上用完了 \(GLPKError.number(seconds)) 秒的时间上限，尚未找到任何方案（停在 \(level)）。请提高上限（情景设置 solver_time_limit 或 --time-limit），或简化情景。"
    case .solver(let group, let error):
      return "求解器在“\(group)”上失败：\(error)"
    case .nearestPlanNotComputed(let why):
      return "未计算最近方案：\(why)"
    }
  }
}
