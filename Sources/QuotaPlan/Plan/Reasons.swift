/// Writes the reason of every number from the solved model: the rule that stops the unit
/// (strict control, eligibility, a cap), the floor that lifts it (coverage, previous year,
/// closed door), or the category's balance level.
struct Reasons {
  let policy: Policy
  let rules: RuleSet
  private var unitIndex: [QuotaModel.Owner: Int] = [:]
  private var tightRows: [Int: [QuotaModel.SchoolRow]] = [:]
  private var levels: [String: Double] = [:]

  init(policy: Policy, rules: RuleSet) {
    self.policy = policy
    self.rules = rules
  }

  private var zh: Bool { policy.language == .zh }

  /// Indexes one group's solution: which cap rows are full and each category's balance level.
  mutating func prepare(_ solution: GroupSolution) {
    unitIndex = [:]
    tightRows = [:]
    for (index, unit) in solution.units.enumerated() { unitIndex[unit.owner] = index }
    for row in solution.capRows {
      let used = row.units.reduce(0) { $0 + (solution.quotas[solution.units[$1].owner] ?? 0) }
      if used >= row.scope.room { for unit in row.units { tightRows[unit, default: []].append(row) } }
    }
    for (index, unit) in solution.units.enumerated() {
      let quota = solution.quotas[unit.owner] ?? 0
      guard quota < unit.upper, tightRows[index] == nil else { continue }
      let next = unit.cost.cost(quota + 1)
      levels[unit.category] = min(levels[unit.category] ?? .infinity, next)
    }
  }

  func level(_ category: String) -> Double? { levels[category] }

  func grade(
    school index: Int, _ school: School, _ category: CategoryPolicy, _ record: GradeRecord, quota: Int,
    capacity: SchoolCapacity, solution: GroupSolution
  ) -> Reason {
    if record.students == 0 {
      return Reason(.noStudents, .r8, zh ? "本年级无学生" : "The grade has no students.")
    }
    if rules.contains(.r8), !EligibleGrades.allows(category, grade: record.grade) {
      let grades = category.eligibleGrades.map(String.init).joined(separator: zh ? "、" : ", ")
      return Reason(
        .notEligible, .r8,
        zh ? "R8 可发展年级：\(category.name)只在\(grades)年级发展，本年级不分配"
          : "R8 eligible grades: \(category.label(.en)) develops only grades \(grades); none here.")
    }
    if let (trigger, ratio) = capacity.strictControl {
      let grades = trigger.grades.map(String.init).joined(separator: "+")
      return Reason(
        .strictControl, .r9,
        zh ? "R9 严格控制：\(grades)年级团青比 \(percent(ratio)) 超过 \(percent(trigger.above))，全校不分配"
          : "R9 strict control: grade \(grades) ratio \(percent(ratio)) is above \(percent(trigger.above)); the school gets 0.")
    }
    let cost = BalanceCost(base: Double(record.members), size: Double(record.students))
    let level = levels[category.id] ?? .infinity
    let rowsHere = capacity.scopes.filter { $0.grades.contains(record.grade) }
    if quota == 0, let full = rowsHere.first(where: { $0.room == 0 }) {
      return Reason(
        .alreadyAboveCap, full.rule,
        zh ? "\(full.rule.rawValue) 已达上限：\(full.gradesLabel(school, .zh))现有团员 \(full.members) ≥ floor(\(percent(full.ratio))×\(full.students)) = \(full.limit)，不再分配"
          : "\(full.rule.rawValue) cap already reached: \(full.gradesLabel(school, .en)) has \(full.members) members ≥ floor(\(percent(full.ratio)) × \(full.students)) = \(full.limit); nothing more.")
    }
    guard let unit = unitIndex[.grade(school: index, grade: record.grade)] else {
      return Reason(.notEligible, .r8, zh ? "本年级不分配" : "The grade receives nothing.")
    }
    if let row = tightRows[unit]?.first, cost.cost(quota + 1) <= level {
      let scope = row.scope
      let given = row.units.reduce(0) { $0 + (solution.quotas[solution.units[$1].owner] ?? 0) }
      return Reason(
        .capReached, scope.rule,
        zh ? "\(scope.rule.rawValue) 达到上限：\(scope.gradesLabel(school, .zh))现有 \(scope.members) + 新增 \(given) = floor(\(percent(scope.ratio))×\(scope.students)) = \(scope.limit)"
          : "\(scope.rule.rawValue) cap reached: \(scope.gradesLabel(school, .en)) \(scope.members) members + \(given) new = floor(\(percent(scope.ratio)) × \(scope.students)) = \(scope.limit).")
    }
    let schoolQuota = school.grades.reduce(0) { $0 + (solution.quotas[.grade(school: index, grade: $1.grade)] ?? 0) }
    if quota > 0, cost.cost(quota) > level + 1e-12 {
      let demand = rules.contains(.g2) ? Coverage.demand(record, category) : 0
      if quota <= demand, let target = Coverage.target(category, grade: record.grade) {
        return Reason(
          .coverage, .g2,
          zh ? "G2 覆盖：每班至少 \(target.perClass) 名、年级至少 \(target.perGrade) 名，\(record.classes) 个班需 \(target.target(classes: record.classes)) 名，现有 \(record.members)，新增 \(quota)"
            : "G2 coverage: \(target.perClass) per class and \(target.perGrade) per grade make \(target.target(classes: record.classes)) for \(record.classes) classes; \(record.members) now, \(quota) new.")
      }
      if let least = solution.floors[index], schoolQuota <= least {
        return Reason(
          .previousYearFloor, .r10,
          zh ? "R10 不少于上年指标 \(percent(category.previousYearFloor ?? 0))：上年 \(school.lastYearQuota)，全校至少 \(least)"
            : "R10 previous-year floor: at least \(percent(category.previousYearFloor ?? 0)) of last year's \(school.lastYearQuota) = \(least) for the school.")
      }
      if solution.closedDoor[index] != nil, schoolQuota == 1 {
        let why = ClosedDoor.because(school, category, policy.language)
        return Reason(
          .closedDoor, .g1,
          zh ? "G1 杜绝关门主义：\(why)学校至少 1 名" : "G1 no closed door: a \(why) school gets at least 1.")
      }
    }
    let levelText = level.isFinite ? percent(level, digits: 2) : (zh ? "—" : "–")
    if quota == 0 {
      return Reason(
        .balance, .g3,
        zh ? "G3 均衡：再分 1 名团青比将达 \(percent(cost.cost(1), digits: 2))，不低于本类别水平 \(levelText)"
          : "G3 balance: one member would bring the ratio to \(percent(cost.cost(1), digits: 2)), not below the category level \(levelText).")
    }
    return Reason(
      .balance, .g3,
      zh ? "G3 均衡：团青比由 \(percent(cost.cost(0), digits: 2)) 升至 \(percent(cost.cost(quota), digits: 2))，本类别下一名水平 \(levelText)"
        : "G3 balance: ratio raised from \(percent(cost.cost(0), digits: 2)) to \(percent(cost.cost(quota), digits: 2)); the category's next member would reach \(levelText).")
  }

  func social(_ unit: SocialUnit, weight: Double, quota: Int, total: Int, weightSum: Double) -> Reason {
    let share = weightSum > 0 ? Double(total) * weight / weightSum : 0
    let boosted = SocialShare.hasOutflow(unit, policy.social)
    let shareText = "\((share * 100).rounded() / 100)"
    let weightText = "\((weight * 100).rounded() / 100)"
    return Reason(
      .socialShare, .r11,
      zh ? "R11 按团员数与组织密度：权重 \(weightText)\(boosted ? "（流出村加权）" : "")，应得 \(shareText)，按圣拉格法取整为 \(quota)"
        : "R11 by members and density: weight \(weightText)\(boosted ? " (outflow boost)" : ""), exact share \(shareText), rounded by Sainte-Laguë to \(quota).")
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
      balanceLevel: category.kind == .social ? nil : levels[category.id].flatMap { $0.isFinite ? $0 : nil },
      levelOptima: solution.optima.map { "\($0.goal.rawValue)=\(Int($0.value))" })
  }
}
