/// Column headers and sheet names of the CSV and XLSX files quotaplan writes. A file's columns
/// are named by machine keys (`district`, `first_number`, …); in English the header is the key
/// itself, a stable name for scripts, and in Chinese the name a planner reads in Excel. Use it
/// with `policy.headerLanguage` (YAML `headers`, CLI `--headers en|zh`).
///
/// A key this table lacks is its own header in both languages, so a file never loses a column;
/// add the key here when a new column is written for people.
public enum ColumnHeaders {
  /// The header of the column `key` in `language`.
  public static func name(_ key: String, _ language: Language) -> String {
    guard language == .zh else { return key }
    return chinese[key] ?? key
  }

  /// The headers of `keys` in `language`.
  public static func names(_ keys: [String], _ language: Language) -> [String] {
    keys.map { name($0, language) }
  }

  /// The name of the sheet `key` (`plan`, `allocation`, `social`, `attachment1`) in `language`.
  public static func sheet(_ key: String, _ language: Language) -> String {
    guard language == .zh else { return englishSheets[key] ?? key }
    return chineseSheets[key] ?? key
  }

  /// Every key with a Chinese header (for the README's table and tests).
  public static var keys: [String] { chinese.keys.sorted() }

  /// Chinese headers by key: the names the input tables accept (SchoolTable, SocialTable,
  /// PinTable), so a Chinese plan.csv reads back as a schools table.
  static let chinese: [String: String] = [
    // plan.csv
    "district": "区县",
    "school": "学校",
    "category": "类别",
    "grade": "年级",
    "grade_name": "年级名称",
    "classes": "班级数",
    "students": "学生数",
    "members": "团员数",
    "quota": "指标",
    "after": "发展后团员数",
    "ratio_after": "发展后团青比",
    "reason": "分配理由",
    // allocation.csv
    "first_number": "起始编号",
    "last_number": "终止编号",
    // social.csv
    "unit": "单位",
    "type": "类型",
    "resident_youth": "常住青年",
    "registered_youth": "户籍青年",
    "organisations": "团组织数",
    "weight": "权重",
    // Attachment 1
    "recipient": "单位",
    "number": "序号",
    "district_total": "合计",
    "total": "合计",
    "subtotal": "小计",
    "range": "编号号段",
    // refine / combine
    "city_quota": "全市方案名额",
    "refined_quota": "细化后名额",
    "change": "变化",
    "why": "原因",
    // shared by other tables
    "private": "民办",
    "rural": "农村",
    "last_year_quota": "上年指标",
    "level": "层级",
    "kpi": "指标",
    "kind": "类型",
    "scenario": "方案",
    "before": "之前",
    "after_change": "之后",
    "status": "状态",
  ]

  static let chineseSheets: [String: String] = [
    "plan": "方案",
    "allocation": "名额分配",
    "social": "社会领域",
    "attachment1": "附件1",
  ]

  static let englishSheets: [String: String] = [
    "attachment1": "Attachment 1",
  ]
}
