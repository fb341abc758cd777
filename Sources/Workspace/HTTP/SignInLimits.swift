import Foundation
import Synchronization

/// The workspace's session, sign-in and upload settings, each with its default; `quotaplan-workspace
/// serve` sets them (`--session-hours`, `--address-failures`, `--address-window-minutes`,
/// `--upload-seconds`, `--idle-seconds`).
public struct SecuritySettings: Sendable, Equatable {
  /// How long a session lasts after sign-in: a working day (8 hours) by default.
  public var sessionSeconds: Int
  /// Failed sign-ins from one address, under any names, after which that address waits.
  public var addressFailures: Int
  /// The window those failures are counted in, and how long the address then waits.
  public var addressWindowSeconds: Double
  /// The time a signed-in request's body (an upload) has to arrive: 2 minutes (50 MB at about
  /// 3.5 Mbit/s).
  public var uploadSeconds: Double
  /// A connection that sends nothing for this long is closed.
  public var idleSeconds: Double

  public init(
    sessionSeconds: Int = 8 * 3600, addressFailures: Int = 20, addressWindowSeconds: Double = 15 * 60, uploadSeconds: Double = 120,
    idleSeconds: Double = 60
  ) {
    self.sessionSeconds = sessionSeconds
    self.addressFailures = addressFailures
    self.addressWindowSeconds = addressWindowSeconds
    self.uploadSeconds = uploadSeconds
    self.idleSeconds = idleSeconds
  }

  /// `sessionSeconds` as hummingbird-auth's duration.
  public var sessionLength: Duration { .seconds(sessionSeconds) }
}

/// Failed sign-ins per client address in a sliding window, in memory: once an address has
/// `addressFailures` in `addressWindowSeconds` it is refused (429) before any password is
/// checked, whatever name it gives, until its oldest failure leaves the window. A successful
/// sign-in does not clear the count (a guesser holding one good account gains nothing).
public final class AddressThrottle: Sendable {
  private let failures = Mutex<[String: [Date]]>([:])
  let settings: SecuritySettings

  public init(_ settings: SecuritySettings) { self.settings = settings }

  /// When the address may try again, or nil when it may now.
  public func blockedUntil(_ address: String, now: Date = Date()) -> Date? {
    failures.withLock { failures in
      let recent = (failures[address] ?? []).filter { now.timeIntervalSince($0) < settings.addressWindowSeconds }
      failures[address] = recent.isEmpty ? nil : recent
      guard recent.count >= settings.addressFailures, let oldest = recent.first else { return nil }
      return oldest.addingTimeInterval(settings.addressWindowSeconds)
    }
  }

  /// Counts a failed sign-in from the address.
  public func fail(_ address: String, now: Date = Date()) {
    failures.withLock { failures in
      // Bounded memory: an address keeps at most the failures that can still count.
      var list = (failures[address] ?? []).filter { now.timeIntervalSince($0) < settings.addressWindowSeconds }
      list.append(now)
      if list.count > settings.addressFailures { list.removeFirst(list.count - settings.addressFailures) }
      if failures.count > 100_000 { failures.removeAll(keepingCapacity: true) }
      failures[address] = list
    }
  }
}
