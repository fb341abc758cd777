import Foundation
import Hummingbird

/// Sign-in, sign-out, who am I, health and the API's description.
enum SessionEndpoints {
  /// One answer for a wrong name and a wrong password.
  static let badCredentials = APIError(.unauthorized, code: "bad_credentials", zh: "用户名或密码不正确。", en: "The name or password is wrong.")

  /// The answer to an address with too many failed sign-ins: the same words whatever name it gives.
  static func tooManyFromAddress(_ until: Date) -> APIError {
    let minutes = max(1, Int((until.timeIntervalSinceNow / 60).rounded(.up)))
    return APIError(
      .tooManyRequests, code: "too_many_attempts", zh: "此地址登录失败次数过多，请 \(minutes) 分钟后再试。",
      en: "Too many failed sign-ins from this address; try again in \(minutes) minute\(minutes == 1 ? "" : "s").")
  }

  struct Credentials: Decodable {
    var name: String
    var password: String
  }

  /// The signed-in account as the page sees it, with the token its changes must carry.
  struct Me: Encodable {
    var name: String
    var role: Role
    var roleLabel: String
    var district: String?
    var csrf: String
    var language: PageLanguage
  }

  static func me(_ user: User, csrf: String, _ request: Request) -> Me {
    let language = PageLanguage.of(request)
    return Me(name: user.name, role: user.role, roleLabel: user.role.label(language), district: user.district, csrf: csrf, language: language)
  }

  static let list: [Endpoint] = [
    Endpoint(.get, "/api/health", .anyone, "Answers 200 when the database is usable, 503 when not.") { _, _, services in
      let usable = await services.database.isUsable()
      return try JSONResponse.make(["status": usable ? "ok" : "database unusable"], status: usable ? .ok : .serviceUnavailable)
    },
    Endpoint(.get, "/api/openapi.json", .anyone, "This API's OpenAPI 3.1 document.") { _, _, _ in
      Response(
        status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
        body: .init(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.json())))
    },
    Endpoint(.post, "/api/session", .anyone, "Signs in with name and password; sets the session cookie.") { request, context, services in
      // Anyone may call this, so it reads no more than a name and a password need (not 72 MB).
      let credentials = try await JSONResponse.decode(Credentials.self, from: request, context: context, limit: 64 * 1024)
      // An address with too many failures waits, before any password is checked.
      let address = context.clientAddress
      if let until = services.addressThrottle.blockedUntil(address) {
        let name = String(credentials.name.prefix(64))
        try await services.database.pool.write { db in
          try AuditLog.append(db, user: nil, action: "sign_in_failed", target: "user:\(name)", comment: "too many failed sign-ins from this address")
        }
        throw tooManyFromAddress(until)
      }
      guard credentials.name.utf8.count <= 256, credentials.password.utf8.count <= 1024 else {
        services.addressThrottle.fail(address)
        throw badCredentials
      }
      // bcrypt and the blocking database calls of `signIn` run on a Dispatch thread: on one of
      // Swift concurrency's threads (a detached task too) they could hold up every request.
      let outcome = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Accounts.SignIn, Error>) in
        DispatchQueue.global(qos: .userInitiated).async {
          continuation.resume(with: Result { try services.accounts.signIn(name: credentials.name, password: credentials.password) })
        }
      }
      if case .success = outcome {} else {
        services.addressThrottle.fail(address)
        // For whoever watches the server: the name tried and the address, never the password.
        services.logger.notice("sign-in refused for “\(credentials.name.prefix(64))” from \(address)")
      }
      switch outcome {
      case .success(let user):
        let csrf = Token.random()
        context.sessions.createSession(WorkspaceSession(userID: user.id, csrf: csrf), expiresIn: services.security.sessionLength)
        return try JSONResponse.make(me(user, csrf: csrf, request))
      case .refused:
        throw badCredentials
      case .disabled:
        throw APIError(.forbidden, code: "account_disabled", zh: "此账号已停用，请联系管理员。", en: "This account is disabled; ask the administrator.")
      case .locked(let until):
        let minutes = max(1, Int((until.timeIntervalSinceNow / 60).rounded(.up)))
        throw APIError(
          .tooManyRequests, code: "account_locked", zh: "连续登录失败次数过多，请 \(minutes) 分钟后再试。",
          en: "Too many failed sign-ins in a row; try again in \(minutes) minute\(minutes == 1 ? "" : "s").")
      }
    },
    Endpoint(.delete, "/api/session", .signedIn, "Signs out: the session ends on the server.") { request, context, services in
      if let user = context.identity {
        try await services.database.pool.write { db in
          try AuditLog.append(db, user: user, action: "sign_out", target: "user:\(user.name)", district: user.district)
        }
      }
      context.sessions.clearSession()
      return Response(status: .noContent)
    },
    Endpoint(.get, "/api/me", .signedIn, "The signed-in account, its role and the CSRF token for changes.") { request, context, _ in
      guard let user = context.identity, let session = context.sessions.session else { throw APIError.signInRequired }
      return try JSONResponse.make(me(user, csrf: session.csrf, request))
    },
  ]
}

/// Random tokens for sessions' CSRF protection.
enum Token {
  static func random() -> String {
    var generator = SystemRandomNumberGenerator()
    let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
    return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
      .replacingOccurrences(of: "=", with: "")
  }
}
