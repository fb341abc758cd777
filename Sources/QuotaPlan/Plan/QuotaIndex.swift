/// One group's quotas indexed by school and by unit, for the reasons and summaries: the same
/// figures as `GroupSolution.quotas` looked up by owner, without hashing an owner per grade.
struct QuotaIndex: Sendable {
  /// One record per key of the solution's quotas (`unit` -1) and one per unit (`quota` unused),
  /// grouped by school: school `s` owns `records[start[s]..<start[s + 1]]`, quotas first, then
  /// units in the solution's order.
  private struct Record: Sendable {
    var grade: Int
    var quota: Int
    var unit: Int
  }

  private var start: [Int] = []
  private var records: [Record] = []
  /// Each unit's quota, in the solution's unit order (0 when the solution has none for it).
  private(set) var unitQuota: [Int] = []
  /// Each social unit's quota, and its unit in the solution (-1 when none).
  private var socialQuotas: [Int] = []
  private var socialUnits: [Int] = []

  init() {}

  init(_ solution: GroupSolution, schools: Int, socialUnits socialCount: Int) {
    var raw: [(school: Int, record: Record)] = []
    raw.reserveCapacity(solution.quotas.count + solution.units.count)
    socialQuotas = Array(repeating: 0, count: socialCount)
    socialUnits = Array(repeating: -1, count: socialCount)
    for (owner, quota) in solution.quotas {
      switch owner {
      case .grade(let school, let grade):
        if (0..<schools).contains(school) { raw.append((school, Record(grade: grade, quota: quota, unit: -1))) }
      case .social(let index):
        if socialQuotas.indices.contains(index) { socialQuotas[index] = quota }
      }
    }
    for (index, unit) in solution.units.enumerated() {
      switch unit.owner {
      case .grade(let school, let grade):
        if (0..<schools).contains(school) { raw.append((school, Record(grade: grade, quota: 0, unit: index))) }
      case .social(let social):
        if socialUnits.indices.contains(social) { socialUnits[social] = index }
      }
    }
    // Counting sort by school, stable: quotas before units, units in their order.
    var start = Array(repeating: 0, count: schools + 1)
    for entry in raw { start[entry.school + 1] += 1 }
    for school in 0..<schools { start[school + 1] += start[school] }
    var next = start
    var records = Array(repeating: Record(grade: 0, quota: 0, unit: -1), count: raw.count)
    for entry in raw {
      records[next[entry.school]] = entry.record
      next[entry.school] += 1
    }
    self.start = start
    self.records = records
    var unitQuota: [Int] = []
    unitQuota.reserveCapacity(solution.units.count)
    for unit in solution.units {
      switch unit.owner {
      case .grade(let school, let grade): unitQuota.append(quota(school: school, grade: grade))
      case .social(let index): unitQuota.append(socialQuota(index))
      }
    }
    self.unitQuota = unitQuota
  }

  /// `solution.quotas[.grade(school: school, grade: grade)] ?? 0`.
  func quota(school: Int, grade: Int) -> Int {
    guard school >= 0, school + 1 < start.count else { return 0 }
    for index in start[school]..<start[school + 1] where records[index].unit < 0 && records[index].grade == grade {
      return records[index].quota
    }
    return 0
  }

  /// The position in `solution.units` of the unit that owns the school-grade (the last one, as
  /// an index built unit by unit), nil when the grade has none.
  func unit(school: Int, grade: Int) -> Int? {
    guard school >= 0, school + 1 < start.count else { return nil }
    var found: Int?
    for index in start[school]..<start[school + 1] where records[index].unit >= 0 && records[index].grade == grade {
      found = records[index].unit
    }
    return found
  }

  /// `solution.quotas[.social(index)] ?? 0`.
  func socialQuota(_ index: Int) -> Int { socialQuotas.indices.contains(index) ? socialQuotas[index] : 0 }

  /// The position in `solution.units` of the social unit, nil when it has none.
  func socialUnit(_ index: Int) -> Int? {
    guard socialUnits.indices.contains(index), socialUnits[index] >= 0 else { return nil }
    return socialUnits[index]
  }
}
