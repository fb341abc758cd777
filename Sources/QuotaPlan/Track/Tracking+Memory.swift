import Foundation

/// Tracking of a plan held in memory, for the workspace: its published versions live in a
/// database, not in folders, and registers arrive as uploaded bytes.
///
/// The reconciliation is the very one `quotaplan track` runs (`Reconciler`); only the plan is
/// built from the `Plan` and its Attachment 1 instead of being read from plan.json, and each
/// register's bytes are written under a fixed name in a private temporary folder (removed
/// afterwards) for the register reader, so the planner's file name is never a path.
extension Tracking {
  /// Reconciles `plan` (Attachment 1 in `allocation`, as `PlanFolder` holds it) with the uploaded
  /// register files as of `asOf`. Names are never kept.
  ///
  /// With `district` (a county's upload), every row must be of that district: rows of another
  /// district are refused as `InputError`s naming file, row and column (all of them at once), and
  /// nothing is reconciled; the result then holds that district only (`restricted(to:)`).
  /// Throws `InputError` for an unreadable register (every bad row of a file at once).
  public static func track(
    plan: Plan, allocation: [AllocationRow], registers: [UploadedTables.File], asOf: Day,
    settings: TrackingSettings = TrackingSettings(), district: String? = nil
  ) throws -> TrackingResult {
    let trackingPlan = TrackingPlan(plan: plan, allocation: allocation)
    let key = IDNumber.HashKey.random()
    let files = registers.map(\.name)
    let (records, gradeColumns) = try UploadedTables.withFolder { folder -> ([RegisterRecord], [String]) in
      var records: [RegisterRecord] = []
      var gradeColumns: [String] = []
      var texts = RegisterTable.Texts()
      for (index, register) in registers.enumerated() {
        let url = try UploadedTables.write(register, as: "register-\(index + 1)", in: folder)
        let read = try RegisterTable.read(
          url, file: register.name, index: index, asOf: asOf, settings: settings, hashKey: key, names: false, texts: &texts)
        records += read.records
        gradeColumns.append(read.gradeColumn)
      }
      return (records, gradeColumns)
    }
    if let district { 
      // The district column as the file names it (English headers name the grade column in ASCII too).
      let columns = gradeColumns.map { $0.unicodeScalars.allSatisfy(\.isASCII) ? "district" : "区县" }
      try checkDistrict(records, district: district, files: files, columns: columns)
    }
    var reconciler = Reconciler(plan: trackingPlan, asOf: asOf, settings: settings, files: files, gradeColumns: gradeColumns)
    let result = try reconciler.run(records)
    return district.map { result.restricted(to: $0, records: result.records) } ?? result
  }

  /// Refuses the rows of a county's register that are not of its district, every one at once.
  static func checkDistrict(_ records: [RegisterRecord], district: String, files: [String], columns: [String]) throws {
    let own = NameText.key(district)
    var problems = files.map { InputProblems(file: $0, limit: InputLimits().maxErrors) }
    for record in records where NameText.key(record.district) != own {
      problems[record.file].add(
        InputError(
          file: files[record.file], row: record.row, column: columns[record.file],
          "the member is registered in “\(NameText.visible(record.district))”, not in \(district): upload only \(district)'s members (the city uploads the whole city's register)."
        ))
    }
    for file in problems { try file.check() }
  }

  /// `text` with every run of 15 to 18 ID-number characters masked as problems.csv masks an ID
  /// number (first 6 and last 4 kept): for messages built from a cell a planner may have filled
  /// with an ID number by mistake.
  public static func maskingIDNumbers(in text: String) -> String {
    guard let pattern = idPattern else { return text }
    let range = NSRange(text.startIndex..., in: text)
    var result = text
    for match in pattern.matches(in: text, range: range).reversed() {
      guard let found = Range(match.range, in: result) else { continue }
      result.replaceSubrange(found, with: IDNumber.mask(String(result[found])))
    }
    return result
  }

  private static let idPattern = try? NSRegularExpression(pattern: "(?<![0-9])[0-9]{14,17}[0-9Xx](?![0-9Xx])")
}

extension TrackingPlan {
  /// The plan of a published version, in memory: every school and social unit with its quota,
  /// and the district × category ranges of Attachment 1. A city plan has no school sub-ranges.
  init(plan: Plan, allocation: [AllocationRow]) {
    var rowIndex: [DistrictCategory: Int] = [:]
    for (index, row) in allocation.enumerated() { rowIndex[DistrictCategory(row.district, row.categoryID)] = index }
    var districts: [String: String] = [:]
    for district in plan.policy.districts { districts[NameText.key(district)] = district }
    for row in allocation where districts[NameText.key(row.district)] == nil { districts[NameText.key(row.district)] = row.district }
    self.init(
      policy: plan.policy, rows: allocation, units: [], districts: districts, unitIndex: [:], rowIndex: rowIndex,
      rowRanges: allocation.enumerated().filter { $0.element.quota > 0 }
        .map { Range(first: $0.element.firstNumber, last: $0.element.lastNumber, owner: $0.offset) }.sorted { $0.first < $1.first },
      unitRanges: [], hasSubRanges: false, refinedDistrict: nil)
    var units = plan.schoolPlans.map { Unit(district: $0.school.district, name: $0.school.name, categoryID: $0.category.id, quota: $0.quota) }
    if let social = plan.policy.categories.first(where: { $0.kind == .social }) {
      units += plan.socialPlans.map { Unit(district: $0.unit.district, name: $0.unit.name, categoryID: social.id, quota: $0.quota) }
    }
    for var unit in units {
      unit.row = rowIndex[DistrictCategory(unit.district, unit.categoryID)]
      unitIndex[NameText.key(unit.district), default: [:]][NameText.key(unit.name), default: []].append(self.units.count)
      self.units.append(unit)
    }
  }
}

extension TrackingResult {
  /// The result as one district sees it: its district × category rows, its own row as the
  /// total, its school rows and its problems; every other district left out. `records` is the
  /// register rows the district's result stands for (nil: the district's entered records).
  public func restricted(to district: String, records: Int? = nil) -> TrackingResult {
    let key = NameText.key(district)
    let own: (String) -> Bool = { NameText.key($0) == key }
    var total = districtRows.first { own($0.district) }
      ?? TrackingRow(
        district: district, category: "", categoryID: "", quota: 0, target: self.total.target, milestone: self.total.milestone)
    total.district = district
    var result = TrackingResult(
      planName: planName, year: year, asOf: asOf, settings: settings, language: language, registerFiles: registerFiles, records: records ?? total.entered,
      rows: rows.filter { own($0.district) }, districtRows: districtRows.filter { own($0.district) }, total: total,
      schoolRows: schoolRows.map { $0.filter { own($0.district) } }, problems: problems.filter { own($0.district) })
    result.outsidePlan = outsidePlan
    return result
  }
}
