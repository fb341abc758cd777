import Crypto
import Foundation
import GRDB
import Hummingbird

/// hummingbird-auth's session storage, kept in the workspace database so sessions survive a
/// restart. Keys are stored as their SHA-256: a copy of the database holds no usable cookie.
public struct SessionStore: PersistDriver {
  public let database: WorkspaceDatabase

  public init(database: WorkspaceDatabase) { self.database = database }

  static func digest(_ key: String) -> String {
    SHA256.hash(data: Data(key.utf8)).map { String(format: "%02x", $0) }.joined()
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
      try db.execute(
        sql: "INSERT INTO session (key_digest, value, expires_at) VALUES (?, ?, ?)",
        arguments: [Self.digest(key), data, Self.expiry(expires)])
    }
  }

  public func set<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
    let data = try JSONEncoder().encode(value)
    try await database.pool.write { db in
      if let expires = Self.expiry(expires) {
        try db.execute(
          sql: "INSERT OR REPLACE INTO session (key_digest, value, expires_at) VALUES (?, ?, ?)",
          arguments: [Self.digest(key), data, expires])
      } else {
        try db.execute(
          sql: "INSERT INTO session (key_digest, value) VALUES (?, ?) ON CONFLICT(key_digest) DO UPDATE SET value = excluded.value",
          arguments: [Self.digest(key), data])
      }
    }
  }

  public func get<Object: Codable & Sendable>(key: String, as: Object.Type) async throws -> Object? {
    let now = Date().timeIntervalSince1970
    let data = try await database.pool.read { db in
      try Data.fetchOne(
        db, sql: "SELECT value FROM session WHERE key_digest = ? AND (expires_at IS NULL OR expires_at > ?)",
        arguments: [Self.digest(key), now])
    }
    guard let data else { return nil }
    return try? JSONDecoder().decode(Object.self, from: data)
  }

  public func remove(key: String) async throws {
    try await database.pool.write { db in
      try db.execute(sql: "DELETE FROM session WHERE key_digest = ?", arguments: [Self.digest(key)])
      try db.execute(sql: "DELETE FROM session WHERE expires_at IS NOT NULL AND expires_at < ?", arguments: [Date().timeIntervalSince1970])
    }
  }
}
