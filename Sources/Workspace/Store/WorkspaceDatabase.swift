import Foundation
import GRDB

/// The workspace's one SQLite database, `workspace.sqlite` in the data folder: WAL mode (so
/// readers never wait for a save), foreign keys on, every commit synced to disk, migrated on
/// open. A kill -9 at any moment leaves the last committed change in place.
public final class WorkspaceDatabase: Sendable {
  /// The database file's name inside the data folder.
  public static let fileName = "workspace.sqlite"

  public let pool: DatabasePool
  public let folder: URL

  /// Opens (and creates or migrates) the workspace in `folder`, which must be empty, missing,
  /// or a workspace already (see `WorkspaceFolder.check`).
  public init(folder: URL) throws {
    self.folder = folder
    var config = Configuration()
    config.foreignKeysEnabled = true
    config.busyMode = .timeout(10)
    config.prepareDatabase { db in
      // FULL: a commit is on disk before it is acknowledged, also after a power cut.
      try db.execute(sql: "PRAGMA synchronous = FULL")
    }
    pool = try DatabasePool(path: folder.appendingPathComponent(Self.fileName).path, configuration: config)
    try Schema.migrator.migrate(pool)
  }

  /// True when the database answers a query and its schema is complete.
  public func isUsable() -> Bool {
    (try? pool.read { db in try Bool.fetchOne(db, sql: "SELECT count(*) = 6 FROM sqlite_master WHERE type = 'table' AND name IN ('user', 'session', 'audit_log', 'dataset', 'scenario', 'version')") }) == true
  }

  /// The same for async callers (the health route), without blocking a concurrency thread.
  public func isUsable() async -> Bool {
    (try? await pool.read { db in try Bool.fetchOne(db, sql: "SELECT count(*) = 6 FROM sqlite_master WHERE type = 'table' AND name IN ('user', 'session', 'audit_log', 'dataset', 'scenario', 'version')") }) == true
  }

  /// A consistent copy of the database in `path`, made with SQLite's online backup while the
  /// server goes on serving. Written beside `path` first and moved into place when complete, so
  /// a failed backup never leaves half a file; an existing file is replaced only when it is a
  /// quotaplan workspace itself.
  public func backup(to path: String) throws {
    let target = URL(fileURLWithPath: path)
    let staging = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).partial-\(getpid())")
    if FileManager.default.fileExists(atPath: target.path), !WorkspaceFolder.isWorkspace(target.path) {
      throw WorkspaceError.backupFailed("\(path) exists and is not a quotaplan workspace backup; it was left as it was. Choose another file.")
    }
    try? FileManager.default.removeItem(at: staging)
    do {
      let copy = try DatabaseQueue(path: staging.path)
      try pool.backup(to: copy)
      let check = try copy.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") }
      try copy.close()
      guard check == "ok" else { throw WorkspaceError.backupFailed("the copy failed SQLite's integrity check: \(check ?? "no answer")") }
      if rename(staging.path, target.path) != 0 {
        throw WorkspaceError.backupFailed("it could not be moved to \(path): \(String(cString: strerror(errno)))")
      }
    } catch let error as WorkspaceError {
      try? FileManager.default.removeItem(at: staging)
      throw error
    } catch {
      // SQLite's own failures (a missing folder, no permission, a full disk) are a sentence and
      // exit 74 too, not an internal error.
      try? FileManager.default.removeItem(at: staging)
      throw WorkspaceError.backupFailed("\(path) could not be written (\(error)). Check that its folder exists and has room.")
    }
  }
}

/// Errors of the workspace's own commands, as sentences.
public enum WorkspaceError: Error, CustomStringConvertible, Sendable {
  case folderRefused(String)
  case backupFailed(String)
  case account(String)

  public var description: String {
    switch self {
    case .folderRefused(let sentence), .account(let sentence): return sentence
    case .backupFailed(let reason): return "The backup was not made: \(reason)"
    }
  }
}
