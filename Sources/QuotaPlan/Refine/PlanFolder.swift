import Foundation

/// A plan folder written by `solve` (or `refine`), read back: the scenario it was made from
/// and its Attachment 1 with the number ranges.
public struct PlanFolder: Sendable {
  public var scenario: Scenario
  public var allocation: [AllocationRow]
  /// The pins and district of a refined plan (nil for a city plan).
  public var refinement: Refinement.Record?
  /// The folder's name, for messages (nil for a plan held in memory).
  public var name: String?

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
        throw InputError(
          file: "\(folder.lastPathComponent)/\(name)", zh: "文件不存在；请给出由 quotaplan solve 写出的方案文件夹。",
          en: "the file is missing; give a folder written by quotaplan solve.")
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
      throw InputError(
        file: folder.lastPathComponent, zh: "无法读取该方案文件夹：\(error)。", en: "the plan folder cannot be read: \(error).")
    }
    let categories = Dictionary(scenario.policy.categories.map { ($0.name, $0.id) }, uniquingKeysWith: { a, _ in a })
    let refinement = (try? Data(contentsOf: folder.appendingPathComponent(Refinement.recordFile)))
      .flatMap { try? decoder.decode(Refinement.Record.self, from: $0) }
    var loaded = PlanFolder(
      scenario: scenario,
      allocation: plan.allocation.map {
        AllocationRow(
          district: $0.district, categoryID: categories[$0.category] ?? $0.category, category: $0.category, quota: $0.quota,
          firstNumber: $0.firstNumber, lastNumber: $0.lastNumber)
      },
      refinement: refinement)
    loaded.name = folder.lastPathComponent
    return loaded
  }

  /// Refuses a district the plan does not have, suggesting the one the planner most likely
  /// meant (`宝应` → `宝应县`) and naming the plan's districts.
  public func checkDistrict(_ district: String) throws {
    try Self.checkDistrict(district, among: scenario.policy.districts, folder: name)
  }

  /// Refuses `district` when it is not one of `districts` (the city plan's, in folder `name`).
  static func checkDistrict(_ district: String, among districts: [String], folder name: String?) throws {
    guard !districts.contains(district) else { return }
    let file = name ?? PlanWriter.scenarioFile
    let list = districts.joined(separator: "、")
    let guess = NameText.closest(district, among: districts)
    let where_ = name.map { " \($0)" } ?? ""
    throw InputError(
      file: file,
      zh: "城市方案\(name.map { " \($0) " } ?? "")中没有“\(district)”这个区县" + (guess.map { "；您是否要找“\($0)”？" } ?? "。") + "方案中的区县有：\(list)。",
      en: "No district “\(district)” in the city plan\(where_)" + (guess.map { "; did you mean \($0)?" } ?? ".")
        + " Its districts are: \(districts.joined(separator: ", ")).")
  }
}
