import Foundation
import GLPK

/// Writes the exact models quotaplan solves, one file per plan group and lexicographic level,
/// so that any solver (glpsol, CBC, HiGHS) can be timed and checked on the same problem.
///
/// Level k's file minimises level k's objective with the optima of levels 1…k−1 fixed as rows,
/// exactly as `LexicographicSolver` does.
public enum ModelExport {
  public enum Format: String, Sendable, CaseIterable {
    case lp, mps
  }

  /// `--level N` names a level no model has: a sentence naming the levels that exist.
  public struct NoSuchLevel: BilingualError, CustomStringConvertible, Sendable {
    public var level: Int
    /// The levels the models have, by number, with their goal codes (G1, G2, G3); a number
    /// holds several goals when groups have different levels (a group without G1 or G2 rows).
    public var levels: [(number: Int, goals: [String])]

    public var description: String { sentence(.en) }

    public func sentence(_ language: Language) -> String {
      let named = levels.map { level -> String in
        let titles = level.goals.map { goal in RuleID(rawValue: goal).map { $0.tag(language) } ?? goal }
        return "\(level.number) = \(titles.joined(separator: language == .zh ? "或" : " or "))"
      }
      if language == .zh {
        return "没有第 \(level) 层：" + (named.isEmpty ? "这些模型没有任何层。" : "模型的层为 \(named.joined(separator: "、"))（按情景的目标顺序）。")
      }
      return "There is no level \(level): "
        + (named.isEmpty ? "the models have no levels." : "the models' levels are \(named.joined(separator: ", ")) (in the scenario's goal order).")
    }
  }

  /// One written file and the optimum quotaplan found for it.
  public struct File: Sendable {
    public var name: String
    public var group: String
    public var level: String
    public var optimum: Double
  }

  /// Solves `scenario`, then writes every level of every group into the checked folder, all or
  /// nothing and marked as quotaplan's (`OutputFolder`). With `monolithic`, all groups go into
  /// one model per level (`all-K-LEVEL`): the problem a general solver would get without
  /// quotaplan's split by category. Its optimum at each level is the sum of the groups' (they
  /// share no row), and is what the CSV reports. Everything is solved before anything is written.
  public static func write(
    _ scenario: Scenario, format: Format, to target: OutputFolder.Target, level onlyLevel: Int? = nil, rules: RuleSet = RuleSet(),
    monolithic: Bool = false
  ) throws -> [File] {
    let models = try solve(scenario, rules: rules, monolithic: monolithic)
    if let onlyLevel {
      // Level k is the k-th level of each group's model; groups without a goal's rows skip it.
      var goals: [Int: [String]] = [:]
      for entry in models {
        for (index, level) in entry.model.levels.enumerated() where !(goals[index + 1] ?? []).contains(level.name) {
          goals[index + 1, default: []].append(level.name)
        }
      }
      let levels = goals.keys.sorted().map { (number: $0, goals: (goals[$0] ?? []).sorted()) }
      guard levels.contains(where: { $0.number == onlyLevel }) else { throw NoSuchLevel(level: onlyLevel, levels: levels) }
    }
    var files: [File] = []
    try OutputFolder.write(to: target) { staging in
      files = try write(models, format: format, into: staging, level: onlyLevel, monolithic: monolithic)
    }
    return files
  }

  typealias Models = [(slug: String, name: String, model: LinearModel, optima: [Double])]

  /// Every group's model and its optima per level (solving is done before anything is written).
  static func solve(_ scenario: Scenario, rules: RuleSet, monolithic: Bool) throws -> Models {
    let groups = PlanGroup.groups(scenario, rules: rules)
    var models: Models = []
    for group in groups {
      let solution = try QuotaSolver.solve(group, scenario: scenario, rules: rules, options: SolverOptions())
      models.append((group.categories.map(\.id).joined(separator: "+"), group.name, solution.model, solution.optima.map(\.value)))
    }
    if monolithic { models = [combined(models, goalOrder: scenario.policy.goalOrder.map(\.rule.rawValue))] }
    return models
  }

  /// Writes the level models into `folder` (a staging folder).
  static func write(_ models: Models, format: Format, into folder: URL, level onlyLevel: Int?, monolithic: Bool) throws -> [File] {
    var files: [File] = []
    for (groupIndex, entry) in models.enumerated() {
      for (levelIndex, level) in entry.model.levels.enumerated() where onlyLevel == nil || onlyLevel == levelIndex + 1 {
        let problem = try LexicographicSolver.makeProblem(entry.model)
        for (earlier, optimum) in zip(entry.model.levels.prefix(levelIndex), entry.optima) {
          let terms = earlier.coefficients.sorted { $0.key < $1.key }
          try problem.addRows([
            Problem.Row(
              name: "fix_\(earlier.name)", lower: -.infinity, upper: optimum + LexicographicSolver.fixingTolerance,
              columns: terms.map(\.key), values: terms.map(\.value))
          ])
        }
        try problem.setObjective(level.coefficients)
        let name = monolithic
          ? String(format: "all-%d-%@.%@", levelIndex + 1, level.name, format.rawValue)
          : String(format: "%02d-%@-%d-%@.%@", groupIndex + 1, entry.slug, levelIndex + 1, level.name, format.rawValue)
        let path = folder.appendingPathComponent(name).path
        switch format {
        case .lp: try problem.writeLP(to: path)
        case .mps: try problem.writeMPS(to: path)
        }
        files.append(File(name: name, group: entry.name, level: level.name, optimum: entry.optima[levelIndex]))
      }
    }
    return files
  }

  /// All groups' models as one: variables and rows side by side (names prefixed `gN_`), each
  /// level the sum of the groups' objectives of that name, in the goal order they share.
  static func combined(_ models: [(slug: String, name: String, model: LinearModel, optima: [Double])], goalOrder: [String]) -> (
    slug: String, name: String, model: LinearModel, optima: [Double]
  ) {
    var model = LinearModel()
    var levels: [String: [Int: Double]] = [:]
    var optima: [String: Double] = [:]
    for (index, entry) in models.enumerated() {
      let offset = model.append(entry.model, prefix: "g\(index + 1)_")
      for (level, optimum) in zip(entry.model.levels, entry.optima) {
        for (variable, value) in level.coefficients { levels[level.name, default: [:]][variable + offset] = value }
        optima[level.name, default: 0] += optimum
      }
    }
    let order = goalOrder.filter { levels[$0] != nil }
    model.levels = order.map { LinearModel.Level(name: $0, coefficients: levels[$0] ?? [:]) }
    return ("all", "all groups", model, order.map { optima[$0] ?? 0 })
  }
}
