import Foundation

/// Reads the schools file: one row per school-grade (DOMAIN.md's columns).
enum SchoolTable {
  static let columns: [ColumnSpec] = [
    ColumnSpec("district", "区县", aliases: ["县市区", "县（市、区）", "地区"]),
    ColumnSpec("school", "学校", aliases: ["学校名称", "school name"]),
    ColumnSpec("category", "类别", aliases: ["学校类别", "领域"]),
    ColumnSpec("grade", "年级"),
    ColumnSpec("classes", "班级数", aliases: ["班级"]),
    ColumnSpec("students", "学生数", aliases: ["学生人数"]),
    ColumnSpec("members", "团员数", aliases: ["现有团员数", "团员人数"]),
    ColumnSpec("private", "民办", aliases: ["是否民办"], required: false),
    ColumnSpec("rural", "农村", aliases: ["是否农村"], required: false),
    ColumnSpec("last_year_quota", "上年指标", aliases: ["上年指标数", "2021年指标"], required: false),
  ]

  /// Loads and checks every row against the policy; schools come back grouped with grades.
  static func load(url: URL, sheet: String? = nil, file: String, policy: Policy, limits: InputLimits = InputLimits()) throws -> [School] {
    try read(url: url, sheet: sheet, file: file, policy: policy, limits: limits).schools
  }

  /// The schools and the notes for the planner (columns that were ignored).
  ///
  /// A school is its district, its name and its category: 第一中学 in two districts are two
  /// schools, and a 完全中学 listed as 初中 and as 普通高中 is two schools. Names are compared
  /// after `NameText.key` (NFKC, invisible characters and surrounding spaces removed) and shown
  /// as first written. Every problem of the file is collected and thrown at once, by row.
  static func read(url: URL, sheet: String? = nil, file: String, policy: Policy, limits: InputLimits = InputLimits()) throws -> (schools: [School], notes: [String]) {
    let table = try CSVTable(url: url, sheet: sheet, file: file, columns: columns, limits: limits, collecting: true)
    var problems = table.problems
    guard !table.rows.isEmpty else {
      try problems.check()
      throw InputError(
        file: file, row: 2, zh: "文件只有表头，没有学校；表头下的每一行是一所学校的一个年级。",
        en: "the file has a header but no schools; each row below the header is one school-grade.")
    }
    // Districts, name keys and categories by number: a school's identity hashes three integers.
    struct Identity: Hashable { let district: Int, name: Int, category: Int }
    struct Institution: Hashable { let district: Int, name: Int }
    // Schools in order of first appearance, found by their identity; the first row of each.
    var built: [School] = []
    var index: [Identity: Int] = [:]
    var firstRow: [(row: Int, raw: String)] = []
    index.reserveCapacity(table.rows.count / 2)
    var flags: [Institution: (isPrivate: Bool, isRural: Bool, row: Int)] = [:]
    let resolver = CategoryResolver(policy: policy)
    var districts = DistrictNames(policy: policy)
    // District, school, category and grade texts repeat row after row: each distinct text (by
    // its bytes) is checked and resolved once, and rows after it get the answer by number.
    var texts = (district: CSVInterner(), school: CSVInterner(), category: CSVInterner(), grade: CSVInterner())
    enum DistrictRead { case empty, problem(BilingualMessage), known(String, number: Int), unknown }
    var districtReads: [DistrictRead?] = []
    var districtNumbers: [String: Int] = [:]
    var nameReads: [(problem: BilingualMessage?, key: String, number: Int)?] = []
    var nameNumbers: [String: Int] = [:]
    var categories: [(policy: CategoryPolicy?, number: Int)?] = []
    var categoryNumbers: [String: Int] = [:]
    var grades: [Int: Result<Int, GradeName.Problem>] = [:]
    /// Grows a cache indexed by text number to hold `number`.
    func fit<T>(_ cache: inout [T?], _ number: Int) {
      if cache.count <= number { cache += Array(repeating: nil, count: number + 1 - cache.count) }
    }

    for row in table.rows {
      // The row is used only when it added no problem.
      let problemsBefore = problems.count
      func fail(_ key: String?, zh: String, en: String) { problems.add(table.problem(row, key, zh: zh, en: en)) }
      func fail(_ key: String?, _ message: BilingualMessage) { fail(key, zh: message.zh, en: message.en) }
      let districtText = table.number(row.fields, "district", in: &texts.district)
      var district = texts.district.texts[districtText]
      fit(&districtReads, districtText)
      if districtReads[districtText] == nil {
        if district.isEmpty {
          districtReads[districtText] = .empty
        } else if let problem = NameText.problemText(district, what: "district", maxLength: limits.maxNameLength) {
          districtReads[districtText] = .problem(problem)
        } else if let known = districts.canonical(district) {
          if districtNumbers[known] == nil { districtNumbers[known] = districtNumbers.count }
          districtReads[districtText] = .known(known, number: districtNumbers[known] ?? 0)
        } else {
          districtReads[districtText] = .unknown
        }
      }
      var districtNumber = 0
      switch districtReads[districtText] ?? .unknown {
      case .empty: fail("district", zh: "区县是空的。", en: "the district is empty.")
      case .problem(let problem): fail("district", problem)
      case .known(let known, let number):
        district = known
        districtNumber = number
      case .unknown:
        fail(
          "district", zh: "“\(district)”不是本情景的区县（\(policy.districts.joined(separator: "、"))）。",
          en: "“\(district)” is not one of the scenario's districts (\(policy.districts.joined(separator: "、"))).")
      }
      let nameText = table.number(row.fields, "school", in: &texts.school)
      let name = texts.school.texts[nameText]
      fit(&nameReads, nameText)
      if nameReads[nameText] == nil {
        let problem = name.isEmpty ? nil : NameText.problemText(name, what: "school name", maxLength: limits.maxNameLength)
        let key = NameText.key(name)
        if nameNumbers[key] == nil { nameNumbers[key] = nameNumbers.count }
        nameReads[nameText] = (problem, key, nameNumbers[key] ?? 0)
      }
      if name.isEmpty {
        fail("school", zh: "学校名称是空的。", en: "the school name is empty.")
      } else if let problem = nameReads[nameText]?.problem {
        fail("school", problem)
      }
      let categoryNumber = table.number(row.fields, "category", in: &texts.category)
      let categoryText = texts.category.texts[categoryNumber]
      fit(&categories, categoryNumber)
      if categories[categoryNumber] == nil {
        let found = resolver.category(named: categoryText)
        let id = found?.id ?? ""
        if categoryNumbers[id] == nil { categoryNumbers[id] = categoryNumbers.count }
        categories[categoryNumber] = (found, categoryNumbers[id] ?? 0)
      }
      let category = categories[categoryNumber]?.policy
      if category == nil || category?.kind != .school {
        fail(
          "category", zh: "“\(NameText.visible(categoryText))”不是本情景的学校类别（\(resolver.schoolCategoryNames)）。",
          en: "“\(NameText.visible(categoryText))” is not a school category of this scenario (\(resolver.schoolCategoryNames)).")
      }
      var grade: Int?
      if let category, category.kind == .school {
        let gradeNumber = table.number(row.fields, "grade", in: &texts.grade)
        let pair = categoryNumber << 32 | gradeNumber
        let parsed: Result<Int, GradeName.Problem>
        if let known = grades[pair] {
          parsed = known
        } else {
          parsed = GradeName.parse(texts.grade.texts[gradeNumber], category: category)
          grades[pair] = parsed
        }
        switch parsed {
        case .success(let value): grade = value
        case .failure(let problem): fail("grade", zh: problem.messageZH, en: problem.message)
        }
      }
      let classes = problems.collect { try table.count(row, "classes", max: 10_000) }
      let students = problems.collect { try table.count(row, "students") }
      let members = problems.collect { try table.count(row, "members") }
      if let classes, let students, let members {
        if members > students {
          fail(
            "members", zh: "该年级有 \(members) 名团员，但只有 \(students) 名学生。",
            en: "the grade has \(members) members but only \(students) student\(students == 1 ? "" : "s").")
        }
        if students > limits.maxStudentsPerGrade {
          fail(
            "students",
            zh: "一个年级 \(students) 名学生不合常理（超过 \(limits.maxStudentsPerGrade)，设置项 limits.max_students_per_grade）；它可能是被当作人数读入的日期或合计。",
            en: "\(students) students in one grade is implausible (more than \(limits.maxStudentsPerGrade), setting limits.max_students_per_grade); it may be a date or a total read as a count.")
        } else if classes > 0, students > limits.maxStudentsPerClass * classes {
          fail(
            "students",
            zh: "\(classes) 个班级有 \(students) 名学生，每班超过 \(limits.maxStudentsPerClass) 人（设置项 limits.max_students_per_class）；请核对学生数和班级数。",
            en: "\(students) students in \(classes) class\(classes == 1 ? "" : "es") is more than \(limits.maxStudentsPerClass) per class (setting limits.max_students_per_class); check the students and classes.")
        }
        if classes > students {
          fail("classes", zh: "该年级有 \(classes) 个班级，但只有 \(students) 名学生。", en: "the grade has \(classes) classes but only \(students) students.")
        }
        if students > 0, classes == 0 {
          fail("classes", zh: "该年级有 \(students) 名学生，但班级数为 0。", en: "the grade has \(students) students but 0 classes.")
        }
      }
      let isPrivate = problems.collect { try table.flag(row, "private") }
      let isRural = problems.collect { try table.flag(row, "rural") }
      let lastYear: Int?? = table.has("last_year_quota") && !table.text(row.fields, "last_year_quota").isEmpty
        ? problems.collect { try table.count(row, "last_year_quota", max: 1_000_000) } : .some(nil)
      guard problems.count == problemsBefore, let category, let grade, let classes, let students, let members, let isPrivate, let isRural, let lastYear else { continue }
      let record = GradeRecord(grade: grade, classes: classes, students: students, members: members, sourceRow: row.number)

      // The name as written, made only for a first row or a message (most rows are neither).
      var raw: String { table.raw(row.fields, "school") }
      let key = nameReads[nameText]?.number ?? 0
      let identity = Identity(district: districtNumber, name: key, category: categories[categoryNumber]?.number ?? 0)
      if let at = index[identity] {
        let first = firstRow[at]
        if built[at].isPrivate != isPrivate || built[at].isRural != isRural {
          fail(
            built[at].isPrivate != isPrivate ? "private" : "rural",
            zh: "\(district)\(name)在这里的民办/农村标记与第 \(first.row) 行不同。",
            en: "\(name) in \(district) has a different private/rural flag here than on row \(first.row).")
          continue
        }
        if let earlier = built[at].grades.first(where: { $0.grade == grade }) {
          let spelling = raw != first.raw
            ? " (the names differ only in invisible characters, spaces or full-width forms: “\(first.raw.debugEscaped)” there, “\(raw.debugEscaped)” here)" : ""
          let spellingZH = raw != first.raw
            ? "（两处名称只差不可见字符、空格或全角字符：那里是“\(first.raw.debugEscaped)”，这里是“\(raw.debugEscaped)”）" : ""
          fail(
            "grade", zh: "\(built[at].name)\(GradeName.name(grade, of: category, .zh))已在第 \(earlier.sourceRow) 行出现\(spellingZH)。",
            en: "\(built[at].name) grade \(grade) already appears on row \(earlier.sourceRow)\(spelling).")
          continue
        }
        if let lastYear, built[at].lastYearQuota != lastYear, built[at].lastYearQuota != 0 {
          fail(
            "last_year_quota", zh: "\(built[at].name)的上年指标在这里是 \(lastYear)，在第 \(first.row) 行却是 \(built[at].lastYearQuota)。",
            en: "\(built[at].name) has last year's quota \(lastYear) here but \(built[at].lastYearQuota) on row \(first.row).")
          continue
        }
        if let lastYear { built[at].lastYearQuota = lastYear }
        built[at].grades.append(record)
        if let previous = built[at].grades.dropLast().last, previous.grade > grade { built[at].grades.sort { $0.grade < $1.grade } }
      } else {
        // The private and rural flags belong to the school in all its categories.
        let institution = Institution(district: districtNumber, name: key)
        if let earlier = flags[institution] {
          if earlier.isPrivate != isPrivate || earlier.isRural != isRural {
            fail(
              earlier.isPrivate != isPrivate ? "private" : "rural",
              zh: "\(district)\(name)在这里的民办/农村标记与第 \(earlier.row) 行不同。",
              en: "\(name) in \(district) has a different private/rural flag here than on row \(earlier.row).")
            continue
          }
        } else {
          flags[institution] = (isPrivate, isRural, row.number)
        }
        index[identity] = built.count
        built.append(
          School(
            district: district, name: name, category: category.id, isPrivate: isPrivate, isRural: isRural,
            lastYearQuota: lastYear ?? 0, grades: [record]))
        firstRow.append((row.number, raw))
      }
    }
    try problems.check()
    return (built, table.ignoredNote.map { [$0] } ?? [])
  }
}

/// The scenario's districts by their compared form, so `甲区` typed with a zero-width space or
/// full-width characters is the scenario's `甲区`; with no districts in the scenario, every
/// district is accepted as first written.
struct DistrictNames {
  private var known: [String: String] = [:]
  /// True when the scenario lists no districts: each is taken as first written in the file.
  private let open: Bool

  init(policy: Policy) {
    open = policy.districts.isEmpty
    for district in policy.districts where known[NameText.key(district)] == nil { known[NameText.key(district)] = district }
  }

  /// The scenario's spelling of `district` (or, when the scenario lists none, the file's first
  /// spelling of it), or nil when the scenario does not have it.
  mutating func canonical(_ district: String) -> String? {
    if let found = known[district] { return found }
    let key = NameText.key(district)
    if let found = known[key] { return found }
    guard open else { return nil }
    known[key] = district
    return district
  }
}

extension String {
  /// The text with invisible and control characters shown as `\u{200B}`, for messages.
  var debugEscaped: String {
    var result = ""
    for scalar in unicodeScalars {
      if NameText.invisible.contains(scalar.value) || NameText.isControl(scalar) || scalar.properties.isWhitespace && scalar != " " {
        result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
      } else {
        result.unicodeScalars.append(scalar)
      }
    }
    return result
  }
}

/// Maps what planners type for a category (id, Chinese name or alias) onto the policy.
struct CategoryResolver {
  let policy: Policy

  func category(named text: String) -> CategoryPolicy? {
    // normalise compares in NFKC without invisible characters.
    let wanted = CSVTable.normalise(text)
    guard !wanted.isEmpty else { return nil }
    return policy.categories.first { category in
      ([category.id, category.name] + category.aliases).contains { CSVTable.normalise($0) == wanted }
    }
  }

  var schoolCategoryNames: String {
    policy.categories.filter { $0.kind == .school }.map { "\($0.name)/\($0.id)" }.joined(separator: "、")
  }
}

/// Grade names as planners write them in data files: 2, 初二, 高一, 二年级, grade 3, 中职一年级, 大一.
extension GradeName {
  /// Why a grade text is refused, as a sentence.
  struct Problem: Error {
    /// The sentence in English.
    let message: String
    /// The sentence in Chinese.
    var messageZH: String = ""
  }

  /// The grade number, whatever the prefix (for pins, which name a school's grade).
  static func parse(_ text: String) -> Int? { split(text)?.grade }

  /// The grade number of `text` on a row of `category`: a prefix that names another kind of
  /// school (初三 on a 普通高中 row, 高一 on 初中, 中职一年级 on 普通高中) is refused, and the
  /// number must be one of the category's grades.
  static func parse(_ text: String, category: CategoryPolicy) -> Result<Int, Problem> {
    let shown = NameText.visible(text)
    let notAGrade = Problem(
      message: "“\(shown)” is not a grade of \(category.name), which has grades 1 to \(category.gradeCount).",
      messageZH: "“\(shown)”不是\(category.name)的年级；\(category.name)有 \(category.gradeCount) 个年级（\(GradeName.list(Array(1...max(1, category.gradeCount)), of: category, .zh))）。")
    guard let (grade, prefix) = split(text) else { return .failure(notAGrade) }
    if let prefix, let kind = kinds[prefix], !kind.allows(category) {
      return .failure(
        Problem(
          message: "“\(shown)” is a grade of \(kind.name), but the row's category is \(category.name); correct the grade or the category.",
          messageZH: "“\(shown)”是\(kind.name)的年级，但该行的类别是\(category.name)；请改正年级或类别。"))
    }
    guard (1...max(1, category.gradeCount)).contains(grade), category.gradeCount > 0 else { return .failure(notAGrade) }
    return .success(grade)
  }

  /// The kinds of school a grade prefix names.
  private struct Kind {
    let name: String
    let ids: Set<String>
    /// Words in a category's name or aliases that make the prefix fit a scenario's own category.
    let words: [String]
    func allows(_ category: CategoryPolicy) -> Bool {
      ids.contains(category.id) || ([category.name] + category.aliases).contains { text in words.contains { text.contains($0) } }
    }
  }

  private static let kinds: [String: Kind] = [
    "初": Kind(name: "初中", ids: ["junior_high"], words: ["初中", "初级中学"]),
    "高": Kind(name: "普通高中", ids: ["senior_high"], words: ["高中"]),
    "中职": Kind(name: "中职", ids: ["secondary_vocational", "five_year_higher_vocational"], words: ["中职", "中专", "职业"]),
    "职": Kind(name: "职业学校", ids: ["secondary_vocational", "higher_vocational", "five_year_higher_vocational"], words: ["职"]),
    "大": Kind(name: "高职", ids: ["higher_vocational", "five_year_higher_vocational"], words: ["高职", "大学", "学院", "专科"]),
  ]

  /// The number and the school-kind prefix (初, 高, 中职, 职, 大) of a grade text.
  private static func split(_ text: String) -> (grade: Int, prefix: String?)? {
    var rest = NameText.key(text).lowercased().trimmingCharacters(in: .whitespaces)
    var prefix: String?
    for candidate in ["grade", "初", "高", "中职", "职", "大"] where rest.hasPrefix(candidate) {
      rest = String(rest.dropFirst(candidate.count)).trimmingCharacters(in: .whitespaces)
      if candidate != "grade" { prefix = candidate }
    }
    for suffix in ["年级", "年"] where rest.hasSuffix(suffix) { rest = String(rest.dropLast(suffix.count)) }
    if let value = Int(rest), value > 0 { return (value, prefix) }
    let numerals: [Character: Int] = ["一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6]
    if rest.count == 1, let value = rest.first.flatMap({ numerals[$0] }) { return (value, prefix) }
    return nil
  }
}
