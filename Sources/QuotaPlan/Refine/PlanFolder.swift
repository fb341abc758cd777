import Foundation

/// A plan folder written by `solve` (or `refine`), read back: the scenario it was made from
/// and its Attachment 1 with the number ranges.
public struct PlanFolder: Sendable {
  public var scenario: Scenario
  public var allocation: [AllocationRow]
  /// The pins and district of a refined plan (nil for a city plan).
  public var refinement: Refinement.Record?

  /// A plan folder held in memory (the workspace keeps its plans in a database, not in folders).
  public init(scenario: Scenario, allocation: [AllocationRow], refinement: Refinement.Record? = nil) {
    self.scenario = scenario
    self.allocation = allocation
    self.refinement = refinement
  }

  private struct PlanFile: Decodable {
    struct Row: Decodable {
      var district, category: String
      var quota, firstNumber, lastNumber: Int
    }
    var allocation: [Row]
  }

  /// Reads `scenario.json`, `plan.json` and, for a refined plan, `refinement.json`.
  public static func load(_ path: String) throws -> PlanFolder {
    let folder = URL(fileURLWithPath: path)
    let decoder = JSONDecoder()
    func read(_ name: String) throws -> Data {
      guard let data = try? Data(contentsOf: folder.appendingPathComponent(name)) else {
        throw InputError(file: "\(folder.lastPathComponent)/\(name)", "the file is missing; give a folder written by quotaplan solve.")
      }
      return data
    }
    let scenario: Scenario
    let plan: PlanFile
    do {
      scenario = try decoder.decode(Scenario.self, from: try read(PlanWriter.scenarioFile))
      let snake = JSONDecoder()
      snake.keyDecodingStrategy = .convertFromSnakeCase
      plan = try snake.decode(PlanFile.self, from: try read("plan.json"))
    } catch let error as InputError {
      throw error
    } catch {
      throw InputError(file: folder.lastPathComponent, "the plan folder cannot be read: \(error).")
    }
    let categories = Dictionary(scenario.policy.categories.map { ($0.name, $0.id) }, uniquingKeysWith: { a, _ in a })
    let refinement = (try? Data(contentsOf: folder.appendingPathComponent(Refinement.recordFile)))
      .flatMap { try? decoder.decode(Refinement.Record.self, from: $0) }
    return PlanFolder(
      scenario: scenario,
      allocation: plan.allocation.map {
        AllocationRow(
          district: $0.district, categoryID: categories[$0.category] ?? $0.category, category: $0.category, quota: $0.quota,
          firstNumber: $0.firstNumber, lastNumber: $0.lastNumber)
      },
      refinement: refinement)
  }
}
