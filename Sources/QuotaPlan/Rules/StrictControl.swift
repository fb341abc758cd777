/// R9: a school whose ratio in the trigger's grades is already above the threshold
/// (senior high: grade 1 above 50 %, graduating grade above 40 %) gets no quota at all.
enum StrictControl {
  /// The first trigger that fires for the school, with the ratio that fired it.
  static func trigger(_ school: School, _ category: CategoryPolicy) -> (StrictControlTrigger, ratio: Double)? {
    for trigger in category.strictControl {
      let records = trigger.grades.compactMap(school.record)
      let students = records.reduce(0) { $0 + $1.students }
      let members = records.reduce(0) { $0 + $1.members }
      guard students > 0 else { continue }
      let ratio = Double(members) / Double(students)
      // Compare on head counts: members > above × students.
      if Double(members) > trigger.above * Double(students) + 1e-9 { return (trigger, ratio) }
    }
    return nil
  }

  static func check(_ plan: Plan) -> [Violation] {
    var labels = SchoolLabels(plan.schoolPlans.map(\.school))
    return plan.schoolPlans.compactMap { school in
      guard school.quota > 0, let (trigger, ratio) = trigger(school.school, school.category) else { return nil }
      let name = labels.label(school.school)
      let grades = GradeName.list(trigger.grades, of: school.category, .en)
      return Violation(
        .r9,
        zh: "\(name)分到 \(school.quota) 个名额，但其\(GradeName.list(trigger.grades, of: school.category, .zh))的团青比 \(percent(ratio)) 高于 \(percent(trigger.above))：严格控制要求为 0。",
        en: "\(name) receives \(school.quota), but the ratio of its \(grades) is \(percent(ratio)), above \(percent(trigger.above)): strict control asks 0.")
    }
  }
}
