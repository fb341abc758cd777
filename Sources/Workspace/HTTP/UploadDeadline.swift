import Foundation
import Hummingbird
import Synchronization

/// The time limit of a request body: a signed-in account's POST, PUT or PATCH body (an upload
/// above all) must arrive within `SecuritySettings.uploadSeconds`, or the request is refused
/// with 408 and nothing is read further or stored. The body is read here, up to the largest
/// body any route takes (`WorkspaceContext.maxUploadSize`), and handed on as it came; each
/// route still applies its own smaller limit. Sign-in (anonymous) reads at most 64 KB itself;
/// a connection that sends nothing for `idleSeconds` is closed by the server.
struct UploadDeadlineMiddleware: RouterMiddleware {
  typealias Context = WorkspaceContext
  let seconds: Double

  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
    guard context.identity != nil, [.post, .put, .patch].contains(request.method) else { return try await next(request, context) }
    var request = request
    let buffer = try await Self.collect(request.body, limit: context.maxUploadSize, seconds: seconds)
    request.body = RequestBody(buffer: buffer)
    return try await next(request, context)
  }

  /// The whole body, when it arrives within `seconds` and holds at most `limit` bytes. At the
  /// limit the refusal comes at once: the reading is cancelled, not waited for (a body that
  /// does not notice the cancellation is left to end by itself).
  static func collect<Body: AsyncSequence & Sendable>(_ body: Body, limit: Int, seconds: Double) async throws -> ByteBuffer
  where Body.Element == ByteBuffer {
    let race = Race()
    return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<ByteBuffer, Error>) in
      let timer = Task {
        do { try await Task.sleep(for: .milliseconds(Int((seconds * 1000).rounded()))) } catch { return }
        if race.claim() {
          race.cancelReader()
          continuation.resume(throwing: tooSlow(seconds))
        }
      }
      race.setReader(
        Task {
          do {
            var collected = ByteBuffer()
            for try await var part in body {
              guard collected.readableBytes + part.readableBytes <= limit else { throw tooLarge(limit) }
              collected.writeBuffer(&part)
            }
            if race.claim() {
              timer.cancel()
              continuation.resume(returning: collected)
            }
          } catch {
            if race.claim() {
              timer.cancel()
              continuation.resume(throwing: error)
            }
          }
        })
    }
  }

  /// Who answered first, the reader or the clock.
  final class Race: Sendable {
    private let done = Mutex(false)
    private let reader = Mutex<Task<Void, Never>?>(nil)

    /// True for the first caller only.
    func claim() -> Bool { done.withLock { done in defer { done = true }; return !done } }
    func setReader(_ task: Task<Void, Never>) { reader.withLock { $0 = task } }
    func cancelReader() { reader.withLock { $0?.cancel() } }
  }

  static func tooLarge(_ limit: Int) -> APIError {
    let size = limit >= 1024 * 1024 ? "\(limit / (1024 * 1024)) MB" : "\(limit / 1024) KB"
    return APIError(.contentTooLarge, code: "too_large", zh: "请求内容过大（上限 \(size)）。", en: "The request is too large (at most \(size)).")
  }

  static func tooSlow(_ seconds: Double) -> APIError {
    let shown = seconds.rounded() == seconds ? String(Int(seconds)) : String(seconds)
    return APIError(
      .requestTimeout, code: "upload_too_slow", zh: "上传未在 \(shown) 秒内完成，未保存任何内容；请检查网络后重试。",
      en: "The upload did not arrive within \(shown) seconds; nothing was saved. Check the connection and try again.")
  }
}
