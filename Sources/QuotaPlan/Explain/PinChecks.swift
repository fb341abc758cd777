/// A county's pins checked against the rules before anything is solved: a pin on a grade that
/// may not develop (R8) or a strictly controlled school (R9), a pin above a cap, a pin below a
/// previous-year floor, and pins that together ask more, or allow less, than the envelope.
enum PinChecks {
  static func conflicts(_ pins: [Pin], scenario: Scenario, envelope: [String: Int]) -> [Conflict] {
    let policy = scenario.policy
    var found: [Conflict] = []
    var lowerByCategory: [String: Int] = [:]
    for pin in pins {
      guard let school = scenario.schools.first(where: pin.matches), let category = policy.category(school.category) else {
        continue
      }
      let capacity = SchoolCapacity(school, category, rules: RuleSet())
      let place = "\(pin.unit(.en)) (pins row \(pin.sourceRow))"
      let placeZH = "\(pin.unit(.zh))（承诺表第 \(pin.sourceRow) 行）"
      let bounds = pin.bounds == "any" ? "不限" : pin.bounds
      if pin.lower > 0, let (trigger, ratio) = capacity.strictControl {
        found.append(
          Conflict(
            [.pin, .r9],
            zh: "\(placeZH)承诺为 \(bounds)，但该校受严格控制：\(GradeName.list(trigger.grades, of: category, .zh))的团青比为 \(percent(ratio))，高于 \(percent(trigger.above))，因此只能得 0。",
            en: "\(place) is pinned at \(pin.bounds), but the school is strictly controlled: grade \(trigger.grades.map(String.init).joined(separator: "+")) is at \(percent(ratio)), above \(percent(trigger.above)), so it gets 0."))
        continue
      }
      if pin.lower > 0, let grade = pin.grade, !capacity.eligibleGrades.contains(grade) {
        found.append(
          Conflict(
            [.pin, .r8],
            zh: "\(placeZH)承诺为 \(bounds)，但\(category.name)只在\(GradeName.list(category.eligibleGrades, of: category, .zh))发展团员。",
            en: "\(place) is pinned at \(pin.bounds), but \(category.name) develops only grades \(category.eligibleGrades.map(String.init).joined(separator: ", "))."))
        continue
      }
      let room = pin.grade.map { min(capacity.gradeRoom[$0] ?? 0, capacity.schoolRoom) } ?? capacity.schoolRoom
      if pin.lower > room {
        let scope = capacity.scopes.filter { pin.grade == nil || $0.grades.contains(pin.grade ?? 0) }.min { $0.room < $1.room }
        let why = scope.map { "its \($0.rule.rawValue) cap allows at most \(room): floor(\(percent($0.ratio)) × \($0.students)) = \($0.limit), \($0.members) members now" }
          ?? "its caps allow at most \(room)"
        let whyZH = scope.map {
          "其 \($0.rule.tag(.zh))至多允许 \(room)：\(percent($0.ratio)) × \($0.students) 向下取整 = \($0.limit)，现有团员 \($0.members) 人"
        } ?? "其团青比上限至多允许 \(room)"
        found.append(
          Conflict(
            [.pin] + (scope.map { [$0.rule] } ?? []), zh: "\(placeZH)承诺为 \(bounds)，但\(whyZH)。",
            en: "\(place) is pinned at \(pin.bounds), but \(why)."))
      }
      let floor = PreviousYearFloor.floor(school, category)
      if pin.grade == nil, let upper = pin.upper, upper < floor {
        found.append(
          Conflict(
            [.pin, .r10], zh: "\(placeZH)承诺为 \(bounds)，但按不少于上年指标比例至少应得 \(floor)。",
            en: "\(place) is pinned at \(pin.bounds), but the previous-year floor asks at least \(floor)."))
      }
      lowerByCategory[category.id, default: 0] += pin.lower
    }
    for category in policy.categories {
      let asked = lowerByCategory[category.id] ?? 0
      let total = envelope[category.id] ?? 0
      if asked > total {
        found.append(
          Conflict(
            [.pin, .r2], zh: "\(category.name)的承诺合计至少 \(asked)，超过该区县的 \(total)。",
            en: "the pins in \(category.name) ask at least \(asked), more than the district's \(total)."))
      }
    }
    return found
  }
}
