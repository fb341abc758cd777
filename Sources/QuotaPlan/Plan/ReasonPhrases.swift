/// The parts of a category's reasons that depend only on the category and the plan's language:
/// grade names (初二, 中职一年级), lists of grades, cap ratios and the R8 sentence. `Reasons`
/// makes them once a plan instead of once a school-grade; each gives the same text as the
/// function it stands for (`GradeName`, `percent`, `CapScope.gradesName`), which it falls back
/// to for anything it did not prepare.
struct ReasonPhrases: Sendable {
  let category: CategoryPolicy
  let language: Language
  /// `GradeName.name(grade, of: category, language)` for grades 0 to the category's count.
  private let gradeNames: [String]
  /// `GradeName.list(grades, of: category, language)` for the grade lists the category names.
  private let lists: [(grades: [Int], text: String)]
  /// `percent(value)` for the category's cap ratios and strict-control thresholds.
  private let percents: [(value: Double, text: String)]
  /// `percent(category.previousYearFloor ?? 0)`.
  let floorPercent: String
  /// The R8 sentence up to the grade: "R8（可发展年级）：初中只在初二、初三发展，".
  private let notEligibleHead: String

  init(_ category: CategoryPolicy, _ language: Language) {
    self.category = category
    self.language = language
    gradeNames = (0...max(category.gradeCount, 1)).map { GradeName.name($0, of: category, language) }
    var lists: [(grades: [Int], text: String)] = []
    var grades: [[Int]] = [category.eligibleGrades]
    grades += category.caps.map { $0.grades ?? Array(1...max(category.gradeCount, 1)) }
    grades += category.strictControl.map(\.grades)
    for list in grades where !lists.contains(where: { $0.grades == list }) {
      lists.append((list, GradeName.list(list, of: category, language)))
    }
    self.lists = lists
    var percents: [(value: Double, text: String)] = []
    for value in category.caps.map(\.ratio) + category.strictControl.map(\.above)
    where !percents.contains(where: { $0.value.bitPattern == value.bitPattern }) {
      percents.append((value, percent(value)))
    }
    self.percents = percents
    floorPercent = percent(category.previousYearFloor ?? 0)
    let eligible = lists.first { $0.grades == category.eligibleGrades }?.text ?? GradeName.list(category.eligibleGrades, of: category, language)
    notEligibleHead = language == .zh
      ? "\(RuleID.r8.tag(.zh))：\(category.name)只在\(eligible)发展，"
      : "\(RuleID.r8.tag(.en)): \(category.label(.en)) develops only \(eligible); none in grade "
  }

  /// 初二 / "grade 2".
  func gradeName(_ grade: Int) -> String {
    gradeNames.indices.contains(grade) ? gradeNames[grade] : GradeName.name(grade, of: category, language)
  }

  /// 初二、初三 / "grades 2 and 3".
  func list(_ grades: [Int]) -> String {
    lists.first { $0.grades == grades }?.text ?? GradeName.list(grades, of: category, language)
  }

  /// 12.5%, as `percent(value)` writes it.
  func percentOf(_ value: Double) -> String {
    percents.first { $0.value.bitPattern == value.bitPattern }?.text ?? percent(value)
  }

  /// `scope.gradesName(school, category, language)`: 全校 / "the whole school", or its grades.
  func gradesName(_ scope: CapScope, _ school: School) -> String {
    if scope.grades.elementsEqual(school.grades.lazy.map(\.grade)) { return language == .zh ? "全校" : "the whole school" }
    return list(scope.grades)
  }

  /// R8's sentence for a grade outside the eligible ones.
  func notEligible(_ grade: Int) -> String {
    language == .zh ? notEligibleHead + gradeName(grade) + "不分配。" : notEligibleHead + "\(grade)."
  }

  /// The rules' tags in one language ("R8（可发展年级）", "R8 (eligible grades)").
  struct Tags: Sendable {
    let r8: String, r9: String, r10: String, r11: String, r12: String
    let g1: String, g2: String, g3: String
    private let all: [(rule: RuleID, text: String)]
    private let language: Language

    init(_ language: Language) {
      self.language = language
      all = RuleID.allCases.map { ($0, $0.tag(language)) }
      r8 = RuleID.r8.tag(language)
      r9 = RuleID.r9.tag(language)
      r10 = RuleID.r10.tag(language)
      r11 = RuleID.r11.tag(language)
      r12 = RuleID.r12.tag(language)
      g1 = RuleID.g1.tag(language)
      g2 = RuleID.g2.tag(language)
      g3 = RuleID.g3.tag(language)
    }

    func tag(_ rule: RuleID) -> String { all.first { $0.rule == rule }?.text ?? rule.tag(language) }
  }
}
