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
  /// Builds the final model, for export (the greedy path never needs it to plan).
  var modelBuilder: @Sendable () -> LinearModel
  /// The final model: the rows, the goal levels and enough balance segments for the optimum.
  var model: LinearModel { modelBuilder() }
  /// The pins the group honoured.
  var pins: [Pin] = []
}

/// Solves one plan group. When its rows nest (the notice's policy always does), the exact
/// optimum comes from `NestedAllocation`'s greedy, and the model is only built on demand, for
/// export. Otherwise it builds the model with a first guess of how many balance segments
/// each unit needs, solves it level by level with GLPK, and adds segments where a unit used
/// all of its own (column generation; the objective is convex, so once no unit reaches its
/// last segment the restricted optimum is the true one).
enum QuotaSolver {
  static func solve(
    _ group: PlanGroup, scenario: Scenario, rules: RuleSet, options: SolverOptions, method: SolveMethod = .automatic
  ) throws -> GroupSolution {
    let layout = QuotaModel(group: group, scenario: scenario, rules: rules)
    if method == .automatic {
      do {
        var nested = try NestedAllocation(layout: layout, group: group, policy: scenario.policy, rules: rules)
        return solution(layout, quotas: try nested.solve(), group: group, policy: scenario.policy, rules: rules, proven: true, log: "")
      } catch NestedAllocation.Unsupported.notNested {
        // Caps over overlapping but consecutive grades: exact without a solver too.
        if let quotas = try IntervalAllocation.quotas(layout, group: group, policy: scenario.policy, rules: rules) {
          return solution(layout, quotas: quotas, group: group, policy: scenario.policy, rules: rules, proven: true, log: "")
        }
      }
    }
    return try solveWithGLPK(layout, group: group, scenario: scenario, rules: rules, options: options)
  }

  /// The greedy's quotas as a solution: each level's optimum is evaluated on the model with a
  /// segment up to one past each quota, the model GLPK would end with.
  static func solution(
    _ layout: QuotaModel, quotas: [Int], group: PlanGroup, policy: Policy, rules: RuleSet, proven: Bool, log: String
  ) -> GroupSolution {
    let units = layout.units
    let segments = zip(units, quotas).map { min($0.upper, $1 + 1) }
    let optima = layout.levelGoals(policy: policy, rules: rules).map { goal -> (name: String, value: Double) in
      switch goal {
      case .g1:
        let unmet = layout.closedDoor.values.filter { $0.allSatisfy { quotas[$0] == 0 } }.count
        return (goal.rawValue, Double(unmet))
      case .g2:
        return (goal.rawValue, Double(zip(units, quotas).reduce(0) { $0 + max(0, $1.0.coverageDemand - $1.1) }))
      default:
        let ranks = QuotaModel.ranks(units: units, segments: segments)
        var sum = 0, next = 0
        for (index, quota) in quotas.enumerated() {
          for j in 0..<quota { sum += ranks[next + j] + 1 }
          next += segments[index]
        }
        return (goal.rawValue, Double(sum))
      }
    }
    var owners: [QuotaModel.Owner: Int] = [:]
    for (unit, quota) in zip(units, quotas) { owners[unit.owner] = quota }
    return GroupSolution(
      quotas: owners, optima: optima, isProvenOptimal: proven, log: log, units: units, capRows: layout.capRows,
      closedDoor: layout.closedDoor, floors: layout.floors,
      modelBuilder: {
        var model = layout
        model.build(group: group, policy: policy, rules: rules, segments: segments)
        return model.model
      },
      pins: group.pins)
  }

  /// The time limit in `options` is the budget of the whole group: each round of segments
  /// gets what the rounds before it left. When it runs out after a round found a plan, that plan
  /// is kept, marked not proven optimal (a restricted model's plan is a plan of the full one).
  static func solveWithGLPK(
    _ layout: QuotaModel, group: PlanGroup, scenario: Scenario, rules: RuleSet, options: SolverOptions
  ) throws -> GroupSolution {
    var layout = layout
    var segments = initialSegments(layout, total: group.effectiveTotal(scenario.policy))
    let clock = SolverClock(limit: options.timeLimit)
    var found: GroupSolution?
    for _ in 0..<20 {
      if group.elastic { try NearestPlanSize.check(layout, segments: segments) }
      layout.build(group: group, policy: scenario.policy, rules: rules, segments: segments)
      var roundOptions = options
      let result: LexicographicResult
      do {
        roundOptions.timeLimit = try clock.left()
        result = try LexicographicSolver.solve(layout.model, options: roundOptions)
      } catch var error as GLPKError where error.isTimeLimit {
        // The solve was given what was left of the group's budget: name the budget itself.
        if case .timeLimitReached(_, let level, let bound) = error, let limit = clock.limit {
          error = .timeLimitReached(seconds: limit, level: level, bestBound: bound)
        }
        guard var kept = found else { throw error }
        kept.isProvenOptimal = false
        kept.log += "\(error)\n"
        return kept
      }
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
      let balanced = layout.levelGoals(policy: scenario.policy, rules: rules).contains(.g3)
      if grow.isEmpty && balanced && !group.elastic {
        // The same figures and export model as the greedy path, whatever segments it took.
        let values = layout.units.map { quotas[$0.owner] ?? 0 }
        return solution(
          layout, quotas: values, group: group, policy: scenario.policy, rules: rules, proven: result.isProvenOptimal, log: result.log)
      }
      let current = GroupSolution(
        quotas: quotas, optima: zip(layout.model.levels, result.optima).map { ($0.name, $1) },
        isProvenOptimal: result.isProvenOptimal, log: result.log, units: layout.units, capRows: layout.capRows,
        closedDoor: layout.closedDoor, floors: layout.floors, modelBuilder: { [model = layout.model] in model },
        pins: group.pins)
      if grow.isEmpty || !balanced || !result.isProvenOptimal { return current }
      found = current
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

/// The nearest plan's model size is bounded: it is a mixed-integer program over the whole city,
/// and a slip in the data (a total a thousand times too large) must end in a sentence, not in
/// gigabytes of balance segments.
enum NearestPlanSize {
  /// Most balance segments (one variable each) the nearest plan's model may have.
  static let maxSegments = 1_000_000

  struct TooLarge: Error, Sendable {
    var segments: Int
    var units: Int
  }

  /// Why the model was not built, for `PlanError.nearestPlanNotComputed`.
  static func sentence(_ size: TooLarge) -> String {
    "its model would need \(size.segments) balance variables for \(size.units) units, more than the limit of \(maxSegments); correct the conflict above and solve again."
  }

  static func check(_ layout: QuotaModel, segments: [Int]) throws {
    let total = segments.reduce(0) { $0 + $1 }
    if total > maxSegments { throw TooLarge(segments: total, units: layout.units.count) }
  }
}
