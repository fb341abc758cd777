import Foundation
import GRDB
import Testing
@testable import Workspace

/// The database's own rules, checked with raw SQL: what no route can get around.
@Suite struct SchemaTests {
  func temporaryWorkspace() throws -> WorkspaceDatabase {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qp-schema-\(UUID().uuidString)")
    return try WorkspaceDatabase(folder: try WorkspaceFolder.prepare(folder.path))
  }

  @Test func workspaceIsWALWithForeignKeysAndItsApplicationID() throws {
    let database = try temporaryWorkspace()
    let (mode, foreignKeys, applicationID) = try database.pool.read { db in
      (
        try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Bool.fetchOne(db, sql: "PRAGMA foreign_keys"),
        try Int32.fetchOne(db, sql: "PRAGMA application_id")
      )
    }
    #expect(mode == "wal")
    #expect(foreignKeys == true)
    #expect(applicationID == Schema.applicationID)
    #expect(database.isUsable())
  }

  @Test func auditLogRefusesUpdateAndDelete() throws {
    let database = try temporaryWorkspace()
    try database.pool.write { db in try AuditLog.append(db, user: nil, action: "test", target: "x") }
    #expect(throws: DatabaseError.self) { try database.pool.write { db in try db.execute(sql: "UPDATE audit_log SET action = 'forged'") } }
    #expect(throws: DatabaseError.self) { try database.pool.write { db in try db.execute(sql: "DELETE FROM audit_log") } }
    let actions = try database.pool.read { db in try String.fetchAll(db, sql: "SELECT action FROM audit_log") }
    #expect(actions == ["test"])
  }

  @Test func countyAccountNeedsADistrictAndOthersNone() throws {
    let database = try temporaryWorkspace()
    let accounts = Accounts(database: database, cost: 4)
    #expect(throws: WorkspaceError.self) { _ = try accounts.add(name: "bz", role: .county, district: nil, password: "long enough pw") }
    #expect(throws: WorkspaceError.self) { _ = try accounts.add(name: "c", role: .city, district: "宝应县", password: "long enough pw") }
    #expect(throws: WorkspaceError.self) { _ = try accounts.add(name: "c", role: .city, district: nil, password: "short") }
    let county = try accounts.add(name: "bz", role: .county, district: "宝应县", password: "long enough pw")
    #expect(county.district == "宝应县")
    // The CHECK constraint holds even against SQL that skips `Accounts`.
    #expect(throws: DatabaseError.self) {
      try database.pool.write { db in try db.execute(sql: "UPDATE user SET district = NULL WHERE name = 'bz'") }
    }
  }

  @Test func aFolderOfOtherFilesIsRefused() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qp-foreign-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try Data("mine".utf8).write(to: folder.appendingPathComponent("notes.txt"))
    #expect(throws: WorkspaceError.self) { _ = try WorkspaceFolder.prepare(folder.path) }
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["notes.txt"])
  }
}
