/// G1: no closed door. Every secondary-vocational, private or rural school that has room
/// under its caps gets at least one new member.
enum ClosedDoor {
  static func isProtected(_ school: School, _ category: CategoryPolicy, _ policy: Policy) -> Bool {
    category.protectsAllSchools || (policy.protectPrivateAndRural && (school.isPrivate || school.isRural))
  }

  /// Why the school is protected, in the planner's words.
  static func because(_ school: School, _ category: CategoryPolicy, _ language: Language) -> String {
    var parts: [String] = []
    if category.protectsAllSchools { parts.append(category.label(language)) }
    if school.isPrivate { parts.append(language == .zh ? "民办" : "private") }
    if school.isRural { parts.append(language == .zh ? "农村" : "rural") }
    return parts.joined(separator: language == .zh ? "、" : ", ")
  }

  /// Protected schools with room that receive nothing.
  static func unmet(_ plan: Plan) -> [Violation] {
    var labels = SchoolLabels(plan.schoolPlans.map(\.school))
    return plan.schoolPlans.compactMap { school in
      guard school.closedDoorDemand > 0, school.quota == 0 else { return nil }
      let hard = plan.policy.closedDoorIsHard
      let why = hard ? "must receive at least 1 (G1 is a hard rule in this scenario)" : "has room under its caps"
      let whyZH = hard ? "至少应得 1 个名额（本情景把杜绝关门主义定为硬性规则）" : "在团青比上限内还有余量"
      let name = labels.label(school.school)
      return Violation(
        .g1, zh: "\(name)（\(because(school.school, school.category, .zh))）\(whyZH)，却没有分到名额。",
        en: "\(name) (\(because(school.school, school.category, .en))) \(why) but receives nothing.")
    }
  }
}
