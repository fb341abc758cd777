import Foundation
import GRDB
import Logging
import QuotaPlan

/// What planning a version gave.
public enum PlanOutcome: Sendable {
  case planned(Plan)
  /// The hard rules conflict: the sentences (PlanError.conflicts description, in the
  /// scenario's language). The nearest plan is computed apart (`PlanService.nearest`): it can
  /// take seconds, and the conflict itself is known at once.
  case conflict(message: String)
  case failed(message: String)

  var stored: ScenarioStore.Outcome {
    switch self {
    case .planned: return .planned
    case .conflict: return .conflict
    case .failed: return .failed
    }
  }

  var message: String? {
    switch self {
    case .planned: return nil
    case .conflict(let message), .failed(let message): return message
    }
  }

  var summary: ScenarioStore.Summary? {
    switch self {
    case .planned(let plan): return ScenarioStore.Summary(plan)
    case .conflict, .failed: return nil
    }
  }
}

/// The workspace's door to the planning engine: stores scenarios and versions, plans them off
/// the async executor, and keeps recent plans and their files in memory.
public final class PlanService: Sendable {
  let database: WorkspaceDatabase
  let logger: Logger
  /// Recent outcomes by version id.
  let outcomes = LRUCache<Int64, PlanOutcome>(capacity: 32)
  /// Nearest plans of conflict versions, and the computations under way (one per version).
  let nearestPlans = LRUCache<Int64, NearestPlan>(capacity: 16)
  let nearestRuns = LockedDictionary<Int64, Task<NearestPlan, Never>>()
  /// Recent plan folders' files by version id and nearest flag.
  let files = LRUCache<String, [String: Data]>(capacity: 8)

  public init(database: WorkspaceDatabase, logger: Logger) {
    self.database = database
    self.logger = logger
  }

  /// Runs CPU work (planning, building files) on a Dispatch queue, never on the async executor.
  static func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
      DispatchQueue.global(qos: .userInitiated).async { continuation.resume(with: Result { try work() }) }
    }
  }

  /// Plans a scenario (synchronously): the plan, the conflict, or why it failed.
  static func plan(_ scenario: Scenario) -> PlanOutcome {
    do {
      return .planned(try Planner.plan(scenario))
    } catch PlanError.conflicts(let conflicts) {
      let error = PlanError.conflicts(conflicts)
      return .conflict(message: scenario.policy.language == .zh ? error.sentence(.zh) : error.description)
    } catch {
      let description = (error as? PlanError)?.description ?? String(describing: error)
      return .failed(message: scenario.policy.language == .zh ? "求解失败：\(sentence(of: error, .zh))" : description)
    }
  }
}

extension PlanService {
  /// The scenario (policy + data) a version holds.
  public func scenario(version: Int64) async throws -> Scenario {
    // Awaited, never a blocking read: Swift's few worker threads must not wait for a connection.
    try await database.pool.read { db in
      guard let row = try ScenarioStore.version(db, id: version) else { throw APIError.notFound("该版本", "version") }
      return try ScenarioStore.scenario(db, of: row)
    }
  }

  /// The plan of a version: from an in-memory cache (LRU, a few dozen entries), else planned again from the stored scenario (deterministic).
  public func outcome(version: Int64) async throws -> PlanOutcome {
    if let cached = outcomes[version] { return cached }
    let scenario = try await scenario(version: version)
    let outcome = try await Self.offload { Self.plan(scenario) }
    outcomes[version] = outcome
    return outcome
  }

  /// The files of a version's plan folder (the nearest plan's with `nearest`), by name, built
  /// exactly as `quotaplan solve` builds them. Nil when there is no such plan.
  public func files(version: Int64, nearest: Bool) async throws -> [String: Data]? {
    let key = "\(version)\(nearest ? "n" : "")"
    if let cached = files[key] { return cached }
    let plan: Plan
    let scenario: Scenario?
    switch (try await outcome(version: version), nearest) {
    case (.planned(let planned), false):
      plan = planned
      scenario = try await self.scenario(version: version)
    case (.conflict, true):
      guard case .plan(let found) = try await self.nearest(version: version) else { return nil }
      plan = found
      scenario = nil
    default:
      return nil
    }
    let built = try await Self.offload {
      // As Solve.swift: scenario.json made from the loaded scenario; the nearest plan without it.
      let pairs = try PlanWriter.files(plan, scenarioJSON: try scenario.map { ($0, try PlanWriter.scenarioData($0)) })
      return Dictionary(pairs.map { ($0.name, $0.data) }, uniquingKeysWith: { first, _ in first })
    }
    files[key] = built
    return built
  }

  /// A conflict version's nearest plan: the plan that breaks the fewest hard rules, by the
  /// least (`Planner.nearestPlan`, as `quotaplan solve` writes to DIR-breaks-rules). Computed
  /// once per version on a background queue and kept; callers asking meanwhile wait for the
  /// same computation.
  public func nearest(version: Int64) async throws -> NearestPlan {
    if let done = nearestPlans[version] { return done }
    guard case .conflict = try await outcome(version: version) else {
      return .none(zh: "此版本不是硬性规则冲突的版本，没有最接近方案。", en: "This version's hard rules do not conflict: it has no nearest plan.")
    }
    let scenario = try await scenario(version: version)
    let run = nearestRuns.value(for: version) {
      Task.detached(priority: .utility) { () -> NearestPlan in
        await withCheckedContinuation { continuation in
          DispatchQueue.global(qos: .utility).async {
            do {
              continuation.resume(returning: .plan(try Planner.nearestPlan(scenario)))
            } catch {
              let reason = (error as? PlanError)?.description ?? String(describing: error)
              continuation.resume(returning: .none(zh: "无法算出最接近方案：\(reason)", en: "No nearest plan could be computed: \(reason)"))
            }
          }
        }
      }
    }
    let result = await run.value
    nearestPlans[version] = result
    nearestRuns.remove(version)
    return result
  }

  /// True while the nearest plan of a version is being computed.
  public func nearestPending(version: Int64) -> Bool {
    nearestPlans[version] == nil && nearestRuns.contains(version)
  }

  /// Starts computing a conflict version's nearest plan right after it is saved, so it is ready
  /// (or nearly) when the page asks for it.
  func startNearest(_ version: Int64, _ outcome: PlanOutcome) {
    guard case .conflict = outcome else { return }
    Task.detached(priority: .utility) { _ = try? await self.nearest(version: version) }
  }

  /// A version's plan.json (its nearest plan's with `nearest`), as `files` would hold it, but
  /// built alone: the page reads it after every save, and needs none of the other files.
  public func planJSON(version: Int64, nearest: Bool) async throws -> Data? {
    if let cached = files["\(version)\(nearest ? "n" : "")"]?["plan.json"] { return cached }
    let plan: Plan
    switch (try await outcome(version: version), nearest) {
    case (.planned(let planned), false): plan = planned
    case (.conflict, true):
      guard case .plan(let found) = try await self.nearest(version: version) else { return nil }
      plan = found
    default: return nil
    }
    return try await Self.offload { try PlanWriter.planJSON(plan) }
  }

  /// Creates a scenario with its first version and plans it. `base` makes it a what-if of that scenario. Writes the audit log.
  public func createScenario(
    name: String, policy: Policy, schools: [School], social: [SocialUnit], notes: [String]?, base: Int64?, by user: User
  ) async throws -> (scenario: Int64, version: Int64) {
    let name = try Self.checkName(name)
    var named = policy
    named.name = name
    let policy = named
    try Self.check(policy)
    try Self.checkData(policy, schools: schools, social: social)
    try await database.pool.read { db in
      if try ScenarioStore.scenarioID(db, name: name) != nil { throw Self.nameTaken(name) }
      if let base, try ScenarioStore.scenario(db, id: base) == nil { throw APIError.notFound("基准方案", "base scenario") }
    }
    var scenario = Scenario(policy: policy, schools: schools, socialUnits: social)
    scenario.inputNotes = notes
    let input = scenario
    let outcome = try await Self.offload { Self.plan(input) }
    let ids = try await database.pool.write { db -> (Int64, Int64) in
      if try ScenarioStore.scenarioID(db, name: name) != nil { throw Self.nameTaken(name) }
      let scenarioID = try ScenarioStore.insertScenario(db, name: name, base: base, by: user)
      let dataset = try ScenarioStore.datasetID(db, schools: input.schools, social: input.socialUnits, notes: input.inputNotes)
      let versionID = try ScenarioStore.insertVersion(
        db, scenario: scenarioID, number: 1, policy: policy, dataset: dataset, outcome: outcome.stored, message: outcome.message,
        summary: outcome.summary, by: user)
      try AuditLog.append(
        db, user: user, action: "scenario_create", target: "scenario:\(scenarioID)",
        after: "name=\(name)\(base.map { " base=scenario:\($0)" } ?? "") outcome=\(outcome.stored.rawValue)", versionID: versionID)
      return (scenarioID, versionID)
    }
    outcomes[ids.1] = outcome
    startNearest(ids.1, outcome)
    return (scenario: ids.0, version: ids.1)
  }

  /// Starts an empty workspace with the seed scenario: the folder loaded as `quotaplan solve`
  /// loads it, stored as version 1 of a scenario of its name, planned, created by no account.
  /// A missing folder is a warning: the workspace starts empty.
  public func seedIfEmpty(from folder: String) throws {
    guard try database.pool.read({ db in try ScenarioStore.count(db) }) == 0 else { return }
    guard FileManager.default.fileExists(atPath: folder) else {
      logger.warning("The seed scenario \(folder) does not exist; the workspace starts without scenarios.")
      return
    }
    let scenario = try ScenarioLoader.load(folder)
    let outcome = Self.plan(scenario)
    let versionID = try database.pool.write { db -> Int64 in
      guard try ScenarioStore.count(db) == 0 else { return -1 }
      let scenarioID = try ScenarioStore.insertScenario(db, name: scenario.name, base: nil, by: nil)
      let dataset = try ScenarioStore.datasetID(db, schools: scenario.schools, social: scenario.socialUnits, notes: scenario.inputNotes)
      let versionID = try ScenarioStore.insertVersion(
        db, scenario: scenarioID, number: 1, policy: scenario.policy, dataset: dataset, outcome: outcome.stored, message: outcome.message,
        summary: outcome.summary, by: nil)
      try AuditLog.append(
        db, user: nil, action: "seed", target: "scenario:\(scenarioID)",
        after: "name=\(scenario.name) outcome=\(outcome.stored.rawValue)", comment: "loaded from \(folder)", versionID: versionID)
      return versionID
    }
    if versionID >= 0 { outcomes[versionID] = outcome }
  }

  /// The outcome of saving settings.
  public struct Saved: Sendable, Encodable {
    public var versionId: Int64
    public var number: Int
    public var outcome: ScenarioStore.Outcome
    public var message: String?
    public var summary: ScenarioStore.Summary?
  }

  /// Saves new settings for a scenario as its next version, when `expectedVersion` is still its
  /// newest: checked, planned, stored with the audit entry in one transaction.
  public func saveSettings(scenario scenarioID: Int64, expectedVersion: Int, policy submitted: Policy, by user: User) async throws -> Saved {
    let (latest, name) = try await database.pool.read { db -> (ScenarioStore.Version, String) in
      guard let row = try ScenarioStore.scenario(db, id: scenarioID), let latest = try ScenarioStore.latest(db, scenario: scenarioID) else {
        throw APIError.notFound("该方案", "scenario")
      }
      return (latest, row.name)
    }
    if latest.number != expectedVersion { throw Self.stale(latest.number) }
    var named = submitted
    named.name = name
    let policy = named
    try Self.check(policy)
    let previous = try ScenarioStore.policy(of: latest)
    let data = try await database.pool.read { db in try ScenarioStore.dataset(db, id: latest.datasetID) }
    try Self.checkData(policy, schools: data.schools, social: data.social)
    let scenario = ScenarioStore.assemble(policy: policy, data: data)
    let outcome = try await Self.offload { Self.plan(scenario) }
    let changes = SettingPaths.differences(from: previous, to: policy, language: .en)
    let before = changes.map { "\($0.setting)=\($0.base.compactText)" }.joined(separator: "\n")
    let after = changes.map { "\($0.setting)=\($0.value.compactText)" }.joined(separator: "\n")
    let saved = try await database.pool.write { db -> Saved in
      // Checked again inside the transaction: a save that raced this one has taken the number.
      guard let current = try ScenarioStore.latest(db, scenario: scenarioID) else { throw APIError.notFound("该方案", "scenario") }
      if current.number != expectedVersion { throw Self.stale(current.number) }
      let number = current.number + 1
      let versionID = try ScenarioStore.insertVersion(
        db, scenario: scenarioID, number: number, policy: policy, dataset: current.datasetID, outcome: outcome.stored,
        message: outcome.message, summary: outcome.summary, by: user)
      try AuditLog.append(
        db, user: user, action: "settings_save", target: "scenario:\(scenarioID)/v\(number)", before: before.isEmpty ? nil : before,
        after: after.isEmpty ? nil : after, comment: "outcome=\(outcome.stored.rawValue)", versionID: versionID)
      return Saved(versionId: versionID, number: number, outcome: outcome.stored, message: outcome.message, summary: outcome.summary)
    }
    outcomes[saved.versionId] = outcome
    startNearest(saved.versionId, outcome)
    return saved
  }

  /// Publishes a planned version under a name, once.
  public func publish(version: Int64, name: String, by user: User) async throws -> ScenarioStore.Version {
    let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !trimmed.isEmpty, trimmed.count <= 64, !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
      throw APIError(
        .unprocessableContent, code: "invalid_name", zh: "发布名称须为 1 至 64 个字符，且不含控制字符。",
        en: "A published name must be 1 to 64 characters without control characters.")
    }
    return try await database.pool.write { db in
      guard let row = try ScenarioStore.version(db, id: version) else { throw APIError.notFound("该版本", "version") }
      if row.isPublished {
        throw APIError(
          .conflict, code: "already_published", zh: "此版本已于 \(row.publishedAt ?? "") 发布为“\(row.publishedName ?? "")”，已发布的版本不能再次发布或修改。",
          en: "This version was already published as “\(row.publishedName ?? "")” at \(row.publishedAt ?? ""); a published version never changes.")
      }
      guard row.outcome == .planned else {
        throw APIError(
          .conflict, code: "not_planned", zh: "此版本没有可行方案（硬性规则冲突或求解失败），不能发布。请修改设置后保存新版本。",
          en: "This version has no plan (its hard rules conflict or solving failed), so it cannot be published; change the settings and save a new version.")
      }
      try ScenarioStore.publish(db, version: version, name: trimmed, by: user)
      try AuditLog.append(
        db, user: user, action: "publish", target: "scenario:\(row.scenarioId)/v\(row.number)", after: "published_name=\(trimmed)",
        versionID: version)
      guard let published = try ScenarioStore.version(db, id: version) else { throw APIError.notFound("该版本", "version") }
      return published
    }
  }

  // MARK: Checks

  /// A scenario name: 1–64 characters, no control characters (trimmed).
  static func checkName(_ name: String) throws -> String {
    let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !trimmed.isEmpty, trimmed.count <= 64, !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
      throw APIError(
        .unprocessableContent, code: "invalid_name", zh: "方案名称须为 1 至 64 个字符，且不含控制字符。",
        en: "A scenario name must be 1 to 64 characters without control characters.")
    }
    return trimmed
  }

  static func nameTaken(_ name: String) -> APIError {
    APIError(.conflict, code: "name_taken", zh: "已有名为“\(name)”的方案，请换一个名称。", en: "A scenario called “\(name)” exists already; choose another name.")
  }

  static func stale(_ current: Int) -> APIError {
    APIError(
      .conflict, code: "stale", zh: "此方案已被他人修改（现为第 \(current) 版），您的更改未保存。请重新载入后再修改。",
      en: "Someone else has changed this scenario (it is now version \(current)); your changes were not saved. Please reload and make them again.",
      details: ["currentVersion": .number(Double(current))])
  }

  /// The engine's own checks of the settings, as 422 `invalid_settings` naming the setting.
  static func check(_ policy: Policy) throws {
    guard let problem = PolicyCheck.problem(in: policy) else { return }
    let path = SettingPaths.path(of: problem, in: policy)
    let zhLabel = SettingPaths.label(path, policy: policy, language: .zh)
    let enLabel = SettingPaths.label(path, policy: policy, language: .en)
    let zhReason = SettingPaths.chineseReason(problem.reason)
    throw APIError(
      .unprocessableContent, code: "invalid_settings", zh: "设置“\(zhLabel)”\(zhReason)，未保存任何更改。",
      en: "The setting “\(enLabel)” \(problem.reason) Nothing was saved.",
      problems: [
        APIError.Problem(setting: path, message: "\(enLabel) \(problem.reason)", messageZH: "\(zhLabel)\(zhReason)", rule: problem.rule?.rawValue)
      ])
  }
}

extension PlanService {
  /// The data must fit the settings as the table readers check them: every school's district and
  /// category, and every social unit's district, are in the settings (a district or category
  /// dropped from the settings would otherwise drop its schools from the plan unseen).
  static func checkData(_ policy: Policy, schools: [School], social: [SocialUnit]) throws {
    var problems: [APIError.Problem] = []
    let districts = Set(policy.districts)
    var missingDistricts: [String: Int] = [:]
    var order: [String] = []
    for district in schools.map(\.district) + social.map(\.district) where !districts.contains(district) {
      if missingDistricts[district] == nil { order.append(district) }
      missingDistricts[district, default: 0] += 1
    }
    for district in order {
      problems.append(
        APIError.Problem(
          setting: "districts",
          message: "区县及顺序中缺少“\(district)”：数据中有 \(missingDistricts[district]!) 个单位属于该区县。"
            + "（districts lacks “\(district)”, which \(missingDistricts[district]!) units of the data belong to.）"))
    }
    let schoolCategories = Set(policy.categories.filter { $0.kind == .school }.map(\.id))
    var missingCategories: [String: Int] = [:]
    var categoryOrder: [String] = []
    for category in schools.map(\.category) where !schoolCategories.contains(category) {
      if missingCategories[category] == nil { categoryOrder.append(category) }
      missingCategories[category, default: 0] += 1
    }
    for category in categoryOrder {
      let name = CategoryPolicy.noticeCategories.first { $0.id == category }?.name ?? category
      problems.append(
        APIError.Problem(
          setting: "categories",
          message: "类别中缺少“\(name)”：数据中有 \(missingCategories[category]!) 所学校属于该类别。"
            + "（categories lacks the school category “\(category)”, which \(missingCategories[category]!) schools of the data belong to.）"))
    }
    if !social.isEmpty, !policy.categories.contains(where: { $0.kind == .social }) {
      problems.append(
        APIError.Problem(
          setting: "categories",
          message: "类别中缺少社会领域：数据中有 \(social.count) 个社会领域单位。（categories has no social-sector category, but the data has \(social.count) social units.）"
        ))
    }
    guard !problems.isEmpty else { return }
    throw APIError(
      .unprocessableContent, code: "invalid_settings",
      zh: "设置与数据不符，未保存任何更改：\(problems.count == 1 ? "" : "共 \(problems.count) 处，")请把数据中的区县和类别都列入设置。",
      en: "The settings do not fit the data; nothing was saved: list every district and category the data uses.", problems: problems)
  }
}

/// A small least-recently-used cache, safe across threads.
/// A conflict version's nearest plan, or why there is none.
public enum NearestPlan: Sendable {
  case plan(Plan)
  case none(zh: String, en: String)
}

/// A dictionary behind a lock, for work under way.
final class LockedDictionary<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private var values: [Key: Value] = [:]

  /// The value for `key`, made by `make` when there is none yet (under the lock, so once).
  func value(for key: Key, make: () -> Value) -> Value {
    lock.withLock {
      if let value = values[key] { return value }
      let value = make()
      values[key] = value
      return value
    }
  }

  func contains(_ key: Key) -> Bool { lock.withLock { values[key] != nil } }
  func remove(_ key: Key) { _ = lock.withLock { values.removeValue(forKey: key) } }
}

final class LRUCache<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private var values: [Key: Value] = [:]
  private var order: [Key] = []
  let capacity: Int

  init(capacity: Int) { self.capacity = capacity }

  subscript(key: Key) -> Value? {
    get {
      lock.withLock {
        guard let value = values[key] else { return nil }
        order.removeAll { $0 == key }
        order.append(key)
        return value
      }
    }
    set {
      lock.withLock {
        order.removeAll { $0 == key }
        values[key] = newValue
        guard newValue != nil else { return }
        order.append(key)
        while order.count > capacity { values[order.removeFirst()] = nil }
      }
    }
  }
}
