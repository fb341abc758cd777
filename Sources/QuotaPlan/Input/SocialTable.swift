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
    let table = try CSVTable(url: url, sheet: sheet, file: file, columns: columns, limits: limits)
    var seen: [String: Int] = [:]
    var units: [SocialUnit] = []
    let knownDistricts = Set(policy.districts)
    for row in table.rows {
      let district = table.text(row.fields, "district")
      if district.isEmpty || (!knownDistricts.isEmpty && !knownDistricts.contains(district)) {
        throw InputError(
          file: file, row: row.number, column: table.headerName("district"),
          "“\(district)” is not one of the scenario's districts (\(policy.districts.joined(separator: "、"))).")
      }
      let name = table.text(row.fields, "unit")
      guard !name.isEmpty else {
        throw InputError(file: file, row: row.number, column: table.headerName("unit"), "the unit name is empty.")
      }
      if let earlier = seen[name] {
        throw InputError(file: file, row: row.number, column: table.headerName("unit"), "\(name) already appears on row \(earlier).")
      }
      seen[name] = row.number
      let kindText = table.text(row.fields, "type")
      guard let kind = kindText.isEmpty ? .organisation : kinds[kindText.lowercased()] else {
        throw InputError(
          file: file, row: row.number, column: table.headerName("type"),
          "“\(kindText)” is not a unit type (village/村, community/社区, enterprise/企业, organisation/组织).")
      }
      let members = try table.count(row, "members")
      let resident = try table.count(row, "resident_youth")
      let registered = try table.count(row, "registered_youth")
      let organisations = try table.count(row, "organisations", max: 100_000)
      units.append(
        SocialUnit(
          district: district, name: name, kind: kind, members: members, residentYouth: resident,
          registeredYouth: registered, organisations: organisations, sourceRow: row.number))
    }
    return units
  }
}
