import Foundation
import GRDB
import HummingbirdTesting
import QuotaPlan
import Testing
@testable import Workspace

/// A seeded workspace with Yangzhou 2022 version 1 published, the city, a reviewer, and two
/// county committees (`county` of 宝应县, `gaoyou` of 高邮市); refinements are started and
/// changed through the county's service and store, so these suites test review, combination and
/// audit on their own.
struct ReviewFixture: Sendable {
  let workspace: TestWorkspace
  let city: User
  let reviewer: User
  let baoying: User
  let gaoyou: User
  let version: Int64 = 1

  init() async throws {
    workspace = try TestWorkspace(seed: true)
    city = try workspace.addUser("city", role: .city)
    reviewer = try workspace.addUser("reviewer", role: .reviewer)
    baoying = try workspace.addUser("county", role: .county, district: "宝应县")
    gaoyou = try workspace.addUser("gaoyou", role: .county, district: "高邮市")
    _ = try await workspace.services.plans.publish(version: 1, name: "2022 年正式方案", by: city)
  }

  var services: WorkspaceServices { workspace.services }

  func county(_ district: String) -> User { district == "宝应县" ? baoying : gaoyou }

  /// Starts the district's refinement of version 1 with the city's data.
  func start(_ district: String) async throws -> RefinementStore.Item {
    try await services.refinements.start(version: version, district: district, from: nil, by: county(district))
  }

  /// Pins one junior-high school-grade of the district one below its city quota.
  func pin(_ item: RefinementStore.Item) async throws -> RefinementStore.Item {
    let city = try await services.refinements.city(version: item.versionId)
    let school = try #require(
      city.plan.schoolPlans.first { $0.school.district == item.district && $0.category.id == "junior_high" && $0.grades.contains { $0.quota >= 2 } })
    let grade = try #require(school.grades.first { $0.quota >= 2 })
    let pin = Pin(school: school.school.name, grade: grade.record.grade, exactly: grade.quota - 1, note: "已承诺")
    let changed = try await services.refinements.edit(
      item, expectedRevision: item.revision, schools: nil, pins: [pin], by: county(item.district), action: "refinement_pins", before: nil,
      after: "1 pin")
    #expect(changed.outcome == .planned, "\(changed.outcomeMessage ?? "")")
    return changed
  }

  /// Gives the district's first school 60 more students in each grade (new data).
  func newData(_ item: RefinementStore.Item) async throws -> RefinementStore.Item {
    var schools = try await services.refinements.data(item).schools
    let first = try #require(schools.indices.first)
    for index in schools[first].grades.indices { schools[first].grades[index].students += 60 }
    let changed = try await services.refinements.edit(
      item, expectedRevision: item.revision, schools: schools, pins: nil, by: county(item.district), action: "refinement_data", before: nil,
      after: "students +60")
    #expect(changed.outcome == .planned, "\(changed.outcomeMessage ?? "")")
    return changed
  }

  /// The county submits (store level: the county's route is tested in its own suite).
  func submit(_ item: RefinementStore.Item) async throws -> RefinementStore.Item {
    try await workspace.database.pool.write { db in
      try RefinementStore.setStatus(
        db, id: item.id, from: [.draft, .returned], to: .submitted, expectedRevision: item.revision, by: county(item.district), eventKind: .submit)
    }
  }

  /// The reviewer approves (store level).
  func approve(_ item: RefinementStore.Item) async throws -> RefinementStore.Item {
    try await workspace.database.pool.write { db in
      try RefinementStore.setStatus(
        db, id: item.id, from: [.submitted], to: .approved, expectedRevision: item.revision, by: reviewer, eventKind: .approve, text: "同意")
    }
  }

  func refinement(_ id: Int64) async throws -> RefinementStore.Item {
    try #require(try await workspace.database.pool.read { db in try RefinementStore.refinement(db, id: id) })
  }
}

/// Percent-encodes a query value (district names are Chinese).
func query(_ text: String) -> String {
  text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
}

/// Approve, return, comments, reviews of published plans and the status board, over HTTP.
@Suite struct ReviewAPITests {
  @Test func approveAndReturnMoveASubmissionAndRefuseTheRest() async throws {
    let fixture = try await ReviewFixture()
    var item = try await fixture.start("宝应县")
    let draft = item
    // A draft: the city is told in words that there is nothing to approve; a reviewer cannot see it.
    try await fixture.workspace.test(as: .city) { client async throws in
      let early = try await client.request(.post, "/api/refinements/\(draft.id)/approve", json: ["expectedRevision": draft.revision])
      #expect(early.status == .conflict, "\(early.text)")
      #expect(early.errorCode == "wrong_status")
      #expect(early.text.contains("草稿"))
    }
    try await fixture.workspace.test(as: .reviewer) { client async throws in
      let hidden = try await client.request(.post, "/api/refinements/\(draft.id)/approve", json: ["expectedRevision": draft.revision])
      #expect(hidden.status == .notFound, "\(hidden.text)")
    }
    item = try await fixture.submit(item)
    let submitted = item
    try await fixture.workspace.test(as: .reviewer) { client async throws in
      // Returning needs a comment: 422, and nothing moves.
      for body: [String: AnyEncodable] in [["expectedRevision": AnyEncodable(submitted.revision)], ["expectedRevision": AnyEncodable(submitted.revision), "comment": "  "]] {
        let bare = try await client.request(.post, "/api/refinements/\(submitted.id)/return", json: body)
        #expect(bare.status == .unprocessableContent, "\(bare.text)")
        #expect(bare.errorCode == "comment_required")
      }
      // A stale revision: 409 with the current one.
      let stale = try await client.request(
        .post, "/api/refinements/\(submitted.id)/return", json: ["expectedRevision": AnyEncodable(submitted.revision - 1), "comment": "重新核对"])
      #expect(stale.status == .conflict)
      #expect(stale.errorCode == "stale")
      #expect((try stale.json()["error"] as? [String: Any])?["currentRevision"] as? Int == submitted.revision)
      let returned = try await client.request(
        .post, "/api/refinements/\(submitted.id)/return", json: ["expectedRevision": AnyEncodable(submitted.revision), "comment": "请核对宝应中学的学生数"])
      #expect(returned.status == .ok, "\(returned.text)")
      #expect(try returned.json()["status"] as? String == "returned")
      #expect(try returned.json()["decidedBy"] as? String == "reviewer")
      #expect(try returned.json()["revision"] as? Int == submitted.revision + 1)
    }
    item = try await fixture.refinement(item.id)
    #expect(item.status == .returned)
    let itemID = item.id
    let events = try await fixture.workspace.database.pool.read { db in try RefinementStore.events(db, refinement: itemID) }
    #expect(events.last?.kind == .return)
    #expect(events.last?.text == "请核对宝应中学的学生数")
    let audit = try await fixture.workspace.database.pool.read { db in try AuditLog.entries(db) }
    let entry = try #require(audit.first { $0.action == "refinement_return" })
    #expect(entry.comment == "请核对宝应中学的学生数")
    #expect(entry.versionID == 1)
    #expect(entry.district == "宝应县")
    #expect(entry.user == "reviewer")
    #expect(entry.before?.contains("status=submitted") == true)

    // The county fixes and resubmits; the reviewer approves with a comment.
    item = try await fixture.submit(try await fixture.pin(item))
    let resubmitted = item
    try await fixture.workspace.test(as: .reviewer) { client async throws in
      let approved = try await client.request(
        .post, "/api/refinements/\(resubmitted.id)/approve", json: ["expectedRevision": AnyEncodable(resubmitted.revision), "comment": "同意"])
      #expect(approved.status == .ok, "\(approved.text)")
      #expect(try approved.json()["status"] as? String == "approved")
      #expect(try approved.json()["decidedAt"] as? String != nil)
      // Approved is final for a reviewer, and approving twice says so.
      let current = try approved.json()["revision"] as? Int ?? 0
      let back = try await client.request(
        .post, "/api/refinements/\(resubmitted.id)/return", json: ["expectedRevision": AnyEncodable(current), "comment": "再看看"])
      #expect(back.status == .conflict)
      #expect(back.errorCode == "wrong_status")
      let twice = try await client.request(.post, "/api/refinements/\(resubmitted.id)/approve", json: ["expectedRevision": current])
      #expect(twice.status == .conflict)
    }
    // The city may still return an approved refinement, with a comment.
    item = try await fixture.refinement(item.id)
    let approvedItem = item
    try await fixture.workspace.test(as: .city) { client async throws in
      let back = try await client.request(
        .post, "/api/refinements/\(approvedItem.id)/return", json: ["expectedRevision": AnyEncodable(approvedItem.revision), "comment": "省里调整，请重报"])
      #expect(back.status == .ok, "\(back.text)")
      #expect(try back.json()["status"] as? String == "returned")
    }
    // Counties never decide; another district's refinement does not exist for them.
    try await fixture.workspace.test(as: .county) { client async throws in
      let own = try await client.request(.post, "/api/refinements/\(approvedItem.id)/approve", json: ["expectedRevision": 1])
      #expect(own.status == .forbidden)
    }
    let actions = try await fixture.workspace.database.pool.read { db in try AuditLog.entries(db) }.map(\.action)
    #expect(actions.filter { $0 == "refinement_return" }.count == 2)
    #expect(actions.filter { $0 == "refinement_approve" }.count == 1)
  }

  @Test func commentsAreForWhoMaySeeTheRefinement() async throws {
    let fixture = try await ReviewFixture()
    let item = try await fixture.start("宝应县")
    try await fixture.workspace.test(as: .county) { client async throws in
      let said = try await client.request(.post, "/api/refinements/\(item.id)/comments", json: ["text": "学生数已按秋季报表更新"])
      #expect(said.status == .created, "\(said.text)")
      #expect(try said.json()["kind"] as? String == "comment")
      let empty = try await client.request(.post, "/api/refinements/\(item.id)/comments", json: ["text": " "])
      #expect(empty.status == .unprocessableContent)
      var other = client
      try await other.signIn("gaoyou")
      let elsewhere = try await other.request(.post, "/api/refinements/\(item.id)/comments", json: ["text": "看看"])
      #expect(elsewhere.status == .notFound, "\(elsewhere.text)")
      #expect(!elsewhere.text.contains("宝应"))
    }
    // A reviewer cannot see (or comment on) a draft.
    try await fixture.workspace.test(as: .reviewer) { client async throws in
      #expect(try await client.request(.post, "/api/refinements/\(item.id)/comments", json: ["text": "?"]).status == .notFound)
    }
    let events = try await fixture.workspace.database.pool.read { db in try RefinementStore.events(db, refinement: item.id) }
    #expect(events.map(\.kind) == [.start, .comment])
    #expect(events.last?.revision == item.revision)
  }

  @Test func boardShowsEveryDistrictWithStatusAndDates() async throws {
    let fixture = try await ReviewFixture()
    let baoying = try await fixture.approve(try await fixture.submit(try await fixture.start("宝应县")))
    let gaoyou = try await fixture.submit(try await fixture.start("高邮市"))
    let guangling = try await fixture.services.refinements.start(
      version: 1, district: "广陵区", from: nil, by: try fixture.workspace.addUser("guangling", role: .county, district: "广陵区"))
    try await fixture.workspace.test(as: .city) { client async throws in
      let said = try await client.request(.post, "/api/refinements/\(gaoyou.id)/comments", json: ["text": "请补充说明"])
      #expect(said.status == .created)
      let board = try await client.request(.get, "/api/versions/1/board")
      #expect(board.status == .ok, "\(board.text)")
      let body = try board.json()
      let rows = try #require(body["districts"] as? [[String: Any]])
      let policy = try await fixture.services.plans.scenario(version: 1).policy
      #expect(rows.compactMap { $0["district"] as? String } == policy.districts)
      let byName = Dictionary(uniqueKeysWithValues: rows.map { ($0["district"] as? String ?? "", $0) })
      #expect(byName["宝应县"]?["status"] as? String == "approved")
      #expect(byName["宝应县"]?["decidedBy"] as? String == "reviewer")
      #expect(byName["宝应县"]?["decidedAt"] as? String == baoying.decidedAt)
      #expect(byName["宝应县"]?["submittedAt"] as? String == baoying.submittedAt)
      #expect((byName["宝应县"]?["lastComment"] as? [String: Any])?["text"] as? String == "同意")
      #expect(byName["高邮市"]?["status"] as? String == "submitted")
      #expect(byName["高邮市"]?["submittedAt"] as? String == gaoyou.submittedAt)
      #expect(byName["高邮市"]?["decidedAt"] == nil)
      #expect((byName["高邮市"]?["lastComment"] as? [String: Any])?["text"] as? String == "请补充说明")
      #expect(byName["广陵区"]?["status"] as? String == "draft")
      #expect(byName["广陵区"]?["refinementId"] as? Int == Int(guangling.id))
      #expect(byName["邗江区"]?["status"] as? String == "not_started")
      #expect(byName["邗江区"]?["refinementId"] == nil)
      let counts = try #require(body["counts"] as? [String: Int])
      #expect(counts == ["not_started": policy.districts.count - 3, "draft": 1, "submitted": 1, "returned": 0, "approved": 1])
    }
    // A reviewer sees that a draft exists, not which refinement it is.
    try await fixture.workspace.test(as: .reviewer) { client async throws in
      let rows = try #require(try await client.request(.get, "/api/versions/1/board").json()["districts"] as? [[String: Any]])
      let draft = try #require(rows.first { $0["district"] as? String == "广陵区" })
      #expect(draft["status"] as? String == "draft")
      #expect(draft["refinementId"] == nil)
      #expect(rows.first { $0["district"] as? String == "高邮市" }?["refinementId"] as? Int == Int(gaoyou.id))
    }
    // Counties have no board; an unpublished version has none for a reviewer.
    try await fixture.workspace.test(as: .county) { client async throws in
      #expect(try await client.request(.get, "/api/versions/1/board").status == .forbidden)
    }
    let policy = try await fixture.services.plans.scenario(version: 1).policy
    _ = try await fixture.services.plans.saveSettings(scenario: 1, expectedVersion: 1, policy: policy.titled("第二版"), by: fixture.city)
    try await fixture.workspace.test(as: .reviewer) { client async throws in
      #expect(try await client.request(.get, "/api/versions/2/board").status == .notFound)
    }
  }

  @Test func reviewsOfAPublishedPlan() async throws {
    let fixture = try await ReviewFixture()
    try await fixture.workspace.test(as: .reviewer) { client async throws in
      let bare = try await client.request(.post, "/api/versions/1/reviews", json: ["decision": "return"])
      #expect(bare.status == .unprocessableContent)
      #expect(bare.errorCode == "comment_required")
      let odd = try await client.request(.post, "/api/versions/1/reviews", json: ["decision": "veto", "text": "x"])
      #expect(odd.status == .unprocessableContent)
      #expect(odd.errorCode == "invalid_decision")
      let returned = try await client.request(.post, "/api/versions/1/reviews", json: ["decision": "return", "text": "高职类指标不足 60%"])
      #expect(returned.status == .created, "\(returned.text)")
      #expect(try returned.json()["decision"] as? String == "return")
      let approved = try await client.request(.post, "/api/versions/1/reviews", json: ["decision": "approve"])
      #expect(approved.status == .created, "\(approved.text)")
      let board = try await client.request(.get, "/api/versions/1/board").json()
      let reviews = try #require(board["reviews"] as? [[String: Any]])
      #expect(reviews.compactMap { $0["decision"] as? String } == ["return", "approve"])
      #expect(reviews.first?["user"] as? String == "reviewer")
    }
    let policy = try await fixture.services.plans.scenario(version: 1).policy
    _ = try await fixture.services.plans.saveSettings(scenario: 1, expectedVersion: 1, policy: policy.titled("第二版"), by: fixture.city)
    try await fixture.workspace.test(as: .reviewer) { client async throws in
      #expect(try await client.request(.post, "/api/versions/2/reviews", json: ["decision": "comment", "text": "?"]).status == .notFound)
    }
    try await fixture.workspace.test(as: .city) { client async throws in
      let unpublished = try await client.request(.post, "/api/versions/2/reviews", json: ["decision": "comment", "text": "?"])
      #expect(unpublished.status == .conflict)
      #expect(unpublished.errorCode == "not_published")
    }
    try await fixture.workspace.test(as: .county) { client async throws in
      #expect(try await client.request(.post, "/api/versions/1/reviews", json: ["decision": "approve"]).status == .forbidden)
    }
    let entries = try await fixture.workspace.database.pool.read { db in try AuditLog.entries(db) }.filter { $0.action == "version_review" }
    #expect(entries.count == 2)
    #expect(entries.allSatisfy { $0.versionID == 1 && $0.target == "version:1" })
    #expect(entries.last?.comment == "高职类指标不足 60%")
  }
}

/// A JSON value of either kind the bodies here need.
struct AnyEncodable: Encodable, Sendable, ExpressibleByIntegerLiteral, ExpressibleByStringLiteral {
  let value: JSONValue
  init(_ value: Int) { self.value = .number(Double(value)) }
  init(_ value: String) { self.value = .string(value) }
  init(integerLiteral value: Int) { self.init(value) }
  init(stringLiteral value: String) { self.init(value) }
  func encode(to encoder: Encoder) throws { try value.encode(to: encoder) }
}
