import Foundation

/// The tracking report: `tracking.html` (one self-contained page: inline CSS and SVG, no
/// scripts) and `tracking.xlsx`, from a `TrackingResult` and, for progress over time, earlier
/// results of the same plan (register snapshots of other dates).
///
/// What a county officer reads, in this order: the city against both milestones; the
/// districts behind pace, worst first, with the pace each needs from now on; a chart per
/// district (its rates over the year against the milestone line); every district and
/// district × category; the problems grouped by district and code; the definitions and
/// settings in words. Chinese by default (the plan's language), English with `.en`.
public enum TrackingReport {
  /// Most district charts the page draws (districts behind pace first); the workbook has all.
  static let maximumDistrictCharts = 60
  /// Most problems listed per district × code on the page; problems.csv has all.
  static let maximumProblemsPerGroup = 20
  /// Most problem lines the page lists in all; problems.csv has all.
  static let maximumProblemLines = 1_500
  /// Most school rows the page lists; tracking_schools.csv has all.
  static let maximumSchoolRows = 300

  /// `tracking.html` and `tracking.xlsx` for `result`. `history` holds results of the same
  /// plan on other days (any order; one per day, `result` wins on its own day): each
  /// district's chart then shows its progress over those days.
  public static func files(_ result: TrackingResult, history: [TrackingResult] = [], language: Language) throws -> [(name: String, data: Data)] {
    let snapshots = TrackingSnapshots(result, history: history)
    return [
      ("tracking.html", Data(html(result, snapshots: snapshots, language: language).utf8)),
      ("tracking.xlsx", try workbook(result, snapshots: snapshots, language: language)),
    ]
  }

  // MARK: - Words shared by the page and the workbook

  static func labels(_ language: Language) -> TrackingReportLabels { language == .zh ? .zh : .en }

  static func percent(_ rate: Double?) -> String { rate.map(Charts.percentLabel) ?? "—" }

  /// The milestones in words: "06-30 ≥ 50 %, 12-20 ≥ 100 % (use_rate, completeness)".
  static func milestonesText(_ result: TrackingResult, _ language: Language) -> String {
    let l = labels(language)
    let days = result.settings.milestoneDays(year: result.year)
      .map { "\($0.day) ≥ \(Charts.percentLabel($0.target))" }.joined(separator: language == .zh ? "；" : "; ")
    let rates = result.settings.targetRates.map { rateName($0, l) }.joined(separator: language == .zh ? "、" : ", ")
    return language == .zh ? "\(days)（适用于\(rates)）。" : "\(days) (for \(rates))."
  }

  static func rateName(_ rate: TrackedRate, _ l: TrackingReportLabels) -> String {
    switch rate {
    case .useRate: return l.useRate
    case .completeness: return l.completeness
    case .effectiveRate: return l.effectiveRate
    }
  }

  /// The settings in words, one line each.
  static func settingsLines(_ result: TrackingResult, _ language: Language) -> [String] {
    let s = result.settings
    if language == .zh {
      return [
        "时间节点：" + milestonesText(result, language),
        "入团年龄：入团时满 \(s.minimumAge) 周岁；入团时满 \(s.overAge) 周岁即为超龄。",
        "电子档案：入团后 \(s.uploadDays) 天内上传；上传后 \(s.certificationDays) 天仍“尚未认证”即列为未认证。",
      ]
    }
    return [
      "Milestones: " + milestonesText(result, language),
      "Age: at least \(s.minimumAge) on the joining date; \(s.overAge) or older is over age.",
      "E-records: uploaded within \(s.uploadDays) days of joining; still not certified \(s.certificationDays) days after upload is not_certified.",
    ]
  }

  /// Numbers used a day since 1 January (in-range records ÷ days elapsed).
  static func currentPace(_ row: TrackingRow, _ result: TrackingResult) -> Double {
    let days = max(1, result.asOf - result.asOf.startOfYear + 1)
    return Double(row.inRange) / Double(days)
  }

  /// The pace a row needs from now on: numbers still to use for the next milestone after the
  /// as-of date (the one in force when its day is still ahead), spread over the days left.
  /// Nil when no milestone lies ahead.
  static func paceAhead(_ row: TrackingRow, _ result: TrackingResult) -> (milestone: Day, target: Double, needed: Int, perDay: Double)? {
    guard let next = result.settings.milestoneDays(year: result.year).first(where: { $0.day > result.asOf }) else { return nil }
    let needed = max(0, Int((next.target * Double(row.quota)).rounded(.up)) - row.inRange)
    return (next.day, next.target, needed, Double(needed) / Double(next.day - result.asOf))
  }

  /// The heading of the pace column: the milestone the pace aims at.
  static func paceHeading(_ result: TrackingResult, _ language: Language) -> String {
    let l = labels(language)
    guard let next = result.settings.milestoneDays(year: result.year).first(where: { $0.day > result.asOf }) else { return l.neededPace }
    let (_, month, day) = next.day.components
    let percent = Int((next.target * 100).rounded())
    return language == .zh ? "\(l.neededPace)（\(month)月\(day)日前达\(percent)%）" : "\(l.neededPace) (\(percent) % by \(next.day))"
  }

  static func paceText(_ value: Double?) -> String { value.map { decimal($0, 1) } ?? "—" }

  /// Districts in reading order: behind pace first (worst first), then the others in plan order.
  static func districtsInOrder(_ result: TrackingResult) -> [TrackingRow] {
    result.districtRows.enumerated()
      .sorted { ($1.element.status.severity, $0.offset) < ($0.element.status.severity, $1.offset) }.map(\.element)
  }

  /// Problems grouped by district (plan order, unknown districts last) and code (stable order).
  static func problemGroups(_ result: TrackingResult) -> [(district: String, codes: [(code: TrackingProblem.Code, problems: [TrackingProblem])])] {
    var districtOrder = Dictionary(result.districtRows.enumerated().map { ($1.district, $0) }, uniquingKeysWith: { a, _ in a })
    var byDistrict: [String: [TrackingProblem.Code: [TrackingProblem]]] = [:]
    for problem in result.problems {
      if districtOrder[problem.district] == nil { districtOrder[problem.district] = districtOrder.count }
      byDistrict[problem.district, default: [:]][problem.code, default: []].append(problem)
    }
    return byDistrict.keys.sorted { (districtOrder[$0] ?? 0, $0) < (districtOrder[$1] ?? 0, $1) }.map { district in
      let codes = byDistrict[district] ?? [:]
      return (district, TrackingProblem.Code.allCases.compactMap { code in codes[code].map { (code, $0) } })
    }
  }
}
