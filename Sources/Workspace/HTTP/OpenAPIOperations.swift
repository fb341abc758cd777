/// Query parameters and request bodies of the API's routes, for the OpenAPI document. Keyed
/// by "METHOD /path" as in `Endpoints.all`.
extension OpenAPIDocument {
  static let string: JSONValue = .object(["type": .string("string")])

  static let operations: [String: Operation] = [
    "POST /api/session": Operation(
      body: .object([
        "type": .string("object"), "required": .array([.string("name"), .string("password")]),
        "properties": .object(["name": string, "password": string]),
      ]), responses: [401, 403, 429]),
    "DELETE /api/session": Operation(responses: [204]),
  ]
}
