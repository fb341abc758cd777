/// The scenario file as written (`scenario.yaml`): every field optional, unknown keys refused.
///
/// `ScenarioLoader` lays it over `Policy.notice`, so an empty file is the notice itself.
struct ScenarioDocument: Decodable {
  struct DataFiles: Decodable {
    var schools: String?
    var social: String?
    enum CodingKeys: String, CodingKey, CaseIterable { case schools, social }
    init(from decoder: Decoder) throws {
      try decoder.rejectUnknownKeys(CodingKeys.allCases)
      let c = try decoder.container(keyedBy: CodingKeys.self)
      schools = try c.decodeIfPresent(String.self, forKey: .schools)
      social = try c.decodeIfPresent(String.self, forKey: .social)
    }
  }

  struct SocialDocument: Decodable {
    var densityExponent: Double?
    var outflowResidentShareBelow: Double?
    var outflowMemberRatioBelow: Double?
    var outflowBoost: Double?
    enum CodingKeys: String, CodingKey, CaseIterable {
      case densityExponent = "density_exponent"
      case outflowResidentShareBelow = "outflow_resident_share_below"
      case outflowMemberRatioBelow = "outflow_member_ratio_below"
      case outflowBoost = "outflow_boost"
    }
    init(from decoder: Decoder) throws {
      try decoder.rejectUnknownKeys(CodingKeys.allCases)
      let c = try decoder.container(keyedBy: CodingKeys.self)
      densityExponent = try c.decodeIfPresent(Double.self, forKey: .densityExponent)
      outflowResidentShareBelow = try c.decodeIfPresent(Double.self, forKey: .outflowResidentShareBelow)
      outflowMemberRatioBelow = try c.decodeIfPresent(Double.self, forKey: .outflowMemberRatioBelow)
      outflowBoost = try c.decodeIfPresent(Double.self, forKey: .outflowBoost)
    }
  }

  struct CapDocument: Decodable {
    var rule: RuleID
    var grades: [Int]?
    var ratio: Double
    enum CodingKeys: String, CodingKey, CaseIterable { case rule, grades, ratio }
    init(from decoder: Decoder) throws {
      try decoder.rejectUnknownKeys(CodingKeys.allCases)
      let c = try decoder.container(keyedBy: CodingKeys.self)
      rule = try c.decode(RuleID.self, forKey: .rule)
      ratio = try c.decode(Double.self, forKey: .ratio)
      // `grades: all` (or no key) means the whole school.
      if (try? c.decode(String.self, forKey: .grades)) == "all" {
        grades = nil
      } else {
        grades = try c.decodeIfPresent([Int].self, forKey: .grades)
      }
    }
  }

  struct TriggerDocument: Decodable {
    var grades: [Int]
    var above: Double
    enum CodingKeys: String, CodingKey, CaseIterable { case grades, above }
    init(from decoder: Decoder) throws {
      try decoder.rejectUnknownKeys(CodingKeys.allCases)
      let c = try decoder.container(keyedBy: CodingKeys.self)
      grades = try c.decode([Int].self, forKey: .grades)
      above = try c.decode(Double.self, forKey: .above)
    }
  }

  struct CoverageDocument: Decodable {
    var grade: Int
    var perClass: Int?
    var perGrade: Int?
    enum CodingKeys: String, CodingKey, CaseIterable {
      case grade
      case perClass = "per_class"
      case perGrade = "per_grade"
    }
    init(from decoder: Decoder) throws {
      try decoder.rejectUnknownKeys(CodingKeys.allCases)
      let c = try decoder.container(keyedBy: CodingKeys.self)
      grade = try c.decode(Int.self, forKey: .grade)
      perClass = try c.decodeIfPresent(Int.self, forKey: .perClass)
      perGrade = try c.decodeIfPresent(Int.self, forKey: .perGrade)
    }
  }

  struct CategoryDocument: Decodable {
    var id: String
    var name: String?
    var englishName: String?
    var aliases: [String]?
    var kind: CategoryPolicy.Kind?
    var total: Int?
    var lastYearTotal: Int?
    var grades: Int?
    var eligibleGrades: [Int]?
    var caps: [CapDocument]?
    var strictControl: [TriggerDocument]?
    var coverage: [CoverageDocument]?
    var protectsAllSchools: Bool?
    var previousYearFloor: Double?
    var hasPreviousYearFloor = false
    var districtTotals: [String: Int]?

    enum CodingKeys: String, CodingKey, CaseIterable {
      case id, name, aliases, kind, total, grades, caps, coverage
      case lastYearTotal = "last_year_total"
      case eligibleGrades = "eligible_grades"
      case strictControl = "strict_control"
      case protectsAllSchools = "closed_door_protected"
      case previousYearFloor = "previous_year_floor"
      case districtTotals = "district_totals"
      case englishName = "english_name"
    }

    init(from decoder: Decoder) throws {
      try decoder.rejectUnknownKeys(CodingKeys.allCases)
      let c = try decoder.container(keyedBy: CodingKeys.self)
      id = try c.decode(String.self, forKey: .id)
      name = try c.decodeIfPresent(String.self, forKey: .name)
      englishName = try c.decodeIfPresent(String.self, forKey: .englishName)
      aliases = try c.decodeIfPresent([String].self, forKey: .aliases)
      kind = try c.decodeIfPresent(CategoryPolicy.Kind.self, forKey: .kind)
      total = try c.decodeIfPresent(Int.self, forKey: .total)
      lastYearTotal = try c.decodeIfPresent(Int.self, forKey: .lastYearTotal)
      grades = try c.decodeIfPresent(Int.self, forKey: .grades)
      eligibleGrades = try c.decodeIfPresent([Int].self, forKey: .eligibleGrades)
      caps = try c.decodeIfPresent([CapDocument].self, forKey: .caps)
      strictControl = try c.decodeIfPresent([TriggerDocument].self, forKey: .strictControl)
      coverage = try c.decodeIfPresent([CoverageDocument].self, forKey: .coverage)
      protectsAllSchools = try c.decodeIfPresent(Bool.self, forKey: .protectsAllSchools)
      hasPreviousYearFloor = c.contains(.previousYearFloor)
      previousYearFloor = try c.decodeIfPresent(Double.self, forKey: .previousYearFloor)
      districtTotals = try c.decodeIfPresent([String: Int].self, forKey: .districtTotals)
    }

    /// Lays this entry over `base` (the notice's category with the same id, if any).
    func applied(to base: CategoryPolicy?) -> CategoryPolicy? {
      guard let name = name ?? base?.name, let gradeCount = grades ?? base?.gradeCount else { return nil }
      return CategoryPolicy(
        id: id, name: name, aliases: aliases ?? base?.aliases ?? [], kind: kind ?? base?.kind ?? .school,
        total: total ?? base?.total, lastYearTotal: lastYearTotal ?? base?.lastYearTotal,
        gradeCount: gradeCount, eligibleGrades: eligibleGrades ?? base?.eligibleGrades ?? [],
        caps: caps.map { $0.map { RatioCap(rule: $0.rule, grades: $0.grades, ratio: $0.ratio) } } ?? base?.caps ?? [],
        strictControl: strictControl.map { $0.map { StrictControlTrigger(grades: $0.grades, above: $0.above) } }
          ?? base?.strictControl ?? [],
        coverage: coverage.map {
          $0.map { CoverageTarget(grade: $0.grade, perClass: $0.perClass ?? 0, perGrade: $0.perGrade ?? 0) }
        } ?? base?.coverage ?? [],
        protectsAllSchools: protectsAllSchools ?? base?.protectsAllSchools ?? false,
        previousYearFloor: hasPreviousYearFloor ? previousYearFloor : base?.previousYearFloor,
        districtTotals: districtTotals ?? base?.districtTotals ?? [:],
        englishName: englishName ?? (self.name == nil ? base?.englishName : nil))
    }
  }

  var name: String?
  var title: String?
  var year: Int?
  var total: Int?
  var firstNumber: Int?
  var districts: [String]?
  var data: DataFiles?
  var goals: [Goal]?
  var protectPrivateAndRural: Bool?
  var language: Language?
  var social: SocialDocument?
  var categories: [CategoryDocument]?
  var nonNegotiable: [RuleID]?
  var closedDoorIsHard: Bool?
  var branchMinimum: Int?
  var headers: Language?
  var dataNote: String?
  var itemisedDistricts: [String]?
  var solverTimeLimit: Double?
  var expect: Expectation?
  /// The scenario this one states differences from (a folder, relative to this one).
  var base: String?
  var limits: LimitsDocument?

  struct LimitsDocument: Decodable {
    var maxFileMegabytes: Double?
    var maxRows: Int?
    var maxStudentsPerClass: Int?
    var maxStudentsPerGrade: Int?
    var maxNameLength: Int?
    var maxErrors: Int?
    enum CodingKeys: String, CodingKey, CaseIterable {
      case maxFileMegabytes = "max_file_megabytes"
      case maxRows = "max_rows"
      case maxStudentsPerClass = "max_students_per_class"
      case maxStudentsPerGrade = "max_students_per_grade"
      case maxNameLength = "max_name_length"
      case maxErrors = "max_errors"
    }
    init(from decoder: Decoder) throws {
      try decoder.rejectUnknownKeys(CodingKeys.allCases)
      let c = try decoder.container(keyedBy: CodingKeys.self)
      maxFileMegabytes = try c.decodeIfPresent(Double.self, forKey: .maxFileMegabytes)
      maxRows = try c.decodeIfPresent(Int.self, forKey: .maxRows)
      maxStudentsPerClass = try c.decodeIfPresent(Int.self, forKey: .maxStudentsPerClass)
      maxStudentsPerGrade = try c.decodeIfPresent(Int.self, forKey: .maxStudentsPerGrade)
      maxNameLength = try c.decodeIfPresent(Int.self, forKey: .maxNameLength)
      maxErrors = try c.decodeIfPresent(Int.self, forKey: .maxErrors)
      for (key, value) in [(CodingKeys.maxStudentsPerClass, maxStudentsPerClass), (.maxStudentsPerGrade, maxStudentsPerGrade), (.maxNameLength, maxNameLength), (.maxErrors, maxErrors)] {
        if let value, value <= 0 {
          throw DecodingError.dataCorrupted(
            DecodingError.Context(
              codingPath: decoder.codingPath + [key], debugDescription: "\(value) is not a positive whole number; limits must be positive.",
              underlyingError: BilingualMessage(zh: "\(value) 不是正整数；limits 中的各项须为正数。", en: "")))
        }
      }
    }

    var limits: InputLimits {
      let defaults = InputLimits()
      return InputLimits(
        maxFileMegabytes: maxFileMegabytes ?? defaults.maxFileMegabytes, maxRows: maxRows ?? defaults.maxRows,
        maxStudentsPerClass: maxStudentsPerClass ?? defaults.maxStudentsPerClass,
        maxStudentsPerGrade: maxStudentsPerGrade ?? defaults.maxStudentsPerGrade,
        maxNameLength: maxNameLength ?? defaults.maxNameLength, maxErrors: maxErrors ?? defaults.maxErrors)
    }
  }
  var patches: [ScenarioPatch]?

  enum CodingKeys: String, CodingKey, CaseIterable {
    case name, title, year, total, districts, data, goals, language, social, categories
    case firstNumber = "first_number"
    case protectPrivateAndRural = "protect_private_and_rural"
    case nonNegotiable = "non_negotiable"
    case closedDoorIsHard = "closed_door_hard"
    case branchMinimum = "branch_minimum"
    case headers, expect
    case dataNote = "data_note"
    case itemisedDistricts = "itemised_districts"
    case solverTimeLimit = "solver_time_limit"
    case base, patches, limits
  }

  init(from decoder: Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.allCases)
    let c = try decoder.container(keyedBy: CodingKeys.self)
    name = try c.decodeIfPresent(String.self, forKey: .name)
    title = try c.decodeIfPresent(String.self, forKey: .title)
    year = try c.decodeIfPresent(Int.self, forKey: .year)
    total = try c.decodeIfPresent(Int.self, forKey: .total)
    firstNumber = try c.decodeIfPresent(Int.self, forKey: .firstNumber)
    districts = try c.decodeIfPresent([String].self, forKey: .districts)
    data = try c.decodeIfPresent(DataFiles.self, forKey: .data)
    goals = try c.decodeIfPresent([Goal].self, forKey: .goals)
    protectPrivateAndRural = try c.decodeIfPresent(Bool.self, forKey: .protectPrivateAndRural)
    language = try c.decodeIfPresent(Language.self, forKey: .language)
    social = try c.decodeIfPresent(SocialDocument.self, forKey: .social)
    categories = try c.decodeIfPresent([CategoryDocument].self, forKey: .categories)
    nonNegotiable = try c.decodeIfPresent([RuleID].self, forKey: .nonNegotiable)
    closedDoorIsHard = try c.decodeIfPresent(Bool.self, forKey: .closedDoorIsHard)
    branchMinimum = try c.decodeIfPresent(Int.self, forKey: .branchMinimum)
    headers = try c.decodeIfPresent(Language.self, forKey: .headers)
    dataNote = try c.decodeIfPresent(String.self, forKey: .dataNote)
    itemisedDistricts = try c.decodeIfPresent([String].self, forKey: .itemisedDistricts)
    solverTimeLimit = try c.decodeIfPresent(Double.self, forKey: .solverTimeLimit)
    expect = try c.decodeIfPresent(Expectation.self, forKey: .expect)
    base = try c.decodeIfPresent(String.self, forKey: .base)
    patches = try c.decodeIfPresent([ScenarioPatch].self, forKey: .patches)
    limits = try c.decodeIfPresent(LimitsDocument.self, forKey: .limits)
  }
}

/// A coding key for any string, to list the keys a mapping really has.
struct AnyCodingKey: CodingKey {
  var stringValue: String
  var intValue: Int?
  init(stringValue: String) { self.stringValue = stringValue }
  init?(intValue: Int) {
    self.stringValue = String(intValue)
    self.intValue = intValue
  }
}

extension Decoder {
  /// Refuses keys that are not in `known`, so a typo in the scenario is an error, not a silent default.
  func rejectUnknownKeys<Key: CodingKey>(_ known: [Key]) throws {
    let names = Set(known.map(\.stringValue))
    let container = try container(keyedBy: AnyCodingKey.self)
    if let unknown = container.allKeys.map(\.stringValue).sorted().first(where: { !names.contains($0) }) {
      throw DecodingError.dataCorrupted(
        DecodingError.Context(
          codingPath: codingPath + [AnyCodingKey(stringValue: unknown)],
          debugDescription: "“\(unknown)” is not a setting here; known settings: \(names.sorted().joined(separator: ", ")).",
          underlyingError: BilingualMessage(
            zh: "“\(unknown)”不是此处的设置项；此处可写的设置项：\(names.sorted().joined(separator: "、"))。", en: "")))
    }
  }
}
