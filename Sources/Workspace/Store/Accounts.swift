import Foundation
import GRDB
import HummingbirdBcrypt
import QuotaPlan
import Synchronization

/// A workspace account as the server sees it (never with its password hash).
public struct User: Sendable, Codable, Equatable {
  public var id: Int64
  public var name: String
  public var role: Role
  /// The district a county account is bound to.
  public var district: String?
  public var disabled: Bool
}

/// Why an account cannot be added or changed, in both of the workspace's languages. The
/// command line prints `en`; the API answers in the reader's language.
public struct AccountProblem: Sendable, Equatable {
  /// A stable code for machines (`invalid_name`, `district_required`, `unknown_district`, …).
  public var code: String
  public var zh: String
  public var en: String

  public init(_ code: String, zh: String, en: String) {
    self.code = code
    self.zh = zh
    self.en = en
  }
}

/// Accounts: created by `quotaplan users add` or by the city committee and the administrator in
/// the workspace, passwords kept only as bcrypt hashes. Disabling an account or setting its
/// password ends its sessions at once (`session.user_id`, schema v3).
public struct Accounts: Sendable {
  public let database: WorkspaceDatabase
  /// bcrypt's cost (2^cost rounds); 12 by default, lower only in tests.
  public let cost: UInt8
  /// Failed sign-ins in a row after which an account waits `lockSeconds` before the next try.
  public var maxFailedLogins = 5
  public var lockSeconds: Double = 15 * 60
  /// The same count for names that are no account, kept in memory, so a lock does not tell
  /// which names exist.
  let unknownNames = UnknownNameLocks()

  /// Shortest password accepted.
  public static let minPasswordLength = 10
  /// Longest password accepted (bcrypt reads 72 bytes).
  public static let maxPasswordBytes = 72

  public init(database: WorkspaceDatabase, cost: UInt8 = 12) {
    self.database = database
    self.cost = cost
  }

  // MARK: Checks

  /// What is wrong with a new account's name, role and district, or nil. A county account
  /// needs a district the workspace knows (one of the districts of its scenarios' settings,
  /// `knownDistricts`); a workspace without scenarios yet accepts any name.
  public static func problem(name: String, role: Role, district: String?, known: [String]) -> AccountProblem? {
    let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !name.isEmpty, name.count <= 64, !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
      return AccountProblem(
        "invalid_name", zh: "账号名须为 1 至 64 个字符，且不含控制字符。",
        en: "An account name must be 1 to 64 characters without control characters.")
    }
    if role == .county {
      guard let district, !district.trimmingCharacters(in: .whitespaces).isEmpty else {
        return AccountProblem(
          "district_required", zh: "县级团委账号须指定所属区县（--district）。",
          en: "A county account needs --district: the district (区县) it plans for.")
      }
      if !known.isEmpty, !known.contains(district) {
        return AccountProblem(
          "unknown_district", zh: "“\(district.prefix(64))”不是本工作区的区县；可选：\(known.joined(separator: "、"))。",
          en: "“\(district.prefix(64))” is not a district of this workspace; the districts are \(known.joined(separator: ", ")).")
      }
    } else if district != nil {
      return AccountProblem(
        "district_not_allowed", zh: "只有县级团委账号绑定区县；\(role.label(.zh))账号不填区县。",
        en: "Only a county account is bound to a district; leave out --district for the \(role.rawValue) role.")
    }
    return nil
  }

  /// What is wrong with a password (too short, or too long for bcrypt), or nil.
  public static func passwordProblem(_ password: String) -> AccountProblem? {
    if password.count < minPasswordLength {
      return AccountProblem(
        "weak_password", zh: "密码至少需要 \(minPasswordLength) 个字符。", en: "A password needs at least \(minPasswordLength) characters.")
    }
    if password.utf8.count > maxPasswordBytes {
      return AccountProblem(
        "weak_password", zh: "密码最多 \(maxPasswordBytes) 个字节（bcrypt 只读这么多）。",
        en: "A password may have at most \(maxPasswordBytes) bytes (bcrypt reads no more).")
    }
    return nil
  }

  /// Refuses a password too short or too long for bcrypt, with the reason.
  public static func checkPassword(_ password: String) throws {
    if let problem = passwordProblem(password) { throw WorkspaceError.account(problem.en) }
  }

  /// The districts of every scenario's settings, in the settings' order: the names a county
  /// account may be bound to. Empty before the workspace holds a scenario.
  public static func knownDistricts(_ db: Database) throws -> [String] {
    var districts: [String] = []
    for json in try String.fetchAll(db, sql: "SELECT DISTINCT policy_json FROM version ORDER BY id") {
      guard let policy = try? JSONDecoder().decode(Policy.self, from: Data(json.utf8)) else { continue }
      for district in policy.districts where !districts.contains(district) { districts.append(district) }
    }
    return districts
  }

  // MARK: Adding

  /// Creates an account; the name must be new, a county account names a district the
  /// workspace knows (any name while it holds no scenario).
  @discardableResult
  public func add(name: String, role: Role, district: String?, password: String, by actor: User? = nil) throws -> User {
    let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
    let known = try database.pool.read { db in try Self.knownDistricts(db) }
    if let problem = Self.problem(name: name, role: role, district: district, known: known) { throw WorkspaceError.account(problem.en) }
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
        db, user: actor, action: "user_add", target: "user:\(name)",
        after: "role=\(role.rawValue)\(district.map { " district=\($0)" } ?? "")", district: district)
      return user
    }
  }

  // MARK: Signing in

  /// The outcome of a sign-in attempt.
  public enum SignIn: Sendable, Equatable {
    case success(User)
    /// Wrong name or password (the two are not told apart).
    case refused
    /// Too many failures in a row: wait until then.
    case locked(until: Date)
    case disabled
  }

  /// Checks a name and password, counting failures; every attempt goes into the audit log
  /// (`sign_in` or `sign_in_failed` with the name given and why, never the password).
  public func signIn(name: String, password: String) throws -> SignIn {
    let row = try database.pool.read { db in
      try Row.fetchOne(db, sql: "SELECT * FROM user WHERE name = ?", arguments: [name])
    }
    let shown = String(name.prefix(64))
    guard let row else {
      // Spend the same time as a real check, so timing does not tell which names exist, and
      // lock the name as an account would be locked, so a lock does not tell it either.
      _ = Bcrypt.hash(password, cost: cost)
      let lock = unknownNames.fail(name, max: maxFailedLogins, lockSeconds: lockSeconds)
      try database.pool.write { db in
        try AuditLog.append(
          db, user: nil, action: "sign_in_failed", target: "user:\(shown)", comment: lock.wasLocked ? "name locked after failed sign-ins" : "no such account")
      }
      if lock.wasLocked, let until = lock.until { return .locked(until: until) }
      return .refused
    }
    let user = Self.user(row)
    let now = Date()
    if let lockedUntil = row["locked_until"] as Double?, lockedUntil > now.timeIntervalSince1970 {
      try database.pool.write { db in
        try AuditLog.append(
          db, user: user, action: "sign_in_failed", target: "user:\(user.name)", comment: "account locked after failed sign-ins",
          district: user.district)
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
        try AuditLog.append(db, user: user, action: "sign_in_failed", target: "user:\(user.name)", comment: "wrong password", district: user.district)
        return .refused
      }
      if user.disabled {
        try AuditLog.append(db, user: user, action: "sign_in_failed", target: "user:\(user.name)", comment: "account disabled", district: user.district)
        return .disabled
      }
      try db.execute(sql: "UPDATE user SET failed_logins = 0, locked_until = NULL WHERE id = ?", arguments: [user.id])
      try AuditLog.append(db, user: user, action: "sign_in", target: "user:\(user.name)", district: user.district)
      return .success(user)
    }
  }

  // MARK: Reading

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

  /// An account as the account list shows it: no hash, whether it is locked now.
  public struct Listed: Sendable, Codable, Equatable {
    public var id: Int64
    public var name: String
    public var role: Role
    public var district: String?
    public var disabled: Bool
    public var locked: Bool
    public var createdAt: String
  }

  /// Every account for the account list, by name.
  public func listed() async throws -> [Listed] {
    let now = Date().timeIntervalSince1970
    return try await database.pool.read { db in
      try Row.fetchAll(db, sql: "SELECT * FROM user ORDER BY name").map { row in
        let user = Self.user(row)
        return Listed(
          id: user.id, name: user.name, role: user.role, district: user.district, disabled: user.disabled,
          locked: (row["locked_until"] as Double?).map { $0 > now } ?? false, createdAt: row["created_at"])
      }
    }
  }

  /// The account with this id, disabled or not.
  public func user(id: Int64) async throws -> User? {
    try await database.pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM user WHERE id = ?", arguments: [id]).map(Self.user) }
  }

  // MARK: Changing

  /// Disables or enables an account; a disabled account cannot sign in and its sessions end
  /// at once (their rows are deleted in the same transaction).
  public func setDisabled(name: String, _ disabled: Bool, by actor: User?) throws {
    try database.pool.write { db in
      guard let row = try Row.fetchOne(db, sql: "SELECT * FROM user WHERE name = ?", arguments: [name]) else {
        throw WorkspaceError.account("No account is called “\(name)”.")
      }
      try Self.setDisabled(db, Self.user(row), disabled, by: actor)
    }
  }

  static func setDisabled(_ db: Database, _ user: User, _ disabled: Bool, by actor: User?) throws {
    try db.execute(sql: "UPDATE user SET disabled = ? WHERE id = ?", arguments: [disabled, user.id])
    if disabled { try SessionStore.end(db, userID: user.id) }
    try AuditLog.append(
      db, user: actor, action: disabled ? "user_disable" : "user_enable", target: "user:\(user.name)",
      before: "disabled=\(user.disabled)", after: "disabled=\(disabled)", district: user.district)
  }

  /// Sets a new password (a reset by the administrator or the city committee, or by
  /// `quotaplan users password`), lifts a lock and ends every session of the account.
  public func setPassword(name: String, _ password: String, by actor: User?) throws {
    try Self.checkPassword(password)
    let hash = Bcrypt.hash(password, cost: cost)
    try database.pool.write { db in
      guard let row = try Row.fetchOne(db, sql: "SELECT * FROM user WHERE name = ?", arguments: [name]) else {
        throw WorkspaceError.account("No account is called “\(name)”.")
      }
      let user = Self.user(row)
      try db.execute(
        sql: "UPDATE user SET password_hash = ?, failed_logins = 0, locked_until = NULL WHERE id = ?", arguments: [hash, user.id])
      try SessionStore.end(db, userID: user.id)
      try AuditLog.append(db, user: actor, action: "password_reset", target: "user:\(name)", district: user.district)
    }
  }

  /// The outcome of changing one's own password.
  public enum PasswordChange: Sendable, Equatable {
    case changed
    /// The current password given is not the account's.
    case wrongCurrent
    case invalid(AccountProblem)
  }

  /// Changes the signed-in account's own password when `current` is right; every other session
  /// of the account ends (the one whose key digest is `keeping` stays).
  public func changePassword(user: User, current: String, new password: String, keeping keepDigest: String?) throws -> PasswordChange {
    guard let hash = try database.pool.read({ db in
      try String.fetchOne(db, sql: "SELECT password_hash FROM user WHERE id = ? AND disabled = 0", arguments: [user.id])
    }) else { return .wrongCurrent }
    guard Bcrypt.verify(current, hash: hash) else {
      try database.pool.write { db in
        try AuditLog.append(
          db, user: user, action: "password_change", target: "user:\(user.name)", comment: "refused: the current password was wrong",
          district: user.district)
      }
      return .wrongCurrent
    }
    if let problem = Self.passwordProblem(password) { return .invalid(problem) }
    let newHash = Bcrypt.hash(password, cost: cost)
    try database.pool.write { db in
      try db.execute(sql: "UPDATE user SET password_hash = ?, failed_logins = 0, locked_until = NULL WHERE id = ?", arguments: [newHash, user.id])
      try SessionStore.end(db, userID: user.id, except: keepDigest)
      try AuditLog.append(db, user: user, action: "password_change", target: "user:\(user.name)", district: user.district)
    }
    return .changed
  }

  static func user(_ row: Row) -> User {
    User(
      id: row["id"], name: row["name"], role: Role(rawValue: row["role"]) ?? .reviewer, district: row["district"],
      disabled: row["disabled"])
  }
}

/// Failed sign-ins under names that are no account, counted as an account's are (in memory:
/// they hold no data, and a restart forgets them as it forgets nothing else that matters).
final class UnknownNameLocks: Sendable {
  private struct Entry {
    var failures = 0
    var lockedUntil: Date?
  }
  private let entries = Mutex<[String: Entry]>([:])
  /// Most names remembered; the oldest are forgotten first beyond it.
  private let capacity = 10_000

  /// Counts a failure under `name`; `wasLocked` when the name was already locked (then the
  /// attempt is refused as a locked account's would be).
  func fail(_ name: String, max: Int, lockSeconds: Double, now: Date = Date()) -> (wasLocked: Bool, until: Date?) {
    entries.withLock { entries in
      var entry = entries[name] ?? Entry()
      if let until = entry.lockedUntil {
        if until > now { return (true, until) }
        entry = Entry()
      }
      entry.failures += 1
      if entry.failures >= max {
        entry.failures = 0
        entry.lockedUntil = now.addingTimeInterval(lockSeconds)
      }
      if entries.count >= capacity, entries[name] == nil { entries.removeAll(keepingCapacity: true) }
      entries[name] = entry
      return (false, nil)
    }
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
