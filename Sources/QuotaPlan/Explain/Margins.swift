/// The units of one category at the margin: who would receive the next member and who would
/// give up the last one, under every hard rule and every goal above balance.
struct Margins {
  struct Unit {
    /// Index into `Plan.schoolPlans` (or `Plan.socialPlans` for social units) and grade index.
    var plan: Int
    var grade: Int?
    /// School (or social unit) name, and the grade number for a school-grade.
    var name: String
    var gradeNumber: Int?
    /// The unit's category, which names its grades (初二, 中职一年级).
    var category: CategoryPolicy?
    var cost: BalanceCost
    var quota: Int
    /// Stable position in the category (ties go to the earlier unit).
    var order: Int
    /// One more member breaks no hard rule (eligible, not strictly controlled, no full cap).
    var canTake: Bool
    /// One fewer member breaks no hard rule and no higher goal (floor, closed door, coverage).
    var canGive: Bool
    /// The first full cap that stops the next member, if any.
    var fullCap: CapScope?

    /// "学校 初二" / "school grade 2"; a social unit by its name.
    func label(_ language: Language) -> String {
      guard let gradeNumber else { return name }
      return "\(name) \(GradeName.name(gradeNumber, of: category, language))"
    }

    /// Ratio (or share per weight) after the last member given.
    var ratio: Double { cost.cost(quota) }
    /// Ratio after one more member.
    var nextRatio: Double { cost.cost(quota + 1) }
  }

  let units: [Unit]

  init(_ plan: Plan, category: CategoryPolicy) {
    self.init(plan, category: category, schools: nil, ambiguous: nil)
  }

  /// The margins of `category`, reading only `schools` (positions in `plan.schoolPlans`, which
  /// must hold all of the category's schools in plan order) and labelling schools with
  /// `ambiguous`: sensitivity computes both once for every category.
  init(_ plan: Plan, category: CategoryPolicy, schools: [Int]?, ambiguous: Set<String>?) {
    var units: [Unit] = []
    if category.kind == .social {
      for (index, social) in plan.socialPlans.enumerated() {
        units.append(
          Unit(
            plan: index, grade: nil, name: social.unit.name, gradeNumber: nil, category: category, cost: BalanceCost(base: -0.5, size: social.weight),
            quota: social.quota, order: units.count, canTake: true, canGive: social.quota > 0, fullCap: nil))
      }
      self.units = units
      return
    }
    let ambiguous = ambiguous ?? School.ambiguousNames(plan.schoolPlans.map(\.school))
    for index in schools ?? Array(plan.schoolPlans.indices) where plan.schoolPlans[index].category.id == category.id {
      let school = plan.schoolPlans[index]
      let scopes = RatioCaps.scopes(school.school, category)
      let floor = PreviousYearFloor.floor(school.school, category)
      let name = school.school.label(ambiguous: ambiguous)
      for (gradeIndex, grade) in school.grades.enumerated() {
        let kind = grade.reason.kind
        guard kind != .notEligible, kind != .strictControl, kind != .noStudents else { continue }
        let full = scopes.first { scope in
          scope.grades.contains(grade.record.grade) && scope.grades.reduce(0) { $0 + school.quota(grade: $1) } >= scope.room
        }
        let canGive = grade.quota > 0 && grade.quota > grade.coverageDemand && school.quota > floor
          && school.quota > school.closedDoorDemand
        units.append(
          Unit(
            plan: index, grade: gradeIndex, name: name, gradeNumber: grade.record.grade, category: category,
            cost: BalanceCost(base: Double(grade.record.members), size: Double(grade.record.students)), quota: grade.quota,
            order: units.count, canTake: full == nil && grade.after < grade.record.students, canGive: canGive, fullCap: full))
      }
    }
    self.units = units
  }

  /// The unit that would receive one more member: lowest ratio after it, then earlier.
  func recipient(excluding excluded: Int? = nil) -> Unit? {
    units.filter { $0.canTake && $0.order != excluded }.min { a, b in
      a.cost.isCheaper(a.quota + 1, than: b.cost, b.quota + 1)
        || (a.cost.isEqual(a.quota + 1, to: b.cost, b.quota + 1) && a.order < b.order)
    }
  }

  /// The unit that would give up its last member: highest ratio reached by it, then later.
  func donor(excluding excluded: Int? = nil) -> Unit? {
    units.filter { $0.canGive && $0.order != excluded }.max { a, b in
      a.cost.isCheaper(a.quota, than: b.cost, b.quota) || (a.cost.isEqual(a.quota, to: b.cost, b.quota) && a.order < b.order)
    }
  }

  func unit(plan: Int, grade: Int?) -> Unit? { units.first { $0.plan == plan && $0.grade == grade } }
}
