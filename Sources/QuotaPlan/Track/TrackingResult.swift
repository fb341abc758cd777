/// How a unit stands against the milestone in force (tracking.csv's `status`).
public enum TrackingStatus: String, Sendable, Codable, CaseIterable {
  /// Every tracked rate has reached the target.
  case met
  /// Not there yet, but the pace since 1 January reaches the target by the milestone.
  case onTrack = "on_track"
  /// At the pace since 1 January the target is not reached by the milestone.
  case behind
  /// The milestone's day has come (the as-of date is on or after it) and the target is not reached.
  case missed

  /// The status in the reader's language (`code` stays the same in every language).
  public func label(_ language: Language) -> String {
    switch (self, language) {
    case (.met, .zh): return "已达标"
    case (.onTrack, .zh): return "进度正常"
    case (.behind, .zh): return "进度落后"
    case (.missed, .zh): return "未达标"
    case (_, .en): return rawValue
    }
  }

  /// Worst first: missed, behind, on_track, met (for sorting and for combining rates).
  public var severity: Int {
    switch self {
    case .missed: return 3
    case .behind: return 2
    case .onTrack: return 1
    case .met: return 0
    }
  }
}

/// One line of tracking.csv (district × category, or the total) or of tracking_schools.csv
/// (one school or social unit with its own sub-range).
public struct TrackingRow: Sendable, Equatable {
  public var district: String
  /// The category's display name (初中); empty on a district or city total.
  public var category: String
  /// The category's id (junior_high); empty on a total.
  public var categoryID: String
  /// The school or social unit, on tracking_schools.csv's rows; nil otherwise.
  public var unit: String?
  public var quota: Int
  /// Records of the unit entered into 智慧团建 (录入时间) on or before the as-of date.
  public var entered: Int
  /// Of those, records whose number lies in the unit's own range (use_rate's numerator).
  public var inRange: Int
  /// Of those entered, records whose e-record is uploaded on or before the as-of date.
  public var uploaded: Int
  /// Of those entered, records marked 已认证 (effective_rate's numerator).
  public var certified: Int
  /// Of those entered, records uploaded and certified (completeness's numerator).
  public var complete: Int
  /// inRange ÷ quota; nil when the quota is 0.
  public var useRate: Double?
  /// complete ÷ entered; nil when nothing is entered.
  public var completeness: Double?
  /// certified ÷ quota; nil when the quota is 0.
  public var effectiveRate: Double?
  /// The target of the milestone in force (0.5 is 50 %).
  public var target: Double
  /// The milestone in force.
  public var milestone: Day
  public var status: TrackingStatus
  /// Numbers of the unit's range still to use by the milestone to reach the target.
  public var neededCount: Int
  /// Records still to upload and certify by the milestone to reach the completeness target.
  public var neededComplete: Int
  /// neededCount spread over the days left before the milestone (nil when none are left).
  public var neededPerDay: Double?

  public init(
    district: String, category: String, categoryID: String, unit: String? = nil, quota: Int, entered: Int = 0,
    inRange: Int = 0, uploaded: Int = 0, certified: Int = 0, complete: Int = 0, useRate: Double? = nil,
    completeness: Double? = nil, effectiveRate: Double? = nil, target: Double, milestone: Day,
    status: TrackingStatus = .met, neededCount: Int = 0, neededComplete: Int = 0, neededPerDay: Double? = nil
  ) {
    self.district = district
    self.category = category
    self.categoryID = categoryID
    self.unit = unit
    self.quota = quota
    self.entered = entered
    self.inRange = inRange
    self.uploaded = uploaded
    self.certified = certified
    self.complete = complete
    self.useRate = useRate
    self.completeness = completeness
    self.effectiveRate = effectiveRate
    self.target = target
    self.milestone = milestone
    self.status = status
    self.neededCount = neededCount
    self.neededComplete = neededComplete
    self.neededPerDay = neededPerDay
  }

  /// A rate by its column name.
  public func rate(_ rate: TrackedRate) -> Double? {
    switch rate {
    case .useRate: return useRate
    case .completeness: return completeness
    case .effectiveRate: return effectiveRate
    }
  }
}

/// A plan reconciled with the member register on one day: what `quotaplan track` computes and
/// every tracking output (CSV, html, xlsx) is written from.
///
/// Holds no personal data beyond what the outputs show: problems carry masked ID numbers only;
/// names only when the run asked for them (`--names`).
public struct TrackingResult: Sendable {
  /// The plan's name (its scenario's display name) and year.
  public var planName: String
  public var year: Int
  /// The day the register is read as of.
  public var asOf: Day
  public var settings: TrackingSettings
  /// The plan's language (the default language of the outputs).
  public var language: Language
  /// The register files as named in messages, in the order given.
  public var registerFiles: [String]
  /// Register rows read (every file).
  public var records: Int
  /// One row per district × category of the plan's allocation, in the plan's order.
  public var rows: [TrackingRow]
  /// One row per district (category empty), in the plan's order.
  public var districtRows: [TrackingRow]
  /// The city (or the refined district) as a whole.
  public var total: TrackingRow
  /// One row per school or social unit with a sub-range, when the plan has sub-ranges.
  public var schoolRows: [TrackingRow]?
  /// Every finding, ordered by file and row, then unit findings (over_quota) by unit.
  public var problems: [TrackingProblem]
  /// Records of other districts in the register of a refined (one-district) plan: not this
  /// plan's, left out of every count and finding.
  public var outsidePlan: Int = 0

  public init(
    planName: String, year: Int, asOf: Day, settings: TrackingSettings, language: Language, registerFiles: [String],
    records: Int, rows: [TrackingRow], districtRows: [TrackingRow], total: TrackingRow, schoolRows: [TrackingRow]?,
    problems: [TrackingProblem]
  ) {
    self.planName = planName
    self.year = year
    self.asOf = asOf
    self.settings = settings
    self.language = language
    self.registerFiles = registerFiles
    self.records = records
    self.rows = rows
    self.districtRows = districtRows
    self.total = total
    self.schoolRows = schoolRows
    self.problems = problems
  }

  /// Problems counted by code, in the codes' stable order (codes with none left out).
  public var problemCounts: [(code: TrackingProblem.Code, count: Int)] {
    var counts: [TrackingProblem.Code: Int] = [:]
    for problem in problems { counts[problem.code, default: 0] += 1 }
    return TrackingProblem.Code.allCases.compactMap { code in counts[code].map { (code, $0) } }
  }

  /// Districts that are behind or have missed the milestone, worst first, then in plan order.
  public var districtsBehind: [TrackingRow] {
    districtRows.enumerated().filter { $0.element.status == .behind || $0.element.status == .missed }
      .sorted { ($1.element.status.severity, $0.offset) < ($0.element.status.severity, $1.offset) }.map(\.element)
  }
}
