/// The engine's own checks of a policy (the ones `scenario.yaml` gets), for callers that hold a
/// `Policy` rather than a file: the workspace's settings form.
public enum PolicyCheck {
  /// One step of a setting's path, as `scenario.yaml` spells it (`caps`, `0`, `ratio`).
  public enum Step: Sendable, Equatable {
    case key(String)
    case index(Int)
  }

  /// The first problem of a policy: the category (its index in `policy.categories`, nil for a
  /// city-wide setting), the setting's path inside it in the YAML's spelling, the rule it
  /// concerns, and the sentence (English, naming the setting and its value).
  public struct Problem: Error, Sendable, Equatable {
    public var category: Int?
    public var setting: [Step]
    public var message: String
    public var rule: RuleID?
    /// The sentence without the setting's name (`is 3.0; a ratio cap must lie between 0 and 1.`),
    /// for callers that name the setting their own way.
    public var reason: String
    /// The sentence in Chinese (`设置项 categories[0]（初中）.caps[0].ratio 为 3.0；……`).
    public var messageZH: String = ""
    /// The Chinese sentence without the setting's name (`为 3.0；团青比上限须在 0 到 1 之间。`).
    public var reasonZH: String = ""
  }

  /// The first problem `scenario.yaml` would report for this policy, or nil when it passes.
  public static func problem(in policy: Policy) -> Problem? {
    let found = Found()
    let naming = PolicyValidation.Place.file("settings", policy: policy).name
    let place = PolicyValidation.Place(
      name: naming,
      error: { category, setting, bilingual, rule in
        let message = bilingual.en
        let name = naming(category, setting, .en)
        let reason = message.hasPrefix(name + " ") ? String(message.dropFirst(name.count + 1)) : message
        let nameZH = "设置项 " + naming(category, setting, .zh) + " "
        let reasonZH = bilingual.zh.hasPrefix(nameZH) ? String(bilingual.zh.dropFirst(nameZH.count)) : bilingual.zh
        found.problem = Problem(
          category: category,
          setting: setting.map { step in
            switch step {
            case .key(let key): return .key(key)
            case .index(let index): return .index(index)
            }
          }, message: message, rule: rule, reason: reason, messageZH: bilingual.zh, reasonZH: reasonZH)
        return InputError(file: "settings", rule: rule, zh: bilingual.zh, en: message)
      })
    do {
      try PolicyValidation.check(policy, place: place)
      return nil
    } catch {
      return found.problem
        ?? Problem(
          category: nil, setting: [], message: String(describing: error), rule: nil, reason: String(describing: error),
          messageZH: sentence(of: error, .zh), reasonZH: sentence(of: error, .zh))
    }
  }

  /// Holds the problem the validation reported (its closures cannot return it otherwise).
  private final class Found: @unchecked Sendable {
    var problem: Problem?
  }
}
