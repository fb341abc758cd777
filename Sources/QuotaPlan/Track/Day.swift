/// A calendar day (yyyy-mm-dd) without a time or a time zone: the dates of a register (入团时间,
/// 录入时间, 档案上传时间), the as-of date and the notice's milestones.
///
/// Stored as the number of days since 1970-01-01 (proleptic Gregorian), so differences and
/// comparisons are integer arithmetic; parsing and printing are done by hand (no
/// `DateFormatter`, which is slow and depends on the locale and time zone).
public struct Day: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
  /// Days since 1970-01-01 (negative before).
  public let ordinal: Int

  /// The day `ordinal` days after 1970-01-01.
  public init(ordinal: Int) { self.ordinal = ordinal }

  /// The day, or nil when the month or the day does not exist (2022-02-30).
  public init?(year: Int, month: Int, day: Int) {
    guard (1...9999).contains(year), (1...12).contains(month), (1...Day.daysIn(month: month, year: year)).contains(day) else {
      return nil
    }
    ordinal = Day.civilToDays(year: year, month: month, day: day)
  }

  /// Reads `yyyy-mm-dd` exactly (the form the command line and the outputs use).
  public init?(iso text: String) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
    else { return nil }
    self.init(year: year, month: month, day: day)
  }

  /// Year, month and day.
  public var components: (year: Int, month: Int, day: Int) { Day.daysToCivil(ordinal) }
  public var year: Int { components.year }

  /// 1 January of the day's year.
  public var startOfYear: Day { Day(ordinal: Day.civilToDays(year: year, month: 1, day: 1)) }

  /// The day `days` later (earlier when negative).
  public func adding(days: Int) -> Day { Day(ordinal: ordinal + days) }

  /// Days from `other` to `self` (positive when `self` is later).
  public static func - (a: Day, b: Day) -> Int { a.ordinal - b.ordinal }

  public static func < (a: Day, b: Day) -> Bool { a.ordinal < b.ordinal }

  /// `2022-06-30`.
  public var description: String {
    let (year, month, day) = components
    return "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
  }

  /// Whole years from `self` (a birth date) to `later`: the age on that day.
  public func years(until later: Day) -> Int {
    let a = components, b = later.components
    var years = b.year - a.year
    if (b.month, b.day) < (a.month, a.day) { years -= 1 }
    return years
  }

  public init(from decoder: Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let day = Day(iso: text) else {
      throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "“\(text)” is not a date yyyy-mm-dd."))
    }
    self = day
  }

  public func encode(to encoder: Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }

  static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

  static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return isLeap(year) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// Howard Hinnant's `days_from_civil`.
  static func civilToDays(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }

  /// Howard Hinnant's `civil_from_days`.
  static func daysToCivil(_ days: Int) -> (year: Int, month: Int, day: Int) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }
}
