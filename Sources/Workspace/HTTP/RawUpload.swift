import Foundation
import Hummingbird
import QuotaPlan

/// A file sent as a request's whole body, named by `?filename=`: a county's schools table, a
/// register snapshot. The name only ever labels messages; it never becomes a path.
enum RawUpload {
  /// The `?filename=` of the request as messages call it: printable, its last path component,
  /// at most 100 characters; `fallback` when none is given.
  static func fileName(_ request: Request, fallback: String) -> String {
    let given = request.uri.queryParameters.get("filename").map { String($0) } ?? ""
    let cleaned = String(
      String.UnicodeScalarView(
        given.unicodeScalars.filter { !($0.properties.generalCategory == .control || $0.properties.generalCategory == .format) })
    ).trimmingCharacters(in: .whitespacesAndNewlines)
    let last = cleaned.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
    return last.isEmpty ? fallback : String(last.prefix(100))
  }

  /// The body's bytes: 413 above `InputLimits.maxFileMegabytes`, 422 when empty; either way
  /// nothing is saved.
  static func bytes(_ request: Request, name: String, limits: InputLimits = InputLimits()) async throws -> Data {
    let limit = Int(limits.maxFileMegabytes * 1024 * 1024)
    let buffer: ByteBuffer
    do {
      buffer = try await request.body.collect(upTo: limit)
    } catch {
      throw APIError(
        .contentTooLarge, code: "too_large", zh: "文件过大（上限 \(limit / (1024 * 1024)) MB），未保存任何内容。",
        en: "The file is too large (at most \(limit / (1024 * 1024)) MB); nothing was saved.")
    }
    let bytes = Data(buffer.readableBytesView)
    guard !bytes.isEmpty else {
      throw APIError(
        .unprocessableContent, code: "invalid_file", zh: "文件“\(name)”是空的；第一行须为列名。", en: "The file “\(name)” is empty; its first row must name the columns.")
    }
    return bytes
  }
}
