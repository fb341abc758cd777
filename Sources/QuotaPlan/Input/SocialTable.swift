import Foundation

/// Reads the social-sector file: one row per unit.
enum SocialTable {
  static let columns: [ColumnSpec] = [
    ColumnSpec("district", "区县", aliases: ["县市区", "地区"]),
    ColumnSpec("unit", "单位", aliases: ["单位名称", "name"]),
    ColumnSpec("type", "类型", aliases: ["kind", "单位类型"], required: false),
    ColumnSpec("members", "团员数", aliases: ["2021年底团员数", "年底团员数"]),
    ColumnSpec("resident_youth", "常住青年", aliases: ["常住青年数"]),
    ColumnSpec("registered_youth", "户籍青年", aliases: ["户籍青年数"]),
    ColumnSpec("organisations", "团组织数", aliases: ["organizations"]),
  ]

  private static let kinds: [String: SocialUnit.Kind] = [
    "village": .village, "村": .village, "行政村": .village,
    "community": .community, "社区": .community,
    "enterprise": .enterprise, "企业": .enterprise,
    "organisation": .organisation, "organization": .organisation, "社会组织": .organisation, "组织": .organisation,
    "机关": .organisation, "事业单位": .organisation,
  ]

  static func load(url: URL, sheet: String? = nil, file: String, policy: Policy, limits: InputLimits = InputLimits()) throws -> [SocialUnit] {
    try read(url: url, sheet: sheet, file: file, policy: policy, limits: limits).units
  }

  /// The units and the notes for the planner (columns that were ignored). A unit is its
  /// district and its name (compared after `NameText.key`): the same name in two districts is
  /// two units. Every problem of the file is collected and thrown at once, by row.
  static func read(url: URL, sheet: String? = nil, file: String, policy: Policy, limits: InputLimits = InputLimits()) throws -> (units: [SocialUnit], notes: [String]) {
    let table = try CSVTable(url: url, sheet: sheet, file: file, columns: columns, limits: limits, collecting: true)
    var problems = table.problems
    struct Identity: Hashable { let district: String, name: String }
    var seen: [Identity: (row: Int, raw: String)] = [:]
    var units: [SocialUnit] = []
    var districts = DistrictNames(policy: policy)
    for row in table.rows {
      // The row is used only when it added no problem.
      let problemsBefore = problems.count
      func fail(_ key: String?, zh: String, en: String) { problems.add(table.problem(row, key, zh: zh, en: en)) }
      func fail(_ key: String?, _ message: BilingualMessage) { fail(key, zh: message.zh, en: message.en) }
      var district = table.text(row.fields, "district")
      if let problem = district.isEmpty ? nil : NameText.problemText(district, what: "district", maxLength: limits.maxNameLength) {
        fail("district", problem)
      } else if !district.isEmpty, let known = districts.canonical(district) {
        district = known
      } else {
        fail(
          "district", zh: "“\(district)”不是本情景的区县（\(policy.districts.joined(separator: "、"))）。",
          en: "“\(district)” is not one of the scenario's districts (\(policy.districts.joined(separator: "、"))).")
      }
      let name = table.text(row.fields, "unit")
      if name.isEmpty {
        fail("unit", zh: "单位名称是空的。", en: "the unit name is empty.")
      } else if let problem = NameText.problemText(name, what: "unit name", maxLength: limits.maxNameLength) {
        fail("unit", problem)
      }
      let kindText = table.text(row.fields, "type")
      let kind: SocialUnit.Kind? = kindText.isEmpty ? .organisation : kinds[NameText.key(kindText).lowercased()]
      if kind == nil {
        fail(
          "type", zh: "“\(NameText.visible(kindText))”不是单位类型（村、社区、企业、组织）。",
          en: "“\(NameText.visible(kindText))” is not a unit type (village/村, community/社区, enterprise/企业, organisation/组织).")
      }
      let members = problems.collect { try table.count(row, "members") }
      let resident = problems.collect { try table.count(row, "resident_youth") }
      let registered = problems.collect { try table.count(row, "registered_youth") }
      let organisations = problems.collect { try table.count(row, "organisations", max: 100_000) }
      guard problems.count == problemsBefore, let kind, let members, let resident, let registered, let organisations else { continue }
      let identity = Identity(district: district, name: NameText.key(name))
      let raw = table.raw(row.fields, "unit")
      if let earlier = seen[identity] {
        let spelling = raw != earlier.raw
          ? " (the names differ only in invisible characters, spaces or full-width forms: “\(earlier.raw.debugEscaped)” there, “\(raw.debugEscaped)” here)" : ""
        let spellingZH = raw != earlier.raw
          ? "（两处名称只差不可见字符、空格或全角字符：那里是“\(earlier.raw.debugEscaped)”，这里是“\(raw.debugEscaped)”）" : ""
        fail(
          "unit", zh: "\(district)\(name)已在第 \(earlier.row) 行出现\(spellingZH)。",
          en: "\(name) in \(district) already appears on row \(earlier.row)\(spelling).")
        continue
      }
      seen[identity] = (row.number, raw)
      units.append(
        SocialUnit(
          district: district, name: name, kind: kind, members: members, residentYouth: resident,
          registeredYouth: registered, organisations: organisations, sourceRow: row.number))
    }
    try problems.check()
    return (units, table.ignoredNote.map { [$0] } ?? [])
  }
}
