import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
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
      #expect(actions == ["user_add", "sign_in", "sign_out", "sign_in_failed"], "\(actions)")
      #expect(entries.first { $0.action == "sign_out" }?.user == "city")
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
      try workspace.database.pool.write { db in try db.execute(sql: "DELETE FROM audit_log WHERE action = 'user_add'") }
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

// MARK: Sessions, sign-in limits, accounts over the web, secrets in logs (#14)

extension IntruderTests {
  static func sessionRows(_ workspace: TestWorkspace, user: String? = nil) throws -> Int {
    try workspace.database.pool.read { db in
      if let user {
        return try Int.fetchOne(
          db, sql: "SELECT count(*) FROM session WHERE user_id = (SELECT id FROM user WHERE name = ?)", arguments: [user]) ?? 0
      }
      return try Int.fetchOne(db, sql: "SELECT count(*) FROM session") ?? 0
    }
  }

  static func userID(_ workspace: TestWorkspace, _ name: String) throws -> Int64 {
    try #require(try workspace.database.pool.read { db in try Int64.fetchOne(db, sql: "SELECT id FROM user WHERE name = ?", arguments: [name]) })
  }

  @Test func sessionsLastTheSettingThenAreRefusedAndDeleted() async throws {
    // The default: a working day.
    #expect(SecuritySettings().sessionSeconds == 8 * 3600)
    let standard = try TestWorkspace()
    try standard.addUser("city", role: .city)
    try await Application(router: WorkspaceApp.router(standard.services)).test(.router) { client in
      #expect(try await Self.signIn(client, "city").status == .ok)
      let expires = try await standard.database.pool.read { db in try Double.fetchOne(db, sql: "SELECT expires_at FROM session") }
      let left = try #require(expires) - Date().timeIntervalSince1970
      #expect(abs(left - 8 * 3600) < 60, "a session lasts \(left) s")
    }
    // A short setting: the session works, then is refused and its row is gone. Four seconds,
    // not one: on a loaded machine signing in and the first request took more than a second.
    let workspace = try TestWorkspace(security: SecuritySettings(sessionSeconds: 4))
    try workspace.addUser("city", role: .city)
    try await Application(router: WorkspaceApp.router(workspace.services)).test(.router) { client in
      var api = APIClient(client: client)
      try await api.signIn("city")
      #expect(try await api.request(.get, "/api/me").status == .ok)
      #expect(try Self.sessionRows(workspace) == 1)
      try await Task.sleep(for: .milliseconds(4_300))
      let expired = try await api.request(.get, "/api/me")
      #expect(expired.status == .unauthorized, "\(expired.text)")
      #expect(expired.errorCode == "sign_in_required")
      #expect(try Self.sessionRows(workspace) == 0, "the expired session's row is still stored")
    }
  }

  @Test func disablingAnAccountEndsItsSessionsAtOnce() async throws {
    let workspace = try TestWorkspace(seed: true)
    try workspace.addUser("admin", role: .admin)
    try workspace.addUser("county", role: .county)
    try workspace.addUser("other", role: .reviewer)
    try await Application(router: WorkspaceApp.router(workspace.services)).test(.router) { client in
      var admin = APIClient(client: client)
      try await admin.signIn("admin")
      var first = APIClient(client: client)
      try await first.signIn("county")
      var second = APIClient(client: client)
      try await second.signIn("county")
      var bystander = APIClient(client: client)
      try await bystander.signIn("other")
      #expect(try Self.sessionRows(workspace, user: "county") == 2)
      let id = try Self.userID(workspace, "county")
      let disabled = try await admin.request(.post, "/api/users/\(id)/disable")
      #expect(disabled.status == .ok, "\(disabled.text)")
      #expect(try disabled.json()["disabled"] as? Bool == true)
      // Its rows are deleted in the same transaction, and both sessions are refused.
      #expect(try Self.sessionRows(workspace, user: "county") == 0)
      #expect(try await first.request(.get, "/api/me").status == .unauthorized)
      #expect(try await second.request(.get, "/api/me").status == .unauthorized)
      // Another account's session is untouched.
      #expect(try await bystander.request(.get, "/api/me").status == .ok)
      // Signing in again is refused; enabled again, it works.
      #expect(try await Self.signIn(client, "county").errorCode == "account_disabled")
      #expect(try await admin.request(.post, "/api/users/\(id)/enable").status == .ok)
      #expect(try await Self.signIn(client, "county").status == .ok)
      // Nobody disables their own account.
      let own = try await admin.request(.post, "/api/users/\(try Self.userID(workspace, "admin"))/disable")
      #expect(own.status == .unprocessableContent && own.errorCode == "own_account", "\(own.text)")
      let actions = try await workspace.database.pool.read { db in try AuditLog.entries(db) }.filter { $0.target == "user:county" }.map(\.action)
      #expect(actions.contains("user_disable") && actions.contains("user_enable"), "\(actions)")
    }
  }

  @Test func aDisabledAccountsSurvivingRowIsRefusedByTheAuthenticator() async throws {
    let workspace = try TestWorkspace()
    try workspace.addUser("city", role: .city)
    try await Application(router: WorkspaceApp.router(workspace.services)).test(.router) { client in
      var city = APIClient(client: client)
      try await city.signIn("city")
      // Disabled behind the product's back: the session row stays, the authenticator refuses it.
      try await workspace.database.pool.write { db in try db.execute(sql: "UPDATE user SET disabled = 1") }
      #expect(try Self.sessionRows(workspace) == 1)
      let refused = try await city.request(.get, "/api/me")
      #expect(refused.status == .unauthorized && refused.errorCode == "sign_in_required", "\(refused.text)")
    }
  }

  @Test func changingOnesPasswordEndsTheOtherSessionsAndAResetEndsAll() async throws {
    let workspace = try TestWorkspace(seed: true)
    try workspace.addUser("city", role: .city)
    try workspace.addUser("county", role: .county)
    let newPassword = "a brand new passphrase"
    try await Application(router: WorkspaceApp.router(workspace.services)).test(.router) { client in
      var here = APIClient(client: client)
      try await here.signIn("county")
      var elsewhere = APIClient(client: client)
      try await elsewhere.signIn("county")
      // A wrong current password changes nothing.
      let wrong = try await here.request(.post, "/api/me/password", json: ["current": "not my password", "new": newPassword])
      #expect(wrong.status == .unprocessableContent && wrong.errorCode == "wrong_password", "\(wrong.text)")
      #expect(try await elsewhere.request(.get, "/api/me").status == .ok)
      // A too short new one neither.
      let short = try await here.request(.post, "/api/me/password", json: ["current": TestWorkspace.password, "new": "short"])
      #expect(short.status == .unprocessableContent && short.errorCode == "weak_password", "\(short.text)")
      let changed = try await here.request(.post, "/api/me/password", json: ["current": TestWorkspace.password, "new": newPassword])
      #expect(changed.status == .ok, "\(changed.text)")
      #expect(try await here.request(.get, "/api/me").status == .ok, "the session that changed it goes on")
      #expect(try await elsewhere.request(.get, "/api/me").status == .unauthorized, "the other session goes on")
      #expect(try Self.sessionRows(workspace, user: "county") == 1)
      #expect(try await Self.signIn(client, "county").status == .unauthorized)
      #expect(try await Self.signIn(client, "county", newPassword).status == .ok)
      // A reset by the city committee ends every session of the account.
      var city = APIClient(client: client)
      try await city.signIn("city")
      let id = try Self.userID(workspace, "county")
      let reset = try await city.request(.post, "/api/users/\(id)/password", json: ["password": TestWorkspace.password])
      #expect(reset.status == .ok, "\(reset.text)")
      #expect(try Self.sessionRows(workspace, user: "county") == 0)
      #expect(try await here.request(.get, "/api/me").status == .unauthorized)
      #expect(try await city.request(.get, "/api/me").status == .ok)
      // No password in any answer or audit entry.
      for response in [wrong, short, changed, reset] {
        #expect(!response.text.contains(newPassword) && !response.text.contains(TestWorkspace.password) && !response.text.contains("$2"))
      }
      let entries = try await workspace.database.pool.read { db in try AuditLog.entries(db) }
      let texts = entries.flatMap { [$0.target, $0.before, $0.after, $0.comment].compactMap { $0 } }
      #expect(!texts.contains { $0.contains(newPassword) || $0.contains(TestWorkspace.password) })
      let actions = entries.filter { $0.target == "user:county" }.map(\.action)
      #expect(actions.contains("password_change") && actions.contains("password_reset"), "\(actions)")
    }
  }

  @Test func failedSignInsFromOneAddressAreLimitedWhateverTheName() async throws {
    #expect(SecuritySettings().addressFailures == 20)
    #expect(SecuritySettings().addressWindowSeconds == 15 * 60)
    let workspace = try TestWorkspace(security: SecuritySettings(addressFailures: 3, addressWindowSeconds: 600))
    try workspace.addUser("city", role: .city)
    try await Application(router: WorkspaceApp.router(workspace.services)).test(.router) { client in
      // Three names, one failure each: no account is locked, but the address is now.
      for name in ["alice", "bob", "city"] {
        #expect(try await Self.signIn(client, name, "wrong password").status == .unauthorized)
      }
      let known = try await Self.signIn(client, "city")
      let unknown = try await Self.signIn(client, "nobody", "whatever password")
      #expect(known.status == .tooManyRequests && known.errorCode == "too_many_attempts", "\(known.text)")
      #expect(Self.cookie(known) == nil)
      // The same words for every name, existing or not, right password or not.
      #expect(known.text == unknown.text)
      let entries = try await workspace.database.pool.read { db in try AuditLog.entries(db) }
      #expect(entries.filter { $0.action == "sign_in_failed" }.count == 5)
    }
  }

  @Test func aLockTellsNothingAboutWhichNamesExist() async throws {
    let workspace = try TestWorkspace()
    try workspace.addUser("city", role: .city)
    try await Application(router: WorkspaceApp.router(workspace.services)).test(.router) { client in
      for attempt in 1...5 {
        _ = try await Self.signIn(client, "city", "wrong password \(attempt)")
        _ = try await Self.signIn(client, "no-such-account", "wrong password \(attempt)")
      }
      let real = try await Self.signIn(client, "city", "wrong password 6")
      let phantom = try await Self.signIn(client, "no-such-account", "wrong password 6")
      #expect(real.status == .tooManyRequests && real.errorCode == "account_locked", "\(real.text)")
      #expect(real.text == phantom.text)
    }
  }

  @Test func accountsOverTheWebKeepTheCommandLinesRules() async throws {
    let workspace = try TestWorkspace(seed: true)
    try workspace.addUser("admin", role: .admin)
    try await workspace.test(as: .admin) { api in
      let added = try await api.request(
        .post, "/api/users", json: ["name": "gaoyou", "role": "county", "district": "高邮市", "password": "gaoyou password"])
      #expect(added.status == .created, "\(added.text)")
      #expect(try added.json()["district"] as? String == "高邮市")
      let cases: [([String: String], Int, String)] = [
        (["name": "x1", "role": "county", "password": "long enough pw"], 422, "district_required"),
        (["name": "x2", "role": "county", "district": "高邮", "password": "long enough pw"], 422, "unknown_district"),
        (["name": "x3", "role": "city", "district": "高邮市", "password": "long enough pw"], 422, "district_not_allowed"),
        (["name": "x4", "role": "reviewer", "password": "short"], 422, "weak_password"),
        (["name": "gaoyou", "role": "reviewer", "password": "long enough pw"], 409, "exists"),
        (["name": " ", "role": "reviewer", "password": "long enough pw"], 422, "invalid_name"),
      ]
      for (body, status, code) in cases {
        let refused = try await api.request(.post, "/api/users", json: body)
        #expect(refused.status.code == status && refused.errorCode == code, "\(body): \(refused.text)")
        let message = (try refused.json()["error"] as? [String: Any])?["message"] as? String ?? ""
        #expect(RouteProbe.hasChinese(message), "\(body): \(refused.text)")
      }
      let list = try await api.request(.get, "/api/users")
      #expect(list.status == .ok)
      #expect(try list.jsonArray().map { $0["name"] as? String } == ["admin", "gaoyou"])
      #expect(!list.text.contains("$2") && !list.text.lowercased().contains("hash") && !list.text.contains("password"), "\(list.text)")
    }
    // The command line refuses the same unknown district with the same sentence.
    #expect(throws: WorkspaceError.self) {
      try workspace.accounts.add(name: "x5", role: .county, district: "高邮", password: "long enough pw")
    }
    #expect(throws: Never.self) {
      try workspace.accounts.add(name: "x6", role: .county, district: "宝应县", password: "long enough pw")
    }
  }

  /// The logger of the server and of the routes, at its most talkative, while someone signs
  /// in, works, fails and changes the password: no password and no session token is written.
  @Test func nothingSecretInTheLog() async throws {
    let lines = LogCapture()
    var logger = Logger(label: "quotaplan-workspace-test", factory: { label in CapturingLogHandler(label: label, lines: lines) })
    logger.logLevel = .trace
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qp-log-\(UUID().uuidString)")
    let database = try WorkspaceDatabase(folder: try WorkspaceFolder.prepare(folder.path))
    let accounts = Accounts(database: database, cost: 4)
    let services = WorkspaceServices(database: database, accounts: accounts, logger: logger)
    try services.plans.seedIfEmpty(from: TestWorkspace.yangzhou.path)
    try accounts.add(name: "city", role: .city, district: nil, password: TestWorkspace.password)
    let newPassword = "another secret phrase"
    let token = try await Application(router: WorkspaceApp.router(services), logger: logger).test(.router) { client -> String in
      _ = try await Self.signIn(client, "city", "a wrong secret phrase")
      var api = APIClient(client: client)
      try await api.signIn("city")
      let token = String((api.cookie ?? "").dropFirst(WorkspaceApp.cookieName.count + 1))
      _ = try await api.request(.get, "/api/scenarios")
      _ = try await api.request(.get, "/api/versions/1/plan")
      _ = try await api.request(.get, "/api/no-such-route")
      _ = try await api.request(.post, "/api/users", rawJSON: "{\"name\": 1}")
      _ = try await api.request(.post, "/api/me/password", json: ["current": TestWorkspace.password, "new": newPassword])
      _ = try await api.request(.delete, "/api/session")
      return token
    }
    #expect(token.count >= 16)
    let log = lines.text
    #expect(!log.isEmpty, "nothing was logged: the test would prove nothing")
    for secret in [TestWorkspace.password, newPassword, "a wrong secret phrase", token] {
      #expect(!log.contains(secret), "the log holds a secret: \(secret.prefix(4))…")
    }
  }
}

/// Every line a logger writes, kept in memory.
final class LogCapture: Sendable {
  private let lines = Mutex<[String]>([])
  func append(_ line: String) { lines.withLock { $0.append(line) } }
  var text: String { lines.withLock { $0.joined(separator: "\n") } }
}

struct CapturingLogHandler: LogHandler {
  let label: String
  let lines: LogCapture
  var logLevel: Logger.Level = .trace
  var metadata: Logger.Metadata = [:]

  subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { metadata[key] }
    set { metadata[key] = newValue }
  }

  func log(event: LogEvent) {
    let all = metadata.merging(event.metadata ?? [:]) { $1 }
    lines.append("\(event.level) \(label) \(event.message) \(all) \(event.error.map { String(describing: $0) } ?? "")")
  }
}

// MARK: Upload limits (#14): time, size, file names

/// How many parts a trickling body has sent.
final class Counter: Sendable {
  private let count = Mutex(0)
  func add() { count.withLock { $0 += 1 } }
  var value: Int { count.withLock { $0 } }
}

extension IntruderTests {
  /// A body that arrives in `parts` pieces, `gap` apart.
  static func trickle(_ parts: Int, gap: Duration, sent: Counter? = nil) -> AsyncStream<ByteBuffer> {
    AsyncStream { continuation in
      let task = Task {
        for index in 0..<parts {
          try? await Task.sleep(for: gap)
          if Task.isCancelled { break }
          sent?.add()
          continuation.yield(ByteBuffer(string: "part \(index)\n"))
        }
        continuation.finish()
      }
      continuation.onTermination = { _ in task.cancel() }
    }
  }

  @Test func aBodyThatTricklesInIsRefusedAtTheTimeLimit() async throws {
    #expect(SecuritySettings().uploadSeconds == 120)
    #expect(SecuritySettings().idleSeconds == 60)
    let sent = Counter()
    do {
      _ = try await UploadDeadlineMiddleware.collect(Self.trickle(100, gap: .milliseconds(200), sent: sent), limit: 1 << 20, seconds: 0.5)
      Issue.record("a 20-second body was read within a 0.5-second limit")
    } catch let error as APIError {
      #expect(error.status == .requestTimeout && error.code == "upload_too_slow")
      #expect(error.zh.contains("0.5 秒"), "\(error.zh)")
    }
    // Refused at the limit, not when the body ends: most of the body was never sent. (Counted in
    // parts, not seconds: other suites load the machine, which delays the clock and the body alike.)
    #expect(sent.value < 100, "the whole body was read before the refusal (\(sent.value) parts)")
    // In time and within the size: read whole.
    let buffer = try await UploadDeadlineMiddleware.collect(Self.trickle(3, gap: .milliseconds(10)), limit: 1 << 20, seconds: 5)
    #expect(String(buffer: buffer) == "part 0\npart 1\npart 2\n")
    // Too large: refused as soon as the limit is passed.
    await #expect(throws: APIError.self) {
      _ = try await UploadDeadlineMiddleware.collect(Self.trickle(3, gap: .milliseconds(10)), limit: 10, seconds: 5)
    }
  }

  /// The county's upload of its schools: the name it gives is a name, never a path, and the
  /// size limit holds.
  @Test func aCountysUploadNameNeverBecomesAPath() async throws {
    let workspace = try TestWorkspace(seed: true)
    try workspace.addUser("city", role: .city)
    try workspace.addUser("county", role: .county)
    let version = try RouteProbe.newestID("version", workspace)
    let city = try #require(try workspace.accounts.all().first { $0.name == "city" })
    _ = try await workspace.services.plans.publish(version: version, name: "2022 年下达", by: city)
    let csv = try String(contentsOf: TestWorkspace.yangzhou.appendingPathComponent("schools.csv"), encoding: .utf8)
      .split(separator: "\n").enumerated().filter { $0.offset == 0 || $0.element.hasPrefix("宝应县,") }.map { String($0.element) }
      .joined(separator: "\n") + "\n"
    let before = Set(try FileManager.default.contentsOfDirectory(atPath: workspace.folder.path))
    try await workspace.test(as: .county) { county in
      let started = try await county.request(.post, "/api/versions/\(version)/refinements", rawJSON: "{}")
      let id = try #require(try started.json()["id"] as? Int)
      var revision = 1
      for name in ["../../../../tmp/qp-owned.csv", "..\\..\\workspace.sqlite", "/etc/passwd", "%2e%2e%2fschools.csv"] {
        let query = "expectedRevision=\(revision)&filename=\(name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? name)"
        let uploaded = try await county.request(.put, "/api/refinements/\(id)/schools?\(query)", rawBody: csv)
        #expect(uploaded.status == .ok, "\(name): \(uploaded.text)")
        revision = (try uploaded.json()["revision"] as? Int) ?? revision
      }
      let huge = String(repeating: "a", count: 73 * 1024 * 1024)
      let tooLarge = try await county.request(.put, "/api/refinements/\(id)/schools?expectedRevision=\(revision)&filename=big.csv", rawBody: huge)
      #expect(tooLarge.status == .contentTooLarge && tooLarge.errorCode == "too_large", "\(tooLarge.status)")
    }
    #expect(!FileManager.default.fileExists(atPath: "/tmp/qp-owned.csv"))
    // Nothing new next to the database, and the names recorded are bare names.
    let after = Set(try FileManager.default.contentsOfDirectory(atPath: workspace.folder.path))
    #expect(after.subtracting(before).allSatisfy { $0.hasPrefix(WorkspaceDatabase.fileName) }, "\(after.subtracting(before))")
    let recorded = try await workspace.database.pool.read { db in
      try String.fetchAll(db, sql: "SELECT after FROM audit_log WHERE action = 'refinement_data'")
    }
    #expect(recorded.count == 4)
    for entry in recorded {
      let file = entry.split(separator: " ").first { $0.hasPrefix("file=") } ?? ""
      #expect(!file.contains("/") && !file.contains("\\") && !file.contains(".."), "\(entry.prefix(80))")
    }
  }
}
