import Foundation
import GRDB
import Hummingbird
import QuotaPlan

/// The final plan: the city combines a published version's approved refinements
/// (`quotaplan combine`), everyone downloads their part.
///
/// - The city combines; the city and reviewers read a combination and download its whole plan
///   folder (byte-identical to `quotaplan combine` on the same city plan and refined folders).
/// - A county reads a combination's city totals and its own district's rows, and downloads its
///   own district's final split (`final.xlsx`, `final.csv`); another district's answers 404.
enum CombineEndpoints {
  // MARK: Answers

  struct Created: Encodable {
    var combinationId: Int64
  }

  struct TakenItem: Encodable {
    var refinementId: Int64
    var district: String
    var revision: Int
  }

  struct CategoryTotal: Encodable {
    var category: String
    var quota: Int
  }

  struct AllocationItem: Encodable {
    var district: String
    var category: String
    var quota: Int
    var firstNumber: Int?
    var lastNumber: Int?
    /// True when the district's schools are the county's refinement, false when the city's split.
    var refined: Bool
  }

  struct Summary: Encodable {
    var id: Int64
    var versionId: Int64
    var publishedName: String?
    var createdAt: String
    var createdBy: String?
    var outcome: ScenarioStore.Outcome
    /// The refined districts and the revision each was taken at (a county: its own only).
    var refinements: [TakenItem]
    /// The city's total and its totals per category (the combined plan keeps them).
    var total: Int
    var categories: [CategoryTotal]
    /// District × category quotas and ranges (a county: its own district only).
    var allocation: [AllocationItem]
    /// The plan folder's files (city and reviewers).
    var files: [String]?
    /// The district's final split downloads.
    var districtFiles: [String]
  }

  // MARK: Helpers

  /// A combination `user` may read, with its version: 404 when there is none, or when its
  /// version is not one the user may read.
  static func readable(_ db: Database, _ id: Int64, _ user: User) throws -> (CombinationStore.Record, ScenarioStore.Version) {
    guard let record = try CombinationStore.combination(db, id: id), user.role != .admin else {
      throw APIError.notFound("该合并方案", "combination")
    }
    do {
      return (record, try ScenarioEndpoints.readableVersion(db, record.versionId, user))
    } catch let error as APIError where error.status == .notFound {
      throw APIError.notFound("该合并方案", "combination")
    }
  }

  /// The district a request's final split is for: a county's own (a `?district=` naming
  /// another answers 404), else `?district=`, which must be one of the plan's districts.
  static func district(_ request: Request, _ user: User, policy: Policy) throws -> String {
    let given: String? = request.uri.queryParameters.get("district").map { String($0) }
    let asked = given?.isEmpty == false ? given : nil
    if user.role == .county {
      guard let own = user.district, asked == nil || asked == own, policy.districts.contains(own) else {
        throw APIError.notFound("该区县的最终方案", "final split of that district")
      }
      return own
    }
    guard let asked else {
      throw APIError.badRequest(
        "请用 ?district= 指明区县（\(policy.districts.joined(separator: "、"))）。",
        "Name the district with ?district= (\(policy.districts.joined(separator: ", "))).")
    }
    guard policy.districts.contains(asked) else { throw APIError.notFound("该区县的最终方案", "final split of that district") }
    return asked
  }

  // MARK: Routes

  static let list: [Endpoint] = [
    Endpoint(
      .post, "/api/versions/{id}/combine", .roles([.city]),
      "Combines the version's approved refinements with the city's split of every other district into the final plan, as quotaplan combine does; 422 in words when a rule breaks."
    ) { _, context, services in
      let user = try ScenarioEndpoints.user(context)
      let id = try ScenarioEndpoints.id(context, "该版本", "version")
      let record = try await services.combinations.combine(version: id, by: user)
      return try JSONResponse.make(Created(combinationId: record.id), status: .created)
    },
    Endpoint(
      .get, "/api/combinations/{id}", .roles([.city, .county, .reviewer]),
      "A combined final plan: its version, which districts' refinements (at which revision) it holds, the totals and ranges (a county: the city totals and its own district)."
    ) { _, context, services in
      let user = try ScenarioEndpoints.user(context)
      let id = try ScenarioEndpoints.id(context, "该合并方案", "combination")
      let (record, version) = try await services.database.pool.read { db in try readable(db, id, user) }
      guard case .planned(let cityPlan) = try await services.plans.outcome(version: record.versionId) else {
        throw APIError.notFound("该合并方案", "combination")
      }
      let refined = Set(record.refinements.map(\.district))
      let own: (String) -> Bool = { district in user.role != .county || district == user.district }
      let summary = Summary(
        id: record.id, versionId: record.versionId, publishedName: version.publishedName, createdAt: record.createdAt,
        createdBy: record.createdBy, outcome: record.outcome,
        refinements: record.refinements.filter { own($0.district) }.map {
          TakenItem(refinementId: $0.id, district: $0.district, revision: $0.revision)
        },
        total: cityPlan.total,
        categories: cityPlan.summaries.map { CategoryTotal(category: $0.name, quota: $0.total) },
        allocation: cityPlan.allocation.filter { own($0.district) }.map {
          AllocationItem(
            district: $0.district, category: $0.category, quota: $0.quota, firstNumber: $0.quota > 0 ? $0.firstNumber : nil,
            lastNumber: $0.quota > 0 ? $0.lastNumber : nil, refined: refined.contains($0.district))
        },
        files: user.role == .county ? nil : PlanWriter.fileNames, districtFiles: CombineService.districtFiles)
      return try JSONResponse.make(summary)
    },
    Endpoint(
      .get, "/api/combinations/{id}/files/{name}", .roles([.city, .reviewer]),
      "Downloads one file of the combined plan folder, byte-identical to quotaplan combine (allocation.csv lists the refined schools' sub-ranges)."
    ) { _, context, services in
      let user = try ScenarioEndpoints.user(context)
      let id = try ScenarioEndpoints.id(context, "该合并方案", "combination")
      let name = context.parameters.get("name") ?? ""
      guard PlanWriter.fileNames.contains(name) else {
        throw APIError(
          .notFound, code: "not_found", zh: "最终方案文件夹中没有“\(name)”。可下载：\(PlanWriter.fileNames.joined(separator: "、"))。",
          en: "The final plan folder has no file “\(name)”; the files are \(PlanWriter.fileNames.joined(separator: ", ")).")
      }
      let (record, version) = try await services.database.pool.read { db in try readable(db, id, user) }
      let scenarioName = try await services.database.pool.read { db in try ScenarioStore.scenario(db, id: version.scenarioId)?.name } ?? "plan"
      guard let data = try await services.combinations.files(of: record)[name] else { throw APIError.notFound("该文件", "file") }
      return ScenarioEndpoints.file(data, name: name, downloadName: "\(scenarioName)-v\(version.number)-final-\(record.id)-\(name)")
    },
    Endpoint(
      .get, "/api/combinations/{id}/district/{name}", .roles([.city, .county, .reviewer]),
      "Downloads one district's final split (final.xlsx or final.csv): its ranges, schools and units with their sub-ranges, grades with quotas; a county its own district, the others ?district=."
    ) { request, context, services in
      let user = try ScenarioEndpoints.user(context)
      let id = try ScenarioEndpoints.id(context, "该合并方案", "combination")
      let name = context.parameters.get("name") ?? ""
      guard CombineService.districtFiles.contains(name) else {
        throw APIError(
          .notFound, code: "not_found", zh: "没有“\(name)”。可下载：\(CombineService.districtFiles.joined(separator: "、"))。",
          en: "There is no “\(name)”; the files are \(CombineService.districtFiles.joined(separator: ", ")).")
      }
      let (record, version) = try await services.database.pool.read { db in try readable(db, id, user) }
      let district = try district(request, user, policy: try ScenarioStore.policy(of: version))
      let combined = try await services.combinations.plan(of: record)
      let data = try await PlanService.offload { try CombineService.districtFile(combined, district: district, name: name) }
      return ScenarioEndpoints.file(data, name: name, downloadName: "\(district)-final-\(record.id).\((name as NSString).pathExtension)")
    },
  ]
}
