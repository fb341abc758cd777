import Foundation
import GRDB
import Logging
import QuotaPlan

/// The final plan of a published version: the city's split with each approved county
/// refinement in place of its district, exactly as `quotaplan combine` makes it
/// (`Combination.combine` over plan folders built in memory).
///
/// A combination is stored as which refinement revisions it took (with their data and pins);
/// its plan and files are computed again from those on demand, deterministically, and kept in a
/// small cache, so the same combination always gives the same bytes.
public final class CombineService: Sendable {
  let database: WorkspaceDatabase
  let plans: PlanService
  let logger: Logger
  /// Recent combined plans by combination id.
  let combined = LRUCache<Int64, Combined>(capacity: 8)
  /// Recent combined plan folders' files by combination id.
  let files = LRUCache<Int64, [String: Data]>(capacity: 8)

  /// A combined plan and the refined districts' school sub-ranges.
  public struct Combined: Sendable {
    public var plan: Plan
    public var subRanges: [Refinement.SubRange]
    /// The districts whose refinement the plan holds.
    public var refined: Set<String>
  }

  public init(database: WorkspaceDatabase, plans: PlanService, logger: Logger) {
    self.database = database
    self.plans = plans
    self.logger = logger
  }

  // MARK: Combining

  /// Combines the approved refinements of a published version (their current revisions) with
  /// the city's split for every other district, and stores the combination with its `combine`
  /// audit entry in one transaction. Refuses (409) an unpublished version, a version without an
  /// approved refinement, and a refinement that changed while the plan was being computed; 422
  /// `combine_breaks_rules` when the combined plan breaks a hard rule.
  public func combine(version versionID: Int64, by user: User) async throws -> CombinationStore.Record {
    let (version, approved) = try await database.pool.read { db -> (ScenarioStore.Version, [RefinementStore.Item]) in
      guard let version = try ScenarioStore.version(db, id: versionID) else { throw APIError.notFound("该版本", "version") }
      return (version, try RefinementStore.refinements(db, version: versionID, statuses: [.approved]))
    }
    guard version.isPublished else {
      throw APIError(
        .conflict, code: "not_published", zh: "此版本尚未发布，县级团委无法细化，不能合并。请先发布此版本。",
        en: "This version is not published, so no county can refine it and there is nothing to combine; publish it first.")
    }
    guard !approved.isEmpty else {
      throw APIError(
        .conflict, code: "nothing_approved", zh: "此版本还没有审核通过的区县细化方案，无需合并：团市委的方案即为最终方案。",
        en: "No district's refinement of this version is approved yet, so there is nothing to combine: the city's plan is the final plan.")
    }
    let policy = try ScenarioStore.policy(of: version)
    let rank = Dictionary(policy.districts.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    let taken = approved.sorted { (rank[$0.district] ?? .max, $0.district) < (rank[$1.district] ?? .max, $1.district) }.map {
      CombinationStore.Taken(id: $0.id, district: $0.district, revision: $0.revision, datasetId: $0.datasetID, pins: $0.pins)
    }
    let result: Combined
    do {
      result = try await compute(version: versionID, taken: taken)
    } catch PlanError.conflicts(let conflicts) {
      let lines = conflicts.map { "  - \($0)" }.joined(separator: "\n")
      let linesZH = conflicts.map { "  - \($0.sentence(.zh))" }.joined(separator: "\n")
      throw APIError(
        .unprocessableContent, code: "combine_breaks_rules",
        zh: "合并后的方案违反硬性规则，未保存：\n\(linesZH)\n请退回相关区县的细化方案，修改后重新提交。",
        en: "The combined plan breaks hard rules, so it was not stored:\n\(lines)\nReturn the districts' refinements concerned so they can fix and resubmit them.",
        problems: conflicts.map { APIError.Problem(message: $0.description, messageZH: $0.sentence(.zh), rule: $0.rules.first?.rawValue) })
    } catch let error as InputError {
      throw APIError(
        .unprocessableContent, code: "combine_breaks_rules", zh: "无法合并：\(error.sentence(.zh))", en: "The refinements cannot be combined: \(error.description)")
    }
    let record = try await database.pool.write { db -> CombinationStore.Record in
      // Checked again in the transaction: a refinement returned or approved meanwhile changes what is approved.
      let now = try RefinementStore.refinements(db, version: versionID, statuses: [.approved]).map { "\($0.id)/\($0.revision)" }.sorted()
      guard now == taken.map({ "\($0.id)/\($0.revision)" }).sorted() else {
        throw APIError(
          .conflict, code: "stale", zh: "合并期间有区县的细化方案被审核或退回，未保存。请重新合并。",
          en: "A district's refinement was approved or returned while the plan was being combined; nothing was stored. Please combine again.")
      }
      let id = try CombinationStore.insert(db, version: versionID, refinements: taken, outcome: .planned, message: nil, by: user)
      try AuditLog.append(
        db, user: user, action: "combine", target: "version:\(versionID)/combination:\(id)",
        after: taken.map { "\($0.district) refinement:\($0.id) revision \($0.revision)" }.joined(separator: "\n"),
        comment: "total=\(result.plan.total)", versionID: versionID)
      guard let record = try CombinationStore.combination(db, id: id) else { throw StoreError("combination \(id) vanished") }
      return record
    }
    combined[record.id] = result
    return record
  }

  /// The combined plan of a stored combination: from the cache, else computed again from the
  /// revisions it took.
  public func plan(of record: CombinationStore.Record) async throws -> Combined {
    if let cached = combined[record.id] { return cached }
    let result = try await compute(version: record.versionId, taken: record.refinements)
    combined[record.id] = result
    return result
  }

  /// The combined plan folder's files (`RefinementOutput.files(combined:subRanges:)`), as
  /// `quotaplan combine` writes them for the same city plan and refined folders.
  public func files(of record: CombinationStore.Record) async throws -> [String: Data] {
    if let cached = files[record.id] { return cached }
    let result = try await plan(of: record)
    let made = try await PlanService.offload {
      Dictionary(try RefinementOutput.files(combined: result.plan, subRanges: result.subRanges).map { ($0.name, $0.data) }, uniquingKeysWith: { a, _ in a })
    }
    files[record.id] = made
    return made
  }

  /// `Combination.combine` over plan folders built in memory: the city's (its scenario and its
  /// Attachment 1) and one per refined district, whose scenario holds the district's refined
  /// schools and whose record holds its pins.
  func compute(version versionID: Int64, taken: [CombinationStore.Taken]) async throws -> Combined {
    let city = try await plans.scenario(version: versionID)
    guard case .planned(let cityPlan) = try await plans.outcome(version: versionID) else {
      throw APIError(
        .conflict, code: "not_planned", zh: "此版本没有可行方案，不能合并。", en: "This version has no plan, so nothing can be combined into it.")
    }
    let data = try await database.pool.read { db in try taken.map { try ScenarioStore.dataset(db, id: $0.datasetId) } }
    let districts = Set(taken.map(\.district))
    return try await PlanService.offload {
      // Each scenario goes through scenario.json's bytes and back, as PlanFolder.load reads the
      // folders quotaplan solve and quotaplan refine write.
      func folder(_ scenario: Scenario, _ allocation: [AllocationRow], _ record: Refinement.Record?) throws -> PlanFolder {
        PlanFolder(
          scenario: try JSONDecoder().decode(Scenario.self, from: try PlanWriter.scenarioData(scenario)), allocation: allocation,
          refinement: record)
      }
      let cityFolder = try folder(city, cityPlan.allocation, nil)
      let refined = try zip(taken, data).map { taken, data in
        try folder(
          Scenario(policy: city.policy, schools: data.schools, socialUnits: data.social),
          cityPlan.allocation.filter { $0.district == taken.district }, Refinement.Record(district: taken.district, pins: taken.pins))
      }
      let result = try Combination.combine(cityFolder, refined: refined)
      return Combined(plan: result.plan, subRanges: result.subRanges, refined: districts)
    }
  }

  // MARK: One district's final split

  /// The names a district's final split downloads as.
  public static let districtFiles = ["final.xlsx", "final.csv"]

  /// One district's final split as a table: per district × category range, the range itself,
  /// then each school (or social unit) with its sub-range, then the school's grades with their
  /// quotas. A refined district's sub-ranges are the combination's (those of its
  /// allocation.csv); another district's are cut from its range in the city plan's school order,
  /// as `quotaplan refine` cuts them.
  public static func districtTable(_ combined: Combined, district: String) -> CSVDocument {
    let plan = combined.plan
    let ranges =
      combined.refined.contains(district)
      ? combined.subRanges : Refinement.subRanges(plan)
    var document = CSVDocument(header: ["district", "category", "unit", "grade", "quota", "first_number", "last_number"])
    for row in plan.allocation where row.district == district {
      let span = row.firstNumber...max(row.firstNumber, row.lastNumber)
      document.rows.append([
        district, row.category, "", "", String(row.quota), row.quota > 0 ? String(row.firstNumber) : "", row.quota > 0 ? String(row.lastNumber) : "",
      ])
      func range(_ unit: String) -> (String, String) {
        guard row.quota > 0, let found = ranges.first(where: { $0.category == row.category && $0.unit == unit && span.contains($0.firstNumber) })
        else { return ("", "") }
        return (String(found.firstNumber), String(found.lastNumber))
      }
      if plan.policy.category(row.categoryID)?.kind == .social {
        for unit in plan.socialPlans where unit.unit.district == district {
          let (first, last) = range(unit.unit.name)
          document.rows.append([district, row.category, unit.unit.name, "", String(unit.quota), first, last])
        }
      } else {
        for school in plan.schoolPlans where school.school.district == district && school.category.id == row.categoryID {
          let (first, last) = range(school.school.name)
          document.rows.append([district, row.category, school.school.name, "", String(school.quota), first, last])
          for grade in school.grades {
            document.rows.append([district, row.category, school.school.name, String(grade.record.grade), String(grade.quota), "", ""])
          }
        }
      }
    }
    return document
  }

  /// The district's final split as `final.csv` (UTF-8 with BOM) or `final.xlsx` (quotas and
  /// grades as numbers; member numbers as text, so Excel shows all 12 digits).
  public static func districtFile(_ combined: Combined, district: String, name: String) throws -> Data {
    let table = districtTable(combined, district: district)
    if name == "final.csv" { return try table.data() }
    let numeric: Set<Int> = [3, 4]
    let rows: [[XLSXWriter.Cell]] =
      [table.header.map { .text($0) }]
      + table.rows.map { row in
        row.enumerated().map { index, field in
          if numeric.contains(index), let value = Int(field) { return .number(value) }
          return .text(field)
        }
      }
    return try XLSXWriter.workbook([(name: "final", rows: rows)])
  }
}
