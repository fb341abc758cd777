/// Query parameters and request bodies of the API's routes, for the OpenAPI document. Keyed
/// by "METHOD /path" as in `Endpoints.all`.
extension OpenAPIDocument {
  static let string: JSONValue = .object(["type": .string("string")])
  static let integer: JSONValue = .object(["type": .string("integer")])
  static let boolean: JSONValue = .object(["type": .string("boolean")])
  /// An uploaded table: its name and its bytes in base64 (CSV or XLSX).
  static let uploadedFile: JSONValue = .object([
    "type": .string("object"), "required": .array([.string("fileName"), .string("base64")]),
    "properties": .object(["fileName": .object(["type": .string("string")]), "base64": .object(["type": .string("string")])]),
  ])

  static let operations: [String: Operation] = [
    "POST /api/session": Operation(
      body: .object([
        "type": .string("object"), "required": .array([.string("name"), .string("password")]),
        "properties": .object(["name": string, "password": string]),
      ]), responses: [401, 403, 429]),
    "DELETE /api/session": Operation(responses: [204]),
    // Accounts (UserEndpoints).
    "POST /api/users": Operation(
      body: .object([
        "type": .string("object"), "required": .array([.string("name"), .string("role"), .string("password")]),
        "properties": .object([
          "name": .object(["type": .string("string"), "minLength": .number(1), "maxLength": .number(64)]),
          "role": .object(["type": .string("string"), "enum": .array(Role.allCases.map { .string($0.rawValue) })]),
          "district": .object(["type": .array([.string("string"), .string("null")])]),
          "password": .object(["type": .string("string"), "minLength": .number(10), "maxLength": .number(72)]),
        ]),
      ]), responses: [201, 409, 422]),
    "POST /api/users/{id}/disable": Operation(responses: [404, 422]),
    "POST /api/users/{id}/enable": Operation(responses: [404]),
    "POST /api/users/{id}/password": Operation(
      body: .object([
        "type": .string("object"), "required": .array([.string("password")]),
        "properties": .object(["password": .object(["type": .string("string"), "minLength": .number(10), "maxLength": .number(72)])]),
      ]), responses: [404, 422]),
    "POST /api/me/password": Operation(
      body: .object([
        "type": .string("object"), "required": .array([.string("current"), .string("new")]),
        "properties": .object(["current": string, "new": .object(["type": .string("string"), "minLength": .number(10), "maxLength": .number(72)])]),
      ]), responses: [422, 429]),
    // Scenarios, versions, plans, downloads, publishing (ScenarioEndpoints).
    "POST /api/scenarios": Operation(
      body: .object([
        "type": .string("object"), "required": .array([.string("name"), .string("fromScenario")]),
        "properties": .object([
          "name": .object(["type": .string("string"), "minLength": .number(1), "maxLength": .number(64)]),
          "fromScenario": integer, "whatIf": boolean,
        ]),
      ]), responses: [201, 404, 409, 422]),
    "GET /api/scenarios/{id}": Operation(responses: [404]),
    "PUT /api/scenarios/{id}/settings": Operation(
      body: .object([
        "type": .string("object"), "required": .array([.string("expectedVersion"), .string("policy")]),
        "properties": .object([
          "expectedVersion": integer,
          "policy": .object(["type": .string("object"), "description": .string("the engine's Policy, as GET /api/versions/{id} gives it")]),
        ]),
      ]), responses: [201, 404, 409, 422]),
    "GET /api/versions/{id}": Operation(responses: [404]),
    "GET /api/versions/{id}/plan": Operation(responses: [404, 409]),
    "GET /api/versions/{id}/nearest": Operation(responses: [404]),
    "GET /api/versions/{id}/files/{name}": Operation(
      query: [(name: "nearest", schema: .object(["type": .string("string"), "enum": .array([.string("1")])]), required: false)],
      responses: [404, 409]),
    "POST /api/versions/{id}/publish": Operation(
      body: .object([
        "type": .string("object"), "required": .array([.string("name")]),
        "properties": .object(["name": .object(["type": .string("string"), "minLength": .number(1), "maxLength": .number(64)])]),
      ]), responses: [404, 409, 422]),
    // Explain, compare, sweep (AnalysisEndpoints) and uploads (UploadEndpoints).
    "GET /api/versions/{id}/explain": Operation(
      query: [
        (name: "school", schema: string, required: false), (name: "social", schema: string, required: false),
        (name: "district", schema: string, required: false), (name: "category", schema: string, required: false),
        (name: "grade", schema: .object(["type": .string("integer"), "minimum": .number(1)]), required: false),
      ], responses: [400, 404, 409]),
    "GET /api/compare": Operation(
      query: [(name: "versions", schema: .object(["type": .string("string"), "pattern": .string("^[0-9]+(,[0-9]+){1,7}$")]), required: true)],
      responses: [400, 404]),
    "GET /api/versions/{id}/sweep": Operation(
      query: [
        (name: "setting", schema: string, required: true), (name: "from", schema: .object(["type": .string("number")]), required: true),
        (name: "to", schema: .object(["type": .string("number")]), required: true),
        (name: "step", schema: .object(["type": .string("number"), "exclusiveMinimum": .number(0)]), required: true),
      ], responses: [404, 422]),
    "POST /api/scenarios/upload": Operation(
      body: .object([
        "type": .string("object"), "required": .array([.string("name"), .string("schools")]),
        "properties": .object([
          "name": .object(["type": .string("string"), "minLength": .number(1), "maxLength": .number(64)]),
          "settingsFrom": .object(["type": .array([.string("integer"), .string("null")])]),
          "schools": uploadedFile,
          "social": .object(["oneOf": .array([uploadedFile, .object(["type": .string("null")])])]),
        ]),
      ]), responses: [201, 404, 409, 413, 422]),
    // County refinements (RefinementEndpoints).
    "GET /api/versions/{id}/envelope": Operation(query: [(name: "district", schema: string, required: false)], responses: [404, 409]),
    "POST /api/versions/{id}/refinements": Operation(
      body: .object([
        "type": .string("object"),
        "properties": .object(["fromRefinement": .object(["type": .array([.string("integer"), .string("null")]), "minimum": .number(1)])]),
      ]), responses: [201, 404, 409, 422]),
    "GET /api/refinements": Operation(
      query: [(name: "version", schema: .object(["type": .string("integer"), "minimum": .number(1)]), required: false)]),
    "GET /api/refinements/{id}": Operation(responses: [404]),
    "GET /api/refinements/{id}/files/{name}": Operation(responses: [404, 409]),
    "PUT /api/refinements/{id}/pins": Operation(
      body: .object([
        "type": .string("object"), "required": .array([.string("expectedRevision"), .string("pins")]),
        "properties": .object([
          "expectedRevision": integer,
          "pins": .object([
            "type": .string("array"), "maxItems": .number(1000),
            "items": .object([
              "type": .string("object"), "required": .array([.string("school")]),
              "properties": .object([
                "school": string, "district": .object(["type": .array([.string("string"), .string("null")])]),
                "category": .object(["type": .array([.string("string"), .string("null")])]),
                "grade": .object(["type": .array([.string("integer"), .string("null")])]),
                "quota": .object(["type": .array([.string("integer"), .string("null")])]),
                "min": .object(["type": .array([.string("integer"), .string("null")])]),
                "max": .object(["type": .array([.string("integer"), .string("null")])]),
                "note": .object(["type": .array([.string("string"), .string("null")])]),
              ]),
            ]),
          ]),
        ]),
      ]), responses: [404, 409, 413, 422]),
    "PUT /api/refinements/{id}/schools": Operation(
      query: [
        (name: "expectedRevision", schema: integer, required: true), (name: "filename", schema: string, required: false),
      ], responses: [400, 404, 409, 413, 422]),
    "PATCH /api/refinements/{id}/schools": Operation(
      body: .object([
        "type": .string("object"), "required": .array([.string("expectedRevision"), .string("edits")]),
        "properties": .object([
          "expectedRevision": integer,
          "edits": .object([
            "type": .string("array"), "maxItems": .number(2000),
            "items": .object([
              "type": .string("object"), "required": .array([.string("school"), .string("grade")]),
              "properties": .object([
                "school": string, "category": .object(["type": .array([.string("string"), .string("null")])]), "grade": integer,
                "classes": .object(["type": .array([.string("integer"), .string("null")])]),
                "students": .object(["type": .array([.string("integer"), .string("null")])]),
                "members": .object(["type": .array([.string("integer"), .string("null")])]),
              ]),
            ]),
          ]),
        ]),
      ]), responses: [404, 409, 413, 422]),
    "POST /api/refinements/{id}/submit": Operation(
      body: .object([
        "type": .string("object"), "required": .array([.string("expectedRevision")]), "properties": .object(["expectedRevision": integer]),
      ]), responses: [404, 409, 422]),
    "POST /api/refinements/{id}/withdraw": Operation(
      body: .object([
        "type": .string("object"), "required": .array([.string("expectedRevision")]), "properties": .object(["expectedRevision": integer]),
      ]), responses: [404, 409]),
    // Review, board, combination, audit (ReviewEndpoints, CombineEndpoints, AuditEndpoints).
    "POST /api/refinements/{id}/approve": Operation(
      body: .object([
        "type": .string("object"), "required": .array([.string("expectedRevision")]),
        "properties": .object(["expectedRevision": integer, "comment": .object(["type": .array([.string("string"), .string("null")])])]),
      ]), responses: [404, 409, 422]),
    "POST /api/refinements/{id}/return": Operation(
      body: .object([
        "type": .string("object"), "required": .array([.string("expectedRevision"), .string("comment")]),
        "properties": .object(["expectedRevision": integer, "comment": .object(["type": .string("string"), "pattern": .string("\\S")])]),
      ]), responses: [404, 409, 422]),
    "POST /api/refinements/{id}/comments": Operation(
      body: .object([
        "type": .string("object"), "required": .array([.string("text")]),
        "properties": .object(["text": .object(["type": .string("string"), "pattern": .string("\\S")])]),
      ]), responses: [201, 404, 422]),
    "POST /api/versions/{id}/reviews": Operation(
      body: .object([
        "type": .string("object"), "required": .array([.string("decision")]),
        "properties": .object([
          "decision": .object(["type": .string("string"), "enum": .array([.string("approve"), .string("return"), .string("comment")])]),
          "text": .object(["type": .array([.string("string"), .string("null")])]),
        ]),
      ]), responses: [201, 404, 409, 422]),
    "GET /api/versions/{id}/board": Operation(responses: [404]),
    "POST /api/versions/{id}/combine": Operation(responses: [201, 404, 409, 422]),
    "GET /api/combinations/{id}": Operation(responses: [404]),
    "GET /api/combinations/{id}/files/{name}": Operation(responses: [404]),
    "GET /api/combinations/{id}/district/{name}": Operation(
      query: [(name: "district", schema: string, required: false)], responses: [400, 404]),
    // Tracking (TrackingEndpoints): the register is the raw CSV or XLSX body, like the schools upload.
    "POST /api/versions/{id}/tracking": Operation(
      query: [
        (name: "asOf", schema: .object(["type": .string("string"), "format": .string("date")]), required: true),
        (name: "filename", schema: string, required: false),
      ], responses: [201, 400, 404, 409, 413, 422]),
    "GET /api/versions/{id}/tracking": Operation(responses: [404, 409]),
    "GET /api/versions/{id}/tracking/files/{name}": Operation(
      query: [
        (name: "district", schema: string, required: false),
        (name: "language", schema: .object(["type": .string("string"), "enum": .array([.string("zh"), .string("en")])]), required: false),
      ], responses: [404, 409]),
    "GET /api/audit": Operation(
      query: [
        (name: "version", schema: .object(["type": .string("integer"), "minimum": .number(1)]), required: false),
        (name: "district", schema: string, required: false),
        (name: "target", schema: string, required: false),
        (name: "limit", schema: .object(["type": .string("integer"), "minimum": .number(1), "maximum": .number(100_000)]), required: false),
        (name: "format", schema: .object(["type": .string("string"), "enum": .array([.string("json"), .string("csv")])]), required: false),
      ], responses: [400]),
  ]
}
