import Foundation

/// The reconciliation of a plan with the member register (issue #15): rates per district ×
/// category, per district, for the whole plan and per school when the plan has school
/// sub-ranges; status against the milestone in force; and every finding with a stable code.
///
/// Definitions (defaults; each number is a `TrackingSettings` value):
/// - a record counts when it is entered (录入时间) on or before the as-of date;
/// - use_rate (编号使用率) = records of the unit entered with a number of the unit's own range
///   (each number counted once) ÷ the unit's quota;
/// - completeness (录入完整率) = records uploaded (on or before the as-of date) and 已认证 ÷ records entered;
/// - effective_rate (有效录入率) = 已认证 records ÷ quota;
/// - target: the milestone in force (the first on or after the as-of date, else the last);
/// - status, for the rates the milestones apply to (worst of them): `met` when the rate reaches
///   the target; `missed` when not and the milestone's day has come; `on_track` when the pace
///   since 1 January (rate ÷ days elapsed) carries it to the target by the milestone; else `behind`.
///
/// One pass over the records with dictionary and binary-search lookups (no per-row regex, no
/// date formatter): a province's 250,000 records take well under a second.
public enum Tracking {
  /// Reconciles the plan folder at `plan` with the register files (`url`, and the name used in
  /// messages) as of `asOf`. Names are kept only when `names` is true.
  /// Throws `InputError` for an unreadable plan or register (every bad row of a file at once).
  public static func track(
    plan path: String, registers: [(url: URL, file: String)], asOf: Day, settings: TrackingSettings = TrackingSettings(),
    names: Bool = false
  ) throws -> TrackingResult {
    // The plan (JSON decoding) is read on a second core while the registers are read; its error
    // comes first, as when it was read first.
    let loaded = Loaded()
    let key = IDNumber.HashKey.random()
    DispatchQueue.concurrentPerform(iterations: 2) { part in
      if part == 0 {
        loaded.plan = Result { try TrackingPlan.load(path) }
        return
      }
      loaded.registers = Result {
        var texts = RegisterTable.Texts()
        var records: [RegisterRecord] = []
        var gradeColumns: [String] = []
        for (index, register) in registers.enumerated() {
          let read = try RegisterTable.read(
            register.url, file: register.file, index: index, asOf: asOf, settings: settings, hashKey: key, names: names, texts: &texts)
          // One file (the usual case) is taken as it is, not copied.
          if records.isEmpty { records = read.records } else { records += read.records }
          gradeColumns.append(read.gradeColumn)
        }
        return (records, gradeColumns)
      }
    }
    guard let plan = try loaded.plan?.get(), let read = try loaded.registers?.get() else {
      throw InputError(file: path, "the plan folder cannot be read.")
    }
    let (records, gradeColumns) = (read.records, read.gradeColumns)
    var reconciler = Reconciler(plan: plan, asOf: asOf, settings: settings, files: registers.map(\.file), gradeColumns: gradeColumns)
    return try reconciler.run(records)
  }
}

/// The plan read beside the registers (`Tracking.track`): written once by its thread, read after both are done.
private final class Loaded: @unchecked Sendable {
  var plan: Result<TrackingPlan, Error>?
  var registers: Result<(records: [RegisterRecord], gradeColumns: [String]), Error>?
}

/// Counts of one unit or row while the records are read.
struct TrackingCounts {
  var entered = 0
  var inRange = 0
  var uploaded = 0
  var certified = 0
  var complete = 0

  static func + (a: TrackingCounts, b: TrackingCounts) -> TrackingCounts {
    TrackingCounts(
      entered: a.entered + b.entered, inRange: a.inRange + b.inRange, uploaded: a.uploaded + b.uploaded,
      certified: a.certified + b.certified, complete: a.complete + b.complete)
  }
}

/// The one pass of `Tracking.track`.
struct Reconciler {
  let plan: TrackingPlan
  let asOf: Day
  let settings: TrackingSettings
  let files: [String]
  let gradeColumns: [String]
  var rowCounts: [TrackingCounts]
  var unitCounts: [TrackingCounts]
  var problems: [(order: (Int, Int, Int), problem: TrackingProblem)] = []
  var gradeProblems: [InputProblems]
  /// District × unit texts as written → the plan's units of that name (resolved once per text).
  /// Keyed by the record's district and unit numbers (`RegisterRecord.districtKey`, `unitKey`).
  var candidateCache: [Int: [Int]] = [:]
  /// Each unit's category in the policy (looked up once per unit, not per record).
  let unitCategories: [CategoryPolicy?]
  /// Each unit's category as its position in the policy's categories.
  let unitCategoryPositions: [Int]
  /// Grade texts repeat on every row: each (category, text) is parsed once, keyed by the
  /// category's position and the record's grade number (`RegisterRecord.gradeKey`).
  var grades: [Int: Result<Int, GradeName.Problem>] = [:]

  /// The grade of `record` in `category`, the category of `unit`, parsed once per distinct text.
  mutating func grade(_ record: RegisterRecord, unit: Int, _ category: CategoryPolicy) -> Result<Int, GradeName.Problem> {
    let key = unitCategoryPositions[unit] << 32 | record.gradeKey
    if let known = grades[key] { return known }
    let parsed = GradeName.parse(record.grade, category: category)
    grades[key] = parsed
    return parsed
  }

  init(plan: TrackingPlan, asOf: Day, settings: TrackingSettings, files: [String], gradeColumns: [String]) {
    self.plan = plan
    self.asOf = asOf
    self.settings = settings
    self.files = files
    self.gradeColumns = gradeColumns
    rowCounts = Array(repeating: TrackingCounts(), count: plan.rows.count)
    unitCounts = Array(repeating: TrackingCounts(), count: plan.units.count)
    gradeProblems = files.map { InputProblems(file: $0, limit: InputLimits().maxErrors) }
    unitCategories = plan.units.map { plan.policy.category($0.categoryID) }
    let positions = Dictionary(plan.policy.categories.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { first, _ in first })
    unitCategoryPositions = plan.units.map { positions[$0.categoryID] ?? -1 }
  }

  /// Where a record is, for sentences: `row 15`, or `register-b.csv row 15` with several files.
  func place(_ record: RegisterRecord) -> (zh: String, en: String) {
    if files.count > 1 { return ("\(files[record.file]) 第\(record.row)行", "\(files[record.file]) row \(record.row)") }
    return ("第\(record.row)行", "row \(record.row)")
  }

  mutating func add(_ code: TrackingProblem.Code, _ record: RegisterRecord, unit: Int?, zh: String, en: String) {
    let prefix = files.count > 1 ? ("\(files[record.file])：", "\(files[record.file]): ") : ("", "")
    let unitInfo = unit.map { plan.units[$0] }
    problems.append((
      (record.file, record.row, TrackingProblem.Code.allCases.firstIndex(of: code) ?? 0),
      TrackingProblem(
        code: code, zh: prefix.0 + zh, en: prefix.1 + en, file: files[record.file], row: record.row,
        memberNumber: Self.shownNumber(record.number), unit: unitInfo?.name ?? record.unit,
        district: unitInfo?.district ?? plan.districts[NameText.key(record.district)] ?? record.district,
        category: unitInfo.flatMap { plan.policy.category($0.categoryID)?.name } ?? "", maskedID: record.maskedID, name: record.name)
    ))
  }

  /// A member number as outputs show it: masked like an ID number when it is long enough to be
  /// one typed into the wrong column (15 characters or more).
  static func shownNumber(_ number: String) -> String {
    // Fewer than 15 bytes is fewer than 15 characters: most numbers are not counted.
    number.utf8.count >= 15 && number.count >= 15 ? IDNumber.mask(number) : number
  }

  /// The unit of a record: its district and name in the plan; with one name in several
  /// categories, the one whose grades fit the record's grade, then the one whose range holds
  /// the number.
  mutating func unit(of record: RegisterRecord, number: Int?) -> Int? {
    let candidates: [Int]
    let pair = record.districtKey << 32 | record.unitKey
    if let known = candidateCache[pair] {
      candidates = known
    } else {
      candidates = plan.unitIndex[NameText.key(record.district)]?[NameText.key(record.unit)] ?? []
      candidateCache[pair] = candidates
    }
    guard !candidates.isEmpty else { return nil }
    if candidates.count == 1 { return candidates[0] }
    var fitting = candidates
    if !record.grade.isEmpty {
      var byGrade: [Int] = []
      for unit in candidates {
        guard let category = unitCategories[unit], category.kind == .school else { continue }
        if case .success = grade(record, unit: unit, category) { byGrade.append(unit) }
      }
      if !byGrade.isEmpty { fitting = byGrade }
    }
    if let number, let range = TrackingPlan.find(number, in: plan.rowRanges) {
      if let owner = fitting.first(where: { plan.units[$0].row == range.owner }) { return owner }
    }
    return fitting[0]
  }

  mutating func run(_ all: [RegisterRecord]) throws -> TrackingResult {
    let year = plan.policy.year
    let block = plan.block
    // A number or a person seen once keeps only its first record; a second one opens a group
    // (most numbers and people appear once: no array per record).
    var firstOfNumber: [Int: Int] = [:]
    firstOfNumber.reserveCapacity(all.count)
    var firstOfOddNumber: [String: Int] = [:]
    var numberGroups: [Int: [Int]] = [:]
    var firstOfPerson: [Int: Int] = [:]
    firstOfPerson.reserveCapacity(all.count)
    var personGroups: [Int: [Int]] = [:]
    func note(_ index: Int, first: inout [Int: Int], groups: inout [Int: [Int]], key: Int) {
      if let earlier = first[key] {
        groups[earlier, default: [earlier]].append(index)
      } else {
        first[key] = index
      }
    }
    // District and unit texts repeat on many rows: each pair is resolved once.
    var districtKnownCache: [Bool?] = []
    var outsidePlan = 0
    let counted: [RegisterRecord]
    var recordUnits: [Int?] = []

    // Which records count (entered by the as-of date, of the plan's districts), decided first:
    // when all do (the usual case) the records are taken as they are, not copied one by one.
    var kept: [Int] = []
    var known: [Bool] = []
    kept.reserveCapacity(all.count)
    known.reserveCapacity(all.count)
    for position in all.indices where all[position].entered <= asOf {
      let districtKey = all[position].districtKey
      let districtKnown: Bool
      if districtKey < districtKnownCache.count, let cached = districtKnownCache[districtKey] {
        districtKnown = cached
      } else {
        districtKnown = plan.districts[NameText.key(all[position].district)] != nil
        if districtKnownCache.count <= districtKey {
          districtKnownCache += Array(repeating: nil, count: districtKey + 1 - districtKnownCache.count)
        }
        districtKnownCache[districtKey] = districtKnown
      }
      if let refined = plan.refinedDistrict, !districtKnown, NameText.key(refined) != NameText.key(all[position].district) {
        outsidePlan += 1
        continue
      }
      kept.append(position)
      known.append(districtKnown)
    }
    counted = kept.count == all.count ? all : kept.map { all[$0] }
    recordUnits.reserveCapacity(counted.count)

    for index in counted.indices {
      let record = counted[index]
      let districtKnown = known[index]

      // The number.
      var number: Int? = nil
      let text = record.number
      if text.utf8.count == 12, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) { number = Int(text) }
      let unit = districtKnown ? unit(of: record, number: number) : nil
      recordUnits.append(unit)
      let shown = Self.shownNumber(text)
      if let number {
        if number / 100_000_000 != year {
          add(
            .badNumber, record, unit: unit,
            zh: "发展团员编号 \(shown) 的前4位应为年份 \(year)；请按纸质入团志愿书核对并更正编号。",
            en: "The member number \(shown) does not start with the year \(year); check it against the paper application form and correct it.")
        } else if let range = TrackingPlan.find(number, in: plan.rowRanges) {
          let owner = plan.rows[range.owner]
          if let unit, let row = plan.units[unit].row, row != range.owner {
            let own = plan.rows[row]
            add(
              .borrowed, record, unit: unit,
              zh: "编号 \(shown) 属于 \(owner.district) \(owner.category) 号段，而该团员所在单位为 \(own.district) \(own.category)，属挤占、挪用；请改用本单位号段内的编号。",
              en: "The number \(shown) belongs to the range of \(owner.district) \(owner.category), but the member's unit is in \(own.district) \(own.category): numbers may not be borrowed; give the member a number of the unit's own range.")
          }
        } else if let district = plan.refinedDistrict {
          add(
            .outsideBlock, record, unit: unit,
            zh: "编号 \(shown) 不在 \(district) 的号段内（本计划只含该区县的号段）；如属其他区县号段即为挤占、挪用；请核对纸质志愿书，使用本单位号段内的编号。",
            en: "The number \(shown) is in none of \(district)'s ranges (this plan holds only that district's); if it is another district's number it is borrowed; check the paper form and use a number of the unit's range.")
        } else {
          add(
            .outsideBlock, record, unit: unit,
            zh: "编号 \(shown) 不在本市 \(year) 年号段（\(block.lowerBound)–\(block.upperBound)）内；请核对纸质志愿书，使用本单位号段内的编号。",
            en: "The number \(shown) is outside the city's block for \(year) (\(block.lowerBound)–\(block.upperBound)); check the paper form and use a number of the unit's range.")
        }
      } else {
        let scientific = text.contains("E+") || text.contains("e+")
        let zh = text.isEmpty
          ? "发展团员编号为空；请按纸质入团志愿书补录12位编号。"
          : scientific
            ? "发展团员编号 \(shown) 被 Excel 显示为科学计数法；请将该列设为文本格式后重新导出。"
            : "发展团员编号 \(shown) 不是12位数字；请按纸质入团志愿书核对并更正。"
        let en = text.isEmpty
          ? "The member number is empty; enter the 12-digit number from the paper application form."
          : scientific
            ? "The member number \(shown) was turned into scientific notation by Excel; format the column as text and export again."
            : "The member number \(shown) is not 12 digits; check it against the paper application form and correct it."
        add(.badNumber, record, unit: unit, zh: zh, en: en)
      }
      if let number {
        note(index, first: &firstOfNumber, groups: &numberGroups, key: number)
      } else if !text.isEmpty {
        if let earlier = firstOfOddNumber[text] {
          numberGroups[earlier, default: [earlier]].append(index)
        } else {
          firstOfOddNumber[text] = index
        }
      }

      // The person.
      if let problem = record.idProblem {
        if problem != .empty { note(index, first: &firstOfPerson, groups: &personGroups, key: record.idHash) }
        add(
          .invalidID, record, unit: unit,
          zh: "\(problem.zh)（\(record.maskedID)）；请与本人身份证核对后更正。",
          en: "\(problem.en.prefix(1).uppercased() + problem.en.dropFirst()) (\(record.maskedID)); check it against the member's ID card and correct it.")
      } else {
        note(index, first: &firstOfPerson, groups: &personGroups, key: record.idHash)
        if let birth = record.birth {
          let age = birth.years(until: record.joined)
          if age < settings.minimumAge {
            add(
              .underAge, record, unit: unit,
              zh: "入团时（\(record.joined)）未满\(settings.minimumAge)周岁（\(age)岁）；请核实身份证号与入团时间，不符合年龄条件的应予纠正。",
              en: "The member was \(age) on joining (\(record.joined)), younger than \(settings.minimumAge); check the ID number and the joining date, and correct an admission below the age.")
          } else if age >= settings.overAge {
            add(
              .overAge, record, unit: unit,
              zh: "入团时（\(record.joined)）已满\(settings.overAge)周岁（\(age)岁），超过团员年龄；请核实身份证号与入团时间。",
              en: "The member was \(age) on joining (\(record.joined)), \(settings.overAge) or older, beyond League age; check the ID number and the joining date.")
          }
        }
      }

      // Upload and certification.
      let uploaded = record.uploaded.flatMap { $0 <= asOf ? $0 : nil }
      if let uploaded {
        let days = uploaded - record.joined
        if days > settings.uploadDays {
          add(
            .lateUpload, record, unit: unit,
            zh: "入团（\(record.joined)）后第\(days)天才上传电子档案（\(uploaded)），超过\(settings.uploadDays)天时限；请说明原因并在今后按时上传。",
            en: "The e-record was uploaded on \(uploaded), \(days) days after joining on \(record.joined), beyond the \(settings.uploadDays)-day limit; note the reason and upload on time from now on.")
        }
      } else if asOf - record.joined > settings.uploadDays {
        let days = asOf - record.joined
        add(
          .lateUpload, record, unit: unit,
          zh: "入团（\(record.joined)）已\(days)天，电子档案仍未上传，超过\(settings.uploadDays)天时限；请立即上传入团志愿书。",
          en: "The e-record is still not uploaded \(days) days after joining on \(record.joined), beyond the \(settings.uploadDays)-day limit; upload the application form now.")
      }
      if record.status == .rejected {
        add(
          .notCertified, record, unit: unit,
          zh: "电子档案认证不通过，该团员不计入有效录入；请按退回意见修改后重新上传。",
          en: "The e-record was refused certification (认证不通过), so the member does not count; correct it as the reviewer asks and upload it again.")
      } else if record.status == .pending, let uploaded, asOf - uploaded > settings.certificationDays {
        let days = asOf - uploaded
        add(
          .notCertified, record, unit: unit,
          zh: "电子档案上传（\(uploaded)）已\(days)天仍未认证，该团员不计入有效录入；请督促上级团委认证。",
          en: "The e-record uploaded on \(uploaded) is still not certified after \(days) days, so the member does not count; ask the upper committee to certify it.")
      }

      // The unit and its grade.
      guard let unit else {
        if districtKnown {
          let district = plan.districts[NameText.key(record.district)] ?? record.district
          add(
            .unknownUnit, record, unit: nil,
            zh: "学校/单位“\(record.unit)”不在 \(district) 的计划中；请按计划中的名称填写，或请区县团委补充该单位。",
            en: "The unit “\(record.unit)” is not in \(district)'s plan; write it as the plan names it, or ask the county committee to add the unit.")
        } else {
          add(
            .unknownUnit, record, unit: nil,
            zh: "区县“\(record.district)”不在计划中；请按计划中的区县名称填写。",
            en: "The district “\(record.district)” is not in the plan; write the district as the plan names it.")
        }
        continue
      }
      let info = plan.units[unit]
      if !record.grade.isEmpty, let category = unitCategories[unit], category.kind == .school {
        switch grade(record, unit: unit, category) {
        case .success(let grade):
          if !EligibleGrades.allows(category, grade: grade) {
            let allowed = category.eligibleGrades.map(String.init).joined(separator: "、")
            add(
              .ineligibleGrade, record, unit: unit,
              zh: "\(category.name)的\(record.grade)不得发展团员（可发展年级：\(allowed)；严禁毕业前突击发展）；请核实年级，不符合的应予纠正。",
              en: "Grade \(record.grade) may not receive quota in \(category.label(.en)) (eligible grades: \(allowed); no pre-graduation surge); check the grade and correct an ineligible admission.")
          }
        case .failure(let problem):
          gradeProblems[record.file].add(InputError(file: files[record.file], row: record.row, column: gradeColumns[record.file], problem.message))
        }
      }
    }
    for problems in gradeProblems { try problems.check() }

    // Counts: a number counts for use_rate once (its first record).
    // A number counts for use_rate on its first record only.
    var repeatedNumber = Set<Int>()
    for group in numberGroups.values { repeatedNumber.formUnion(group.dropFirst()) }
    for (index, record) in counted.enumerated() {
      guard let unit = recordUnits[index] else { continue }
      let info = plan.units[unit]
      let uploaded = record.uploaded.map { $0 <= asOf } ?? false
      let certified = record.status == .certified && (record.uploaded == nil || uploaded)
      var counts = TrackingCounts(entered: 1)
      counts.uploaded = uploaded ? 1 : 0
      counts.certified = certified ? 1 : 0
      counts.complete = uploaded && certified ? 1 : 0
      var unitCounts = counts
      let number = record.number.utf8.count == 12 ? Int(record.number) : nil
      if let number, !repeatedNumber.contains(index) {
        if let row = info.row, let range = TrackingPlan.find(number, in: plan.rowRanges), range.owner == row { counts.inRange = 1 }
        if let first = info.first, let last = info.last, (first...last).contains(number) { unitCounts.inRange = 1 }
      }
      if let row = info.row { rowCounts[row] = rowCounts[row] + counts }
      self.unitCounts[unit] = self.unitCounts[unit] + unitCounts
    }

    // Duplicates: one finding per number or person, naming every record.
    for group in numberGroups.values where group.count > 1 {
      let first = counted[group[0]]
      let rows = group.map { place(counted[$0]) }
      let number = Self.shownNumber(first.number)
      add(
        .duplicateNumber, first, unit: recordUnits[group[0]],
        zh: "编号 \(number) 出现在\(group.count)条记录上（\(rows.map(\.zh).joined(separator: "、"))）；编号一人一号，请按纸质志愿书核对，保留正确的一条并更正其他。",
        en: "The number \(number) is on \(group.count) records (\(rows.map(\.en).joined(separator: ", "))); each number is one member's: check the paper forms, keep it on the right record and correct the others.")
    }
    for group in personGroups.values where group.count > 1 {
      let first = counted[group[0]]
      let rows = group.map { place(counted[$0]) }
      add(
        .duplicatePerson, first, unit: recordUnits[group[0]],
        zh: "身份证号 \(first.maskedID) 出现在\(group.count)条记录上（\(rows.map(\.zh).joined(separator: "、"))）；同一人只能入团一次，请删除重复记录。",
        en: "The ID number \(first.maskedID) is on \(group.count) records (\(rows.map(\.en).joined(separator: ", "))); a person joins once: remove the duplicate records.")
    }

    // Rows, units, totals.
    let milestone = settings.milestone(year: year, asOf: asOf) ?? (Day(year: year, month: 12, day: 31) ?? asOf, 1.0)
    let pace = Pace(asOf: asOf, milestone: milestone.day, target: milestone.target, rates: settings.targetRates)
    let rows = plan.rows.enumerated().map { index, row in
      pace.row(district: row.district, category: row.category, categoryID: row.categoryID, quota: row.quota, counts: rowCounts[index])
    }
    var districtOrder: [String] = []
    var districtTotals: [String: (quota: Int, counts: TrackingCounts)] = [:]
    for (index, row) in plan.rows.enumerated() {
      if districtTotals[row.district] == nil { districtOrder.append(row.district) }
      let sum = districtTotals[row.district] ?? (0, TrackingCounts())
      districtTotals[row.district] = (sum.quota + row.quota, sum.counts + rowCounts[index])
    }
    let districtRows = districtOrder.map { district in
      pace.row(district: district, category: "", categoryID: "", quota: districtTotals[district]?.quota ?? 0, counts: districtTotals[district]?.counts ?? TrackingCounts())
    }
    let total = pace.row(
      district: "", category: "", categoryID: "", quota: plan.rows.reduce(0) { $0 + $1.quota }, counts: rowCounts.reduce(TrackingCounts(), +))

    // Over quota: each school or social unit (its plan quota), and each district × category.
    var unitFindings: [(order: (Int, Int, Int), problem: TrackingProblem)] = []
    let overCode = TrackingProblem.Code.allCases.firstIndex(of: .overQuota) ?? 0
    for (index, unit) in plan.units.enumerated() where unitCounts[index].entered > unit.quota {
      let category = plan.policy.category(unit.categoryID)?.name ?? unit.categoryID
      let count = unitCounts[index].entered
      unitFindings.append((
        (files.count, unit.row ?? plan.rows.count, overCode),
        TrackingProblem(
          code: .overQuota,
          zh: "\(unit.district) \(unit.name)（\(category)）已录入\(count)名新团员，超出计划指标\(unit.quota)名\(count - unit.quota)名；请停止发展并核查超出的记录。",
          en: "\(unit.district) \(unit.name) (\(category)) has \(count) new members entered, \(count - unit.quota) over its quota of \(unit.quota); stop admitting and check the records beyond the quota.",
          unit: unit.name, district: unit.district, category: category)
      ))
    }
    for (index, row) in plan.rows.enumerated() where rowCounts[index].entered > row.quota {
      let count = rowCounts[index].entered
      unitFindings.append((
        (files.count, index, overCode),
        TrackingProblem(
          code: .overQuota,
          zh: "\(row.district) \(row.category) 已录入\(count)名新团员，超出计划指标\(row.quota)名\(count - row.quota)名；请停止发展并核查。",
          en: "\(row.district) \(row.category) has \(count) new members entered, \(count - row.quota) over its quota of \(row.quota); stop admitting and check the records.",
          district: row.district, category: row.category)
      ))
    }

    var schoolRows: [TrackingRow]? = nil
    if plan.hasSubRanges {
      let ordered = plan.units.indices.filter { plan.units[$0].first != nil || unitCounts[$0].entered > 0 }.sorted { a, b in
        let ua = plan.units[a], ub = plan.units[b]
        return (ua.row ?? .max, ua.first ?? .max, ua.name) < (ub.row ?? .max, ub.first ?? .max, ub.name)
      }
      schoolRows = ordered.map { index in
        let unit = plan.units[index]
        let category = plan.policy.category(unit.categoryID)?.name ?? unit.categoryID
        return pace.row(
          district: unit.district, category: category, categoryID: unit.categoryID, unit: unit.name,
          quota: unit.first == nil ? 0 : unit.quota, counts: unitCounts[index])
      }
    }

    let sorted = (problems.sorted { $0.order < $1.order } + unitFindings.sorted { $0.order < $1.order }).map(\.problem)
    var result = TrackingResult(
      planName: plan.policy.name, year: year, asOf: asOf, settings: settings, language: plan.policy.language,
      registerFiles: files, records: counted.count, rows: rows, districtRows: districtRows, total: total, schoolRows: schoolRows,
      problems: sorted)
    result.outsidePlan = outsidePlan
    return result
  }
}

/// Status and the pace still needed, against one milestone.
struct Pace {
  let asOf: Day
  let milestone: Day
  let target: Double
  let rates: [TrackedRate]

  func row(
    district: String, category: String, categoryID: String, unit: String? = nil, quota: Int, counts: TrackingCounts
  ) -> TrackingRow {
    var row = TrackingRow(
      district: district, category: category, categoryID: categoryID, unit: unit, quota: quota, entered: counts.entered,
      inRange: counts.inRange, uploaded: counts.uploaded, certified: counts.certified, complete: counts.complete,
      useRate: quota > 0 ? Double(counts.inRange) / Double(quota) : nil,
      completeness: counts.entered > 0 ? Double(counts.complete) / Double(counts.entered) : nil,
      effectiveRate: quota > 0 ? Double(counts.certified) / Double(quota) : nil, target: target, milestone: milestone)
    row.status = rates.compactMap { row.rate($0).map(status) }.max { $0.severity < $1.severity } ?? .met
    let daysLeft = milestone - asOf
    row.neededCount = max(0, Self.ceiling(target * Double(quota)) - counts.inRange)
    row.neededComplete = max(0, Self.ceiling(target * Double(counts.entered)) - counts.complete)
    row.neededPerDay = daysLeft > 0 ? Double(row.neededCount) / Double(daysLeft) : nil
    return row
  }

  /// The status of one rate: met, missed (the milestone's day has come), on track (the pace
  /// since 1 January reaches the target by the milestone) or behind.
  func status(_ rate: Double) -> TrackingStatus {
    if rate >= target - 1e-9 { return .met }
    if asOf >= milestone { return .missed }
    let start = asOf.startOfYear
    let elapsed = Double(asOf - start + 1)
    let span = Double(milestone - start + 1)
    return rate / elapsed * span >= target - 1e-9 ? .onTrack : .behind
  }

  /// ⌈value⌉ with a tolerance for binary fractions (0.5 × 7 = 3.5 → 4; 0.5 × 8 = 4 → 4).
  static func ceiling(_ value: Double) -> Int { Int((value - 1e-9).rounded(.up)) }
}
