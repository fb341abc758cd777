/// Weights of the social-sector split (R11).
public struct SocialPolicy: Sendable, Equatable, Codable {
  /// A unit's weight is `members × (density ÷ mean density)^densityExponent`, where density is
  /// League organisations per member.
  public var densityExponent: Double
  /// A village whose resident youth is below this share of registered youth…
  public var outflowResidentShareBelow: Double
  /// …and whose member ratio (members ÷ resident youth) is below this…
  public var outflowMemberRatioBelow: Double
  /// …has its weight multiplied by this boost.
  public var outflowBoost: Double

  public init(
    densityExponent: Double, outflowResidentShareBelow: Double, outflowMemberRatioBelow: Double,
    outflowBoost: Double
  ) {
    self.densityExponent = densityExponent
    self.outflowResidentShareBelow = outflowResidentShareBelow
    self.outflowMemberRatioBelow = outflowMemberRatioBelow
    self.outflowBoost = outflowBoost
  }
}

/// The goals, in the order they are pursued.
public enum Goal: String, Sendable, Codable, CaseIterable {
  case closedDoor = "closed_door"
  case coverage
  case balance

  public var rule: RuleID {
    switch self {
    case .closedDoor: return .g1
    case .coverage: return .g2
    case .balance: return .g3
    }
  }
}

/// What running a scenario should give (`expect:` in scenario.yaml).
public enum Expectation: String, Sendable, Codable, CaseIterable {
  /// A plan that keeps every hard rule.
  case plan
  /// A conflict: the rules cannot all hold (the `infeasible-*` examples).
  case conflict
}

/// Every setting of a plan. Defaults are the notice's values (`Policy.notice`).
public struct Policy: Sendable, Equatable, Codable {
  public var name: String
  public var title: String
  public var year: Int
  /// City total (R1).
  public var total: Int
  /// The first member number of the city's block (12 digits: year + 8 digits).
  public var firstNumber: Int
  /// County-level units, in the order of Attachment 1.
  public var districts: [String]
  public var categories: [CategoryPolicy]
  /// Goals in priority order (lexicographic).
  public var goalOrder: [Goal]
  /// True when private and rural schools are protected against the closed door (G1).
  public var protectPrivateAndRural: Bool
  public var social: SocialPolicy
  /// Language of reasons in the plan.
  public var language: Language
  /// Rules the nearest plan may never break when the hard rules conflict.
  public var nonNegotiable: [RuleID]
  /// True when every protected school must get at least one (G1 as a hard rule), even when
  /// its caps leave no room.
  public var closedDoorIsHard: Bool
  /// Members a League branch needs (团支部工作条例: 3); a grade with fewer has no branch.
  public var branchMinimum: Int
  /// The language of CSV and Excel column headers and sheet names; nil follows `language`.
  /// Machines that read the files choose `.en` for a stable header (`--headers en`).
  public var headers: Language?
  /// A line the report shows about where the data comes from, e.g.
  /// "示例数据：学校与2021年分类别数据为合成数据" for a synthetic scenario; nil shows none.
  public var dataNote: String?
  /// Districts whose recipients Attachment 1 lists unit by unit (each school or social unit
  /// with its own quota and number ranges), e.g. ["市直"]; empty lists every district as one row.
  public var itemisedDistricts: [String]?
  /// Seconds GLPK may spend on one model before quotaplan stops it and says what was reached;
  /// nil takes `Policy.defaultSolverTimeLimit`.
  public var solverTimeLimit: Double?
  /// What running this scenario should give: a plan (the default) or a conflict (an example of
  /// rules that cannot all hold). `quotaplan run` fails when a scenario does not give what it expects.
  public var expect: Expectation?

  public init(
    name: String, title: String, year: Int, total: Int, firstNumber: Int, districts: [String],
    categories: [CategoryPolicy], goalOrder: [Goal], protectPrivateAndRural: Bool,
    social: SocialPolicy, language: Language, nonNegotiable: [RuleID], closedDoorIsHard: Bool, branchMinimum: Int,
    headers: Language? = nil, dataNote: String? = nil, itemisedDistricts: [String]? = nil,
    solverTimeLimit: Double? = nil, expect: Expectation? = nil
  ) {
    self.name = name
    self.title = title
    self.year = year
    self.total = total
    self.firstNumber = firstNumber
    self.districts = districts
    self.categories = categories
    self.goalOrder = goalOrder
    self.protectPrivateAndRural = protectPrivateAndRural
    self.social = social
    self.language = language
    self.nonNegotiable = nonNegotiable
    self.closedDoorIsHard = closedDoorIsHard
    self.branchMinimum = branchMinimum
    self.headers = headers
    self.dataNote = dataNote
    self.itemisedDistricts = itemisedDistricts
    self.solverTimeLimit = solverTimeLimit
    self.expect = expect
  }

  /// The language of column headers and sheet names: `headers`, or the plan's language.
  public var headerLanguage: Language { headers ?? language }

  /// The GLPK time limit when the scenario gives none (seconds).
  public static let defaultSolverTimeLimit: Double = 60

  /// The GLPK time limit in force: the scenario's, or `defaultSolverTimeLimit`.
  public var effectiveSolverTimeLimit: Double { solverTimeLimit ?? Policy.defaultSolverTimeLimit }

  /// The category with this id.
  public func category(_ id: String) -> CategoryPolicy? { categories.first { $0.id == id } }
}
