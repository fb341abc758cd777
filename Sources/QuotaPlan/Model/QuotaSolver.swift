import GLPK

/// The solved quotas of one plan group.
struct GroupSolution: Sendable {
  var quotas: [QuotaModel.Owner: Int]
  /// Optimum of each level, in goal order.
  var optima: [(name: String, value: Double)]
  var isProvenOptimal: Bool
  var log: String
  /// Units, rows and bounds of the final model, for reasons.
  var units: [QuotaModel.Unit]
  var capRows: [QuotaModel.SchoolRow]
  var closedDoor: [Int: [Int]]
  var floors: [Int: Int]
  /// The final model, for export.
  var model: LinearModel
  /// The pins the group honoured.
  var pins: [Pin] = []
}

/// Solves one plan group: builds the model with a first guess of how many balance segments
/// each unit needs, solves it level by level, and adds segments where a unit used all of its
/// own (column generation; the objective is convex, so once no unit reaches its last segment
/// the restricted optimum is the true one).
enum QuotaSolver {
  static func solve(_ group: PlanGroup, scenario: Scenario, rules: RuleSet, options: SolverOptions) throws -> GroupSolution {
    var layout = QuotaModel(group: group, scenario: scenario, rules: rules)
    var segments = initialSegments(layout, total: group.total)
    for _ in 0..<20 {
      layout.build(group: group, policy: scenario.policy, rules: rules, segments: segments)
      let result = try LexicographicSolver.solve(layout.model, options: options)
      var quotas: [QuotaModel.Owner: Int] = [:]
      var grow: [Int] = []
      for (index, unit) in layout.units.enumerated() {
        let value = result.values[unit.column]
        guard abs(value - value.rounded()) < 1e-6 else {
          throw GLPKError.numericalTrouble("the quota of a unit came back fractional (\(value))")
        }
        let quota = Int(value.rounded())
        quotas[unit.owner] = quota
        if quota >= segments[index] && segments[index] < unit.upper { grow.append(index) }
      }
      if grow.isEmpty || !scenario.policy.goalOrder.contains(.balance) || !rules.contains(.g3) {
        return GroupSolution(
          quotas: quotas, optima: zip(layout.model.levels, result.optima).map { ($0.name, $1) },
          isProvenOptimal: result.isProvenOptimal, log: result.log, units: layout.units, capRows: layout.capRows,
          closedDoor: layout.closedDoor, floors: layout.floors, model: layout.model, pins: group.pins)
      }
      for index in grow { segments[index] = min(layout.units[index].upper, segments[index] * 2 + 8) }
    }
    throw GLPKError.unexpected("the balance segments did not settle after 20 rounds")
  }

  /// First guess: each unit's share at the water level where uncapped shares fill the total,
  /// plus its coverage demand and a margin; small units get all their segments at once.
  static func initialSegments(_ layout: QuotaModel, total: Int?) -> [Int] {
    let units = layout.units
    guard let total, total > 0 else { return units.map { min($0.upper, 64) } }
    func share(_ unit: QuotaModel.Unit, _ level: Double) -> Int {
      max(0, min(unit.upper, Int((level * unit.cost.size - unit.cost.base).rounded(.down))))
    }
    var low = 0.0, high = 1.0
    while units.reduce(0, { $0 + share($1, high) }) < total && high < 1e12 { high *= 2 }
    for _ in 0..<60 {
      let mid = (low + high) / 2
      if units.reduce(0, { $0 + share($1, mid) }) >= total { high = mid } else { low = mid }
    }
    var floorShare: [Int: Int] = [:]
    for (school, least) in layout.floors {
      for (index, unit) in units.enumerated() {
        if case .grade(school, _) = unit.owner { floorShare[index] = least }
      }
    }
    return units.enumerated().map { index, unit in
      if unit.upper <= 64 { return unit.upper }
      return min(unit.upper, max(share(unit, high), unit.coverageDemand, floorShare[index] ?? 0) + 4)
    }
  }
}
