import Foundation
import GRDB

/// The append-only audit log: every change and sign-in, with who, when, what, before and after.
/// The database refuses UPDATE and DELETE on it (see `Schema`); nothing in the product offers
/// either.
public enum AuditLog {
  /// One entry.
  public struct Entry: Sendable, Codable, Equatable {
    public var id: Int64
    public var at: String
    public var user: String?
    public var action: String
    public var target: String?
    public var before: String?
    public var after: String?
    public var comment: String?
    /// The published version (plan) the entry concerns, when it concerns one.
    public var versionID: Int64? = nil
    /// The district the entry concerns, when it concerns one.
    public var district: String? = nil
  }

  /// Appends an entry inside the caller's transaction, so it is written exactly when the change
  /// it records is.
  public static func append(
    _ db: Database, user: User?, action: String, target: String? = nil, before: String? = nil, after: String? = nil,
    comment: String? = nil, versionID: Int64? = nil, district: String? = nil
  ) throws {
    try db.execute(
      sql: """
        INSERT INTO audit_log (at, user_id, user_name, action, target, before, after, comment, version_id, district)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
      arguments: [Timestamp.now(), user?.id, user?.name, action, target, before, after, comment, versionID, district])
  }

  /// Entries, newest first; `targetPrefix` narrows to one plan or scenario (`scenario:3`).
  public static func entries(_ db: Database, targetPrefix: String? = nil, limit: Int = 500) throws -> [Entry] {
    let rows: [Row]
    if let targetPrefix {
      rows = try Row.fetchAll(
        db, sql: "SELECT * FROM audit_log WHERE target LIKE ? ESCAPE '\\' ORDER BY id DESC LIMIT ?",
        arguments: [escapeLike(targetPrefix) + "%", limit])
    } else {
      rows = try Row.fetchAll(db, sql: "SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", arguments: [limit])
    }
    return rows.map {
      Entry(
        id: $0["id"], at: $0["at"], user: $0["user_name"], action: $0["action"], target: $0["target"], before: $0["before"],
        after: $0["after"], comment: $0["comment"], versionID: $0["version_id"], district: $0["district"])
    }
  }

  static func escapeLike(_ text: String) -> String {
    text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
  }
}
