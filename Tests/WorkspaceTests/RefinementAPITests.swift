import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QuotaPlan
import Testing
@testable import Workspace

/// A pin as the page sends it.
struct CountyPin: Encodable, Sendable {
  var school: String
  var category: String? = nil
  var grade: Int? = nil
  var min: Int? = nil
  var max: Int? = nil
  var quota: Int? = nil
  var note: String? = nil
}

struct CountyPins: Encodable, Sendable {
  var expectedRevision: Int
  var pins: [CountyPin]
}

struct CountyEdit: Encodable, Sendable {
  var school: String
  var category: String? = nil
  var grade: Int
  var classes: Int? = nil
  var students: Int? = nil
  var members: Int? = nil
}

struct CountyEdits: Encodable, Sendable {
  var expectedRevision: Int
  var edits: [CountyEdit]
}

struct CountyRevision: Encodable, Sendable {
  var expectedRevision: Int
}

/// The county workflow over HTTP: Yangzhou 2022 version 1 published; 宝应县 and 高邮市 each have a
/// county account; a city account and a reviewer.
struct CountyWorld: Sendable {
  let workspace: TestWorkspace
  let city: User

  init() async throws {
    workspace = try TestWorkspace(seed: true)
    city = try workspace.addUser("city", role: .city)
    try workspace.addUser("reviewer", role: .reviewer)
    try workspace.addUser("baoying", role: .county, district: "宝应县")
    try workspace.addUser("gaoyou", role: .county, district: "高邮市")
    _ = try await workspace.services.plans.publish(version: 1, name: "2022 年计划", by: city)
  }

  /// Runs `body` with one signed-in client per account.
  func clients(_ body: @Sendable (_ city: APIClient, _ baoying: APIClient, _ gaoyou: APIClient, _ reviewer: APIClient) async throws -> Void)
    async throws
  {
    try await workspace.test(as: nil) { anonymous in
      var city = APIClient(client: anonymous.client)
      try await city.signIn("city")
      var baoying = APIClient(client: anonymous.client)
      try await baoying.signIn("baoying")
      var gaoyou = APIClient(client: anonymous.client)
      try await gaoyou.signIn("gaoyou")
      var reviewer = APIClient(client: anonymous.client)
      try await reviewer.signIn("reviewer")
      try await body(city, baoying, gaoyou, reviewer)
    }
  }

  func auditCount() async throws -> Int {
    try await workspace.database.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_log") ?? 0 }
  }

  func audit(action: String) async throws -> [Row] {
    try await workspace.database.pool.read { db in
      try Row.fetchAll(db, sql: "SELECT * FROM audit_log WHERE action = ? ORDER BY id", arguments: [action])
    }
  }

  func row(_ id: Int64) async throws -> RefinementStore.Item {
    try #require(try await workspace.database.pool.read { db in try RefinementStore.refinement(db, id: id) })
  }
}

extension APIClient {
  /// Starts the signed-in county's refinement of `version`; its id.
  func startRefinement(version: Int64 = 1, from: Int64? = nil) async throws -> Int64 {
    let response = try await request(.post, "/api/versions/\(version)/refinements", rawJSON: from.map { #"{"fromRefinement": \#($0)}"# } ?? "{}")
    #expect(response.status == .created, "\(response.text)")
    return try #require(try response.json()["id"] as? Int).int64
  }

  func refinement(_ id: Int64) async throws -> [String: Any] {
    let response = try await request(.get, "/api/refinements/\(id)")
    #expect(response.status == .ok, "\(response.text)")
    return try response.json()
  }
}

extension Int {
  var int64: Int64 { Int64(self) }
}

/// Percent-encodes a query value.
private func encoded(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text }

@Suite(.serialized) struct RefinementAPITests {
  static let baoyingFolder = TestWorkspace.root.appendingPathComponent("scenarios/refine-baoying")

  @Test func theEnginesReasonsReadInChinese() {
    #expect(RefinementService.why("unchanged", .zh) == "未变")
    #expect(RefinementService.why("unchanged", .en) == "unchanged")
    #expect(RefinementService.why("pinned: 甲中学 grade 2 = 18 (已承诺)", .zh) == "县级承诺：甲中学 grade 2 = 18 (已承诺)")
    #expect(
      RefinementService.why("a pin elsewhere (甲中学 grade 2) and new data elsewhere (乙中学, 丙中学)", .zh)
        == "其他学校的承诺（甲中学 grade 2）；其他学校的新数据（乙中学, 丙中学）")
    #expect(RefinementService.why("new data elsewhere (乙中学 and 丁)", .zh) == "其他学校的新数据（乙中学 and 丁）")
    // Words the mapping does not know stay the engine's.
    #expect(RefinementService.why("something new", .zh) == "something new")
  }

  @Test func envelopeShowsACountyOnlyItsDistrict() async throws {
    let world = try await CountyWorld()
    try await world.clients { city, baoying, _, reviewer in
      let all = try await city.request(.get, "/api/versions/1/envelope")
      #expect(all.status == .ok, "\(all.text)")
      let allRows = try #require(try all.json()["rows"] as? [[String: Any]])
      let plan = try await world.workspace.services.plans.outcome(version: 1)
      guard case .planned(let cityPlan) = plan else { Issue.record("version 1 does not plan"); return }
      #expect(allRows.count == cityPlan.allocation.count)
      #expect(try all.json()["total"] as? Int == 6360)

      let own = try await baoying.request(.get, "/api/versions/1/envelope?district=\(encoded("高邮市"))")
      #expect(own.status == .ok)
      let rows = try #require(try own.json()["rows"] as? [[String: Any]])
      let expected = cityPlan.allocation.filter { $0.district == "宝应县" }
      #expect(rows.count == expected.count)
      #expect(rows.allSatisfy { $0["district"] as? String == "宝应县" })
      #expect(rows.map { $0["quota"] as? Int } == expected.map(\.quota))
      #expect(rows.map { $0["firstNumber"] as? Int } == expected.map { $0.quota > 0 ? $0.firstNumber : nil })
      #expect(!own.text.contains("高邮市"))
      // City totals per category are the city's.
      let categories = try #require(try own.json()["categories"] as? [[String: Any]])
      #expect(categories.reduce(0) { $0 + ($1["total"] as? Int ?? 0) } == 6360)

      let narrowed = try await reviewer.request(.get, "/api/versions/1/envelope?district=\(encoded("高邮市"))")
      #expect(try #require(try narrowed.json()["rows"] as? [[String: Any]]).allSatisfy { $0["district"] as? String == "高邮市" })
      #expect(try await reviewer.request(.get, "/api/versions/1/envelope?district=nowhere").status == .notFound)
    }
  }

  @Test func aCountyRefinesPinsEditsSubmitsAndWithdraws() async throws {
    let world = try await CountyWorld()
    try await world.clients { city, baoying, _, _ in
      let id = try await baoying.startRefinement()
      // One per version and district.
      let again = try await baoying.request(.post, "/api/versions/1/refinements", rawJSON: "{}")
      #expect(again.status == .conflict)
      #expect(again.errorCode == "exists")
      #expect(((try again.json()["error"] as? [String: Any])?["id"] as? Int)?.int64 == id)

      var detail = try await baoying.refinement(id)
      #expect(detail["status"] as? String == "draft")
      #expect(detail["revision"] as? Int == 1)
      #expect(detail["outcome"] as? String == "planned")
      #expect(detail["editable"] as? Bool == true && detail["submittable"] as? Bool == true)
      // The city's own data and no pins: nothing moves against the city's split.
      let impact = try #require(detail["impact"] as? [[String: Any]])
      #expect(!impact.isEmpty && impact.allSatisfy { $0["change"] as? Int == 0 && $0["why"] as? String == "未变" })
      try Self.checkSubRanges(detail)

      // A pin: at least 3 more than the city gives a junior-high school.
      let rows = try #require(detail["data"] as? [String: Any])["rows"] as? [[String: Any]] ?? []
      let junior = Dictionary(grouping: impact.filter { $0["category"] as? String == "初中" }, by: { $0["school"] as? String ?? "" })
      let cityQuota = { (school: String) in junior[school]?.reduce(0) { $0 + ($1["cityQuota"] as? Int ?? 0) } ?? 0 }
      let school = try #require(junior.keys.sorted().first { cityQuota($0) >= 4 })
      let pinned = try await baoying.request(
        .put, "/api/refinements/\(id)/pins",
        json: CountyPins(expectedRevision: 1, pins: [CountyPin(school: school, min: cityQuota(school) + 3, note: "已与学校约定")]))
      #expect(pinned.status == .ok, "\(pinned.text)")
      detail = try pinned.json()
      #expect(detail["revision"] as? Int == 2)
      #expect(detail["outcome"] as? String == "planned", "\(detail["message"] ?? "")")
      let pinnedImpact = try #require(detail["impact"] as? [[String: Any]]).filter { $0["school"] as? String == school }
      #expect(pinnedImpact.reduce(0) { $0 + ($1["refinedQuota"] as? Int ?? 0) } >= cityQuota(school) + 3)
      #expect(pinnedImpact.contains { ($0["why"] as? String)?.hasPrefix("县级承诺") == true })
      // The quota moved inside the district and category: the envelope holds.
      let envelope = try #require(detail["envelope"] as? [[String: Any]])
      #expect(envelope.allSatisfy { $0["refined"] as? Int == $0["quota"] as? Int })
      try Self.checkSubRanges(detail)
      let pins = try #require(detail["pins"] as? [[String: Any]])
      #expect(pins.count == 1 && pins[0]["min"] as? Int == cityQuota(school) + 3 && pins[0]["bounds"] as? String == "≥ \(cityQuota(school) + 3)")

      // A small edit of the data.
      let row = try #require(rows.first { $0["school"] as? String == school })
      let students = try #require(row["students"] as? Int)
      let edited = try await baoying.request(
        .patch, "/api/refinements/\(id)/schools",
        json: CountyEdits(expectedRevision: 2, edits: [CountyEdit(school: school, category: "初中", grade: row["grade"] as? Int ?? 1, students: students + 5)]))
      #expect(edited.status == .ok, "\(edited.text)")
      detail = try edited.json()
      #expect(detail["revision"] as? Int == 3)
      let newRows = try #require(detail["data"] as? [String: Any])["rows"] as? [[String: Any]] ?? []
      #expect(newRows.first { $0["school"] as? String == school && $0["grade"] as? Int == row["grade"] as? Int }?["students"] as? Int == students + 5)

      // Submit; a submitted refinement cannot be edited; withdraw makes it a draft again.
      let submitted = try await baoying.request(.post, "/api/refinements/\(id)/submit", json: CountyRevision(expectedRevision: 3))
      #expect(submitted.status == .ok, "\(submitted.text)")
      #expect(try submitted.json()["status"] as? String == "submitted")
      #expect(try submitted.json()["withdrawable"] as? Bool == true)
      #expect(try submitted.json()["submittedAt"] as? String != nil)
      let locked = try await baoying.request(.put, "/api/refinements/\(id)/pins", json: CountyPins(expectedRevision: 4, pins: []))
      #expect(locked.status == .conflict)
      #expect(locked.errorCode == "not_editable")
      #expect(locked.text.contains("撤回"))
      let twice = try await baoying.request(.post, "/api/refinements/\(id)/submit", json: CountyRevision(expectedRevision: 4))
      #expect(twice.status == .conflict && twice.errorCode == "wrong_status")
      let withdrawn = try await baoying.request(.post, "/api/refinements/\(id)/withdraw", json: CountyRevision(expectedRevision: 4))
      #expect(withdrawn.status == .ok, "\(withdrawn.text)")
      #expect(try withdrawn.json()["status"] as? String == "draft")
      #expect(try withdrawn.json()["revision"] as? Int == 5)
      #expect(try withdrawn.json()["submittedAt"] == nil || (try withdrawn.json()["submittedAt"] is NSNull))

      // A comment from the city; the history in order.
      let comment = try await city.request(.post, "/api/refinements/\(id)/comments", json: ["text": "请说明 <script>alert(1)</script> 的依据"])
      #expect(comment.status == .created, "\(comment.text)")
      let events = try #require(try await baoying.refinement(id)["events"] as? [[String: Any]])
      #expect(events.map { $0["kind"] as? String } == ["start", "edit", "edit", "submit", "withdraw", "comment"])
      #expect(events.last?["text"] as? String == "请说明 <script>alert(1)</script> 的依据")
      #expect(events.map { $0["revision"] as? Int } == [1, 2, 3, 4, 5, 5])

      // Every action is in the audit log, with its plan and district.
      for action in ["refinement_start", "refinement_pins", "refinement_data", "refinement_submit", "refinement_withdraw", "refinement_comment"] {
        let entries = try await world.audit(action: action)
        #expect(entries.count == 1, "\(action)")
        #expect(entries.first?["version_id"] as Int64? == 1 && entries.first?["district"] as String? == "宝应县", "\(action)")
        #expect(entries.first?["target"] as String? == "version:1/district:宝应县/refinement:\(id)", "\(action)")
        #expect(entries.first?["user_name"] as String? == (action == "refinement_comment" ? "city" : "baoying"))
      }
      let data = try await world.audit(action: "refinement_data")
      #expect((data.first?["after"] as String?)?.contains("students \(students)→\(students + 5)") == true)
      let pinsEntry = try await world.audit(action: "refinement_pins")
      #expect((pinsEntry.first?["after"] as String?)?.contains("\(school) ≥ \(cityQuota(school) + 3)") == true)
    }
  }

  /// Sub-ranges: per district × category range, contiguous from its first number to its last,
  /// each as long as its quota.
  static func checkSubRanges(_ detail: [String: Any]) throws {
    let envelope = try #require(detail["envelope"] as? [[String: Any]])
    let ranges = try #require(detail["subRanges"] as? [[String: Any]])
    #expect(!ranges.isEmpty)
    for row in envelope where (row["quota"] as? Int ?? 0) > 0 {
      let mine = ranges.filter { $0["category"] as? String == row["categoryName"] as? String }
      #expect(mine.first?["firstNumber"] as? Int == row["firstNumber"] as? Int, "\(row)")
      #expect(mine.last?["lastNumber"] as? Int == row["lastNumber"] as? Int, "\(row)")
      for (a, b) in zip(mine, mine.dropFirst()) { #expect(b["firstNumber"] as? Int == (a["lastNumber"] as? Int ?? 0) + 1) }
      #expect(mine.allSatisfy { ($0["lastNumber"] as? Int ?? 0) - ($0["firstNumber"] as? Int ?? 0) + 1 == $0["quota"] as? Int })
      #expect(mine.reduce(0) { $0 + ($1["quota"] as? Int ?? 0) } == row["quota"] as? Int)
    }
  }

  @Test func aPinThatBreaksTheEnvelopeCannotBeSubmittedAndSaysWhy() async throws {
    let world = try await CountyWorld()
    try await world.clients { _, baoying, _, _ in
      let id = try await baoying.startRefinement()
      let detail = try await baoying.refinement(id)
      let envelope = try #require(detail["envelope"] as? [[String: Any]])
      let junior = try #require(envelope.first { $0["category"] as? String == "junior_high" }?["quota"] as? Int)
      let rows = try #require(detail["data"] as? [String: Any])["rows"] as? [[String: Any]] ?? []
      let school = try #require(rows.first { $0["category"] as? String == "junior_high" }?["school"] as? String)
      let saved = try await baoying.request(
        .put, "/api/refinements/\(id)/pins", json: CountyPins(expectedRevision: 1, pins: [CountyPin(school: school, min: junior + 1)]))
      // Saved as a draft that does not plan, with the reason in words.
      #expect(saved.status == .ok, "\(saved.text)")
      let conflict = try saved.json()
      #expect(conflict["outcome"] as? String == "conflict")
      #expect(conflict["submittable"] as? Bool == false)
      let message = try #require(conflict["message"] as? String)
      #expect(message.contains("不能提交") && message.contains("市级下达的宝应县分类别指标（R2）"), "\(message)")
      #expect(message.contains("超过该区县的 \(junior)"), "\(message)")
      #expect(try #require(conflict["conflicts"] as? [[String: Any]]).contains { ($0["rules"] as? [String])?.contains("R2") == true })

      let before = try await world.auditCount()
      let refused = try await baoying.request(.post, "/api/refinements/\(id)/submit", json: CountyRevision(expectedRevision: 2))
      #expect(refused.status == .unprocessableContent)
      #expect(refused.errorCode == "refinement_breaks_rules")
      let words = try #require((try refused.json()["error"] as? [String: Any])?["message"] as? String)
      #expect(words.contains("市级下达的宝应县分类别指标（R2）") && words.contains("不能提交"))
      let english = try await baoying.request(.post, "/api/refinements/\(id)/submit?lang=en", json: CountyRevision(expectedRevision: 2))
      #expect(english.text.contains("the city's envelope for 宝应县 (R2)") && english.text.contains("cannot be submitted"))
      #expect(try await world.row(id).status == .draft)
      #expect(try await world.auditCount() == before)
      // No files of a plan that does not exist.
      let file = try await baoying.request(.get, "/api/refinements/\(id)/files/plan.csv")
      #expect(file.status == .conflict && file.errorCode == "not_planned")

      // Fixed: the pin removed, it plans and can be submitted.
      let fixed = try await baoying.request(.put, "/api/refinements/\(id)/pins", json: CountyPins(expectedRevision: 2, pins: []))
      #expect(try fixed.json()["outcome"] as? String == "planned")
      let submitted = try await baoying.request(.post, "/api/refinements/\(id)/submit", json: CountyRevision(expectedRevision: 3))
      #expect(submitted.status == .ok)
    }
  }

  @Test func aStaleRevisionIsRefusedAndChangesNothing() async throws {
    let world = try await CountyWorld()
    try await world.clients { _, baoying, _, _ in
      let id = try await baoying.startRefinement()
      let first = try await baoying.request(.put, "/api/refinements/\(id)/pins", json: CountyPins(expectedRevision: 1, pins: []))
      #expect(first.status == .ok)
      let stored = try await world.row(id)
      let audit = try await world.auditCount()
      for response in [
        try await baoying.request(.put, "/api/refinements/\(id)/pins", json: CountyPins(expectedRevision: 1, pins: [])),
        try await baoying.request(.patch, "/api/refinements/\(id)/schools", json: CountyEdits(expectedRevision: 1, edits: [])),
        try await baoying.request(.post, "/api/refinements/\(id)/submit", json: CountyRevision(expectedRevision: 1)),
        try await baoying.request(.post, "/api/refinements/\(id)/withdraw", json: CountyRevision(expectedRevision: 1)),
      ] {
        #expect(response.status == .conflict, "\(response.text)")
        #expect(response.errorCode == "stale")
        #expect((try response.json()["error"] as? [String: Any])?["currentRevision"] as? Int == 2)
      }
      #expect(try await world.row(id) == stored)
      #expect(try await world.auditCount() == audit)
    }
  }

  /// Concurrent changes from the same revision: exactly one wins, the others are stale; two
  /// districts changing at the same time never mix.
  @Test func concurrentChangesNeitherLoseNorMix() async throws {
    let world = try await CountyWorld()
    try await world.clients { _, baoying, gaoyou, _ in
      let mine = try await baoying.startRefinement()
      let theirs = try await gaoyou.startRefinement()
      let schools = try #require(try await baoying.refinement(mine)["data"] as? [String: Any])["rows"] as? [[String: Any]] ?? []
      let gaoyouSchools = try #require(try await gaoyou.refinement(theirs)["data"] as? [String: Any])["rows"] as? [[String: Any]] ?? []
      let school = try #require(schools.first { $0["category"] as? String == "junior_high" }?["school"] as? String)
      let other = try #require(gaoyouSchools.first { $0["category"] as? String == "junior_high" }?["school"] as? String)
      let statuses = try await withThrowingTaskGroup(of: (String, HTTPResponse.Status).self) { group in
        for n in 1...6 {
          group.addTask {
            ("宝应县", try await baoying.request(
              .put, "/api/refinements/\(mine)/pins", json: CountyPins(expectedRevision: 1, pins: [CountyPin(school: school, min: n)])).status)
          }
          group.addTask {
            ("高邮市", try await gaoyou.request(
              .put, "/api/refinements/\(theirs)/pins", json: CountyPins(expectedRevision: 1, pins: [CountyPin(school: other, max: 40 + n)])).status)
          }
        }
        return try await group.reduce(into: []) { $0.append($1) }
      }
      for district in ["宝应县", "高邮市"] {
        let answers = statuses.filter { $0.0 == district }.map(\.1)
        #expect(answers.filter { $0 == .ok }.count == 1, "\(district): \(answers)")
        #expect(answers.filter { $0 == .conflict }.count == 5, "\(district): \(answers)")
      }
      let a = try await world.row(mine)
      let b = try await world.row(theirs)
      #expect(a.revision == 2 && b.revision == 2)
      #expect(a.pins.map(\.school) == [school] && a.pins.allSatisfy { $0.district == "宝应县" })
      #expect(b.pins.map(\.school) == [other] && b.pins.allSatisfy { $0.district == "高邮市" })
      let entries = try await world.audit(action: "refinement_pins")
      #expect(entries.count == 2)
      #expect(Set(entries.map { $0["district"] as String? }) == ["宝应县", "高邮市"])
    }
  }

  @Test func badInputIsNamedAndChangesNothing() async throws {
    let world = try await CountyWorld()
    try await world.clients { _, baoying, _, _ in
      let id = try await baoying.startRefinement()
      let detail = try await baoying.refinement(id)
      let rows = try #require(detail["data"] as? [String: Any])["rows"] as? [[String: Any]] ?? []
      let row = try #require(rows.first { $0["category"] as? String == "junior_high" })
      let school = try #require(row["school"] as? String)
      let stored = try await world.row(id)
      let audit = try await world.auditCount()

      let pins = try await baoying.request(
        .put, "/api/refinements/\(id)/pins",
        json: CountyPins(
          expectedRevision: 1,
          pins: [
            CountyPin(school: "扬州市广陵区汶河中学", quota: 3), CountyPin(school: school, grade: 9, quota: 3),
            CountyPin(school: school, category: "幼儿园", quota: 3), CountyPin(school: school),
            CountyPin(school: school, min: 5, max: 2), CountyPin(school: school, max: 4, quota: 3),
          ]))
      #expect(pins.status == .unprocessableContent)
      #expect(pins.errorCode == "invalid_pins")
      let problems = try #require((try pins.json()["error"] as? [String: Any])?["problems"] as? [[String: Any]])
      #expect(
        problems.compactMap { $0["setting"] as? String } == [
          "pins.0.school", "pins.1.grade", "pins.2.category", "pins.3.quota", "pins.4.min", "pins.5.quota",
        ])
      #expect((problems.first?["message"] as? String)?.contains("扬州市广陵区汶河中学") == true)

      let edits = try await baoying.request(
        .patch, "/api/refinements/\(id)/schools",
        json: CountyEdits(
          expectedRevision: 1,
          edits: [
            CountyEdit(school: school, grade: row["grade"] as? Int ?? 1, members: (row["students"] as? Int ?? 0) + 1),
            CountyEdit(school: "不存在的学校", grade: 1, students: 10), CountyEdit(school: school, grade: 9, students: 10),
            CountyEdit(school: school, grade: row["grade"] as? Int ?? 1, classes: -1),
          ]))
      #expect(edits.status == .unprocessableContent)
      #expect(edits.errorCode == "invalid_edits")
      let editProblems = try #require((try edits.json()["error"] as? [String: Any])?["problems"] as? [[String: Any]])
      #expect(editProblems.compactMap { $0["setting"] as? String } == ["edits.0.members", "edits.1.school", "edits.2.grade", "edits.3.classes"])

      // Uploads: another district's school, a broken table, nothing at all.
      let other = "district,school,category,grade,classes,students,members\n高邮市,高邮市某中学,junior_high,2,4,160,3\n宝应县,\(school),junior_high,2,4,160,3\n"
      let stray = try await upload(baoying, id, revision: 1, Data(other.utf8), name: "../../etc/passwd")
      #expect(stray.status == .unprocessableContent, "\(stray.text)")
      #expect(stray.errorCode == "invalid_data")
      let strayProblems = try #require((try stray.json()["error"] as? [String: Any])?["problems"] as? [[String: Any]])
      #expect(strayProblems.count == 1 && strayProblems[0]["row"] as? Int == 2 && strayProblems[0]["column"] as? String == "district")
      #expect(strayProblems[0]["file"] as? String == "passwd")
      let broken = try await upload(baoying, id, revision: 1, Data("district,school\n宝应县,x\n".utf8), name: "学校.csv")
      #expect(broken.status == .unprocessableContent && broken.errorCode == "invalid_data", "\(broken.text)")
      let empty = try await upload(baoying, id, revision: 1, Data(), name: "学校.csv")
      #expect(empty.status == .unprocessableContent && empty.errorCode == "invalid_file")
      let noRevision = try await baoying.client.executeRequest(
        uri: "/api/refinements/\(id)/schools", method: .put,
        headers: [.cookie: baoying.cookie ?? "", HTTPField.Name("X-CSRF-Token")!: baoying.csrf ?? ""], body: ByteBuffer(string: other))
      #expect(noRevision.status == .badRequest)

      #expect(try await world.row(id) == stored)
      #expect(try await world.auditCount() == audit)
    }
  }

  func send(_ client: APIClient, _ method: HTTPRequest.Method, _ path: String, _ body: String?) async throws -> TestResponse {
    if let body { return try await client.request(method, path, rawJSON: body) }
    return try await client.request(method, path)
  }

  func upload(_ client: APIClient, _ id: Int64, revision: Int, _ data: Data, name: String) async throws -> TestResponse {
    var headers: HTTPFields = [.contentType: "text/csv"]
    if let cookie = client.cookie { headers[.cookie] = cookie }
    if let csrf = client.csrf { headers[HTTPField.Name("X-CSRF-Token")!] = csrf }
    return try await client.client.executeRequest(
      uri: "/api/refinements/\(id)/schools?expectedRevision=\(revision)&filename=\(encoded(name))", method: .put, headers: headers,
      body: ByteBuffer(bytes: data))
  }

  @Test func anotherDistrictsRefinementIsNotThere() async throws {
    let world = try await CountyWorld()
    try await world.clients { city, baoying, gaoyou, reviewer in
      let id = try await baoying.startRefinement()
      let missing = try await gaoyou.request(.get, "/api/refinements/999999")
      #expect(missing.status == .notFound)
      for (method, path, body) in [
        (HTTPRequest.Method.get, "/api/refinements/\(id)", nil), (.get, "/api/refinements/\(id)/files/plan.csv", nil),
        (.put, "/api/refinements/\(id)/pins", #"{"expectedRevision": 1, "pins": []}"#),
        (.patch, "/api/refinements/\(id)/schools", #"{"expectedRevision": 1, "edits": []}"#),
        (.post, "/api/refinements/\(id)/submit", #"{"expectedRevision": 1}"#), (.post, "/api/refinements/\(id)/withdraw", #"{"expectedRevision": 1}"#),
        (.post, "/api/refinements/\(id)/comments", #"{"text": "看看"}"#),
      ] as [(HTTPRequest.Method, String, String?)] {
        let answered = try await send(gaoyou, method, path, body)
        #expect(answered.status == .notFound, "\(method) \(path)")
        // The same body as an id that does not exist: nothing about the district.
        let absent = try await send(gaoyou, method, path.replacingOccurrences(of: "/\(id)", with: "/999999"), body)
        let same = answered.text == absent.text
        #expect(same, "\(method) \(path)")
        let leaks = answered.text.contains("宝应")
        #expect(!leaks, "\(method) \(path)")
      }
      // A start body beyond its limit is 413, never a server error.
      let huge = try await gaoyou.request(.post, "/api/versions/1/refinements", rawJSON: #"{"x": ""# + String(repeating: "a", count: 70_000) + #""}"#)
      #expect(huge.status == .contentTooLarge)
      // Copying another district's refinement is 404 too; its own start is fine.
      let copy = try await gaoyou.request(.post, "/api/versions/1/refinements", rawJSON: #"{"fromRefinement": \#(id)}"#)
      #expect(copy.status == .notFound)
      let own = try await gaoyou.startRefinement()
      // Lists: a county sees its own only; a reviewer no drafts; the city all.
      let gaoyouList = try await gaoyou.request(.get, "/api/refinements").jsonArray()
      #expect(gaoyouList.map { ($0["id"] as? Int)?.int64 } == [own])
      #expect(try await reviewer.request(.get, "/api/refinements").jsonArray().isEmpty)
      #expect(try await reviewer.request(.get, "/api/refinements/\(id)").status == .notFound)
      #expect(try await reviewer.request(.post, "/api/refinements/\(id)/comments", json: ["text": "x"]).status == .notFound)
      #expect(Set(try await city.request(.get, "/api/refinements?version=1").jsonArray().compactMap { $0["district"] as? String }) == ["宝应县", "高邮市"])
      // Once submitted, the reviewer sees it and may comment.
      _ = try await baoying.request(.post, "/api/refinements/\(id)/submit", json: CountyRevision(expectedRevision: 1))
      #expect(try await reviewer.request(.get, "/api/refinements").jsonArray().map { ($0["id"] as? Int)?.int64 } == [id])
      #expect(try await reviewer.request(.get, "/api/refinements/\(id)").status == .ok)
      #expect(try await reviewer.request(.post, "/api/refinements/\(id)/comments", json: ["text": "请补充说明"]).status == .created)
      // A county never receives another district's school names in its refinement.
      let mine = try await gaoyou.request(.get, "/api/refinements/\(own)")
      let leaks = mine.text.contains("宝应县")
      #expect(mine.status == .ok && !leaks)
    }
  }

  @Test func refinedFilesAreThoseOfQuotaplanRefine() async throws {
    let world = try await CountyWorld()
    try await world.clients { _, baoying, _, _ in
      let id = try await baoying.startRefinement()
      let schools = try Data(contentsOf: Self.baoyingFolder.appendingPathComponent("schools.csv"))
      let uploaded = try await upload(baoying, id, revision: 1, schools, name: "schools.csv")
      #expect(uploaded.status == .ok, "\(uploaded.text)")
      // The pins of refine-baoying/pins.csv, as the page sends them.
      let pins = [
        CountyPin(school: "宝应县安宜实验学校", grade: 2, quota: 18, note: "县团委已承诺：初二新建 2 个团支部"),
        CountyPin(school: "宝应县射阳湖镇中学", min: 12, note: "农村学校，已与学校约定不少于 12 名"),
        CountyPin(school: "宝应县城北初级中学", grade: 3, max: 10, note: "初三团员发展进度已超前，控制在 10 名以内"),
      ]
      let pinned = try await baoying.request(.put, "/api/refinements/\(id)/pins", json: CountyPins(expectedRevision: 2, pins: pins))
      #expect(pinned.status == .ok, "\(pinned.text)")
      #expect(try pinned.json()["outcome"] as? String == "planned")

      // The library as quotaplan refine runs it: the city folder solve writes, read back; the
      // county's schools file; the same pins.
      let cityFolder = FileManager.default.temporaryDirectory.appendingPathComponent("qp-city-\(UUID().uuidString)")
      defer { try? FileManager.default.removeItem(at: cityFolder) }
      try PlanWriter.write(try Planner.plan(try ScenarioLoader.load(TestWorkspace.yangzhou.path)), to: cityFolder)
      let folder = try PlanFolder.load(cityFolder.path)
      let data = try CountyData.schools(
        Self.baoyingFolder.appendingPathComponent("schools.csv").path, district: "宝应县", policy: folder.scenario.policy)
      let libraryPins = [
        Pin(school: "宝应县安宜实验学校", district: "宝应县", grade: 2, exactly: 18, note: "县团委已承诺：初二新建 2 个团支部", sourceRow: 1),
        Pin(school: "宝应县射阳湖镇中学", district: "宝应县", atLeast: 12, note: "农村学校，已与学校约定不少于 12 名", sourceRow: 2),
        Pin(school: "宝应县城北初级中学", district: "宝应县", grade: 3, atMost: 10, note: "初三团员发展进度已超前，控制在 10 名以内", sourceRow: 3),
      ]
      let refinement = try Refinement.refine(folder, district: "宝应县", data: data, pins: libraryPins)
      let expected = try RefinementOutput.files(refinement)
      #expect(expected.map(\.name) == RefinementService.fileNames)
      for file in expected {
        let response = try await baoying.request(.get, "/api/refinements/\(id)/files/\(file.name)")
        #expect(response.status == .ok, "\(file.name): \(response.status)")
        #expect(response.data == file.data, "\(file.name) differs from quotaplan refine's")
        #expect(response.headers[.contentDisposition]?.contains("r3-\(file.name)") == true)
      }
      // A county's files name no other district.
      for file in expected {
        let text = String(decoding: file.data, as: UTF8.self)
        let others = ["广陵区", "邗江区", "江都区", "仪征市", "高邮市", "市直"].filter { text.contains($0) }
        #expect(others.isEmpty, "\(file.name) names \(others)")
      }
      // The same bytes again (recomputed after the cache is gone).
      world.workspace.services.refinements.files["\(id)#3"] = nil
      world.workspace.services.refinements.outcomes["\(id)#3"] = nil
      let again = try await baoying.request(.get, "/api/refinements/\(id)/files/plan.xlsx")
      #expect(again.data == expected.first { $0.name == "plan.xlsx" }?.data)
      #expect(try await baoying.request(.get, "/api/refinements/\(id)/files/..%2Fworkspace.sqlite").status == .notFound)
    }
  }

  /// Runs the built `quotaplan` binary; its exit status.
  static func runCLI(_ arguments: [String], in folder: URL) async throws -> Int32 {
    let binary = TestWorkspace.root.appendingPathComponent(".build/debug/quotaplan")
    try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build quotaplan first (swift build)")
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    process.currentDirectoryURL = folder
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = FileHandle.nullDevice
    return try await withCheckedThrowingContinuation { continuation in
      process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
      do { try process.run() } catch {
        process.terminationHandler = nil
        continuation.resume(throwing: error)
      }
    }
  }

  /// The real `quotaplan solve` then `quotaplan refine --data --pins` write the files the
  /// workspace serves for the same schools file and pins. The one difference is where a pin came
  /// from: the CLI numbers pins by their row in pins.csv (the header is row 1), the workspace by
  /// their place in the page's list (from 1); refinement.json records that number.
  @Test func theBuiltCLIRefinesToTheSameFiles() async throws {
    let work = FileManager.default.temporaryDirectory.appendingPathComponent("qp-refine-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: work) }
    #expect(try await Self.runCLI(["solve", TestWorkspace.yangzhou.path, "--out", "city", "--quiet"], in: work) == 0)
    #expect(
      try await Self.runCLI(
        [
          "refine", "city", "--district", "宝应县", "--data", Self.baoyingFolder.appendingPathComponent("schools.csv").path, "--pins",
          Self.baoyingFolder.appendingPathComponent("pins.csv").path, "--out", "refined",
        ], in: work) == 0)
    let world = try await CountyWorld()
    try await world.clients { _, baoying, _, _ in
      let id = try await baoying.startRefinement()
      let schools = try Data(contentsOf: Self.baoyingFolder.appendingPathComponent("schools.csv"))
      #expect(try await upload(baoying, id, revision: 1, schools, name: "schools.csv").status == .ok)
      let pins = [
        CountyPin(school: "宝应县安宜实验学校", grade: 2, quota: 18, note: "县团委已承诺：初二新建 2 个团支部"),
        CountyPin(school: "宝应县射阳湖镇中学", min: 12, note: "农村学校，已与学校约定不少于 12 名"),
        CountyPin(school: "宝应县城北初级中学", grade: 3, max: 10, note: "初三团员发展进度已超前，控制在 10 名以内"),
      ]
      #expect(try await baoying.request(.put, "/api/refinements/\(id)/pins", json: CountyPins(expectedRevision: 2, pins: pins)).status == .ok)
      for name in RefinementService.fileNames {
        let written = try Data(contentsOf: work.appendingPathComponent("refined").appendingPathComponent(name))
        let served = try await baoying.request(.get, "/api/refinements/\(id)/files/\(name)")
        #expect(served.status == .ok, "\(name)")
        if name == Refinement.recordFile {
          var record = try JSONDecoder().decode(Refinement.Record.self, from: written)
          for index in record.pins.indices { record.pins[index].sourceRow -= 1 }
          #expect(try JSONDecoder().decode(Refinement.Record.self, from: served.data) == record)
        } else {
          #expect(served.data == written, "\(name) differs from quotaplan refine's")
        }
      }
    }
  }

  @Test func aNewerCityVersionIsReconfirmedNeverRebased() async throws {
    let world = try await CountyWorld()
    try await world.clients { city, baoying, gaoyou, _ in
      let id = try await baoying.startRefinement()
      let detail = try await baoying.refinement(id)
      let rows = try #require(detail["data"] as? [String: Any])["rows"] as? [[String: Any]] ?? []
      let school = try #require(rows.first { $0["category"] as? String == "junior_high" }?["school"] as? String)
      _ = try await baoying.request(.put, "/api/refinements/\(id)/pins", json: CountyPins(expectedRevision: 1, pins: [CountyPin(school: school, min: 1)]))
      #expect(try await baoying.refinement(id)["newerVersion"] == nil)
      let gaoyouID = try await gaoyou.startRefinement()

      // The city cuts junior high by 60 and publishes version 2.
      var policy = try await world.workspace.services.plans.scenario(version: 1).policy
      policy.total -= 60
      let junior = try #require(policy.categories.firstIndex { $0.id == "junior_high" })
      policy.categories[junior].total = (policy.categories[junior].total ?? 0) - 60
      let saved = try await world.workspace.services.plans.saveSettings(scenario: 1, expectedVersion: 1, policy: policy, by: world.city)
      #expect(saved.outcome == .planned)
      // Not yet published: nothing newer for the county.
      #expect(try await baoying.refinement(id)["newerVersion"] == nil)
      let published = try await city.request(.post, "/api/versions/\(saved.versionId)/publish", json: ["name": "2022 年计划（调整）"])
      #expect(published.status == .ok, "\(published.text)")

      let old = try await baoying.request(.get, "/api/versions/1/envelope").json()["rows"] as? [[String: Any]] ?? []
      let new = try await baoying.request(.get, "/api/versions/\(saved.versionId)/envelope").json()["rows"] as? [[String: Any]] ?? []
      let stale = try await baoying.refinement(id)
      let newer = try #require(stale["newerVersion"] as? [String: Any])
      #expect((newer["id"] as? Int)?.int64 == saved.versionId)
      #expect(newer["name"] as? String == "2022 年计划（调整）")
      #expect(newer["refinementId"] == nil)
      let changes = try #require(newer["envelopeChanges"] as? [[String: Any]])
      let expected = zip(old, new).filter { $0["quota"] as? Int != $1["quota"] as? Int || $0["firstNumber"] as? Int != $1["firstNumber"] as? Int }
      #expect(changes.count == expected.count)
      #expect(!changes.isEmpty)
      for (change, (before, after)) in zip(changes, expected) {
        #expect(change["category"] as? String == before["category"] as? String)
        #expect(change["before"] as? Int == before["quota"] as? Int && change["after"] as? Int == after["quota"] as? Int)
        #expect(change["firstNumberBefore"] as? Int == before["firstNumber"] as? Int && change["firstNumberAfter"] as? Int == after["firstNumber"] as? Int)
      }
      // Nothing was rebased: the refinement is still of version 1, as it was.
      #expect(stale["versionId"] as? Int == 1 && stale["revision"] as? Int == 2)

      // Another district's refinement cannot be the source; the own one can.
      let foreign = try await baoying.request(.post, "/api/versions/\(saved.versionId)/refinements", rawJSON: #"{"fromRefinement": \#(gaoyouID)}"#)
      #expect(foreign.status == .notFound)
      let next = try await baoying.startRefinement(version: saved.versionId, from: id)
      let copy = try await baoying.refinement(next)
      #expect((copy["versionId"] as? Int)?.int64 == saved.versionId && (copy["basedOnId"] as? Int)?.int64 == id)
      #expect((copy["pins"] as? [[String: Any]])?.map { $0["school"] as? String } == [school])
      #expect(copy["newerVersion"] == nil)
      let copiedEnvelope = try #require(copy["envelope"] as? [[String: Any]])
      #expect(copiedEnvelope.map { $0["quota"] as? Int } == new.map { $0["quota"] as? Int })
      #expect(try await baoying.refinement(id)["newerVersion"].flatMap { ($0 as? [String: Any])?["refinementId"] as? Int }?.int64 == next)
      let start = try await world.audit(action: "refinement_start")
      #expect((start.last?["comment"] as String?) == "copied from refinement \(id)")
      // An unpublished version cannot be refined.
      let draft = try await world.workspace.services.plans.saveSettings(scenario: 1, expectedVersion: 2, policy: policy, by: world.city)
      #expect(try await gaoyou.request(.post, "/api/versions/\(draft.versionId)/refinements", rawJSON: "{}").status == .notFound)
    }
  }
}
