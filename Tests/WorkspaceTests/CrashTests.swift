import Foundation
import Testing
@testable import Workspace

/// The real server under many clients at once: every request is answered. (kill -9 during
/// saves is `scripts/workspace-crash.py`, run from CI: it needs minutes, not a unit test.)
///
/// With 2 cores Swift concurrency has 2 threads; a handler that waits synchronously for the
/// database on one of them, while the database's readers are held by requests that need such a
/// thread to finish, stops the whole server for good. 20 clients found it (the session check
/// did that); this keeps it found.
@Suite(.serialized) struct CrashTests {
  static let password = "a long enough password"

  @Test func twentyConcurrentClientsAreAllAnswered() async throws {
    let data = FileManager.default.temporaryDirectory.appendingPathComponent("qp-load-\(UUID().uuidString)")
    let add = try await WorkspaceProgram.run(["users", "add", "city", "--role", "city", "--data", data.path, "--password-stdin"], stdin: Self.password + "\n")
    #expect(add.status == 0, "\(add.stderr)")
    let server = try await ServerProcess.start(data: data)
    defer { server.kill() }
    let client = try await HTTPTestClient.signIn(port: server.port, name: "city", password: Self.password)
    let version = try #require((try await client.array(.get, "/api/scenarios").first?["latest"] as? [String: Any])?["id"] as? Int)
    let answered = try await withThrowingTaskGroup(of: Int.self) { group in
      for _ in 0..<20 {
        group.addTask {
          var count = 0
          for _ in 0..<3 {
            for path in ["/api/me", "/api/health", "/api/versions/\(version)", "/api/versions/\(version)/plan", "/api/scenarios"] {
              let (status, _, _) = try await client.send(.get, path)
              #expect(status == 200, "\(path): \(status)")
              count += 1
            }
          }
          return count
        }
      }
      return try await group.reduce(0, +)
    }
    #expect(answered == 20 * 3 * 5)
    // Still answering afterwards.
    #expect(try await client.json(.get, "/api/health")["status"] as? String == "ok")
  }
}
