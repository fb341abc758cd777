/// Arithmetic checks of a policy before any data is read or anything is solved.
enum PolicyValidation {
  static func check(_ policy: Policy, file: String) throws {
    func fail(_ message: String, _ rule: RuleID? = nil) -> InputError {
      InputError(file: file, rule: rule, message)
    }
    guard policy.branchMinimum >= 1 else { throw fail("branch_minimum is \(policy.branchMinimum); a branch needs at least 1 member.") }
    guard policy.total >= 0 else { throw fail("total is \(policy.total); the city total cannot be negative.", .r1) }
    guard (1000...9999).contains(policy.year) else { throw fail("year \(policy.year) is not a 4-digit year.") }
    let blockStart = policy.year * 100_000_000
    guard policy.firstNumber > blockStart, policy.firstNumber + policy.total - 1 <= blockStart + 99_999_999 else {
      throw fail(
        "first_number \(policy.firstNumber) must be a 12-digit member number starting with the year \(policy.year), with room for \(policy.total) numbers.")
    }
    if Set(policy.districts).count != policy.districts.count {
      throw fail("districts lists a district twice.")
    }
    if Set(policy.categories.map(\.id)).count != policy.categories.count {
      throw fail("categories lists a category id twice.")
    }
    if Set(policy.goalOrder).count != policy.goalOrder.count {
      throw fail("goals lists a goal twice.")
    }
    guard !policy.categories.isEmpty else { throw fail("categories is empty; a plan needs at least one category.") }

    for (index, category) in policy.categories.enumerated() {
      let at = "categories[\(index)] (\(category.name))"
      if let total = category.total, total < 0 {
        throw fail("\(at).total is \(total); a category total cannot be negative.", .r2)
      }
      if category.kind == .school, category.gradeCount < 1 || category.gradeCount > 12 {
        throw fail("\(at).grades is \(category.gradeCount); a school category has 1 to 12 grades.")
      }
      for grade in category.eligibleGrades where !(1...max(1, category.gradeCount)).contains(grade) {
        throw fail("\(at).eligible_grades names grade \(grade), but the category has grades 1 to \(category.gradeCount).", .r8)
      }
      for (capIndex, cap) in category.caps.enumerated() {
        guard cap.ratio.isFinite, (0...1).contains(cap.ratio) else {
          throw fail("\(at).caps[\(capIndex)].ratio is \(cap.ratio); a ratio cap must lie between 0 and 1.", cap.rule)
        }
        for grade in cap.grades ?? [] where !(1...category.gradeCount).contains(grade) {
          throw fail("\(at).caps[\(capIndex)] names grade \(grade), which the category does not have.", cap.rule)
        }
      }
      for (triggerIndex, trigger) in category.strictControl.enumerated() {
        guard trigger.above.isFinite, (0...1).contains(trigger.above) else {
          throw fail("\(at).strict_control[\(triggerIndex)].above is \(trigger.above); it must lie between 0 and 1.", .r9)
        }
      }
      for target in category.coverage {
        guard (1...max(1, category.gradeCount)).contains(target.grade), target.perClass >= 0, target.perGrade >= 0 else {
          throw fail("\(at).coverage for grade \(target.grade) is not a grade of the category or asks a negative number.", .g2)
        }
      }
      if let floor = category.previousYearFloor, !(floor.isFinite && (0...1).contains(floor)) {
        throw fail("\(at).previous_year_floor is \(floor); it must lie between 0 and 1.", .r10)
      }
    }
    for (index, category) in policy.categories.enumerated() {
      for (district, total) in category.districtTotals.sorted(by: { $0.key < $1.key }) {
        if !policy.districts.isEmpty, !policy.districts.contains(district) {
          throw fail("categories[\(index)] (\(category.name)).district_totals names “\(district)”, which is not one of the scenario's districts.", .r2)
        }
        if total < 0 { throw fail("categories[\(index)] (\(category.name)).district_totals gives \(district) \(total); a total cannot be negative.", .r2) }
      }
    }
    let social = policy.social
    for (name, value) in [
      ("social.density_exponent", social.densityExponent), ("social.outflow_boost", social.outflowBoost),
      ("social.outflow_resident_share_below", social.outflowResidentShareBelow),
      ("social.outflow_member_ratio_below", social.outflowMemberRatioBelow),
    ] where !(value.isFinite && value >= 0) {
      throw fail("\(name) is \(value); it must be a number ≥ 0.", .r11)
    }
  }
}
