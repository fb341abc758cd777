/// R10: each school of the category gets at least a fraction of last year's quota
/// (the notice's "分配指标数不少于 60%", read per college by default).
enum PreviousYearFloor {
  /// The least quota the school must receive, or 0 when the category has no floor.
  static func floor(_ school: School, _ category: CategoryPolicy) -> Int {
    guard let fraction = category.previousYearFloor, school.lastYearQuota > 0 else { return 0 }
    return ceilOf(fraction, school.lastYearQuota)
  }

  static func check(_ plan: Plan) -> [Violation] {
    var labels = SchoolLabels(plan.schoolPlans.map(\.school))
    return plan.schoolPlans.compactMap { school in
      let least = floor(school.school, school.category)
      guard school.quota < least else { return nil }
      let name = labels.label(school.school)
      let share = percent(school.category.previousYearFloor ?? 0)
      return Violation(
        .r10,
        zh: "\(name)分到 \(school.quota) 个名额，少于上年指标 \(school.school.lastYearQuota) 的 \(share)（\(least)）。",
        en: "\(name) receives \(school.quota), below \(share) of last year's \(school.school.lastYearQuota) = \(least).")
    }
  }
}
