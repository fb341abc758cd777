/// The rates tracking reports, by the names of tracking.csv's columns.
public enum TrackedRate: String, Sendable, Codable, CaseIterable {
  /// 编号使用率: records entered with a number of the unit's range ÷ the unit's quota.
  case useRate = "use_rate"
  /// 录入完整率: records uploaded and certified ÷ records entered.
  case completeness
  /// 有效录入率: certified records ÷ quota.
  case effectiveRate = "effective_rate"
}

/// A milestone of the notice: by `month`-`day` of the plan's year, the tracked rates reach
/// `target` (a fraction: 0.5 is 50 %).
public struct Milestone: Sendable, Equatable, Codable {
  public var month: Int
  public var day: Int
  public var target: Double

  public init(month: Int, day: Int, target: Double) {
    self.month = month
    self.day = day
    self.target = target
  }

  /// The milestone's day in `year` (nil when it does not exist, 02-29 in a common year).
  public func day(in year: Int) -> Day? { Day(year: year, month: month, day: day) }
}

/// Every number tracking uses, with the notice's value as default (command options or a
/// settings file change them; tracking.csv and the report state them).
public struct TrackingSettings: Sendable, Equatable, Codable {
  /// "2022年6月30日前…实现50%以上；2022年12月20日前…须达100%": 06-30 → 50 %, 12-20 → 100 %.
  public var milestones: [Milestone]
  /// The rates the milestones apply to (the notice names use rate and completeness).
  public var targetRates: [TrackedRate]
  /// Members join at this age or older (under_age below it on the joining date).
  public var minimumAge: Int
  /// A member this old or older on the joining date is over_age (League members are 14–28).
  public var overAge: Int
  /// The e-record is uploaded within this many days of approval (late_upload after it).
  public var uploadDays: Int
  /// A record still 尚未认证 this many days after upload is not_certified.
  public var certificationDays: Int
  /// Most register rows read from one file (the register of a province is larger than a
  /// scenario table; the default is above a nation's 3.6 million).
  public var maxRows: Int
  /// Largest register file accepted, in megabytes.
  public var maxFileMegabytes: Double

  public init(
    milestones: [Milestone] = [Milestone(month: 6, day: 30, target: 0.5), Milestone(month: 12, day: 20, target: 1.0)],
    targetRates: [TrackedRate] = [.useRate, .completeness], minimumAge: Int = 14, overAge: Int = 28,
    uploadDays: Int = 30, certificationDays: Int = 30, maxRows: Int = 5_000_000, maxFileMegabytes: Double = 2_000
  ) {
    self.milestones = milestones
    self.targetRates = targetRates
    self.minimumAge = minimumAge
    self.overAge = overAge
    self.uploadDays = uploadDays
    self.certificationDays = certificationDays
    self.maxRows = maxRows
    self.maxFileMegabytes = maxFileMegabytes
  }

  /// Why the settings cannot be used, one sentence each (empty when they can).
  public func problems() -> [String] {
    var problems: [String] = []
    if milestones.isEmpty { problems.append("at least one milestone is needed (month-day and target).") }
    for milestone in milestones {
      if Day(year: 2000, month: milestone.month, day: milestone.day) == nil {
        problems.append("the milestone \(milestone.month)-\(milestone.day) is not a day of the year.")
      }
      if !(milestone.target > 0 && milestone.target <= 1) {
        problems.append("a milestone's target must be above 0 % and at most 100 %; \(milestone.target * 100) % is not.")
      }
    }
    let sorted = milestones.sorted { ($0.month, $0.day) < ($1.month, $1.day) }
    if zip(sorted, sorted.dropFirst()).contains(where: { $0.target > $1.target }) {
      problems.append("a later milestone cannot ask for less than an earlier one.")
    }
    if targetRates.isEmpty { problems.append("the milestones must apply to at least one rate (use_rate, completeness, effective_rate).") }
    if minimumAge < 0 || minimumAge > 100 { problems.append("the minimum age \(minimumAge) is not plausible.") }
    if overAge <= minimumAge { problems.append("the over-age \(overAge) must be above the minimum age \(minimumAge).") }
    if uploadDays < 0 { problems.append("the upload deadline cannot be negative (\(uploadDays) days).") }
    if certificationDays < 0 { problems.append("the certification deadline cannot be negative (\(certificationDays) days).") }
    if maxRows < 1 { problems.append("the row limit must be at least 1.") }
    return problems
  }

  /// The milestones in calendar order, as days of `year`.
  public func milestoneDays(year: Int) -> [(day: Day, target: Double)] {
    milestones.compactMap { milestone in milestone.day(in: year).map { ($0, milestone.target) } }.sorted { $0.day < $1.day }
  }

  /// The milestone in force on `asOf`: the first whose day is on or after it, else the last.
  public func milestone(year: Int, asOf: Day) -> (day: Day, target: Double)? {
    let days = milestoneDays(year: year)
    return days.first { $0.day >= asOf } ?? days.last
  }
}
