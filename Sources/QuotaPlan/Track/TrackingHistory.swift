import Foundation

/// Earlier register snapshots for progress over time (`quotaplan track … --history PATH`):
/// each snapshot is one register file whose name carries its export day (花名册-2022-05-31.csv,
/// register_20220531.xlsx); a folder gives every such file in it. Each snapshot is reconciled
/// as of its own day and drawn in tracking.html next to the current one.
public enum TrackingHistory {
  /// A register file and the day its name gives.
  public struct Snapshot: Sendable, Equatable {
    public var day: Day
    public var url: URL
    /// The name used in messages.
    public var file: String
  }

  /// The day written in a file name: the last `yyyy-mm-dd`, `yyyy_mm_dd`, `yyyy.mm.dd` or
  /// `yyyymmdd` in it; nil when there is none.
  public static func day(inFileName name: String) -> Day? {
    let range = NSRange(name.startIndex..., in: name)
    guard let match = datePattern?.matches(in: name, range: range).last else { return nil }
    func part(_ index: Int) -> Int? { Range(match.range(at: index), in: name).flatMap { Int(name[$0]) } }
    guard let year = part(1), let month = part(3), let day = part(4) else { return nil }
    return Day(year: year, month: month, day: day)
  }

  /// A year 2000–2099, month and day, with one separator used twice or none, not inside a longer number.
  private static let datePattern = try? NSRegularExpression(pattern: "(?<![0-9])(20[0-9]{2})([-_.]?)([0-9]{2})\\2([0-9]{2})(?![0-9])")

  /// The snapshots named by `paths` (files, or folders whose .csv/.xlsx files are taken), in
  /// date order. A file without a day in its name is an error naming it.
  public static func snapshots(_ paths: [String]) throws -> [Snapshot] {
    var snapshots: [Snapshot] = []
    let manager = FileManager.default
    for path in paths {
      var isFolder: ObjCBool = false
      guard manager.fileExists(atPath: path, isDirectory: &isFolder) else {
        throw InputError(file: path, "the snapshot does not exist; give an earlier register file, or a folder of them.")
      }
      let files: [URL]
      if isFolder.boolValue {
        let names = (try? manager.contentsOfDirectory(atPath: path)) ?? []
        files = names.filter { ["csv", "xlsx"].contains(($0 as NSString).pathExtension.lowercased()) && !$0.hasSuffix(".expected.csv") }.sorted()
          .map { URL(fileURLWithPath: path).appendingPathComponent($0) }
      } else {
        files = [URL(fileURLWithPath: path)]
      }
      for url in files {
        guard let day = day(inFileName: url.deletingPathExtension().lastPathComponent) else {
          throw InputError(
            file: url.lastPathComponent,
            "the snapshot's name carries no date; name each earlier export with its day, e.g. 花名册-2022-05-31.csv.")
        }
        snapshots.append(Snapshot(day: day, url: url, file: url.lastPathComponent))
      }
    }
    return snapshots.sorted { ($0.day, $0.file) < ($1.day, $1.file) }
  }

  /// Each snapshot reconciled with the plan at `plan` as of its own day (a snapshot of a day
  /// after `asOf`, or of another year, is an error).
  public static func results(
    plan: String, snapshots: [Snapshot], asOf: Day, settings: TrackingSettings = TrackingSettings()
  ) throws -> [TrackingResult] {
    try snapshots.map { snapshot in
      guard snapshot.day <= asOf, snapshot.day.year == asOf.year else {
        throw InputError(file: snapshot.file, "the snapshot's day \(snapshot.day) is not before the as-of date \(asOf) of the same year.")
      }
      return try Tracking.track(plan: plan, registers: [(snapshot.url, snapshot.file)], asOf: snapshot.day, settings: settings)
    }
  }
}
