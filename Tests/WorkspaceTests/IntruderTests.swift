import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Workspace

/// What someone who should not get in tries: stolen database copies, guessed passwords, forged
/// cookies, injected names, oversized bodies, paths out of the workspace. Each is refused with a
/// 4xx and a sentence, never a 500.
@Suite struct IntruderTests {
  static let cspStart = "default-src 'self'"

  /// Signs in and returns the raw Set-Cookie header and the JSON answer.
  static func signIn(_ client: some TestClientProtocol, _ name: String, _ password: String = TestWorkspace.password) async throws
    -> TestResponse
  {
    try await client.executeRequest(
      uri: "/api/session", method: .post, headers: [.contentType: "application/json"],
      body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: ["name": name, "password": password])))
  }

  static func get(_ client: some TestClientProtocol, _ uri: String, cookie: String? = nil) async throws -> TestResponse {
    var headers: HTTPFields = [:]
    if let cookie { headers[.cookie] = cookie }
    return try await client.executeRequest(uri: uri, method: .get, headers: headers, body: nil)
  }

  static func cookie(_ response: TestResponse) -> String? {
    response.headers[.setCookie].flatMap { $0.split(separator: ";").first.map { String($0).trimmingCharacters(in: .whitespaces) } }
  }

  @Test func sessionCookieIsHttpOnlyStrictAndItsTokenIsNotStored() async throws {
    let workspace = try TestWorkspace()
    try workspace.addUser("city", role: .city)
    try await Application(router: WorkspaceApp.router(workspace.services)).test(.router) { client in
      let response = try await Self.signIn(client, "city")
      #expect(response.status == .ok)
      let header = try #require(response.headers[.setCookie])
      let attributes = header.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
      #expect(attributes.first?.hasPrefix("\(WorkspaceApp.cookieName)=") == true, "\(header)")
      #expect(attributes.contains("httponly"), "\(header)")
      #expect(attributes.contains("samesite=strict"), "\(header)")
      #expect(attributes.contains("path=/"), "\(header)")
      #expect(!attributes.contains { $0.hasPrefix("domain=") }, "\(header)")
      let token = String(try #require(Self.cookie(response)).dropFirst(WorkspaceApp.cookieName.count + 1))
      #expect(token.count >= 16)
      // The database holds the token's digest only, nowhere the token itself.
      let rows = try workspace.database.pool.read { db in try Row.fetchAll(db, sql: "SELECT key_digest, value FROM session") }
      #expect(rows.count == 1)
      for row in rows {
        let digest: String = row["key_digest"]
        let value: Data = row["value"]
        #expect(!digest.contains(token))
        #expect(!String(decoding: value, as: UTF8.self).contains(token))
        #expect(digest.count == 64)
      }
      // The CSRF token is not the cookie's token.
      #expect(try response.json()["csrf"] as? String != token)
      // The cookie works, a cookie with its digest instead does not.
      #expect(try await Self.get(client, "/api/me", cookie: "\(WorkspaceApp.cookieName)=\(token)").status == .ok)
      let digest = try #require(rows.first.map { $0["key_digest"] as String })
      #expect(try await Self.get(client, "/api/me", cookie: "\(WorkspaceApp.cookieName)=\(digest)").status == .unauthorized)
    }
  }

  @Test func passwordsAreBcryptHashes() throws {
    let workspace = try TestWorkspace()
    try workspace.addUser("city", role: .city)
    try workspace.addUser("county", role: .county)
    let hashes = try workspace.database.pool.read { db in try String.fetchAll(db, sql: "SELECT password_hash FROM user") }
    #expect(hashes.count == 2)
    for hash in hashes {
      #expect(hash.hasPrefix("$2"), "\(hash)")
      #expect(hash != TestWorkspace.password)
      #expect(!hash.contains(TestWorkspace.password))
    }
    // The same password gives two different hashes (salted).
    #expect(Set(hashes).count == 2)
  }

  @Test func fiveWrongPasswordsLockTheAccountUntilTheLockEnds() async throws {
    let workspace = try TestWorkspace()
    try workspace.addUser("city", role: .city)
    try await Application(router: WorkspaceApp.router(workspace.services)).test(.router) { client in
      for attempt in 1...5 {
        let wrong = try await Self.signIn(client, "city", "wrong password \(attempt)")
        #expect(wrong.status == .unauthorized, "attempt \(attempt): \(wrong.status)")
        #expect(wrong.errorCode == "bad_credentials")
        #expect(Self.cookie(wrong) == nil)
      }
      // Locked: the right password is refused too, with a sentence saying to wait.
      let locked = try await Self.signIn(client, "city")
      #expect(locked.status == .tooManyRequests)
      #expect(locked.errorCode == "account_locked")
      #expect(Self.cookie(locked) == nil)
      let message = (try locked.json()["error"] as? [String: Any])?["message"] as? String ?? ""
      #expect(message.contains("分钟"), "\(message)")
      // The lock ends (moved into the past rather than waited for): the right password works.
      try await workspace.database.pool.write { db in
        try db.execute(sql: "UPDATE user SET locked_until = ? WHERE name = 'city'", arguments: [Date().timeIntervalSince1970 - 1])
      }
      let after = try await Self.signIn(client, "city")
      #expect(after.status == .ok, "\(after.text)")
      // A success starts the count again: four wrong ones do not lock.
      for attempt in 1...4 { _ = try await Self.signIn(client, "city", "wrong again \(attempt)") }
      #expect(try await Self.signIn(client, "city").status == .ok)
    }
  }

  @Test func unknownNameAndWrongPasswordGetTheSameAnswer() async throws {
    let workspace = try TestWorkspace()
    try workspace.addUser("city", role: .city)
    try await Application(router: WorkspaceApp.router(workspace.services)).test(.router) { client in
      let unknown = try await Self.signIn(client, "nobody-here", "some password 1")
      let wrong = try await Self.signIn(client, "city", "some password 1")
      #expect(unknown.status == .unauthorized)
      #expect(unknown.status == wrong.status)
      #expect(unknown.text == wrong.text)
      #expect(unknown.headers[.setCookie] == nil && wrong.headers[.setCookie] == nil)
      // Injection-looking names are just names that do not exist.
      for name in ["' OR 1=1 --", "city' --", "\" OR \"\"=\"", "city'; DROP TABLE user; --"] {
        let injected = try await Self.signIn(client, name, "anything at all")
        #expect(injected.status == .unauthorized, "\(name): \(injected.status)")
        #expect(injected.text == wrong.text, "\(name): \(injected.text)")
      }
      #expect(try workspace.accounts.all().map(\.name) == ["city"])
    }
  }

  @Test func signingOutEndsTheSessionOnTheServer() async throws {
    let workspace = try TestWorkspace()
    try workspace.addUser("city", role: .city)
    try await Application(router: WorkspaceApp.router(workspace.services)).test(.router) { client in
      var api = APIClient(client: client)
      try await api.signIn("city")
      let cookie = try #require(api.cookie)
      #expect(try await Self.get(client, "/api/me", cookie: cookie).status == .ok)
      let out = try await api.request(.delete, "/api/session")
      #expect(out.status == .noContent, "\(out.text)")
      // The browser is told to drop the cookie, and the server forgot it anyway.
      #expect(out.headers[.setCookie]?.contains("\(WorkspaceApp.cookieName)=") == true)
      let replayed = try await Self.get(client, "/api/me", cookie: cookie)
      #expect(replayed.status == .unauthorized)
      #expect(replayed.errorCode == "sign_in_required")
      #expect(try await workspace.database.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM session") } == 0)
      // Sign-in, a failed sign-in and sign-out are in the audit log, with who.
      _ = try await Self.signIn(client, "city", "not the password")
      let entries = try await workspace.database.pool.read { db in try AuditLog.entries(db) }
      let actions = entries.reversed().filter { $0.target == "user:city" }.map(\.action)
      #expect(actions == ["user.add", "login", "logout", "login.failed"], "\(actions)")
      #expect(entries.first { $0.action == "logout" }?.user == "city")
    }
  }

  @Test func aDisabledOrExpiredSessionStopsWorking() async throws {
    let workspace = try TestWorkspace()
    try workspace.addUser("city", role: .city)
    try workspace.addUser("reviewer", role: .reviewer)
    try await Application(router: WorkspaceApp.router(workspace.services)).test(.router) { client in
      var city = APIClient(client: client)
      try await city.signIn("city")
      #expect(try await city.request(.get, "/api/me").status == .ok)
      try workspace.accounts.setDisabled(name: "city", true, by: nil)
      let refused = try await city.request(.get, "/api/me")
      #expect(refused.status == .unauthorized, "\(refused.text)")
      let again = try await Self.signIn(client, "city")
      #expect(again.status == .forbidden)
      #expect(again.errorCode == "account_disabled")
      // An expired session is refused even though its row is still there.
      var reviewer = APIClient(client: client)
      try await reviewer.signIn("reviewer")
      #expect(try await reviewer.request(.get, "/api/me").status == .ok)
      try await workspace.database.pool.write { db in
        try db.execute(sql: "UPDATE session SET expires_at = ?", arguments: [Date().timeIntervalSince1970 - 1])
      }
      #expect(try await reviewer.request(.get, "/api/me").status == .unauthorized)
    }
  }

  @Test func auditLogRefusesRawUpdateAndDelete() throws {
    let workspace = try TestWorkspace()
    try workspace.addUser("city", role: .city)
    let before = try workspace.database.pool.read { db in try AuditLog.entries(db) }
    #expect(!before.isEmpty)
    #expect(throws: DatabaseError.self) {
      try workspace.database.pool.write { db in try db.execute(sql: "UPDATE audit_log SET user_name = 'someone else'") }
    }
    #expect(throws: DatabaseError.self) {
      try workspace.database.pool.write { db in try db.execute(sql: "DELETE FROM audit_log WHERE action = 'user.add'") }
    }
    #expect(try workspace.database.pool.read { db in try AuditLog.entries(db) } == before)
  }

  @Test func forgedCookiesAreRefused() async throws {
    let workspace = try TestWorkspace()
    try workspace.addUser("city", role: .city)
    try await Application(router: WorkspaceApp.router(workspace.services)).test(.router) { client in
      let forged = [
        "\(WorkspaceApp.cookieName)=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "\(WorkspaceApp.cookieName)=",
        "\(WorkspaceApp.cookieName)=' OR 1=1 --",
        "\(WorkspaceApp.cookieName)=\(String(repeating: "x", count: 5000))",
        "\(WorkspaceApp.cookieName)=%00%ff",
        "SESSION_ID=abc",
      ]
      for cookie in forged {
        let response = try await Self.get(client, "/api/me", cookie: cookie)
        #expect(response.status == .unauthorized, "\(cookie.prefix(40)): \(response.status) \(response.text)")
        #expect(response.errorCode == "sign_in_required")
      }
      // A user id written into a session the server never made does not exist either: only
      // the digest of a real cookie finds a row.
      let real = try await Self.signIn(client, "city")
      let token = String(try #require(Self.cookie(real)).dropFirst(WorkspaceApp.cookieName.count + 1))
      let tampered = String(token.dropLast()) + (token.last == "A" ? "B" : "A")
      #expect(try await Self.get(client, "/api/me", cookie: "\(WorkspaceApp.cookieName)=\(tampered)").status == .unauthorized)
    }
  }

  @Test func hugeOrMalformedBodiesGetA4xxNeverA500() async throws {
    let workspace = try TestWorkspace()
    try workspace.addUser("city", role: .city)
    try await Application(router: WorkspaceApp.router(workspace.services)).test(.router) { client in
      let json: HTTPFields = [.contentType: "application/json"]
      // Larger than the largest body read (72 MB).
      let huge = "{\"name\":\"" + String(repeating: "a", count: 73 * 1024 * 1024) + "\",\"password\":\"x\"}"
      let tooLarge = try await client.executeRequest(uri: "/api/session", method: .post, headers: json, body: ByteBuffer(string: huge))
      #expect(tooLarge.status == .contentTooLarge, "\(tooLarge.status)")
      #expect(tooLarge.errorCode == "too_large")
      // Sign-in, open to anyone, reads at most 64 KB.
      let overSignIn = "{\"name\":\"" + String(repeating: "a", count: 65 * 1024) + "\",\"password\":\"x\"}"
      let refused = try await client.executeRequest(uri: "/api/session", method: .post, headers: json, body: ByteBuffer(string: overSignIn))
      #expect(refused.status == .contentTooLarge, "\(refused.status)")
      // A long name within the limit is a refused sign-in, not an error.
      let long = "{\"name\":\"" + String(repeating: "名", count: 20_000) + "\",\"password\":\"x\"}"
      let longName = try await client.executeRequest(uri: "/api/session", method: .post, headers: json, body: ByteBuffer(string: long))
      #expect(longName.status == .unauthorized, "\(longName.status)")
      let bodies = [
        "", "null", "[]", "{", "{\"name\": 1, \"password\": 2}", "{\"name\": \"city\"}", String(repeating: "[", count: 100_000),
        "\u{FEFF}{}", "{\"name\":\"\\ud800\",\"password\":\"x\"}",
      ]
      // A key given twice is read one way or the other, never a 500.
      let twice = "{\"name\": \"city\", \"password\": \"wrong password\", \"name\": \"x\"}"
      let duplicate = try await client.executeRequest(uri: "/api/session", method: .post, headers: json, body: ByteBuffer(string: twice))
      #expect([400, 401].contains(duplicate.status.code), "\(duplicate.status)")
      for body in bodies {
        let response = try await client.executeRequest(uri: "/api/session", method: .post, headers: json, body: ByteBuffer(string: body))
        #expect((400..<500).contains(response.status.code), "\(body.prefix(40)): \(response.status) \(response.text)")
        #expect(response.errorCode != nil, "\(body.prefix(40)): \(response.text)")
      }
    }
  }

  @Test func pathTraversalAndUnknownRoutesAreJSON404() async throws {
    let workspace = try TestWorkspace(seed: true)
    try await workspace.test(as: .city) { api in
      let version = try RouteProbe.newestID("version", workspace)
      for path in [
        "/api/versions/\(version)/files/..%2F..%2Fetc%2Fpasswd", "/api/versions/\(version)/files/../../etc/passwd",
        "/api/versions/\(version)/files/%2e%2e%2f%2e%2e%2fworkspace.sqlite", "/api/versions/\(version)/files/workspace.sqlite",
        "/api/versions/\(version)/files/%2Fetc%2Fpasswd", "/api/no-such-route", "/api/versions/999999/plan",
      ] {
        let response = try await api.request(.get, path)
        #expect(response.status == .notFound, "\(path): \(response.status) \(response.text)")
        #expect(response.errorCode == "not_found", "\(path): \(response.text)")
        #expect(response.headers[.contentType]?.hasPrefix("application/json") == true, "\(path)")
        #expect(!response.text.contains("root:"), "\(path) leaked a file")
      }
      // An id that is not a number is not found or bad, never a 500.
      for path in ["/api/versions/abc/plan", "/api/versions/-1/plan", "/api/versions/99999999999999999999/plan", "/api/scenarios/%00"] {
        let response = try await api.request(.get, path)
        #expect([400, 404].contains(response.status.code), "\(path): \(response.status) \(response.text)")
      }
    }
  }

  @Test func everyResponseCarriesTheSecurityHeaders() async throws {
    let workspace = try TestWorkspace()
    try workspace.addUser("city", role: .city)
    try await Application(router: WorkspaceApp.router(workspace.services)).test(.router) { client in
      var responses: [(String, TestResponse)] = []
      for uri in ["/", "/api/health", "/api/openapi.json", "/api/me", "/api/nothing", "/nothing"] {
        responses.append((uri, try await Self.get(client, uri)))
      }
      responses.append(("POST /api/session {}", try await client.executeRequest(uri: "/api/session", method: .post, headers: [:], body: ByteBuffer(string: "{}"))))
      responses.append(("POST /api/session ok", try await Self.signIn(client, "city")))
      var evil: HTTPFields = [:]
      evil[.origin] = "http://evil.example"
      responses.append(("cross-origin", try await client.executeRequest(uri: "/api/session", method: .delete, headers: evil, body: nil)))
      #expect(Set(responses.map(\.1.status.code)).isSuperset(of: [200, 400, 401, 403, 404]))
      for (what, response) in responses {
        #expect(response.headers[.contentSecurityPolicy]?.hasPrefix(Self.cspStart) == true, "\(what)")
        #expect(response.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true, "\(what)")
        #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(what)")
        #expect(response.headers[HTTPField.Name("X-Frame-Options")!] == "DENY", "\(what)")
        #expect(response.headers[.contentType] != nil, "\(what)")
        if response.status.code >= 400 {
          #expect(response.headers[.contentType]?.hasPrefix("application/json") == true, "\(what): \(response.headers[.contentType] ?? "")")
        }
      }
    }
  }
}
