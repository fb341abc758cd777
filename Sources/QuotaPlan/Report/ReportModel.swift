/// What the review report shows, computed once from the plan and rendered by the HTML and
/// Markdown templates.
struct ReportModel {
  struct Labels {
    var summary, attachment, ratios, districts, binding, unmet, notable, strictControl, closedDoor, largest,
      sensitivity, category, district, school, grade, quota, total, lastYear, change, units, withQuota, goals,
      level, caps, rule, detail, firstNumber, lastNumber, headroom, nextMember, previousMember, heldBack, none,
      allHold, broken, notProven: String

    static let zh = Labels(
      summary: "概要", attachment: "附件1 发展团员名额及编号号段分配表", ratios: "各类别团青比（发展前后）",
      districts: "各县（市、区）分类别指标", binding: "起约束作用的上限", unmet: "未完全达成的目标", notable: "值得关注的单位",
      strictControl: "严格控制（不分配）", closedDoor: "杜绝关门主义（至少 1 名）", largest: "指标最多的单位", sensitivity: "敏感性",
      category: "类别", district: "县（市、区）", school: "学校/单位", grade: "年级", quota: "指标", total: "合计",
      lastYear: "上年", change: "增减", units: "单位数", withQuota: "有指标", goals: "目标", level: "均衡水平", caps: "约束上限",
      rule: "规则", detail: "说明", firstNumber: "起始编号", lastNumber: "终止编号", headroom: "上限余量",
      nextMember: "总量 +1 给", previousMember: "总量 −1 减", heldBack: "被上限压下", none: "无",
      allHold: "硬性规则（R1–R10、R12）全部满足。", broken: "违反硬性规则：", notProven: "求解因时间限制停止，方案可行但未证明最优。")
    static let en = Labels(
      summary: "Summary", attachment: "Attachment 1: quotas and member-number ranges", ratios: "Member ratios before and after, by category",
      districts: "Quotas by district and category", binding: "Caps that bind", unmet: "Goals not fully met", notable: "Notable units",
      strictControl: "Strictly controlled (no quota)", closedDoor: "Closed door avoided (at least 1)", largest: "Largest quotas",
      sensitivity: "Sensitivity", category: "Category", district: "District", school: "School / unit", grade: "Grade", quota: "Quota",
      total: "Total", lastYear: "Last year", change: "Change", units: "Units", withQuota: "With quota", goals: "Goals",
      level: "Balance level", caps: "Caps binding", rule: "Rule", detail: "Detail", firstNumber: "First number",
      lastNumber: "Last number", headroom: "Headroom", nextMember: "Total +1 goes to", previousMember: "Total −1 taken from",
      heldBack: "Held back by caps", none: "none", allHold: "Every hard rule (R1–R10, R12) holds.", broken: "Hard rules broken: ",
      notProven: "A time limit stopped the solver; the plan is feasible but not proven optimal.")
  }

  struct CategoryRow { var name, total, lastYear, change, units, withQuota, goals, level, caps: String }
  struct AllocationLine { var district, category, quota, first, last: String }
  struct Chart { var title, svg: String }
  struct Line { var rule, unit, detail: String }
  struct SensitivityRow { var category, headroom, next, previous, heldBack: String }

  /// Longest list of units the report prints in one table; the rest are counted (plan.csv has all).
  static let maximumLines = 100
  /// Most districts the district chart draws (the largest); allocation.csv has all.
  static let maximumDistricts = 40

  var labels: Labels
  var lang: String
  var title: String
  var scenario: String
  var total: String
  var verdict: String
  var verdictClass: String
  var categories: [CategoryRow]
  var allocation: [AllocationLine]
  var ratioCharts: [Chart]
  var districtChart: String
  var binding: [Line]
  var unmet: [Line]
  var hasUnmet: Bool
  var strict: [Line]
  var closedDoor: [Line]
  var largest: [Line]
  var sensitivity: [SensitivityRow]

  init(_ plan: Plan, sensitivity: [Sensitivity]) {
    let zh = plan.policy.language == .zh
    let labels = zh ? Labels.zh : Labels.en
    self.labels = labels
    lang = zh ? "zh-CN" : "en"
    title = plan.policy.title
    scenario = plan.policy.name
    total = "\(plan.total)"
    let violations = plan.violations()
    verdict = violations.isEmpty ? labels.allHold : labels.broken + violations.map(\.description).joined(separator: "; ")
    if !plan.isProvenOptimal { verdict += " " + labels.notProven }
    verdictClass = violations.isEmpty ? "verdict" : "verdict broken"

    categories = plan.summaries.map { summary in
      let category = plan.policy.category(summary.id)
      let last = category?.lastYearTotal
      var goals: [String] = []
      if summary.closedDoorSchools > 0 { goals.append("G1 \(summary.closedDoorMet)/\(summary.closedDoorSchools)") }
      if summary.coverageGrades > 0 { goals.append("G2 \(summary.coverageMet)/\(summary.coverageGrades)") }
      return CategoryRow(
        name: summary.name, total: "\(summary.total)", lastYear: last.map(String.init) ?? "–",
        change: last.map { summary.total - $0 >= 0 ? "+\(summary.total - $0)" : "\(summary.total - $0)" } ?? "–",
        units: "\(summary.units)", withQuota: "\(summary.unitsWithQuota)", goals: goals.joined(separator: " · "),
        level: summary.balanceLevel.map { Charts.percentLabel($0) } ?? "–",
        caps: summary.bindingCaps.sorted { $0.key < $1.key }.map { "\($0.key.rawValue)×\($0.value)" }.joined(separator: " "))
    }
    allocation = plan.allocation.map {
      AllocationLine(
        district: $0.district, category: $0.category, quota: "\($0.quota)",
        first: $0.quota > 0 ? "\($0.firstNumber)" : "", last: $0.quota > 0 ? "\($0.lastNumber)" : "")
    } + [AllocationLine(district: labels.total, category: "", quota: "\(plan.total)", first: "", last: "")]

    ratioCharts = plan.policy.categories.enumerated().compactMap { index, category in
      guard category.kind == .school else { return nil }
      let units = plan.schoolPlans.filter { $0.category.id == category.id }.flatMap { school in
        school.grades.filter { category.eligibleGrades.contains($0.record.grade) && $0.record.students > 0 }.map {
          (label: "\(school.school.name) \($0.record.grade)", before: Double($0.record.members) / Double($0.record.students), after: $0.ratioAfter)
        }
      }
      guard !units.isEmpty else { return nil }
      let title = "\(category.label(plan.policy.language)) (\(units.count))"
      return Chart(title: title, svg: Charts.ratios(units, caps: category.caps.map(\.ratio), color: Charts.palette[index % Charts.palette.count], title: title))
    }
    var quotas: [DistrictCategory: Int] = [:]
    for row in plan.allocation { quotas[DistrictCategory(row.district, row.categoryID)] = row.quota }
    var districtRows = plan.policy.districts.map { district in
      (district: district, parts: plan.policy.categories.map { quotas[DistrictCategory(district, $0.id)] ?? 0 })
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
    districtChart = Charts.districts(
      districtRows, categories: plan.policy.categories.map { $0.label(plan.policy.language) }, title: districtTitle)

    var binding: [Line] = []
    var strict: [Line] = []
    var closedDoor: [Line] = []
    for school in plan.schoolPlans {
      for grade in school.grades where grade.reason.kind == .capReached || grade.reason.kind == .alreadyAboveCap {
        binding.append(Line(rule: grade.reason.rule.rawValue, unit: "\(school.school.district) \(school.school.name) \(grade.record.grade)", detail: grade.reason.text))
      }
      if let first = school.grades.first(where: { $0.reason.kind == .strictControl }) {
        strict.append(Line(rule: "R9", unit: "\(school.school.district) \(school.school.name)", detail: first.reason.text))
      }
      if school.closedDoorDemand > 0, school.quota == 1 {
        closedDoor.append(Line(rule: "G1", unit: "\(school.school.district) \(school.school.name)", detail: ClosedDoor.because(school.school, school.category, plan.policy.language)))
      }
    }
    let more = { (count: Int) in
      Line(rule: "", unit: "…", detail: zh ? "另有 \(count) 条，见 plan.csv" : "\(count) more: see plan.csv") }
    func shortened(_ lines: [Line]) -> [Line] {
      lines.count > Self.maximumLines ? Array(lines.prefix(Self.maximumLines)) + [more(lines.count - Self.maximumLines)] : lines
    }
    self.binding = shortened(binding)
    self.strict = shortened(strict)
    self.closedDoor = shortened(closedDoor)
    unmet = shortened(plan.unmetGoals().map { Line(rule: $0.rule.rawValue, unit: "", detail: $0.message) })
    hasUnmet = !unmet.isEmpty
    largest = plan.schoolPlans.sorted { ($1.quota, $0.school.name) < ($0.quota, $1.school.name) }.prefix(10).map {
      Line(rule: $0.category.label(plan.policy.language), unit: "\($0.school.district) \($0.school.name)", detail: "\($0.quota)")
    }
    self.sensitivity = sensitivity.map { s in
      SensitivityRow(
        category: s.category, headroom: s.headroom.map { "+\($0)" } ?? "∞",
        next: s.nextMember.map { "\($0) → \(Charts.percentLabel(s.nextRatio ?? 0))" } ?? "–",
        previous: s.previousMember.map { "\($0) → \(Charts.percentLabel(s.previousRatio ?? 0))" } ?? "–",
        heldBack: s.heldBack.isEmpty ? "–" : s.heldBack.map { "\($0.school) \($0.rule.rawValue) \($0.members)" }.joined(separator: "; "))
    }
  }
}
