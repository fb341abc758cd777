import Foundation
import GRDB
#if canImport(Glibc)
  import Glibc
#endif
import HummingbirdTesting
import QuotaPlan
import Testing
@testable import Workspace

/// Uploading tables over HTTP: read by the CLI's readers, every problem reported at once with
/// the rows that have one, nothing stored unless all is valid.
@Suite struct UploadAPITests {
  struct File: Encodable, Sendable {
    var fileName: String
    var base64: String
    init(_ name: String, _ data: Data) {
      fileName = name
      base64 = data.base64EncodedString()
    }
    init(_ name: String, base64: String) {
      fileName = name
      self.base64 = base64
    }
  }

  struct Upload: Encodable, Sendable {
    var name: String
    var settingsFrom: Int64?
    var schools: File
    var social: File?
  }

  static let schoolsCSV = TestWorkspace.yangzhou.appendingPathComponent("schools.csv")
  static let socialCSV = TestWorkspace.yangzhou.appendingPathComponent("social.csv")
  static let fixtures = TestWorkspace.root.appendingPathComponent("Tests/QuotaPlanTests/Fixtures")

  func counts(_ workspace: TestWorkspace) throws -> (scenarios: Int, versions: Int, datasets: Int) {
    try workspace.database.pool.read { db in
      (
        try Int.fetchOne(db, sql: "SELECT count(*) FROM scenario") ?? 0, try Int.fetchOne(db, sql: "SELECT count(*) FROM version") ?? 0,
        try Int.fetchOne(db, sql: "SELECT count(*) FROM dataset") ?? 0
      )
    }
  }

  @Test func aGoodCSVCreatesAScenario() async throws {
    let workspace = try TestWorkspace(seed: true)
    let seeded = try await workspace.services.plans.scenario(version: 1)
    let body = Upload(
      name: "上传的扬州", settingsFrom: 1, schools: File("学校.csv", try Data(contentsOf: Self.schoolsCSV)),
      social: File("社会领域.csv", try Data(contentsOf: Self.socialCSV)))
    try await workspace.test(as: .city) { client in
      let response = try await client.request(.post, "/api/scenarios/upload", json: body)
      #expect(response.status == .created, "\(response.text)")
      let json = try response.json()
      let version = try #require((json["versionId"] as? NSNumber)?.int64Value)
      #expect((json["scenarioId"] as? NSNumber)?.int64Value != nil)
      // The same files as the seed's: the same data and settings, and the same plan.
      let uploaded = try await workspace.services.plans.scenario(version: version)
      #expect(uploaded.schools == seeded.schools)
      #expect(uploaded.socialUnits == seeded.socialUnits)
      var policy = uploaded.policy
      policy.name = seeded.policy.name
      #expect(policy == seeded.policy)
      guard case .planned(let plan) = try await workspace.services.plans.outcome(version: version) else {
        Issue.record("the uploaded scenario did not plan")
        return
      }
      #expect(plan.total == 6360)

      // The same name again is refused, and nothing more is stored.
      let before = try counts(workspace)
      let again = try await client.request(.post, "/api/scenarios/upload", json: body)
      #expect(again.status == .conflict)
      #expect(try counts(workspace) == before)
    }
  }

  /// `text` in GB18030, as Excel's "CSV" saves it on Chinese Windows (through the C library's iconv).
  static func gb18030(_ text: String) throws -> Data {
    let converter = iconv_open("GB18030", "UTF-8")
    try #require(converter != iconv_t(bitPattern: -1))
    defer { iconv_close(converter) }
    var input = Array(text.utf8)
    var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
    let capacity = output.count
    let written = input.withUnsafeMutableBufferPointer { inBuffer in
      output.withUnsafeMutableBufferPointer { outBuffer -> Int in
        var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuffer.baseAddress!).assumingMemoryBound(to: CChar.self)
        var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress!).assumingMemoryBound(to: CChar.self)
        var inLeft = inBuffer.count
        var outLeft = outBuffer.count
        let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
        return result == -1 || inLeft != 0 ? -1 : capacity - outLeft
      }
    }
    try #require(written > 0)
    return Data(output[..<written])
  }

  @Test func aGB18030CSVIsReadAsTheCLIReadsIt() async throws {
    let workspace = try TestWorkspace(seed: true)
    let seeded = try await workspace.services.plans.scenario(version: 1)
    let schools = try Self.gb18030(try String(contentsOf: Self.schoolsCSV, encoding: .utf8))
    let social = try Self.gb18030(try String(contentsOf: Self.socialCSV, encoding: .utf8))
    #expect(String(data: schools, encoding: .utf8) == nil, "the test file should not be UTF-8")
    let body = Upload(name: "GBK 上传", settingsFrom: 1, schools: File("schools.csv", schools), social: File("social.csv", social))
    try await workspace.test(as: .city) { client in
      let response = try await client.request(.post, "/api/scenarios/upload", json: body)
      #expect(response.status == .created, "\(response.text)")
      let version = try #require((try response.json()["versionId"] as? NSNumber)?.int64Value)
      let uploaded = try await workspace.services.plans.scenario(version: version)
      #expect(uploaded.schools == seeded.schools)
      #expect(uploaded.socialUnits == seeded.socialUnits)
    }
  }

  @Test func theNoticeSettingsTakeTheDistrictsFromTheData() async throws {
    let workspace = try TestWorkspace(seed: false)
    let body = Upload(
      name: "按通知默认", settingsFrom: nil, schools: File("schools.csv", try Data(contentsOf: Self.schoolsCSV)),
      social: File("social.csv", try Data(contentsOf: Self.socialCSV)))
    try await workspace.test(as: .city) { client in
      let response = try await client.request(.post, "/api/scenarios/upload", json: body)
      #expect(response.status == .created, "\(response.text)")
      let version = try #require((try response.json()["versionId"] as? NSNumber)?.int64Value)
      let scenario = try await workspace.services.plans.scenario(version: version)
      var districts: [String] = []
      for district in scenario.schools.map(\.district) + scenario.socialUnits.map(\.district) where !districts.contains(district) {
        districts.append(district)
      }
      #expect(scenario.policy.districts == districts)
      #expect(scenario.policy.categories == Policy.notice.categories)

      // Without a social file the notice's social category has no data: refused with a sentence.
      let noSocial = Upload(name: "无社会领域", settingsFrom: nil, schools: body.schools, social: nil)
      let refused = try await client.request(.post, "/api/scenarios/upload", json: noSocial)
      #expect(refused.status == .unprocessableContent)
      #expect(refused.errorCode == "social_missing")
    }
  }

  @Test func threeBadCellsAreAllReportedWithTheirRows() async throws {
    let workspace = try TestWorkspace(seed: true)
    var lines = try String(contentsOf: Self.schoolsCSV, encoding: .utf8).components(separatedBy: "\n")
    let header = lines[0].trimmingCharacters(in: .whitespacesAndNewlines).components(separatedBy: ",")
    func set(_ row: Int, _ column: String, _ value: String) throws {
      var fields = lines[row - 1].components(separatedBy: ",")
      fields[try #require(header.firstIndex(of: column))] = value
      lines[row - 1] = fields.joined(separator: ",")
    }
    try set(3, "students", "四百")
    try set(10, "members", "-5")
    try set(20, "grade", "9")
    let broken = Data(lines.joined(separator: "\n").utf8)
    let before = try counts(workspace)
    let body = Upload(name: "有错的表", settingsFrom: 1, schools: File("schools-2022.csv", broken), social: nil)
    try await workspace.test(as: .city) { client in
      let response = try await client.request(.post, "/api/scenarios/upload", json: body)
      #expect(response.status == .unprocessableContent, "\(response.text)")
      #expect(response.errorCode == "invalid_data")
      let error = try #require(try response.json()["error"] as? [String: Any])
      #expect((error["message"] as? String)?.contains("3 处问题") == true, "\(error["message"] ?? "")")
      let problems = try #require(error["problems"] as? [[String: Any]])
      #expect(problems.count == 3)
      #expect(problems.compactMap { $0["row"] as? Int } == [3, 10, 20])
      #expect(problems.compactMap { $0["column"] as? String } == ["students", "members", "grade"])
      #expect(problems.allSatisfy { $0["file"] as? String == "schools-2022.csv" })
      let preview = try #require((error["preview"] as? [String: Any])?["schools-2022.csv"] as? [String: Any])
      #expect(preview["header"] as? [String] == header)
      let rows = try #require(preview["rows"] as? [[String: Any]])
      #expect(rows.compactMap { $0["row"] as? Int } == [3, 10, 20])
      let studentsColumn = try #require(header.firstIndex(of: "students"))
      #expect((rows.first?["cells"] as? [String])?[studentsColumn] == "四百")
    }
    #expect(try counts(workspace) == before)
  }

  /// A workbook made by the engine's own writer from a CSV file: the table on the first sheet
  /// (numbers as number cells), a second sheet that must not be read.
  static func workbook(_ csv: URL) throws -> Data {
    let text = try String(contentsOf: csv, encoding: .utf8)
    let rows = text.split(whereSeparator: \.isNewline).map { line in
      line.split(separator: ",", omittingEmptySubsequences: false).map { field -> XLSXWriter.Cell in
        Int(field).map(XLSXWriter.Cell.number) ?? .text(String(field))
      }
    }
    return try XLSXWriter.workbook([("数据", rows), ("说明", [[.text("district")], [.text("此表不读")]])])
  }

  @Test func anXLSXUploadWorks() async throws {
    let workspace = try TestWorkspace(seed: true)
    let seeded = try await workspace.services.plans.scenario(version: 1)
    let body = Upload(
      name: "Excel 上传", settingsFrom: 1, schools: File("学校.xlsx", try Self.workbook(Self.schoolsCSV)),
      social: File("社会.xlsx", try Self.workbook(Self.socialCSV)))
    try await workspace.test(as: .city) { client in
      let response = try await client.request(.post, "/api/scenarios/upload", json: body)
      #expect(response.status == .created, "\(response.text)")
      let version = try #require((try response.json()["versionId"] as? NSNumber)?.int64Value)
      let uploaded = try await workspace.services.plans.scenario(version: version)
      #expect(uploaded.schools == seeded.schools)
      #expect(uploaded.socialUnits == seeded.socialUnits)

      // A workbook whose first sheet is not the table (the CLI's fixture names its sheet with #):
      // the header problems come back with the first sheet's header in the preview.
      let noted = Upload(
        name: "Excel 说明页", settingsFrom: 1,
        schools: File("yangzhou-schools.xlsx", try Data(contentsOf: Self.fixtures.appendingPathComponent("yangzhou-schools.xlsx"))), social: nil)
      let refused = try await client.request(.post, "/api/scenarios/upload", json: noted)
      #expect(refused.status == .unprocessableContent)
      let error = try #require(try refused.json()["error"] as? [String: Any])
      let preview = (error["preview"] as? [String: Any])?["yangzhou-schools.xlsx"] as? [String: Any]
      #expect((preview?["header"] as? [String])?.isEmpty == false)
    }
  }

  @Test func garbageIsA4xxNeverA500() async throws {
    let workspace = try TestWorkspace(seed: true)
    let before = try counts(workspace)
    try await workspace.test(as: .city) { client in
      let garbage = Upload(name: "乱码", settingsFrom: 1, schools: File("schools.csv", base64: "这不是base64!!!"), social: nil)
      let response = try await client.request(.post, "/api/scenarios/upload", json: garbage)
      #expect(response.status == .unprocessableContent, "\(response.text)")
      #expect(response.errorCode == "invalid_file")

      // Valid base64 of bytes that are no table: a sentence naming the file.
      let binary = Upload(name: "二进制", settingsFrom: 1, schools: File("schools.csv", Data([0xFF, 0xFE, 0x00, 0x01, 0x80, 0x81, 0xC0])), social: nil)
      let unreadable = try await client.request(.post, "/api/scenarios/upload", json: binary)
      #expect(unreadable.status == .unprocessableContent, "\(unreadable.text)")
      #expect(unreadable.errorCode == "invalid_data")

      // A broken workbook (zip magic, nothing else).
      let zip = Upload(name: "坏的xlsx", settingsFrom: 1, schools: File("schools.xlsx", Data([0x50, 0x4B, 0x03, 0x04, 1, 2, 3])), social: nil)
      let broken = try await client.request(.post, "/api/scenarios/upload", json: zip)
      #expect(broken.status == .unprocessableContent, "\(broken.text)")

      let noSuchSettings = Upload(name: "无来源", settingsFrom: 999, schools: File("schools.csv", Data("a,b\n1,2\n".utf8)), social: nil)
      #expect(try await client.request(.post, "/api/scenarios/upload", json: noSuchSettings).status == .notFound)
      #expect(try await client.request(.post, "/api/scenarios/upload", rawJSON: "{\"name\": 3}").status == .badRequest)
      #expect(try await client.request(.post, "/api/scenarios/upload", rawJSON: "not json").status == .badRequest)
    }
    #expect(try counts(workspace) == before)
  }
}
