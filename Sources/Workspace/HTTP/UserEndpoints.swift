import Foundation
import Hummingbird

/// Accounts over the web: the administrator and the city committee list, add, disable and
/// enable accounts and reset passwords; every account changes its own password. The same
/// checks as `quotaplan-workspace users` (`Accounts`), the same audit entries (`user_add`,
/// `user_disable`, `user_enable`, `password_reset`, `password_change`), never a password or a
/// hash in an answer or the log. Disabling an account or setting its password ends its
/// sessions at once; changing one's own ends the account's other sessions.
enum UserEndpoints {
  /// Who manages accounts.
  static let managers = Access.roles([.admin, .city])

  struct AddBody: Decodable {
    var name: String
    var role: Role
    var district: String?
    var password: String
  }

  struct PasswordBody: Decodable {
    var password: String
  }

  struct ChangeBody: Decodable {
    var current: String
    var new: String
  }

  /// An account as the list shows it, with its role in the reader's language.
  struct Item: Encodable {
    var id: Int64
    var name: String
    var role: Role
    var roleLabel: String
    var district: String?
    var disabled: Bool
    var locked: Bool
    var createdAt: String
  }

  static func item(_ account: Accounts.Listed, _ language: PageLanguage) -> Item {
    Item(
      id: account.id, name: account.name, role: account.role, roleLabel: account.role.label(language), district: account.district,
      disabled: account.disabled, locked: account.locked, createdAt: account.createdAt)
  }

  static func problem(_ problem: AccountProblem) -> APIError {
    APIError(.unprocessableContent, code: problem.code, zh: problem.zh, en: problem.en)
  }

  /// Runs bcrypt and the blocking database calls of `Accounts` on a Dispatch thread, as
  /// sign-in does, so they never hold one of Swift concurrency's threads.
  static func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
      DispatchQueue.global(qos: .userInitiated).async { continuation.resume(with: Result { try work() }) }
    }
  }

  /// The account `{id}` names, or 404.
  static func target(_ context: WorkspaceContext, _ services: WorkspaceServices) async throws -> User {
    guard let id = context.parameters.get("id", as: Int64.self), id > 0, let user = try await services.accounts.user(id: id) else {
      throw APIError.notFound("该账号", "account")
    }
    return user
  }

  /// The account as the list shows it now.
  static func current(_ id: Int64, _ services: WorkspaceServices, _ request: Request) async throws -> Response {
    guard let account = try await services.accounts.listed().first(where: { $0.id == id }) else { throw APIError.notFound("该账号", "account") }
    return try JSONResponse.make(item(account, PageLanguage.of(request)))
  }

  static let list: [Endpoint] = [
    Endpoint(.get, "/api/users", managers, "Every account: name, role, a county's district, disabled or locked (never a password hash).") {
      request, _, services in
      let language = PageLanguage.of(request)
      return try JSONResponse.make(try await services.accounts.listed().map { item($0, language) })
    },
    Endpoint(
      .post, "/api/users", managers,
      "Adds an account {name, role, district?, password}; a county account needs a district of the workspace, as quotaplan-workspace users add."
    ) { request, context, services in
      let actor = try ScenarioEndpoints.user(context)
      let body = try await JSONResponse.decode(AddBody.self, from: request, context: context, limit: 64 * 1024)
      let name = body.name.trimmingCharacters(in: .whitespacesAndNewlines)
      let known = try await services.database.pool.read { db in try Accounts.knownDistricts(db) }
      if let found = Accounts.problem(name: name, role: body.role, district: body.district, known: known) { throw problem(found) }
      if let found = Accounts.passwordProblem(body.password) { throw problem(found) }
      if try await services.accounts.listed().contains(where: { $0.name == name }) {
        throw APIError(.conflict, code: "exists", zh: "已有名为“\(name)”的账号。", en: "An account called “\(name)” exists already.")
      }
      let accounts = services.accounts
      let user: User
      do {
        user = try await offload { try accounts.add(name: name, role: body.role, district: body.district, password: body.password, by: actor) }
      } catch WorkspaceError.account(let sentence) {
        // Only a race is left here (the same name added meanwhile).
        throw APIError(.conflict, code: "exists", zh: "账号未添加：\(sentence)", en: "The account was not added: \(sentence)")
      }
      var response = try await current(user.id, services, request)
      response.status = .created
      return response
    },
    Endpoint(.post, "/api/users/{id}/disable", managers, "Disables an account: it cannot sign in, and its sessions end at once.") {
      request, context, services in
      let actor = try ScenarioEndpoints.user(context)
      let user = try await target(context, services)
      guard user.id != actor.id else {
        throw APIError(
          .unprocessableContent, code: "own_account", zh: "不能停用自己的账号；请另一位管理员操作。",
          en: "You cannot disable your own account; ask another administrator.")
      }
      if !user.disabled {
        try await services.database.pool.write { db in try Accounts.setDisabled(db, user, true, by: actor) }
      }
      return try await current(user.id, services, request)
    },
    Endpoint(.post, "/api/users/{id}/enable", managers, "Enables a disabled account.") { request, context, services in
      let actor = try ScenarioEndpoints.user(context)
      let user = try await target(context, services)
      if user.disabled {
        try await services.database.pool.write { db in try Accounts.setDisabled(db, user, false, by: actor) }
      }
      return try await current(user.id, services, request)
    },
    Endpoint(
      .post, "/api/users/{id}/password", managers, "Resets an account's password {password}; lifts a lock and ends that account's sessions."
    ) { request, context, services in
      let actor = try ScenarioEndpoints.user(context)
      let user = try await target(context, services)
      let body = try await JSONResponse.decode(PasswordBody.self, from: request, context: context, limit: 64 * 1024)
      if let found = Accounts.passwordProblem(body.password) { throw problem(found) }
      let accounts = services.accounts
      try await offload { try accounts.setPassword(name: user.name, body.password, by: actor) }
      return try await current(user.id, services, request)
    },
    Endpoint(
      .post, "/api/me/password", .signedIn, "Changes the signed-in account's own password {current, new}; its other sessions end."
    ) { request, context, services in
      let user = try ScenarioEndpoints.user(context)
      let body = try await JSONResponse.decode(ChangeBody.self, from: request, context: context, limit: 64 * 1024)
      let address = context.clientAddress
      if let until = services.addressThrottle.blockedUntil(address) { throw SessionEndpoints.tooManyFromAddress(until) }
      guard body.current.utf8.count <= 1024 else { throw wrongCurrent }
      let keep = request.cookies[WorkspaceApp.cookieName].map { SessionStore.digest(WorkspaceApp.sessionKeyPrefix + $0.value) }
      let accounts = services.accounts
      switch try await offload({ try accounts.changePassword(user: user, current: body.current, new: body.new, keeping: keep) }) {
      case .changed:
        return try JSONResponse.make(["changed": true])
      case .wrongCurrent:
        services.addressThrottle.fail(address)
        throw wrongCurrent
      case .invalid(let found):
        throw problem(found)
      }
    },
  ]

  static let wrongCurrent = APIError(
    .unprocessableContent, code: "wrong_password", zh: "当前密码不正确，密码未更改。", en: "The current password is wrong; the password was not changed.")
}
