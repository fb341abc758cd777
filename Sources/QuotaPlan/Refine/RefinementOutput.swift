import Foundation

/// A refined (or combined) plan's files: the plan's own, with allocation.csv listing each
/// school's sub-range under its district × category range, plus impact.csv and refinement.json.
public enum RefinementOutput {
  public static func files(_ refinement: Refinement) throws -> [(name: String, data: Data)] {
    var files = try PlanWriter.files(refinement.plan).filter { $0.name != "allocation.csv" }
    // The review report of the district, against its own envelope and last year, not the city's.
    let report = ReportModel(refinement.plan, sensitivity: Sensitivity.of(refinement.plan), district: scope(refinement))
    let pages = ["report.html": try Report.html(report), "report.md": try Report.markdown(report)]
    files = files.map { file in (file.name, pages[file.name] ?? file.data) }
    files.append(("allocation.csv", try allocation(refinement.plan, refinement.subRanges).data()))
    var impact = CSVDocument(header: ["school", "category", "grade", "city_quota", "refined_quota", "change", "why"])
    for row in refinement.impact {
      let change = (row.refinedQuota ?? 0) - (row.cityQuota ?? 0)
      impact.rows.append([
        row.school, row.category, String(row.grade), row.cityQuota.map(String.init) ?? "", row.refinedQuota.map(String.init) ?? "",
        change > 0 ? "+\(change)" : String(change), why(row, refinement.plan),
      ])
    }
    files.append(("impact.csv", try impact.data()))
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    files.append((Refinement.recordFile, try encoder.encode(refinement.record) + Data("\n".utf8)))
    return files
  }

  /// What a refined district's report compares it with: the city plan's quota for the district
  /// (the envelope) and, by category, the district's quotas last year where its schools' data
  /// give them (`last_year_quota`; a category whose schools all give 0 has no known figure).
  static func scope(_ refinement: Refinement) -> ReportModel.DistrictScope {
    let plan = refinement.plan
    var envelope: [String: Int] = [:]
    for row in plan.allocation where row.district == refinement.record.district { envelope[row.categoryID, default: 0] += row.quota }
    var lastYear: [String: Int] = [:]
    for school in plan.schoolPlans where school.school.district == refinement.record.district {
      lastYear[school.category.id, default: 0] += school.school.lastYearQuota
    }
    return ReportModel.DistrictScope(
      district: refinement.record.district, envelope: envelope, lastYear: lastYear.filter { $0.value > 0 })
  }

  /// A combined city plan's files, with the refined districts' school sub-ranges.
  public static func files(combined plan: Plan, subRanges: [Refinement.SubRange]) throws -> [(name: String, data: Data)] {
    var files = try PlanWriter.files(plan).filter { $0.name != "allocation.csv" }
    files.append(("allocation.csv", try allocation(plan, subRanges).data()))
    return files
  }

  static func allocation(_ plan: Plan, _ subRanges: [Refinement.SubRange]) -> CSVDocument {
    var document = CSVDocument(header: ["district", "category", "school", "quota", "first_number", "last_number"])
    for row in plan.allocation {
      document.rows.append([row.district, row.category, "", String(row.quota), row.quota > 0 ? String(row.firstNumber) : "", row.quota > 0 ? String(row.lastNumber) : ""])
      for range in subRanges where range.category == row.category && (row.firstNumber...max(row.firstNumber, row.lastNumber)).contains(range.firstNumber) && row.quota > 0 {
        document.rows.append([row.district, row.category, range.unit, String(range.quota), String(range.firstNumber), String(range.lastNumber)])
      }
    }
    return document
  }

  /// An impact row's `why` in the plan's language. `Refinement.impact` writes it in English
  /// from fixed phrases (the cap's own reason is already in the plan's language); in Chinese
  /// each phrase becomes its sentence, names and grade names kept.
  static func why(_ row: Refinement.Impact, _ plan: Plan) -> String {
    guard plan.policy.language == .zh else { return row.why }
    let category = plan.policy.categories.first { $0.name == row.category || $0.id == row.category }
    /// "school grade 2" → "school 初二".
    func grades(_ text: String) -> String {
      var result = ""
      var rest = Substring(text)
      while let range = rest.range(of: " grade ") {
        result += rest[..<range.lowerBound]
        let digits = rest[range.upperBound...].prefix { $0.isNumber }
        if let grade = Int(digits) {
          result += " " + GradeName.name(grade, of: category, .zh)
          rest = rest[range.upperBound...].dropFirst(digits.count)
        } else {
          result += rest[range]
          rest = rest[range.upperBound...]
        }
      }
      return result + rest
    }
    let fixed = [
      "unchanged": "未变。", "new school in the county's data": "县级数据中新增的学校。",
      "school closed in the county's data": "县级数据中已没有这所学校。", "new data for this grade": "本年级数据有更新。",
      "the balance level moved": "本类别的均衡水平随之变动。",
    ]
    if let known = fixed[row.why] { return known }
    if row.why.hasPrefix("pinned: ") {
      let pins = row.why.dropFirst("pinned: ".count).components(separatedBy: "; ").map(grades)
      return "县级承诺：" + pins.joined(separator: "；") + "。"
    }
    if row.why.hasPrefix("a cap: ") { return "受上限约束：" + row.why.dropFirst("a cap: ".count) }
    // "a pin elsewhere (A, B) and new data elsewhere (C)": either cause or both, names kept.
    var causes: [String] = []
    var rest = Substring(row.why)
    for (english, chinese) in [("a pin elsewhere (", "其他学校的县级承诺"), ("new data elsewhere (", "其他学校的新数据")] {
      if rest.hasPrefix(" and ") { rest = rest.dropFirst(" and ".count) }
      guard rest.hasPrefix(english) else { continue }
      rest = rest.dropFirst(english.count)
      // The list ends at the last ")" before " and " of the next cause, or at the end.
      let end = rest.range(of: ") and new data elsewhere (")?.lowerBound ?? (rest.hasSuffix(")") ? rest.index(before: rest.endIndex) : rest.endIndex)
      let names = rest[..<end].components(separatedBy: ", ").map(grades)
      causes.append("\(chinese)（\(names.joined(separator: "、"))）")
      rest = rest[end...].dropFirst()
    }
    guard !causes.isEmpty, rest.isEmpty else { return row.why }
    return causes.joined(separator: "；") + "。"
  }
}
