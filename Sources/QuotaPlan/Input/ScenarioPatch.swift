/// One data change a what-if scenario makes to its base (`patches:` in scenario.yaml).
///
/// A school is named by its name, or, where several districts (or categories) have a school of
/// that name, by `{school: NAME, district: D, category: C}` (district and category optional).
///
/// - `close: NAME` (or `close: {school, district, category}`) removes a school.
/// - `add: {district, school, category, grades: [{grade, classes, students, members}], private, rural, last_year_quota}`
/// - `merge: {schools: [A, B], into: NAME, district?}` joins schools grade by grade (same district and category).
/// - `set: {school, district?, category?, grade, classes?, students?, members?}` changes one school-grade's counts.
/// - `merge_districts: {districts: [A, B], into: NAME}` joins county-level units.
/// - `promote: {entrants: 1.0}` moves every grade up a year after the base plan: members gain
///   the base plan's quotas, the graduating grade leaves, grade 1 is a new cohort like the
///   leaving grade 1 scaled by `entrants`, and last year's quotas become the base plan's.
struct ScenarioPatch: Decodable {
  struct GradeCounts: Decodable {
    var grade: Int
    var classes: Int
    var students: Int
    var members: Int
    enum CodingKeys: String, CodingKey, CaseIterable { case grade, classes, students, members }
    init(from decoder: Decoder) throws {
      try decoder.rejectUnknownKeys(CodingKeys.allCases)
      let c = try decoder.container(keyedBy: CodingKeys.self)
      grade = try c.decode(Int.self, forKey: .grade)
      classes = try c.decode(Int.self, forKey: .classes)
      students = try c.decode(Int.self, forKey: .students)
      members = try c.decode(Int.self, forKey: .members)
    }
  }

  struct Addition: Decodable {
    var district, school, category: String
    var isPrivate, isRural: Bool
    var lastYearQuota: Int
    var grades: [GradeCounts]
    enum CodingKeys: String, CodingKey, CaseIterable {
      case district, school, category, grades
      case isPrivate = "private"
      case isRural = "rural"
      case lastYearQuota = "last_year_quota"
    }
    init(from decoder: Decoder) throws {
      try decoder.rejectUnknownKeys(CodingKeys.allCases)
      let c = try decoder.container(keyedBy: CodingKeys.self)
      district = try c.decode(String.self, forKey: .district)
      school = try c.decode(String.self, forKey: .school)
      category = try c.decode(String.self, forKey: .category)
      grades = try c.decode([GradeCounts].self, forKey: .grades)
      isPrivate = try c.decodeIfPresent(Bool.self, forKey: .isPrivate) ?? false
      isRural = try c.decodeIfPresent(Bool.self, forKey: .isRural) ?? false
      lastYearQuota = try c.decodeIfPresent(Int.self, forKey: .lastYearQuota) ?? 0
    }
  }

  /// A school as a patch names it: a name, or a name with its district (and category).
  struct SchoolRef: Decodable, CustomStringConvertible {
    var school: String
    var district: String?
    var category: String?
    enum CodingKeys: String, CodingKey, CaseIterable { case school, district, category }
    init(school: String, district: String? = nil, category: String? = nil) {
      self.school = school
      self.district = district
      self.category = category
    }
    init(from decoder: Decoder) throws {
      if let name = try? decoder.singleValueContainer().decode(String.self) {
        school = name
        return
      }
      try decoder.rejectUnknownKeys(CodingKeys.allCases)
      let c = try decoder.container(keyedBy: CodingKeys.self)
      school = try c.decode(String.self, forKey: .school)
      district = try c.decodeIfPresent(String.self, forKey: .district)
      category = try c.decodeIfPresent(String.self, forKey: .category)
    }
    var description: String { [district, school].compactMap { $0 }.joined(separator: " ") }
  }

  struct Merge: Decodable {
    var schools: [SchoolRef]
    var into: String
    var district: String?
  }

  struct Change: Decodable {
    var school: String
    var district: String?
    var category: String?
    var grade: Int
    var classes, students, members: Int?
    enum CodingKeys: String, CodingKey, CaseIterable { case school, district, category, grade, classes, students, members }
    init(from decoder: Decoder) throws {
      try decoder.rejectUnknownKeys(CodingKeys.allCases)
      let c = try decoder.container(keyedBy: CodingKeys.self)
      school = try c.decode(String.self, forKey: .school)
      district = try c.decodeIfPresent(String.self, forKey: .district)
      category = try c.decodeIfPresent(String.self, forKey: .category)
      grade = try c.decode(Int.self, forKey: .grade)
      classes = try c.decodeIfPresent(Int.self, forKey: .classes)
      students = try c.decodeIfPresent(Int.self, forKey: .students)
      members = try c.decodeIfPresent(Int.self, forKey: .members)
    }
  }

  struct DistrictMerge: Decodable {
    var districts: [String]
    var into: String
  }

  struct Promotion: Decodable {
    var entrants: Double?
  }

  var close: SchoolRef?
  var add: Addition?
  var merge: Merge?
  var set: Change?
  var mergeDistricts: DistrictMerge?
  var promote: Promotion?

  enum CodingKeys: String, CodingKey, CaseIterable {
    case close, add, merge, set, promote
    case mergeDistricts = "merge_districts"
  }

  init(from decoder: Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.allCases)
    let c = try decoder.container(keyedBy: CodingKeys.self)
    guard c.allKeys.count == 1 else {
      throw DecodingError.dataCorrupted(
        DecodingError.Context(
          codingPath: decoder.codingPath, debugDescription: "each patch does exactly one thing: close, add, merge, set, merge_districts or promote.",
          underlyingError: BilingualMessage(
            zh: "每个修改（patch）只做一件事：close、add、merge、set、merge_districts 或 promote 之一。", en: "")))
    }
    close = try c.decodeIfPresent(SchoolRef.self, forKey: .close)
    add = try c.decodeIfPresent(Addition.self, forKey: .add)
    merge = try c.decodeIfPresent(Merge.self, forKey: .merge)
    set = try c.decodeIfPresent(Change.self, forKey: .set)
    mergeDistricts = try c.decodeIfPresent(DistrictMerge.self, forKey: .mergeDistricts)
    promote = try c.decodeIfPresent(Promotion.self, forKey: .promote)
  }

  /// The largest count a patch may write (classes, students, members), as the tables' own bound
  /// on a count: a city's school-grade is far below it, and sums of such counts (merge, promote)
  /// stay far from overflowing.
  static let maxCount = 10_000_000
  /// The largest `promote.entrants`: a new cohort a hundred times the last is no longer a what-if.
  static let maxEntrants = 100.0

  /// Applies the patch; `basePlan` is solved lazily, only by `promote`.
  func apply(to scenario: inout Scenario, index: Int, file: String, basePlan: () throws -> Plan) throws {
    func fail(zh: String, en: String) -> InputError { InputError(file: file, zh: "patches[\(index)] \(zh)", en: "patches[\(index)] \(en)") }
    /// Refuses a count outside 0…maxCount before any arithmetic is done with it.
    func bounded(_ value: Int?, _ what: String) throws {
      guard let value, !(0...Self.maxCount).contains(value) else { return }
      throw fail(
        zh: "给出的 \(what) 为 \(value)；人数须为 0 至 \(Self.maxCount) 的整数。",
        en: "gives \(what) \(value); a count must be a whole number from 0 to \(Self.maxCount).")
    }
    func position(_ ref: SchoolRef, _ verb: String) throws -> Int {
      let verbZH = ["closes": "关闭", "merges": "合并", "changes": "修改"][verb] ?? verb
      let category = ref.category.map { CategoryResolver(policy: scenario.policy).category(named: $0)?.id ?? $0 }
      let found = scenario.schools.indices.filter { scenario.schools[$0].matches(name: ref.school, district: ref.district, category: category) }
      guard let first = found.first else {
        throw fail(zh: "要\(verbZH)“\(ref)”，但基础情景中没有这个名称的学校。", en: "\(verb) “\(ref)”, but the base scenario has no school of that name.")
      }
      if found.count > 1 {
        let candidates = found.map { "\(scenario.schools[$0].district) \(scenario.policy.category(scenario.schools[$0].category)?.name ?? scenario.schools[$0].category)" }
        let districts = Set(found.map { scenario.schools[$0].district })
        throw fail(
          zh: "要\(verbZH)“\(ref)”，但有 \(found.count) 所学校叫这个名称（\(candidates.joined(separator: "、"))）；请写 {school: \(ref.school), \(districts.count > 1 ? "district: …" : "category: …")} 指明是哪一所。",
          en: "\(verb) “\(ref)”, which names \(found.count) schools (\(candidates.joined(separator: "、"))); write {school: \(ref.school), \(districts.count > 1 ? "district: …" : "category: …")} to say which.")
      }
      return first
    }
    var schools = scenario.schools
    var policy = scenario.policy
    var social = scenario.socialUnits
    if let close {
      schools.remove(at: try position(close, "closes"))
    } else if let add {
      guard let category = CategoryResolver(policy: policy).category(named: add.category), category.kind == .school else {
        throw fail(
          zh: "要在类别“\(add.category)”中新增“\(add.school)”，但它不是本情景的学校类别。",
          en: "adds “\(add.school)” in category “\(add.category)”, which is not a school category of the scenario.")
      }
      // A school is its district, name and category: the same name elsewhere is another school.
      guard !schools.contains(where: { $0.matches(name: add.school, district: add.district, category: category.id) }) else {
        throw fail(zh: "要在\(add.district)新增“\(add.school)”，但这所学校已经存在。", en: "adds “\(add.school)” in \(add.district), which already exists.")
      }
      guard policy.districts.contains(add.district) else {
        throw fail(
          zh: "要在“\(add.district)”新增“\(add.school)”，但它不是本情景的区县。",
          en: "adds “\(add.school)” in “\(add.district)”, which is not a district of the scenario.")
      }
      for counts in add.grades {
        try bounded(counts.classes, "classes")
        try bounded(counts.students, "students")
        try bounded(counts.members, "members")
      }
      try bounded(add.lastYearQuota, "last_year_quota")
      for counts in add.grades where !(1...category.gradeCount).contains(counts.grade) || counts.members > counts.students || counts.members < 0 || counts.classes < 0 {
        throw fail(
          zh: "新增的“\(add.school)”年级 \(counts.grade) 的数字与\(category.name)不符（年级 1–\(category.gradeCount)，团员数 ≤ 学生数）。",
          en: "adds “\(add.school)” with grade \(counts.grade) counts that do not fit \(category.name) (grades 1–\(category.gradeCount), members ≤ students).")
      }
      schools.append(
        School(
          district: add.district, name: add.school, category: category.id, isPrivate: add.isPrivate, isRural: add.isRural,
          lastYearQuota: add.lastYearQuota,
          grades: add.grades.map { GradeRecord(grade: $0.grade, classes: $0.classes, students: $0.students, members: $0.members) }))
    } else if let merge {
      guard merge.schools.count >= 2 else { throw fail(zh: "合并的学校少于两所。", en: "merges fewer than two schools.") }
      let indices = try merge.schools.map { ref in
        var ref = ref
        ref.district = ref.district ?? merge.district
        return try position(ref, "merges")
      }
      let parts = indices.map { schools[$0] }
      guard Set(parts.map(\.district)).count == 1, Set(parts.map(\.category)).count == 1 else {
        throw fail(
          zh: "合并的学校分属不同区县或类别（\(merge.schools.map(\.description).joined(separator: "、"))）。",
          en: "merges schools of different districts or categories (\(merge.schools.map(\.description).joined(separator: "、"))).")
      }
      var grades: [Int: GradeRecord] = [:]
      for record in parts.flatMap(\.grades) {
        var sum = grades[record.grade] ?? GradeRecord(grade: record.grade, classes: 0, students: 0, members: 0)
        sum.classes += record.classes
        sum.students += record.students
        sum.members += record.members
        grades[record.grade] = sum
      }
      let merged = School(
        district: parts[0].district, name: merge.into, category: parts[0].category, isPrivate: parts.contains { $0.isPrivate },
        isRural: parts.contains { $0.isRural }, lastYearQuota: parts.reduce(0) { $0 + $1.lastYearQuota },
        grades: Array(grades.values))
      for index in indices.sorted(by: >) { schools.remove(at: index) }
      schools.append(merged)
    } else if let change = set {
      let index = try position(SchoolRef(school: change.school, district: change.district, category: change.category), "changes")
      guard let gradeIndex = schools[index].grades.firstIndex(where: { $0.grade == change.grade }) else {
        throw fail(
          zh: "要修改“\(change.school)”年级 \(change.grade)，但这所学校没有这个年级。",
          en: "changes “\(change.school)” grade \(change.grade), which the school does not have.")
      }
      try bounded(change.classes, "classes")
      try bounded(change.students, "students")
      try bounded(change.members, "members")
      var record = schools[index].grades[gradeIndex]
      record.classes = change.classes ?? record.classes
      record.students = change.students ?? record.students
      record.members = change.members ?? record.members
      guard record.members <= record.students, record.classes <= max(record.students, 1), record.members >= 0 else {
        throw fail(
          zh: "给“\(change.school)”年级 \(change.grade) 的是 \(record.members) 名团员、\(record.students) 名学生、\(record.classes) 个班级，这些数字互相矛盾。",
          en: "gives “\(change.school)” grade \(change.grade) \(record.members) members for \(record.students) students and \(record.classes) classes.")
      }
      schools[index].grades[gradeIndex] = record
    } else if let join = mergeDistricts {
      for district in join.districts where !policy.districts.contains(district) {
        throw fail(zh: "要合并“\(district)”，但它不是基础情景的区县。", en: "merges “\(district)”, which is not a district of the base scenario.")
      }
      let first = policy.districts.firstIndex { join.districts.contains($0) } ?? policy.districts.count
      policy.districts.removeAll { join.districts.contains($0) }
      policy.districts.insert(join.into, at: min(first, policy.districts.count))
      for index in schools.indices where join.districts.contains(schools[index].district) { schools[index].district = join.into }
      for index in social.indices where join.districts.contains(social[index].district) { social[index].district = join.into }
      for index in policy.categories.indices {
        let shares = policy.categories[index].districtTotals
        let joined = join.districts.compactMap { shares[$0] }
        guard !joined.isEmpty else { continue }
        for district in join.districts { policy.categories[index].districtTotals[district] = nil }
        policy.categories[index].districtTotals[join.into] = joined.reduce(0, +)
      }
    } else if let promote {
      let plan = try basePlan()
      let entrants = promote.entrants ?? 1
      guard entrants.isFinite, (0...Self.maxEntrants).contains(entrants) else {
        throw fail(
          zh: "promote.entrants 为 \(entrants)；它须为 0 至 \(Int(Self.maxEntrants)) 之间的数。",
          en: "promote.entrants is \(entrants); it must be a number from 0 to \(Int(Self.maxEntrants)).")
      }
      let planned = Dictionary(plan.schoolPlans.map { ($0.school.id, $0) }, uniquingKeysWith: { a, _ in a })
      schools = schools.map { school in
        guard let before = planned[school.id], let category = policy.category(school.category) else { return school }
        var next = school
        next.lastYearQuota = before.quota
        next.grades = (1...category.gradeCount).compactMap { grade -> GradeRecord? in
          if grade == 1 {
            guard let first = school.record(1) else { return nil }
            return GradeRecord(
              grade: 1, classes: Int((Double(first.classes) * entrants).rounded()),
              students: Int((Double(first.students) * entrants).rounded()),
              members: Int((Double(first.members) * entrants).rounded()))
          }
          guard let lower = before.grades.first(where: { $0.record.grade == grade - 1 }) else { return nil }
          return GradeRecord(grade: grade, classes: lower.record.classes, students: lower.record.students, members: lower.after)
        }
        return next
      }
    }
    scenario = Scenario(policy: policy, schools: schools, socialUnits: social)
  }
}
