import Foundation

/// tracking.csv, tracking_schools.csv (when the plan has school sub-ranges) and problems.csv,
/// for Excel (UTF-8 with BOM, CRLF, formula-safe: `CSVDocument`).
///
/// English headers are exactly the column names; Chinese headers are the terms
/// planners use. Problem codes are the same in every language; `status` is its code in English
/// and its Chinese word in Chinese. Rates and targets are fractions with 4 decimals (0.5000 is
/// 50 %), empty when the denominator is 0. Names appear only with `names` (a `name` column).
public enum TrackingOutput {
  public static let trackingFile = "tracking.csv"
  public static let schoolsFile = "tracking_schools.csv"
  public static let problemsFile = "problems.csv"

  /// The CSV files of `result` in `language`, their column headers in `headers` (default:
  /// `language`; `.en` gives the stable machine names).
  public static func files(_ result: TrackingResult, language: Language, headers: Language? = nil, names: Bool = false) throws -> [(
    name: String, data: Data
  )] {
    let headers = headers ?? language
    var files: [(name: String, data: Data)] = [(trackingFile, try tracking(result, language: language, headers: headers).data())]
    if let schools = result.schoolRows {
      files.append((schoolsFile, try schoolTable(schools, language: language, headers: headers).data()))
    }
    files.append((problemsFile, try problems(result, language: language, headers: headers, names: names).data()))
    return files
  }

  static func rateHeader(_ language: Language) -> [String] {
    language == .zh
      ? ["指标数", "已录入", "已上传", "已认证", "编号使用率", "录入完整率", "有效录入率", "目标", "状态"]
      : ["quota", "entered", "uploaded", "certified", "use_rate", "completeness", "effective_rate", "target", "status"]
  }

  static func rateFields(_ row: TrackingRow, _ language: Language) -> [String] {
    [
      String(row.quota), String(row.entered), String(row.uploaded), String(row.certified), rate(row.useRate),
      rate(row.completeness), rate(row.effectiveRate), rate(row.target), row.status.label(language),
    ]
  }

  static func rate(_ value: Double?) -> String { value.map { decimal($0, 4) } ?? "" }

  /// One row per district × category, then the total.
  static func tracking(_ result: TrackingResult, language: Language, headers: Language? = nil) -> CSVDocument {
    let headers = headers ?? language
    var document = CSVDocument(header: (headers == .zh ? ["区县", "类别"] : ["district", "category"]) + rateHeader(headers))
    for row in result.rows {
      document.rows.append([row.district, row.category] + rateFields(row, language))
    }
    document.rows.append([language == .zh ? "合计" : "total", ""] + rateFields(result.total, language))
    return document
  }

  /// One row per school or social unit with a sub-range (or with records).
  static func schoolTable(_ rows: [TrackingRow], language: Language, headers: Language? = nil) -> CSVDocument {
    let headers = headers ?? language
    var document = CSVDocument(header: (headers == .zh ? ["区县", "类别", "学校/单位"] : ["district", "category", "unit"]) + rateHeader(headers))
    for row in rows {
      document.rows.append([row.district, row.category, row.unit ?? ""] + rateFields(row, language))
    }
    return document
  }

  /// One row per finding.
  static func problems(_ result: TrackingResult, language: Language, headers: Language? = nil, names: Bool) -> CSVDocument {
    let headers = headers ?? language
    var header = headers == .zh
      ? ["代码", "说明", "行号", "发展团员编号", "学校/单位", "区县", "类别", "身份证号（脱敏）"]
      : ["code", "sentence", "row", "member_number", "unit", "district", "category", "masked_id"]
    if names { header.append(headers == .zh ? "姓名" : "name") }
    var document = CSVDocument(header: header)
    document.rows.reserveCapacity(result.problems.count)
    for problem in result.problems {
      var fields = [
        problem.code.rawValue, problem.sentence(language), problem.row.map(String.init) ?? "", problem.memberNumber, problem.unit,
        problem.district, problem.category, problem.maskedID,
      ]
      if names { fields.append(problem.name) }
      document.rows.append(fields)
    }
    return document
  }
}
