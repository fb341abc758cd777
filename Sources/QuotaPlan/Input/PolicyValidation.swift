/// Arithmetic checks of a policy before any data is read or anything is solved.
///
/// Every number is bounded by what the notice's world allows, so no later sum or product can
/// overflow, and every bound is a fact rather than a policy choice:
/// - a member number is 12 digits, the 4-digit year and 8 more, so `year` has 4 digits, the city
///   `total` (and so every count of new members) is at most 99,999,999, and `first_number` with
///   the `total` numbers after it stays inside the year's block;
/// - a category's total and a district's share of it are parts of the city total;
/// - ratios, shares and floors lie between 0 and 1; a school has 1 to 12 grades;
/// - the social-sector weights stay finite numbers (`density_exponent` ≤ 10, `outflow_boost` ≤
///   1,000,000).
///
/// Whether the data can absorb the totals is not checked here: that is a conflict of rules,
/// which the planner explains (exit 3), not bad input.
enum PolicyValidation {
  /// The numbers in a year's block of member numbers: the 8 digits after the year.
  static let blockSize = 100_000_000
  /// The most numbers (so the most new members) a total can give out.
  static let maxCount = blockSize - 1
  /// Largest `social.density_exponent`: the density weights stay finite numbers.
  static let maxDensityExponent = 10.0
  /// Largest `social.outflow_boost`: the weights stay finite numbers.
  static let maxOutflowBoost = 1_000_000.0

  /// Names a setting and makes the error about it: `category` is the index of the category in
  /// the policy (nil for a city-wide setting), `setting` the path inside it.
  struct Place {
    var name: (_ category: Int?, _ setting: [YAMLSource.Step], _ language: Language) -> String
    var error: (_ category: Int?, _ setting: [YAMLSource.Step], _ message: BilingualMessage, _ rule: RuleID?) -> InputError

    /// Places every problem on `file` alone, naming categories by their index in the policy.
    static func file(_ file: String, policy: Policy) -> Place {
      Place(
        name: { category, setting, language in
          let prefix = category.map {
            language == .zh ? "categories[\($0)]（\(policy.categories[$0].name)）" : "categories[\($0)] (\(policy.categories[$0].name))"
          }
          return [prefix, setting.isEmpty ? nil : YAMLSource.name(setting)].compactMap { $0 }.joined(separator: ".")
        },
        error: { _, _, message, rule in InputError(file: file, rule: rule, zh: message.zh, en: message.en) })
    }
  }

  static func check(_ policy: Policy, file: String) throws {
    try check(policy, place: .file(file, policy: policy))
  }

  static func check(_ policy: Policy, place: Place) throws {
    /// `<setting> <rest>` as an error placed at the setting.
    func fail(_ category: Int? = nil, _ setting: [YAMLSource.Step], zh: String, en: String, _ rule: RuleID? = nil) -> InputError {
      let message = BilingualMessage(
        zh: "设置项 \(place.name(category, setting, .zh)) \(zh)", en: "\(place.name(category, setting, .en)) \(en)")
      return place.error(category, setting, message, rule)
    }
    let count = "a whole number from 0 to 99,999,999 (a member number has 8 digits after the year)"
    let countZH = "0 至 99,999,999 之间的整数（团员编号在年份之后有 8 位）"

    guard (1000...9999).contains(policy.year) else {
      throw fail(nil, [.key("year")], zh: "为 \(policy.year)；它须为 4 位年份，即每个团员编号的前 4 位。",
        en: "is \(policy.year); it must be a 4-digit year, the first 4 digits of every member number.")
    }
    guard (0...maxCount).contains(policy.total) else {
      throw fail(nil, [.key("total")], zh: "为 \(policy.total)；全市总量须为\(countZH)。", en: "is \(policy.total); the city total must be \(count).", .r1)
    }
    // Both bounds are checked before the sum, which then cannot overflow.
    let blockStart = policy.year * blockSize
    guard policy.firstNumber > blockStart, policy.firstNumber <= blockStart + maxCount else {
      throw fail(
        nil, [.key("first_number")],
        zh: "为 \(policy.firstNumber)；它须为 \(policy.year) 年的 12 位团员编号，从 \(blockStart + 1) 到 \(blockStart + maxCount)。",
        en: "is \(policy.firstNumber); it must be a 12-digit member number of the year \(policy.year), from \(blockStart + 1) to \(blockStart + maxCount).")
    }
    let room = blockStart + maxCount - policy.firstNumber + 1
    guard policy.total <= room else {
      throw fail(
        nil, [.key("first_number")],
        zh: "为 \(policy.firstNumber)，本年度号段中其后只剩 \(room) 个编号，但总量为 \(policy.total)。",
        en: "is \(policy.firstNumber), which leaves room for \(room) numbers in the year's block, but the total is \(policy.total).")
    }
    guard (1...maxCount).contains(policy.branchMinimum) else {
      throw fail(nil, [.key("branch_minimum")], zh: "为 \(policy.branchMinimum)；一个团支部至少需要 1 名团员（至多 99,999,999）。",
        en: "is \(policy.branchMinimum); a branch needs at least 1 member (and at most 99,999,999).")
    }
    if let limit = policy.solverTimeLimit, !(limit.isFinite && limit > 0 && limit <= 86_400) {
      throw fail(nil, [.key("solver_time_limit")], zh: "为 \(limit)；求解时限是大于 0、至多 86400（一天）的秒数。",
        en: "is \(limit); the solver's time limit is a number of seconds above 0 and at most 86400 (one day).")
    }
    for (offset, district) in (policy.itemisedDistricts ?? []).enumerated() where !policy.districts.isEmpty && !policy.districts.contains(district) {
      throw fail(nil, [.key("itemised_districts"), .index(offset)], zh: "写了“\(district)”，它不是本情景的区县（\(policy.districts.joined(separator: "、"))）。",
        en: "names “\(district)”, which is not one of the scenario's districts (\(policy.districts.joined(separator: "、"))).")
    }
    if let note = policy.dataNote, note.count > 500 {
      throw fail(nil, [.key("data_note")], zh: "有 \(note.count) 个字符；数据说明只能是一行，至多 500 个字符。",
        en: "has \(note.count) characters; a note about the data is one line of at most 500.")
    }
    if let repeated = firstRepeated(policy.districts) {
      throw fail(nil, [.key("districts"), .index(repeated.later)], zh: "再次写了“\(policy.districts[repeated.later])”（districts[\(repeated.first)] 也是它）；每个区县只列一次。",
        en: "names “\(policy.districts[repeated.later])” again (it is also districts[\(repeated.first)]); list each district once.")
    }
    if let repeated = firstRepeated(policy.categories.map(\.id)) {
      throw fail(repeated.later, [.key("id")], zh: "的 id “\(policy.categories[repeated.later].id)”与 categories[\(repeated.first)] 相同；每个类别只列一次。",
        en: "has the id “\(policy.categories[repeated.later].id)” of categories[\(repeated.first)]; list each category once.")
    }
    if let repeated = firstRepeated(policy.goalOrder) {
      throw fail(nil, [.key("goals"), .index(repeated.later)], zh: "再次写了目标 \(policy.goalOrder[repeated.later].rule.tag(.zh))；每个目标只列一次。",
        en: "names the goal \(policy.goalOrder[repeated.later].rawValue) again; list each goal once.")
    }
    guard !policy.categories.isEmpty else { throw fail(nil, [.key("categories")], zh: "是空的；方案至少需要一个类别。", en: "is empty; a plan needs at least one category.") }

    for (index, category) in policy.categories.enumerated() {
      if let total = category.total, !(0...policy.total).contains(total) {
        throw fail(
          index, [.key("total")],
          zh: total < 0
            ? "为 \(total)；类别总量不能为负数。"
            : "为 \(total)，超过全市总量 \(policy.total)；类别总量是全市总量的一部分。",
          en: total < 0
            ? "is \(total); a category total cannot be negative."
            : "is \(total), above the city total \(policy.total); a category's total is part of the city total.", .r2)
      }
      if let total = category.lastYearTotal, !(0...maxCount).contains(total) {
        throw fail(index, [.key("last_year_total")], zh: "为 \(total)；它须为\(countZH)。", en: "is \(total); it must be \(count).")
      }
      if category.kind == .school, category.gradeCount < 1 || category.gradeCount > 12 {
        throw fail(
          index, [.key("grades")], zh: "为 \(category.gradeCount)；学校类别有 1 至 12 个年级。",
          en: "is \(category.gradeCount); a school category has 1 to 12 grades.")
      }
      let grades = 1...max(1, category.gradeCount)
      for (offset, grade) in category.eligibleGrades.enumerated() where !grades.contains(grade) {
        throw fail(
          index, [.key("eligible_grades"), .index(offset)],
          zh: "写了\(GradeName.name(grade, of: category, .zh))，但该类别只有 \(category.gradeCount) 个年级。",
          en: "names grade \(grade), but the category has grades 1 to \(category.gradeCount).", .r8)
      }
      for (capIndex, cap) in category.caps.enumerated() {
        guard cap.ratio.isFinite, (0...1).contains(cap.ratio) else {
          throw fail(index, [.key("caps"), .index(capIndex), .key("ratio")], zh: "为 \(cap.ratio)；团青比上限须在 0 到 1 之间。", en: "is \(cap.ratio); a ratio cap must lie between 0 and 1.", cap.rule)
        }
        for grade in cap.grades ?? [] where !grades.contains(grade) {
          throw fail(
            index, [.key("caps"), .index(capIndex), .key("grades")], zh: "写了年级 \(grade)，该类别没有这个年级。",
            en: "names grade \(grade), which the category does not have.", cap.rule)
        }
      }
      for (triggerIndex, trigger) in category.strictControl.enumerated() {
        guard trigger.above.isFinite, (0...1).contains(trigger.above) else {
          throw fail(
            index, [.key("strict_control"), .index(triggerIndex), .key("above")], zh: "为 \(trigger.above)；它须在 0 到 1 之间。",
            en: "is \(trigger.above); it must lie between 0 and 1.", .r9)
        }
        for grade in trigger.grades where !grades.contains(grade) {
          throw fail(
            index, [.key("strict_control"), .index(triggerIndex), .key("grades")], zh: "写了年级 \(grade)，该类别没有这个年级。",
            en: "names grade \(grade), which the category does not have.", .r9)
        }
      }
      for (targetIndex, target) in category.coverage.enumerated() {
        let at: [YAMLSource.Step] = [.key("coverage"), .index(targetIndex)]
        guard grades.contains(target.grade) else {
          throw fail(
            index, at + [.key("grade")], zh: "为 \(target.grade)，不是该类别的年级。", en: "is \(target.grade), which is not a grade of the category.", .g2)
        }
        for (key, value) in [("per_class", target.perClass), ("per_grade", target.perGrade)] where !(0...maxCount).contains(value) {
          throw fail(index, at + [.key(key)], zh: "为 \(value)；它须为\(countZH)。", en: "is \(value); it must be \(count).", .g2)
        }
      }
      if let floor = category.previousYearFloor, !(floor.isFinite && (0...1).contains(floor)) {
        throw fail(index, [.key("previous_year_floor")], zh: "为 \(floor)；它须在 0 到 1 之间。", en: "is \(floor); it must lie between 0 and 1.", .r10)
      }
      for (district, total) in category.districtTotals.sorted(by: { $0.key < $1.key }) {
        let at: [YAMLSource.Step] = [.key("district_totals"), .key(district)]
        if !policy.districts.isEmpty, !policy.districts.contains(district) {
          throw fail(
            index, at, zh: "写了“\(district)”，它不是本情景的区县。", en: "names “\(district)”, which is not one of the scenario's districts.", .r2)
        }
        if total < 0 { throw fail(index, at, zh: "为 \(total)；总量不能为负数。", en: "is \(total); a total cannot be negative.", .r2) }
        if total > policy.total {
          throw fail(
            index, at, zh: "为 \(total)，超过全市总量 \(policy.total)；区县的份额是全市总量的一部分。",
            en: "is \(total), above the city total \(policy.total); a district's share is part of the city total.", .r2)
        }
      }
    }
    let social = policy.social
    for (key, value, most) in [
      ("density_exponent", social.densityExponent, maxDensityExponent), ("outflow_boost", social.outflowBoost, maxOutflowBoost),
      ("outflow_resident_share_below", social.outflowResidentShareBelow, Double.greatestFiniteMagnitude),
      ("outflow_member_ratio_below", social.outflowMemberRatioBelow, Double.greatestFiniteMagnitude),
    ] where !(value.isFinite && value >= 0 && value <= most) {
      let bound = most < .greatestFiniteMagnitude ? " and at most \(most.grouped), so the weights stay finite numbers" : ""
      let boundZH = most < .greatestFiniteMagnitude ? "且至多 \(most.grouped)，以使权重保持为有限数" : ""
      throw fail(
        nil, [.key("social"), .key(key)], zh: "为 \(value)；它须为不小于 0 的数\(boundZH)。", en: "is \(value); it must be a number ≥ 0\(bound).", .r11)
    }
  }

  /// The first element seen again: where it was first and where again.
  private static func firstRepeated<T: Hashable>(_ values: [T]) -> (first: Int, later: Int)? {
    var seen: [T: Int] = [:]
    for (index, value) in values.enumerated() {
      if let first = seen[value] { return (first, index) }
      seen[value] = index
    }
    return nil
  }
}

extension Double {
  /// `10` rather than `10.0`, `1000000` as `1,000,000`.
  fileprivate var grouped: String {
    guard self == rounded(), abs(self) < 1e15 else { return "\(self)" }
    let digits = String(Int(self))
    var grouped = ""
    for (offset, character) in digits.reversed().enumerated() {
      if offset > 0, offset % 3 == 0 { grouped.append(",") }
      grouped.append(character)
    }
    return String(grouped.reversed())
  }
}
