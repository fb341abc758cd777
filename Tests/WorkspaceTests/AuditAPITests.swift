import Foundation
import GRDB
import HTTPTypes
import HummingbirdTesting
import QuotaPlan
import Testing
@testable import Workspace

/// The audit log over HTTP: filters per plan, district and target, the CSV export, who reads
/// which entries, and that nothing can change it.
@Suite struct AuditAPITests {
  /// A day's work: two districts refine version 1 (宝应县 is returned with a comment, then
  /// approved), a reviewer reviews the plan, the city combines, and saves an unpublished version 2.
  static func day() async throws -> (fixture: ReviewFixture, baoying: RefinementStore.Item, gaoyou: RefinementStore.Item) {
    let fixture = try await ReviewFixture()
    var baoying = try await fixture.submit(try await fixture.start("宝应县"))
    baoying = try await fixture.workspace.database.pool.write { [baoying] db in
      try RefinementStore.setStatus(
        db, id: baoying.id, from: [.submitted], to: .returned, expectedRevision: baoying.revision, by: fixture.reviewer, eventKind: .return,
        text: "请核对, \"学生数\"\n=SUM(A1)")
    }
    baoying = try await fixture.approve(try await fixture.submit(try await fixture.pin(baoying)))
    let gaoyou = try await fixture.newData(try await fixture.start("高邮市"))
    _ = try await fixture.workspace.database.pool.write { db in
      try VersionReviewStore.add(db, version: 1, decision: .comment, text: "总量与省里一致", by: fixture.reviewer)
    }
    _ = try await fixture.services.combinations.combine(version: 1, by: fixture.city)
    let policy = try await fixture.services.plans.scenario(version: 1).policy
    _ = try await fixture.services.plans.saveSettings(scenario: 1, expectedVersion: 1, policy: policy.titled("第二版（未发布）"), by: fixture.city)
    return (fixture, baoying, gaoyou)
  }

  static func entries(_ response: TestResponse) throws -> [[String: Any]] {
    #expect(response.status == .ok, "\(response.text)")
    return try response.jsonArray()
  }

  @Test func filtersPerPlanDistrictAndTarget() async throws {
    let (fixture, baoying, _) = try await Self.day()
    try await fixture.workspace.test(as: .city) { client async throws in
      let all = try Self.entries(try await client.request(.get, "/api/audit"))
      let actions = Set(all.compactMap { $0["action"] as? String })
      for action in [
        "seed", "user_add", "publish", "refinement_start", "refinement_pins", "refinement_data", "refinement_submit", "refinement_return",
        "refinement_approve", "version_review", "combine", "settings_save", "sign_in",
      ] {
        #expect(actions.contains(action), "no \(action) entry")
      }
      // Publication names its version.
      #expect(all.first { $0["action"] as? String == "publish" }?["versionID"] as? Int == 1)
      let plan = try Self.entries(try await client.request(.get, "/api/audit?version=1"))
      #expect(!plan.isEmpty && plan.allSatisfy { $0["versionID"] as? Int == 1 })
      #expect(plan.count == all.filter { $0["versionID"] as? Int == 1 }.count)
      #expect(!plan.contains { $0["action"] as? String == "settings_save" && ($0["target"] as? String)?.hasSuffix("/v2") == true })
      let district = try Self.entries(try await client.request(.get, "/api/audit?district=\(query("宝应县"))"))
      #expect(district.count >= 6)
      #expect(district.allSatisfy { $0["district"] as? String == "宝应县" })
      let target = try Self.entries(try await client.request(.get, "/api/audit?target=\(query(baoying.auditTarget))"))
      #expect(target.count == district.filter { $0["target"] as? String == baoying.auditTarget }.count)
      let both = try Self.entries(try await client.request(.get, "/api/audit?version=1&district=\(query("高邮市"))"))
      #expect(!both.isEmpty && both.allSatisfy { $0["district"] as? String == "高邮市" && $0["versionID"] as? Int == 1 })
      let two = try Self.entries(try await client.request(.get, "/api/audit?limit=2"))
      #expect(two.count == 2)
      #expect(two.compactMap { $0["id"] as? Int } == all.prefix(2).compactMap { $0["id"] as? Int })
      #expect(try await client.request(.get, "/api/audit?version=abc").status == .badRequest)
      #expect(try await client.request(.get, "/api/audit?format=xml").status == .badRequest)
    }
  }

  @Test func eachRoleReadsOnlyItsPart() async throws {
    let (fixture, _, _) = try await Self.day()
    let accountActions = Set(AuditLog.accountActions)
    // A county reads its own district's entries only, whatever it asks for.
    try await fixture.workspace.test(as: .county) { client async throws in
      let own = try Self.entries(try await client.request(.get, "/api/audit"))
      #expect(!own.isEmpty)
      #expect(own.allSatisfy { $0["district"] as? String == "宝应县" })
      #expect(!own.contains { accountActions.contains($0["action"] as? String ?? "") })
      #expect(!own.contains { ($0["target"] as? String)?.contains("高邮市") == true || ($0["comment"] as? String)?.contains("高邮") == true })
      #expect(try Self.entries(try await client.request(.get, "/api/audit?district=\(query("高邮市"))")).isEmpty)
      let export = try await client.request(.get, "/api/audit?format=csv&district=\(query("高邮市"))")
      #expect(export.status == .ok)
      #expect(export.text.split(separator: "\r\n").count == 1)
    }
    // A reviewer reads published plans' entries, never accounts or sign-ins, nor unpublished versions.
    try await fixture.workspace.test(as: .reviewer) { client async throws in
      let seen = try Self.entries(try await client.request(.get, "/api/audit"))
      #expect(!seen.isEmpty)
      #expect(seen.allSatisfy { $0["versionID"] as? Int == 1 })
      #expect(!seen.contains { accountActions.contains($0["action"] as? String ?? "") })
      #expect(seen.contains { $0["action"] as? String == "refinement_return" })
      #expect(seen.contains { $0["action"] as? String == "combine" })
      #expect(try Self.entries(try await client.request(.get, "/api/audit?version=2")).isEmpty)
    }
    // The administrator reads accounts and sign-ins only.
    try await fixture.workspace.test(as: .admin) { client async throws in
      let seen = try Self.entries(try await client.request(.get, "/api/audit"))
      #expect(seen.contains { $0["action"] as? String == "user_add" })
      #expect(seen.allSatisfy { accountActions.contains($0["action"] as? String ?? "") })
    }
    // The city reads all of it.
    try await fixture.workspace.test(as: .city) { client async throws in
      let seen = try Self.entries(try await client.request(.get, "/api/audit?limit=5000"))
      let total = try await fixture.workspace.database.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_log") } ?? 0
      #expect(seen.count == total)
    }
  }

  @Test func csvExportOpensInExcel() async throws {
    let (fixture, baoying, _) = try await Self.day()
    try await fixture.workspace.test(as: .city) { client async throws in
      let json = try Self.entries(try await client.request(.get, "/api/audit?district=\(query("宝应县"))"))
      let export = try await client.request(.get, "/api/audit?district=\(query("宝应县"))&format=csv")
      #expect(export.status == .ok, "\(export.text)")
      #expect(export.headers[.contentType]?.hasPrefix("text/csv") == true)
      #expect(export.headers[.contentDisposition]?.contains("attachment") == true)
      #expect(export.data.starts(with: [0xEF, 0xBB, 0xBF]))
      let text = String(decoding: export.data.dropFirst(3), as: UTF8.self)
      #expect(text.hasPrefix("at,user,action,target,version,district,before,after,comment\r\n"))
      // The return's comment holds a comma, quotes, a line break and a formula: quoted, doubled, neutralised.
      #expect(text.contains("\"'请核对, \"\"学生数\"\"\n=SUM(A1)\"") || text.contains("\"请核对, \"\"学生数\"\"\n=SUM(A1)\""))
      // One line per entry (the comment's line break is inside quotes).
      let records = text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
      #expect(records.count == json.count + 1)
      let newest = try #require(json.first)
      #expect(records[1].hasPrefix("\(newest["at"] as? String ?? ""),\(newest["user"] as? String ?? ""),\(newest["action"] as? String ?? ""),"))
      #expect(records[1].contains(",1,宝应县,"))
      #expect(text.contains(baoying.auditTarget))
      // Same entries, same bytes.
      #expect(try await client.request(.get, "/api/audit?district=\(query("宝应县"))&format=csv").data == export.data)
    }
  }

  @Test func theLogAndTheHistoriesRefuseUpdateAndDelete() async throws {
    let (fixture, baoying, _) = try await Self.day()
    let database = fixture.workspace.database
    let before = try await database.pool.read { db in try AuditLog.entries(db, limit: 5000) }
    for sql in [
      "UPDATE audit_log SET district = '高邮市' WHERE district = '宝应县'", "UPDATE audit_log SET version_id = NULL",
      "DELETE FROM audit_log WHERE action = 'refinement_return'", "UPDATE refinement_event SET text = 'x'", "DELETE FROM refinement_event",
      "UPDATE version_review SET decision = 'approve'", "DELETE FROM version_review", "UPDATE combination SET refinements_json = '[]'",
      "DELETE FROM combination", "DELETE FROM refinement WHERE id = \(baoying.id)",
    ] {
      #expect(throws: DatabaseError.self, "\(sql)") { try database.pool.write { db in try db.execute(sql: sql) } }
    }
    #expect(try await database.pool.read { db in try AuditLog.entries(db, limit: 5000) } == before)
    // No route updates or deletes it either.
    try await fixture.workspace.test(as: .city) { client async throws in
      for method in [HTTPRequest.Method.put, .patch, .delete, .post] {
        let response = try await client.request(method, "/api/audit")
        #expect(response.status == .notFound || response.status == .methodNotAllowed, "\(method): \(response.status)")
      }
    }
  }
}
