import Foundation

extension RegisterGenerator {
  /// Plants problems into a clean register, each so that it triggers exactly its own code:
  /// a planted record stays inside its unit's quota, takes a number nobody else uses (but for
  /// `duplicate_number`), and changes one field of one clean record or adds one record. Each
  /// plant uses a unit and a record no other plant touches.
  struct Planter {
    var units: [Unit]
    var rows: [Record]
    let districts: [String]
    let policy: Policy
    let today: Int
    let firstJoin: Int
    let lags: [ClosedRange<Int>]
    var random: Generator.Random
    var identities: IdentityMaker
    var touchedUnits: Set<Int> = []
    var touchedRows: Set<Int> = []

    init(
      units: [Unit], rows: [Record], districts: [String], policy: Policy, today: Int, firstJoin: Int, lags: [ClosedRange<Int>],
      random: Generator.Random, identities: IdentityMaker
    ) {
      self.units = units
      self.rows = rows
      self.districts = districts
      self.policy = policy
      self.today = today
      self.firstJoin = firstJoin
      self.lags = lags
      self.random = random
      self.identities = identities
    }

    /// Plants `plants[code]` of each code and returns how many of each went in (fewer only
    /// when the register has no place left for one, e.g. no record old enough to be late).
    mutating func plant(_ plants: [String: Int]) throws -> [String: Int] {
      var planted: [String: Int] = [:]
      for code in RegisterGenerator.codes {
        let wanted = max(0, plants[code] ?? 0)
        for index in 0..<wanted {
          if plantOne(code, index) { planted[code, default: 0] += 1 }
        }
      }
      return planted
    }

    // MARK: Picking hosts

    /// An untouched unit with at least `room` records to spare under its quota and `free`
    /// free numbers, chosen at random; marked touched.
    mutating func hostUnit(room: Int = 1, free: Int = 0, where accept: (Unit) -> Bool = { _ in true }) -> Int? {
      let candidates = units.indices.filter {
        !touchedUnits.contains($0) && units[$0].quota - units[$0].records >= room && units[$0].free >= free && accept(units[$0])
      }
      guard !candidates.isEmpty else { return nil }
      let chosen = candidates[random.int(0...(candidates.count - 1))]
      touchedUnits.insert(chosen)
      return chosen
    }

    /// An untouched clean row of an untouched unit, chosen at random; both marked touched.
    mutating func hostRow(where accept: (Record, Unit) -> Bool = { _, _ in true }) -> Int? {
      let candidates = rows.indices.filter { index in
        let row = rows[index]
        return row.unitIndex >= 0 && !touchedRows.contains(index) && !touchedUnits.contains(row.unitIndex)
          && accept(row, units[row.unitIndex])
      }
      guard !candidates.isEmpty else { return nil }
      let chosen = candidates[random.int(0...(candidates.count - 1))]
      touchedRows.insert(chosen)
      touchedUnits.insert(rows[chosen].unitIndex)
      return chosen
    }

    /// The next free number at the start of a unit's sub-range, taken.
    mutating func ownNumber(_ unit: Int) -> Int {
      defer { units[unit].used += 1 }
      return units[unit].first + units[unit].used
    }

    /// A free number at the end of a unit's sub-range, taken.
    mutating func endNumber(_ unit: Int) -> Int {
      units[unit].takenFromEnd += 1
      return units[unit].first + units[unit].quota - units[unit].takenFromEnd
    }

    /// A new clean record of `unit` with `number`, counted against the unit.
    mutating func newRecord(_ unit: Int, number: String, joined: Int? = nil) -> Record {
      units[unit].records += 1
      let day = joined ?? random.int(firstJoin...today)
      return RegisterGenerator.cleanRecord(
        units[unit], unitIndex: unit, number: number, joined: day, today: today, lag: lags[units[unit].district], districts: districts,
        random: &random, identities: &identities)
    }

    // MARK: The plants

    mutating func plantOne(_ code: String, _ index: Int) -> Bool {
      switch code {
      case "borrowed":
        // The member's unit has room; the number is free at the end of a unit of another
        // district or another category.
        guard let host = hostUnit() else { return false }
        let owner = units.indices.filter {
          !touchedUnits.contains($0) && units[$0].free >= 1
            && (units[$0].district != units[host].district || units[$0].category.id != units[host].category.id)
        }
        guard !owner.isEmpty else { return false }
        let from = owner[random.int(0...(owner.count - 1))]
        touchedUnits.insert(from)
        rows.append(newRecord(host, number: String(endNumber(from))))
      case "outside_block":
        guard let host = hostUnit() else { return false }
        let last = units.map { $0.first + $0.quota - 1 }.max() ?? policy.firstNumber
        let yearBase = policy.year * 100_000_000
        var number = last + 1_000 + 37 * index
        if number >= yearBase + 100_000_000 { number = policy.firstNumber - 1_000 - 37 * index }
        guard number > yearBase else { return false }
        rows.append(newRecord(host, number: String(number)))
      case "bad_number":
        // Eleven digits, or the right digits under last year's prefix.
        guard let host = hostUnit(free: 1) else { return false }
        let own = ownNumber(host)
        let number = index % 2 == 0 ? String(String(own).dropLast()) : String((policy.year - 1) * 100_000_000 + own % 100_000_000)
        rows.append(newRecord(host, number: number))
      case "duplicate_number":
        // A second member of the same unit entered under a number already used.
        guard let row = hostRow(where: { _, unit in unit.quota - unit.records >= 1 }) else { return false }
        rows.append(newRecord(rows[row].unitIndex, number: rows[row].number))
      case "duplicate_person":
        // The same person entered twice in their unit, under a second number of the unit.
        guard let row = hostRow(where: { _, unit in unit.free >= 1 && unit.quota - unit.records >= 1 }) else { return false }
        let unit = rows[row].unitIndex
        var copy = newRecord(unit, number: String(ownNumber(unit)), joined: rows[row].joined)
        copy.name = rows[row].name
        copy.id = rows[row].id
        copy.birth = rows[row].birth
        rows.append(copy)
      case "invalid_id":
        guard let row = hostRow() else { return false }
        let id = rows[row].id
        let right = id.last ?? "0"
        let wrong: Character = right == "0" ? "1" : (right == "X" ? "0" : "X")
        rows[row].id = String(id.dropLast()) + String(wrong)
      case "under_age", "over_age":
        guard let row = hostRow() else { return false }
        let joined = Day(ordinal: rows[row].joined)
        let birth = IdentityMaker.birthday(age: code == "under_age" ? 13 : 28, joined: joined, random: &random)
        rows[row].id = identities.id(district: units[rows[row].unitIndex].district, birth: birth)
        rows[row].birth = birth.ordinal
      case "late_upload":
        // Uploaded 31–40 days after joining (and certified since), or not uploaded at all
        // more than 30 days after joining.
        let notUploaded = index % 2 == 1
        let lateBefore = today - (notUploaded ? 31 : 45)
        guard let row = hostRow(where: { record, _ in record.joined <= lateBefore }) else { return false }
        if notUploaded {
          rows[row].uploaded = nil
          rows[row].status = "尚未认证"
        } else {
          let day = rows[row].joined + random.int(31...40)
          rows[row].uploaded = max(day, rows[row].entered)
          rows[row].status = "已认证"
        }
      case "not_certified":
        // 认证不通过 after an on-time upload, or still 尚未认证 more than 30 days after upload.
        let stale = index % 2 == 1
        let joinedBefore = today - (stale ? 45 : 2)
        guard let row = hostRow(where: { record, _ in record.joined <= joinedBefore }) else { return false }
        let joined = rows[row].joined
        if stale {
          let latest = min(joined + 14, today - 31)
          rows[row].uploaded = max(rows[row].entered, random.int(min(joined + 1, latest)...latest))
          rows[row].status = "尚未认证"
        } else {
          rows[row].uploaded = max(rows[row].entered, min(today, joined + random.int(1...2)))
          rows[row].status = "认证不通过"
        }
      case "over_quota":
        // A school enters one member more than its quota, the extra numbers coming from the end
        // of another school's sub-range in the same district and category (so none is borrowed).
        var groups: [DistrictCategory: [Int]] = [:]
        for unit in units.indices where units[unit].category.kind == .school {
          groups[DistrictCategory(districts[units[unit].district], units[unit].category.id), default: []].append(unit)
        }
        func siblings(_ unit: Int) -> [Int] {
          (groups[DistrictCategory(districts[units[unit].district], units[unit].category.id)] ?? []).filter {
            $0 != unit && !touchedUnits.contains($0)
          }
        }
        let candidates = units.indices.filter { unit in
          !touchedUnits.contains(unit) && units[unit].category.kind == .school && units[unit].quota <= 20
            && siblings(unit).contains { units[$0].free >= units[unit].quota - units[unit].records + 1 && units[$0].quota - units[$0].records >= 1 }
        }
        guard !candidates.isEmpty else { return false }
        let host = candidates[random.int(0...(candidates.count - 1))]
        touchedUnits.insert(host)
        let extra = units[host].quota - units[host].records + 1
        let donors = siblings(host).filter { units[$0].free >= extra && units[$0].quota - units[$0].records >= 1 }
        let donor = donors[random.int(0...(donors.count - 1))]
        touchedUnits.insert(donor)
        for _ in 0..<extra {
          // The host's own free numbers first, then the donor's.
          let number = units[host].free > 0 ? ownNumber(host) : endNumber(donor)
          rows.append(newRecord(host, number: String(number)))
        }
      case "unknown_unit":
        // A unit the plan does not list, in a district it does, under a free number of that district.
        guard let owner = hostUnit(free: 1) else { return false }
        var record = newRecord(owner, number: String(endNumber(owner)))
        units[owner].records -= 1
        record.unitIndex = -1
        record.unit = "\(districts[units[owner].district])未列入计划单位\(index + 1)"
        record.grade = ""
        record.branch = "\(record.unit)团支部"
        rows.append(record)
      case "ineligible_grade":
        // A grade the category may not receive quota in: 初一 in junior high, otherwise the
        // graduating grade.
        guard
          let row = hostRow(where: { _, unit in
            unit.category.kind == .school && (1...unit.category.gradeCount).contains { !unit.category.eligibleGrades.contains($0) }
          })
        else { return false }
        let category = units[rows[row].unitIndex].category
        let grades = (1...category.gradeCount).filter { !category.eligibleGrades.contains($0) }
        let grade = grades.first ?? category.gradeCount
        rows[row].grade = RegisterGenerator.gradeLabel(category, grade)
      default:
        return false
      }
      return true
    }
  }
}
