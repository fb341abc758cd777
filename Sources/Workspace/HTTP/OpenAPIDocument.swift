import Foundation

/// The API's OpenAPI 3.1 document, built from the access table (`Endpoints.all`) so it lists
/// exactly the routes that exist, with their parameters, bodies and who may call them.
public enum OpenAPIDocument {
  /// Extra description of one operation: query parameters and the JSON body it reads.
  public struct Operation: Sendable {
    public var query: [(name: String, schema: JSONValue, required: Bool)]
    public var body: JSONValue?
    public var responses: [Int]

    public init(query: [(name: String, schema: JSONValue, required: Bool)] = [], body: JSONValue? = nil, responses: [Int] = []) {
      self.query = query
      self.body = body
      self.responses = responses
    }
  }

  public static func json() -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return (try? encoder.encode(document())) ?? Data("{}".utf8)
  }

  static func document() -> JSONValue {
    var paths: [String: JSONValue] = [:]
    for endpoint in Endpoints.all where endpoint.path.hasPrefix("/api/") {
      let operation = endpoint.operation
      var parameters: [JSONValue] = parameterNames(endpoint.path).map { name in
        .object([
          "name": .string(name), "in": .string("path"), "required": .bool(true),
          "schema": name.hasSuffix("id") ? .object(["type": .string("integer"), "minimum": .number(1)]) : .object(["type": .string("string")]),
        ])
      }
      for parameter in operation.query {
        parameters.append(
          .object(["name": .string(parameter.name), "in": .string("query"), "required": .bool(parameter.required), "schema": parameter.schema]))
      }
      var statuses = Set(operation.responses + [200])
      if case .roles = endpoint.access { statuses.formUnion([401, 403]) }
      if operation.body != nil { statuses.insert(400) }
      var responses: [String: JSONValue] = [:]
      for status in statuses.sorted() {
        responses[String(status)] = .object(["description": .string(status < 300 ? "done" : "an error: {error: {code, message}}")])
      }
      var object: [String: JSONValue] = [
        "summary": .string(endpoint.summary),
        "parameters": .array(parameters),
        "responses": .object(responses),
      ]
      if case .roles(let roles) = endpoint.access {
        object["security"] = .array([.object(["session": .array([])])])
        object["x-roles"] = .array(Role.allCases.filter(roles.contains).map { .string($0.rawValue) })
      } else {
        object["security"] = .array([])
      }
      if let body = operation.body {
        object["requestBody"] = .object([
          "required": .bool(true), "content": .object(["application/json": .object(["schema": body])]),
        ])
      }
      var item: [String: JSONValue] = [:]
      if case .object(let existing) = paths[openAPIPath(endpoint.path)] { item = existing }
      item[endpoint.method.rawValue.lowercased()] = .object(object)
      paths[openAPIPath(endpoint.path)] = .object(item)
    }
    return .object([
      "openapi": .string("3.1.0"),
      "info": .object([
        "title": .string("quotaplan workspace API"), "version": .string("1"),
        "description": .string(
          "Sign in with POST /api/session; the session cookie (HttpOnly, SameSite=Strict) then identifies you. Every POST, PUT and DELETE must carry the header X-CSRF-Token from GET /api/me. Errors are JSON {error: {code, message}} in the language of ?lang= or Accept-Language (zh by default)."
        ),
      ]),
      "components": .object([
        "securitySchemes": .object([
          "session": .object(["type": .string("apiKey"), "in": .string("cookie"), "name": .string(WorkspaceApp.cookieName)])
        ])
      ]),
      "paths": .object(paths),
    ])
  }

  /// `{id}` parameters of a path, in order.
  static func parameterNames(_ path: String) -> [String] {
    path.split(separator: "/").compactMap { part in
      part.hasPrefix("{") && part.hasSuffix("}") ? String(part.dropFirst().dropLast()) : nil
    }
  }

  static func openAPIPath(_ path: String) -> String { path }
}

extension Endpoint {
  /// The OpenAPI description of this route beyond its path: from `OpenAPIDocument.operations`.
  var operation: OpenAPIDocument.Operation {
    OpenAPIDocument.operations["\(method.rawValue) \(path)"] ?? OpenAPIDocument.Operation()
  }
}
