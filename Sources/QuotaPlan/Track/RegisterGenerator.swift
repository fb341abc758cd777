import Foundation

/// A synthetic member register (智慧团建 export) for a plan folder, for tests, demos and
/// benchmarks: `quotaplan generate --register PLAN_DIR --as-of DATE --seed N --out FILE`.
///
/// What it holds:
/// - one row per new member with the Chinese headers (姓名, 身份证号, 发展团员编号, 入团时间,
///   区县, 学校/单位, 年级, 所在团组织, 录入时间, 档案上传时间, 认证状态);
/// - every unit of the plan (school or social unit with quota) uses the first numbers of its own
///   sub-range of its district × category range, in the plan's school order (as `refine` hands
///   them out), in the order its members joined;
/// - districts progress at different paces: a district's share of its quota used by the as-of
///   date is the year's elapsed share (to the second milestone, 12-20) times its own pace,
///   drawn from 0.55–1.45;
/// - certification lags upload: each district certifies 2–25 days after upload; clean records
///   are uploaded 1–28 days after joining (so never late), and a record still 尚未认证 was
///   uploaded less than 30 days before the as-of date;
/// - names are synthetic (a surname and two given characters from fixed lists); ID numbers use
///   the real GB 11643 checksum and plausible birth dates (14–27 at joining, by category) but a
///   region code that no real place has (99 followed by the district's index), so no real
///   person's ID can come out;
/// - `plants[code]` problems of each of the 13 codes (defaults: `defaultPlants`), each
///   planted so that it triggers exactly its own code; the counts go to `expected`.
///
/// The same plan, date, seed and settings always give the same bytes.
public enum RegisterGenerator {
  /// The 13 problem codes, in the order.
  public static let codes = [
    "borrowed", "outside_block", "bad_number", "duplicate_number", "duplicate_person", "invalid_id", "under_age", "over_age",
    "late_upload", "not_certified", "over_quota", "unknown_unit", "ineligible_grade",
  ]

  /// How many problems of each code are planted by default. A count is the number of
  /// findings `quotaplan track` reports: for `duplicate_number` and `duplicate_person`, one per
  /// number or person used twice; for `over_quota`, one per unit over its quota.
  public static let defaultPlants: [String: Int] = [
    "borrowed": 3, "outside_block": 2, "bad_number": 2, "duplicate_number": 2, "duplicate_person": 2, "invalid_id": 2,
    "under_age": 2, "over_age": 2, "late_upload": 3, "not_certified": 3, "over_quota": 1, "unknown_unit": 2,
    "ineligible_grade": 2,
  ]

  /// The register's header, in the order of the table.
  public static let header = ["姓名", "身份证号", "发展团员编号", "入团时间", "区县", "学校/单位", "年级", "所在团组织", "录入时间", "档案上传时间", "认证状态"]

  /// What the generator wrote.
  public struct Output: Sendable {
    /// The register: CSV, UTF-8 with a BOM, CRLF, as Excel saves it.
    public var csv: Data
    /// Rows of the register (without the header).
    public var records: Int
    /// Planted problems per code, in `codes` order.
    public var expected: [(code: String, count: Int)]

    /// `code,count` for the sidecar `FILE.expected.csv`.
    public func expectedCSV() throws -> Data {
      var document = CSVDocument(header: ["code", "count"])
      document.rows = expected.map { [$0.code, String($0.count)] }
      return try document.data()
    }
  }

  /// A failure of the generator: a sentence.
  public struct Failure: Error, CustomStringConvertible {
    public var description: String
  }

  // MARK: - Plan units

  /// One unit of the plan that receives quota, with its own sub-range.
  struct Unit {
    var district: Int
    var name: String
    var category: CategoryPolicy
    var quota: Int
    var first: Int
    /// Grades with quota and their quotas (empty for a social unit).
    var grades: [(grade: Int, quota: Int)]
    /// Numbers taken from the start of the sub-range (first ..< first + used).
    var used = 0
    /// Numbers taken from the end of the sub-range by planted records of other units.
    var takenFromEnd = 0
    /// Records that name this unit.
    var records = 0
    /// Free numbers left in the sub-range.
    var free: Int { quota - used - takenFromEnd }
  }

  private struct PlanFile: Decodable {
    struct Grade: Decodable { var grade, quota: Int }
    struct School: Decodable {
      var district, name, category: String
      var quota: Int
      var grades: [Grade]
    }
    struct Social: Decodable {
      var district, name: String
      var quota: Int
    }
    var schools: [School]
    var social: [Social]
  }

  /// The plan's units in the order of their sub-ranges: each district × category range is cut
  /// in the plan's unit order, as `Refinement.subRanges` does.
  static func units(_ folder: PlanFolder, planJSON: Data) throws -> [Unit] {
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    let file: PlanFile
    do {
      file = try decoder.decode(PlanFile.self, from: planJSON)
    } catch {
      throw Failure(description: "plan.json cannot be read: \(error). Give a folder written by quotaplan solve or refine.")
    }
    let policy = folder.scenario.policy
    let districtIndex = Dictionary(policy.districts.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    var schools: [DistrictCategory: [PlanFile.School]] = [:]
    for school in file.schools where school.quota > 0 { schools[DistrictCategory(school.district, school.category), default: []].append(school) }
    var social: [String: [PlanFile.Social]] = [:]
    for unit in file.social where unit.quota > 0 { social[unit.district, default: []].append(unit) }
    var units: [Unit] = []
    for row in folder.allocation where row.quota > 0 {
      guard let category = policy.category(row.categoryID), let district = districtIndex[row.district] else { continue }
      var next = row.firstNumber
      let members: [(String, Int, [(Int, Int)])] = category.kind == .social
        ? (social[row.district] ?? []).map { ($0.name, $0.quota, []) }
        : (schools[DistrictCategory(row.district, row.categoryID)] ?? []).map { school in
          (school.name, school.quota, school.grades.filter { $0.quota > 0 }.map { ($0.grade, $0.quota) })
        }
      for (name, quota, grades) in members {
        let own = min(quota, row.lastNumber - next + 1)
        guard own > 0 else { break }
        units.append(Unit(district: district, name: name, category: category, quota: own, first: next, grades: grades))
        next += own
      }
    }
    return units
  }

  // MARK: - Generation

  /// One row of the register, before formatting.
  struct Record {
    /// The unit in `units`; -1 for a unit the plan does not have.
    var unitIndex: Int
    var name: String
    var id: String
    var birth: Int
    var number: String
    var joined: Int
    var district: String
    var unit: String
    var grade: String
    var branch: String
    var entered: Int
    var uploaded: Int?
    var status: String
  }

  /// The register for the plan folder at `path` on `asOf` (`YYYY-MM-DD`). `records` scales the
  /// register to about that many rows (capped by the quotas); nil uses each district's pace.
  public static func generate(
    planFolder path: String, asOf: String, seed: UInt64, records wanted: Int? = nil, plants: [String: Int] = defaultPlants
  ) throws -> Output {
    let folder = try PlanFolder.load(path)
    guard let planJSON = try? Data(contentsOf: URL(fileURLWithPath: path).appendingPathComponent("plan.json")) else {
      throw Failure(description: "\(path)/plan.json is missing; give a folder written by quotaplan solve or refine.")
    }
    guard let day = Day(iso: asOf) else {
      throw Failure(description: "--as-of “\(asOf)” is not a date; write it as 2022-06-30.")
    }
    return try generate(folder, planJSON: planJSON, asOf: day, seed: seed, records: wanted, plants: plants)
  }

  static func generate(
    _ folder: PlanFolder, planJSON: Data, asOf: Day, seed: UInt64, records wanted: Int?, plants: [String: Int]
  ) throws -> Output {
    let policy = folder.scenario.policy
    let year = policy.year
    guard asOf.year == year else {
      throw Failure(description: "--as-of \(asOf) is not in the plan's year \(year).")
    }
    var units = try units(folder, planJSON: planJSON)
    guard !units.isEmpty else { throw Failure(description: "the plan gives no unit any quota; there is nothing to register.") }
    var random = Generator.Random(state: seed ^ 0x5EED_2E61_57E2)
    let start = asOf.startOfYear.ordinal
    let end = Day.civilToDays(year: year, month: 12, day: 20)
    let today = asOf.ordinal
    let elapsed = Double(today - start) / Double(end - start)
    // Members join from March on (January when the as-of date is earlier).
    let firstJoin = today - start > 70 ? Day.civilToDays(year: year, month: 3, day: 1) : start

    // Each district's pace and certification speed.
    let districts = policy.districts
    let paces = districts.map { _ in random.ratio(0.55, 1.45) }
    let certifyLag = districts.map { _ -> ClosedRange<Int> in
      let slow = random.int(0...2)
      return slow == 0 ? 2...8 : (slow == 1 ? 4...15 : 8...25)
    }
    var counts = units.map { unit -> Int in
      let share = min(1, elapsed * paces[unit.district] * random.ratio(0.85, 1.15))
      return min(unit.quota, Int((Double(unit.quota) * share).rounded()))
    }
    if let wanted {
      let now = counts.reduce(0, +)
      let factor = Double(wanted) / Double(max(1, now))
      counts = zip(units, counts).map { min($0.quota, Int((Double($1) * factor).rounded())) }
      // Rounding and the quotas leave rows over or under: spread the difference over the units
      // that have room (or records), a share each, until the total is met or nothing is left.
      var missing = wanted - counts.reduce(0, +)
      while missing != 0 {
        let open = units.indices.filter { missing > 0 ? counts[$0] < units[$0].quota : counts[$0] > 0 }
        guard !open.isEmpty else { break }
        let share = max(1, abs(missing) / open.count)
        for at in open where missing != 0 {
          let step = missing > 0 ? min(share, units[at].quota - counts[at], missing) : -min(share, counts[at], -missing)
          counts[at] += step
          missing -= step
        }
      }
    }
    var identities = IdentityMaker(districtCount: districts.count)
    var rows: [Record] = []
    rows.reserveCapacity(counts.reduce(0, +) + 64)
    for index in units.indices {
      let count = counts[index]
      guard count > 0 else { continue }
      var joins = (0..<count).map { _ in random.int(firstJoin...today) }
      joins.sort()
      for join in joins {
        let number = units[index].first + units[index].used
        units[index].used += 1
        units[index].records += 1
        rows.append(
          cleanRecord(
            units[index], unitIndex: index, number: String(number), joined: join, today: today, lag: certifyLag[units[index].district],
            districts: districts, random: &random, identities: &identities))
      }
    }
    var planter = Planter(
      units: units, rows: rows, districts: districts, policy: policy, today: today, firstJoin: firstJoin, lags: certifyLag, random: random,
      identities: identities)
    let expected = try planter.plant(plants)
    rows = planter.rows
    // The export's order: by entry date, then member number.
    let order = rows.indices.sorted { (rows[$0].entered, rows[$0].number, $0) < (rows[$1].entered, rows[$1].number, $1) }
    var formatRandom = Generator.Random(state: seed ^ 0xF0_2A47)
    var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]
    bytes.reserveCapacity(rows.count * 150 + 256)
    append(header, to: &bytes)
    for index in order {
      let record = rows[index]
      func date(_ day: Int) -> String {
        let civil = Day(ordinal: day)
        let (year, month, dayOfMonth) = civil.components
        switch formatRandom.int(0...9) {
        case 0: return "\(year)/\(month)/\(dayOfMonth)"
        case 1: return "\(year)年\(month)月\(dayOfMonth)日"
        default: return civil.description
        }
      }
      append(
        [
          record.name, record.id, record.number, date(record.joined), record.district, record.unit, record.grade, record.branch,
          date(record.entered), record.uploaded.map(date) ?? "", record.status,
        ], to: &bytes)
    }
    return Output(csv: Data(bytes), records: rows.count, expected: codes.map { ($0, expected[$0] ?? 0) })
  }

  /// A record without any problem (on time, of age) of `unit` with `number`.
  static func cleanRecord(
    _ unit: Unit, unitIndex: Int, number: String, joined: Int, today: Int, lag: ClosedRange<Int>, districts: [String],
    random: inout Generator.Random, identities: inout IdentityMaker
  ) -> Record {
    let entered = min(today, joined + random.int(0...3))
    let uploadDay = max(entered, joined + random.int(1...28))
    let uploaded = uploadDay <= today ? uploadDay : nil
    let certified = uploaded.map { $0 + random.int(lag) <= today } ?? false
    let grade = pickGrade(unit, random: &random)
    let ages = ageRange(unit.category)
    let person = identities.person(district: unit.district, joined: joined, age: random.int(ages), random: &random)
    return Record(
      unitIndex: unitIndex, name: person.name, id: person.id, birth: person.birth, number: number, joined: joined, district: districts[unit.district], unit: unit.name,
      grade: grade.map { gradeLabel(unit.category, $0) } ?? "", branch: branch(unit, grade: grade), entered: entered,
      uploaded: uploaded, status: certified ? "已认证" : "尚未认证")
  }

  static func pickGrade(_ unit: Unit, random: inout Generator.Random) -> Int? {
    guard !unit.grades.isEmpty else { return nil }
    var draw = random.int(0...(unit.grades.reduce(0) { $0 + $1.quota } - 1))
    for entry in unit.grades {
      if draw < entry.quota { return entry.grade }
      draw -= entry.quota
    }
    return unit.grades.last?.grade
  }

  static func branch(_ unit: Unit, grade: Int?) -> String {
    guard let grade else { return "\(unit.name)团支部" }
    return "\(unit.name)\(gradeLabel(unit.category, grade))团支部"
  }

  /// Ages at joining for a category's members: students by school stage, young adults in the
  /// social sector. All inside 14–27.
  static func ageRange(_ category: CategoryPolicy) -> ClosedRange<Int> {
    switch category.id {
    case "junior_high": return 14...15
    case "senior_high", "secondary_vocational": return 15...17
    case "five_year_higher_vocational": return 15...19
    case "higher_vocational": return 18...21
    default: return category.kind == .social ? 18...27 : 15...20
    }
  }

  /// 初一…初三 for junior high, 高一…高三 for senior high, 一年级… elsewhere.
  static func gradeLabel(_ category: CategoryPolicy, _ grade: Int) -> String {
    let digits = ["一", "二", "三", "四", "五", "六"]
    let digit = grade >= 1 && grade <= digits.count ? digits[grade - 1] : String(grade)
    switch category.id {
    case "junior_high": return "初" + digit
    case "senior_high": return "高" + digit
    default: return digit + "年级"
    }
  }

  static func append(_ fields: [String], to bytes: inout [UInt8]) {
    for (index, field) in fields.enumerated() {
      if index > 0 { bytes.append(UInt8(ascii: ",")) }
      let clean = CSVDocument.neutralised(field)
      if clean.utf8.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: ",") || $0 == 13 || $0 == 10 }) {
        bytes.append(UInt8(ascii: "\""))
        for byte in clean.utf8 {
          bytes.append(byte)
          if byte == UInt8(ascii: "\"") { bytes.append(byte) }
        }
        bytes.append(UInt8(ascii: "\""))
      } else {
        bytes.append(contentsOf: clean.utf8)
      }
    }
    bytes.append(contentsOf: [13, 10])
  }
}
