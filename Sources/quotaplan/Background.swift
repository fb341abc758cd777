import Foundation

/// A value computed on another thread while the caller goes on; `value()` waits for it.
final class Background<Value: Sendable>: @unchecked Sendable {
  private let done = DispatchGroup()
  private var result: Result<Value, Error>?

  init(_ work: @escaping @Sendable () throws -> Value) {
    done.enter()
    DispatchQueue.global().async {
      self.result = Result { try work() }
      self.done.leave()
    }
  }

  func value() throws -> Value {
    done.wait()
    return try result!.get()
  }
}
