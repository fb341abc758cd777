import Foundation

/// Counts, per thread, how often GLPK's environment was freed after a caught fault.
///
/// A problem remembers the count it was born under; when the count moved on, GLPK has
/// already freed the problem and `deinit` must not free it again.
enum FaultEpoch {
  private static let key = "quotaplan.glpk.faultEpoch"

  static var current: Int { Thread.current.threadDictionary[key] as? Int ?? 0 }

  static func advance() { Thread.current.threadDictionary[key] = current + 1 }
}
