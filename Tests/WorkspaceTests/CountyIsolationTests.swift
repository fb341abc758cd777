import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QuotaPlan
import Testing
@testable import Workspace

/// A county committee sees the city's totals and its own district, nothing of another
/// district: every route a county may call is driven as a county of 宝应县 while 高邮市 has data
/// of its own, and no answer may hold the name of a school or unit of another district.
@Suite struct CountyIsolationTests {
  /// A school only 高邮市 has.
  static let gaoyouSchool = "高邮市城北实验中学"

  /// A seeded workspace with its version 1 published, and one account per role: `county`
  /// plans for 宝应县, `gaoyou` for 高邮市.
  struct Fixture {
    let workspace: TestWorkspace
    /// Names of schools and social units outside 宝应县 that no 宝应县 unit also has.
    let foreignNames: [String]
    /// 宝应县's own school names.
    let ownSchools: [String]
    let version: Int64

    init() async throws {
      workspace = try RouteProbe.workspace()
      try workspace.addUser("gaoyou", role: .county, district: "高邮市")
      version = try RouteProbe.newestID("version", workspace)
      let data = try await workspace.database.pool.read { [version] db in
        try ScenarioStore.dataset(db, id: try #require(try ScenarioStore.version(db, id: version)).datasetID)
      }
      var own = Set<String>()
      var foreign = Set<String>()
      for school in data.schools { if school.district == "宝应县" { own.insert(school.name) } else { foreign.insert(school.name) } }
      for unit in data.social { if unit.district == "宝应县" { own.insert(unit.name) } else { foreign.insert(unit.name) } }
      foreignNames = foreign.subtracting(own).sorted()
      ownSchools = Set(data.schools.filter { $0.district == "宝应县" }.map(\.name)).sorted()
      let version = version
      try await workspace.test(as: .city) { city in
        let published = try await city.request(.post, "/api/versions/\(version)/publish", json: ["name": "2022 年下达"])
        #expect(published.status == .ok, "\(published.text)")
      }
    }

    /// The names of other districts' units the text holds.
    func leaks(_ text: String) -> [String] { foreignNames.filter { text.contains($0) } }

    /// Runs `body` with one signed-in client per name.
    func clients(_ names: [String], _ body: @Sendable ([String: APIClient]) async throws -> Void) async throws {
      let app = Application(router: WorkspaceApp.router(workspace.services))
      try await app.test(.router) { client in
        var clients: [String: APIClient] = [:]
        for name in names {
          var api = APIClient(client: client)
          try await api.signIn(name)
          clients[name] = api
        }
        try await body(clients)
      }
    }
  }

  @Test func theFixtureHasForeignNamesAndTheCitySeesThem() async throws {
    let fixture = try await Fixture()
    #expect(fixture.foreignNames.contains(Self.gaoyouSchool))
    #expect(!fixture.ownSchools.isEmpty)
    try await fixture.clients(["city"]) { clients in
      let plan = try await clients["city"]!.request(.get, "/api/versions/\(fixture.version)/plan")
      #expect(plan.status == .ok)
      // Not a test of nothing: the city's plan names 高邮市's school.
      #expect(plan.text.contains(Self.gaoyouSchool))
    }
  }

  @Test func aCountysPlanHoldsTheCityTotalsAndItsOwnDistrictOnly() async throws {
    let fixture = try await Fixture()
    try await fixture.clients(["city", "county"]) { clients in
      let city = try await clients["city"]!.request(.get, "/api/versions/\(fixture.version)/plan")
      let county = try await clients["county"]!.request(.get, "/api/versions/\(fixture.version)/plan")
      #expect(county.status == .ok, "\(county.text)")
      #expect(fixture.leaks(county.text).isEmpty, "the county's plan names \(fixture.leaks(county.text).prefix(5))")
      let whole = try city.json()
      let mine = try county.json()
      // The city's totals per category, unchanged.
      #expect((mine["categories"] as? [[String: Any]])?.map { $0["total"] as? Int } == (whole["categories"] as? [[String: Any]])?.map { $0["total"] as? Int })
      #expect(mine["total"] as? Int == whole["total"] as? Int)
      // Its own district's allocation rows and schools, every one of them.
      for key in ["allocation", "schools", "social"] {
        let rows = mine[key] as? [[String: Any]] ?? []
        let cityRows = (whole[key] as? [[String: Any]] ?? []).filter { $0["district"] as? String == "宝应县" }
        #expect(!rows.isEmpty, "\(key)")
        #expect(rows.allSatisfy { $0["district"] as? String == "宝应县" }, "\(key)")
        #expect(rows.count == cityRows.count, "\(key): \(rows.count) of \(cityRows.count)")
      }
      #expect((mine["sensitivity"] as? [Any])?.isEmpty == true)
      // The same bytes each time.
      #expect(try await clients["county"]!.request(.get, "/api/versions/\(fixture.version)/plan").data == county.data)
    }
  }

  @Test func wholeCityFilesAndTheNearestPlanAreNotFoundForACounty() async throws {
    let fixture = try await Fixture()
    try await fixture.clients(["city", "county"]) { clients in
      for name in PlanWriter.fileNames {
        let county = try await clients["county"]!.request(.get, "/api/versions/\(fixture.version)/files/\(name)")
        #expect(county.status == .notFound && county.errorCode == "not_found", "\(name): \(county.status)")
        #expect(fixture.leaks(county.text).isEmpty)
        #expect(try await clients["city"]!.request(.get, "/api/versions/\(fixture.version)/files/\(name)").status == .ok, "\(name)")
      }
      let nearest = try await clients["county"]!.request(.get, "/api/versions/\(fixture.version)/nearest")
      #expect(nearest.status == .notFound, "\(nearest.text)")
    }
  }

  @Test func aCountyExplainsItsOwnUnitsAndNothingElse() async throws {
    let fixture = try await Fixture()
    let own = try #require(fixture.ownSchools.first)
    try await fixture.clients(["city", "county"]) { clients in
      let county = clients["county"]!
      func explain(_ query: String) async throws -> TestResponse {
        try await county.request(.get, "/api/versions/\(fixture.version)/explain?\(query)")
      }
      func encoded(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text }
      // Another district's school, asked by name or with its district, answers exactly as a
      // school that does not exist.
      let nowhere = try await explain("school=\(encoded("不存在的学校"))")
      #expect(nowhere.status == .notFound)
      for query in [
        "school=\(encoded(Self.gaoyouSchool))", "school=\(encoded(Self.gaoyouSchool))&district=\(encoded("高邮市"))",
        "school=\(encoded(own))&district=\(encoded("高邮市"))",
      ] {
        let answer = try await explain(query)
        #expect(answer.status == .notFound, "\(query): \(answer.text)")
        #expect(answer.text == nowhere.text, "\(query): \(answer.text)")
      }
      // The city gets the 高邮市 school explained (so the 404 above is the narrowing).
      let cityAnswer = try await clients["city"]!.request(.get, "/api/versions/\(fixture.version)/explain?school=\(encoded(Self.gaoyouSchool))")
      #expect(cityAnswer.status == .ok, "\(cityAnswer.text)")
      // Its own schools: explained, without a name of another district's unit.
      for school in fixture.ownSchools.prefix(8) {
        let answer = try await explain("school=\(encoded(school))")
        #expect(answer.status == .ok || answer.status == .conflict, "\(school): \(answer.text)")
        #expect(fixture.leaks(answer.text).isEmpty, "\(school): names \(fixture.leaks(answer.text).prefix(3))")
      }
    }
  }

  @Test func aCountysComparisonHoldsCityCategoryAndOwnRowsOnly() async throws {
    let fixture = try await Fixture()
    try await fixture.clients(["city", "county"]) { clients in
      let city = clients["city"]!
      // A second published version: a copy of the scenario with the senior-high cap lower.
      let copy = try await city.request(.post, "/api/scenarios", rawJSON: #"{"name": "what-if", "fromScenario": 1}"#)
      #expect(copy.status == .created, "\(copy.text)")
      let second = try #require(try copy.json()["versionId"] as? Int)
      #expect(try await city.request(.post, "/api/versions/\(second)/publish", json: ["name": "副本"]).status == .ok)
      let county = try await clients["county"]!.request(.get, "/api/compare?versions=\(fixture.version),\(second)")
      #expect(county.status == .ok, "\(county.text)")
      #expect(fixture.leaks(county.text).isEmpty, "\(fixture.leaks(county.text).prefix(3))")
      let rows = try county.json()["rows"] as? [[String: Any]] ?? []
      #expect(rows.contains { $0["level"] as? String == "city" })
      #expect(rows.contains { $0["district"] as? String == "宝应县" })
      #expect(rows.allSatisfy { ["", "宝应县"].contains($0["district"] as? String ?? "?") }, "\(rows.map { $0["district"] ?? "" })")
      let whole = try await city.request(.get, "/api/compare?versions=\(fixture.version),\(second)")
      #expect((try whole.json()["rows"] as? [[String: Any]] ?? []).contains { $0["district"] as? String == "高邮市" })
    }
  }

  /// Every route a county may read, driven with the probe's ids (and with 高邮市's refinement
  /// in the database when the county routes exist): no answer names another district's unit,
  /// and none is a 500.
  @Test func noAnswerToACountyNamesAnotherDistrictsUnit() async throws {
    let fixture = try await Fixture()
    try await fixture.clients(["gaoyou", "county", "city"]) { clients in
      if Endpoints.all.contains(where: { $0.path == "/api/versions/{id}/refinements" }) {
        let started = try await clients["gaoyou"]!.request(.post, "/api/versions/\(fixture.version)/refinements", rawJSON: "{}")
        #expect(started.status == .created, "\(started.text)")
        // 高邮市 submits, the city approves and combines: the final plan's routes have data too.
        if let id = try started.json()["id"] as? Int, Endpoints.all.contains(where: { $0.path == "/api/versions/{id}/combine" }) {
          let submitted = try await clients["gaoyou"]!.request(.post, "/api/refinements/\(id)/submit", rawJSON: #"{"expectedRevision": 1}"#)
          let revision = (try submitted.json()["revision"] as? Int) ?? 2
          let approved = try await clients["city"]!.request(.post, "/api/refinements/\(id)/approve", rawJSON: "{\"expectedRevision\": \(revision)}")
          #expect(approved.status == .ok, "\(approved.text)")
          let combined = try await clients["city"]!.request(.post, "/api/versions/\(fixture.version)/combine", rawJSON: "{}")
          #expect(combined.status == .created, "\(combined.text)")
        }
      }
      let county = clients["county"]!
      var checked = 0
      for endpoint in Endpoints.all where endpoint.method == .get && endpoint.access.allows(.county) {
        var uris = [try RouteProbe.uri(endpoint, fixture.workspace)]
        if endpoint.path.contains("{name}") && endpoint.path.contains("refinements") {
          uris = ["plan.csv", "allocation.csv", "impact.csv", "report.html"].map { uris[0].replacingOccurrences(of: "/plan.csv", with: "/\($0)") }
        }
        if endpoint.path == "/api/combinations/{id}/district/{name}" {
          uris = ["final.csv", "final.xlsx"].map { uris[0].replacingOccurrences(of: "/final.csv", with: "/\($0)") }
        }
        if endpoint.path == "/api/versions/{id}/explain" {
          uris = fixture.ownSchools.prefix(3).map { "/api/versions/\(fixture.version)/explain?school=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0)" }
        }
        for uri in uris {
          let response = try await county.request(.get, uri)
          #expect(response.status != .internalServerError, "\(uri): \(response.text)")
          #expect(fixture.leaks(response.text).isEmpty, "\(uri) names \(fixture.leaks(response.text).prefix(3))")
          checked += 1
        }
      }
      #expect(checked >= 8)
    }
  }

  /// Another district's refinement answers every route exactly as an id that does not exist.
  @Test func anotherDistrictsRefinementIsNotFoundLikeAMissingOne() async throws {
    guard Endpoints.all.contains(where: { $0.path == "/api/versions/{id}/refinements" }) else { return }
    let fixture = try await Fixture()
    try await fixture.clients(["gaoyou", "county", "city"]) { clients in
      let started = try await clients["gaoyou"]!.request(.post, "/api/versions/\(fixture.version)/refinements", rawJSON: "{}")
      #expect(started.status == .created, "\(started.text)")
      let theirs = try #require(try started.json()["id"] as? Int)
      let missing = 987_654
      let county = clients["county"]!
      let attempts: [(HTTPRequest.Method, String, String?)] = [
        (.get, "/api/refinements/{id}", nil),
        (.get, "/api/refinements/{id}/files/plan.csv", nil),
        (.put, "/api/refinements/{id}/pins", "{\"expectedRevision\": 1, \"pins\": []}"),
        (.patch, "/api/refinements/{id}/schools", "{\"expectedRevision\": 1, \"edits\": []}"),
        (.post, "/api/refinements/{id}/submit", "{\"expectedRevision\": 1}"),
        (.post, "/api/refinements/{id}/withdraw", "{\"expectedRevision\": 1}"),
        (.post, "/api/refinements/{id}/comments", "{\"text\": \"看看\"}"),
      ]
      for (method, path, body) in attempts {
        let other = try await county.request(method, path.replacingOccurrences(of: "{id}", with: "\(theirs)"), rawBody: body)
        let none = try await county.request(method, path.replacingOccurrences(of: "{id}", with: "\(missing)"), rawBody: body)
        #expect(other.status == .notFound, "\(method) \(path): \(other.status) \(other.text)")
        #expect(other.text == none.text, "\(method) \(path): \(other.text) vs \(none.text)")
        #expect(!other.text.contains("高邮市"), "\(method) \(path): \(other.text)")
      }
      let upload = try await county.request(
        .put, "/api/refinements/\(theirs)/schools?expectedRevision=1&filename=schools.csv", rawBody: "district,school\n")
      let uploadNone = try await county.request(
        .put, "/api/refinements/\(missing)/schools?expectedRevision=1&filename=schools.csv", rawBody: "district,school\n")
      #expect(upload.status == .notFound && upload.text == uploadNone.text, "\(upload.text)")
      // The list holds its own district's only; 高邮市's refinement is untouched.
      let list = try await county.request(.get, "/api/refinements")
      #expect(list.status == .ok)
      #expect(try list.jsonArray().allSatisfy { $0["district"] as? String == "宝应县" }, "\(list.text)")
      let after = try await clients["gaoyou"]!.request(.get, "/api/refinements/\(theirs)")
      #expect(after.status == .ok)
      #expect(try after.json()["revision"] as? Int == 1, "\(after.text)")
    }
  }

  /// What a county may never do answers 403, whatever the id.
  @Test func aCountyCannotPublishApproveCombineOrManageAccounts() async throws {
    let fixture = try await Fixture()
    try await fixture.clients(["county"]) { clients in
      let county = clients["county"]!
      let version = fixture.version
      var attempts: [(HTTPRequest.Method, String, String?)] = [
        (.post, "/api/versions/\(version)/publish", "{\"name\": \"x\"}"),
        (.put, "/api/scenarios/1/settings", "{}"),
        (.get, "/api/users", nil),
        (.post, "/api/users", "{\"name\": \"mine\", \"role\": \"city\", \"password\": \"long enough pw\"}"),
        (.post, "/api/users/1/disable", nil), (.post, "/api/users/1/password", "{\"password\": \"long enough pw\"}"),
      ]
      if Endpoints.all.contains(where: { $0.path == "/api/refinements/{id}/approve" }) {
        attempts += [
          (.post, "/api/refinements/1/approve", "{\"expectedRevision\": 1}"), (.post, "/api/refinements/1/return", "{\"expectedRevision\": 1, \"comment\": \"x\"}"),
          (.post, "/api/versions/\(version)/reviews", "{\"decision\": \"approve\", \"text\": \"x\"}"),
        ]
      }
      if Endpoints.all.contains(where: { $0.path == "/api/versions/{id}/combine" }) {
        attempts.append((.post, "/api/versions/\(version)/combine", "{}"))
      }
      for (method, uri, body) in attempts {
        let response = try await county.request(method, uri, rawBody: body)
        #expect(response.status == .forbidden && response.errorCode == "forbidden", "\(method) \(uri): \(response.text)")
      }
      #expect(try fixture.workspace.accounts.all().count == 6)
    }
  }

  /// A name that is a script is stored and given back as data: JSON, never run, under a CSP
  /// that allows no inline script; the page builds its DOM from text, never from HTML strings.
  @Test func aScriptNameComesBackAsDataUnderAStrictPolicy() async throws {
    let fixture = try await Fixture()
    let script = "<script>alert(1)</script>"
    try await fixture.clients(["city", "gaoyou"]) { clients in
      let city = clients["city"]!
      let created = try await city.request(.post, "/api/scenarios", rawJSON: #"{"name": "<script>alert(1)</script>", "fromScenario": 1}"#)
      #expect(created.status == .created, "\(created.text)")
      let list = try await city.request(.get, "/api/scenarios")
      #expect(list.headers[.contentType]?.hasPrefix("application/json") == true)
      #expect(try list.jsonArray().contains { $0["name"] as? String == script })
      if Endpoints.all.contains(where: { $0.path == "/api/refinements/{id}/comments" }) {
        let started = try await clients["gaoyou"]!.request(.post, "/api/versions/\(fixture.version)/refinements", rawJSON: "{}")
        let id = try #require(try started.json()["id"] as? Int)
        let comment = try await clients["gaoyou"]!.request(.post, "/api/refinements/\(id)/comments", json: ["text": script])
        #expect(comment.status == .created, "\(comment.text)")
        let detail = try await clients["gaoyou"]!.request(.get, "/api/refinements/\(id)")
        #expect(detail.headers[.contentType]?.hasPrefix("application/json") == true)
        #expect(detail.text.contains("alert(1)"), "the comment is kept as written")
      }
      for response in [list] {
        let csp = response.headers[.contentSecurityPolicy] ?? ""
        #expect(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"), "\(csp)")
        #expect(response.headers[.xContentTypeOptions] == "nosniff")
      }
      let page = try await city.request(.get, "/")
      #expect(!page.text.contains("<script>"), "the page has an inline script")
      let code = try await city.request(.get, "/app.js")
      #expect(code.status == .ok)
      for sink in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("] {
        #expect(!code.text.contains(sink), "app.js uses \(sink)")
      }
    }
  }
}
