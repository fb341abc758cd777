import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import QuotaPlan
import Testing
@testable import Workspace

/// A workspace in a fresh temporary folder, with fast bcrypt, for tests.
///
///     let workspace = try TestWorkspace(seed: true)
///     try await workspace.test(as: .city) { client in
///       let response = try await client.request(.get, "/api/scenarios")
///       #expect(response.status == .ok)
///     }
struct TestWorkspace: Sendable {
  /// The repository's root (holds `scenarios/`).
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  /// The Yangzhou 2022 scenario folder, the workspace's seed.
  static let yangzhou = root.appendingPathComponent("scenarios/yangzhou-2022")
  /// The password every test account gets.
  static let password = "correct horse battery"

  let folder: URL
  let database: WorkspaceDatabase
  let accounts: Accounts
  let services: WorkspaceServices

  /// A new workspace; `seed` stores Yangzhou 2022 as scenario "yangzhou-2022" version 1, planned.
  init(seed: Bool = false, security: SecuritySettings = SecuritySettings()) throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("qp-workspace-\(UUID().uuidString)")
    database = try WorkspaceDatabase(folder: try WorkspaceFolder.prepare(folder.path))
    accounts = Accounts(database: database, cost: 4)
    var logger = Logger(label: "quotaplan-workspace-test")
    logger.logLevel = .warning
    services = WorkspaceServices(database: database, accounts: accounts, logger: logger, security: security)
    if seed { try services.plans.seedIfEmpty(from: Self.yangzhou.path) }
  }

  /// Adds an account (password `TestWorkspace.password`); a county account gets 宝应县 unless told.
  @discardableResult
  func addUser(_ name: String, role: Role, district: String? = nil) throws -> User {
    try accounts.add(name: name, role: role, district: role == .county ? (district ?? "宝应县") : nil, password: Self.password)
  }

  /// Runs `body` against the router (no network), with a client signed in as a new account of
  /// `role` (named after the role), or signed out when `role` is nil.
  func test(as role: Role?, _ body: @Sendable (APIClient) async throws -> Void) async throws {
    if let role, (try accounts.all()).contains(where: { $0.name == role.rawValue }) == false {
      try addUser(role.rawValue, role: role)
    }
    let app = Application(router: WorkspaceApp.router(services))
    try await app.test(.router) { client in
      var api = APIClient(client: client)
      if let role { try await api.signIn(role.rawValue) }
      try await body(api)
    }
  }
}

/// A test client that carries the session cookie and the CSRF token, like the page does.
struct APIClient: Sendable {
  let client: any TestClientProtocol
  /// `qp_session=…` once signed in.
  var cookie: String?
  /// The session's CSRF token, sent with every change.
  var csrf: String?

  init(client: any TestClientProtocol) { self.client = client }

  /// Signs in as `name` (password `TestWorkspace.password`) and keeps the cookie and token.
  mutating func signIn(_ name: String, password: String = TestWorkspace.password) async throws {
    let response = try await request(.post, "/api/session", json: ["name": name, "password": password])
    guard response.status == .ok else {
      Issue.record("sign-in as \(name) failed: \(response.status) \(response.text)")
      return
    }
    cookie = response.headers[.setCookie].flatMap { $0.split(separator: ";").first.map(String.init) }
    csrf = try response.json()["csrf"] as? String
  }

  /// Sends a request with the session cookie and (for changes) the CSRF token; `json` is
  /// encoded as the body. `csrf: false` leaves the token out.
  func request(
    _ method: HTTPRequest.Method, _ uri: String, json: (any Encodable & Sendable)? = nil, headers: HTTPFields = [:], csrf sendToken: Bool = true
  ) async throws -> TestResponse {
    var headers = headers
    if let cookie { headers[.cookie] = cookie }
    if sendToken, let csrf, ![.get, .head].contains(method) { headers[HTTPField.Name("X-CSRF-Token")!] = csrf }
    var body: ByteBuffer?
    if let json {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys]
      body = ByteBuffer(bytes: try encoder.encode(json))
      headers[.contentType] = "application/json"
    }
    return try await client.executeRequest(uri: uri, method: method, headers: headers, body: body)
  }

  /// Sends raw JSON text as the body.
  func request(_ method: HTTPRequest.Method, _ uri: String, rawJSON: String) async throws -> TestResponse {
    var headers: HTTPFields = [.contentType: "application/json"]
    if let cookie { headers[.cookie] = cookie }
    if let csrf { headers[HTTPField.Name("X-CSRF-Token")!] = csrf }
    return try await client.executeRequest(uri: uri, method: method, headers: headers, body: ByteBuffer(string: rawJSON))
  }
}

extension TestResponse {
  /// The body's bytes.
  var data: Data { Data(body.readableBytesView) }
  /// The body as text.
  var text: String { String(decoding: body.readableBytesView, as: UTF8.self) }
  /// The body as a JSON object (empty when it is not one).
  func json() throws -> [String: Any] { (try JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:] }
  /// The body as a JSON array (empty when it is not one).
  func jsonArray() throws -> [[String: Any]] { (try JSONSerialization.jsonObject(with: data) as? [[String: Any]]) ?? [] }
  /// `error.code` of an error response.
  var errorCode: String? { ((try? json())?["error"] as? [String: Any])?["code"] as? String }
}
