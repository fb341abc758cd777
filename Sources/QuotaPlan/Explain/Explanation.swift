/// `quotaplan explain`: one unit's data, caps, what each goal asked of it, its number and why,
/// and why not one more or one fewer — which rule stops the next member, or which other unit
/// would pay for it and why that unit has the stronger claim.
public enum Explanation {
  public enum Failure: Error, Sendable, CustomStringConvertible {
    case noSuchSchool(String, suggestions: [String])
    case noSuchGrade(String, Int, grades: [Int])
    /// The name is a school in several districts (or categories): which one?
    case ambiguousSchool(String, candidates: [School.ID], categoryNames: [String: String])

    public var description: String {
      switch self {
      case .noSuchSchool(let name, let suggestions):
        return "No school is called “\(name)”." + (suggestions.isEmpty ? "" : " Did you mean: \(suggestions.joined(separator: "、"))?")
      case .ambiguousSchool(let name, let candidates, let categoryNames):
        let districts = Set(candidates.map(\.district))
        let list = candidates.map { id in
          districts.count == candidates.count ? id.district : "\(id.district) \(categoryNames[id.category] ?? id.category) (--category \(id.category))"
        }
        let ask = districts.count == candidates.count ? "give --district" : (districts.count == 1 ? "give --category" : "give --district and --category")
        return "\(candidates.count) schools are called “\(name)”: in \(list.joined(separator: "、")); \(ask) to say which."
      case .noSuchGrade(let school, let grade, let grades):
        return "\(school) has no grade \(grade); it has \(GradeName.list(grades, of: nil, .en))."
      }
    }

    /// The same sentence in `language`.
    public func sentence(_ language: Language) -> String {
      guard language == .zh else { return description }
      switch self {
      case .noSuchSchool(let name, let suggestions):
        let parts = name.components(separatedBy: "” in “")
        let sentence = parts.count == 2 ? "“\(parts[1])”中没有名为“\(parts[0])”的学校。" : "没有名为“\(name)”的学校。"
        return sentence + (suggestions.isEmpty ? "" : "您是否要找：\(suggestions.joined(separator: "、"))？")
      case .ambiguousSchool(let name, let candidates, let categoryNames):
        let districts = Set(candidates.map(\.district))
        let list = candidates.map { id in
          districts.count == candidates.count ? id.district : "\(id.district) \(categoryNames[id.category] ?? id.category)（--category \(id.category)）"
        }
        let ask = districts.count == candidates.count ? "--district" : (districts.count == 1 ? "--category" : "--district 和 --category")
        return "有 \(candidates.count) 所学校名为“\(name)”，分别在 \(list.joined(separator: "、"))；请用 \(ask) 指明是哪一所。"
      case .noSuchGrade(let school, let grade, let grades):
        return "\(school)没有第 \(grade) 年级；它有 \(GradeName.list(grades, of: nil, .zh))。"
      }
    }
  }

  /// A grade text (`--grade 初四`) that names none of the school's grades.
  public struct UnknownGrade: Error, Sendable, Equatable, CustomStringConvertible {
    public var school: String
    public var text: String
    /// The school's grades as the plan's language names them.
    public var grades: [String]

    public var description: String { "\(school) has no grade “\(text)”; it has \(GradeName.englishSeries(grades))." }

    /// The sentence in `language`.
    public func sentence(_ language: Language) -> String {
      language == .zh ? "\(school)没有“\(text)”这个年级；它有 \(grades.joined(separator: "、"))。" : description
    }
  }

  /// The explanation with the grade as a planner types it (`2`, `初二`, `高一`, `中职一年级`,
  /// `二年级`), read for the school's category: a grade text that names none of the school's
  /// grades fails with their names.
  public static func text(
    _ plan: Plan, school name: String, district: String? = nil, category: String? = nil, gradeText: String
  ) throws -> String {
    // The school first (its category says how its grades are named), then the grade.
    let index = try school(plan, name: name, district: district, category: category)
    let school = plan.schoolPlans[index]
    guard let grade = GradeName.parse(gradeText, for: school.category), school.school.record(grade) != nil else {
      let language = plan.policy.language
      throw UnknownGrade(
        school: school.school.name, text: NameText.visible(gradeText),
        grades: school.school.grades.map { school.category.gradeName($0.grade, language) })
    }
    return try text(plan, index: index, grade: grade)
  }

  /// The explanation of a school (every grade) or one of its grades, in the plan's language.
  /// A school is identified by district and name (and category where one school is in
  /// several): when `name` alone names several schools, `district` and `category` (id or
  /// name) say which, and without them the failure lists the candidates.
  public static func text(_ plan: Plan, school name: String, district: String? = nil, category: String? = nil, grade: Int? = nil) throws -> String {
    try text(plan, index: school(plan, name: name, district: district, category: category), grade: grade)
  }

  /// The index in `plan.schoolPlans` of the school `name` (in `district`, of `category`).
  static func school(_ plan: Plan, name: String, district: String?, category: String?) throws -> Int {
    let categoryID = category.map { CategoryResolver(policy: plan.policy).category(named: $0)?.id ?? $0 }
    let named = plan.schoolPlans.indices.filter { plan.schoolPlans[$0].school.matches(name: name) }
    let matching = named.filter { plan.schoolPlans[$0].school.matches(name: name, district: district, category: categoryID) }
    guard let index = matching.first else {
      if !named.isEmpty {
        let where_ = [district, category].compactMap { $0 }.joined(separator: " ")
        throw Failure.noSuchSchool(
          "\(name)” in “\(where_)", suggestions: named.map { "\(plan.schoolPlans[$0].school.district) \(plan.schoolPlans[$0].school.name)" })
      }
      let close = plan.schoolPlans.map(\.school.name).filter { $0.contains(name) || name.contains($0) }.prefix(5)
      throw Failure.noSuchSchool(name, suggestions: Array(close))
    }
    if matching.count > 1 {
      throw Failure.ambiguousSchool(
        School.normalized(name), candidates: matching.map { plan.schoolPlans[$0].school.id },
        categoryNames: Dictionary(plan.policy.categories.map { ($0.id, $0.label(plan.policy.language)) }, uniquingKeysWith: { a, _ in a }))
    }
    return index
  }

  static func text(_ plan: Plan, index: Int, grade: Int?) throws -> String {
    let school = plan.schoolPlans[index]
    if let grade, school.school.record(grade) == nil {
      throw Failure.noSuchGrade(school.school.name, grade, grades: school.school.grades.map(\.grade))
    }
    let language = plan.policy.language
    let zh = language == .zh
    func t(_ chinese: String, _ english: String) -> String { zh ? chinese : english }
    let category = school.category
    let margins = Margins(plan, category: category)
    var lines: [String] = []
    let flags = [school.school.isPrivate ? t("民办", "private") : nil, school.school.isRural ? t("农村", "rural") : nil].compactMap { $0 }
    lines.append("\(school.school.name) — \(school.school.district) · \(category.label(language))\(flags.isEmpty ? "" : " · " + flags.joined(separator: t("、", ", ")))")
    lines.append(t("  全校：学生 \(school.school.students)，团员 \(school.school.members)，指标 \(school.quota)", "  school: \(school.school.students) students, \(school.school.members) members, quota \(school.quota)"))
    for scope in RatioCaps.scopes(school.school, school.category) {
      let given = scope.grades.reduce(0) { $0 + school.quota(grade: $1) }
      lines.append(
        t("  上限 \(scope.rule.tag(.zh))：\(scope.gradesName(school.school, category, .zh)) ≤ \(percent(scope.ratio))，即 ⌊\(percent(scope.ratio))×\(scope.students)⌋ = \(scope.limit) 名；现有 \(scope.members)，可增 \(scope.room)，已分 \(given)",
          "  cap \(scope.rule.tag(.en)): \(scope.gradesName(school.school, category, .en)) ≤ \(percent(scope.ratio)), i.e. floor(\(percent(scope.ratio)) × \(scope.students)) = \(scope.limit); \(scope.members) members now, room \(scope.room), given \(given)"))
    }
    if school.closedDoorDemand > 0 {
      let why = ClosedDoor.because(school.school, category, language)
      lines.append(t("  \(RuleID.g1.tag(.zh))：\(why)学校，至少 1 名", "  \(RuleID.g1.tag(.en)): \(article(why)) \(why) school gets at least 1"))
    }
    let floor = PreviousYearFloor.floor(school.school, school.category)
    if floor > 0 {
      lines.append(
        t("  \(RuleID.r10.tag(.zh))：上年 \(school.school.lastYearQuota)，至少 \(floor)",
          "  \(RuleID.r10.tag(.en)): last year \(school.school.lastYearQuota), at least \(floor)"))
    }
    for (gradeIndex, record) in school.grades.enumerated() where grade == nil || record.record.grade == grade {
      lines.append("")
      let r = record.record
      lines.append(
        t("  \(category.gradeName(r.grade, .zh))：\(r.classes) 个班，学生 \(r.students)，团员 \(r.members)（\(percent(Double(r.members) / Double(max(r.students, 1)), digits: 2))）",
          "  grade \(r.grade): \(count(r.classes, "class", "classes")), \(count(r.students, "student", "students")), \(count(r.members, "member", "members")) (\(percent(Double(r.members) / Double(max(r.students, 1)), digits: 2)))"))
      if record.coverageDemand > 0 {
        lines.append(
          t("    \(RuleID.g2.tag(.zh))：覆盖目标需新增 \(record.coverageDemand) 名",
            "    \(RuleID.g2.tag(.en)): coverage asks \(count(record.coverageDemand, "new member", "new members"))"))
      }
      lines.append(t("    指标 \(record.quota)，团青比升至 \(percent(record.ratioAfter, digits: 2))", "    quota \(record.quota), ratio after \(percent(record.ratioAfter, digits: 2))"))
      lines.append(t("    理由：", "    why: ") + record.reason.text)
      let unit = margins.unit(plan: index, grade: gradeIndex)
      lines.append(t("    为何不多 1 名：", "    why not one more: ") + sentence(oneMore(unit, record, margins, school, zh: zh), zh: zh))
      if record.quota > 0 {
        lines.append(t("    为何不少 1 名：", "    why not one fewer: ") + sentence(oneFewer(unit, record, margins, school, floor: floor, zh: zh), zh: zh))
      }
    }
    return lines.joined(separator: "\n")
  }

  /// A clause closed as a sentence: 。 in Chinese, a full stop in English.
  static func sentence(_ text: String, zh: Bool) -> String {
    text.trimmingSentenceEnd() + (zh ? "。" : ".")
  }

  /// "1 class", "3 classes".
  static func count(_ value: Int, _ one: String, _ many: String) -> String { "\(value) \(value == 1 ? one : many)" }

  /// "a" or "an" before an English word.
  static func article(_ word: String) -> String {
    guard let first = word.lowercased().first else { return "a" }
    return "aeiou".contains(first) ? "an" : "a"
  }

  static func oneMore(_ unit: Margins.Unit?, _ grade: GradePlan, _ margins: Margins, _ school: SchoolPlan, zh: Bool) -> String {
    guard let unit else { return grade.reason.text }
    if let cap = unit.fullCap {
      return zh
        ? "\(cap.rule.tag(.zh))上限已满：\(cap.gradesName(school.school, school.category, .zh))再多 1 名将达 \(cap.members + cap.grades.reduce(0) { $0 + school.quota(grade: $1) } + 1) > \(cap.limit)"
        : "the cap \(cap.rule.tag(.en)) is full: one more would make \(cap.members + cap.grades.reduce(0) { $0 + school.quota(grade: $1) } + 1) > \(cap.limit) in \(cap.gradesName(school.school, school.category, .en))"
    }
    if grade.after >= grade.record.students {
      return zh
        ? "\(RuleID.r12.tag(.zh))：本年级 \(grade.record.students) 名学生，再多 1 名将有 \(grade.after + 1) 名团员"
        : "\(RuleID.r12.tag(.en)): the grade has \(grade.record.students) students; one more would make \(grade.after + 1) members"
    }
    guard let donor = margins.donor(excluding: unit.order) else {
      return zh ? "本类别总量已定，没有其他单位可让出名额而不违反规则或更高目标" : "the category total is fixed and no other unit can give a member up without breaking a rule or a higher goal"
    }
    let mine = percent(unit.nextRatio, digits: 2)
    let theirs = percent(donor.cost.cost(donor.quota - 1), digits: 2)
    return zh
      ? "本类别总量已定，多 1 名须由 \(donor.label(.zh)) 让出；其最后 1 名使团青比达 \(percent(donor.ratio, digits: 2))，不高于本单位再多 1 名的 \(mine)（让出后将降至 \(theirs)），其需要更强"
      : "the category total is fixed, so one more here would come from \(donor.label(.en)), whose last member brings it to \(percent(donor.ratio, digits: 2)), not above the \(mine) one more would bring here (it would fall to \(theirs)): its claim is stronger"
  }

  static func oneFewer(_ unit: Margins.Unit?, _ grade: GradePlan, _ margins: Margins, _ school: SchoolPlan, floor: Int, zh: Bool) -> String {
    if grade.quota <= grade.coverageDemand {
      return zh
        ? "\(RuleID.g2.tag(.zh))：覆盖目标需新增 \(grade.coverageDemand) 名，少 1 名即不达标"
        : "\(RuleID.g2.tag(.en)): coverage needs \(grade.coverageDemand) here; one fewer misses it"
    }
    if floor > 0, school.quota <= floor {
      return zh ? "\(RuleID.r10.tag(.zh))：全校至少 \(floor) 名" : "\(RuleID.r10.tag(.en)) requires at least \(floor) for the school"
    }
    if school.closedDoorDemand > 0, school.quota <= 1 {
      return zh ? "\(RuleID.g1.tag(.zh))：全校至少 1 名" : "\(RuleID.g1.tag(.en)): a protected school keeps at least 1"
    }
    guard let unit, let recipient = margins.recipient(excluding: unit.order) else {
      return zh ? "本类别没有其他单位能接收这 1 名" : "no other unit of the category could take the member"
    }
    return zh
      ? "让出的 1 名将给 \(recipient.label(.zh))，使其团青比达 \(percent(recipient.nextRatio, digits: 2))；本单位最后 1 名只到 \(percent(unit.ratio, digits: 2))，需要更强"
      : "the member would go to \(recipient.label(.en)), bringing it to \(percent(recipient.nextRatio, digits: 2)); the last member here reaches only \(percent(unit.ratio, digits: 2)), so this unit's claim is stronger"
  }
}

extension Explanation.Failure: BilingualError {}
extension Explanation.UnknownGrade: BilingualError {}
extension Explanation.SocialFailure: BilingualError {}
extension Sweep.SweepError: BilingualError {}
