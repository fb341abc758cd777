import Foundation

/// A plan folder as tracking needs it: the district × category ranges, every school and social
/// unit with its quota (plan.json), and the school sub-ranges when the folder has them (a refined
/// or combined plan's allocation.csv), with lookups a register of millions of rows can afford.
struct TrackingPlan {
  /// A school or social unit of the plan.
  struct Unit {
    var district: String
    var name: String
    var categoryID: String
    var quota: Int
    /// Index into `rows` of its district × category.
    var row: Int?
    /// Its own sub-range, when the plan has sub-ranges.
    var first: Int?
    var last: Int?
  }

  /// A number range and what it belongs to, sorted by `first` for a binary search.
  struct Range {
    var first: Int
    var last: Int
    var owner: Int
  }

  let policy: Policy
  /// The allocation: district × category rows in the plan's order.
  let rows: [AllocationRow]
  var units: [Unit]
  /// District key (NameText.key) → the district as the plan writes it.
  let districts: [String: String]
  /// District key → unit name key → units (one name may be a school in two categories).
  var unitIndex: [String: [String: [Int]]]
  /// Row key → index into `rows`.
  let rowIndex: [DistrictCategory: Int]
  /// Ranges of `rows` (owner: row index) and of units' sub-ranges (owner: unit index).
  let rowRanges: [Range]
  var unitRanges: [Range]
  /// True when the folder lists school sub-ranges (tracking goes down to schools).
  var hasSubRanges: Bool
  /// The district of a refined plan (records of other districts are not this plan's).
  let refinedDistrict: String?

  /// What tracking reads of plan.json (the allocation and every unit's quota) and of
  /// scenario.json (the policy): decoded once each, without the scenario's schools.
  private struct PlanFile: Decodable {
    struct Row: Decodable {
      var district, category: String
      var quota, firstNumber, lastNumber: Int
    }
    struct School: Decodable { var district, name, category: String; var quota: Int }
    struct Social: Decodable { var district, name: String; var quota: Int }
    var allocation: [Row]
    var schools: [School]
    var social: [Social]?
  }
  private struct ScenarioFile: Decodable { var policy: Policy }

  /// Loads the plan folder at `path`.
  static func load(_ path: String) throws -> TrackingPlan {
    let url = URL(fileURLWithPath: path)
    func read(_ name: String) throws -> Data {
      guard let data = try? Data(contentsOf: url.appendingPathComponent(name)) else {
        throw InputError(file: "\(url.lastPathComponent)/\(name)", "the file is missing; give a folder written by quotaplan solve, refine or combine.")
      }
      return data
    }
    let policy: Policy
    let planUnits: PlanFile
    do {
      policy = try JSONDecoder().decode(ScenarioFile.self, from: try read(PlanWriter.scenarioFile)).policy
      let snake = JSONDecoder()
      snake.keyDecodingStrategy = .convertFromSnakeCase
      planUnits = try snake.decode(PlanFile.self, from: try read("plan.json"))
    } catch let error as InputError {
      throw error
    } catch {
      throw InputError(file: url.lastPathComponent, "the plan folder cannot be read: \(error).")
    }
    let refinement = (try? Data(contentsOf: url.appendingPathComponent(Refinement.recordFile)))
      .flatMap { try? JSONDecoder().decode(Refinement.Record.self, from: $0) }
    var categoryIDs: [String: String] = [:]
    for category in policy.categories where categoryIDs[category.name] == nil { categoryIDs[category.name] = category.id }
    let rows = planUnits.allocation.map {
      AllocationRow(
        district: $0.district, categoryID: categoryIDs[$0.category] ?? $0.category, category: $0.category, quota: $0.quota,
        firstNumber: $0.firstNumber, lastNumber: $0.lastNumber)
    }
    var rowIndex: [DistrictCategory: Int] = [:]
    for (index, row) in rows.enumerated() { rowIndex[DistrictCategory(row.district, row.categoryID)] = index }
    var districts: [String: String] = [:]
    for district in policy.districts { districts[NameText.key(district)] = district }
    for row in rows where districts[NameText.key(row.district)] == nil { districts[NameText.key(row.district)] = row.district }

    var plan = TrackingPlan(
      policy: policy, rows: rows, units: [], districts: districts, unitIndex: [:], rowIndex: rowIndex,
      rowRanges: rows.enumerated().filter { $0.element.quota > 0 }.map { Range(first: $0.element.firstNumber, last: $0.element.lastNumber, owner: $0.offset) }
        .sorted { $0.first < $1.first },
      unitRanges: [], hasSubRanges: false, refinedDistrict: refinement?.district)
    for school in planUnits.schools {
      plan.add(Unit(district: school.district, name: school.name, categoryID: school.category, quota: school.quota))
    }
    if let social = policy.categories.first(where: { $0.kind == .social }) {
      for unit in planUnits.social ?? [] {
        plan.add(Unit(district: unit.district, name: unit.name, categoryID: social.id, quota: unit.quota))
      }
    }
    try plan.readSubRanges(url)
    return plan
  }

  private mutating func add(_ unit: Unit) {
    var unit = unit
    unit.row = rowIndex[DistrictCategory(unit.district, unit.categoryID)]
    unitIndex[NameText.key(unit.district), default: [:]][NameText.key(unit.name), default: []].append(units.count)
    units.append(unit)
  }

  /// The school sub-ranges of a refined or combined plan's allocation.csv (rows with a school).
  private mutating func readSubRanges(_ folder: URL) throws {
    let url = folder.appendingPathComponent("allocation.csv")
    guard FileManager.default.fileExists(atPath: url.path) else { return }
    let file = "\(folder.lastPathComponent)/allocation.csv"
    let table = try CSVTable(
      url: url, file: file,
      columns: [
        ColumnSpec("district", "区县"), ColumnSpec("category", "类别"), ColumnSpec("school", "学校", required: false),
        ColumnSpec("quota", "指标"), ColumnSpec("first_number", "起始编号", required: false), ColumnSpec("last_number", "终止编号", required: false),
      ])
    guard table.has("school") else { return }
    var categoryIDs: [String: String] = [:]
    for category in policy.categories {
      categoryIDs[NameText.key(category.name)] = category.id
      categoryIDs[NameText.key(category.id)] = category.id
    }
    var ranges: [Range] = []
    for row in table.rows {
      let school = table.text(row.fields, "school")
      guard !school.isEmpty else { continue }
      let district = table.text(row.fields, "district")
      guard let categoryID = categoryIDs[NameText.key(table.text(row.fields, "category"))],
        let first = Int(table.text(row.fields, "first_number")), let last = Int(table.text(row.fields, "last_number")), last >= first
      else {
        throw table.problem(row, nil, "the sub-range cannot be read; give a folder written by quotaplan refine or combine.")
      }
      let candidates = unitIndex[NameText.key(district)]?[NameText.key(school)] ?? []
      let unit: Int
      if let known = candidates.first(where: { units[$0].categoryID == categoryID }) {
        unit = known
      } else {
        unit = units.count
        add(Unit(district: district, name: school, categoryID: categoryID, quota: last - first + 1))
      }
      units[unit].first = first
      units[unit].last = last
      ranges.append(Range(first: first, last: last, owner: unit))
    }
    unitRanges = ranges.sorted { $0.first < $1.first }
    hasSubRanges = !ranges.isEmpty
  }

  /// The range holding `number` among `ranges` (sorted, not overlapping), by binary search.
  static func find(_ number: Int, in ranges: [Range]) -> Range? {
    var low = 0, high = ranges.count
    while low < high {
      let middle = (low + high) / 2
      if ranges[middle].first <= number { low = middle + 1 } else { high = middle }
    }
    guard low > 0, ranges[low - 1].last >= number else { return nil }
    return ranges[low - 1]
  }

  /// The city's block for the year: from the policy's first number over the ranges (a refined
  /// plan knows only its district's ranges, and calls any other number outside them).
  var block: ClosedRange<Int> {
    let first = min(policy.firstNumber, rowRanges.first?.first ?? policy.firstNumber)
    let last = max(rowRanges.map(\.last).max() ?? first, policy.firstNumber + policy.total - 1)
    return first...max(first, last)
  }
}
