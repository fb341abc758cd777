import Crypto
import Foundation
import GRDB
import Hummingbird

/// hummingbird-auth's session storage, kept in the workspace database so sessions survive a
/// restart. Keys are stored as their SHA-256: a copy of the database holds no usable cookie.
/// Each row names its account (`user_id`, schema v3), so disabling an account or setting its
/// password ends its sessions by deleting their rows; an expired row is refused and deleted.
public struct SessionStore: PersistDriver {
  public let database: WorkspaceDatabase

  public init(database: WorkspaceDatabase) { self.database = database }

  static func digest(_ key: String) -> String {
    SHA256.hash(data: Data(key.utf8)).map { String(format: "%02x", $0) }.joined()
  }

  /// The account a session's value names (`WorkspaceSession.userID`), read from its JSON.
  static func userID(_ data: Data) -> Int64? {
    struct Owner: Decodable { var userID: Int64 }
    return try? JSONDecoder().decode(Owner.self, from: data).userID
  }

  /// Ends every session of an account (all but the one with key digest `except`), inside the
  /// caller's transaction.
  public static func end(_ db: Database, userID: Int64, except keepDigest: String? = nil) throws {
    try db.execute(
      sql: "DELETE FROM session WHERE user_id = ? AND key_digest IS NOT ?", arguments: [userID, keepDigest])
  }

  /// Deletes the sessions whose time is over.
  static func removeExpired(_ db: Database, now: Double = Date().timeIntervalSince1970) throws {
    try db.execute(sql: "DELETE FROM session WHERE expires_at IS NOT NULL AND expires_at <= ?", arguments: [now])
  }

  static func expiry(_ expires: Duration?) -> Double? {
    expires.map { Date().timeIntervalSince1970 + Double($0.components.seconds) }
  }

  public func create<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
    let data = try JSONEncoder().encode(value)
    try await database.pool.write { db in
      if try Bool.fetchOne(db, sql: "SELECT 1 FROM session WHERE key_digest = ?", arguments: [Self.digest(key)]) == true {
        throw PersistError.duplicate
      }
      try Self.removeExpired(db)
      try db.execute(
        sql: "INSERT INTO session (key_digest, value, expires_at, user_id) VALUES (?, ?, ?, ?)",
        arguments: [Self.digest(key), data, Self.expiry(expires), Self.userID(data)])
    }
  }

  public func set<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
    let data = try JSONEncoder().encode(value)
    try await database.pool.write { db in
      if let expires = Self.expiry(expires) {
        try db.execute(
          sql: "INSERT OR REPLACE INTO session (key_digest, value, expires_at, user_id) VALUES (?, ?, ?, ?)",
          arguments: [Self.digest(key), data, expires, Self.userID(data)])
      } else {
        try db.execute(
          sql: """
            INSERT INTO session (key_digest, value, user_id) VALUES (?, ?, ?)
            ON CONFLICT(key_digest) DO UPDATE SET value = excluded.value, user_id = excluded.user_id
            """,
          arguments: [Self.digest(key), data, Self.userID(data)])
      }
    }
  }

  public func get<Object: Codable & Sendable>(key: String, as: Object.Type) async throws -> Object? {
    let now = Date().timeIntervalSince1970
    let digest = Self.digest(key)
    // The closure returns Sendable values, not a Row (which is not Sendable): with a Row, Swift
    // picks GRDB's synchronous read, which blocked both of the cooperative pool's threads when
    // ten county users worked at once (seen in gdb in workspace-load.py).
    let found = try await database.pool.read { db -> (value: Data, expires: Double?)? in
      guard let row = try Row.fetchOne(db, sql: "SELECT value, expires_at FROM session WHERE key_digest = ?", arguments: [digest]) else {
        return nil
      }
      return (row["value"], row["expires_at"])
    }
    guard let found else { return nil }
    if let expires = found.expires, expires <= now {
      // Over: refused, and the row (with every other expired one) is deleted.
      try await database.pool.write { db in try Self.removeExpired(db, now: now) }
      return nil
    }
    return try? JSONDecoder().decode(Object.self, from: found.value)
  }

  public func remove(key: String) async throws {
    try await database.pool.write { db in
      try db.execute(sql: "DELETE FROM session WHERE key_digest = ?", arguments: [Self.digest(key)])
      try Self.removeExpired(db)
    }
  }
}
