/// What the review report shows, computed once from the plan and rendered by the HTML and
/// Markdown templates. Every word is in the plan's language (`policy.language`): headings,
/// table headers, chart legends, category and grade names, rule names beside their codes.
struct ReportModel {
  /// A refined district's own figures: the report compares the district with them, not with
  /// the whole city's.
  struct DistrictScope {
    /// The district refined.
    var district: String
    /// The city plan's quota for the district, by category id (the refinement's envelope).
    var envelope: [String: Int]
    /// The district's quota last year, by category id, where the data give it.
    var lastYear: [String: Int]
  }

  struct CategoryRow { var name, total, envelope, lastYear, change, units, withQuota, goals, level, caps: String }
  struct AllocationLine { var district, category, quota, first, last: String }
  struct Chart { var title, svg: String }
  struct Line: Equatable { var rule, unit, detail: String }
  struct SensitivityRow { var category, headroom, next, previous: String }
  struct HeldBackRow { var category, school, rule, grades, limit, members: String }
  struct GlossaryRow { var code, title, meaning: String }

  /// Longest list of units the report prints in one table; the rest are counted (plan.csv has all).
  static let maximumLines = 100
  /// Most districts the district chart draws (the largest); allocation.csv has all.
  static let maximumDistricts = 40

  var labels: ReportLabels
  var lang: String
  var title: String
  var scenario: String
  var dataNote: String?
  var total: String
  var verdict: String
  var verdictClass: String
  var categories: [CategoryRow]
  /// True for a refined district's report: the summary has the envelope column.
  var hasEnvelope: Bool
  var allocation: [AllocationLine]
  var ratioCharts: [Chart]
  var districtChart: String
  var binding: [Line]
  var hasBinding: Bool
  var unmet: [Line]
  var hasUnmet: Bool
  var strict: [Line]
  var hasStrict: Bool
  var closedDoor: [Line]
  var hasClosedDoor: Bool
  var largest: [Line]
  var hasLargest: Bool
  var sensitivity: [SensitivityRow]
  var hasSensitivity: Bool
  var heldBack: [HeldBackRow]
  var hasHeldBack: Bool
  /// What the held-back table's entries mean, with its first row as the example.
  var heldBackNote: String
  var glossary: [GlossaryRow]

  init(_ plan: Plan, sensitivity: [Sensitivity], district scope: DistrictScope? = nil) {
    let language = plan.policy.language
    let zh = language == .zh
    let labels = ReportLabels.of(language)
    self.labels = labels
    lang = zh ? "zh-CN" : "en"
    let policy = plan.policy
    if let scope {
      title = zh ? "\(policy.title)：\(scope.district)细化方案" : "\(policy.title): \(scope.district), refined"
    } else {
      title = policy.title
    }
    scenario = policy.name
    dataNote = policy.dataNote.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
    let planTotal = plan.total
    total = labels.totalSentence(planTotal)
    let violations = plan.violations()
    verdict = violations.isEmpty
      ? labels.allHold
      : labels.broken + violations.map { "\($0.rule.tag(language))\(zh ? "：" : ": ")\($0.text(language))" }.joined(separator: zh ? "；" : "; ")
    if !plan.isProvenOptimal { verdict += (zh ? "" : " ") + labels.notProven }
    verdictClass = violations.isEmpty ? "verdict" : "verdict broken"

    hasEnvelope = scope != nil
    categories = plan.summaries.map { summary in
      let category = policy.category(summary.id)
      let last = scope.map { $0.lastYear[summary.id] } ?? category?.lastYearTotal
      var goals: [String] = []
      if summary.closedDoorSchools > 0 { goals.append("\(RuleID.g1.tag(language))\(zh ? "" : " ")\(summary.closedDoorMet)/\(summary.closedDoorSchools)") }
      if summary.coverageGrades > 0 { goals.append("\(RuleID.g2.tag(language))\(zh ? "" : " ")\(summary.coverageMet)/\(summary.coverageGrades)") }
      return CategoryRow(
        name: category?.label(language) ?? summary.name, total: "\(summary.total)",
        envelope: scope.map { "\($0.envelope[summary.id] ?? 0)" } ?? "",
        lastYear: last.map(String.init) ?? "–",
        change: last.map { Self.signed(summary.total - $0) } ?? "–",
        units: "\(summary.units)", withQuota: "\(summary.unitsWithQuota)", goals: goals.joined(separator: zh ? "；" : "; "),
        level: summary.balanceLevel.map { Charts.percentLabel($0) } ?? "–",
        caps: summary.bindingCaps.sorted { $0.key < $1.key }.map { labels.capsBinding($0.key.tag(language), $0.value) }
          .joined(separator: zh ? "；" : "; "))
    }
    // Only what was allocated: a zero has no range to send (allocation.csv and attachment1.* have every pair).
    let categoryLabels = Dictionary(policy.categories.map { ($0.id, $0.label(language)) }, uniquingKeysWith: { first, _ in first })
    allocation = plan.allocation.filter { $0.quota > 0 }.map {
      AllocationLine(
        district: $0.district, category: categoryLabels[$0.categoryID] ?? $0.category, quota: "\($0.quota)",
        first: $0.quota > 0 ? "\($0.firstNumber)" : "", last: $0.quota > 0 ? "\($0.lastNumber)" : "")
    } + [AllocationLine(district: labels.total, category: "", quota: "\(planTotal)", first: "", last: "")]

    let legend = (before: labels.before, after: labels.after)
    // The schools of each category, by index: filtering the plan per category copied every school.
    var schoolsOf: [String: [Int]] = [:]
    for index in plan.schoolPlans.indices { schoolsOf[plan.schoolPlans[index].category.id, default: []].append(index) }
    ratioCharts = policy.categories.enumerated().compactMap { index, category in
      guard category.kind == .school else { return nil }
      var gradeNames: [Int: String] = [:]
      var units: [(label: String, before: Double, after: Double)] = []
      for school in schoolsOf[category.id] ?? [] {
        let name = plan.schoolPlans[school].school.name
        for grade in plan.schoolPlans[school].grades where category.eligibleGrades.contains(grade.record.grade) && grade.record.students > 0 {
          let gradeName = gradeNames[grade.record.grade] ?? category.gradeName(grade.record.grade, language)
          gradeNames[grade.record.grade] = gradeName
          units.append(
            (label: name + " " + gradeName, before: Double(grade.record.members) / Double(grade.record.students), after: grade.ratioAfter))
        }
      }
      guard !units.isEmpty else { return nil }
      let title = labels.ratioChartTitle(category.label(language), units.count)
      return Chart(
        title: title,
        svg: Charts.ratios(
          units, caps: category.caps.map(\.ratio), color: Charts.palette[index % Charts.palette.count], title: title, legend: legend))
    }
    var quotas: [DistrictCategory: Int] = [:]
    for row in plan.allocation { quotas[DistrictCategory(row.district, row.categoryID)] = row.quota }
    var districtRows = policy.districts.map { district in
      (district: district, parts: policy.categories.map { quotas[DistrictCategory(district, $0.id)] ?? 0 })
    }
    var districtTitle = labels.districts
    if districtRows.count > Self.maximumDistricts {
      // A province or the nation: the largest districts, in the scenario's order; all are in allocation.csv.
      let largest = Set(
        districtRows.indices.sorted { (districtRows[$1].parts.reduce(0, +), $0) < (districtRows[$0].parts.reduce(0, +), $1) }
          .prefix(Self.maximumDistricts))
      districtTitle += zh ? "（指标最多的 \(largest.count) 个，共 \(districtRows.count) 个）" : " (the \(largest.count) largest of \(districtRows.count))"
      districtRows = districtRows.indices.filter(largest.contains).map { districtRows[$0] }
    }
    districtChart = Charts.districts(districtRows, categories: policy.categories.map { $0.label(language) }, title: districtTitle)

    // The tables show their first `maximumLines` rows and count the rest: only those rows are written.
    var binding = ShortTable<Line>()
    var strict = ShortTable<Line>()
    var closedDoor = ShortTable<Line>()
    let r9 = RuleID.r9.tag(language), g1 = RuleID.g1.tag(language)
    for index in plan.schoolPlans.indices {
      let grades = plan.schoolPlans[index].grades
      for grade in grades where grade.reason.kind == .capReached || grade.reason.kind == .alreadyAboveCap {
        binding.add {
          let school = plan.schoolPlans[index]
          return Line(
            rule: grade.reason.rule.tag(language),
            unit: "\(school.school.district) \(school.school.name) \(school.category.gradeName(grade.record.grade, language))",
            detail: grade.reason.text)
        }
      }
      if let first = grades.first(where: { $0.reason.kind == .strictControl }) {
        strict.add {
          let school = plan.schoolPlans[index].school
          return Line(rule: r9, unit: "\(school.district) \(school.name)", detail: first.reason.text)
        }
      }
      if plan.schoolPlans[index].closedDoorDemand > 0, grades.reduce(0, { $0 + $1.quota }) == 1 {
        closedDoor.add {
          let school = plan.schoolPlans[index]
          return Line(
            rule: g1, unit: "\(school.school.district) \(school.school.name)", detail: ClosedDoor.because(school.school, school.category, language))
        }
      }
    }
    let more = { (count: Int) in Line(rule: "", unit: "…", detail: labels.more(count)) }
    self.binding = binding.lines(more)
    hasBinding = binding.count > 0
    self.strict = strict.lines(more)
    hasStrict = strict.count > 0
    self.closedDoor = closedDoor.lines(more)
    hasClosedDoor = closedDoor.count > 0
    var unmet = ShortTable<Line>()
    for goal in plan.unmetGoals() { unmet.add { Line(rule: goal.rule.tag(language), unit: "", detail: goal.text(language)) } }
    self.unmet = unmet.lines(more)
    hasUnmet = unmet.count > 0
    largest = Self.largest(plan.schoolPlans, 10).map {
      let school = plan.schoolPlans[$0]
      return Line(rule: school.category.label(language), unit: "\(school.school.district) \(school.school.name)", detail: "\(school.quota)")
    }
    hasLargest = !largest.isEmpty

    // Sensitivity names its category by name (or label): both find it.
    let names = Dictionary(
      policy.categories.flatMap { [($0.name, $0), ($0.label(language), $0)] }, uniquingKeysWith: { a, _ in a })
    self.sensitivity = sensitivity.map { s in
      SensitivityRow(
        category: names[s.category]?.label(language) ?? s.category, headroom: s.headroom.map { "+\($0)" } ?? "∞",
        next: s.nextMember.map { "\($0) → \(Charts.percentLabel(s.nextRatio ?? 0))" } ?? "–",
        previous: s.previousMember.map { "\($0) → \(Charts.percentLabel(s.previousRatio ?? 0))" } ?? "–")
    }
    hasSensitivity = !self.sensitivity.isEmpty
    var ruleTags: [RuleID: String] = [:]
    heldBack = sensitivity.flatMap { s in
      let category = names[s.category]
      let label = category?.label(language) ?? s.category
      var gradeNames: [[Int]: String] = [:]
      return s.heldBack.map { held in
        let rule = ruleTags[held.rule] ?? held.rule.tag(language)
        ruleTags[held.rule] = rule
        let grades =
          gradeNames[held.grades] ?? category.map { $0.gradeNames(held.grades, language) } ?? GradeName.list(held.grades, of: nil, language)
        gradeNames[held.grades] = grades
        return HeldBackRow(
          category: label, school: held.school, rule: rule, grades: grades, limit: "\(held.limit)", members: "\(held.members)")
      }
    }
    hasHeldBack = !heldBack.isEmpty
    heldBackNote = heldBack.first.map { labels.heldBackNote($0) } ?? ""
    glossary = RuleID.allCases.filter { $0 != .pin }.map {
      GlossaryRow(code: $0.rawValue, title: $0.title(language), meaning: labels.meaning($0))
    }
  }

  /// The indices of the `count` schools with the largest quotas, largest first, ties by name and
  /// then in plan order: the first `count` of a stable sort, without sorting every school.
  static func largest(_ schools: [SchoolPlan], _ count: Int) -> [Int] {
    let quotas = schools.map(\.quota)
    func before(_ a: Int, _ b: Int) -> Bool {
      quotas[a] != quotas[b] ? quotas[a] > quotas[b] : schools[a].school.name < schools[b].school.name
    }
    var top: [Int] = []
    for index in schools.indices {
      if top.count == count, let last = top.last, !before(index, last) { continue }
      top.insert(index, at: top.firstIndex { before(index, $0) } ?? top.endIndex)
      if top.count > count { top.removeLast() }
    }
    return top
  }

  /// "+450", "−350", "0".
  static func signed(_ value: Int) -> String { value > 0 ? "+\(value)" : value < 0 ? "−\(-value)" : "0" }
}
