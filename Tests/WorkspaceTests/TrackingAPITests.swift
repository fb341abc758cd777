import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QuotaPlan
import Testing
@testable import Workspace

/// A register of the published Yangzhou plan, made by `RegisterGenerator` from the plan folder
/// the workspace writes for version 1 (the same folder `quotaplan solve` writes).
struct TrackingRegister: Sendable {
  let folder: URL
  let csv: Data
  /// Planted findings per code (the generator's count).
  let expected: [String: Int]

  init(_ world: CountyWorld, asOf: String, seed: UInt64) async throws {
    let files = try #require(try await world.workspace.services.plans.files(version: 1, nearest: false))
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("qp-tracking-plan-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for (name, data) in files { try data.write(to: folder.appendingPathComponent(name)) }
    let output = try RegisterGenerator.generate(planFolder: folder.path, asOf: asOf, seed: seed)
    csv = output.csv
    expected = Dictionary(output.expected.map { ($0.code, $0.count) }, uniquingKeysWith: +)
  }

  /// The register's lines (the header first), as the generator writes them (no quoted fields).
  var lines: [String] { String(decoding: csv, as: UTF8.self).components(separatedBy: "\r\n").filter { !$0.isEmpty } }

  /// The header and the rows of one district, as a CSV file.
  func only(_ district: String) -> Data {
    let lines = lines
    let kept = [lines[0]] + lines.dropFirst().filter { $0.split(separator: ",", omittingEmptySubsequences: false)[4] == Substring(district) }
    return Data((kept.joined(separator: "\r\n") + "\r\n").utf8)
  }

  /// Every full ID number of the register (column 身份证号).
  var idNumbers: [String] {
    lines.dropFirst().map { String($0.split(separator: ",", omittingEmptySubsequences: false)[1]) }.filter { $0.count == 18 }
  }

  /// What `quotaplan track` gives for this register on the folder (the library's own path).
  func tracked(_ data: Data, name: String, asOf: String) throws -> TrackingResult {
    let url = folder.appendingPathComponent("register-\(UUID().uuidString).csv")
    try data.write(to: url)
    return try Tracking.track(plan: folder.path, registers: [(url, name)], asOf: try #require(Day(iso: asOf)))
  }
}

extension APIClient {
  /// Uploads a register to a version's tracking.
  func uploadRegister(_ data: Data, version: Int64 = 1, asOf: String?, filename: String = "花名册.csv") async throws -> TestResponse {
    var headers: HTTPFields = [.contentType: "application/octet-stream"]
    if let cookie { headers[.cookie] = cookie }
    if let csrf { headers[HTTPField.Name("X-CSRF-Token")!] = csrf }
    var query = "filename=" + (filename.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
    if let asOf { query += "&asOf=\(asOf)" }
    return try await client.executeRequest(
      uri: "/api/versions/\(version)/tracking?\(query)", method: .post, headers: headers, body: ByteBuffer(bytes: data))
  }

  func tracking(version: Int64 = 1, lang: String = "en") async throws -> [String: Any] {
    let response = try await request(.get, "/api/versions/\(version)/tracking?lang=\(lang)")
    #expect(response.status == .ok, "\(response.text)")
    return try response.json()
  }
}

/// Every 18-character window of each run of ID characters (digits, X) in `data`: what a full ID
/// number written anywhere in it would be among.
private func idLike(_ data: Data) -> Set<String> {
  var found = Set<String>()
  var run: [UInt8] = []
  func flush() {
    if run.count >= 18 { for start in 0...(run.count - 18) { found.insert(String(decoding: run[start..<start + 18], as: UTF8.self)) } }
    run.removeAll(keepingCapacity: true)
  }
  for byte in data {
    if (byte >= 48 && byte <= 57) || byte == 88 || byte == 120 { run.append(byte == 120 ? 88 : byte) } else { flush() }
  }
  flush()
  return found
}

/// Percent-encodes a query value.
private func encodedQuery(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text }

@Suite(.serialized) struct TrackingAPITests {
  static func districts(_ view: [String: Any]) -> [String: [String: Any]] {
    var out: [String: [String: Any]] = [:]
    for item in (view["districts"] as? [[String: Any]]) ?? [] { out[item["district"] as? String ?? ""] = item }
    return out
  }

  static func snapshotCount(_ world: CountyWorld) async throws -> Int {
    try await world.workspace.database.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM tracking_snapshot") ?? 0 }
  }

  @Test func theCityUploadsTheWholeRegisterAndSeesEveryDistrictAsQuotaplanTrackDoes() async throws {
    let world = try await CountyWorld()
    let register = try await TrackingRegister(world, asOf: "2022-06-30", seed: 7)
    let library = try register.tracked(register.csv, name: "花名册.csv", asOf: "2022-06-30")
    try await world.clients { city, _, _, reviewer in
      let uploaded = try await city.uploadRegister(register.csv, asOf: "2022-06-30")
      #expect(uploaded.status == .created, "\(uploaded.text)")
      let answer = try uploaded.json()
      #expect(answer["records"] as? Int == library.records)
      // Every planted problem is found, as quotaplan track finds it.
      let counts = (answer["problemCounts"] as? [String: Int]) ?? [:]
      for (code, count) in register.expected where count > 0 { #expect(counts[code] == count, "\(code)") }

      for client in [city, reviewer] {
        let view = try await client.tracking()
        let districts = Self.districts(view)
        #expect(Set(districts.keys) == Set(library.districtRows.map(\.district)))
        #expect((view["untracked"] as? [Any])?.isEmpty == true)
        for row in library.districtRows {
          let rates = try #require(districts[row.district]?["rates"] as? [String: Any])
          #expect(rates["inRange"] as? Int == row.inRange, "\(row.district)")
          #expect(rates["entered"] as? Int == row.entered, "\(row.district)")
          #expect(rates["complete"] as? Int == row.complete, "\(row.district)")
          #expect(abs((rates["useRate"] as? Double ?? -1) - (row.useRate ?? -2)) < 1e-12, "\(row.district)")
          #expect(abs((rates["completeness"] as? Double ?? -1) - (row.completeness ?? -2)) < 1e-12, "\(row.district)")
          #expect(rates["status"] as? String == row.status.rawValue, "\(row.district)")
          #expect(districts[row.district]?["source"] as? String == "city")
          // The pace from now on aims at the next milestone (12-20, 100 %): every unused number of the quota.
          let pace = rates["pace"] as? [String: Any]
          #expect(pace?["milestone"] as? String == "2022-12-20")
          #expect(pace?["needed"] as? Int == max(0, row.quota - row.inRange), "\(row.district)")
        }
        // Behind pace first.
        let severities = ((view["districts"] as? [[String: Any]]) ?? []).compactMap { ($0["rates"] as? [String: Any])?["status"] as? String }
          .compactMap { TrackingStatus(rawValue: $0)?.severity }
        #expect(severities == severities.sorted(by: >))
        let grouped = ((view["problems"] as? [[String: Any]]) ?? []).reduce(0) { $0 + (($1["count"] as? Int) ?? 0) }
        #expect(grouped == library.problems.filter { !$0.district.isEmpty && districts[$0.district] != nil }.count)
      }

      // The files are the library's, byte for byte (tracking.csv, problems.csv, tracking.html).
      let expected = Dictionary(
        (try TrackingOutput.files(library, language: library.language) + TrackingReport.files(library, language: library.language))
          .map { ($0.name, $0.data) }, uniquingKeysWith: { a, _ in a })
      for name in ["tracking.csv", "problems.csv", "tracking.html"] {
        let file = try await city.request(.get, "/api/versions/1/tracking/files/\(name)")
        #expect(file.status == .ok, "\(name): \(file.text.prefix(300))")
        #expect(file.data == expected[name], "\(name)")
      }
      let workbook = try await reviewer.request(.get, "/api/versions/1/tracking/files/tracking.xlsx")
      #expect(workbook.status == .ok)
      #expect(workbook.data.prefix(2) == Data("PK".utf8))
      #expect(try await city.request(.get, "/api/versions/1/tracking/files/plan.json").status == .notFound)
    }
    // One audit entry, with the version, the as-of date and the counts.
    let entries = try await world.audit(action: "tracking_upload")
    #expect(entries.count == 1)
    let after: String = entries.first?["after"] ?? ""
    let versionID: Int64? = entries.first?["version_id"]
    let district: String? = entries.first?["district"]
    #expect(versionID == 1)
    #expect(district == nil)
    #expect(after.contains("as_of=2022-06-30") && after.contains("records=\(library.records)"))
  }

  @Test func aCountyUploadsItsOwnDistrictAndItsSnapshotIsNewerThanAnOlderCityOne() async throws {
    let world = try await CountyWorld()
    let may = try await TrackingRegister(world, asOf: "2022-05-31", seed: 3)
    let june = try await TrackingRegister(world, asOf: "2022-06-30", seed: 3)
    let own = june.only("宝应县")
    let library = try june.tracked(june.only("宝应县"), name: "宝应县.csv", asOf: "2022-06-30").restricted(to: "宝应县")
    try await world.clients { city, baoying, _, _ in
      #expect(try await city.uploadRegister(may.csv, asOf: "2022-05-31").status == .created)
      let uploaded = try await baoying.uploadRegister(own, asOf: "2022-06-30", filename: "宝应县.csv")
      #expect(uploaded.status == .created, "\(uploaded.text)")
      #expect(try uploaded.json()["district"] as? String == "宝应县")

      let view = Self.districts(try await city.tracking())
      #expect(view["宝应县"]?["source"] as? String == "county")
      #expect(view["宝应县"]?["asOf"] as? String == "2022-06-30")
      #expect(view["高邮市"]?["source"] as? String == "city")
      #expect(view["高邮市"]?["asOf"] as? String == "2022-05-31")
      let rates = try #require(view["宝应县"]?["rates"] as? [String: Any])
      #expect(rates["inRange"] as? Int == library.total.inRange)
      #expect(rates["entered"] as? Int == library.total.entered)

      // The county's progress: the city's May snapshot, then its own June one.
      let county = try await baoying.tracking()
      let progress = try #require((county["progress"] as? [[String: Any]])?.first)
      #expect((progress["points"] as? [[String: Any]])?.compactMap { $0["asOf"] as? String } == ["2022-05-31", "2022-06-30"])
      let file = try await baoying.request(.get, "/api/versions/1/tracking/files/tracking.csv")
      #expect(file.data == (try TrackingOutput.files(library, language: library.language).first { $0.name == "tracking.csv" }?.data))
    }
    let entries = try await world.audit(action: "tracking_upload")
    #expect(entries.count == 2)
    let district: String? = entries.last?["district"]
    let target: String? = entries.last?["target"]
    #expect(district == "宝应县")
    #expect(target == "version:1/district:宝应县")
  }

  @Test func aCountyRegisterWithAnotherDistrictsRowIsRefusedAndNothingStored() async throws {
    let world = try await CountyWorld()
    let register = try await TrackingRegister(world, asOf: "2022-06-30", seed: 5)
    // 宝应县's rows and one row of 高邮市 (row 2 of the file is the stray one).
    var lines = String(decoding: register.only("宝应县"), as: UTF8.self).components(separatedBy: "\r\n").filter { !$0.isEmpty }
    let stray = try #require(register.lines.first { $0.split(separator: ",", omittingEmptySubsequences: false)[4] == "高邮市" })
    lines.insert(stray, at: 1)
    let mixed = Data((lines.joined(separator: "\r\n") + "\r\n").utf8)
    try await world.clients { _, baoying, _, _ in
      let refused = try await baoying.uploadRegister(mixed, asOf: "2022-06-30", filename: "mixed.csv")
      #expect(refused.status == .unprocessableContent)
      #expect(refused.errorCode == "invalid_data")
      let problems = try #require((try refused.json()["error"] as? [String: Any])?["problems"] as? [[String: Any]])
      #expect(problems.count == 1)
      #expect(problems.first?["row"] as? Int == 2)
      #expect(problems.first?["column"] as? String == "区县")
      #expect(problems.first?["file"] as? String == "mixed.csv")
      #expect((problems.first?["message"] as? String)?.contains("高邮市") == true)
      // The whole city's register from a county: every other district's row is named.
      let whole = try await baoying.uploadRegister(register.csv, asOf: "2022-06-30")
      #expect(whole.status == .unprocessableContent)
      let listed = (try whole.json()["error"] as? [String: Any])?["problems"] as? [[String: Any]] ?? []
      let omitted = ((try whole.json()["error"] as? [String: Any])?["omitted"] as? Int) ?? 0
      let strays = register.lines.dropFirst().filter { $0.split(separator: ",", omittingEmptySubsequences: false)[4] != "宝应县" }.count
      #expect(listed.count + omitted == strays)
    }
    #expect(try await Self.snapshotCount(world) == 0)
    #expect(try await world.audit(action: "tracking_upload").isEmpty)
  }

  @Test func aCountyNeverSeesAnotherDistrictsFiguresOrProblems() async throws {
    let world = try await CountyWorld()
    let register = try await TrackingRegister(world, asOf: "2022-06-30", seed: 11)
    try await world.clients { city, baoying, gaoyou, _ in
      #expect(try await city.uploadRegister(register.csv, asOf: "2022-06-30").status == .created)
      let gaoyouOwn = try await gaoyou.uploadRegister(register.only("高邮市"), asOf: "2022-06-30", filename: "高邮.csv")
      #expect(gaoyouOwn.status == .created)
      let view = try await baoying.request(.get, "/api/versions/1/tracking")
      #expect(view.status == .ok)
      #expect(Set(Self.districts(try view.json()).keys) == ["宝应县"])
      let groups = (try view.json()["problems"] as? [[String: Any]]) ?? []
      #expect(groups.allSatisfy { $0["district"] as? String == "宝应县" })
      #expect(((try view.json()["history"] as? [[String: Any]]) ?? []).allSatisfy { $0["district"] as? String != "高邮市" })
      // No school of another district is named (a borrowed number may name another district's range, never its schools).
      let rows = register.lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
      let ownUnits = Set(rows.filter { $0[4] == "宝应县" }.map { $0[5] })
      let otherSchools = Set(rows.filter { $0[4] != "宝应县" && $0[5].hasSuffix("中学") }.map { $0[5] }).filter { name in !ownUnits.contains { $0.contains(name) } }
      #expect(otherSchools.count > 10)
      let own = try await baoying.request(.get, "/api/versions/1/tracking/files/problems.csv")
      #expect(own.status == .ok)
      for body in [view.text, own.text] {
        #expect(!otherSchools.contains { body.contains($0) })
        #expect(!body.contains("高邮.csv"))
      }
      // Its own district's files only; another district's answers 404 like a missing one.
      let csv = try await baoying.request(.get, "/api/versions/1/tracking/files/tracking.csv")
      #expect(!csv.text.contains("高邮市") && csv.text.contains("宝应县"))
      #expect(try await baoying.request(.get, "/api/versions/1/tracking/files/tracking.csv?district=\(encodedQuery("高邮市"))").status == .notFound)
      #expect(try await gaoyou.request(.get, "/api/versions/1/tracking/files/tracking.html?district=\(encodedQuery("宝应县"))").status == .notFound)
      // The city reads any district's.
      let cityOwn = try await city.request(.get, "/api/versions/1/tracking/files/tracking.csv?district=\(encodedQuery("高邮市"))")
      #expect(cityOwn.status == .ok)
      #expect(cityOwn.text.contains("高邮市") && !cityOwn.text.contains("宝应县"))
    }
    // The administrator has no tracking at all.
    try await world.workspace.test(as: .admin) { admin in
      let answer = try await admin.request(.get, "/api/versions/1/tracking")
      #expect(answer.status == .forbidden)
    }
  }

  @Test func theDatabaseHoldsNoFullIDNumberOfTheRegister() async throws {
    let world = try await CountyWorld()
    let register = try await TrackingRegister(world, asOf: "2022-06-30", seed: 13)
    let ids = register.idNumbers
    #expect(ids.count > 1000)
    // The scan finds an ID number where one is written (the register itself).
    #expect(ids.allSatisfy(idLike(register.csv).contains))
    try await world.clients { city, baoying, _, _ in
      #expect(try await city.uploadRegister(register.csv, asOf: "2022-06-30").status == .created)
      #expect(try await baoying.uploadRegister(register.only("宝应县"), asOf: "2022-06-30").status == .created)
      // A county's register with another district's row: the refusal names no full ID either.
      var bodies = [try await baoying.uploadRegister(register.csv, asOf: "2022-06-30").text]
      bodies.append(try await city.request(.get, "/api/versions/1/tracking").text)
      for name in TrackingEndpoints.fileNames where name.hasSuffix(".csv") || name.hasSuffix(".html") {
        bodies.append(try await city.request(.get, "/api/versions/1/tracking/files/\(name)").text)
      }
      let found = bodies.reduce(into: Set<String>()) { $0.formUnion(idLike(Data($1.utf8))) }
      let shown = ids.filter(found.contains)
      #expect(shown.isEmpty, "\(shown.count) full ID numbers in answers")
    }
    // Every byte the database holds on disk (the main file and its write-ahead log).
    var bytes = Data()
    let files = try FileManager.default.contentsOfDirectory(at: world.workspace.folder, includingPropertiesForKeys: nil)
    for file in files where file.lastPathComponent.hasPrefix(WorkspaceDatabase.fileName) {
      bytes += try Data(contentsOf: file)
    }
    #expect(bytes.count > 0, "no database file found in \(files.map(\.lastPathComponent))")
    let found = idLike(bytes)
    let leaked = ids.filter(found.contains)
    #expect(leaked.isEmpty, "\(leaked.count) full ID numbers found")
    // The masked form is there (the problem rows keep it).
    #expect(try await world.workspace.database.pool.read { db in
      try String.fetchOne(db, sql: "SELECT result_json FROM tracking_snapshot LIMIT 1")?.contains("****") ?? false
    })
  }

  @Test func uploadsNeedAPublishedVersionADateOfTheYearAndReadableRows() async throws {
    let workspace = try TestWorkspace(seed: true)
    try workspace.addUser("reviewer", role: .reviewer)
    let bad = Data("\u{FEFF}姓名,身份证号,发展团员编号,入团时间,区县,学校/单位,年级,所在团组织,录入时间,档案上传时间,认证状态\r\n张三,110101200601010011,202200000001,2022-03-01,宝应县,宝应县曹甸镇中学,初三,,2022-03-01,,已认证\r\n李四,110101200601010011,202200000002,2022-13-45,宝应县,宝应县曹甸镇中学,初三,,2022-03-01,,已认证\r\n".utf8)
    try await workspace.test(as: .city) { city in
      // Version 1 is not published: nothing to track yet.
      let unpublished = try await city.uploadRegister(bad, asOf: "2022-06-30")
      #expect(unpublished.status == .conflict)
      #expect(unpublished.errorCode == "not_published")
    }
    try await workspace.test(as: .reviewer) { reviewer in
      let answer = try await reviewer.request(.get, "/api/versions/1/tracking")
      #expect(answer.status == .notFound)
    }
    let city = try #require(try workspace.accounts.all().first { $0.name == "city" })
    _ = try await workspace.services.plans.publish(version: 1, name: "2022 年计划", by: city)
    try await workspace.test(as: .city) { client in
      #expect(try await client.uploadRegister(bad, asOf: nil).status == .badRequest)
      #expect(try await client.uploadRegister(bad, asOf: "2023-06-30").errorCode == "wrong_year")
      #expect(try await client.uploadRegister(Data(), asOf: "2022-06-30").errorCode == "invalid_file")
      let refused = try await client.uploadRegister(bad, asOf: "2022-06-30", filename: "../../etc/花名册.csv")
      #expect(refused.status == .unprocessableContent)
      let problem = try #require(((try refused.json()["error"] as? [String: Any])?["problems"] as? [[String: Any]])?.first)
      #expect(problem["file"] as? String == "花名册.csv")
      #expect(problem["row"] as? Int == 3)
      #expect(problem["column"] as? String == "入团时间")
      #expect(!refused.text.contains("110101200601010011"))
    }
    #expect(try await workspace.database.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM tracking_snapshot") } == 0)
  }

  @Test func snapshotsAreAppendOnly() async throws {
    let world = try await CountyWorld()
    let register = try await TrackingRegister(world, asOf: "2022-04-30", seed: 2)
    try await world.clients { city, _, _, _ in
      let answer = try await city.uploadRegister(register.csv, asOf: "2022-04-30")
      #expect(answer.status == .created)
    }
    await #expect(throws: DatabaseError.self) {
      try await world.workspace.database.pool.write { db in try db.execute(sql: "UPDATE tracking_snapshot SET as_of = '2022-01-01'") }
    }
    await #expect(throws: DatabaseError.self) {
      try await world.workspace.database.pool.write { db in try db.execute(sql: "DELETE FROM tracking_snapshot") }
    }
  }
}
