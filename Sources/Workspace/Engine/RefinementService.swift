import Foundation
import GRDB
import Logging
import QuotaPlan

/// The workspace's door to county refinement (`quotaplan refine`): builds the city's plan folder
/// of a published version in memory, refines a district with the county's data and pins off the
/// async executor, keeps recent results per (refinement, revision), and writes each change with
/// `RefinementStore` in one transaction.
///
/// The city folder is built exactly as `quotaplan refine` reads one written by `quotaplan
/// solve`: the scenario goes through scenario.json's bytes and back, and the allocation is the
/// plan's Attachment 1; so the refined files are byte-identical to the command's on the same
/// inputs.
public final class RefinementService: Sendable {
  let database: WorkspaceDatabase
  let plans: PlanService
  let logger: Logger
  /// City folders by version id.
  let cities = LRUCache<Int64, City>(capacity: 8)
  /// Refinement outcomes by "id#revision" (a revision never changes, so neither does its outcome).
  let outcomes = LRUCache<String, Outcome>(capacity: 64)
  /// Refined folders' files by "id#revision".
  let files = LRUCache<String, [String: Data]>(capacity: 8)

  public init(database: WorkspaceDatabase, plans: PlanService, logger: Logger) {
    self.database = database
    self.plans = plans
    self.logger = logger
  }

  /// A published version's city plan as a county refines against it.
  public struct City: Sendable {
    public var version: ScenarioStore.Version
    /// As `PlanFolder.load` reads the folder `quotaplan solve` writes.
    public var folder: PlanFolder
    /// The city plan (for the impact against the city's split).
    public var plan: Plan
    /// The stored data of the whole city (the district's schools and social units start from it).
    public var data: ScenarioStore.Dataset

    public var policy: Policy { folder.scenario.policy }

    /// The district × category rows of one district (Attachment 1's rows, in the city's order).
    public func envelope(_ district: String) -> [AllocationRow] { folder.allocation.filter { $0.district == district } }
  }

  /// What refining gave.
  public enum Outcome: Sendable {
    case planned(Refinement)
    /// The pins, the caps and the envelope cannot all hold: the engine's conflicts.
    case conflict([Conflict])
    /// Something else stopped planning (the engine's sentence).
    case failed(String)

    /// What the store keeps of it: the outcome and the engine's sentences.
    public var stored: RefinementStore.Planned {
      switch self {
      case .planned: return RefinementStore.Planned(outcome: .planned, message: nil)
      case .conflict(let conflicts): return RefinementStore.Planned(outcome: .conflict, message: PlanError.conflicts(conflicts).description)
      case .failed(let message): return RefinementStore.Planned(outcome: .failed, message: message)
      }
    }

    public var refinement: Refinement? {
      if case .planned(let refinement) = self { return refinement }
      return nil
    }
  }

  // MARK: The city's envelope

  /// The city folder of a version that has a plan; 409 `conflict`/`not_planned` otherwise.
  public func city(version id: Int64) async throws -> City {
    if let cached = cities[id] { return cached }
    let (version, data) = try await database.pool.read { db -> (ScenarioStore.Version, ScenarioStore.Dataset) in
      guard let version = try ScenarioStore.version(db, id: id) else { throw APIError.notFound("该版本", "version") }
      return (version, try ScenarioStore.dataset(db, id: version.datasetID))
    }
    let plan: Plan
    switch try await plans.outcome(version: id) {
    case .planned(let planned): plan = planned
    case .conflict(let message): throw ScenarioEndpoints.conflictError(message, nearest: false)
    case .failed(let message): throw ScenarioEndpoints.noPlanError(message)
    }
    let scenario = try await plans.scenario(version: id)
    let folder = try await PlanService.offload {
      // scenario.json's bytes read back, as PlanFolder.load does with the folder solve writes.
      let roundTripped = try JSONDecoder().decode(Scenario.self, from: try PlanWriter.scenarioData(scenario))
      return PlanFolder(scenario: roundTripped, allocation: plan.allocation)
    }
    let city = City(version: version, folder: folder, plan: plan, data: data)
    cities[id] = city
    return city
  }

  // MARK: Planning

  /// Refines `district` of `city` with the county's schools and pins (synchronously).
  public static func refine(_ city: City, district: String, schools: [School], pins: [Pin]) -> Outcome {
    do {
      return .planned(try Refinement.refine(city.folder, district: district, data: schools, pins: pins, cityPlan: city.plan))
    } catch PlanError.conflicts(let conflicts) {
      return .conflict(conflicts)
    } catch let error as PlanError {
      return .failed(error.description)
    } catch let error as InputError {
      return .failed(error.line)
    } catch {
      return .failed(String(describing: error))
    }
  }

  /// Refines off the async executor.
  public func refine(_ city: City, district: String, schools: [School], pins: [Pin]) async throws -> Outcome {
    try await PlanService.offload { Self.refine(city, district: district, schools: schools, pins: pins) }
  }

  /// The outcome of a stored refinement: remembered per revision, else refined again from the
  /// stored data and pins (deterministic, so the same as when it was saved).
  public func outcome(_ item: RefinementStore.Item) async throws -> Outcome {
    let key = "\(item.id)#\(item.revision)"
    if let cached = outcomes[key] { return cached }
    let city = try await city(version: item.versionId)
    let data = try await data(item)
    let outcome = try await refine(city, district: item.district, schools: data.schools, pins: item.pins)
    outcomes[key] = outcome
    return outcome
  }

  /// The refinement's stored data: its district's schools and social units.
  public func data(_ item: RefinementStore.Item) async throws -> ScenarioStore.Dataset {
    try await database.pool.read { db in try ScenarioStore.dataset(db, id: item.datasetID) }
  }

  /// The refined district's folder as `quotaplan refine` writes it (`RefinementOutput.files`),
  /// by name; nil when the refinement does not plan.
  public func files(_ item: RefinementStore.Item) async throws -> [String: Data]? {
    let key = "\(item.id)#\(item.revision)"
    if let cached = files[key] { return cached }
    guard let refinement = try await outcome(item).refinement else { return nil }
    let built = try await PlanService.offload {
      Dictionary(try RefinementOutput.files(refinement).map { ($0.name, $0.data) }, uniquingKeysWith: { first, _ in first })
    }
    files[key] = built
    return built
  }

  /// The names of a refined folder's files, in the order `quotaplan refine` lists them.
  public static let fileNames = PlanWriter.fileNames.filter { $0 != "allocation.csv" } + ["allocation.csv", "impact.csv", Refinement.recordFile]

  // MARK: Changes

  /// Starts a county's refinement of a published version: the city's data of its district (or
  /// the data and pins of `from`, the same district's refinement of another version), refined in
  /// the version's envelope, stored as a draft with its event and audit entry.
  public func start(version: Int64, district: String, from: RefinementStore.Item?, by user: User) async throws -> RefinementStore.Item {
    let city = try await city(version: version)
    guard city.policy.districts.contains(district) else {
      throw APIError(
        .unprocessableContent, code: "district_not_in_plan", zh: "此版本的市级方案中没有“\(district)”，无法细化。",
        en: "This version's city plan has no district “\(district)”, so it cannot be refined.")
    }
    if let existing = try await database.pool.read({ db in try RefinementStore.refinement(db, version: version, district: district) }) {
      throw RefinementStore.exists(existing.id)
    }
    var schools = city.data.schools.filter { $0.district == district }
    var pins: [Pin] = []
    if let from {
      schools = try await data(from).schools
      pins = from.pins
    }
    let social = city.data.social.filter { $0.district == district }
    let outcome = try await refine(city, district: district, schools: schools, pins: pins)
    let copied = schools
    let copiedPins = pins
    let item = try await database.pool.write { db -> RefinementStore.Item in
      let dataset = try ScenarioStore.datasetID(db, schools: copied, social: social, notes: nil)
      return try RefinementStore.start(
        db, version: version, district: district, dataset: dataset, pins: copiedPins, planned: outcome.stored, basedOn: from?.id, by: user)
    }
    outcomes["\(item.id)#\(item.revision)"] = outcome
    return item
  }

  /// Changes a refinement's schools and/or pins (nil: kept) from `expectedRevision`: refined in
  /// its envelope, stored with its event and audit entry in one transaction. The caller checked
  /// that `user` is the district's county; the store checks the status and the revision again
  /// inside the transaction.
  public func edit(
    _ item: RefinementStore.Item, expectedRevision: Int, schools: [School]?, pins: [Pin]?, by user: User, action: String, before: String?,
    after: String?
  ) async throws -> RefinementStore.Item {
    guard RefinementStore.Status.editable.contains(item.status) else { throw RefinementStore.notEditable(item.status) }
    if item.revision != expectedRevision { throw RefinementStore.stale(item.revision) }
    let city = try await city(version: item.versionId)
    let current = try await data(item)
    let newSchools = schools ?? current.schools
    let newPins = pins ?? item.pins
    let outcome = try await refine(city, district: item.district, schools: newSchools, pins: newPins)
    let changed = try await database.pool.write { db -> RefinementStore.Item in
      let dataset = try schools.map { try ScenarioStore.datasetID(db, schools: $0, social: current.social, notes: nil) }
      return try RefinementStore.edit(
        db, id: item.id, expectedRevision: expectedRevision, dataset: dataset, pins: pins, planned: outcome.stored, by: user, action: action,
        before: before, after: after)
    }
    outcomes["\(changed.id)#\(changed.revision)"] = outcome
    return changed
  }

  // MARK: Words

  /// A refinement's conflicts in words: a heading in the reader's language that says the
  /// refinement cannot be submitted, then each conflict with the rules named in that language
  /// (R2 is the city's envelope for the district) and the engine's sentence in that language.
  public static func words(_ conflicts: [Conflict], district: String) -> (zh: String, en: String) {
    func rules(_ conflict: Conflict, _ language: Language) -> String {
      conflict.rules.map { rule in
        switch (rule, language) {
        case (.r2, .zh): return "市级下达的\(district)分类别指标（R2）"
        case (.r2, .en): return "the city's envelope for \(district) (R2)"
        case (.pin, _): return rule.title(language)
        default: return "\(rule.title(language))（\(rule.rawValue)）"
        }
      }.joined(separator: language == .zh ? " 与 " : " vs ")
    }
    let zh = "\(district)的细化方案无法同时满足以下规则和市级下达的指标，不能提交：\n"
      + conflicts.map { "  - \(rules($0, .zh))：\(Language.zh.pick(zh: $0.messageZH, en: $0.message))" }.joined(separator: "\n")
    let en = "The refinement of \(district) cannot meet these rules and the city's envelope together, so it cannot be submitted:\n"
      + conflicts.map { "  - \(rules($0, .en)): \($0.message)" }.joined(separator: "\n")
    return (zh, en)
  }

  /// An outcome that is not a plan, in words (nil for a plan).
  public static func words(_ outcome: Outcome, district: String) -> (zh: String, en: String)? {
    switch outcome {
    case .planned: return nil
    case .conflict(let conflicts): return words(conflicts, district: district)
    case .failed(let message):
      return ("\(district)的细化方案求解失败，不能提交：\n  - \(message)", "Refining \(district) failed, so it cannot be submitted:\n  - \(message)")
    }
  }

  /// The engine's reason for an impact row (`Refinement.Impact.why`) in Chinese; the engine's
  /// words stay after the heading where they carry names and numbers.
  public static func why(_ text: String, _ language: PageLanguage) -> String {
    guard language == .zh else { return text }
    let fixed = [
      "unchanged": "未变", "new school in the county's data": "县级数据中新增的学校", "school closed in the county's data": "县级数据中已无此学校",
      "new data for this grade": "本年级数据有更新", "the balance level moved": "类别平衡水平随之变动",
    ]
    if let known = fixed[text] { return known }
    if text.hasPrefix("pinned: ") { return "县级承诺：" + text.dropFirst("pinned: ".count) }
    if text.hasPrefix("a cap: ") { return "达到上限：" + text.dropFirst("a cap: ".count) }
    // "a pin elsewhere (…) and new data elsewhere (…)": the engine's two causes, names kept.
    guard text.hasPrefix("a pin elsewhere (") || text.hasPrefix("new data elsewhere (") else { return text }
    return text.replacingOccurrences(of: "a pin elsewhere (", with: "其他学校的承诺（").replacingOccurrences(of: "new data elsewhere (", with: "其他学校的新数据（")
      .replacingOccurrences(of: ") and ", with: "）；").replacingOccurrences(of: ")", with: "）", options: .anchored.union(.backwards))
  }
}
