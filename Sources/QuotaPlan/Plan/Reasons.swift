/// Writes the reason of every number from the solved model: the rule that stops the unit
/// (strict control, eligibility, a cap), the floor that lifts it (coverage, previous year,
/// closed door), or the category's balance level, each with the figures it used.
struct Reasons {
  let policy: Policy
  let rules: RuleSet
  private var unitIndex: [QuotaModel.Owner: Int] = [:]
  private var tightRows: [Int: [QuotaModel.SchoolRow]] = [:]
  /// Each category's balance level, and its level among grades still short of coverage. A level
  /// is always its own category's: a group may hold several categories (those without a total
  /// share the city's remainder; the nearest plan holds them all), and a unit's reason must cite
  /// where its own category's next member would go.
  private var levels: [String: Reason.Level] = [:]
  private var coverageLevels: [String: Reason.Level] = [:]
  /// School names that several schools carry: those are named with their district. Counted
  /// once for all groups (the scenario is the same), not once a group.
  private var ambiguous: Set<String>?

  init(policy: Policy, rules: RuleSet) {
    self.policy = policy
    self.rules = rules
  }

  private var zh: Bool { policy.language == .zh }
  private var language: Language { policy.language }

  /// Indexes one group's solution: which cap rows are full, and the group's balance level —
  /// the unit that would receive the next member (lowest ratio after it, then stable order).
  mutating func prepare(_ solution: GroupSolution, scenario: Scenario) {
    unitIndex = [:]
    tightRows = [:]
    if ambiguous == nil { ambiguous = School.ambiguousNames(scenario.schools) }
    for (index, unit) in solution.units.enumerated() { unitIndex[unit.owner] = index }
    for row in solution.capRows {
      let used = row.units.reduce(0) { $0 + (solution.quotas[solution.units[$1].owner] ?? 0) }
      if used >= row.scope.room { for unit in row.units { tightRows[unit, default: []].append(row) } }
    }
    for category in Set(solution.units.map(\.category)) {
      levels[category] = nextLevel(solution, scenario) { unit, _ in unit.category == category }
      coverageLevels[category] = nextLevel(solution, scenario) { unit, quota in unit.category == category && quota < unit.coverageDemand }
    }
  }

  /// The unit that would receive the next member among those `eligible` with room left: lowest
  /// ratio after it, ties to the earlier unit.
  private func nextLevel(
    _ solution: GroupSolution, _ scenario: Scenario, _ eligible: (QuotaModel.Unit, Int) -> Bool
  ) -> Reason.Level? {
    var best: (index: Int, j: Int)?
    for (index, unit) in solution.units.enumerated() {
      let quota = solution.quotas[unit.owner] ?? 0
      guard quota < unit.upper, tightRows[index] == nil, eligible(unit, quota) else { continue }
      if let found = best, !unit.cost.isCheaper(quota + 1, than: solution.units[found.index].cost, found.j) { continue }
      best = (index, quota + 1)
    }
    guard let best else { return nil }
    let unit = solution.units[best.index]
    return Reason.Level(
      numerator: unit.cost.base + Double(best.j), denominator: unit.cost.size, order: best.index,
      unit: Self.name(unit.owner, scenario, ambiguous: ambiguous ?? [], language: language))
  }

  /// A unit as a sentence names it: "扬州中学 高二" / "扬州中学 grade 2", a social unit by its name.
  static func name(_ owner: QuotaModel.Owner, _ scenario: Scenario, ambiguous: Set<String> = [], language: Language) -> String {
    switch owner {
    case .grade(let school, let grade):
      let record = scenario.schools[school]
      let category = scenario.policy.categories.first { $0.id == record.category }
      return "\(record.label(ambiguous: ambiguous)) \(GradeName.name(grade, of: category, language))"
    case .social(let index): return scenario.socialUnits[index].name
    }
  }

  func level(_ category: String) -> Reason.Level? { levels[category] }

  func grade(
    school index: Int, _ school: School, _ category: CategoryPolicy, _ record: GradeRecord, quota: Int,
    capacity: SchoolCapacity, solution: GroupSolution
  ) -> Reason {
    if record.students == 0 {
      return Reason(.noStudents, .r8, zh ? "本年级无学生。" : "The grade has no students.")
    }
    if rules.contains(.r8), !EligibleGrades.allows(category, grade: record.grade) {
      let grades = category.gradeNames(category.eligibleGrades, language)
      return Reason(
        .notEligible, .r8,
        zh ? "\(RuleID.r8.tag(.zh))：\(category.name)只在\(grades)发展，\(category.gradeName(record.grade, .zh))不分配。"
          : "\(RuleID.r8.tag(.en)): \(category.label(.en)) develops only \(grades); none in grade \(record.grade).")
    }
    if let (trigger, ratio) = capacity.strictControl {
      let records = trigger.grades.compactMap(school.record)
      let grades = category.gradeNames(trigger.grades, language)
      let together = trigger.grades.count > 1
      var reason = Reason(
        .strictControl, .r9,
        zh ? "\(RuleID.r9.tag(.zh))：\(grades)\(together ? "合计" : "")团青比 \(percent(ratio)) 超过 \(percent(trigger.above))，全校不分配。"
          : "\(RuleID.r9.tag(.en)): the ratio of \(grades)\(together ? " together" : "") is \(percent(ratio)), above \(percent(trigger.above)); the school gets 0.")
      reason.strictControl = Reason.TriggerFigures(
        grades: trigger.grades, members: records.reduce(0) { $0 + $1.members },
        students: records.reduce(0) { $0 + $1.students }, above: trigger.above)
      return reason
    }
    let schoolQuota = { (grades: [Int]) in
      grades.filter { $0 != record.grade }.reduce(0) { $0 + (solution.quotas[.grade(school: index, grade: $1)] ?? 0) }
    }
    for pin in solution.pins where pin.matches(school) && (pin.grade == nil || pin.grade == record.grade) {
      let others = pin.grade == nil ? schoolQuota(school.grades.map(\.grade)) : 0
      let value = quota + others
      guard value == pin.lower || value == pin.upper else { continue }
      let note = pin.note.isEmpty ? "" : (zh ? "（\(pin.note)）" : " (\(pin.note))")
      let pinned = pin.grade.map { "\(pin.school) \(category.gradeName($0, language))" } ?? pin.school
      var reason = Reason(
        .pinned, .pin,
        zh ? "县级承诺：\(pinned) 指标 \(pin.bounds)\(note)\(others > 0 ? "，其他年级 \(others)" : "")。"
          : "County pin: \(pinned) quota \(pin.bounds)\(note)\(others > 0 ? "; \(others) in other grades" : "").")
      reason.pin = Reason.PinFigures(value: value, othersInSchool: others, bounds: pin.bounds, note: pin.note)
      return reason
    }
    let cost = BalanceCost(base: Double(record.members), size: Double(record.students))
    let level = levels[category.id]
    let rowsHere = capacity.scopes.filter { $0.grades.contains(record.grade) }
    if quota == 0, let full = rowsHere.first(where: { $0.room == 0 }) {
      var reason = Reason(
        .alreadyAboveCap, full.rule,
        zh ? "\(full.rule.tag(.zh))：发展前已达上限，\(full.gradesName(school, category, .zh))现有团员 \(full.members) ≥ ⌊\(percent(full.ratio))×\(full.students)⌋ = \(full.limit)，不再分配。"
          : "\(full.rule.tag(.en)): at the cap before development: \(full.gradesName(school, category, .en)) \(full.hasOrHave(school)) \(full.members) members ≥ floor(\(percent(full.ratio)) × \(full.students)) = \(full.limit); nothing more.")
      reason.cap = figures(full, others: schoolQuota(full.grades))
      return reason
    }
    guard let unit = unitIndex[.grade(school: index, grade: record.grade)] else {
      return Reason(.notEligible, .r8, zh ? "本年级不分配" : "The grade receives nothing.")
    }
    if let row = tightRows[unit]?.first, isBefore(cost, quota + 1, order: unit, level) {
      let scope = row.scope
      let others = schoolQuota(scope.grades)
      var reason = Reason(
        .capReached, scope.rule,
        zh ? "\(scope.rule.tag(.zh))：达到上限，\(scope.gradesName(school, category, .zh))现有 \(scope.members) + 新增 \(quota + others) = ⌊\(percent(scope.ratio))×\(scope.students)⌋ = \(scope.limit)。"
          : "\(scope.rule.tag(.en)): the cap is reached: \(scope.gradesName(school, category, .en)) \(scope.hasOrHave(school)) \(scope.members) members + \(quota + others) new = floor(\(percent(scope.ratio)) × \(scope.students)) = \(scope.limit).")
      reason.cap = figures(scope, others: others)
      return reason
    }
    // R12: the grade is full — it would take more, or its coverage target asks more than it holds.
    if rules.contains(.r12), StudentCapacity.isFull(record, quota: quota),
      quota == 0 || isBefore(cost, quota + 1, order: unit, level)
        || (Coverage.target(category, grade: record.grade).map { $0.target(classes: record.classes) > record.students } ?? false)
    {
      var reason = Reason(
        .studentCapacity, .r12,
        zh ? "\(RuleID.r12.tag(.zh))：\(record.students) 名学生，现有团员 \(record.members)，最多新增 \(StudentCapacity.room(record))。"
          : "\(RuleID.r12.tag(.en)): \(record.students) students, \(record.members) members now, at most \(StudentCapacity.room(record)) new.")
      reason.capacity = Reason.CapacityFigures(students: record.students, members: record.members)
      return reason
    }
    if quota > 0, !isBefore(cost, quota, order: unit, level) {
      let demand = rules.contains(.g2) ? Coverage.demand(record, category, capped: rules.contains(.r12)) : 0
      let coverageLevel = coverageLevels[category.id]
      let coverageHolds = quota == demand || (quota < demand && count(cost, order: unit, coverageLevel, limit: demand) == quota)
      if coverageHolds, let target = Coverage.target(category, grade: record.grade) {
        var reason = Reason(
          .coverage, .g2,
          zh ? "\(RuleID.g2.tag(.zh))：每班至少 \(target.perClass) 名、年级至少 \(target.perGrade) 名，\(record.classes) 个班需 \(target.target(classes: record.classes)) 名，现有 \(record.members)，新增 \(quota)。"
            : "\(RuleID.g2.tag(.en)): \(target.perClass) per class and \(target.perGrade) per grade make \(target.target(classes: record.classes)) for \(classes(record.classes)); \(record.members) now, \(quota) new.")
        reason.coverage = Reason.CoverageFigures(
          perClass: target.perClass, perGrade: target.perGrade, classes: record.classes,
          target: Coverage.cappedTarget(record, category, capped: rules.contains(.r12)) ?? target.target(classes: record.classes), members: record.members, students: record.students,
          level: quota < demand ? coverageLevel : nil, order: unit)
        return reason
      }
      let others = schoolQuota(school.grades.map(\.grade))
      if let least = solution.floors[index], quota + others == least {
        var reason = Reason(
          .previousYearFloor, .r10,
          zh ? "\(RuleID.r10.tag(.zh))：不少于上年指标的 \(percent(category.previousYearFloor ?? 0))，上年 \(school.lastYearQuota)，全校至少 \(least)，其他年级 \(others)。"
            : "\(RuleID.r10.tag(.en)): at least \(percent(category.previousYearFloor ?? 0)) of last year's \(school.lastYearQuota) = \(least) for the school; \(others) in other grades.")
        reason.floor = Reason.FloorFigures(
          fraction: category.previousYearFloor ?? 0, lastYearQuota: school.lastYearQuota, least: least, othersInSchool: others)
        return reason
      }
      if solution.closedDoor[index] != nil, quota == 1, others == 0 {
        let why = ClosedDoor.because(school, category, policy.language)
        return Reason(
          .closedDoor, .g1,
          zh ? "\(RuleID.g1.tag(.zh))：\(why)学校至少 1 名。" : "\(RuleID.g1.tag(.en)): \(article(why)) \(why) school gets at least 1.")
      }
    }
    let levelText = level.map { "\(percent($0.ratio, digits: 2))（\($0.unit)）" } ?? "—"
    let levelTextEn = level.map { "\(percent($0.ratio, digits: 2)) (\($0.unit))" } ?? "–"
    var reason = quota == 0
      ? Reason(
        .balance, .g3,
        zh ? "\(RuleID.g3.tag(.zh))：再分 1 名团青比将达 \(percent(cost.cost(1), digits: 2))，不低于本类别下一名水平 \(levelText)。"
          : "\(RuleID.g3.tag(.en)): one member would bring the ratio to \(percent(cost.cost(1), digits: 2)), not below the category's next level \(levelTextEn).")
      : Reason(
        .balance, .g3,
        zh ? "\(RuleID.g3.tag(.zh))：团青比由 \(percent(cost.cost(0), digits: 2)) 升至 \(percent(cost.cost(quota), digits: 2))，本类别下一名水平 \(levelText)。"
          : "\(RuleID.g3.tag(.en)): the ratio rises from \(percent(cost.cost(0), digits: 2)) to \(percent(cost.cost(quota), digits: 2)); the category's next member would reach \(levelTextEn).")
    if let level { reason.balance = Reason.BalanceFigures(base: cost.base, size: cost.size, order: unit, level: level) }
    return reason
  }

  /// "1 class", "3 classes".
  private func classes(_ count: Int) -> String { count == 1 ? "1 class" : "\(count) classes" }

  /// "a" or "an" before an English word.
  private func article(_ word: String) -> String {
    guard let first = word.lowercased().first else { return "a" }
    return "aeiou".contains(first) ? "an" : "a"
  }

  /// True when the unit's j-th member comes before the level (lower ratio, or equal and earlier).
  private func isBefore(_ cost: BalanceCost, _ j: Int, order: Int, _ level: Reason.Level?) -> Bool {
    guard let level else { return true }
    let left = (cost.base + Double(j)) * level.denominator
    let right = level.numerator * cost.size
    return left < right || (left == right && order < level.order)
  }

  /// How many of the unit's members come before `level` (at most `limit`).
  private func count(_ cost: BalanceCost, order: Int, _ level: Reason.Level?, limit: Int) -> Int {
    guard level != nil else { return limit }
    var count = 0
    while count < limit, isBefore(cost, count + 1, order: order, level) { count += 1 }
    return count
  }

  private func figures(_ scope: CapScope, others: Int) -> Reason.CapFigures {
    Reason.CapFigures(
      rule: scope.rule, ratio: scope.ratio, grades: scope.grades, students: scope.students, members: scope.members,
      limit: scope.limit, othersInScope: others)
  }

  func social(_ unit: SocialUnit, index: Int, weight: Double, quota: Int, total: Int, weightSum: Double) -> Reason {
    let share = weightSum > 0 ? Double(total) * weight / weightSum : 0
    let boosted = SocialShare.hasOutflow(unit, policy.social)
    let shareText = "\((share * 100).rounded() / 100)"
    let weightText = "\((weight * 100).rounded() / 100)"
    var reason = Reason(
      .socialShare, .r11,
      zh ? "\(RuleID.r11.tag(.zh))：权重 \(weightText)\(boosted ? "（青年流出村加权）" : "")，应得 \(shareText)，按圣拉格法取整为 \(quota)。"
        : "\(RuleID.r11.tag(.en)): weight \(weightText)\(boosted ? " (outflow boost)" : ""), exact share \(shareText), rounded by Sainte-Laguë to \(quota).")
    if let order = unitIndex[.social(index)], let category = policy.categories.first(where: { $0.kind == .social }),
      let level = levels[category.id]
    {
      reason.balance = Reason.BalanceFigures(base: -0.5, size: weight, order: order, level: level)
    }
    return reason
  }

  func summary(_ category: CategoryPolicy, group: PlanGroup, solution: GroupSolution, scenario: Scenario) -> CategorySummary {
    let schools = group.schools.filter { scenario.schools[$0].category == category.id }
    let units = solution.units.enumerated().filter { $0.element.category == category.id }
    var binding: [RuleID: Int] = [:]
    for row in solution.capRows where scenario.schools[row.school].category == category.id {
      let used = row.units.reduce(0) { $0 + (solution.quotas[solution.units[$1].owner] ?? 0) }
      if used >= row.scope.room { binding[row.scope.rule, default: 0] += 1 }
    }
    let protected = schools.filter { solution.closedDoor[$0] != nil }
    let closedMet = protected.filter { school in
      scenario.schools[school].grades.contains { (solution.quotas[.grade(school: school, grade: $0.grade)] ?? 0) > 0 }
    }
    let coverage = units.filter { $0.element.coverageDemand > 0 }
    let covered = coverage.filter { (solution.quotas[$0.element.owner] ?? 0) >= $0.element.coverageDemand }
    let count = category.kind == .social ? group.socialUnits.count : schools.count
    let withQuota = category.kind == .social
      ? group.socialUnits.filter { (solution.quotas[.social($0)] ?? 0) > 0 }.count
      : schools.filter { school in scenario.schools[school].grades.contains { (solution.quotas[.grade(school: school, grade: $0.grade)] ?? 0) > 0 } }.count
    return CategorySummary(
      id: category.id, name: category.name, total: 0, units: count, unitsWithQuota: withQuota,
      closedDoorSchools: protected.count, closedDoorMet: closedMet.count,
      coverageGrades: coverage.count, coverageMet: covered.count, bindingCaps: binding,
      balanceLevel: category.kind == .social ? nil : levels[category.id]?.ratio,
      levelOptima: solution.optima.map { "\($0.name)=\(Int($0.value))" })
  }
}
