import Foundation

/// A refined (or combined) plan's files: the plan's own, with allocation.csv listing each
/// school's sub-range under its district × category range, plus impact.csv and refinement.json.
public enum RefinementOutput {
  public static func files(_ refinement: Refinement) throws -> [(name: String, data: Data)] {
    var files = try PlanWriter.files(refinement.plan).filter { $0.name != "allocation.csv" }
    files.append(("allocation.csv", try allocation(refinement.plan, refinement.subRanges).data()))
    var impact = CSVDocument(header: ["school", "category", "grade", "city_quota", "refined_quota", "change", "why"])
    for row in refinement.impact {
      let change = (row.refinedQuota ?? 0) - (row.cityQuota ?? 0)
      impact.rows.append([
        row.school, row.category, String(row.grade), row.cityQuota.map(String.init) ?? "", row.refinedQuota.map(String.init) ?? "",
        change > 0 ? "+\(change)" : String(change), row.why,
      ])
    }
    files.append(("impact.csv", try impact.data()))
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    files.append((Refinement.recordFile, try encoder.encode(refinement.record) + Data("\n".utf8)))
    return files
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
