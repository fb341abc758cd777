/// A ratio cap: members after development in the named grades (all grades when `grades` is
/// nil) may not exceed `floor(ratio × students)` of those grades (R4–R7).
public struct RatioCap: Sendable, Equatable, Codable {
  public var rule: RuleID
  public var grades: [Int]?
  public var ratio: Double

  public init(rule: RuleID, grades: [Int]?, ratio: Double) {
    self.rule = rule
    self.grades = grades
    self.ratio = ratio
  }
}

/// Strict control (R9): a school whose ratio in `grades` is already above `above` gets 0.
public struct StrictControlTrigger: Sendable, Equatable, Codable {
  public var grades: [Int]
  public var above: Double

  public init(grades: [Int], above: Double) {
    self.grades = grades
    self.above = above
  }
}

/// A coverage target (G2) for one grade: after development at least `perClass` members per
/// class and at least `perGrade` in the grade.
public struct CoverageTarget: Sendable, Equatable, Codable {
  public var grade: Int
  public var perClass: Int
  public var perGrade: Int

  public init(grade: Int, perClass: Int, perGrade: Int) {
    self.grade = grade
    self.perClass = perClass
    self.perGrade = perGrade
  }

  /// Members the grade should have after development.
  public func target(classes: Int) -> Int { max(perClass * classes, perGrade) }
}

/// Everything the policy says about one category. Categories are data, not an enum.
public struct CategoryPolicy: Sendable, Equatable, Codable {
  /// Schools (quota per school-grade) or social-sector units (quota per unit).
  public enum Kind: String, Sendable, Codable { case school, social }

  /// Stable identifier used in files (`junior_high`).
  public var id: String
  /// Name shown to planners (初中).
  public var name: String
  /// Name shown in English outputs ("junior high"); nil shows the id with spaces.
  public var englishName: String?
  /// Other spellings accepted in data files (初级中学, junior high…).
  public var aliases: [String]
  public var kind: Kind
  /// The category's total this year (R2); nil when the scenario leaves it to the model.
  public var total: Int?
  /// Last year's total, for reports.
  public var lastYearTotal: Int?
  /// Number of grades a school of this category has.
  public var gradeCount: Int
  /// Grades that may receive quota (R8).
  public var eligibleGrades: [Int]
  /// Ratio caps (R4–R7).
  public var caps: [RatioCap]
  /// Strict-control triggers (R9).
  public var strictControl: [StrictControlTrigger]
  /// Coverage targets (G2).
  public var coverage: [CoverageTarget]
  /// True when every school of the category is protected against the closed door (G1).
  public var protectsAllSchools: Bool
  /// Fraction of last year's quota each school must receive at least (R10); nil for none.
  public var previousYearFloor: Double?
  /// Fixed district shares of the category total (R2 at district level), when the scenario
  /// gives them; districts not named share what is left.
  public var districtTotals: [String: Int]

  public init(
    id: String, name: String, aliases: [String] = [], kind: Kind = .school, total: Int? = nil,
    lastYearTotal: Int? = nil, gradeCount: Int, eligibleGrades: [Int], caps: [RatioCap] = [],
    strictControl: [StrictControlTrigger] = [], coverage: [CoverageTarget] = [],
    protectsAllSchools: Bool = false, previousYearFloor: Double? = nil, districtTotals: [String: Int] = [:],
    englishName: String? = nil
  ) {
    self.id = id
    self.name = name
    self.aliases = aliases
    self.kind = kind
    self.total = total
    self.lastYearTotal = lastYearTotal
    self.gradeCount = gradeCount
    self.eligibleGrades = eligibleGrades
    self.caps = caps
    self.strictControl = strictControl
    self.coverage = coverage
    self.protectsAllSchools = protectsAllSchools
    self.previousYearFloor = previousYearFloor
    self.districtTotals = districtTotals
    self.englishName = englishName
  }

  /// The category's name in the planner's language: `name` in Chinese, `englishName` (or the
  /// id with spaces) in English.
  public func label(_ language: Language) -> String {
    language == .zh ? name : englishName ?? id.replacingOccurrences(of: "_", with: " ")
  }
}
