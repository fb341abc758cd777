import Foundation
import GRDB

/// Reviews of published versions (table `version_review`, append-only; see `Schema`): a
/// reviewer's or the city's approval, return or comment on a published plan, with its reason.
public enum VersionReviewStore {
  /// What a reviewer says of a published plan.
  public enum Decision: String, Sendable, Codable, CaseIterable {
    case approve, `return`, comment
  }

  /// One review.
  public struct Review: Sendable, Codable, Equatable {
    public var id: Int64
    public var versionId: Int64
    public var at: String
    public var user: String?
    public var role: Role?
    public var decision: Decision
    public var text: String?
  }

  static func review(_ row: Row) -> Review {
    Review(
      id: row["id"], versionId: row["version_id"], at: row["at"], user: row["user_name"],
      role: (row["user_role"] as String?).flatMap(Role.init(rawValue:)), decision: Decision(rawValue: row["decision"]) ?? .comment,
      text: row["text"])
  }

  /// A version's reviews, oldest first.
  public static func reviews(_ db: Database, version: Int64) throws -> [Review] {
    try Row.fetchAll(
      db,
      sql: "SELECT r.*, u.role AS user_role FROM version_review r LEFT JOIN user u ON u.id = r.user_id WHERE r.version_id = ? ORDER BY r.id",
      arguments: [version]
    ).map(review)
  }

  /// Adds a review with its `version_review` audit entry, in the caller's transaction.
  public static func add(_ db: Database, version: Int64, decision: Decision, text: String?, by user: User) throws -> Review {
    let now = Timestamp.now()
    try db.execute(
      sql: "INSERT INTO version_review (version_id, at, user_id, user_name, decision, text) VALUES (?, ?, ?, ?, ?, ?)",
      arguments: [version, now, user.id, user.name, decision.rawValue, text])
    let review = Review(id: db.lastInsertedRowID, versionId: version, at: now, user: user.name, role: user.role, decision: decision, text: text)
    try AuditLog.append(
      db, user: user, action: "version_review", target: "version:\(version)", after: "decision=\(decision.rawValue)", comment: text,
      versionID: version)
    return review
  }
}
