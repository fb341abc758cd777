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

  /// One written file and the optimum quotaplan found for it.
  public struct File: Sendable {
    public var name: String
    public var group: String
    public var level: String
    public var optimum: Double
  }

  /// Solves `scenario`, then writes every level of every group into `folder`.
  public static func write(
    _ scenario: Scenario, format: Format, to folder: URL, level onlyLevel: Int? = nil, rules: RuleSet = RuleSet()
  ) throws -> [File] {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    var files: [File] = []
    for (groupIndex, group) in PlanGroup.groups(scenario, rules: rules).enumerated() {
      let solution = try QuotaSolver.solve(group, scenario: scenario, rules: rules, options: SolverOptions())
      let slug = group.categories.map(\.id).joined(separator: "+")
      for (levelIndex, level) in solution.model.levels.enumerated() where onlyLevel == nil || onlyLevel == levelIndex + 1 {
        let problem = try LexicographicSolver.makeProblem(solution.model)
        for (earlier, optimum) in zip(solution.model.levels.prefix(levelIndex), solution.optima.map(\.value)) {
          let terms = earlier.coefficients.sorted { $0.key < $1.key }
          try problem.addRows([
            Problem.Row(
              name: "fix_\(earlier.name)", lower: -.infinity, upper: optimum + LexicographicSolver.fixingTolerance,
              columns: terms.map(\.key), values: terms.map(\.value))
          ])
        }
        try problem.setObjective(level.coefficients)
        let name = String(format: "%02d-%@-%d-%@.%@", groupIndex + 1, slug, levelIndex + 1, level.name, format.rawValue)
        let path = folder.appendingPathComponent(name).path
        switch format {
        case .lp: try problem.writeLP(to: path)
        case .mps: try problem.writeMPS(to: path)
        }
        files.append(File(name: name, group: group.name, level: level.name, optimum: solution.optima[levelIndex].value))
      }
    }
    return files
  }
}
