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
    let summed = Self.nestedRoom(rooms, scopes: scopes)
    let covering = scopes.filter { scope in eligible.allSatisfy(scope.grades.contains) }.map(\.room)
    self.scopes = scopes
    self.strictControl = trigger
    self.eligibleGrades = eligible
    self.gradeRoom = rooms
    self.schoolRoom = eligible.isEmpty ? 0 : min(summed, covering.min() ?? Self.unbounded)
  }
}

extension SchoolCapacity {
  /// The most the eligible grades can take together: caps that nest (grades 1–2 inside the
  /// school) are applied from the smallest up, each bounding the sum of what it holds, so a cap
  /// shared by two grades counts once. Caps that overlap without nesting fall back to the sum
  /// of the grades' own rooms (an upper bound).
  static func nestedRoom(_ rooms: [Int: Int], scopes: [CapScope]) -> Int {
    // Each item: the grades it holds and the most they can take together.
    var items: [(grades: Set<Int>, room: Int)] = rooms.map { ([$0.key], $0.value) }
    for scope in scopes.sorted(by: { $0.grades.count < $1.grades.count }) {
      let grades = Set(scope.grades)
      let inside = items.indices.filter { items[$0].grades.isSubset(of: grades) }
      guard !inside.isEmpty else { continue }
      if items.contains(where: { !$0.grades.isSubset(of: grades) && !$0.grades.isDisjoint(with: grades) }) {
        return rooms.values.reduce(0) { min(unbounded, $0 + $1) }
      }
      let sum = inside.reduce(0) { min(unbounded, $0 + items[$1].room) }
      let merged = (inside.reduce(into: Set<Int>()) { $0.formUnion(items[$1].grades) }, min(sum, scope.room))
      for index in inside.reversed() { items.remove(at: index) }
      items.append(merged)
    }
    return items.reduce(0) { min(unbounded, $0 + $1.room) }
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
