import Foundation
import GRDB
import HummingbirdTesting
import QuotaPlan
import Testing
@testable import Workspace

/// Settings as the page saves them.
struct SettingsBody: Encodable, Sendable {
  var expectedVersion: Int
  var policy: Policy
}

extension APIClient {
  /// The policy of a version, as the API gives it.
  func policy(version: Int64) async throws -> Policy {
    let response = try await request(.get, "/api/versions/\(version)")
    #expect(response.status == .ok, "\(response.text)")
    let policy = try #require(try response.json()["policy"])
    return try JSONDecoder().decode(Policy.self, from: try JSONSerialization.data(withJSONObject: policy))
  }

  /// Saves settings; the response.
  func save(scenario: Int64, expected: Int, _ policy: Policy) async throws -> TestResponse {
    try await request(.put, "/api/scenarios/\(scenario)/settings", json: SettingsBody(expectedVersion: expected, policy: policy))
  }
}

extension Policy {
  /// This policy with the senior-high grades 1–2 cap (R5) at `ratio`.
  func seniorCap(_ ratio: Double) -> Policy {
    var policy = self
    let index = policy.categories.firstIndex { $0.id == "senior_high" }!
    let cap = policy.categories[index].caps.firstIndex { $0.rule == .r5 }!
    policy.categories[index].caps[cap].ratio = ratio
    return policy
  }

  /// This policy with another title (a quick save that plans as before).
  func titled(_ title: String) -> Policy {
    var policy = self
    policy.title = title
    return policy
  }

  /// The what-if of scenarios/what-if-senior-cap-25: R5 at 25 %, senior high 255, city 5115.
  var seniorCap25: Policy {
    var policy = seniorCap(0.25)
    policy.total = 5115
    policy.categories[policy.categories.firstIndex { $0.id == "senior_high" }!].total = 255
    return policy
  }
}

/// The scenario routes over HTTP: list, read, save, publish, and what they refuse.
@Suite struct ScenarioAPITests {
  func versionCount(_ workspace: TestWorkspace) throws -> Int {
    try workspace.database.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM version") ?? 0 }
  }

  @Test func listReadSavePublish() async throws {
    let workspace = try TestWorkspace(seed: true)
    try await workspace.test(as: .city) { client async throws in
      let list = try await client.request(.get, "/api/scenarios")
      #expect(list.status == .ok)
      let items = try list.jsonArray()
      #expect(items.count == 1)
      #expect(items.first?["name"] as? String == "yangzhou-2022")
      #expect(items.first?["title"] as? String == "扬州市 2022 年发展团员计划")
      #expect(items.first?["versionCount"] as? Int == 1)
      let latest = try #require(items.first?["latest"] as? [String: Any])
      #expect(latest["number"] as? Int == 1)
      #expect(latest["outcome"] as? String == "planned")
      let scenarioID = Int64(try #require(items.first?["id"] as? Int))
      let versionID = Int64(try #require(latest["id"] as? Int))

      let version = try await client.request(.get, "/api/versions/\(versionID)")
      #expect(version.status == .ok)
      let detail = try version.json()
      #expect(detail["scenarioName"] as? String == "yangzhou-2022")
      #expect((detail["summary"] as? [String: Any])?["total"] as? Int == 6360)
      // The notice's defaults come in the policy's shape, category by category.
      let defaults = try #require(detail["defaults"] as? [String: Any])
      #expect(defaults["total"] as? Int == 6360)
      let defaultCategories = try #require(defaults["categories"] as? [Any])
      #expect(defaultCategories.count == 6)
      #expect((defaultCategories[1] as? [String: Any])?["id"] as? String == "senior_high")

      let plan = try await client.request(.get, "/api/versions/\(versionID)/plan")
      #expect(plan.status == .ok)
      #expect(plan.headers[.contentType]?.hasPrefix("application/json") == true)

      // Save: version 2, planned; the scenario lists it first.
      let policy = try await client.policy(version: versionID)
      let saved = try await client.save(scenario: scenarioID, expected: 1, policy.seniorCap25)
      #expect(saved.status == .created, "\(saved.text)")
      let savedBody = try saved.json()
      #expect(savedBody["number"] as? Int == 2)
      #expect(savedBody["outcome"] as? String == "planned")
      #expect((savedBody["summary"] as? [String: Any])?["total"] as? Int == 5115)
      let version2 = Int64(try #require(savedBody["versionId"] as? Int))
      let scenario = try await client.request(.get, "/api/scenarios/\(scenarioID)")
      let versions = try #require(try scenario.json()["versions"] as? [[String: Any]])
      #expect(versions.map { $0["number"] as? Int } == [2, 1])
      #expect(versions.first?["createdBy"] as? String == "city")

      // Publish once; a second time is refused.
      let published = try await client.request(.post, "/api/versions/\(version2)/publish", json: ["name": "2022 年正式方案"])
      #expect(published.status == .ok, "\(published.text)")
      #expect(try published.json()["publishedName"] as? String == "2022 年正式方案")
      #expect(try published.json()["publishedBy"] as? String == "city")
      let again = try await client.request(.post, "/api/versions/\(version2)/publish", json: ["name": "再次发布"])
      #expect(again.status == .conflict)
      #expect(again.errorCode == "already_published")
      // Saving over a published version adds the next one; the published one stays.
      let after = try await client.save(scenario: scenarioID, expected: 2, policy.seniorCap25.titled("第三版"))
      #expect(after.status == .created)
      #expect(try after.json()["number"] as? Int == 3)
      let stillPublished = try await client.request(.get, "/api/versions/\(version2)")
      #expect(try stillPublished.json()["publishedName"] as? String == "2022 年正式方案")

      // The audit log has the seed, the saves and the publication, newest first.
      let audit = try await client.request(.get, "/api/audit?target=scenario:\(scenarioID)")
      #expect(audit.status == .ok)
      let actions = try audit.jsonArray().compactMap { $0["action"] as? String }
      #expect(actions == ["settings_save", "publish", "settings_save", "seed"])
      let save = try audit.jsonArray().last { $0["action"] as? String == "settings_save" }
      #expect((save?["before"] as? String)?.contains("categories.senior_high.caps.R5.ratio=0.3") == true)
      #expect((save?["after"] as? String)?.contains("categories.senior_high.caps.R5.ratio=0.25") == true)
    }
  }

  @Test func staleSaveIsRefusedAndNothingStored() async throws {
    let workspace = try TestWorkspace(seed: true)
    try await workspace.test(as: .city) { client async throws in
      let policy = try await client.policy(version: 1)
      #expect(try await client.save(scenario: 1, expected: 1, policy.titled("甲")).status == .created)
      // A second page still showing version 1 saves: refused, with the current number.
      let stale = try await client.save(scenario: 1, expected: 1, policy.titled("乙"))
      #expect(stale.status == .conflict)
      #expect(stale.errorCode == "stale")
      let error = try #require(try stale.json()["error"] as? [String: Any])
      #expect(error["currentVersion"] as? Int == 2)
      #expect((error["message"] as? String)?.contains("第 2 版") == true)
      #expect(try versionCount(workspace) == 2)
      let english = try await client.request(
        .put, "/api/scenarios/1/settings?lang=en", json: SettingsBody(expectedVersion: 1, policy: policy))
      #expect(((try english.json()["error"] as? [String: Any])?["message"] as? String)?.contains("version 2") == true)
    }
  }

  @Test func invalidSettingsAreRefusedWithTheirPath() async throws {
    let workspace = try TestWorkspace(seed: true)
    try await workspace.test(as: .city) { client async throws in
      let policy = try await client.policy(version: 1)
      let cap = try await client.save(scenario: 1, expected: 1, policy.seniorCap(3.0))
      #expect(cap.status == .unprocessableContent)
      #expect(cap.errorCode == "invalid_settings")
      let problems = try #require((try cap.json()["error"] as? [String: Any])?["problems"] as? [[String: Any]])
      #expect(problems.first?["setting"] as? String == "categories.senior_high.caps.R5.ratio")
      #expect(problems.first?["rule"] as? String == "R5")
      #expect((problems.first?["message"] as? String)?.contains("普通高中 · 团青比上限 R5（1、2 年级）须在 0 到 1 之间（现为 3.0）") == true)
      let message = (try cap.json()["error"] as? [String: Any])?["message"] as? String
      #expect(message == "设置“普通高中 · 团青比上限 R5（1、2 年级）”须在 0 到 1 之间（现为 3.0），未保存任何更改。")

      var negative = policy
      negative.total = -5
      let total = try await client.save(scenario: 1, expected: 1, negative)
      #expect(total.status == .unprocessableContent)
      let totalProblems = try #require((try total.json()["error"] as? [String: Any])?["problems"] as? [[String: Any]])
      #expect(totalProblems.first?["setting"] as? String == "total")
      #expect((totalProblems.first?["message"] as? String)?.hasPrefix("全市总量（R1）须为 0 至 99,999,999 的整数（现为 -5）") == true)

      var vocational = policy
      let index = vocational.categories.firstIndex { $0.id == "secondary_vocational" }!
      vocational.categories[index].caps[1].ratio = -0.1
      let repeated = try await client.save(scenario: 1, expected: 1, vocational)
      let repeatedProblems = try #require((try repeated.json()["error"] as? [String: Any])?["problems"] as? [[String: Any]])
      #expect(repeatedProblems.first?["setting"] as? String == "categories.secondary_vocational.caps.R7-g2.ratio")

      // Not the engine's JSON: 400 naming where.
      let broken = try await client.request(.put, "/api/scenarios/1/settings", rawJSON: #"{"expectedVersion": 1, "policy": {"total": "many"}}"#)
      #expect(broken.status == .badRequest)
      #expect(try versionCount(workspace) == 1)
    }
  }

  @Test func versionRowsNeverChange() async throws {
    let workspace = try TestWorkspace(seed: true)
    let city = try workspace.addUser("city", role: .city)
    #expect(throws: DatabaseError.self) {
      try workspace.database.pool.write { db in try db.execute(sql: "UPDATE version SET policy_json = '{}' WHERE id = 1") }
    }
    #expect(throws: DatabaseError.self) {
      try workspace.database.pool.write { db in try db.execute(sql: "UPDATE version SET outcome = 'failed' WHERE id = 1") }
    }
    #expect(throws: DatabaseError.self) { try workspace.database.pool.write { db in try db.execute(sql: "DELETE FROM version") } }
    _ = try await workspace.services.plans.publish(version: 1, name: "正式", by: city)
    #expect(throws: DatabaseError.self) {
      try workspace.database.pool.write { db in try db.execute(sql: "UPDATE version SET published_name = 'forged' WHERE id = 1") }
    }
    let name = try await workspace.database.pool.read { db in try String.fetchOne(db, sql: "SELECT published_name FROM version WHERE id = 1") }
    #expect(name == "正式")
  }

  @Test func reviewersAndCountiesSeePublishedVersionsOnly() async throws {
    let workspace = try TestWorkspace(seed: true)
    try await workspace.test(as: .reviewer) { client async throws in
      #expect(try await client.request(.get, "/api/scenarios").jsonArray().isEmpty)
      #expect(try await client.request(.get, "/api/scenarios/1").status == .notFound)
      #expect(try await client.request(.get, "/api/versions/1").status == .notFound)
      #expect(try await client.request(.get, "/api/versions/1/files/plan.csv").status == .notFound)
      #expect(try await client.request(.post, "/api/versions/1/publish", json: ["name": "x"]).status == .forbidden)
    }
    try await workspace.test(as: .admin) { client async throws in
      #expect(try await client.request(.get, "/api/scenarios").status == .forbidden)
      #expect(try await client.request(.get, "/api/audit").status == .ok)
    }
    let city = try workspace.addUser("city", role: .city)
    let policy = try await workspace.services.plans.scenario(version: 1).policy
    _ = try await workspace.services.plans.saveSettings(scenario: 1, expectedVersion: 1, policy: policy.titled("第二版"), by: city)
    _ = try await workspace.services.plans.publish(version: 1, name: "正式方案", by: city)
    for role in [Role.reviewer, .county] {
      try await workspace.test(as: role) { client async throws in
        let items = try await client.request(.get, "/api/scenarios").jsonArray()
        #expect(items.count == 1)
        // The newest version the reviewer may see is the published one, not version 2.
        #expect((items.first?["latest"] as? [String: Any])?["number"] as? Int == 1)
        #expect(items.first?["versionCount"] as? Int == 1)
        #expect(try await client.request(.get, "/api/versions/1").status == .ok)
        #expect(try await client.request(.get, "/api/versions/2").status == .notFound)
        // Whole-city files are the city's and the reviewers'; a county downloads its own (CountyIsolationTests).
        #expect(try await client.request(.get, "/api/versions/1/files/plan.csv").status == (role == .county ? .notFound : .ok))
      }
    }
  }

  @Test func aWhatIfShowsWhatDiffersFromItsBase() async throws {
    let workspace = try TestWorkspace(seed: true)
    try await workspace.test(as: .city) { client async throws in
      let created = try await client.request(.post, "/api/scenarios", json: WhatIfBody(name: "高中上限 25%", fromScenario: 1, whatIf: true))
      #expect(created.status == .created, "\(created.text)")
      let scenarioID = Int64(try #require(try created.json()["scenarioId"] as? Int))
      let versionID = Int64(try #require(try created.json()["versionId"] as? Int))
      let taken = try await client.request(.post, "/api/scenarios", json: WhatIfBody(name: "高中上限 25%", fromScenario: 1, whatIf: true))
      #expect(taken.status == .conflict)
      #expect(taken.errorCode == "name_taken")
      let badName = try await client.request(.post, "/api/scenarios", json: WhatIfBody(name: "a\u{7}b", fromScenario: 1, whatIf: false))
      #expect(badName.status == .unprocessableContent)
      let missing = try await client.request(.post, "/api/scenarios", json: WhatIfBody(name: "x", fromScenario: 99, whatIf: false))
      #expect(missing.status == .notFound)

      let first = try await client.request(.get, "/api/versions/\(versionID)").json()
      #expect((first["base"] as? [String: Any])?["name"] as? String == "yangzhou-2022")
      #expect((first["differences"] as? [Any])?.isEmpty == true)
      #expect((first["dataDifferences"] as? [String: Any])?["schoolsChanged"] as? Int == 0)

      let policy = try await client.policy(version: versionID)
      #expect(policy.name == "高中上限 25%")
      let saved = try await client.save(scenario: scenarioID, expected: 1, policy.seniorCap25)
      let version2 = Int64(try #require(try saved.json()["versionId"] as? Int))
      let detail = try await client.request(.get, "/api/versions/\(version2)").json()
      let differences = try #require(detail["differences"] as? [[String: Any]])
      #expect(
        Set(differences.compactMap { $0["setting"] as? String })
          == ["total", "categories.senior_high.total", "categories.senior_high.caps.R5.ratio"])
      let cap = try #require(differences.first { $0["setting"] as? String == "categories.senior_high.caps.R5.ratio" })
      #expect(cap["base"] as? Double == 0.3)
      #expect(cap["value"] as? Double == 0.25)
      #expect(cap["label"] as? String == "普通高中 · 团青比上限 R5（1、2 年级）")
      let list = try await client.request(.get, "/api/scenarios").jsonArray()
      #expect(list.first { $0["id"] as? Int == Int(scenarioID) }?["baseName"] as? String == "yangzhou-2022")
    }
    // The copy shares the seed's data: one dataset row.
    let datasets = try await workspace.database.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM dataset") }
    #expect(datasets == 1)
  }

  @Test func aConflictHasNoPlanButANearestOne() async throws {
    let workspace = try TestWorkspace(seed: true)
    try await workspace.test(as: .city) { client async throws in
      // R5 at 25 % leaves senior high room for 255, but its total stays 1500.
      let policy = try await client.policy(version: 1)
      let saved = try await client.save(scenario: 1, expected: 1, policy.seniorCap(0.25))
      #expect(saved.status == .created)
      #expect(try saved.json()["outcome"] as? String == "conflict")
      #expect((try saved.json()["message"] as? String)?.contains("硬性规则无法同时满足") == true)
      let plan = try await client.request(.get, "/api/versions/2/plan")
      #expect(plan.status == .conflict)
      #expect(plan.errorCode == "conflict")
      #expect((try plan.json()["error"] as? [String: Any])?["nearestAvailable"] as? Bool == true)
      let nearest = try await client.request(.get, "/api/versions/2/nearest")
      #expect(nearest.status == .ok)
      #expect(((try nearest.json()["broken_rules"] as? [Any])?.isEmpty) == false)
      let marker = try await client.request(.get, "/api/versions/2/files/BROKEN_RULES.txt?nearest=1")
      #expect(marker.status == .ok)
      #expect(marker.text.hasPrefix("此方案违反硬性规则"))
      #expect(try await client.request(.get, "/api/versions/2/files/plan.csv").status == .conflict)
      #expect(try await client.request(.get, "/api/versions/1/nearest").status == .notFound)
      let publish = try await client.request(.post, "/api/versions/2/publish", json: ["name": "冲突方案"])
      #expect(publish.status == .conflict)
      #expect(publish.errorCode == "not_planned")
      #expect(try await client.request(.get, "/api/versions/2").json()["nearestAvailable"] as? Bool == true)
    }
  }

  /// Settings that drop a district or category the data still uses are refused: the plan
  /// would otherwise leave those schools out unseen.
  @Test func settingsMustFitTheData() async throws {
    let workspace = try TestWorkspace(seed: true)
    try await workspace.test(as: .city) { client async throws in
      let policy = try await client.policy(version: 1)
      var noFiveYear = policy
      noFiveYear.categories.removeAll { $0.id == "five_year_higher_vocational" }
      noFiveYear.total -= 120
      var noDistrict = policy
      noDistrict.districts.removeLast()
      var emptyDistricts = policy
      emptyDistricts.districts = []
      var noSocial = policy
      noSocial.categories.removeAll { $0.kind == .social }
      noSocial.total -= 280
      for (odd, setting, words) in [
        (noFiveYear, "categories", "类别中缺少“五年制高职”：数据中有 4 所学校"), (noDistrict, "districts", "区县及顺序中缺少“市直”"),
        (emptyDistricts, "districts", "区县及顺序中缺少“广陵区”"), (noSocial, "categories", "类别中缺少社会领域"),
      ] {
        let response = try await client.save(scenario: 1, expected: 1, odd)
        #expect(response.status == .unprocessableContent, "\(setting): \(response.status)")
        #expect(response.errorCode == "invalid_settings")
        let problems = (try response.json()["error"] as? [String: Any])?["problems"] as? [[String: Any]] ?? []
        #expect(problems.first?["setting"] as? String == setting)
        #expect((problems.first?["message"] as? String)?.hasPrefix(words) == true, "\(problems.first?["message"] ?? "")")
      }
      #expect(try versionCount(workspace) == 1)
    }
  }

  @Test func changesNeedTheSessionsToken() async throws {
    let workspace = try TestWorkspace(seed: true)
    try await workspace.test(as: .city) { client async throws in
      let policy = try await client.policy(version: 1)
      let response = try await client.request(
        .put, "/api/scenarios/1/settings", json: SettingsBody(expectedVersion: 1, policy: policy), csrf: false)
      #expect(response.status == .forbidden)
      #expect(response.errorCode == "csrf")
      #expect(try versionCount(workspace) == 1)
    }
  }

  @Test func anEmptyWorkspaceStartsWithoutTheMissingSeed() throws {
    let workspace = try TestWorkspace()
    try workspace.services.plans.seedIfEmpty(from: "/nonexistent/quotaplan-seed")
    #expect(try workspace.database.pool.read { db in try ScenarioStore.count(db) } == 0)
    try workspace.services.plans.seedIfEmpty(from: TestWorkspace.yangzhou.path)
    try workspace.services.plans.seedIfEmpty(from: TestWorkspace.yangzhou.path)
    #expect(try workspace.database.pool.read { db in try ScenarioStore.count(db) } == 1)
    let actions = try workspace.database.pool.read { db in try String.fetchAll(db, sql: "SELECT action FROM audit_log") }
    #expect(actions == ["seed"])
  }

  /// How long a save of Yangzhou takes in-process: check, plan, store (printed, not asserted).
  @Test func saveTiming() async throws {
    let workspace = try TestWorkspace(seed: true)
    let city = try workspace.addUser("city", role: .city)
    let policy = try await workspace.services.plans.scenario(version: 1).policy
    var timings: [Double] = []
    for (number, title) in ["第二版", "第三版", "第四版"].enumerated() {
      let start = DispatchTime.now().uptimeNanoseconds
      let saved = try await workspace.services.plans.saveSettings(
        scenario: 1, expectedVersion: number + 1, policy: policy.seniorCap25.titled(title), by: city)
      timings.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
      #expect(saved.outcome == .planned)
    }
    print("save (check + plan + store) of Yangzhou 2022, ms: \(timings.map { String(format: "%.0f", $0) }.joined(separator: ", "))")
    // A conflict answers at once; its nearest plan is computed afterwards, in the background.
    let start = DispatchTime.now().uptimeNanoseconds
    let conflict = try await workspace.services.plans.saveSettings(scenario: 1, expectedVersion: 4, policy: policy.seniorCap(0.25), by: city)
    #expect(conflict.outcome == .conflict)
    print("save of a conflicting Yangzhou 2022 (nearest plan left to the background), ms: \(String(format: "%.0f", Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6))")
  }
}

struct WhatIfBody: Encodable, Sendable {
  var name: String
  var fromScenario: Int64
  var whatIf: Bool
}
