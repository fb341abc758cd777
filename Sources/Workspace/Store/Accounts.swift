import Foundation
import GRDB
import HummingbirdBcrypt
import QuotaPlan

/// A workspace account as the server sees it (never with its password hash).
public struct User: Sendable, Codable, Equatable {
  public var id: Int64
  public var name: String
  public var role: Role
  /// The district a county account is bound to.
  public var district: String?
  public var disabled: Bool
}

/// Accounts: created by `quotaplan users add`, passwords kept only as bcrypt hashes.
public struct Accounts: Sendable {
  public let database: WorkspaceDatabase
  /// bcrypt's cost (2^cost rounds); 12 by default, lower only in tests.
  public let cost: UInt8
  /// Failed sign-ins in a row after which an account waits `lockSeconds` before the next try.
  public var maxFailedLogins = 5
  public var lockSeconds: Double = 15 * 60

  /// Shortest password accepted.
  public static let minPasswordLength = 10
  /// Longest password accepted (bcrypt reads 72 bytes).
  public static let maxPasswordBytes = 72

  public init(database: WorkspaceDatabase, cost: UInt8 = 12) {
    self.database = database
    self.cost = cost
  }

  /// Creates an account; the name must be new, a county account names its district.
  @discardableResult
  public func add(name: String, role: Role, district: String?, password: String, by actor: User? = nil) throws -> User {
    let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !name.isEmpty, name.count <= 64, !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
      throw WorkspaceError.account("An account name must be 1 to 64 characters without control characters.")
    }
    if role == .county, district?.isEmpty ?? true {
      throw WorkspaceError.account("A county account needs --district: the district (区县) it plans for.")
    }
    if role != .county, district != nil {
      throw WorkspaceError.account("Only a county account is bound to a district; leave out --district for the \(role.rawValue) role.")
    }
    try Self.checkPassword(password)
    let hash = Bcrypt.hash(password, cost: cost)
    return try database.pool.write { db in
      if try Bool.fetchOne(db, sql: "SELECT 1 FROM user WHERE name = ?", arguments: [name]) == true {
        throw WorkspaceError.account("An account called “\(name)” exists already.")
      }
      try db.execute(
        sql: "INSERT INTO user (name, role, district, password_hash, created_at) VALUES (?, ?, ?, ?, ?)",
        arguments: [name, role.rawValue, district, hash, Timestamp.now()])
      let user = User(id: db.lastInsertedRowID, name: name, role: role, district: district, disabled: false)
      try AuditLog.append(
        db, user: actor, action: "user.add", target: "user:\(name)",
        after: "role=\(role.rawValue)\(district.map { " district=\($0)" } ?? "")")
      return user
    }
  }

  /// Refuses a password too short or too long for bcrypt, with the reason.
  public static func checkPassword(_ password: String) throws {
    guard password.count >= minPasswordLength else {
      throw WorkspaceError.account("A password needs at least \(minPasswordLength) characters.")
    }
    guard password.utf8.count <= maxPasswordBytes else {
      throw WorkspaceError.account("A password may have at most \(maxPasswordBytes) bytes (bcrypt reads no more).")
    }
  }

  /// The outcome of a sign-in attempt.
  public enum SignIn: Sendable, Equatable {
    case success(User)
    /// Wrong name or password (the two are not told apart).
    case refused
    /// Too many failures in a row: wait until then.
    case locked(until: Date)
    case disabled
  }

  /// Checks a name and password, counting failures; every attempt goes into the audit log.
  public func signIn(name: String, password: String) throws -> SignIn {
    let row = try database.pool.read { db in
      try Row.fetchOne(db, sql: "SELECT * FROM user WHERE name = ?", arguments: [name])
    }
    guard let row else {
      // Spend the same time as a real check, so timing does not tell which names exist.
      _ = Bcrypt.hash(password, cost: cost)
      try database.pool.write { db in
        try AuditLog.append(db, user: nil, action: "login.failed", target: "user:\(String(name.prefix(64)))", comment: "no such account")
      }
      return .refused
    }
    let user = Self.user(row)
    let now = Date()
    if let lockedUntil = row["locked_until"] as Double?, lockedUntil > now.timeIntervalSince1970 {
      try database.pool.write { db in
        try AuditLog.append(db, user: user, action: "login.failed", target: "user:\(user.name)", comment: "account locked after failed sign-ins")
      }
      return .locked(until: Date(timeIntervalSince1970: lockedUntil))
    }
    let hash: String = row["password_hash"]
    let matches = Bcrypt.verify(password, hash: hash)
    return try database.pool.write { db in
      if !matches {
        let failures = (row["failed_logins"] as Int? ?? 0) + 1
        let lock = failures >= maxFailedLogins ? now.timeIntervalSince1970 + lockSeconds : nil
        try db.execute(
          sql: "UPDATE user SET failed_logins = ?, locked_until = ? WHERE id = ?",
          arguments: [lock == nil ? failures : 0, lock, user.id])
        try AuditLog.append(db, user: user, action: "login.failed", target: "user:\(user.name)", comment: "wrong password")
        return .refused
      }
      if user.disabled {
        try AuditLog.append(db, user: user, action: "login.failed", target: "user:\(user.name)", comment: "account disabled")
        return .disabled
      }
      try db.execute(sql: "UPDATE user SET failed_logins = 0, locked_until = NULL WHERE id = ?", arguments: [user.id])
      try AuditLog.append(db, user: user, action: "login", target: "user:\(user.name)")
      return .success(user)
    }
  }

  /// The account with this id, when it exists and is not disabled.
  public func activeUser(id: Int64) throws -> User? {
    try database.pool.read { db in
      try Row.fetchOne(db, sql: "SELECT * FROM user WHERE id = ? AND disabled = 0", arguments: [id]).map(Self.user)
    }
  }

  /// The same, for the server's async code: it waits for the database without holding one of
  /// Swift concurrency's few threads (a blocking read there, with every reader taken by requests
  /// that need such a thread to finish, stopped the whole server under 20 concurrent clients).
  public func activeUser(id: Int64) async throws -> User? {
    try await database.pool.read { db in
      try Row.fetchOne(db, sql: "SELECT * FROM user WHERE id = ? AND disabled = 0", arguments: [id]).map(Self.user)
    }
  }

  /// Every account, by name.
  public func all() throws -> [User] {
    try database.pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM user ORDER BY name").map(Self.user) }
  }

  /// Disables or enables an account; a disabled account cannot sign in and its sessions end.
  public func setDisabled(name: String, _ disabled: Bool, by actor: User?) throws {
    try database.pool.write { db in
      guard let row = try Row.fetchOne(db, sql: "SELECT * FROM user WHERE name = ?", arguments: [name]) else {
        throw WorkspaceError.account("No account is called “\(name)”.")
      }
      try db.execute(sql: "UPDATE user SET disabled = ? WHERE id = ?", arguments: [disabled, row["id"] as Int64])
      try AuditLog.append(
        db, user: actor, action: disabled ? "user.disable" : "user.enable", target: "user:\(name)",
        before: "disabled=\(row["disabled"] as Bool)", after: "disabled=\(disabled)")
    }
  }

  /// Sets a new password (and lifts a lock).
  public func setPassword(name: String, _ password: String, by actor: User?) throws {
    try Self.checkPassword(password)
    let hash = Bcrypt.hash(password, cost: cost)
    try database.pool.write { db in
      guard try Bool.fetchOne(db, sql: "SELECT 1 FROM user WHERE name = ?", arguments: [name]) == true else {
        throw WorkspaceError.account("No account is called “\(name)”.")
      }
      try db.execute(
        sql: "UPDATE user SET password_hash = ?, failed_logins = 0, locked_until = NULL WHERE name = ?", arguments: [hash, name])
      try AuditLog.append(db, user: actor, action: "user.password", target: "user:\(name)")
    }
  }

  static func user(_ row: Row) -> User {
    User(
      id: row["id"], name: row["name"], role: Role(rawValue: row["role"]) ?? .reviewer, district: row["district"],
      disabled: row["disabled"])
  }
}

/// Times as the database stores them: ISO 8601 in UTC, to the millisecond.
public enum Timestamp {
  public static func now() -> String { string(Date()) }
  public static func string(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.string(from: date)
  }
}
