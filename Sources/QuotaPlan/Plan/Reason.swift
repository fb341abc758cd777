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

    /// What decided the number, in words (never the machine key): 已达上限, "cap reached"….
    public func label(_ language: Language) -> String {
      let zh = language == .zh
      switch self {
      case .notEligible: return zh ? "非可发展年级" : "not an eligible grade"
      case .strictControl: return zh ? "严格控制" : "strict control"
      case .alreadyAboveCap: return zh ? "发展前已达上限" : "at the cap before development"
      case .capReached: return zh ? "达到上限" : "cap reached"
      case .previousYearFloor: return zh ? "不少于上年指标比例" : "previous-year floor"
      case .closedDoor: return zh ? "杜绝关门主义" : "no closed door"
      case .coverage: return zh ? "覆盖目标" : "coverage target"
      case .balance: return zh ? "区域平衡、有序调控" : "balance"
      case .socialShare: return zh ? "按团员数与组织密度" : "share by members and density"
      case .noStudents: return zh ? "无学生" : "no students"
      case .pinned: return zh ? "县级承诺" : "county pin"
      case .studentCapacity: return zh ? "团员不超过学生数" : "no more members than students"
      }
    }
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

  /// The rule and what it decided, in words: "R5（高一高二团青比上限）：发展前已达上限",
  /// "R5 (senior-high grades 1–2 cap): at the cap before development"; the kind is left out
  /// where it only repeats the rule's name.
  public func label(_ language: Language) -> String {
    let kindText = kind.label(language)
    if kindText == rule.title(language) || (rule == .pin && kind == .pinned) { return rule.tag(language) }
    return rule.tag(language) + (language == .zh ? "：" : ": ") + kindText
  }

  public init(_ kind: Kind, _ rule: RuleID, _ text: String) {
    self.kind = kind
    self.rule = rule
    self.text = text
  }
}
