/// Arithmetic checks that catch plain conflicts before anything is solved: category totals
/// that do not add up, a total above what the caps allow (city-wide or in one district), a
/// floor above a cap or above the total, a protected school that must get one but has no room.
enum PreChecks {
  static func conflicts(_ scenario: Scenario, groups: [PlanGroup], rules: RuleSet) -> [Conflict] {
    let policy = scenario.policy
    var found = cityConflicts(policy, rules: rules)
    var capacities: [Int: SchoolCapacity] = [:]
    for (index, school) in scenario.schools.enumerated() {
      if let category = policy.category(school.category) { capacities[index] = SchoolCapacity(school, category, rules: rules) }
    }
    for group in groups {
      guard let total = group.total else { continue }
      var room = 0
      var floors = 0
      var unboundedRoom = !group.socialUnits.isEmpty
      for index in group.schools {
        let school = scenario.schools[index]
        guard let category = policy.category(school.category), let capacity = capacities[index] else { continue }
        if capacity.schoolRoom >= SchoolCapacity.unbounded { unboundedRoom = true } else { room += capacity.schoolRoom }
        let least = rules.contains(.r10) ? PreviousYearFloor.floor(school, category) : 0
        floors += least
        if least > capacity.schoolRoom {
          let share = percent(category.previousYearFloor ?? 0)
          found.append(
            Conflict(
              [.r10] + blockers(capacity),
              zh: "\(school.name)（\(school.district)）至少应得 \(least)（上年指标 \(school.lastYearQuota) 的 \(share)），但\(why(capacity, category, .zh))。",
              en: "\(school.name) (\(school.district)) must receive at least \(least) (\(share) of last year's \(school.lastYearQuota)), but \(why(capacity, category, .en))."))
        }
        if policy.closedDoorIsHard, capacity.schoolRoom == 0, ClosedDoor.isProtected(school, category, policy) {
          found.append(
            Conflict(
              [.g1] + blockers(capacity),
              zh: "\(school.name)（\(school.district)，\(ClosedDoor.because(school, category, .zh))）至少应得 1 个名额（本情景把杜绝关门主义定为硬性规则），但\(why(capacity, category, .zh))。",
              en: "\(school.name) (\(school.district), \(ClosedDoor.because(school, category, .en))) must receive at least 1 (G1 is a hard rule in this scenario), but \(why(capacity, category, .en))."))
        }
      }
      if !unboundedRoom, total > room {
        let blocking = smallestBlockingSet(
          total, candidates: capRules(group.categories) + [.r8, .r9, .r12], rules: rules,
          schools: group.schools.map { (scenario.schools[$0], policy.category(scenario.schools[$0].category)) })
        found.append(
          Conflict(
            [group.totalRule] + blocking.rules,
            zh: "\(group.name)：总量要求 \(total)，但\(allowance(blocking, all: room, .zh))。",
            en: "\(group.name): the total asks \(total), but \(allowance(blocking, all: room))."))
      }
      if floors > total {
        found.append(
          Conflict(
            [group.totalRule, .r10], zh: "\(group.name)：各校不少于上年指标比例的下限合计 \(floors)，超过总量 \(total)。",
            en: "\(group.name): the previous-year floors add up to \(floors), more than the total \(total)."))
      }
      for category in group.categories where !category.districtTotals.isEmpty {
        found += districtConflicts(category, scenario: scenario, capacities: capacities)
      }
    }
    return found
  }

  /// Category totals against the city total (R1 against R2).
  static func cityConflicts(_ policy: Policy, rules: RuleSet) -> [Conflict] {
    guard rules.contains(.r1), rules.contains(.r2) else { return [] }
    let given = policy.categories.compactMap(\.total)
    let sum = given.reduce(0, +)
    let parts = policy.categories.compactMap { category in category.total.map { "\(category.name) \($0)" } }.joined(separator: " + ")
    if given.count == policy.categories.count ? sum != policy.total : sum > policy.total {
      return [
        Conflict(
          [.r1, .r2], zh: "情景中各类别总量合计 \(sum)（\(parts)），但全市总量为 \(policy.total)。",
          en: "the scenario's category totals add up to \(sum) (\(parts)), but the city total is \(policy.total).")
      ]
    }
    return []
  }

  /// District shares of a category against its total and against the district's caps.
  static func districtConflicts(_ category: CategoryPolicy, scenario: Scenario, capacities: [Int: SchoolCapacity]) -> [Conflict] {
    var found: [Conflict] = []
    let shares = category.districtTotals
    let sum = shares.values.reduce(0, +)
    if let total = category.total, sum > total || (Set(shares.keys) == Set(scenario.policy.districts) && sum != total) {
      found.append(
        Conflict(
          [.r2], zh: "\(category.name)：各区县总量合计 \(sum)，但类别总量为 \(total)。",
          en: "\(category.name): the district totals add up to \(sum), but the category total is \(total)."))
    }
    for district in scenario.policy.districts {
      guard let asked = shares[district], category.kind == .school else { continue }
      let room = scenario.schools.indices
        .filter { scenario.schools[$0].district == district && scenario.schools[$0].category == category.id }
        .reduce(0) { $0 + min(capacities[$1]?.schoolRoom ?? 0, SchoolCapacity.unbounded) }
      if asked > room {
        let schools = scenario.schools.filter { $0.district == district && $0.category == category.id }
        let blocking = smallestBlockingSet(
          asked, candidates: capRules([category]) + [.r8, .r9, .r12], rules: RuleSet(),
          schools: schools.map { ($0, category) })
        found.append(
          Conflict(
            [.r2] + blocking.rules,
            zh: "\(district)\(category.name)：总量要求 \(asked)，但\(allowance(blocking, all: room, .zh))。",
            en: "\(category.name) in \(district): the total asks \(asked), \(allowance(blocking, all: room))."))
      }
    }
    return found
  }

  /// The smallest set of the rules that bound the schools' room (caps, R8, R9, R12) that still
  /// keeps `total` out of reach: each rule is left out in turn while the total stays above what
  /// the schools could take without it, so no rule that plays no part is named.
  static func smallestBlockingSet(
    _ total: Int, candidates: [RuleID], rules: RuleSet, schools: [(School, CategoryPolicy?)]
  ) -> (rules: [RuleID], room: Int) {
    var kept = candidates.filter(rules.contains)
    func room(_ blocking: [RuleID]) -> Int {
      let enabled = rules.enabled.subtracting(candidates).union(blocking)
      var sum = 0
      for case let (school, category?) in schools {
        sum = min(SchoolCapacity.unbounded, sum + SchoolCapacity(school, category, rules: RuleSet(enabled: enabled)).schoolRoom)
      }
      return sum
    }
    for rule in kept.reversed() {
      let without = kept.filter { $0 != rule }
      if total > room(without) { kept = without }
    }
    return (kept, room(kept))
  }

  /// "…, but the caps allow at most 40 (33 under every rule)."
  static func allowance(_ blocking: (rules: [RuleID], room: Int), all room: Int, _ language: Language = .en) -> String {
    if language == .zh {
      return "\(phrase(blocking.rules, .zh))至多允许 \(blocking.room)" + (room < blocking.room ? "（所有规则下为 \(room)）" : "")
    }
    return "\(phrase(blocking.rules)) allow at most \(blocking.room)" + (room < blocking.room ? " (\(room) under every rule)" : "")
  }

  /// "the caps, eligible grades and strict control" for the rules of a blocking set.
  static func phrase(_ rules: [RuleID], _ language: Language = .en) -> String {
    if language == .zh {
      var parts: [String] = []
      if rules.contains(where: { [.r4, .r5, .r6, .r7].contains($0) }) { parts.append("团青比上限") }
      if rules.contains(.r8) { parts.append("可发展年级") }
      if rules.contains(.r9) { parts.append("严格控制") }
      if rules.contains(.r12) { parts.append(parts.isEmpty ? "学生数（团员数不超过学生数，R12）" : "学生数（R12）") }
      guard let last = parts.popLast() else { return "各项规则" }
      return parts.isEmpty ? last : parts.joined(separator: "、") + "和" + last
    }
    var parts: [String] = []
    if rules.contains(where: { [.r4, .r5, .r6, .r7].contains($0) }) { parts.append("the caps") }
    if rules.contains(.r8) { parts.append("eligible grades") }
    if rules.contains(.r9) { parts.append("strict control") }
    if rules.contains(.r12) { parts.append(parts.isEmpty ? "the students (members ≤ students, R12)" : "the students (R12)") }
    guard let last = parts.popLast() else { return "the rules" }
    return parts.isEmpty ? last : parts.joined(separator: ", ") + " and " + last
  }

  private static func capRules(_ categories: [CategoryPolicy]) -> [RuleID] {
    Array(Set(categories.flatMap { $0.caps.map(\.rule) })).sorted()
  }

  private static func blockers(_ capacity: SchoolCapacity) -> [RuleID] {
    if capacity.strictControl != nil { return [.r9] }
    if capacity.eligibleGrades.isEmpty { return [.r8] }
    return Array(Set(capacity.scopes.filter { $0.room == 0 }.map(\.rule))).sorted()
  }

  private static func why(_ capacity: SchoolCapacity, _ category: CategoryPolicy, _ language: Language) -> String {
    guard language == .zh else { return why(capacity) }
    if let (trigger, ratio) = capacity.strictControl {
      return "严格控制（R9）只允许 0：\(GradeName.list(trigger.grades, of: category, .zh))的团青比为 \(percent(ratio))，高于 \(percent(trigger.above))"
    }
    if capacity.eligibleGrades.isEmpty { return "它没有可发展的年级（R8）" }
    if let full = capacity.scopes.first(where: { $0.room == 0 }) {
      return "其 \(full.rule.tag(.zh))只允许 0：现有团员 \(full.members) 人，已不少于 \(percent(full.ratio)) × \(full.students) 向下取整 = \(full.limit)"
    }
    return "其团青比上限至多允许 \(capacity.schoolRoom)"
  }

  private static func why(_ capacity: SchoolCapacity) -> String {
    if let (trigger, ratio) = capacity.strictControl {
      return "strict control (R9) allows 0: grade \(trigger.grades.map(String.init).joined(separator: "+")) is at \(percent(ratio)), above \(percent(trigger.above))"
    }
    if capacity.eligibleGrades.isEmpty { return "it has no eligible grade (R8)" }
    if let full = capacity.scopes.first(where: { $0.room == 0 }) {
      return "its \(full.rule.rawValue) cap allows 0: \(full.members) members already ≥ floor(\(percent(full.ratio)) × \(full.students)) = \(full.limit)"
    }
    return "its caps allow at most \(capacity.schoolRoom)"
  }
}
