import Foundation
import Testing
import ZIPFoundation
@testable import QuotaPlan

/// `quotaplan track` run as a planner runs it: privacy of every output, determinism, exit codes.
@Suite struct TrackCLITests {
  typealias Row = TrackFixture.Row

  /// A register with personal data in every place it can go: valid and invalid IDs, one person
  /// twice, an under-age member, an ID typed into the member-number column, names.
  static func personalRows() -> [Row] {
    var rows = TrackFixture.cleanRows()
    rows[0].id = String(rows[0].id.dropLast()) + (rows[0].id.last == "1" ? "2" : "1")  // invalid_id
    rows[1].id = TrackFixture.id(birth: "20080302", sequence: 77)  // under_age
    var twin = rows[2]
    twin.number = TrackFixture.number(4)
    rows.append(twin)  // duplicate_person
    var typo = rows[3]
    typo.id = TrackFixture.id(birth: "20061231", sequence: 555)
    typo.number = typo.id  // an ID number in the member-number column: bad_number
    rows[3] = typo
    rows[4].status = "认证不通过"
    return rows
  }

  /// Every file under `folder` as text; workbooks unpacked part by part.
  static func texts(_ folder: URL) throws -> [(name: String, text: String)] {
    var texts: [(String, String)] = []
    let names = try #require(FileManager.default.subpaths(atPath: folder.path))
    for name in names.sorted() {
      let url = folder.appendingPathComponent(name)
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
      let data = try Data(contentsOf: url)
      if XLSXReader.isWorkbook(data) {
        let archive = try Archive(url: url, accessMode: .read)
        for entry in archive {
          var part = Data()
          _ = try archive.extract(entry) { part.append($0) }
          texts.append(("\(name)/\(entry.path)", String(decoding: part, as: UTF8.self)))
        }
      } else {
        texts.append((name, String(decoding: data, as: UTF8.self)))
      }
    }
    return texts
  }

  @Test(arguments: [Language.zh, .en])
  func noFullIDNameOrBirthDateLeaves(_ language: Language) async throws {
    let plan = try TrackFixture.planFolder(subRanges: true)
    let rows = Self.personalRows()
    let register = try TrackFixture.register(rows)
    let work = register.deletingLastPathComponent()
    let run = try await quotaplan(
      ["track", plan.path, register.path, "--as-of", "2022-06-30", "--out", "out", "--language", language.rawValue], cwd: work)
    #expect(run.status == 0, "\(run.stderr)")
    let outputs = try Self.texts(work.appendingPathComponent("out"))
    #expect(outputs.contains { $0.name == "problems.csv" })
    #expect(outputs.contains { $0.name == "tracking_schools.csv" })
    let everything = outputs + [("stdout", run.stdout), ("stderr", run.stderr)]
    for row in rows {
      let birth = String(row.id.dropFirst(6).prefix(8))
      let dashed = "\(birth.prefix(4))-\(birth.dropFirst(4).prefix(2))-\(birth.suffix(2))"
      for (name, text) in everything {
        #expect(!text.contains(row.id), "a full ID number is in \(name)")
        #expect(!text.contains(birth) && !text.contains(dashed), "a birth date is in \(name)")
        #expect(!text.contains(row.name), "a name is in \(name) without --names")
      }
    }
    // The findings are there, masked.
    let problems = try #require(outputs.first { $0.name == "problems.csv" }?.text)
    #expect(problems.contains("990101********"))
    for code in ["invalid_id", "under_age", "duplicate_person", "bad_number", "not_certified"] {
      #expect(problems.contains(code), "\(code) missing")
    }
  }

  @Test func errorMessagesCarryNoID() async throws {
    let plan = try TrackFixture.planFolder()
    var rows = Self.personalRows()
    rows[2].joined = "2022-02-30"
    rows[5].status = "不知道"
    let register = try TrackFixture.register(rows)
    let run = try await quotaplan(["track", plan.path, register.path, "--as-of", "2022-06-30", "--out", "out", "--language", "en"], cwd: register.deletingLastPathComponent())
    #expect(run.status == 65)
    #expect(run.stderr.contains("register.csv, row 4, column 入团时间"))
    #expect(run.stderr.contains("register.csv, row 7, column 认证状态"))
    for row in rows { #expect(!run.stderr.contains(row.id) && !run.stdout.contains(row.id)) }
    #expect(!FileManager.default.fileExists(atPath: register.deletingLastPathComponent().appendingPathComponent("out").path))
  }

  @Test func namesOnlyWithTheFlag() async throws {
    let plan = try TrackFixture.planFolder()
    let register = try TrackFixture.register(Self.personalRows())
    let work = register.deletingLastPathComponent()
    let run = try await quotaplan(["track", plan.path, register.path, "--as-of", "2022-06-30", "--out", "out", "--names", "--language", "en"], cwd: work)
    #expect(run.status == 0, "\(run.stderr)")
    let problems = try String(contentsOf: work.appendingPathComponent("out/problems.csv"), encoding: .utf8)
    #expect(problems.contains(",masked_id,name\r\n"))
    #expect(problems.contains("成员1"))
  }

  @Test func sameInputSameBytes() async throws {
    let plan = try TrackFixture.planFolder(subRanges: true)
    let register = try TrackFixture.register(Self.personalRows())
    let work = register.deletingLastPathComponent()
    for out in ["a", "b"] {
      let run = try await quotaplan(["track", plan.path, register.path, "--as-of", "2022-06-30", "--out", out], cwd: work)
      #expect(run.status == 0, "\(run.stderr)")
    }
    let a = work.appendingPathComponent("a"), b = work.appendingPathComponent("b")
    let names = try FileManager.default.contentsOfDirectory(atPath: a.path).sorted()
    #expect(names == (try FileManager.default.contentsOfDirectory(atPath: b.path).sorted()))
    #expect(names.contains("tracking.csv"))
    for name in names {
      #expect(try Data(contentsOf: a.appendingPathComponent(name)) == Data(contentsOf: b.appendingPathComponent(name)), "\(name) differs")
    }
  }

  @Test func usageErrors() async throws {
    let plan = try TrackFixture.planFolder()
    let register = try TrackFixture.register(TrackFixture.cleanRows())
    let work = register.deletingLastPathComponent()
    let badDate = try await quotaplan(["track", plan.path, register.path, "--as-of", "30/06/2022", "--language", "en"], cwd: work)
    #expect(badDate.status == 64)
    #expect(badDate.stderr.contains("--as-of 30/06/2022 is not a date"))
    let otherYear = try await quotaplan(["track", plan.path, register.path, "--as-of", "2023-06-30", "--out", "o"], cwd: work)
    #expect(otherYear.status == 64)
    let noRegister = try await quotaplan(["track", plan.path, "--as-of", "2022-06-30"], cwd: work)
    #expect(noRegister.status == 64)
    let badMilestone = try await quotaplan(["track", plan.path, register.path, "--as-of", "2022-06-30", "--milestone", "06-30=150"], cwd: work)
    #expect(badMilestone.status == 64)
  }

  @Test func summaryAndDefaultFolder() async throws {
    let plan = try TrackFixture.planFolder()
    let register = try TrackFixture.register(TrackFixture.cleanRows())
    let work = register.deletingLastPathComponent()
    let run = try await quotaplan(["track", plan.path, register.path, "--as-of", "2022-06-30", "--language", "en"], cwd: work)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("10 records in 1 register file"))
    #expect(run.stdout.contains("No problems found."))
    let folder = work.appendingPathComponent("out/\(plan.lastPathComponent)-tracking-2022-06-30")
    #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("tracking.csv").path))
  }
}
