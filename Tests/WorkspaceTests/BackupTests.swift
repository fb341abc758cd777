import Foundation
import GRDB
import Testing
@testable import Workspace

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// `backup` while the real server runs and takes saves, and the restore steps the README gives,
/// through the built program and HTTP on 127.0.0.1.
@Suite(.serialized) struct BackupTests {
  static let password = "a long enough password"

  static func folder(_ name: String) -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("qp-backup-\(name)-\(UUID().uuidString)")
  }

  @Test func backupWhileSavingThenRestore() async throws {
    let data = Self.folder("data")
    let add = try await WorkspaceProgram.run(["users", "add", "city", "--role", "city", "--data", data.path, "--password-stdin"], stdin: Self.password + "\n")
    #expect(add.status == 0, "\(add.stderr)")
    let server = try await ServerProcess.start(data: data)
    defer { server.kill() }
    let client = try await HTTPTestClient.signIn(port: server.port, name: "city", password: Self.password)
    let scenarios = try await client.array(.get, "/api/scenarios")
    let scenario = try #require(scenarios.first?["id"] as? Int)
    let detail = try await client.json(.get, "/api/scenarios/\(scenario)")
    let latest = try #require(detail["latest"] as? [String: Any])
    let version = try #require(latest["id"] as? Int)
    var policy = try #require(try await client.json(.get, "/api/versions/\(version)")["policy"] as? [String: Any])
    var number = try #require(latest["number"] as? Int)

    // Saves go on while three backups are taken (the second and third replace the first).
    let backup = Self.folder("copy").appendingPathExtension("sqlite")
    var acknowledged: [Int: String] = [:]
    var beforeLastBackup: [Int: String] = [:]
    var backups = 0
    for round in 1...6 {
      policy["title"] = "backup test save \(round)"
      let saved = try HTTPTestClient.object(
        try await client.fetch(.put, "/api/scenarios/\(scenario)/settings", body: ["expectedVersion": number, "policy": policy], expect: 201))
      number = try #require(saved["number"] as? Int)
      acknowledged[number] = "backup test save \(round)"
      if round % 2 == 0 {
        // The backup runs while the next save is being planned and written.
        let title = "during backup \(round)"
        let body = try HTTPTestClient.encode(["expectedVersion": number, "policy": policy.merging(["title": title]) { $1 }])
        async let concurrent = client.fetch(.put, "/api/scenarios/\(scenario)/settings", data: body, expect: 201)
        beforeLastBackup = acknowledged
        let run = try await WorkspaceProgram.run(["backup", "--data", data.path, backup.path])
        #expect(run.status == 0, "\(run.stderr)")
        backups += 1
        let during = try HTTPTestClient.object(try await concurrent)
        number = try #require(during["number"] as? Int)
        acknowledged[number] = title
      }
    }
    #expect(backups == 3)

    // The copy is a sound workspace holding every save acknowledged before the last backup.
    #expect(WorkspaceFolder.isWorkspace(backup.path))
    let copy = try DatabaseQueue(path: backup.path)
    let (check, titles) = try await copy.read { db in
      (
        try String.fetchOne(db, sql: "PRAGMA integrity_check"),
        try Row.fetchAll(db, sql: "SELECT number, policy_json FROM version WHERE scenario_id = ?", arguments: [scenario])
      )
    }
    try copy.close()
    #expect(check == "ok")
    var copied: [Int: String] = [:]
    for row in titles {
      let policy = try JSONSerialization.jsonObject(with: Data((row["policy_json"] as String).utf8)) as? [String: Any]
      copied[row["number"]] = policy?["title"] as? String
    }
    // Every save acknowledged before the last backup started is in it, with what was sent.
    #expect(beforeLastBackup.count >= 5)
    for (number, title) in beforeLastBackup {
      #expect(copied[number] == title, "version \(number) in the backup: \(copied[number] ?? "missing")")
    }
    // Whatever else it holds was acknowledged too (no half-written save).
    for (number, title) in copied where number > 1 {
      #expect(acknowledged[number] == title, "version \(number) in the backup was never acknowledged: \(title)")
    }
    #expect(Set(copied.keys) == Set(1...(copied.keys.max() ?? 0)), "the backup's versions have a gap: \(copied.keys.sorted())")
    // No staging file is left beside the backup.
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: backup.deletingLastPathComponent().path)
      .filter { $0.contains(backup.lastPathComponent) && $0 != backup.lastPathComponent }
    #expect(leftovers.isEmpty, "\(leftovers)")
    let newestInCopy = try #require(copied.keys.max())

    // Restore into a new folder, as the README says: the copy becomes workspace.sqlite.
    let restored = Self.folder("restored")
    try FileManager.default.createDirectory(at: restored, withIntermediateDirectories: true)
    try FileManager.default.copyItem(at: backup, to: restored.appendingPathComponent(WorkspaceDatabase.fileName))
    let second = try await ServerProcess.start(data: restored)
    defer { second.kill() }
    let again = try await HTTPTestClient.signIn(port: second.port, name: "city", password: Self.password)
    let restoredDetail = try await again.json(.get, "/api/scenarios/\(scenario)")
    #expect((restoredDetail["latest"] as? [String: Any])?["number"] as? Int == newestInCopy)
    let restoredVersion = try #require((restoredDetail["latest"] as? [String: Any])?["id"] as? Int)
    let restoredPolicy = try await again.json(.get, "/api/versions/\(restoredVersion)")["policy"] as? [String: Any]
    #expect(restoredPolicy?["title"] as? String == copied[newestInCopy])
    #expect(try await again.json(.get, "/api/versions/\(restoredVersion)/plan").isEmpty == false)
    second.kill()

    // Restore over the original folder after a hard stop, which leaves its WAL behind: with
    // -wal and -shm removed, the workspace is exactly the backup.
    server.kill()
    let original = data.appendingPathComponent(WorkspaceDatabase.fileName)
    #expect(FileManager.default.fileExists(atPath: original.path + "-wal"))
    try FileManager.default.removeItem(at: original)
    try FileManager.default.moveItem(at: try Self.duplicate(backup), to: original)
    for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: original.path + suffix) }
    let third = try await ServerProcess.start(data: data)
    defer { third.kill() }
    let back = try await HTTPTestClient.signIn(port: third.port, name: "city", password: Self.password)
    let backDetail = try await back.json(.get, "/api/scenarios/\(scenario)")
    #expect((backDetail["latest"] as? [String: Any])?["number"] as? Int == newestInCopy)
    let integrity = try await DatabaseQueue(path: original.path).read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") }
    #expect(integrity == "ok")
  }

  static func duplicate(_ file: URL) throws -> URL {
    let copy = file.deletingLastPathComponent().appendingPathComponent("restore-\(UUID().uuidString).sqlite")
    try FileManager.default.copyItem(at: file, to: copy)
    return copy
  }

  @Test func backupRefusesToReplaceAFileThatIsNotAWorkspace() async throws {
    let data = Self.folder("data")
    #expect(try await WorkspaceProgram.run(["users", "add", "city", "--role", "city", "--data", data.path, "--password-stdin"], stdin: Self.password + "\n").status == 0)
    let target = Self.folder("precious")
    try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
    let precious = target.appendingPathComponent("thesis.docx")
    try Data("my only copy".utf8).write(to: precious)
    let run = try await WorkspaceProgram.run(["backup", "--data", data.path, precious.path])
    #expect(run.status == 74, "\(run.stderr)")
    #expect(run.stderr.contains("not a quotaplan workspace"), "\(run.stderr)")
    #expect(try Data(contentsOf: precious) == Data("my only copy".utf8))
    #expect(try FileManager.default.contentsOfDirectory(atPath: target.path) == ["thesis.docx"])
    // A folder without a workspace is not backed up (and not made into one).
    let empty = Self.folder("empty")
    try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
    let none = try await WorkspaceProgram.run(["backup", "--data", empty.path, target.appendingPathComponent("copy.sqlite").path])
    #expect(none.status == 73, "\(none.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: empty.path).isEmpty)
    // A backup into a folder that does not exist fails with a sentence, leaving nothing.
    let nowhere = try await WorkspaceProgram.run(["backup", "--data", data.path, Self.folder("missing").appendingPathComponent("copy.sqlite").path])
    #expect(nowhere.status == 74, "\(nowhere.stderr)")
    #expect(!nowhere.stderr.contains("Fatal"), "\(nowhere.stderr)")
  }
}

/// `quotaplan-workspace serve --data DIR --port 0` as a child process; its port from the URL it
/// prints first.
final class ServerProcess: @unchecked Sendable {
  let process: Process
  let port: Int

  struct NoURL: Error, CustomStringConvertible {
    let output: String
    var description: String { "the server printed no URL: \(output)" }
  }

  private init(process: Process, port: Int) {
    self.process = process
    self.port = port
  }

  static func start(data: URL, stopAfter: Double = 300) async throws -> ServerProcess {
    let process = Process()
    process.executableURL = try WorkspaceProgram.url("quotaplan-workspace")
    process.arguments = ["serve", "--data", data.path, "--host", "127.0.0.1", "--port", "0", "--log-level", "warning"]
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // A watchdog: a server left behind by a failed test does not outlive it by much.
    DispatchQueue.global().asyncAfter(deadline: .now() + stopAfter) { if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) } }
    let line: String = await withCheckedContinuation { continuation in
      DispatchQueue.global().async {
        var text = Data()
        while !text.contains(UInt8(ascii: "\n")) {
          let chunk = out.fileHandleForReading.availableData
          if chunk.isEmpty { break }
          text.append(chunk)
        }
        continuation.resume(returning: String(decoding: text, as: UTF8.self))
      }
    }
    guard let range = line.range(of: #"127\.0\.0\.1:(\d+)/"#, options: .regularExpression),
      let port = Int(line[range].dropFirst("127.0.0.1:".count).dropLast())
    else {
      Glibc.kill(process.processIdentifier, SIGKILL)
      throw NoURL(output: line)
    }
    return ServerProcess(process: process, port: port)
  }

  /// kill -9, and wait for it.
  func kill() {
    if process.isRunning {
      Glibc.kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
    }
  }
}

/// A signed-in HTTP client for a real server on 127.0.0.1: the cookie and CSRF token by hand.
struct HTTPTestClient: Sendable {
  enum Method: String { case get = "GET", put = "PUT", post = "POST", delete = "DELETE" }

  struct Failed: Error, CustomStringConvertible {
    let description: String
  }

  let port: Int
  var cookie: String?
  var csrf: String?

  static let session: URLSession = {
    let configuration = URLSessionConfiguration.ephemeral
    configuration.httpShouldSetCookies = false
    configuration.httpCookieAcceptPolicy = .never
    configuration.timeoutIntervalForRequest = 120
    return URLSession(configuration: configuration)
  }()

  static func signIn(port: Int, name: String, password: String) async throws -> HTTPTestClient {
    var client = HTTPTestClient(port: port)
    let (status, headers, data) = try await client.send(.post, "/api/session", data: try encode(["name": name, "password": password]))
    guard status == 200, let cookie = headers["Set-Cookie"] ?? headers["set-cookie"] else {
      throw Failed(description: "sign-in: \(status) \(String(decoding: data, as: UTF8.self))")
    }
    client.cookie = String(cookie.split(separator: ";")[0])
    client.csrf = (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["csrf"] as? String
    return client
  }

  func send(_ method: Method, _ path: String, data body: Data? = nil) async throws -> (Int, [String: String], Data) {
    var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
    request.httpMethod = method.rawValue
    if let cookie { request.setValue(cookie, forHTTPHeaderField: "Cookie") }
    if method != .get, let csrf { request.setValue(csrf, forHTTPHeaderField: "X-CSRF-Token") }
    if let body {
      request.httpBody = body
      request.setValue("application/json", forHTTPHeaderField: "Content-Type")
    }
    let (data, response) = try await Self.session.data(for: request)
    let http = response as? HTTPURLResponse
    var headers: [String: String] = [:]
    for (key, value) in http?.allHeaderFields ?? [:] { headers["\(key)"] = "\(value)" }
    return (http?.statusCode ?? 0, headers, data)
  }

  /// The answer's body, when the status is `expect`.
  func fetch(_ method: Method, _ path: String, data body: Data? = nil, expect: Int = 200) async throws -> Data {
    let (status, _, data) = try await send(method, path, data: body)
    guard status == expect else { throw Failed(description: "\(method.rawValue) \(path): \(status) \(String(decoding: data.prefix(400), as: UTF8.self))") }
    return data
  }

  func fetch(_ method: Method, _ path: String, body: [String: Any], expect: Int = 200) async throws -> Data {
    try await fetch(method, path, data: try Self.encode(body), expect: expect)
  }

  /// The JSON answer as an object, when the status is `expect`.
  func json(_ method: Method, _ path: String, expect: Int = 200) async throws -> [String: Any] {
    try Self.object(try await fetch(method, path, expect: expect))
  }

  /// The JSON answer as an array of objects.
  func array(_ method: Method, _ path: String) async throws -> [[String: Any]] {
    (try JSONSerialization.jsonObject(with: try await fetch(method, path)) as? [[String: Any]]) ?? []
  }

  static func encode(_ body: [String: Any]) throws -> Data { try JSONSerialization.data(withJSONObject: body) }
  static func object(_ data: Data) throws -> [String: Any] { (try JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:] }
}
