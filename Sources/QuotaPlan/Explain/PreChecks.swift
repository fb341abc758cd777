/// Arithmetic checks that catch plain conflicts before anything is solved: a total above what
/// the caps allow, a floor above a cap, floors above the total.
enum PreChecks {
  static func conflicts(_ scenario: Scenario, groups: [PlanGroup], rules: RuleSet) -> [Conflict] {
    var found: [Conflict] = []
    let policy = scenario.policy
    for group in groups {
      guard let total = group.total else { continue }
      var room = 0
      var floors = 0
      var unboundedRoom = !group.socialUnits.isEmpty
      for index in group.schools {
        let school = scenario.schools[index]
        guard let category = policy.category(school.category) else { continue }
        let capacity = SchoolCapacity(school, category, rules: rules)
        if capacity.schoolRoom >= SchoolCapacity.unbounded { unboundedRoom = true } else { room += capacity.schoolRoom }
        let least = rules.contains(.r10) ? PreviousYearFloor.floor(school, category) : 0
        floors += least
        if least > capacity.schoolRoom {
          let why = capacity.strictControl != nil ? "strict control (R9) allows 0"
            : capacity.eligibleGrades.isEmpty ? "it has no eligible grade (R8)" : "its caps allow at most \(capacity.schoolRoom)"
          found.append(
            Conflict(
              [.r10] + capacity.scopes.map(\.rule), "\(school.name) (\(school.district)) must receive at least \(least) (\(percent(category.previousYearFloor ?? 0)) of last year's \(school.lastYearQuota)), but \(why)."))
        }
      }
      if !unboundedRoom, total > room {
        let caps = Array(Set(group.categories.flatMap { $0.caps.map(\.rule) })).sorted()
        found.append(
          Conflict(
            [group.totalRule] + caps + [.r8, .r9],
            "\(group.name): the total asks \(total), but the caps, eligible grades and strict control allow at most \(room)."))
      }
      if floors > total {
        found.append(Conflict([group.totalRule, .r10], "\(group.name): the previous-year floors add up to \(floors), more than the total \(total)."))
      }
    }
    return found
  }
}
