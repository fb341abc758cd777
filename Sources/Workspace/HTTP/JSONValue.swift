import Foundation
import Hummingbird

/// Any JSON value, for responses whose shape is data (errors' details, settings trees).
public enum JSONValue: Codable, Sendable, Equatable {
  case null
  case bool(Bool)
  case number(Double)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])

  public init(from decoder: Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let value = try? container.decode(Bool.self) {
      self = .bool(value)
    } else if let value = try? container.decode(Double.self) {
      self = .number(value)
    } else if let value = try? container.decode(String.self) {
      self = .string(value)
    } else if let value = try? container.decode([JSONValue].self) {
      self = .array(value)
    } else {
      self = .object(try container.decode([String: JSONValue].self))
    }
  }

  public func encode(to encoder: Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .null: try container.encodeNil()
    case .bool(let value): try container.encode(value)
    case .number(let value):
      if value == value.rounded(), abs(value) < 9e15 { try container.encode(Int64(value)) } else { try container.encode(value) }
    case .string(let value): try container.encode(value)
    case .array(let value): try container.encode(value)
    case .object(let value): try container.encode(value)
    }
  }
}

/// JSON responses and request bodies, encoded one way everywhere (sorted keys, so the same
/// data gives the same bytes).
public enum JSONResponse {
  public static func make<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let data = try encoder.encode(value)
    return Response(
      status: status, headers: [.contentType: "application/json; charset=utf-8"],
      body: .init(byteBuffer: ByteBuffer(bytes: data)))
  }

  /// Decodes a JSON request body, or answers 400 with a sentence saying what is wrong with it;
  /// a body over `limit` bytes (the upload limit unless given) is 413.
  public static func decode<T: Decodable>(_ type: T.Type, from request: Request, context: WorkspaceContext, limit: Int? = nil) async throws -> T {
    let buffer: ByteBuffer
    let limit = limit ?? context.maxUploadSize
    do {
      buffer = try await request.body.collect(upTo: limit)
    } catch {
      let size = limit >= 1024 * 1024 ? "\(limit / (1024 * 1024)) MB" : "\(limit / 1024) KB"
      throw APIError(.contentTooLarge, code: "too_large", zh: "请求内容过大（上限 \(size)）。", en: "The request is too large (at most \(size)).")
    }
    do {
      return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
    } catch let error as DecodingError {
      throw APIError(.badRequest, code: "bad_json", zh: "请求内容不是所需的 JSON：\(Self.describe(error))。", en: "The request body is not the JSON expected: \(Self.describe(error)).")
    } catch {
      throw APIError(.badRequest, code: "bad_json", zh: "请求内容不是有效的 JSON。", en: "The request body is not valid JSON.")
    }
  }

  static func describe(_ error: DecodingError) -> String {
    func path(_ context: DecodingError.Context) -> String {
      let keys = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
      return keys.isEmpty ? "" : " at \(keys)"
    }
    switch error {
    case .keyNotFound(let key, let context): return "missing \(key.stringValue)\(path(context))"
    case .typeMismatch(_, let context), .valueNotFound(_, let context): return "wrong type\(path(context))"
    case .dataCorrupted(let context): return "unreadable\(path(context))"
    @unknown default: return "unreadable"
    }
  }
}
