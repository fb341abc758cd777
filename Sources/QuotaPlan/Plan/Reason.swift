/// Why a unit received its number: the rule or goal that set it, and one sentence.
public struct Reason: Sendable, Equatable, Codable {
  /// What kind of reason this is, for machines and summaries.
  public enum Kind: String, Sendable, Codable {
    case notEligible = "not_eligible"
    case strictControl = "strict_control"
    case alreadyAboveCap = "already_above_cap"
    case capReached = "cap_reached"
    case previousYearFloor = "previous_year_floor"
    case closedDoor = "closed_door"
    case coverage
    case balance
    case socialShare = "social_share"
    case noStudents = "no_students"
  }

  public var kind: Kind
  public var rule: RuleID
  public var text: String

  public init(_ kind: Kind, _ rule: RuleID, _ text: String) {
    self.kind = kind
    self.rule = rule
    self.text = text
  }
}
