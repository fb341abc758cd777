import Foundation

extension Array where Element: Sendable {
  /// `map` on all cores (or one after another with `parallel: false`): the results come back
  /// in the elements' order whichever finishes first.
  func concurrentMap<T: Sendable>(parallel: Bool = true, _ transform: @Sendable (Element) -> T) -> [T] {
    guard parallel, count > 1 else { return map(transform) }
    let slots = Slots<T>(count: count)
    withoutActuallyEscaping(transform) { transform in
      DispatchQueue.concurrentPerform(iterations: count) { index in slots.set(index, transform(self[index])) }
    }
    return slots.values.map { $0! }
  }
}

/// One result per index, written from several threads.
private final class Slots<T>: @unchecked Sendable {
  private let lock = NSLock()
  private(set) var values: [T?]

  init(count: Int) { values = Array(repeating: nil, count: count) }

  func set(_ index: Int, _ value: T) {
    lock.withLock { values[index] = value }
  }
}
