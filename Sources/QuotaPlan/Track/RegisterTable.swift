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

  /// The records of one file, read as of `asOf`. `hashKey` keys the ID hash; `names` keeps names.
  static func read(
    _ url: URL, file: String, index: Int, asOf: Day, settings: TrackingSettings, hashKey: IDNumber.HashKey, names: Bool
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
    var statuses: [String: CertificationStatus?] = [:]
    func date(_ row: (number: Int, fields: [String]), _ key: String, optional: Bool) -> Day?? {
      if let day = Day.fastISO(table.raw(row.fields, key)) { return .some(day) }
      let text = table.text(row.fields, key)
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
    for row in table.rows {
      let before = problems.count
      let district = table.text(row.fields, "district")
      let unit = table.text(row.fields, "unit")
      if district.isEmpty { problems.add(table.problem(row, "district", "the district is empty; write the 区县 as the plan names it.")) }
      if unit.isEmpty { problems.add(table.problem(row, "unit", "the school or unit is empty; write it as the plan names it.")) }
      for (key, value) in [("district", district), ("unit", unit)] where !value.isEmpty {
        if let problem = NameText.problem(value, what: key == "district" ? "district" : "unit", maxLength: limits.maxNameLength) {
          problems.add(table.problem(row, key, problem))
        }
      }
      let joined = date(row, "joined", optional: false)
      let entered = date(row, "entered", optional: false)
      let uploaded = date(row, "uploaded", optional: true)
      let statusText = table.text(row.fields, "status")
      let status: CertificationStatus?
      if let known = statuses[statusText] {
        status = known
      } else {
        status = CertificationStatus(register: statusText)
        statuses[statusText] = status
      }
      if status == nil {
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
      let id = IDNumber(table.raw(row.fields, "id_number"))
      let idProblem = id.problem(asOf: max(asOf, joined))
      records.append(RegisterRecord(
        file: index, row: row.number, name: names ? table.text(row.fields, "name") : "", maskedID: id.masked,
        idHash: id.keyedHash(hashKey), idProblem: idProblem, birth: idProblem == nil ? id.birthDate : nil,
        number: CSVTable.trimmed(CSVTable.halfWidth(table.text(row.fields, "member_number"))), joined: joined, district: district,
        unit: unit, grade: table.text(row.fields, "grade"), entered: entered, uploaded: uploaded, status: status))
    }
    try problems.check()
    return (records, table.headerName("grade"))
  }
}
