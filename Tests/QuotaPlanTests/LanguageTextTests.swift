import Foundation
import QuotaPlan
import Testing

/// One language throughout (#12 §1): grade names, reasons, explanations, the summary and the
/// comparison are in the plan's language, with no text of the other language apart from the
/// names in the data (schools, districts, units) and the rule codes R1–R12, G1–G3.
@Suite("Text in one language")
struct LanguageTextTests {
  static let plans: Result<(zh: Plan, en: Plan), Error> = Result {
    let scenario = try ScenarioLoader.load(Fixture.yangzhouPath)
    var chinese = scenario
    chinese.policy.language = .zh
    var english = scenario
    english.policy.language = .en
    return (try Planner.plan(chinese), try Planner.plan(english))
  }

  /// `text` without the data's proper names and the scenario's own words (title, category
  /// names, which a planner chose and which stay as written).
  static func withoutNames(_ text: String, _ plan: Plan) -> String {
    var names = plan.schoolPlans.flatMap { [$0.school.name, $0.school.district] } + plan.socialPlans.flatMap { [$0.unit.name, $0.unit.district] }
    names += [plan.policy.title, plan.policy.name] + plan.policy.districts
    var result = text
    // Longest first, so a district inside a school's name never leaves half a name behind.
    for name in Set(names).sorted(by: { $0.count > $1.count }) where !name.isEmpty {
      result = result.replacingOccurrences(of: name, with: " ")
    }
    return result
  }

  /// Chinese characters (CJK ideographs and Chinese punctuation) in `text`.
  static func chinese(_ text: String) -> [Character] {
    text.filter { character in
      character.unicodeScalars.contains { (0x3000...0x303F).contains($0.value) || (0x4E00...0x9FFF).contains($0.value) || (0xFF00...0xFFEF).contains($0.value) }
    }
  }

  /// English words in `text`, apart from the rule codes (R5, G1, R12) and `--options`.
  static func englishWords(_ text: String) -> [String] {
    let words = text.split { !($0.isASCII && $0.isLetter) && !$0.isNumber && $0 != "-" }.map(String.init)
    return words.filter { word in
      word.contains { $0.isASCII && $0.isLetter }
        && word.range(of: #"^(R\d+|G\d)$"#, options: .regularExpression) == nil && !word.hasPrefix("--")
    }
  }

  // MARK: Grade names

  @Test("each notice category names its grades as planners do, from its Chinese name")
  func gradeNames() throws {
    let notice = Policy.notice
    let expected: [String: [String]] = [
      "junior_high": ["初一", "初二", "初三"],
      "senior_high": ["高一", "高二", "高三"],
      "secondary_vocational": ["中职一年级", "中职二年级", "中职三年级"],
      "higher_vocational": ["高职一年级", "高职二年级", "高职三年级"],
      "five_year_higher_vocational": ["五年制高职一年级", "五年制高职二年级", "五年制高职三年级"],
    ]
    for (id, names) in expected {
      let category = try #require(notice.category(id))
      for (offset, name) in names.enumerated() where offset < category.gradeCount {
        #expect(category.gradeName(offset + 1, .zh) == name, "\(id)")
        #expect(category.gradeName(offset + 1, .en) == "grade \(offset + 1)")
      }
    }
    #expect(GradeName.name(2, of: nil, .zh) == "2 年级")
    #expect(GradeName.name(2, of: nil, .en) == "grade 2")
  }

  @Test("the scheme comes from the category's Chinese name, not its id")
  func schemeFromName() {
    let renamed = CategoryPolicy(id: "junior_high", name: "特殊教育", gradeCount: 3, eligibleGrades: [2, 3])
    #expect(renamed.gradeName(2, .zh) == "特殊教育二年级")
    let ownJunior = CategoryPolicy(id: "city_schools", name: "初中", gradeCount: 3, eligibleGrades: [2, 3])
    #expect(ownJunior.gradeName(3, .zh) == "初三")
    let ownSenior = CategoryPolicy(id: "g", name: "高中", gradeCount: 3, eligibleGrades: [1, 2])
    #expect(ownSenior.gradeName(1, .zh) == "高一")
  }

  @Test("a list of grades: 初二、初三; grade 2, grades 2 and 3, grades 1, 2 and 3")
  func gradeLists() throws {
    let junior = try #require(Policy.notice.category("junior_high"))
    #expect(junior.gradeNames([3, 2], .zh) == "初二、初三")
    #expect(junior.gradeNames([2], .en) == "grade 2")
    #expect(junior.gradeNames([2, 3], .en) == "grades 2 and 3")
    #expect(junior.gradeNames([1, 2, 3], .en) == "grades 1, 2 and 3")
    #expect(GradeName.list([1, 2], of: nil, .zh) == "1、2 年级")
  }

  @Test("every grade name reads back as its grade; names of another category or grade do not")
  func gradeRoundTrip() throws {
    for category in Policy.notice.categories where category.kind == .school {
      for grade in 1...category.gradeCount {
        let forms = [
          category.gradeName(grade, .zh), category.gradeName(grade, .en), String(grade), "\(grade)年级", "\(grade) 年级",
          "\(GradeName.numeral(grade))年级",
        ]
        for form in forms { #expect(GradeName.parse(form, for: category) == grade, "\(form) on \(category.name)") }
      }
      #expect(GradeName.parse("\(category.gradeCount + 1)", for: category) == nil)
      #expect(GradeName.parse("0", for: category) == nil)
      #expect(GradeName.parse("", for: category) == nil)
      #expect(GradeName.parse("初", for: category) == nil)
    }
    let junior = try #require(Policy.notice.category("junior_high"))
    let senior = try #require(Policy.notice.category("senior_high"))
    #expect(GradeName.parse("高一", for: junior) == nil)
    #expect(GradeName.parse("初二", for: senior) == nil)
    #expect(GradeName.parse("初四", for: junior) == nil)
    #expect(GradeName.parse("初中二年级", for: junior) == 2)
  }

  // MARK: Explanations

  /// A school with a cap, a coverage target and an ineligible grade: most kinds of line.
  static func school(_ plan: Plan) throws -> SchoolPlan {
    try #require(
      plan.schoolPlans.first { school in
        school.category.id == "senior_high" && school.grades.contains { $0.reason.kind == .alreadyAboveCap }
      } ?? plan.schoolPlans.first { $0.category.id == "senior_high" })
  }

  @Test("explain in Chinese has no English, and in English no Chinese, for a school and a social unit")
  func explanationsInOneLanguage() throws {
    let (zh, en) = try Self.plans.get()
    for plan in [zh, en] {
      var texts: [String] = []
      let school = try Self.school(plan)
      texts.append(try Explanation.text(plan, school: school.school.name, district: school.school.district, category: school.category.id))
      let junior = try #require(plan.schoolPlans.first { $0.category.id == "junior_high" && $0.quota > 0 })
      texts.append(try Explanation.text(plan, school: junior.school.name, district: junior.school.district, category: junior.category.id))
      let vocational = try #require(plan.schoolPlans.first { $0.category.id == "secondary_vocational" })
      texts.append(try Explanation.text(plan, school: vocational.school.name, district: vocational.school.district, category: vocational.category.id))
      let unit = try #require(plan.socialPlans.first { $0.unit.kind == .village && $0.quota > 0 })
      texts.append(try Explanation.socialText(plan, unit: unit.unit.name, district: unit.unit.district))
      for text in texts {
        let scanned = Self.withoutNames(text, plan)
        if plan.policy.language == .zh {
          #expect(Self.englishWords(scanned).isEmpty, "English in: \(text)")
          #expect(!text.contains("_"), "an internal key in: \(text)")
        } else {
          #expect(Self.chinese(scanned).isEmpty, "Chinese in: \(text)")
        }
      }
    }
  }

  @Test("every reason is in the plan's language and names grades as the category does")
  func reasonsInOneLanguage() throws {
    let (zh, en) = try Self.plans.get()
    for school in zh.schoolPlans {
      for grade in school.grades {
        let text = Self.withoutNames(grade.reason.text, zh)
        #expect(Self.englishWords(text).isEmpty, "\(grade.reason.text)")
      }
    }
    for school in en.schoolPlans {
      for grade in school.grades { #expect(Self.chinese(Self.withoutNames(grade.reason.text, en)).isEmpty, "\(grade.reason.text)") }
    }
    for social in en.socialPlans { #expect(Self.chinese(Self.withoutNames(social.reason.text, en)).isEmpty, "\(social.reason.text)") }
    // An ineligible senior-high grade 3 names it 高三 in Chinese.
    let senior = try #require(zh.schoolPlans.first { $0.category.id == "senior_high" && $0.school.record(3) != nil })
    let third = try #require(senior.grades.first { $0.record.grade == 3 })
    if third.reason.kind == .notEligible { #expect(third.reason.text.contains("高三")) }
  }

  @Test("a grade typed as planners type it (初二, 高一, 二年级) is explained; one the school lacks is refused with its names")
  func explainByGradeName() throws {
    let (zh, _) = try Self.plans.get()
    let junior = try #require(zh.schoolPlans.first { $0.category.id == "junior_high" && $0.school.record(2) != nil })
    let byName = try Explanation.text(zh, school: junior.school.name, district: junior.school.district, category: "junior_high", gradeText: "初二")
    let byNumber = try Explanation.text(zh, school: junior.school.name, district: junior.school.district, category: "junior_high", grade: 2)
    #expect(byName == byNumber)
    #expect(byName.contains("初二："))
    #expect(!byName.contains("初三："))
    #expect(throws: Explanation.UnknownGrade.self) {
      try Explanation.text(zh, school: junior.school.name, district: junior.school.district, category: "junior_high", gradeText: "高一")
    }
    do {
      _ = try Explanation.text(zh, school: junior.school.name, district: junior.school.district, category: "junior_high", gradeText: "初四")
    } catch let error as Explanation.UnknownGrade {
      #expect(error.sentence(.zh).contains("初一、初二、初三"))
    }
  }

  // MARK: Summary

  @Test("the summary: Chinese punctuation and a final 。 in Chinese, no English words; English sentences in English")
  func summary() throws {
    let (zh, en) = try Self.plans.get()
    let chinese = Summary.text(zh, outputFolder: "out/x")
    #expect(chinese.hasSuffix("。"))
    for line in chinese.split(separator: "\n") { #expect(line.hasSuffix("。"), "\(line)") }
    let files = Set(PlanWriter.fileNames.flatMap { $0.split(separator: ".").map(String.init) })
    let words = Self.englishWords(Self.withoutNames(chinese.replacingOccurrences(of: "out/x", with: ""), zh)).filter { !files.contains($0) }
    #expect(words.isEmpty, "\(words)")
    #expect(chinese.contains("G1（杜绝关门主义）"))
    let english = Summary.text(en, outputFolder: nil)
    #expect(Self.chinese(Self.withoutNames(english, en)).isEmpty, "\(english)")
    #expect(!english.contains(" 1 schools") && !english.contains(" 1 units"))
  }

  // MARK: Comparison

  static func comparison(_ language: Language) throws -> Comparison {
    // A lower senior-high cap changes the rule that decides many grades.
    var scenarios = [
      try ScenarioLoader.load(Fixture.yangzhouPath),
      try ScenarioLoader.load(Fixture.yangzhouPath.replacingOccurrences(of: "yangzhou-2022", with: "what-if-senior-cap-25")),
    ]
    for index in scenarios.indices {
      scenarios[index].policy.language = language
      scenarios[index].policy.headers = nil
    }
    let plans = try scenarios.map { try Planner.plan($0) }
    return Comparison(plans.map { Runner.Outcome(name: $0.policy.name, path: "", plan: $0, failure: nil, isConflict: false, seconds: 0) })
  }

  @Test("compare in Chinese: Chinese headers, words for levels and kinds, no internal keys in changed rules")
  func comparisonInChinese() throws {
    let comparison = try Self.comparison(.zh)
    #expect(!comparison.changes.isEmpty)
    for change in comparison.changes {
      for text in [change.unit, change.before, change.after] {
        #expect(!text.contains("_"), "\(text)")
        #expect(Self.englishWords(text).isEmpty, "\(text)")
      }
    }
    let files = Dictionary(try ComparisonOutput.files(comparison).map { ($0.name, $0.data) }, uniquingKeysWith: { a, _ in a })
    func header(_ name: String) throws -> String {
      let text = try #require(files[name].flatMap { String(data: $0, encoding: .utf8) })
      // "\r\n" is one Character: split on any line break.
      return String(text.drop { $0 == "\u{FEFF}" }.split(whereSeparator: \.isNewline).first ?? "")
    }
    #expect(try header("comparison.csv").hasPrefix("层级,区县,类别,"))
    #expect(try header("changes.csv") == "类型,方案,单位,之前,之后")
    #expect(try header("kpis.csv").hasPrefix("指标,"))
    let text = ComparisonOutput.text(comparison)
    #expect(text.contains("分区县分类别指标："))
    #expect(!text.contains("Quotas by district"))
    let html = try #require(files["compare.html"].flatMap { String(data: $0, encoding: .utf8) })
    #expect(html.contains("<html lang=\"zh-CN\">") && html.contains("逆向变动"))
  }

  @Test("compare in English: machine headers, English lines, no Chinese apart from names")
  func comparisonInEnglish() throws {
    let comparison = try Self.comparison(.en)
    let files = Dictionary(try ComparisonOutput.files(comparison).map { ($0.name, $0.data) }, uniquingKeysWith: { a, _ in a })
    let csv = try #require(files["changes.csv"].flatMap { String(data: $0, encoding: .utf8) })
    #expect(csv.drop { $0 == "\u{FEFF}" }.hasPrefix("kind,scenario,unit,before,after"))
    let text = ComparisonOutput.text(comparison)
    // The same schools and districts as the English plan's.
    let plan = try Self.plans.get().en
    #expect(Self.chinese(Self.withoutNames(text, plan)).isEmpty, "\(text)")
  }

  // MARK: Words for codes and types

  @Test("every rule and goal has a name and a one-sentence meaning in both languages, with no numbers")
  func ruleMeanings() {
    for rule in RuleID.allCases {
      for language in Language.allCases {
        let meaning = rule.meaning(language)
        #expect(!meaning.isEmpty)
        #expect(meaning.hasSuffix(language == .zh ? "。" : "."), "\(rule) \(language)")
        #expect(!meaning.contains { $0.isASCII && $0.isNumber }, "\(rule): a number belongs in the settings")
      }
      #expect(Self.chinese(rule.meaning(.en)).isEmpty)
      #expect(Self.englishWords(rule.meaning(.zh)).isEmpty)
      #expect(rule.tag(.zh).contains(rule.title(.zh)))
    }
    #expect(Set(RuleID.allCases.map { $0.meaning(.zh) }).count == RuleID.allCases.count)
    #expect(RuleID.r5.tag(.zh) == "R5（高一高二团青比上限）")
  }

  @Test("social unit types have a label in each language")
  func unitTypes() {
    #expect(SocialUnit.Kind.allCases.map { $0.label(.zh) } == ["村", "社区", "企业", "社会组织"])
    #expect(SocialUnit.Kind.allCases.map { $0.label(.en) } == SocialUnit.Kind.allCases.map(\.rawValue))
  }
}
