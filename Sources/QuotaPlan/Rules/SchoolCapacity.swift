/// How many new members each grade of a school can take under R8, R9 and the caps; shared by
/// the model (column bounds), the closed-door goal ("has room") and the reasons.
///
/// It is computed for every school several times a plan (model, reasons, sensitivity), so it
/// keeps to a few small arrays: no dictionaries, no sets, no copies of the school.
struct SchoolCapacity {
  let scopes: [CapScope]
  /// Grades that may receive quota, ascending.
  let eligibleGrades: [Int]
  /// Most each eligible grade can take on its own (its tightest cap, `unbounded` if none).
  let gradeRoom: GradeRooms
  /// Most the whole school can take.
  let schoolRoom: Int
  let strictControl: (StrictControlTrigger, ratio: Double)?

  static let unbounded = Int.max / 4

  init(_ school: School, _ category: CategoryPolicy, rules: RuleSet) {
    let scopes = Self.scopes(school, category, rules: rules)
    let trigger = rules.contains(.r9) ? StrictControl.trigger(school, category) : nil
    var eligible: [Int] = []
    var rooms: [Int] = []
    if trigger == nil {
      let r8 = rules.contains(.r8), r12 = rules.contains(.r12)
      eligible.reserveCapacity(school.grades.count)
      rooms.reserveCapacity(school.grades.count)
      for record in school.grades where record.students > 0 && (!r8 || EligibleGrades.allows(category, grade: record.grade)) {
        let grade = record.grade
        eligible.append(grade)
        var room = Self.unbounded
        var capped = false
        for scope in scopes where scope.grades.contains(grade) {
          room = capped ? min(room, scope.room) : scope.room
          capped = true
        }
        // R12: never more members than students (the grade's first record, as `School.record`).
        if r12, let first = school.record(grade) { room = min(room, StudentCapacity.room(first)) }
        rooms.append(room)
      }
    }
    let gradeRoom = GradeRooms(grades: eligible, rooms: rooms)
    var covering = Self.unbounded
    var anyCovering = false
    for scope in scopes where eligible.allSatisfy(scope.grades.contains) {
      covering = anyCovering ? min(covering, scope.room) : scope.room
      anyCovering = true
    }
    self.scopes = scopes
    self.strictControl = trigger
    self.eligibleGrades = eligible
    self.gradeRoom = gradeRoom
    self.schoolRoom = eligible.isEmpty ? 0 : min(Self.nestedRoom(gradeRoom, scopes: scopes), covering)
  }

  /// `RatioCaps.scopes(school, category)` restricted to the enabled rules, in the same order
  /// with the same figures, built without the intermediate arrays.
  static func scopes(_ school: School, _ category: CategoryPolicy, rules: RuleSet) -> [CapScope] {
    var scopes: [CapScope] = []
    scopes.reserveCapacity(category.caps.count)
    for cap in category.caps where rules.contains(cap.rule) {
      var grades: [Int]
      if let listed = cap.grades {
        grades = listed.filter { grade in school.grades.contains { $0.grade == grade } }
      } else {
        grades = school.grades.map(\.grade)
      }
      guard !grades.isEmpty else { continue }
      if !zip(grades, grades.dropFirst()).allSatisfy({ $0 <= $1 }) { grades.sort() }
      var students = 0, members = 0
      for grade in grades {
        guard let record = school.grades.first(where: { $0.grade == grade }) else { continue }
        students += record.students
        members += record.members
      }
      scopes.append(CapScope(rule: cap.rule, ratio: cap.ratio, grades: grades, students: students, members: members))
    }
    return scopes
  }
}

/// Each eligible grade's room, in the order of `SchoolCapacity.eligibleGrades`: a grade's
/// room is `gradeRoom[grade]`, nil for a grade that is not eligible.
struct GradeRooms: Sendable, Equatable {
  /// The eligible grades, and each one's room at the same position.
  let grades: [Int]
  let rooms: [Int]

  subscript(grade: Int) -> Int? {
    for index in grades.indices where grades[index] == grade { return rooms[index] }
    return nil
  }

  /// Each distinct grade once (the first record wins, as in a dictionary built grade by grade).
  var distinct: [(grade: Int, room: Int)] {
    var seen: [(grade: Int, room: Int)] = []
    for (grade, room) in zip(grades, rooms) where !seen.contains(where: { $0.grade == grade }) { seen.append((grade, room)) }
    return seen
  }
}

extension SchoolCapacity {
  /// The most the eligible grades can take together: caps that nest (grades 1–2 inside the
  /// school) are applied from the smallest up, each bounding the sum of what it holds, so a cap
  /// shared by two grades counts once. Caps that overlap without nesting fall back to the sum
  /// of the grades' own rooms (an upper bound).
  ///
  /// Grades 0–63 are held as bits of one word; any other grade takes the general path.
  static func nestedRoom(_ rooms: GradeRooms, scopes: [CapScope]) -> Int {
    let distinct = rooms.distinct
    guard distinct.allSatisfy({ (0..<64).contains($0.grade) }) else {
      return nestedRoom(distinct.map { (grades: Set([$0.grade]), room: $0.room) }, scopes: scopes)
    }
    func bits(_ grades: [Int]) -> UInt64 {
      grades.reduce(UInt64(0)) { mask, grade in (0..<64).contains(grade) ? mask | (1 << UInt64(grade)) : mask }
    }
    var items: [(grades: UInt64, room: Int)] = distinct.map { (1 << UInt64($0.grade), $0.room) }
    // A scope's grades outside 0–63 hold no eligible grade: they never change which items it holds.
    for scope in scopes.sorted(by: { $0.grades.count < $1.grades.count }) {
      let mask = bits(scope.grades)
      var inside: UInt64 = 0
      var sum = 0
      var any = false
      for item in items where item.grades & ~mask == 0 {
        any = true
        inside |= item.grades
        sum = min(unbounded, sum + item.room)
      }
      guard any else { continue }
      if items.contains(where: { $0.grades & ~mask != 0 && $0.grades & mask != 0 }) {
        return distinct.reduce(0) { min(unbounded, $0 + $1.room) }
      }
      items.removeAll { $0.grades & ~mask == 0 }
      items.append((inside, min(sum, scope.room)))
    }
    return items.reduce(0) { min(unbounded, $0 + $1.room) }
  }

  /// The general path of `nestedRoom`, on sets of grades.
  static func nestedRoom(_ start: [(grades: Set<Int>, room: Int)], scopes: [CapScope]) -> Int {
    var items = start
    for scope in scopes.sorted(by: { $0.grades.count < $1.grades.count }) {
      let grades = Set(scope.grades)
      let inside = items.indices.filter { items[$0].grades.isSubset(of: grades) }
      guard !inside.isEmpty else { continue }
      if items.contains(where: { !$0.grades.isSubset(of: grades) && !$0.grades.isDisjoint(with: grades) }) {
        return start.reduce(0) { min(unbounded, $0 + $1.room) }
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
  public var enabled: Set<RuleID> { didSet { bits = Self.bits(enabled) } }
  /// `enabled` as one bit per rule: `contains` runs for every grade of a plan, and a set's
  /// lookup hashes.
  private var bits: UInt32

  public init(enabled: Set<RuleID> = Set(RuleID.allCases)) {
    self.enabled = enabled
    self.bits = Self.bits(enabled)
  }

  /// All rules but `dropped`.
  public static func all(but dropped: RuleID...) -> RuleSet {
    RuleSet(enabled: Set(RuleID.allCases).subtracting(dropped))
  }

  public func contains(_ rule: RuleID) -> Bool { bits & rule.ruleSetBit != 0 }
  func contains(_ rules: [RuleID]) -> Bool { rules.contains { contains($0) } }

  private static func bits(_ rules: Set<RuleID>) -> UInt32 { rules.reduce(0) { $0 | $1.ruleSetBit } }
}

extension RuleID {
  /// The rule's bit in `RuleSet`.
  fileprivate var ruleSetBit: UInt32 {
    switch self {
    case .r1: 1 << 0
    case .r2: 1 << 1
    case .r3: 1 << 2
    case .r4: 1 << 3
    case .r5: 1 << 4
    case .r6: 1 << 5
    case .r7: 1 << 6
    case .r8: 1 << 7
    case .r9: 1 << 8
    case .r10: 1 << 9
    case .r11: 1 << 10
    case .r12: 1 << 11
    case .g1: 1 << 12
    case .g2: 1 << 13
    case .g3: 1 << 14
    case .pin: 1 << 15
    }
  }
}
