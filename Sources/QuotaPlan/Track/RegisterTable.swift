import Foundation

/// Reads member registers exported from 智慧团建 (CSV in any encoding the CLI accepts, or XLSX),
/// Chinese or English headers, and checks every row: a row that cannot be read (a date that is
/// not one, an unknown 认证状态, an empty district or unit) is an `InputError` naming file, row
/// and column; all of a file's problems come at once (up to `InputLimits.maxErrors`).
///
/// What can be read but breaks a rule (a bad number, an invalid ID, a late upload) is not an
/// input error: it is a finding of `Tracking` (problems.csv).
enum RegisterTable {
  static let columns = [
    ColumnSpec("name", "姓名", required: false),
    ColumnSpec("id_number", "身份证号", aliases: ["身份证号码", "公民身份号码", "证件号码", "id"]),
    ColumnSpec("member_number", "发展团员编号", aliases: ["团员编号", "编号", "number"]),
    ColumnSpec("joined", "入团时间", aliases: ["入团日期", "joined_on"]),
    ColumnSpec("district", "区县", aliases: ["县区", "县（市、区）", "县(市、区)"]),
    ColumnSpec("unit", "学校/单位", aliases: ["学校", "单位", "school", "学校单位"]),
    ColumnSpec("grade", "年级", required: false),
    ColumnSpec("branch", "所在团组织", aliases: ["团支部", "所在支部"], required: false),
    ColumnSpec("entered", "录入时间", aliases: ["录入日期"]),
    ColumnSpec("uploaded", "档案上传时间", aliases: ["上传时间", "档案上传日期"]),
    ColumnSpec("status", "认证状态", aliases: ["档案认证状态", "certification"]),
  ]

  /// The texts of a run's registers that repeat row after row, numbered (one set for all the
  /// run's files, so a unit has one number in each): records carry the numbers, and tracking
  /// resolves each distinct district and unit once.
  struct Texts {
    var districts = CSVInterner()
    var units = CSVInterner()
    var grades = CSVInterner()
    var statuses = CSVInterner()
  }

  /// The records of one file, read as of `asOf`. `hashKey` keys the ID hash; `names` keeps names.
  static func read(
    _ url: URL, file: String, index: Int, asOf: Day, settings: TrackingSettings, hashKey: IDNumber.HashKey, names: Bool
  ) throws -> (records: [RegisterRecord], gradeColumn: String) {
    var texts = Texts()
    return try read(url, file: file, index: index, asOf: asOf, settings: settings, hashKey: hashKey, names: names, texts: &texts)
  }

  /// The records of one file, numbering their repeated texts in `texts`.
  static func read(
    _ url: URL, file: String, index: Int, asOf: Day, settings: TrackingSettings, hashKey: IDNumber.HashKey, names: Bool,
    texts: inout Texts
  ) throws -> (records: [RegisterRecord], gradeColumn: String) {
    let limits = InputLimits(maxFileMegabytes: settings.maxFileMegabytes, maxRows: settings.maxRows)
    let table = try CSVTable(url: url, file: file, columns: columns, limits: limits, collecting: true)
    var problems = table.problems
    if table.rows.isEmpty && problems.isEmpty {
      problems.add(InputError(file: file, row: 2, "the register has a header but no members; each row below the header is one new member."))
    }
    var records: [RegisterRecord] = []
    records.reserveCapacity(table.rows.count)
    // Dates and statuses repeat on many rows: each distinct text is parsed once.
    var dates: [String: Day?] = [:]
    var statuses: [CertificationStatus??] = []
    // Names are checked once per distinct district and unit text (nil: not yet checked).
    var districtProblems: [String??] = []
    var unitProblems: [String??] = []
    // Columns found once, not by key on every row.
    let column = (
      district: table.position("district"), unit: table.position("unit"), status: table.position("status"),
      grade: table.position("grade"), id: table.position("id_number"), name: table.position("name"),
      number: table.position("member_number"))
    let dateColumns = ["joined", "entered", "uploaded"].map { table.position($0) }
    func date(_ row: CSVRow, _ key: String, _ dateColumn: Int, optional: Bool) -> Day?? {
      if let day = Day.fastISO(table.raw(row.fields, at: dateColumns[dateColumn])) { return .some(day) }
      let text = table.text(row.fields, at: dateColumns[dateColumn])
      if text.isEmpty {
        if optional { return .some(nil) }
        problems.add(table.problem(row, key, "the date is empty; write the date as 2022-05-03, 2022/5/3 or 2022年5月3日."))
        return nil
      }
      let day: Day?
      if let known = dates[text] {
        day = known
      } else {
        day = Day(register: text)
        dates[text] = day
      }
      guard let day else {
        let shown = text.count > 30 ? String(text.prefix(30)) + "…" : text
        problems.add(table.problem(row, key, "“\(NameText.visible(shown))” is not a date; write it as 2022-05-03, 2022/5/3 or 2022年5月3日."))
        return nil
      }
      return .some(day)
    }
    /// The problem of a name text, once per distinct text.
    func nameProblem(_ number: Int, _ text: String, what: String, _ known: inout [String??]) -> String? {
      if number < known.count, let problem = known[number] { return problem }
      let problem = NameText.problem(text, what: what, maxLength: limits.maxNameLength)
      if known.count <= number { known += Array(repeating: nil, count: number + 1 - known.count) }
      known[number] = .some(problem)
      return problem
    }
    for row in table.rows {
      let before = problems.count
      let districtKey = table.number(row.fields, at: column.district, in: &texts.districts)
      let unitKey = table.number(row.fields, at: column.unit, in: &texts.units)
      let district = texts.districts.texts[districtKey]
      let unit = texts.units.texts[unitKey]
      if district.isEmpty { problems.add(table.problem(row, "district", "the district is empty; write the 区县 as the plan names it.")) }
      if unit.isEmpty { problems.add(table.problem(row, "unit", "the school or unit is empty; write it as the plan names it.")) }
      if !district.isEmpty, let problem = nameProblem(districtKey, district, what: "district", &districtProblems) {
        problems.add(table.problem(row, "district", problem))
      }
      if !unit.isEmpty, let problem = nameProblem(unitKey, unit, what: "unit", &unitProblems) {
        problems.add(table.problem(row, "unit", problem))
      }
      let joined = date(row, "joined", 0, optional: false)
      let entered = date(row, "entered", 1, optional: false)
      let uploaded = date(row, "uploaded", 2, optional: true)
      let statusKey = table.number(row.fields, at: column.status, in: &texts.statuses)
      let status: CertificationStatus?
      if statusKey < statuses.count, let known = statuses[statusKey] {
        status = known
      } else {
        status = CertificationStatus(register: texts.statuses.texts[statusKey])
        if statuses.count <= statusKey { statuses += Array(repeating: nil, count: statusKey + 1 - statuses.count) }
        statuses[statusKey] = .some(status)
      }
      if status == nil {
        let statusText = texts.statuses.texts[statusKey]
        let shown = statusText.count > 20 ? String(statusText.prefix(20)) + "…" : statusText
        problems.add(table.problem(row, "status", "“\(NameText.visible(shown))” is not a certification status; write 已认证, 尚未认证 or 认证不通过."))
      }
      if let joined = joined ?? nil, let entered = entered ?? nil, entered < joined {
        problems.add(table.problem(row, "entered", "the record is entered on \(entered), before the member joined on \(joined); check both dates."))
      }
      if let joined = joined ?? nil, let up = uploaded ?? nil, up < joined {
        problems.add(table.problem(row, "uploaded", "the e-record is uploaded on \(up), before the member joined on \(joined); check both dates."))
      }
      guard problems.count == before, let joined = joined ?? nil, let entered = entered ?? nil, let uploaded, let status else { continue }
      let id = IDNumber(table.raw(row.fields, at: column.id))
      let idProblem = id.problem(asOf: max(asOf, joined))
      let gradeKey = table.number(row.fields, at: column.grade, in: &texts.grades)
      let grade = texts.grades.texts[gradeKey]
      records.append(RegisterRecord(
        file: index, row: row.number, name: names ? table.text(row.fields, at: column.name) : "", maskedID: id.masked,
        idHash: id.keyedHash(hashKey), idProblem: idProblem, birth: idProblem == nil ? id.birthDate : nil,
        number: CSVTable.trimmed(CSVTable.halfWidth(table.text(row.fields, at: column.number))), joined: joined, district: district,
        unit: unit, grade: grade, entered: entered, uploaded: uploaded, status: status, districtKey: districtKey, unitKey: unitKey, gradeKey: gradeKey))
    }
    try problems.check()
    return (records, table.headerName("grade"))
  }
}
