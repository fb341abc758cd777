import Crypto
import Foundation
import GRDB
import QuotaPlan

/// Scenarios and their versions in the database (tables `scenario`, `version`, `dataset`; see
/// `Schema`). A version holds the engine's `Policy` as JSON over a dataset stored once per
/// content digest, so saving one cap does not copy the data; `scenario(_:)` rebuilds exactly the
/// `Scenario` that was stored.
public enum ScenarioStore {
  /// What planning a version gave.
  public enum Outcome: String, Sendable, Codable {
    case planned, conflict, failed
  }

  /// A small summary of a plan, for lists: totals per category and whether it is proven optimal.
  public struct Summary: Sendable, Codable, Equatable {
    public struct Category: Sendable, Codable, Equatable {
      public var id: String
      public var name: String
      public var total: Int
      public var units: Int
      public var unitsWithQuota: Int
    }
    public var total: Int
    public var provenOptimal: Bool
    public var categories: [Category]
    /// Rules the plan breaks (a nearest plan only).
    public var brokenRules: Int?

    public init(_ plan: Plan) {
      total = plan.summaries.reduce(0) { $0 + $1.total }
      provenOptimal = plan.isProvenOptimal
      categories = plan.summaries.map { Category(id: $0.id, name: $0.name, total: $0.total, units: $0.units, unitsWithQuota: $0.unitsWithQuota) }
      brokenRules = plan.brokenRules.isEmpty ? nil : plan.brokenRules.count
    }
  }

  /// One version as lists show it.
  public struct Version: Sendable, Codable, Equatable {
    public var id: Int64
    public var scenarioId: Int64
    public var number: Int
    public var createdAt: String
    public var createdBy: String?
    public var outcome: Outcome
    public var message: String?
    public var summary: Summary?
    public var publishedName: String?
    public var publishedAt: String?
    public var publishedBy: String?
    /// Not sent: the stored settings and data.
    var policyJSON: String = ""
    var datasetID: Int64 = 0

    enum CodingKeys: String, CodingKey {
      case id, scenarioId, number, createdAt, createdBy, outcome, message, summary, publishedName, publishedAt, publishedBy
    }

    public var isPublished: Bool { publishedAt != nil }
  }

  /// One scenario as lists show it.
  public struct ScenarioRow: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var baseId: Int64?
    public var baseName: String?
    public var createdAt: String
    public var createdBy: String?
  }

  /// A scenario's data, as stored once per digest.
  public struct Dataset: Sendable, Equatable {
    public var schools: [School]
    public var social: [SocialUnit]
    public var notes: [String]?
  }

  // MARK: Reading

  static let versionSelect = """
    SELECT v.*, cu.name AS created_by_name, pu.name AS published_by_name FROM version v
    LEFT JOIN user cu ON cu.id = v.created_by LEFT JOIN user pu ON pu.id = v.published_by
    """

  static func version(_ row: Row) -> Version {
    let summary = (row["summary_json"] as String?).flatMap { try? JSONDecoder().decode(Summary.self, from: Data($0.utf8)) }
    return Version(
      id: row["id"], scenarioId: row["scenario_id"], number: row["number"], createdAt: row["created_at"], createdBy: row["created_by_name"],
      outcome: Outcome(rawValue: row["outcome"]) ?? .failed, message: row["outcome_message"], summary: summary,
      publishedName: row["published_name"], publishedAt: row["published_at"], publishedBy: row["published_by_name"],
      policyJSON: row["policy_json"], datasetID: row["dataset_id"])
  }

  /// The version with this id.
  public static func version(_ db: Database, id: Int64) throws -> Version? {
    try Row.fetchOne(db, sql: versionSelect + " WHERE v.id = ?", arguments: [id]).map(version)
  }

  /// A scenario's versions, newest first; only the published ones when `publishedOnly`.
  public static func versions(_ db: Database, scenario: Int64, publishedOnly: Bool = false) throws -> [Version] {
    try Row.fetchAll(
      db, sql: versionSelect + " WHERE v.scenario_id = ?\(publishedOnly ? " AND v.published_at IS NOT NULL" : "") ORDER BY v.number DESC",
      arguments: [scenario]
    ).map(version)
  }

  /// A scenario's newest version (newest published one when `publishedOnly`).
  public static func latest(_ db: Database, scenario: Int64, publishedOnly: Bool = false) throws -> Version? {
    try Row.fetchOne(
      db,
      sql: versionSelect
        + " WHERE v.scenario_id = ?\(publishedOnly ? " AND v.published_at IS NOT NULL" : "") ORDER BY v.number DESC LIMIT 1",
      arguments: [scenario]
    ).map(version)
  }

  static let scenarioSelect = """
    SELECT s.*, b.name AS base_name, u.name AS created_by_name FROM scenario s
    LEFT JOIN scenario b ON b.id = s.base_id LEFT JOIN user u ON u.id = s.created_by
    """

  static func scenarioRow(_ row: Row) -> ScenarioRow {
    ScenarioRow(
      id: row["id"], name: row["name"], baseId: row["base_id"], baseName: row["base_name"], createdAt: row["created_at"],
      createdBy: row["created_by_name"])
  }

  /// Every scenario, by name.
  public static func scenarios(_ db: Database) throws -> [ScenarioRow] {
    try Row.fetchAll(db, sql: scenarioSelect + " ORDER BY s.name").map(scenarioRow)
  }

  public static func scenario(_ db: Database, id: Int64) throws -> ScenarioRow? {
    try Row.fetchOne(db, sql: scenarioSelect + " WHERE s.id = ?", arguments: [id]).map(scenarioRow)
  }

  public static func scenarioID(_ db: Database, name: String) throws -> Int64? {
    try Int64.fetchOne(db, sql: "SELECT id FROM scenario WHERE name = ?", arguments: [name])
  }

  public static func count(_ db: Database) throws -> Int {
    try Int.fetchOne(db, sql: "SELECT count(*) FROM scenario") ?? 0
  }

  /// The stored data of a dataset.
  public static func dataset(_ db: Database, id: Int64) throws -> Dataset {
    guard let row = try Row.fetchOne(db, sql: "SELECT schools_json, social_json, notes_json FROM dataset WHERE id = ?", arguments: [id])
    else { throw StoreError("dataset \(id) is missing") }
    let decoder = JSONDecoder()
    return Dataset(
      schools: try decoder.decode([School].self, from: row["schools_json"]),
      social: try decoder.decode([SocialUnit].self, from: row["social_json"]),
      notes: try (row["notes_json"] as Data?).map { try decoder.decode([String].self, from: $0) })
  }

  /// The policy a version stores.
  public static func policy(of version: Version) throws -> Policy {
    try JSONDecoder().decode(Policy.self, from: Data(version.policyJSON.utf8))
  }

  /// The scenario a version stores, equal (`==`) to the one it was saved from.
  public static func scenario(_ db: Database, of version: Version) throws -> Scenario {
    let policy = try policy(of: version)
    let data = try dataset(db, id: version.datasetID)
    return assemble(policy: policy, data: data)
  }

  /// A scenario with exactly this data, in this order (the stored order is the loader's).
  static func assemble(policy: Policy, data: Dataset) -> Scenario {
    var scenario = Scenario(policy: policy, schools: [], socialUnits: [])
    scenario.schools = data.schools
    scenario.socialUnits = data.social
    scenario.inputNotes = data.notes
    return scenario
  }

  // MARK: Writing

  /// JSON as the store writes it: sorted keys, so the same value gives the same bytes.
  static func encode<T: Encodable>(_ value: T) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return try encoder.encode(value)
  }

  /// The dataset holding this data: the existing one with the same digest, or a new one.
  public static func datasetID(_ db: Database, schools: [School], social: [SocialUnit], notes: [String]?) throws -> Int64 {
    let schoolsJSON = try encode(schools)
    let socialJSON = try encode(social)
    let notesJSON = try notes.map { try encode($0) }
    var hasher = SHA256()
    for part in [schoolsJSON, socialJSON, notesJSON ?? Data("null".utf8)] {
      hasher.update(data: Data("\(part.count):".utf8))
      hasher.update(data: part)
    }
    let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
    if let id = try Int64.fetchOne(db, sql: "SELECT id FROM dataset WHERE digest = ?", arguments: [digest]) { return id }
    try db.execute(
      sql: "INSERT INTO dataset (digest, schools_json, social_json, notes_json, created_at) VALUES (?, ?, ?, ?, ?)",
      arguments: [digest, schoolsJSON, socialJSON, notesJSON, Timestamp.now()])
    return db.lastInsertedRowID
  }

  /// Inserts a scenario row; its versions come with `insertVersion`.
  public static func insertScenario(_ db: Database, name: String, base: Int64?, by user: User?) throws -> Int64 {
    try db.execute(
      sql: "INSERT INTO scenario (name, base_id, created_by, created_at) VALUES (?, ?, ?, ?)",
      arguments: [name, base, user?.id, Timestamp.now()])
    return db.lastInsertedRowID
  }

  /// Inserts version `number` of a scenario.
  public static func insertVersion(
    _ db: Database, scenario: Int64, number: Int, policy: Policy, dataset: Int64, outcome: Outcome, message: String?,
    summary: Summary?, by user: User?
  ) throws -> Int64 {
    let policyJSON = String(decoding: try encode(policy), as: UTF8.self)
    let summaryJSON = try summary.map { String(decoding: try encode($0), as: UTF8.self) }
    try db.execute(
      sql: """
        INSERT INTO version (scenario_id, number, policy_json, dataset_id, outcome, outcome_message, summary_json, created_by, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
      arguments: [scenario, number, policyJSON, dataset, outcome.rawValue, message, summaryJSON, user?.id, Timestamp.now()])
    return db.lastInsertedRowID
  }

  /// Marks a version published (the database refuses a second time).
  public static func publish(_ db: Database, version: Int64, name: String, by user: User) throws {
    try db.execute(
      sql: "UPDATE version SET published_name = ?, published_by = ?, published_at = ? WHERE id = ? AND published_at IS NULL",
      arguments: [name, user.id, Timestamp.now(), version])
  }
}

/// A store inconsistency that no request can cause (a missing dataset row).
struct StoreError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
