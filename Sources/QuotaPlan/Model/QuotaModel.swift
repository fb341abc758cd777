/// The linear model of one plan group: an integer quota per unit, the hard rules as rows, the
/// goals as lexicographic levels.
///
/// Formulation (see README, "The model"):
/// - `x[u]` integer, `0 ≤ x[u] ≤ room[u]`, one per eligible school-grade or social unit (R8, R9).
/// - caps (R4–R7): `Σ x over the cap's grades ≤ max(0, floor(p × students) − members)`.
/// - previous-year floor (R10): `Σ x over the school ≥ ceil(f × last year)`.
/// - total (R1/R2): `Σ x = total`; categories never share a row (R3).
/// - G1: `Σ x over a protected school + s1 ≥ 1`; level 1 minimises `Σ s1`.
/// - G2: `x[u] + s2[u] ≥ demand[u]`; level 2 minimises `Σ s2`.
/// - G3 (and R11): `x[u] = Σ_j y[u,j] + t[u]`, `0 ≤ y ≤ 1`; the j-th member of a unit costs the
///   rank of its ratio `(base + j) ÷ size` among all members of the group (ties broken by the
///   stable unit order), the tail `t` costs more than any rank. Caps are nested (grade inside
///   school), so this is water-filling: the next member always goes to the unit whose ratio
///   after receiving it is lowest. Ranks keep the optimum unique and the objective integral.
///   Only the first `segments[u]` members get a segment; `QuotaSolver` adds more if a unit
///   reaches its last one.
struct QuotaModel {
  enum Owner: Hashable { case grade(school: Int, grade: Int), social(Int) }

  struct Unit {
    var owner: Owner
    var category: String
    var upper: Int
    var cost: BalanceCost
    var coverageDemand: Int
    var column = 0
  }

  /// A school-level row, kept for reasons and summaries.
  struct SchoolRow {
    var school: Int
    var units: [Int]
    var scope: CapScope
  }

  var model = LinearModel()
  var units: [Unit] = []
  var capRows: [SchoolRow] = []
  var segments: [Int] = []
  /// Schools whose closed-door demand (G1) applies: school index → units.
  var closedDoor: [Int: [Int]] = [:]
  /// School floors (R10): school index → least quota.
  var floors: [Int: Int] = [:]

  /// Lays out units and their upper bounds; no rows yet.
  init(group: PlanGroup, scenario: Scenario, rules: RuleSet) {
    let policy = scenario.policy
    let goals = Set(policy.goalOrder.map(\.rule)).intersection(rules.enabled)
    // In the nearest plan a unit may take up to what the group can hand out, which is more than
    // a city total below the categories' sum when R1 may break.
    let cap = (group.elastic ? group.effectiveTotal(policy) : group.total) ?? SchoolCapacity.unbounded
    for schoolIndex in group.schools {
      let school = scenario.schools[schoolIndex]
      guard let category = policy.category(school.category) else { continue }
      let capacity = SchoolCapacity(school, category, rules: rules)
      schools[schoolIndex] = school
      var schoolUnits: [Int] = []
      for grade in capacity.eligibleGrades {
        guard let record = school.record(grade) else { continue }
        // The nearest plan may break caps, so there they live only in (elastic) rows.
        // R12 (members ≤ students) is physical: a column bound even in the nearest plan.
        let physical = rules.contains(.r12) ? StudentCapacity.room(record) : SchoolCapacity.unbounded
        // Where the nearest plan may not break the caps, they bound the column as in a plan.
        let capsBreak = group.elastic && capacity.scopes.contains { group.mayBreak($0.rule, policy) }
        let upper = capsBreak ? min(cap, physical) : min(capacity.gradeRoom[grade] ?? 0, capacity.schoolRoom, cap)
        schoolUnits.append(units.count)
        districts[.grade(school: schoolIndex, grade: grade)] = school.district
        units.append(
          Unit(
            owner: .grade(school: schoolIndex, grade: grade), category: category.id, upper: upper,
            cost: BalanceCost(base: Double(record.members), size: Double(record.students)),
            coverageDemand: goals.contains(.g2) ? Coverage.demand(record, category, capped: rules.contains(.r12)) : 0))
      }
      for scope in capacity.scopes {
        let inside = schoolUnits.filter { unit in
          if case .grade(_, let grade) = units[unit].owner { return scope.grades.contains(grade) }
          return false
        }
        if !inside.isEmpty { capRows.append(SchoolRow(school: schoolIndex, units: inside, scope: scope)) }
      }
      let hasRoom = capacity.schoolRoom >= 1 || policy.closedDoorIsHard
      if goals.contains(.g1) || policy.closedDoorIsHard, hasRoom, ClosedDoor.isProtected(school, category, policy) {
        closedDoor[schoolIndex] = schoolUnits
      }
      if rules.contains(.r10) {
        let least = PreviousYearFloor.floor(school, category)
        if least > 0 { floors[schoolIndex] = least }
      }
    }
    let weights = SocialShare.weights(group.socialUnits.map { scenario.socialUnits[$0] }, policy.social)
    for (offset, index) in group.socialUnits.enumerated() {
      let weight = rules.contains(.r11) ? weights[offset] : 1
      guard let category = group.categories.first(where: { $0.kind == .social }) else { break }
      districts[.social(index)] = scenario.socialUnits[index].district
      units.append(
        Unit(owner: .social(index), category: category.id, upper: cap, cost: BalanceCost(base: -0.5, size: weight), coverageDemand: 0))
    }
  }

  /// Builds the rows and levels with `segments[u]` balance segments per unit.
  mutating func build(group: PlanGroup, policy: Policy, rules: RuleSet, segments: [Int]) {
    self.segments = segments
    var model = LinearModel()
    for index in units.indices {
      units[index].column = model.addVariable("x\(index)", upper: Double(units[index].upper), integer: true)
    }
    // Hard rows. In the nearest plan each negotiable one gets a violation and a 0/1 "broken".
    var broken: [Int: Double] = [:]
    var violation: [Int: Double] = [:]
    for row in hardRows(group: group, policy: policy, rules: rules) {
      var terms = row.units.map { (units[$0].column, 1.0) }
      if group.mayBreak(row.rule, policy) {
        // Each side's big-M is the most it can be broken by: the row's columns all at their
        // bounds above its upper side, its lower side from nothing. A tight M keeps the LP
        // relaxation close to the integer optimum (a province's cap rows with M = the total
        // left branch-and-bound at its time limit).
        let reach = group.effectiveTotal(policy) ?? policy.total
        let most = min(reach, row.units.reduce(0) { min(SchoolCapacity.unbounded, $0 + units[$1].upper) })
        let flag = model.addVariable("broken_\(row.name)", upper: 1, integer: true)
        broken[flag] = 1
        for (side, sign) in [("over", -1.0), ("under", 1.0)] where (sign < 0 ? row.upper != nil : row.lower != nil) {
          // Below its lower side a row falls short by at most that side (the sum cannot go below
          // 0): a category asked for more than a city total it may not exceed still has room to
          // give up all of its total.
          let bigM = Double(max(1, sign < 0 ? most - (row.upper ?? 0) : row.lower ?? 0))
          let slack = model.addVariable("\(side)_\(row.name)", upper: bigM)
          violation[slack] = 1
          terms.append((slack, sign))
          model.addConstraint("\(side)_\(row.name)_flag", rule: row.rule, [(slack, 1), (flag, -bigM)], upper: 0)
        }
      }
      model.addConstraint(
        row.name, rule: row.rule, terms, lower: row.lower.map(Double.init) ?? -.infinity, upper: row.upper.map(Double.init) ?? .infinity)
    }
    var levels: [RuleID: [Int: Double]] = [:]
    for (school, inside) in closedDoor.sorted(by: { $0.key < $1.key }) where !policy.closedDoorIsHard {
      let slack = model.addVariable("g1_\(school)", upper: 1)
      model.addConstraint("closed_door_\(school)", rule: .g1, inside.map { (units[$0].column, 1) } + [(slack, 1)], lower: 1)
      levels[.g1, default: [:]][slack] = 1
    }
    for (index, unit) in units.enumerated() where unit.coverageDemand > 0 {
      let slack = model.addVariable("g2_\(index)", upper: Double(unit.coverageDemand))
      model.addConstraint("coverage_\(index)", rule: .g2, [(unit.column, 1), (slack, 1)], lower: Double(unit.coverageDemand))
      levels[.g2, default: [:]][slack] = 1
    }
    if rules.contains(.g3) && policy.goalOrder.contains(.balance) {
      let ranks = Self.ranks(units: units, segments: segments)
      let tailCost = Double(ranks.count + 1)
      var objective: [Int: Double] = [:]
      var next = 0
      for (index, unit) in units.enumerated() {
        var terms: [(Int, Double)] = [(unit.column, 1)]
        for j in 0..<segments[index] {
          let y = model.addVariable("y\(index)_\(j + 1)", upper: 1)
          objective[y] = Double(ranks[next + j] + 1)
          terms.append((y, -1))
        }
        next += segments[index]
        if segments[index] < unit.upper {
          let tail = model.addVariable("t\(index)")
          objective[tail] = tailCost
          terms.append((tail, -1))
        }
        model.addConstraint("balance_\(index)", rule: .g3, terms, lower: 0, upper: 0)
      }
      levels[.g3] = objective
    }
    model.levels = policy.goalOrder.compactMap { goal in
      levels[goal.rule].map { LinearModel.Level(name: goal.rule.rawValue, coefficients: $0) }
    }
    if group.elastic {
      model.levels.insert(contentsOf: [
        LinearModel.Level(name: "broken", coefficients: broken), LinearModel.Level(name: "violation", coefficients: violation),
      ], at: 0)
    }
    self.model = model
  }

  /// One hard row: `lower ≤ Σ x over units ≤ upper` (nil: unbounded on that side).
  struct HardRow {
    var name: String
    var rule: RuleID
    var units: [Int]
    var lower: Int?
    var upper: Int?
  }

  /// The hard rows of the group (caps, floors, hard closed doors, district and group totals,
  /// pins), in a stable order. Both the GLPK model and `NestedAllocation` read them.
  func hardRows(group: PlanGroup, policy: Policy, rules: RuleSet) -> [HardRow] {
    var rows: [HardRow] = []
    var bySchool: [Int: [Int]] = [:]
    for (index, unit) in units.enumerated() {
      guard case .grade(let school, _) = unit.owner else { continue }
      bySchool[school, default: []].append(index)
    }
    for row in capRows {
      rows.append(
        HardRow(
          name: "cap_\(row.scope.rule.rawValue)_s\(row.school)_g\(row.scope.grades.map(String.init).joined(separator: "_"))",
          rule: row.scope.rule, units: row.units, upper: row.scope.room))
    }
    for (school, least) in floors.sorted(by: { $0.key < $1.key }) {
      rows.append(HardRow(name: "floor_R10_\(school)", rule: .r10, units: bySchool[school] ?? [], lower: least))
    }
    if policy.closedDoorIsHard {
      for (school, inside) in closedDoor.sorted(by: { $0.key < $1.key }) {
        rows.append(HardRow(name: "closed_door_G1_\(school)", rule: .g1, units: inside, lower: 1))
      }
    }
    for category in group.categories {
      let inCategory = units.indices.filter { units[$0].category == category.id }
      if rules.contains(.r2) && !category.districtTotals.isEmpty {
        var byDistrict: [String: [Int]] = [:]
        for unit in inCategory { byDistrict[districts[units[unit].owner] ?? "", default: []].append(unit) }
        for (district, total) in category.districtTotals.sorted(by: { $0.key < $1.key }) {
          rows.append(HardRow(name: "total_\(category.id)_\(district)", rule: .r2, units: byDistrict[district] ?? [], lower: total, upper: total))
        }
      }
      // The nearest plan keeps each category's total as two rules: met (R2), not exceeded (R3).
      if group.elastic, let total = category.total {
        rows.append(HardRow(name: "total_\(category.id)", rule: .r2, units: inCategory, lower: total))
        rows.append(HardRow(name: "no_borrowing_\(category.id)", rule: .r3, units: inCategory, upper: total))
      }
    }
    if var total = group.total {
      // In the nearest plan a total above what the categories may hand out is broken whatever
      // the plan; aiming the row at that most moves every plan's violation by the same amount
      // (same optimum), and keeps the model's numbers small. The plan's check names the real gap.
      if group.elastic, let reachable = group.effectiveTotal(policy) { total = min(total, reachable) }
      rows.append(HardRow(name: "total", rule: group.totalRule, units: Array(units.indices), lower: total, upper: total))
    }
    for (index, pin) in group.pins.enumerated() {
      // A pin is on the schools it matches by name, district and category (one, once checked).
      let matched = schools.filter { pin.matches($0.value) }.keys.sorted()
      let inside = matched.flatMap { bySchool[$0] ?? [] }.filter { unit in
        guard case .grade(_, let grade) = units[unit].owner else { return false }
        return pin.grade == nil || pin.grade == grade
      }
      rows.append(HardRow(name: "pin_\(index)", rule: .pin, units: inside, lower: pin.lower, upper: pin.upper))
    }
    return rows
  }

  /// The goal levels this group's model has, in the scenario's goal order: G1 when a school's
  /// closed door is a soft goal, G2 when a grade is short of coverage, G3 when balance applies.
  func levelGoals(policy: Policy, rules: RuleSet) -> [RuleID] {
    policy.goalOrder.map(\.rule).filter { goal in
      switch goal {
      case .g1: return !policy.closedDoorIsHard && !closedDoor.isEmpty
      case .g2: return units.contains { $0.coverageDemand > 0 }
      case .g3: return rules.contains(.g3)
      default: return false
      }
    }
  }

  /// The district of each unit, through its school or social unit.
  var districts: [Owner: String] = [:]
  /// The group's schools by index, for pins.
  var schools: [Int: School] = [:]

  /// Rank of every segment (unit-major order) by the ratio it reaches; ties go to the unit
  /// earlier in the stable order (district, category, school, grade), then to its earlier member.
  static func ranks(units: [Unit], segments: [Int]) -> [Int] {
    // Plain arrays for the comparison: a nation sorts millions of segments.
    let base = units.map(\.cost.base), size = units.map(\.cost.size)
    var all: [(unit: Int32, j: Int32, position: Int32)] = []
    all.reserveCapacity(segments.reduce(0, +))
    var position: Int32 = 0
    for (index, count) in segments.enumerated() {
      for j in 0..<count {
        all.append((Int32(index), Int32(j + 1), position))
        position += 1
      }
    }
    all.sort { a, b in
      let left = (base[Int(a.unit)] + Double(a.j)) * size[Int(b.unit)]
      let right = (base[Int(b.unit)] + Double(b.j)) * size[Int(a.unit)]
      if left != right { return left < right }
      return (a.unit, a.j) < (b.unit, b.j)
    }
    var ranks = [Int](repeating: 0, count: all.count)
    for (rank, entry) in all.enumerated() { ranks[Int(entry.position)] = rank }
    return ranks
  }
}
