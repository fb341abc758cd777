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
        change > 0 ? "+\(change)" : String(change), row.why(refinement.plan.policy.language),
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
}
