/// Why a unit received its number: the rule or goal that set it, the figures that rule used,
/// and one sentence. The figures are enough to recompute the number without the solver.
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
    case pinned
    /// R12: the grade is full, `members + quota = students` (or more members than students already).
    case studentCapacity = "student_capacity"
  }

  /// R12's arithmetic: `quota = max(0, students − members)`.
  public struct CapacityFigures: Sendable, Equatable, Codable {
    public var students: Int
    public var members: Int
  }

  /// A county pin's arithmetic: `quota = value − othersInSchool` (others: the school's other
  /// grades when the pin is on the whole school).
  public struct PinFigures: Sendable, Equatable, Codable {
    public var value: Int
    public var othersInSchool: Int
    public var bounds: String
    public var note: String
  }

  /// A ratio cap's arithmetic: `members + othersInScope + quota = limit = floor(ratio × students)`.
  public struct CapFigures: Sendable, Equatable, Codable {
    public var rule: RuleID
    public var ratio: Double
    public var grades: [Int]
    public var students: Int
    public var members: Int
    public var limit: Int
    /// Quota of the cap's other grades in the same school.
    public var othersInScope: Int
  }

  /// A coverage target's arithmetic: `quota = target − members`, `target = max(perClass × classes, perGrade)`.
  /// When the total runs out before every target is met, `level` is where coverage stopped:
  /// the grade receives its members that come before it (as in balance), at most the target.
  public struct CoverageFigures: Sendable, Equatable, Codable {
    public var perClass: Int
    public var perGrade: Int
    public var classes: Int
    public var target: Int
    public var members: Int
    public var students: Int
    public var level: Level?
    public var order: Int
  }

  /// A previous-year floor's arithmetic: `least = ceil(fraction × lastYearQuota)`, `quota = least − othersInSchool`.
  public struct FloorFigures: Sendable, Equatable, Codable {
    public var fraction: Double
    public var lastYearQuota: Int
    public var least: Int
    public var othersInSchool: Int
  }

  /// Strict control's arithmetic: `members ÷ students > above` in the trigger's grades.
  public struct TriggerFigures: Sendable, Equatable, Codable {
    public var grades: [Int]
    public var members: Int
    public var students: Int
    public var above: Double
  }

  /// The category's balance level: the next member anywhere would go to `unit` and bring it to
  /// `numerator ÷ denominator`.
  public struct Level: Sendable, Equatable, Codable {
    public var numerator: Double
    public var denominator: Double
    /// Stable position of that unit in its category (ties go to the earlier unit).
    public var order: Int
    public var unit: String

    public var ratio: Double { numerator / denominator }
  }

  /// Balance arithmetic: the j-th member reaches `(base + j) ÷ size`; the unit receives every
  /// member that comes before the level, ties broken by `order`.
  public struct BalanceFigures: Sendable, Equatable, Codable {
    public var base: Double
    public var size: Double
    public var order: Int
    public var level: Level
  }

  public var kind: Kind
  public var rule: RuleID
  public var text: String
  public var cap: CapFigures?
  public var coverage: CoverageFigures?
  public var floor: FloorFigures?
  public var strictControl: TriggerFigures?
  public var balance: BalanceFigures?
  public var pin: PinFigures?
  public var capacity: CapacityFigures?

  public init(_ kind: Kind, _ rule: RuleID, _ text: String) {
    self.kind = kind
    self.rule = rule
    self.text = text
  }
}
