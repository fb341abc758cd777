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
  struct Line { var rule, unit, detail: String }
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
    total = labels.totalSentence(plan.total)
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
    allocation = plan.allocation.filter { $0.quota > 0 }.map {
      AllocationLine(
        district: $0.district, category: policy.category($0.categoryID)?.label(language) ?? $0.category, quota: "\($0.quota)",
        first: $0.quota > 0 ? "\($0.firstNumber)" : "", last: $0.quota > 0 ? "\($0.lastNumber)" : "")
    } + [AllocationLine(district: labels.total, category: "", quota: "\(plan.total)", first: "", last: "")]

    let legend = (before: labels.before, after: labels.after)
    ratioCharts = policy.categories.enumerated().compactMap { index, category in
      guard category.kind == .school else { return nil }
      let units = plan.schoolPlans.filter { $0.category.id == category.id }.flatMap { school in
        school.grades.filter { category.eligibleGrades.contains($0.record.grade) && $0.record.students > 0 }.map {
          (label: "\(school.school.name) \(category.gradeName($0.record.grade, language))",
           before: Double($0.record.members) / Double($0.record.students), after: $0.ratioAfter)
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

    var binding: [Line] = []
    var strict: [Line] = []
    var closedDoor: [Line] = []
    for school in plan.schoolPlans {
      for grade in school.grades where grade.reason.kind == .capReached || grade.reason.kind == .alreadyAboveCap {
        binding.append(
          Line(
            rule: grade.reason.rule.tag(language),
            unit: "\(school.school.district) \(school.school.name) \(school.category.gradeName(grade.record.grade, language))",
            detail: grade.reason.text))
      }
      if let first = school.grades.first(where: { $0.reason.kind == .strictControl }) {
        strict.append(Line(rule: RuleID.r9.tag(language), unit: "\(school.school.district) \(school.school.name)", detail: first.reason.text))
      }
      if school.closedDoorDemand > 0, school.quota == 1 {
        closedDoor.append(
          Line(rule: RuleID.g1.tag(language), unit: "\(school.school.district) \(school.school.name)", detail: ClosedDoor.because(school.school, school.category, language)))
      }
    }
    let more = { (count: Int) in Line(rule: "", unit: "…", detail: labels.more(count)) }
    func shortened(_ lines: [Line]) -> [Line] {
      lines.count > Self.maximumLines ? Array(lines.prefix(Self.maximumLines)) + [more(lines.count - Self.maximumLines)] : lines
    }
    self.binding = shortened(binding)
    hasBinding = !binding.isEmpty
    self.strict = shortened(strict)
    hasStrict = !strict.isEmpty
    self.closedDoor = shortened(closedDoor)
    hasClosedDoor = !closedDoor.isEmpty
    unmet = shortened(plan.unmetGoals().map { Line(rule: $0.rule.tag(language), unit: "", detail: $0.text(language)) })
    hasUnmet = !unmet.isEmpty
    largest = plan.schoolPlans.sorted { ($1.quota, $0.school.name) < ($0.quota, $1.school.name) }.prefix(10).map {
      Line(rule: $0.category.label(language), unit: "\($0.school.district) \($0.school.name)", detail: "\($0.quota)")
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
    heldBack = sensitivity.flatMap { s in
      s.heldBack.map { held in
        let category = names[s.category]
        return HeldBackRow(
          category: category?.label(language) ?? s.category, school: held.school, rule: held.rule.tag(language),
          grades: category.map { $0.gradeNames(held.grades, language) } ?? GradeName.list(held.grades, of: nil, language),
          limit: "\(held.limit)", members: "\(held.members)")
      }
    }
    hasHeldBack = !heldBack.isEmpty
    heldBackNote = heldBack.first.map { labels.heldBackNote($0) } ?? ""
    glossary = RuleID.allCases.filter { $0 != .pin }.map {
      GlossaryRow(code: $0.rawValue, title: $0.title(language), meaning: labels.meaning($0))
    }
  }

  /// "+450", "−350", "0".
  static func signed(_ value: Int) -> String { value > 0 ? "+\(value)" : value < 0 ? "−\(-value)" : "0" }
}
