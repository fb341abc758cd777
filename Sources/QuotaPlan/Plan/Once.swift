import Foundation

/// A value computed at most once, by the first thread that asks; the others wait for it.
final class Once<Value: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private var computed: Value?
  private let compute: @Sendable () -> Value

  init(_ compute: @escaping @Sendable () -> Value) { self.compute = compute }

  var value: Value {
    lock.withLock {
      if let computed { return computed }
      let value = compute()
      computed = value
      return value
    }
  }
}
