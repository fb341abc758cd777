/// How many new members each grade of a school can take under R8, R9 and the caps; shared by
/// the model (column bounds), the closed-door goal ("has room") and the reasons.
struct SchoolCapacity {
  let scopes: [CapScope]
  /// Grades that may receive quota, ascending.
  let eligibleGrades: [Int]
  /// Most each eligible grade can take on its own (its tightest cap, `unbounded` if none).
  let gradeRoom: [Int: Int]
  /// Most the whole school can take.
  let schoolRoom: Int
  let strictControl: (StrictControlTrigger, ratio: Double)?

  static let unbounded = Int.max / 4

  init(_ school: School, _ category: CategoryPolicy, rules: RuleSet) {
    let scopes = RatioCaps.scopes(school, category).filter { rules.contains($0.rule) }
    let trigger = rules.contains(.r9) ? StrictControl.trigger(school, category) : nil
    let eligible = trigger != nil ? [] : school.grades.filter { record in
      record.students > 0 && (!rules.contains(.r8) || EligibleGrades.allows(category, grade: record.grade))
    }.map(\.grade)
    var rooms: [Int: Int] = [:]
    for grade in eligible {
      var room = scopes.filter { $0.grades.contains(grade) }.map(\.room).min() ?? Self.unbounded
      // R12: never more members than students.
      if rules.contains(.r12), let record = school.record(grade) { room = min(room, StudentCapacity.room(record)) }
      rooms[grade] = room
    }
    let summed = rooms.values.reduce(0) { min(Self.unbounded, $0 + $1) }
    let covering = scopes.filter { scope in eligible.allSatisfy(scope.grades.contains) }.map(\.room)
    self.scopes = scopes
    self.strictControl = trigger
    self.eligibleGrades = eligible
    self.gradeRoom = rooms
    self.schoolRoom = eligible.isEmpty ? 0 : min(summed, covering.min() ?? Self.unbounded)
  }
}

/// Which rules and goals the model applies. All by default; tests drop one to show that its
/// test fails without it.
public struct RuleSet: Sendable, Equatable {
  public var enabled: Set<RuleID>

  public init(enabled: Set<RuleID> = Set(RuleID.allCases)) { self.enabled = enabled }

  /// All rules but `dropped`.
  public static func all(but dropped: RuleID...) -> RuleSet {
    RuleSet(enabled: Set(RuleID.allCases).subtracting(dropped))
  }

  public func contains(_ rule: RuleID) -> Bool { enabled.contains(rule) }
  func contains(_ rules: [RuleID]) -> Bool { rules.contains { enabled.contains($0) } }
}
