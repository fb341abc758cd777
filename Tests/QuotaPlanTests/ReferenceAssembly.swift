import Foundation

@testable import QuotaPlan

// The plan's assembly, its reasons, a school's capacity and the sensitivity as they were
// written before the speed work of issue #16 (commit e94c467), kept verbatim but for their names:
// `PlanAssemblyTests` expects the faster code to give the same plans, byte for byte.

/// `Planner.assemble` as it was before this session's speed work (a copy, for `PlanAssemblyTests`).
enum ReferenceAssembly {
  /// The plan from the groups' solutions: each grade's and unit's quota with its reason, each
  /// category's summary, and the district × category number ranges.
  static func assemble(_ scenario: Scenario, groups: [PlanGroup], solutions: [GroupSolution], rules: RuleSet) -> Plan {
    let policy = scenario.policy
    var reasons = ReferenceReasons(policy: policy, rules: rules)
    var schoolPlans: [SchoolPlan?] = Array(repeating: nil, count: scenario.schools.count)
    var socialPlans: [SocialPlan?] = Array(repeating: nil, count: scenario.socialUnits.count)
    var summaries: [String: CategorySummary] = [:]
    let weights = SocialShare.weights(scenario.socialUnits, policy.social)

    for (group, solution) in zip(groups, solutions) {
      reasons.prepare(solution, scenario: scenario)
      for index in group.schools {
        let school = scenario.schools[index]
        guard let category = policy.category(school.category) else { continue }
        let capacity = ReferenceCapacity(school, category, rules: rules)
        let grades = school.grades.map { record -> GradePlan in
          let quota = solution.quotas[.grade(school: index, grade: record.grade)] ?? 0
          let demand = rules.contains(.g2) && policy.goalOrder.contains(.coverage) ? Coverage.demand(record, category, capped: rules.contains(.r12)) : 0
          return GradePlan(
            record: record, quota: quota, coverageDemand: demand,
            reason: reasons.grade(school: index, school, category, record, quota: quota, capacity: capacity, solution: solution))
        }
        schoolPlans[index] = SchoolPlan(
          school: school, category: category, grades: grades, closedDoorDemand: solution.closedDoor[index] != nil ? 1 : 0)
      }
      let total = group.socialUnits.reduce(0) { $0 + (solution.quotas[.social($1)] ?? 0) }
      let weightSum = group.socialUnits.reduce(0.0) { $0 + weights[$1] }
      for index in group.socialUnits {
        let quota = solution.quotas[.social(index)] ?? 0
        socialPlans[index] = SocialPlan(
          unit: scenario.socialUnits[index], weight: weights[index], quota: quota,
          reason: reasons.social(scenario.socialUnits[index], index: index, weight: weights[index], quota: quota, total: total, weightSum: weightSum))
      }
      for category in group.categories {
        summaries[category.id] = reasons.summary(category, group: group, solution: solution, scenario: scenario)
      }
    }

    let schools = schoolPlans.compactMap { $0 }
    let social = socialPlans.compactMap { $0 }
    // One pass over the units, then one cell per district × category (a nation has 3,000+ districts).
    var sums: [DistrictCategory: Int] = [:]
    for school in schools { sums[DistrictCategory(school.school.district, school.category.id), default: 0] += school.quota }
    for unit in social { sums[DistrictCategory(unit.unit.district, ""), default: 0] += unit.quota }
    var cells: [(String, CategoryPolicy, Int)] = []
    for district in policy.districts {
      for category in policy.categories {
        cells.append((district, category, sums[DistrictCategory(district, category.kind == .social ? "" : category.id)] ?? 0))
      }
    }
    var plan = Plan(
      policy: policy, schoolPlans: schools, socialPlans: social,
      allocation: NumberRanges.allocate(cells.map { ($0.0, $0.1, $0.2) }, firstNumber: policy.firstNumber),
      summaries: policy.categories.compactMap { summaries[$0.id] },
      isProvenOptimal: solutions.allSatisfy(\.isProvenOptimal), solverLog: solutions.map(\.log).joined())
    for index in plan.summaries.indices {
      plan.summaries[index].total = plan.categoryTotals[plan.summaries[index].id] ?? 0
    }
    return plan
  }
}

/// The reasons as written before `Reasons` made its phrases once a plan (a copy, for
/// `PlanAssemblyTests`). Writes the reason of every number from the solved model: the rule that stops the unit
/// (strict control, eligibility, a cap), the floor that lifts it (coverage, previous year,
/// closed door), or the category's balance level, each with the figures it used.
struct ReferenceReasons {
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
    capacity: ReferenceCapacity, solution: GroupSolution
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

/// `SchoolCapacity` as it was before it dropped its dictionaries and sets (a copy).
struct ReferenceCapacity {
  let scopes: [CapScope]
  /// Grades that may receive quota, ascending.
  let eligibleGrades: [Int]
  /// Most each eligible grade can take on its own (its tightest cap, `unbounded` if none).
  let gradeRoom: [Int: Int]
  /// Most the whole school can take.
  let schoolRoom: Int
  let strictControl: (StrictControlTrigger, ratio: Double)?

  static let unbounded = Int.max / 4

  init(_ school: School, _ category: CategoryPolicy, rules: RuleSet) {
    let scopes = RatioCaps.scopes(school, category).filter { rules.contains($0.rule) }
    let trigger = rules.contains(.r9) ? StrictControl.trigger(school, category) : nil
    let eligible = trigger != nil ? [] : school.grades.filter { record in
      record.students > 0 && (!rules.contains(.r8) || EligibleGrades.allows(category, grade: record.grade))
    }.map(\.grade)
    var rooms: [Int: Int] = [:]
    for grade in eligible {
      var room = scopes.filter { $0.grades.contains(grade) }.map(\.room).min() ?? Self.unbounded
      // R12: never more members than students.
      if rules.contains(.r12), let record = school.record(grade) { room = min(room, StudentCapacity.room(record)) }
      rooms[grade] = room
    }
    let summed = Self.nestedRoom(rooms, scopes: scopes)
    let covering = scopes.filter { scope in eligible.allSatisfy(scope.grades.contains) }.map(\.room)
    self.scopes = scopes
    self.strictControl = trigger
    self.eligibleGrades = eligible
    self.gradeRoom = rooms
    self.schoolRoom = eligible.isEmpty ? 0 : min(summed, covering.min() ?? Self.unbounded)
  }
}

extension ReferenceCapacity {
  /// The most the eligible grades can take together: caps that nest (grades 1–2 inside the
  /// school) are applied from the smallest up, each bounding the sum of what it holds, so a cap
  /// shared by two grades counts once. Caps that overlap without nesting fall back to the sum
  /// of the grades' own rooms (an upper bound).
  static func nestedRoom(_ rooms: [Int: Int], scopes: [CapScope]) -> Int {
    // Each item: the grades it holds and the most they can take together.
    var items: [(grades: Set<Int>, room: Int)] = rooms.map { ([$0.key], $0.value) }
    for scope in scopes.sorted(by: { $0.grades.count < $1.grades.count }) {
      let grades = Set(scope.grades)
      let inside = items.indices.filter { items[$0].grades.isSubset(of: grades) }
      guard !inside.isEmpty else { continue }
      if items.contains(where: { !$0.grades.isSubset(of: grades) && !$0.grades.isDisjoint(with: grades) }) {
        return rooms.values.reduce(0) { min(unbounded, $0 + $1) }
      }
      let sum = inside.reduce(0) { min(unbounded, $0 + items[$1].room) }
      let merged = (inside.reduce(into: Set<Int>()) { $0.formUnion(items[$1].grades) }, min(sum, scope.room))
      for index in inside.reversed() { items.remove(at: index) }
      items.append(merged)
    }
    return items.reduce(0) { min(unbounded, $0 + $1.room) }
  }
}

/// `Sensitivity.of` as it was before it shared its look-ups between categories (a copy).
enum ReferenceSensitivity {
  /// One category after another.
  static func of(_ plan: Plan) -> [Sensitivity] {
    plan.policy.categories.map { of(plan, category: $0) }
  }

  static func of(_ plan: Plan, category: CategoryPolicy) -> Sensitivity {
    let margins = Margins(plan, category: category)
    let next = margins.recipient()
    let previous = margins.donor()
    var headroom: Int? = 0
    var heldBack: [Sensitivity.HeldBack] = []
    if category.kind == .social { headroom = nil }
    let ambiguous = School.ambiguousNames(plan.schoolPlans.map(\.school))
    for school in plan.schoolPlans where school.category.id == category.id {
      // Headroom before the caps stop the total: R12 (members ≤ students) never binds before a
      // cap below 100 %, and an uncapped category keeps no headroom (nil), as before R12.
      let capacity = ReferenceCapacity(school.school, category, rules: .all(but: .r12))
      if capacity.schoolRoom >= ReferenceCapacity.unbounded { headroom = nil } else { headroom = headroom.map { $0 + capacity.schoolRoom - school.quota } }
      for scope in capacity.scopes {
        let given = scope.grades.reduce(0) { $0 + school.quota(grade: $1) }
        guard given >= scope.room, let next else { continue }
        // What the grades would take at the level without this cap (their own members before it).
        var wanted = 0
        for grade in school.grades where scope.grades.contains(grade.record.grade) && capacity.eligibleGrades.contains(grade.record.grade) {
          let cost = BalanceCost(base: Double(grade.record.members), size: Double(grade.record.students))
          var j = 0
          while cost.isCheaper(j + 1, than: next.cost, next.quota + 1) { j += 1 }
          wanted += max(j, grade.quota)
        }
        if wanted > given {
          heldBack.append(
            Sensitivity.HeldBack(school: school.school.label(ambiguous: ambiguous), rule: scope.rule, grades: scope.grades, limit: scope.limit, members: wanted - given))
        }
      }
    }
    return Sensitivity(
      category: category.label(plan.policy.language), total: plan.categoryTotals[category.id] ?? 0, headroom: headroom,
      nextMember: next?.label(plan.policy.language), nextRatio: next?.nextRatio, previousMember: previous?.label(plan.policy.language),
      previousRatio: previous.map { $0.cost.cost($0.quota - 1) }, heldBack: heldBack)
  }
}
