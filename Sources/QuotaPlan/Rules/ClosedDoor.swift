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
      let why = plan.policy.closedDoorIsHard ? "must receive at least 1 (closed_door_hard)" : "has room under its caps"
      return Violation(.g1, "\(labels.label(school.school)) (\(because(school.school, school.category, .en))) \(why) but receives nothing.")
    }
  }
}
