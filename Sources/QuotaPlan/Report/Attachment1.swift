import Foundation

/// Attachment 1 (附件1) as a committee sends it: "<year> 年全市发展团员名额及编号号段分配表", one
/// row per recipient with, for each category, its quota and its first and last member number,
/// the recipient's total, and the 合计 row with each category's total and the city's.
///
/// Recipients are the districts in the scenario's order. A district in
/// `policy.itemisedDistricts` (市直, whose 委、局 and 高校 the notice addresses one by one) is
/// followed by its units: each school or social unit with quota, with its own sub-range inside
/// the district's range for the category, cut as `Refinement.subRanges` cuts them (units in the
/// plan's order, without gaps). A unit with quota in two categories has a row for each.
///
/// Labels are in `policy.headerLanguage`; a zero quota is shown as "—" with no range.
public struct Attachment1: Sendable, Equatable {
  /// One category's quota and number range for a recipient (the range is nil when the quota is 0).
  public struct Entry: Sendable, Equatable {
    public var quota: Int
    public var range: ClosedRange<Int>?
  }

  /// One recipient: a district, or a unit of an itemised district.
  public struct Row: Sendable, Equatable {
    public var district: String
    /// The unit's name; nil on a district's row.
    public var unit: String?
    /// One entry per category, in the policy's order.
    public var entries: [Entry]
    /// The recipient's quota over all categories.
    public var total: Int { entries.reduce(0) { $0 + $1.quota } }
  }

  public var language: Language
  public var year: Int
  /// The city, read from the scenario's title ("扬州市 2022 年发展团员计划" → 扬州市); nil when
  /// the title does not start with it.
  public var city: String?
  /// The categories' labels, in the policy's order.
  public var categories: [String]
  public var rows: [Row]
  /// Each category's total over the districts.
  public var categoryTotals: [Int]
  /// The city's total.
  public var total: Int
  /// The city's number block (nil when nothing is allocated).
  public var block: ClosedRange<Int>?

  /// Attachment 1 of `plan`, labelled in `language` (default: the plan's header language).
  public init(_ plan: Plan, language: Language? = nil) {
    let policy = plan.policy
    let language = language ?? policy.headerLanguage
    self.language = language
    year = policy.year
    city = Self.city(policy.title, year: policy.year)
    categories = policy.categories.map { $0.label(language) }
    let column = Dictionary(policy.categories.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
    let empty = Array(repeating: Entry(quota: 0, range: nil), count: policy.categories.count)

    var byDistrict: [String: [Entry]] = [:]
    for row in plan.allocation {
      guard let index = column[row.categoryID] else { continue }
      byDistrict[row.district, default: empty][index] = Entry(quota: row.quota, range: row.quota > 0 ? row.firstNumber...row.lastNumber : nil)
    }
    let itemised = Set(policy.itemisedDistricts ?? [])
    var units: [String: [Row]] = [:]
    if !itemised.isEmpty {
      var itemisedPlan = plan
      itemisedPlan.allocation = plan.allocation.filter { itemised.contains($0.district) }
      let categoryIndex = Dictionary(itemisedPlan.allocation.map { ($0.category, column[$0.categoryID]) }, uniquingKeysWith: { a, _ in a })
      // Sub-ranges follow the allocation's order, so each district's come together.
      var owner = itemisedPlan.allocation.filter { $0.quota > 0 }.makeIterator()
      var current = owner.next()
      for range in Refinement.subRanges(itemisedPlan) {
        while let row = current, !(row.firstNumber...row.lastNumber).contains(range.firstNumber) { current = owner.next() }
        guard let row = current, let index = categoryIndex[range.category] ?? nil else { continue }
        var entries = empty
        entries[index] = Entry(quota: range.quota, range: range.firstNumber...range.lastNumber)
        units[row.district, default: []].append(Row(district: row.district, unit: range.unit, entries: entries))
      }
    }
    rows = policy.districts.flatMap { district in
      [Row(district: district, unit: nil, entries: byDistrict[district] ?? empty)] + (units[district] ?? [])
    }
    let districtRows = rows.filter { $0.unit == nil }
    categoryTotals = policy.categories.indices.map { index in districtRows.reduce(0) { $0 + $1.entries[index].quota } }
    total = categoryTotals.reduce(0, +)
    let numbered = plan.allocation.filter { $0.quota > 0 }
    if let first = numbered.map(\.firstNumber).min(), let last = numbered.map(\.lastNumber).max() { block = first...last }
  }

  /// The city named at the start of a scenario's title, before its year: "扬州市 2022 年…" →
  /// 扬州市. nil when the title does not hold the year or nothing comes before it.
  static func city(_ title: String, year: Int) -> String? {
    guard let found = title.range(of: String(year)) else { return nil }
    let before = title[..<found.lowerBound].trimmingCharacters(in: .whitespaces)
    return before.isEmpty || before.count > 20 ? nil : before
  }

  /// The title: "2022 年全市发展团员名额及编号号段分配表".
  public var title: String {
    language == .zh
      ? "\(year) 年全市发展团员名额及编号号段分配表"
      : "\(year) quotas and member-number ranges of new League members"
  }

  /// The line under the title: the city, the year and the city's number block.
  public var subtitle: String {
    let range = block.map { "\($0.lowerBound)\(language == .zh ? "—" : "–")\($0.upperBound)" }
    if language == .zh {
      let who = (city.map { "\($0)　" } ?? "") + "\(year) 年"
      return who + (range.map { "　编号号段：\($0)（共 \(total) 个）" } ?? "　无编号号段")
    }
    let who = (city.map { "\($0), " } ?? "") + "\(year)"
    return who + (range.map { ": member numbers \($0) (\(total) in all)" } ?? ": no member numbers")
  }

  /// The heading line above the title: 附件1.
  public var attachmentLabel: String { language == .zh ? "附件1" : "Attachment 1" }
}
