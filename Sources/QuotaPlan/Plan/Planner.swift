import Foundation
import GLPK

/// Turns a scenario into a plan: pre-checks, one model per plan group solved in parallel on
/// GLPK (its state is thread-local), quotas, reasons and number ranges.
public enum Planner {
  /// Plans `scenario` under `rules` (all of them unless a test drops one).
  /// `parallel: false` solves the categories one after another (for callers that already keep
  /// the cores busy with other scenarios); `method: .glpk` skips the greedy (cross-checks).
  /// Without a time limit in `options`, each GLPK solve gets the scenario's
  /// (`policy.effectiveSolverTimeLimit`, setting `solver_time_limit`).
  public static func plan(
    _ scenario: Scenario, rules: RuleSet = RuleSet(), options: SolverOptions = SolverOptions(), parallel: Bool = true,
    method: SolveMethod = .automatic
  ) throws -> Plan {
    let options = limited(options, scenario.policy)
    let groups = PlanGroup.groups(scenario, rules: rules)
    let conflicts = PreChecks.conflicts(scenario, groups: groups, rules: rules)
    if !conflicts.isEmpty { throw PlanError.conflicts(conflicts) }

    let results = groups.concurrentMap(parallel: parallel) { group in
      Result { try QuotaSolver.solve(group, scenario: scenario, rules: rules, options: options, method: method) }
    }
    var solutions: [GroupSolution] = []
    for (group, result) in zip(groups, results) {
      switch result {
      case .success(let solution): solutions.append(solution)
      case .failure(GLPKError.infeasible):
        // No arithmetic pre-check saw it: the nearest plan shows which rules must give.
        let nearest: Plan
        do {
          nearest = try nearestPlan(scenario, options: options, method: method)
        } catch PlanError.nearestPlanNotComputed(let why) {
          throw PlanError.conflicts([
            Conflict([], zh: "\(group.name)：硬性规则无法同时满足，且未计算最近方案：\(why)", en: "\(group.name): the hard rules cannot all hold, and the nearest plan was not computed: \(why)")
          ])
        }
        throw PlanError.conflicts(nearest.brokenRules.map { Conflict($0, in: group.name) })
      case .failure(let error as GLPKError): throw PlanError.solver(group: group.name, error)
      case .failure(let error): throw error
      }
    }
    return assemble(scenario, groups: groups, solutions: solutions, rules: rules, parallel: parallel)
  }

  /// The plan that breaks the fewest negotiable hard rules, then by the least, and otherwise
  /// meets the goals in order; its `brokenRules` says what it breaks. Rules the scenario lists
  /// as non-negotiable (default: R3, no borrowing) are never broken, nor are R8, R9 and R12.
  ///
  /// Where the categories meet only in the city total (each has its own total, no borrowing),
  /// the nearest plan is computed category by category (`NearestByParts`): the categories that
  /// have a plan keep it, a slip in the city total and a total above unbreakable caps are
  /// closed-form, and only the one category in conflict goes to GLPK. `method: .glpk` (and every
  /// other case) solves the whole city as one model (`nearestPlanWholeCity`). Without a time
  /// limit in `options`, the scenario's `solver_time_limit` applies.
  public static func nearestPlan(
    _ scenario: Scenario, options: SolverOptions = SolverOptions(), method: SolveMethod = .automatic
  ) throws -> Plan {
    let options = limited(options, scenario.policy)
    if method == .automatic, let plan = try NearestByParts.plan(scenario, options: options) { return plan }
    return try nearestPlanWholeCity(scenario, options: options)
  }

  /// The nearest plan as one model of the whole city. The model is kept small: when the
  /// pre-checks name the conflicting rules, only those rules' rows (and the totals, R1 and R2)
  /// may break, the others bound the columns as in a plan, and every column is bounded by what
  /// its grade can hold (R12); only when that restricted model has no plan are all negotiable
  /// rules made elastic. A model above `NearestPlanSize.maxSegments` balance variables is not
  /// built: `PlanError.nearestPlanNotComputed` says why.
  static func nearestPlanWholeCity(_ scenario: Scenario, options: SolverOptions) throws -> Plan {
    let named = Set(PreChecks.conflicts(scenario, groups: PlanGroup.groups(scenario, rules: RuleSet()), rules: RuleSet()).flatMap(\.rules))
    let attempts: [Set<RuleID>?] = named.isEmpty ? [nil] : [named.union([.r1, .r2]), nil]
    var group = PlanGroup.elastic(scenario)
    var found: GroupSolution?
    for (number, breaking) in attempts.enumerated() {
      group = PlanGroup.elastic(scenario, breaking: breaking)
      do {
        found = try QuotaSolver.solve(group, scenario: scenario, rules: RuleSet(), options: options)
        break
      } catch GLPKError.infeasible where number + 1 < attempts.count {
        continue
      } catch let error as GLPKError {
        throw PlanError.solver(group: group.name, error)
      } catch let size as NearestPlanSize.TooLarge {
        throw PlanError.nearestPlanNotComputed(NearestPlanSize.sentence(size))
      }
    }
    guard let solution = found else { throw PlanError.solver(group: group.name, .infeasible) }
    var plan = assemble(scenario, groups: [group], solutions: [solution], rules: RuleSet())
    plan.brokenRules = plan.violations()
    return plan
  }

  /// `options` with the scenario's solver time limit when it has none of its own.
  static func limited(_ options: SolverOptions, _ policy: Policy) -> SolverOptions {
    var options = options
    options.timeLimit = options.timeLimit ?? policy.effectiveSolverTimeLimit
    return options
  }
}
