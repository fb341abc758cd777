import Foundation
import GRDB
import QuotaPlan

/// The final plans the city combined from a published version's approved refinements (table
/// `combination`, append-only; see `Schema`).
///
/// A row names, for each refined district, the refinement and the revision it took, with that
/// revision's dataset and pins: a refinement may change after the city combined it (returned,
/// edited, approved again), and the combination must still give the same files, byte for byte.
/// Datasets are never changed or deleted, so the stored ids are enough to rebuild the plan.
public enum CombinationStore {
  /// One refinement a combination took: which district, which revision, and that revision's
  /// data and pins.
  public struct Taken: Sendable, Codable, Equatable {
    /// The refinement's id.
    public var id: Int64
    public var district: String
    public var revision: Int
    /// The dataset holding the district's schools at that revision.
    public var datasetId: Int64
    /// The pins at that revision.
    public var pins: [Pin]

    public init(id: Int64, district: String, revision: Int, datasetId: Int64, pins: [Pin]) {
      self.id = id
      self.district = district
      self.revision = revision
      self.datasetId = datasetId
      self.pins = pins
    }
  }

  /// One stored combination.
  public struct Record: Sendable, Equatable {
    public var id: Int64
    public var versionId: Int64
    public var refinements: [Taken]
    public var outcome: ScenarioStore.Outcome
    public var message: String?
    public var createdBy: String?
    public var createdAt: String
  }

  static let select = "SELECT c.*, u.name AS created_by_name FROM combination c LEFT JOIN user u ON u.id = c.created_by"

  static func record(_ row: Row) throws -> Record {
    let json: String = row["refinements_json"]
    return Record(
      id: row["id"], versionId: row["version_id"], refinements: try JSONDecoder().decode([Taken].self, from: Data(json.utf8)),
      outcome: ScenarioStore.Outcome(rawValue: row["outcome"]) ?? .failed, message: row["outcome_message"],
      createdBy: row["created_by_name"], createdAt: row["created_at"])
  }

  /// The combination with this id.
  public static func combination(_ db: Database, id: Int64) throws -> Record? {
    try Row.fetchOne(db, sql: select + " WHERE c.id = ?", arguments: [id]).map(record)
  }

  /// A version's combinations, newest first.
  public static func combinations(_ db: Database, version: Int64) throws -> [Record] {
    try Row.fetchAll(db, sql: select + " WHERE c.version_id = ? ORDER BY c.id DESC", arguments: [version]).map(record)
  }

  /// Stores a combination (in the caller's transaction, with its audit entry); its id.
  public static func insert(
    _ db: Database, version: Int64, refinements: [Taken], outcome: ScenarioStore.Outcome, message: String?, by user: User?
  ) throws -> Int64 {
    let json = String(decoding: try ScenarioStore.encode(refinements), as: UTF8.self)
    try db.execute(
      sql: """
        INSERT INTO combination (version_id, refinements_json, outcome, outcome_message, created_by, created_at)
        VALUES (?, ?, ?, ?, ?, ?)
        """,
      arguments: [version, json, outcome.rawValue, message, user?.id, Timestamp.now()])
    return db.lastInsertedRowID
  }
}
