/// Writes the reason of every number from the solved model: the rule that stops the unit
/// (strict control, eligibility, a cap), the floor that lifts it (coverage, previous year,
/// closed door), or the category's balance level, each with the figures it used.
///
/// A plan has a reason per school-grade (230,000 in the nation), so the phrases that depend only
/// on the category (grade names, rule tags, cap ratios, the balance level) are made once
/// (`ReasonPhrases`, `prepare`), and a group's quotas are indexed by school (`QuotaIndex`)
/// rather than looked up by owner. After `prepare`, the reasons of a group's schools only read:
/// they may be written on several threads.
struct Reasons: Sendable {
  let policy: Policy
  let rules: RuleSet
  private let language: Language
  /// Each category's phrases, in `policy.categories` order.
  private let phrases: [ReasonPhrases]
  private let tags: ReasonPhrases.Tags
  /// The group being assembled: its quotas by school and unit, and each unit's first full cap
  /// row (an index into the solution's `capRows`, -1 when none).
  private(set) var quotas = QuotaIndex()
  private var firstTightRow: [Int] = []
  /// Each category's balance level, and its level among grades still short of coverage. A level
  /// is always its own category's: a group may hold several categories (those without a total
  /// share the city's remainder; the nearest plan holds them all), and a unit's reason must cite
  /// where its own category's next member would go.
  private var levels: [String: CategoryLevel] = [:]
  /// School names that several schools carry: those are named with their district. Counted
  /// once for all groups (the scenario is the same), not once a group.
  private var ambiguous: Set<String>?

  /// A category's levels in the group that planned it, with the level as balance reasons cite it.
  struct CategoryLevel: Sendable {
    var level: Reason.Level?
    var coverageLevel: Reason.Level?
    /// "8.78%（扬州中学 初二）" / "8.78% (扬州中学 grade 2)", "—" / "–" without a level.
    var text: String
  }

  init(policy: Policy, rules: RuleSet) {
    self.policy = policy
    self.rules = rules
    self.language = policy.language
    self.tags = ReasonPhrases.Tags(policy.language)
    self.phrases = policy.categories.map { ReasonPhrases($0, policy.language) }
  }

  private var zh: Bool { language == .zh }

  /// The position of `id` in `policy.categories`, whose phrases `grade` takes.
  func categoryIndex(_ id: String) -> Int? { policy.categories.firstIndex { $0.id == id } }

  /// Indexes one group's solution: which cap rows are full, and the group's balance level —
  /// the unit that would receive the next member (lowest ratio after it, then stable order).
  mutating func prepare(_ solution: GroupSolution, scenario: Scenario) {
    if ambiguous == nil { ambiguous = School.ambiguousNames(scenario.schools) }
    quotas = QuotaIndex(solution, schools: scenario.schools.count, socialUnits: scenario.socialUnits.count)
    let unitQuota = quotas.unitQuota
    firstTightRow = Array(repeating: -1, count: solution.units.count)
    for (number, row) in solution.capRows.enumerated() {
      let used = row.units.reduce(0) { $0 + unitQuota[$1] }
      if used >= row.scope.room {
        for unit in row.units where firstTightRow[unit] < 0 { firstTightRow[unit] = number }
      }
    }
    var categories: [String] = []
    for unit in solution.units where !categories.contains(unit.category) { categories.append(unit.category) }
    for category in categories {
      let level = nextLevel(solution, scenario) { unit, _ in unit.category == category }
      let coverageLevel = nextLevel(solution, scenario) { unit, quota in unit.category == category && quota < unit.coverageDemand }
      let text = level.map { zh ? "\(percent($0.ratio, digits: 2))（\($0.unit)）" : "\(percent($0.ratio, digits: 2)) (\($0.unit))" }
      levels[category] = CategoryLevel(level: level, coverageLevel: coverageLevel, text: text ?? (zh ? "—" : "–"))
    }
  }

  /// The unit that would receive the next member among those `eligible` with room left: lowest
  /// ratio after it, ties to the earlier unit.
  private func nextLevel(
    _ solution: GroupSolution, _ scenario: Scenario, _ eligible: (QuotaModel.Unit, Int) -> Bool
  ) -> Reason.Level? {
    let unitQuota = quotas.unitQuota
    var best: (index: Int, j: Int)?
    for (index, unit) in solution.units.enumerated() {
      let quota = unitQuota[index]
      guard quota < unit.upper, firstTightRow[index] < 0, eligible(unit, quota) else { continue }
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

  func level(_ category: String) -> Reason.Level? { levels[category]?.level }

  /// The category's levels in the group last prepared that planned it.
  func categoryLevel(_ category: String) -> CategoryLevel? { levels[category] }

  /// The reason of one school-grade. `phrases` is the category's (`categoryIndex`), `state` its
  /// level (`categoryLevel`), looked up once for the school.
  func grade(
    school index: Int, _ school: School, _ category: CategoryPolicy, _ record: GradeRecord, quota: Int,
    capacity: SchoolCapacity, solution: GroupSolution, phrases: Int, state: CategoryLevel?
  ) -> Reason {
    let text = self.phrases[phrases]
    let tags = self.tags
    if record.students == 0 {
      return Reason(.noStudents, .r8, zh ? "本年级无学生。" : "The grade has no students.")
    }
    if rules.contains(.r8), !EligibleGrades.allows(category, grade: record.grade) {
      return Reason(.notEligible, .r8, text.notEligible(record.grade))
    }
    if let (trigger, ratio) = capacity.strictControl {
      let records = trigger.grades.compactMap(school.record)
      let grades = text.list(trigger.grades)
      let together = trigger.grades.count > 1
      var reason = Reason(
        .strictControl, .r9,
        zh ? "\(tags.r9)：\(grades)\(together ? "合计" : "")团青比 \(percent(ratio)) 超过 \(text.percentOf(trigger.above))，全校不分配。"
          : "\(tags.r9): the ratio of \(grades)\(together ? " together" : "") is \(percent(ratio)), above \(text.percentOf(trigger.above)); the school gets 0.")
      reason.strictControl = Reason.TriggerFigures(
        grades: trigger.grades, members: records.reduce(0) { $0 + $1.members },
        students: records.reduce(0) { $0 + $1.students }, above: trigger.above)
      return reason
    }
    let quotas = self.quotas
    /// The quota of `grades` but this one (each grade as often as listed).
    func others(_ grades: [Int]) -> Int {
      grades.reduce(0) { $1 == record.grade ? $0 : $0 + quotas.quota(school: index, grade: $1) }
    }
    /// The quota of the school's other grades.
    func othersInSchool() -> Int {
      school.grades.reduce(0) { $1.grade == record.grade ? $0 : $0 + quotas.quota(school: index, grade: $1.grade) }
    }
    for pin in solution.pins where pin.matches(school) && (pin.grade == nil || pin.grade == record.grade) {
      let others = pin.grade == nil ? othersInSchool() : 0
      let value = quota + others
      guard value == pin.lower || value == pin.upper else { continue }
      let note = pin.note.isEmpty ? "" : (zh ? "（\(pin.note)）" : " (\(pin.note))")
      let pinned = pin.grade.map { "\(pin.school) \(text.gradeName($0))" } ?? pin.school
      var reason = Reason(
        .pinned, .pin,
        zh ? "县级承诺：\(pinned) 指标 \(pin.bounds)\(note)\(others > 0 ? "，其他年级 \(others)" : "")。"
          : "County pin: \(pinned) quota \(pin.bounds)\(note)\(others > 0 ? "; \(others) in other grades" : "").")
      reason.pin = Reason.PinFigures(value: value, othersInSchool: others, bounds: pin.bounds, note: pin.note)
      return reason
    }
    let cost = BalanceCost(base: Double(record.members), size: Double(record.students))
    let level = state?.level
    if quota == 0, let full = capacity.scopes.first(where: { $0.grades.contains(record.grade) && $0.room == 0 }) {
      var reason = Reason(
        .alreadyAboveCap, full.rule,
        zh ? "\(tags.tag(full.rule))：发展前已达上限，\(text.gradesName(full, school))现有团员 \(full.members) ≥ ⌊\(text.percentOf(full.ratio))×\(full.students)⌋ = \(full.limit)，不再分配。"
          : "\(tags.tag(full.rule)): at the cap before development: \(text.gradesName(full, school)) \(full.hasOrHave(school)) \(full.members) members ≥ floor(\(text.percentOf(full.ratio)) × \(full.students)) = \(full.limit); nothing more.")
      reason.cap = figures(full, others: others(full.grades))
      return reason
    }
    guard let unit = quotas.unit(school: index, grade: record.grade) else {
      return Reason(.notEligible, .r8, zh ? "本年级不分配" : "The grade receives nothing.")
    }
    let tight = firstTightRow[unit]
    if tight >= 0, isBefore(cost, quota + 1, order: unit, level) {
      let scope = solution.capRows[tight].scope
      let others = others(scope.grades)
      var reason = Reason(
        .capReached, scope.rule,
        zh ? "\(tags.tag(scope.rule))：达到上限，\(text.gradesName(scope, school))现有 \(scope.members) + 新增 \(quota + others) = ⌊\(text.percentOf(scope.ratio))×\(scope.students)⌋ = \(scope.limit)。"
          : "\(tags.tag(scope.rule)): the cap is reached: \(text.gradesName(scope, school)) \(scope.hasOrHave(school)) \(scope.members) members + \(quota + others) new = floor(\(text.percentOf(scope.ratio)) × \(scope.students)) = \(scope.limit).")
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
        zh ? "\(tags.r12)：\(record.students) 名学生，现有团员 \(record.members)，最多新增 \(StudentCapacity.room(record))。"
          : "\(tags.r12): \(record.students) students, \(record.members) members now, at most \(StudentCapacity.room(record)) new.")
      reason.capacity = Reason.CapacityFigures(students: record.students, members: record.members)
      return reason
    }
    if quota > 0, !isBefore(cost, quota, order: unit, level) {
      let demand = rules.contains(.g2) ? Coverage.demand(record, category, capped: rules.contains(.r12)) : 0
      let coverageLevel = state?.coverageLevel
      let coverageHolds = quota == demand || (quota < demand && count(cost, order: unit, coverageLevel, limit: demand) == quota)
      if coverageHolds, let target = Coverage.target(category, grade: record.grade) {
        var reason = Reason(
          .coverage, .g2,
          zh ? "\(tags.g2)：每班至少 \(target.perClass) 名、年级至少 \(target.perGrade) 名，\(record.classes) 个班需 \(target.target(classes: record.classes)) 名，现有 \(record.members)，新增 \(quota)。"
            : "\(tags.g2): \(target.perClass) per class and \(target.perGrade) per grade make \(target.target(classes: record.classes)) for \(classes(record.classes)); \(record.members) now, \(quota) new.")
        reason.coverage = Reason.CoverageFigures(
          perClass: target.perClass, perGrade: target.perGrade, classes: record.classes,
          target: Coverage.cappedTarget(record, category, capped: rules.contains(.r12)) ?? target.target(classes: record.classes), members: record.members, students: record.students,
          level: quota < demand ? coverageLevel : nil, order: unit)
        return reason
      }
      let others = othersInSchool()
      if let least = solution.floors[index], quota + others == least {
        var reason = Reason(
          .previousYearFloor, .r10,
          zh ? "\(tags.r10)：不少于上年指标的 \(text.floorPercent)，上年 \(school.lastYearQuota)，全校至少 \(least)，其他年级 \(others)。"
            : "\(tags.r10): at least \(text.floorPercent) of last year's \(school.lastYearQuota) = \(least) for the school; \(others) in other grades.")
        reason.floor = Reason.FloorFigures(
          fraction: category.previousYearFloor ?? 0, lastYearQuota: school.lastYearQuota, least: least, othersInSchool: others)
        return reason
      }
      if quota == 1, others == 0, solution.closedDoor[index] != nil {
        let why = ClosedDoor.because(school, category, policy.language)
        return Reason(
          .closedDoor, .g1,
          zh ? "\(tags.g1)：\(why)学校至少 1 名。" : "\(tags.g1): \(article(why)) \(why) school gets at least 1.")
      }
    }
    let levelText = state?.text ?? (zh ? "—" : "–")
    var reason = quota == 0
      ? Reason(
        .balance, .g3,
        zh ? "\(tags.g3)：再分 1 名团青比将达 \(percent(cost.cost(1), digits: 2))，不低于本类别下一名水平 \(levelText)。"
          : "\(tags.g3): one member would bring the ratio to \(percent(cost.cost(1), digits: 2)), not below the category's next level \(levelText).")
      : Reason(
        .balance, .g3,
        zh ? "\(tags.g3)：团青比由 \(percent(cost.cost(0), digits: 2)) 升至 \(percent(cost.cost(quota), digits: 2))，本类别下一名水平 \(levelText)。"
          : "\(tags.g3): the ratio rises from \(percent(cost.cost(0), digits: 2)) to \(percent(cost.cost(quota), digits: 2)); the category's next member would reach \(levelText).")
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

  /// The social sector's category and its level in the group last prepared, looked up once a
  /// group for `social`.
  func socialLevel() -> Reason.Level? {
    guard let category = policy.categories.first(where: { $0.kind == .social }) else { return nil }
    return levels[category.id]?.level
  }

  func social(_ unit: SocialUnit, index: Int, weight: Double, quota: Int, total: Int, weightSum: Double, level: Reason.Level?) -> Reason {
    let share = weightSum > 0 ? Double(total) * weight / weightSum : 0
    let boosted = SocialShare.hasOutflow(unit, policy.social)
    let shareText = "\((share * 100).rounded() / 100)"
    let weightText = "\((weight * 100).rounded() / 100)"
    var reason = Reason(
      .socialShare, .r11,
      zh ? "\(tags.r11)：权重 \(weightText)\(boosted ? "（青年流出村加权）" : "")，应得 \(shareText)，按圣拉格法取整为 \(quota)。"
        : "\(tags.r11): weight \(weightText)\(boosted ? " (outflow boost)" : ""), exact share \(shareText), rounded by Sainte-Laguë to \(quota).")
    if let order = quotas.socialUnit(index), let level {
      reason.balance = Reason.BalanceFigures(base: -0.5, size: weight, order: order, level: level)
    }
    return reason
  }

  func summary(_ category: CategoryPolicy, group: PlanGroup, solution: GroupSolution, scenario: Scenario) -> CategorySummary {
    let quotas = self.quotas
    let unitQuota = quotas.unitQuota
    let schools = group.schools.filter { scenario.schools[$0].category == category.id }
    let units = solution.units.indices.filter { solution.units[$0].category == category.id }
    var binding: [RuleID: Int] = [:]
    for row in solution.capRows where scenario.schools[row.school].category == category.id {
      let used = row.units.reduce(0) { $0 + unitQuota[$1] }
      if used >= row.scope.room { binding[row.scope.rule, default: 0] += 1 }
    }
    func hasQuota(_ school: Int) -> Bool {
      scenario.schools[school].grades.contains { quotas.quota(school: school, grade: $0.grade) > 0 }
    }
    let protected = schools.filter { solution.closedDoor[$0] != nil }
    let closedMet = protected.filter(hasQuota)
    let coverage = units.filter { solution.units[$0].coverageDemand > 0 }
    let covered = coverage.filter { unitQuota[$0] >= solution.units[$0].coverageDemand }
    let count = category.kind == .social ? group.socialUnits.count : schools.count
    let withQuota = category.kind == .social
      ? group.socialUnits.filter { quotas.socialQuota($0) > 0 }.count
      : schools.filter(hasQuota).count
    return CategorySummary(
      id: category.id, name: category.name, total: 0, units: count, unitsWithQuota: withQuota,
      closedDoorSchools: protected.count, closedDoorMet: closedMet.count,
      coverageGrades: coverage.count, coverageMet: covered.count, bindingCaps: binding,
      balanceLevel: category.kind == .social ? nil : levels[category.id]?.level?.ratio,
      levelOptima: solution.optima.map { "\($0.name)=\(Int($0.value))" })
  }
}
