import Foundation
import Hummingbird

/// An API error: a stable code for machines and a sentence in the user's language, as JSON
/// `{"error": {"code", "message", "problems"?}}`.
public struct APIError: Error, HTTPResponseError, Sendable {
  /// One problem of an uploaded table or a setting: where it is and what is wrong.
  public struct Problem: Codable, Sendable, Equatable {
    public var file: String?
    public var row: Int?
    public var column: String?
    /// The setting's path in the form (`categories.senior_high.caps.0.ratio`).
    public var setting: String?
    public var message: String
    /// The sentence in Chinese, sent as `message` to a page in Chinese (nil: `message` in both).
    public var messageZH: String?
    public var rule: String?

    public init(
      file: String? = nil, row: Int? = nil, column: String? = nil, setting: String? = nil, message: String, messageZH: String? = nil,
      rule: String? = nil
    ) {
      self.file = file
      self.row = row
      self.column = column
      self.setting = setting
      self.message = message
      self.messageZH = messageZH
      self.rule = rule
    }

    /// The sentence in the page's language.
    public func message(_ language: PageLanguage) -> String { language == .zh ? messageZH ?? message : message }
  }

  public var status: HTTPResponse.Status
  public var code: String
  public var zh: String
  public var en: String
  public var problems: [Problem]
  /// Extra data the page needs to show the error (a table preview, the current version).
  public var details: [String: JSONValue]

  public init(
    _ status: HTTPResponse.Status, code: String, zh: String, en: String, problems: [Problem] = [], details: [String: JSONValue] = [:]
  ) {
    self.status = status
    self.code = code
    self.zh = zh
    self.en = en
    self.problems = problems
    self.details = details
  }

  public func message(_ language: PageLanguage) -> String { language == .zh ? zh : en }

  public func response(from request: Request, context: some RequestContext) throws -> Response {
    let language = PageLanguage.of(request)
    var body: [String: JSONValue] = ["code": .string(code), "message": .string(message(language))]
    if !problems.isEmpty {
      body["problems"] = .array(problems.map { problem in
        var object: [String: JSONValue] = ["message": .string(problem.message(language))]
        if let file = problem.file { object["file"] = .string(file) }
        if let row = problem.row { object["row"] = .number(Double(row)) }
        if let column = problem.column { object["column"] = .string(column) }
        if let setting = problem.setting { object["setting"] = .string(setting) }
        if let rule = problem.rule { object["rule"] = .string(rule) }
        return .object(object)
      })
    }
    for (key, value) in details { body[key] = value }
    return try JSONResponse.make(["error": JSONValue.object(body)], status: status)
  }

  // The errors every route may give.
  public static let signInRequired = APIError(.unauthorized, code: "sign_in_required", zh: "请先登录。", en: "Please sign in first.")
  public static let forbidden = APIError(.forbidden, code: "forbidden", zh: "您的角色无权进行此操作。", en: "Your role may not do this.")
  public static let csrf = APIError(
    .forbidden, code: "csrf", zh: "请求缺少有效的安全令牌（CSRF），请刷新页面后重试。",
    en: "The request lacks a valid security token (CSRF); reload the page and try again.")
  public static let crossOrigin = APIError(
    .forbidden, code: "cross_origin", zh: "拒绝来自其他网站的请求。", en: "Requests from another site are refused.")
  public static func notFound(_ what: String, _ whatEN: String) -> APIError {
    APIError(.notFound, code: "not_found", zh: "找不到\(what)。", en: "No such \(whatEN).")
  }
  public static func badRequest(_ zh: String, _ en: String) -> APIError {
    APIError(.badRequest, code: "bad_request", zh: zh, en: en)
  }
}

extension PageLanguage {
  /// The language a request asks for: `?lang=`, the `qp_lang` cookie, then Accept-Language;
  /// Chinese by default.
  public static func of(_ request: Request) -> PageLanguage {
    if let lang = request.uri.queryParameters.get("lang"), let language = PageLanguage(rawValue: lang) { return language }
    if let cookie = request.cookies["qp_lang"]?.value, let language = PageLanguage(rawValue: cookie) { return language }
    if let accept = request.headers[.acceptLanguage], accept.lowercased().hasPrefix("en") { return .en }
    return .zh
  }
}
