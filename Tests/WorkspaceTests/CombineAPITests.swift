import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Logging
import QuotaPlan
import Testing
import ZIPFoundation
@testable import Workspace

/// Combining approved refinements into the final plan, and the downloads, over HTTP.
@Suite struct CombineAPITests {
  /// What `quotaplan combine` writes for the version's city plan and these refined districts,
  /// through the library and real folders: the city folder as `solve` writes it, each refined
  /// folder as `refine` writes it, read back with `PlanFolder.load`.
  static func libraryCombine(_ fixture: ReviewFixture, _ refined: [RefinementStore.Item]) async throws -> [String: Data] {
    let scenario = try await fixture.services.plans.scenario(version: 1)
    var data: [ScenarioStore.Dataset] = []
    for item in refined { data.append(try await fixture.services.refinements.data(item)) }
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("qp-combine-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    func write(_ files: [(name: String, data: Data)], to folder: URL) throws {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      for file in files { try file.data.write(to: folder.appendingPathComponent(file.name)) }
    }
    let cityFolder = root.appendingPathComponent("city")
    try write(try PlanWriter.files(try Planner.plan(scenario)), to: cityFolder)
    let city = try PlanFolder.load(cityFolder.path)
    var folders: [PlanFolder] = []
    for (index, item) in refined.enumerated() {
      let refinement = try Refinement.refine(city, district: item.district, data: data[index].schools, pins: item.pins)
      let folder = root.appendingPathComponent("refined-\(index)")
      try write(try RefinementOutput.files(refinement), to: folder)
      folders.append(try PlanFolder.load(folder.path))
    }
    let combined = try Combination.combine(city, refined: folders)
    return Dictionary(
      try RefinementOutput.files(combined: combined.plan, subRanges: combined.subRanges).map { ($0.name, $0.data) }, uniquingKeysWith: { a, _ in a })
  }

  /// Two approved districts (宝应县 with a pin, 高邮市 with new data) and one submitted (广陵区).
  static func approvedPair(_ fixture: ReviewFixture) async throws -> (baoying: RefinementStore.Item, gaoyou: RefinementStore.Item, guangling: RefinementStore.Item) {
    let baoying = try await fixture.approve(try await fixture.submit(try await fixture.pin(try await fixture.start("宝应县"))))
    let gaoyou = try await fixture.approve(try await fixture.submit(try await fixture.newData(try await fixture.start("高邮市"))))
    let guanglingUser = try fixture.workspace.addUser("guangling", role: .county, district: "广陵区")
    let started = try await fixture.services.refinements.start(version: 1, district: "广陵区", from: nil, by: guanglingUser)
    let guangling = try await fixture.workspace.database.pool.write { db in
      try RefinementStore.setStatus(db, id: started.id, from: [.draft], to: .submitted, expectedRevision: started.revision, by: guanglingUser, eventKind: .submit)
    }
    return (baoying, gaoyou, guangling)
  }

  static func combine(_ client: APIClient) async throws -> Int64 {
    let response = try await client.request(.post, "/api/versions/1/combine")
    #expect(response.status == .created, "\(response.text)")
    return Int64(try #require(try response.json()["combinationId"] as? Int))
  }

  @Test func combineIsTheLibrarysCombineAndKeepsItsBytes() async throws {
    let fixture = try await ReviewFixture()
    let (baoying, gaoyou, _) = try await Self.approvedPair(fixture)
    let expected = try await Self.libraryCombine(fixture, [baoying, gaoyou])
    #expect(Set(expected.keys) == Set(PlanWriter.fileNames))
    let cityPlan = try Planner.plan(try await fixture.services.plans.scenario(version: 1))
    try await fixture.workspace.test(as: .city) { client async throws in
      let id = try await Self.combine(client)
      // The stored row took the approved revisions only (广陵区 is submitted, not approved).
      let summary = try await client.request(.get, "/api/combinations/\(id)")
      #expect(summary.status == .ok, "\(summary.text)")
      let taken = try #require(try summary.json()["refinements"] as? [[String: Any]])
      #expect(taken.compactMap { $0["district"] as? String } == ["高邮市", "宝应县"])
      #expect(taken.compactMap { $0["revision"] as? Int } == [gaoyou.revision, baoying.revision])
      // Same totals and ranges as the city's plan.
      #expect(try summary.json()["total"] as? Int == cityPlan.total)
      let rows = try #require(try summary.json()["allocation"] as? [[String: Any]])
      #expect(rows.count == cityPlan.allocation.count)
      for (row, city) in zip(rows, cityPlan.allocation) {
        #expect(row["quota"] as? Int == city.quota)
        #expect(row["firstNumber"] as? Int == (city.quota > 0 ? city.firstNumber : nil))
      }
      // Every file equals quotaplan combine's, and the same bytes come every time.
      for name in PlanWriter.fileNames {
        let file = try await client.request(.get, "/api/combinations/\(id)/files/\(name)")
        #expect(file.status == .ok, "\(name): \(file.text.prefix(300))")
        #expect(file.data == expected[name], "\(name) differs from quotaplan combine")
        #expect(try await client.request(.get, "/api/combinations/\(id)/files/\(name)").data == file.data)
      }
      #expect(try await client.request(.get, "/api/combinations/\(id)/files/..%2Fworkspace.sqlite").status == .notFound)
      // The combined plan's allocation is the city's, with the refined schools' sub-ranges.
      let plan = try JSONSerialization.jsonObject(with: try #require(expected["plan.json"])) as? [String: Any]
      let cityJSON = try JSONSerialization.jsonObject(with: try PlanWriter.planJSON(cityPlan)) as? [String: Any]
      #expect((plan?["allocation"] as? NSArray) == (cityJSON?["allocation"] as? NSArray))
      let allocation = String(decoding: try #require(expected["allocation.csv"]), as: UTF8.self)
      let pinned = try #require(baoying.pins.first)
      #expect(allocation.contains("宝应县,初中,\(pinned.school),"))
    }
    // Recomputed from the stored revisions by a fresh service (no cache), after the county's
    // refinement has been returned and changed: the same bytes.
    let combinationID = try await fixture.workspace.database.pool.read { db in try Int64.fetchOne(db, sql: "SELECT max(id) FROM combination") } ?? 0
    let returned = try await fixture.workspace.database.pool.write { db in
      try RefinementStore.setStatus(
        db, id: baoying.id, from: [.approved], to: .returned, expectedRevision: baoying.revision, by: fixture.city, eventKind: .return, text: "重报")
    }
    _ = try await fixture.newData(returned)
    var logger = Logger(label: "test")
    logger.logLevel = .critical
    let fresh = CombineService(
      database: fixture.workspace.database, plans: PlanService(database: fixture.workspace.database, logger: logger), logger: logger)
    let record = try #require(try await fixture.workspace.database.pool.read { db in try CombinationStore.combination(db, id: combinationID) })
    let again = try await fresh.files(of: record)
    for name in PlanWriter.fileNames { #expect(again[name] == expected[name], "\(name) changed when recomputed") }
  }

  /// The whole chain through the API only: the county refines and submits, the reviewer returns
  /// it with a comment, the county fixes and resubmits, the reviewer approves, the city combines,
  /// the county downloads its final split; the board and the audit log followed every step.
  @Test func theChainThroughTheAPI() async throws {
    let fixture = try await ReviewFixture()
    let city = try await fixture.services.refinements.city(version: 1)
    let school = try #require(city.plan.schoolPlans.first { $0.school.district == "宝应县" && $0.category.id == "junior_high" && $0.grades.contains { $0.quota >= 2 } })
    let grade = try #require(school.grades.first { $0.quota >= 2 })
    @Sendable func revision(_ response: TestResponse) throws -> Int {
      #expect(response.status == .ok || response.status == .created, "\(response.text)")
      return try #require(try response.json()["revision"] as? Int)
    }
    @Sendable func pins(_ quota: Int, _ revision: Int) -> [String: AnyJSON] {
      [
        "expectedRevision": .int(revision),
        "pins": .array([.object(["school": .string(school.school.name), "grade": .int(grade.record.grade), "quota": .int(quota), "note": .string("已承诺")])]),
      ]
    }
    let started = try await fixture.workspace.value(as: "county") { client async throws -> (Int64, Int) in
      let start = try await client.request(.post, "/api/versions/1/refinements", json: [String: Int]())
      let id = Int64(try #require(try start.json()["id"] as? Int))
      var current = try revision(start)
      current = try revision(try await client.request(.put, "/api/refinements/\(id)/pins", json: pins(grade.quota - 1, current)))
      current = try revision(try await client.request(.post, "/api/refinements/\(id)/submit", json: ["expectedRevision": current]))
      return (id, current)
    }
    let id = started.0
    var current = started.1
    current = try await fixture.workspace.value(as: "reviewer") { [current] client async throws -> Int in
      try revision(
        try await client.request(.post, "/api/refinements/\(id)/return", json: ["expectedRevision": AnyEncodable(current), "comment": "请按秋季报表核对"]))
    }
    current = try await fixture.workspace.value(as: "county") { [current] client async throws -> Int in
      let detail = try await client.request(.get, "/api/refinements/\(id)")
      #expect(detail.text.contains("请按秋季报表核对"))
      let fixed = try revision(try await client.request(.put, "/api/refinements/\(id)/pins", json: pins(grade.quota, current)))
      return try revision(try await client.request(.post, "/api/refinements/\(id)/submit", json: ["expectedRevision": fixed]))
    }
    try await fixture.workspace.test(as: .reviewer) { [current] client async throws in
      _ = try revision(try await client.request(.post, "/api/refinements/\(id)/approve", json: ["expectedRevision": current]))
    }
    let combination = try await fixture.workspace.value(as: "city") { client async throws -> Int64 in
      let rows = try #require(try await client.request(.get, "/api/versions/1/board").json()["districts"] as? [[String: Any]])
      #expect(rows.first { $0["district"] as? String == "宝应县" }?["status"] as? String == "approved")
      return try await Self.combine(client)
    }
    try await fixture.workspace.test(as: .county) { client async throws in
      let final = try await client.request(.get, "/api/combinations/\(combination)/district/final.csv")
      #expect(final.status == .ok)
      #expect(final.text.contains("宝应县,初中,\(school.school.name),\(grade.record.grade),\(grade.quota),"))
      let actions = try await client.request(.get, "/api/audit?limit=5000").jsonArray().compactMap { $0["action"] as? String }
      #expect(
        Array(actions.reversed()) == [
          "refinement_start", "refinement_pins", "refinement_submit", "refinement_return", "refinement_pins", "refinement_submit",
          "refinement_approve",
        ], "\(actions)")
    }
  }

  @Test func aCombinationThatBreaksARuleIsRefusedInWords() async throws {
    let fixture = try await ReviewFixture()
    var item = try await fixture.start("宝应县")
    let city = try await fixture.services.refinements.city(version: 1)
    let school = try #require(city.plan.schoolPlans.first { $0.school.district == "宝应县" && $0.category.id == "junior_high" })
    // A pin far above the envelope: the refinement does not plan. Forced to approved behind the
    // product's back (the county could not submit it), combining says which rule breaks.
    item = try await fixture.services.refinements.edit(
      item, expectedRevision: item.revision, schools: nil, pins: [Pin(school: school.school.name, exactly: 100_000)], by: fixture.baoying,
      action: "refinement_pins", before: nil, after: nil)
    #expect(item.outcome == .conflict)
    _ = try await fixture.approve(try await fixture.submit(item))
    try await fixture.workspace.test(as: .city) { client async throws in
      let refused = try await client.request(.post, "/api/versions/1/combine")
      #expect(refused.status == .unprocessableContent, "\(refused.text)")
      #expect(refused.errorCode == "combine_breaks_rules")
      #expect(refused.text.contains("硬性规则"))
      #expect(refused.text.contains("宝应县"))
    }
    #expect(try await fixture.workspace.database.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM combination") } == 0)
  }

  @Test func combineRefusesWhatIsNotApprovedHere() async throws {
    let fixture = try await ReviewFixture()
    try await fixture.workspace.test(as: .city) { client async throws in
      let nothing = try await client.request(.post, "/api/versions/1/combine")
      #expect(nothing.status == .conflict)
      #expect(nothing.errorCode == "nothing_approved")
      #expect(nothing.text.contains("审核通过"))
    }
    // A refinement of version 1 is approved; version 2 is published after it: combining version 2 takes nothing from version 1.
    _ = try await fixture.approve(try await fixture.submit(try await fixture.start("宝应县")))
    let policy = try await fixture.services.plans.scenario(version: 1).policy
    _ = try await fixture.services.plans.saveSettings(scenario: 1, expectedVersion: 1, policy: policy.titled("第二版"), by: fixture.city)
    try await fixture.workspace.test(as: .city) { client async throws in
      let unpublished = try await client.request(.post, "/api/versions/2/combine")
      #expect(unpublished.status == .conflict)
      #expect(unpublished.errorCode == "not_published")
      _ = try await client.request(.post, "/api/versions/2/publish", json: ["name": "第二版"])
      let newer = try await client.request(.post, "/api/versions/2/combine")
      #expect(newer.status == .conflict)
      #expect(newer.errorCode == "nothing_approved")
      #expect(try await client.request(.post, "/api/versions/99/combine").status == .notFound)
      #expect(try await client.request(.post, "/api/versions/1/combine").status == .created)
    }
    for role in [Role.reviewer, .county, .admin] {
      try await fixture.workspace.test(as: role) { client async throws in
        #expect(try await client.request(.post, "/api/versions/1/combine").status == .forbidden)
      }
    }
    let entries = try await fixture.workspace.database.pool.read { db in try AuditLog.entries(db) }.filter { $0.action == "combine" }
    #expect(entries.count == 1)
    #expect(entries.first?.versionID == 1)
    #expect(entries.first?.after?.contains("宝应县") == true)
  }

  @Test func eachDistrictDownloadsItsOwnFinalSplit() async throws {
    let fixture = try await ReviewFixture()
    _ = try await Self.approvedPair(fixture)
    let cityPlan = try Planner.plan(try await fixture.services.plans.scenario(version: 1))
    let id = try await fixture.services.combinations.combine(version: 1, by: fixture.city).id
    let record = try #require(try await fixture.workspace.database.pool.read { db in try CombinationStore.combination(db, id: id) })
    let combinedFiles = try await fixture.services.combinations.files(of: record)
    let combinedAllocation = String(decoding: try #require(combinedFiles["allocation.csv"]), as: UTF8.self)
    try await fixture.workspace.test(as: .county) { client async throws in
      let csv = try await client.request(.get, "/api/combinations/\(id)/district/final.csv")
      #expect(csv.status == .ok, "\(csv.text)")
      #expect(csv.data.starts(with: [0xEF, 0xBB, 0xBF]))
      #expect(csv.headers[.contentDisposition]?.contains("final") == true)
      let lines = csv.text.dropFirst().split(separator: "\r\n").map(String.init)
      #expect(lines.first == "district,category,unit,grade,quota,first_number,last_number")
      let rows = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
      #expect(rows.allSatisfy { $0.first == "宝应县" })
      // No other district's school appears.
      let others = Set(cityPlan.schoolPlans.filter { $0.school.district != "宝应县" }.map(\.school.name))
        .subtracting(cityPlan.schoolPlans.filter { $0.school.district == "宝应县" }.map(\.school.name))
      #expect(!rows.contains { others.contains($0[2]) })
      // Each range row's quota is the city's, its units' quotas add up to it, and their
      // sub-ranges tile it; the refined schools' sub-ranges are those of the combined allocation.csv.
      for envelope in cityPlan.allocation where envelope.district == "宝应县" {
        let range = try #require(rows.first { $0[1] == envelope.category && $0[2].isEmpty })
        #expect(Int(range[4]) == envelope.quota)
        let units = rows.filter { $0[1] == envelope.category && !$0[2].isEmpty && $0[3].isEmpty }
        #expect(units.reduce(0) { $0 + (Int($1[4]) ?? 0) } == envelope.quota, "\(envelope.category)")
        var next = envelope.firstNumber
        for unit in units where (Int(unit[4]) ?? 0) > 0 {
          #expect(Int(unit[5]) == next, "\(unit)")
          next += Int(unit[4]) ?? 0
          #expect(Int(unit[6]) == next - 1)
          #expect(combinedAllocation.contains("宝应县,\(envelope.category),\(unit[2]),\(unit[4]),\(unit[5]),\(unit[6])"), "\(unit)")
        }
      }
      // The workbook holds the same table, member numbers as text (all 12 digits shown).
      let xlsx = try await client.request(.get, "/api/combinations/\(id)/district/final.xlsx")
      #expect(xlsx.status == .ok)
      let archive = try Archive(data: xlsx.data, accessMode: .read)
      var strings = Data()
      _ = try archive.extract(try #require(archive["xl/sharedStrings.xml"])) { strings.append($0) }
      let shared = String(decoding: strings, as: UTF8.self)
      let first = try #require(rows.first { !$0[5].isEmpty }?[5])
      #expect(first.count == 12)
      #expect(shared.contains("<t>\(first)</t>") || shared.contains(">\(first)<"))
      #expect(try await client.request(.get, "/api/combinations/\(id)/district/final.xlsx").data == xlsx.data)
      // Another district's split, the whole folder, and unknown names: not for a county.
      #expect(try await client.request(.get, "/api/combinations/\(id)/district/final.csv?district=\(query("高邮市"))").status == .notFound)
      #expect(try await client.request(.get, "/api/combinations/\(id)/files/plan.csv").status == .forbidden)
      #expect(try await client.request(.get, "/api/combinations/\(id)/district/plan.csv").status == .notFound)
      // Its summary: the city totals and its own district only.
      let summary = try await client.request(.get, "/api/combinations/\(id)").json()
      let allocation = try #require(summary["allocation"] as? [[String: Any]])
      #expect(!allocation.isEmpty && allocation.allSatisfy { $0["district"] as? String == "宝应县" })
      #expect((summary["refinements"] as? [[String: Any]])?.compactMap { $0["district"] as? String } == ["宝应县"])
      #expect(summary["files"] == nil)
      #expect(summary["total"] as? Int == cityPlan.total)
    }
    try await fixture.workspace.test(as: .reviewer) { client async throws in
      #expect(try await client.request(.get, "/api/combinations/\(id)/district/final.csv").status == .badRequest)
      let gaoyou = try await client.request(.get, "/api/combinations/\(id)/district/final.csv?district=\(query("高邮市"))")
      #expect(gaoyou.status == .ok)
      #expect(gaoyou.text.contains("\r\n高邮市,"))
      #expect(!gaoyou.text.contains("宝应县"))
      #expect(try await client.request(.get, "/api/combinations/\(id)/district/final.csv?district=\(query("火星"))").status == .notFound)
      #expect(try await client.request(.get, "/api/combinations/\(id)/files/plan.xlsx").status == .ok)
    }
    try await fixture.workspace.test(as: .admin) { client async throws in
      #expect(try await client.request(.get, "/api/combinations/\(id)").status == .forbidden)
    }
    try await fixture.workspace.test(as: .city) { client async throws in
      #expect(try await client.request(.get, "/api/combinations/\(id + 1)").status == .notFound)
    }
  }
}

/// A JSON value for nested request bodies.
enum AnyJSON: Encodable, Sendable {
  case int(Int)
  case string(String)
  case array([AnyJSON])
  case object([String: AnyJSON])

  func encode(to encoder: Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .int(let value): try container.encode(value)
    case .string(let value): try container.encode(value)
    case .array(let value): try container.encode(value)
    case .object(let value): try container.encode(value)
    }
  }
}

extension TestWorkspace {
  /// Runs `body` with a client signed in as the existing account `name`, and gives back what it returns.
  func value<T: Sendable>(as name: String, _ body: @escaping @Sendable (APIClient) async throws -> T) async throws -> T {
    let app = Application(router: WorkspaceApp.router(services))
    return try await app.test(.router) { client in
      var api = APIClient(client: client)
      try await api.signIn(name)
      return try await body(api)
    }
  }
}
