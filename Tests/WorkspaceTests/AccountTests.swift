import Foundation
import GRDB
import Testing
@testable import Workspace

/// Accounts through the built programs, as an administrator types them: `users add` with the
/// password on standard input, and the refusals with their exit codes and sentences.
@Suite struct AccountTests {
  static let password = "a long enough password"

  static func folder() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("qp-accounts-\(UUID().uuidString)")
  }

  @Test func usersAddReadsThePasswordFromStandardInput() async throws {
    let data = Self.folder()
    let add = try await WorkspaceProgram.run(["users", "add", "張 city", "--role", "city", "--data", data.path, "--password-stdin"], stdin: Self.password + "\n")
    #expect(add.status == 0, "\(add.stderr)")
    #expect(add.stdout.contains("張 city"))
    let county = try await WorkspaceProgram.run(
      ["users", "add", "baoying", "--role", "county", "--district", "宝应县", "--data", data.path, "--password-stdin"], stdin: Self.password + "\n")
    #expect(county.status == 0, "\(county.stderr)")
    let list = try await WorkspaceProgram.run(["users", "list", "--data", data.path])
    #expect(list.status == 0, "\(list.stderr)")
    #expect(list.stdout.split(separator: "\n").sorted() == ["baoying\tcounty\t宝应县\tactive", "張 city\tcity\t-\tactive"])
    // The password is stored as a bcrypt hash only, and it signs in.
    let database = try WorkspaceDatabase(folder: data)
    let hashes = try await database.pool.read { db in try String.fetchAll(db, sql: "SELECT password_hash FROM user") }
    #expect(hashes.allSatisfy { $0.hasPrefix("$2") && !$0.contains(Self.password) })
    #expect(try Accounts(database: database).signIn(name: "baoying", password: Self.password) != .refused)
    // The password never appears in the audit log or the output.
    let audit = try await database.pool.read { db in try AuditLog.entries(db) }
    #expect(!audit.contains { [$0.before, $0.after, $0.comment, $0.target].contains { $0?.contains(Self.password) == true } })
    #expect(!add.stdout.contains(Self.password) && !add.stderr.contains(Self.password))
  }

  @Test func wrongAccountsAreRefusedWithASentence() async throws {
    let data = Self.folder()
    let first = try await WorkspaceProgram.run(["users", "add", "city", "--role", "city", "--data", data.path, "--password-stdin"], stdin: Self.password + "\n")
    #expect(first.status == 0, "\(first.stderr)")
    let cases: [(String, [String], String, String)] = [
      ("short password", ["users", "add", "c2", "--role", "city"], "short\n", "at least 10 characters"),
      ("no password", ["users", "add", "c3", "--role", "city"], "", "No password"),
      ("county without district", ["users", "add", "c4", "--role", "county"], Self.password + "\n", "--district"),
      ("district for a city", ["users", "add", "c5", "--role", "city", "--district", "宝应县"], Self.password + "\n", "Only a county account"),
      ("duplicate", ["users", "add", "city", "--role", "reviewer"], Self.password + "\n", "exists already"),
      ("control character", ["users", "add", "bad\u{7}name", "--role", "city"], Self.password + "\n", "control characters"),
      ("72-byte limit", ["users", "add", "c6", "--role", "city"], String(repeating: "密", count: 30) + "\n", "at most 72 bytes"),
    ]
    for (what, arguments, stdin, sentence) in cases {
      let run = try await WorkspaceProgram.run(arguments + ["--data", data.path, "--password-stdin"], stdin: stdin)
      #expect(run.status == 65, "\(what): exit \(run.status) \(run.stderr)")
      #expect(run.stderr.contains(sentence), "\(what): \(run.stderr)")
      #expect(!run.stderr.contains("Fatal") && !run.stderr.contains("Error("), "\(what): \(run.stderr)")
    }
    // Nothing was added by the refused commands.
    let list = try await WorkspaceProgram.run(["users", "list", "--data", data.path])
    #expect(list.stdout == "city\tcity\t-\tactive\n", "\(list.stdout)")
    // The password on the command line is not offered at all.
    let noFlag = try await WorkspaceProgram.run(["users", "add", "c7", "--role", "city", "--data", data.path], stdin: Self.password + "\n")
    #expect(noFlag.status == 64, "\(noFlag.stderr)")
    let badRole = try await WorkspaceProgram.run(["users", "add", "c8", "--role", "mayor", "--data", data.path, "--password-stdin"], stdin: Self.password + "\n")
    #expect(badRole.status == 64, "\(badRole.stderr)")
  }

  @Test func disableEnableAndPasswordThroughTheProgram() async throws {
    let data = Self.folder()
    _ = try await WorkspaceProgram.run(["users", "add", "rev", "--role", "reviewer", "--data", data.path, "--password-stdin"], stdin: Self.password + "\n")
    #expect(try await WorkspaceProgram.run(["users", "disable", "rev", "--data", data.path]).status == 0)
    #expect(try await WorkspaceProgram.run(["users", "list", "--data", data.path]).stdout == "rev\treviewer\t-\tdisabled\n")
    let database = try WorkspaceDatabase(folder: data)
    #expect(try Accounts(database: database, cost: 4).signIn(name: "rev", password: Self.password) == .disabled)
    #expect(try await WorkspaceProgram.run(["users", "enable", "rev", "--data", data.path]).status == 0)
    let newPassword = "another long password"
    let change = try await WorkspaceProgram.run(["users", "password", "rev", "--data", data.path, "--password-stdin"], stdin: newPassword + "\n")
    #expect(change.status == 0, "\(change.stderr)")
    #expect(try Accounts(database: database).signIn(name: "rev", password: Self.password) == .refused)
    if case .success(let user) = try Accounts(database: database).signIn(name: "rev", password: newPassword) {
      #expect(user.name == "rev")
    } else {
      Issue.record("the new password does not sign in")
    }
    let unknown = try await WorkspaceProgram.run(["users", "disable", "nobody", "--data", data.path])
    #expect(unknown.status == 65, "\(unknown.stderr)")
    #expect(unknown.stderr.contains("nobody"))
    let actions = try await database.pool.read { db in try AuditLog.entries(db) }.map(\.action).reversed().filter { !$0.hasPrefix("sign_in") }
    #expect(actions == ["user_add", "user_disable", "user_enable", "password_reset"], "\(actions)")
  }

  @Test func aFolderOfOtherFilesIsRefusedAndLeftAlone() async throws {
    let data = Self.folder()
    try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
    try Data("my notes".utf8).write(to: data.appendingPathComponent("notes.txt"))
    let run = try await WorkspaceProgram.run(["users", "add", "city", "--role", "city", "--data", data.path, "--password-stdin"], stdin: Self.password + "\n")
    #expect(run.status == 73, "\(run.stderr)")
    #expect(run.stderr.contains("notes.txt"), "\(run.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: data.path) == ["notes.txt"])
    #expect(try Data(contentsOf: data.appendingPathComponent("notes.txt")) == Data("my notes".utf8))
    // A workspace.sqlite that is not a workspace is refused too, and not touched.
    let other = Self.folder()
    try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
    let foreign = other.appendingPathComponent(WorkspaceDatabase.fileName)
    try Data("not a database at all".utf8).write(to: foreign)
    let refused = try await WorkspaceProgram.run(["users", "list", "--data", other.path])
    #expect(refused.status == 73, "\(refused.stderr)")
    #expect(try Data(contentsOf: foreign) == Data("not a database at all".utf8))
    #expect(try FileManager.default.contentsOfDirectory(atPath: other.path) == [WorkspaceDatabase.fileName])
    // A file given as --data.
    let file = try await WorkspaceProgram.run(["users", "list", "--data", data.appendingPathComponent("notes.txt").path])
    #expect(file.status == 73, "\(file.stderr)")
  }

  @Test func quotaplanForwardsToTheWorkspaceProgram() async throws {
    let data = Self.folder()
    let add = try await WorkspaceProgram.run(
      ["users", "add", "city", "--role", "city", "--data", data.path, "--password-stdin"], stdin: Self.password + "\n", program: "quotaplan")
    #expect(add.status == 0, "\(add.stderr)")
    let list = try await WorkspaceProgram.run(["users", "list", "--data", data.path], program: "quotaplan")
    #expect(list.status == 0, "\(list.stderr)")
    #expect(list.stdout == "city\tcity\t-\tactive\n")
    let routes = try await WorkspaceProgram.run(["routes"], program: "quotaplan-workspace")
    #expect(routes.status == 0)
    #expect(routes.stdout.contains("`GET /api/me`"))
    // Refusals keep their exit code through the forwarding.
    let short = try await WorkspaceProgram.run(
      ["users", "add", "c2", "--role", "city", "--data", data.path, "--password-stdin"], stdin: "short\n", program: "quotaplan")
    #expect(short.status == 65, "\(short.stderr)")
    let backup = try await WorkspaceProgram.run(["backup", "--data", data.path, data.appendingPathComponent("copy.sqlite").path], program: "quotaplan")
    #expect(backup.status == 0, "\(backup.stderr)")
    #expect(WorkspaceFolder.isWorkspace(data.appendingPathComponent("copy.sqlite").path))
  }
}

/// Runs the built `quotaplan-workspace` (or `quotaplan`) from the build products folder.
enum WorkspaceProgram {
  struct Run {
    let status: Int32
    let stdout: String
    let stderr: String
  }

  struct Missing: Error, CustomStringConvertible {
    let name: String
    var description: String { "\(name) is not built: run swift build first" }
  }

  /// The build products folder: the one holding this test bundle, else .build/debug.
  static func url(_ name: String) throws -> URL {
    var folders: [URL] = []
    if let first = ProcessInfo.processInfo.arguments.first, !first.isEmpty {
      folders.append(URL(fileURLWithPath: first).resolvingSymlinksInPath().deletingLastPathComponent())
    }
    folders.append(TestWorkspace.root.appendingPathComponent(".build/debug"))
    for folder in folders {
      let candidate = folder.appendingPathComponent(name)
      if FileManager.default.isExecutableFile(atPath: candidate.path),
        FileManager.default.fileExists(atPath: folder.appendingPathComponent("\(name.replacingOccurrences(of: "-", with: "_")).build").path)
      {
        return candidate
      }
    }
    throw Missing(name: name)
  }

  /// Runs the program with `stdin` as its standard input (closed after it); a run that takes
  /// longer than `stopAfter` is terminated (and fails the caller's exit-code check).
  static func run(_ arguments: [String], stdin: String? = nil, program: String = "quotaplan-workspace", stopAfter: Double = 120)
    async throws -> Run
  {
    let binary = try url(program)
    let logs = FileManager.default.temporaryDirectory.appendingPathComponent("qp-run-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: logs) }
    let outURL = logs.appendingPathComponent("out"), errURL = logs.appendingPathComponent("err")
    FileManager.default.createFile(atPath: outURL.path, contents: nil)
    FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    process.standardOutput = out
    process.standardError = err
    let input = Pipe()
    process.standardInput = stdin == nil ? FileHandle.nullDevice : input
    let status: Int32 = try await withCheckedThrowingContinuation { continuation in
      process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
      do { try process.run() } catch {
        process.terminationHandler = nil
        continuation.resume(throwing: error)
        return
      }
      if let stdin {
        try? input.fileHandleForWriting.write(contentsOf: Data(stdin.utf8))
        try? input.fileHandleForWriting.close()
      }
      DispatchQueue.global().asyncAfter(deadline: .now() + stopAfter) { if process.isRunning { process.terminate() } }
    }
    try out.close()
    try err.close()
    return Run(
      status: status, stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
      stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
  }
}
