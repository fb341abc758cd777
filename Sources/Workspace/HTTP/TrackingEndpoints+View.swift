import Foundation
import QuotaPlan

/// What the tracking routes answer: the upload's summary, and the view of a published plan's
/// snapshots (each district's latest figures, problems by district and code, history, progress).
extension TrackingEndpoints {
  // MARK: Answers

  struct Uploaded: Encodable {
    var snapshotId: Int64
    var versionId: Int64
    var district: String?
    var asOf: String
    var records: Int
    var problems: Int
    var problemCounts: [String: Int]
    var status: String
  }

  struct Rates: Encodable {
    var district: String
    var category: String?
    var quota, entered, inRange, uploaded, certified, complete: Int
    var useRate, completeness, effectiveRate: Double?
    var target: Double
    var milestone: String
    var status: String
    var neededCount: Int
    var neededPerDay: Double?
    /// What the next milestone after the as-of date asks from now on (nil when none is ahead):
    /// its day and target, the numbers still to use, and that spread over the days left.
    var pace: Pace?

    struct Pace: Encodable {
      var milestone: String
      var target: Double
      var needed: Int
      var perDay: Double
    }

    init(_ row: TrackingRow, asOf: Day, settings: TrackingSettings) {
      district = row.district
      category = row.category.isEmpty ? nil : row.category
      quota = row.quota
      entered = row.entered
      inRange = row.inRange
      uploaded = row.uploaded
      certified = row.certified
      complete = row.complete
      useRate = row.useRate
      completeness = row.completeness
      effectiveRate = row.effectiveRate
      target = row.target
      milestone = row.milestone.description
      status = row.status.rawValue
      neededCount = row.neededCount
      neededPerDay = row.neededPerDay
      if let next = settings.milestoneDays(year: asOf.year).first(where: { $0.day > asOf }) {
        let needed = max(0, Int((next.target * Double(row.quota) - 1e-9).rounded(.up)) - row.inRange)
        pace = Pace(milestone: next.day.description, target: next.target, needed: needed, perDay: Double(needed) / Double(next.day - asOf))
      }
    }
  }

  struct DistrictView: Encodable {
    var district: String
    /// The snapshot the figures come from: the newest that has this district.
    var snapshotId: Int64
    var asOf: String
    /// `city` (the whole city's register) or `county` (the district's own).
    var source: String
    var uploadedBy: String?
    var uploadedAt: String
    var rates: Rates
    var categories: [Rates]
    var problems: Int
  }

  struct ProblemItem: Encodable {
    var code: String
    var sentence: String
    var file: String?
    var row: Int?
    var memberNumber: String
    var unit: String
    var category: String
    var maskedId: String
  }

  struct ProblemGroup: Encodable {
    var district: String
    var code: String
    var title: String
    var count: Int
    /// At most `maxProblemsPerGroup`; problems.csv has every one.
    var items: [ProblemItem]
  }

  struct HistoryItem: Encodable {
    var snapshotId: Int64
    var asOf: String
    var district: String?
    var fileName: String?
    var records: Int
    var problems: Int
    var uploadedBy: String?
    var uploadedAt: String
  }

  struct Point: Encodable {
    var asOf: String
    var snapshotId: Int64
    var useRate, completeness, effectiveRate: Double?
    var status: String
  }

  struct Progress: Encodable {
    var district: String
    var points: [Point]
  }

  struct Milestone: Encodable {
    var day: String
    var target: Double
  }

  struct View: Encodable {
    var versionId: Int64
    var publishedName: String?
    var year: Int
    var milestones: [Milestone]
    var targetRates: [String]
    /// Districts with figures, behind pace first (worst first), then in the plan's order.
    var districts: [DistrictView]
    /// Districts of the plan without any snapshot yet.
    var untracked: [String]
    var problems: [ProblemGroup]
    /// Snapshots, newest first.
    var history: [HistoryItem]
    /// Each district's rates on each snapshot's day (oldest first), for progress over time.
    var progress: [Progress]
    var files: [String]
    /// True when a whole-city snapshot exists (the files without ?district=).
    var cityFiles: Bool
  }

  // MARK: The view

  /// The view of `snapshots` for `districts`, in `language`.
  static func view(
    _ snapshots: [TrackingStore.Snapshot], version: ScenarioStore.Version, policy: Policy, districts: [String], user: User,
    language: PageLanguage
  ) -> View {
    let settings = snapshots.last?.result.settings ?? TrackingSettings()
    let lang: Language = language == .zh ? .zh : .en
    var shown: [(view: DistrictView, severity: Int, order: Int)] = []
    var groups: [ProblemGroup] = []
    var untracked: [String] = []
    for (order, district) in districts.enumerated() {
      guard let snapshot = TrackingStore.latest(snapshots, district: district) else {
        untracked.append(district)
        continue
      }
      let result = snapshot.result(for: district)
      shown.append((
        DistrictView(
          district: district, snapshotId: snapshot.id, asOf: snapshot.asOf.description, source: snapshot.district == nil ? "city" : "county",
          uploadedBy: snapshot.uploadedBy, uploadedAt: snapshot.uploadedAt, rates: Rates(result.total, asOf: result.asOf, settings: result.settings),
          categories: result.rows.map { Rates($0, asOf: result.asOf, settings: result.settings) },
          problems: result.problems.count),
        result.total.status.severity, order
      ))
      for code in TrackingProblem.Code.allCases {
        let found = result.problems.filter { $0.code == code }
        guard !found.isEmpty else { continue }
        groups.append(
          ProblemGroup(
            district: district, code: code.rawValue, title: code.title(lang), count: found.count,
            items: found.prefix(maxProblemsPerGroup).map {
              ProblemItem(
                code: $0.code.rawValue, sentence: $0.sentence(lang), file: $0.file, row: $0.row, memberNumber: $0.memberNumber, unit: $0.unit,
                category: $0.category, maskedId: $0.maskedID)
            }))
      }
    }
    let visible = snapshots.filter { snapshot in districts.contains { snapshot.covers($0) } }
    let history = visible.reversed().map { snapshot in
      let problems = snapshot.district == nil && user.role == .county
        ? districts.reduce(0) { count, district in count + snapshot.result(for: district).problems.count } : snapshot.result.problems.count
      return HistoryItem(
        snapshotId: snapshot.id, asOf: snapshot.asOf.description, district: snapshot.district, fileName: snapshot.fileName,
        records: user.role == .county && snapshot.district == nil ? districts.reduce(0) { $0 + snapshot.result(for: $1).total.entered } : snapshot.records,
        problems: problems, uploadedBy: snapshot.uploadedBy, uploadedAt: snapshot.uploadedAt)
    }
    let progress = districts.compactMap { district -> Progress? in
      // One point per day: the newest upload of that day wins.
      var byDay: [Day: Point] = [:]
      for snapshot in visible where snapshot.covers(district) {
        let row = snapshot.result(for: district).total
        byDay[snapshot.asOf] = Point(
          asOf: snapshot.asOf.description, snapshotId: snapshot.id, useRate: row.useRate, completeness: row.completeness,
          effectiveRate: row.effectiveRate, status: row.status.rawValue)
      }
      return byDay.isEmpty ? nil : Progress(district: district, points: byDay.keys.sorted().compactMap { byDay[$0] })
    }
    let year = (try? ScenarioStore.policy(of: version).year) ?? policy.year
    return View(
      versionId: version.id, publishedName: version.publishedName, year: year,
      milestones: settings.milestoneDays(year: year).map { Milestone(day: $0.day.description, target: $0.target) },
      targetRates: settings.targetRates.map(\.rawValue),
      districts: shown.sorted { ($1.severity, $0.order) < ($0.severity, $1.order) }.map(\.view), untracked: untracked, problems: groups,
      history: history, progress: progress, files: fileNames,
      cityFiles: user.role != .county && TrackingStore.latestCity(snapshots) != nil)
  }
}
