import Foundation
import GRDB
import Hummingbird
import QuotaPlan

/// The audit log, read per plan, per district and per target, and exported for Excel.
///
/// Who reads what (what a security officer signs off; `AuditLog.Scope`):
/// - **city** (团市委) reads every entry: it answers for the whole process.
/// - **admin** reads account administration and sign-ins only (user_add, user_disable,
///   user_enable, password_reset, password_change, sign_in, sign_in_failed, sign_out): it manages
///   accounts and has no access to plans, so planning entries (settings before and after, county
///   data) are not its business.
/// - **reviewer** reads the planning entries of published versions (publication, the saves that
///   made a published version, refinements, reviews, combinations): everything a published plan's
///   numbers rest on, and nothing of unpublished what-ifs (a reviewer cannot read those versions
///   either). Never account administration or sign-ins: who signed in when, from which account,
///   is a security record, not a justification.
/// - **county** (县级团委) reads only entries of its own district (its refinement's start, data,
///   pins, submissions, and the decisions and comments on it); never another district's, never
///   account administration or sign-ins, even of its own accounts.
///
/// Nothing in the product updates or deletes an entry; the database refuses both (`Schema`).
enum AuditEndpoints {
  /// Largest page of entries as JSON.
  static let jsonLimit = 5000
  /// Largest export (`?format=csv`): a whole year of a city's work fits well below it.
  static let csvLimit = 100_000

  static let list: [Endpoint] = [
    Endpoint(
      .get, "/api/audit", .roles([.city, .admin, .reviewer, .county]),
      "Audit entries, newest first (county: its district only; reviewer: published plans; admin: accounts and sign-ins); ?version=, ?district=, ?target=scenario:3 (it and all under it), ?limit=, ?format=csv exports for Excel."
    ) { request, context, services in
      let user = try ScenarioEndpoints.user(context)
      let query = request.uri.queryParameters
      func text(_ name: String) -> String? {
        guard let value = query.get(name), !value.isEmpty else { return nil }
        return value
      }
      let csv: Bool
      switch text("format") {
      case nil, "json": csv = false
      case "csv": csv = true
      case let other?:
        throw APIError.badRequest("format 只能是 json 或 csv，而不是“\(other)”。", "format is json or csv, not “\(other)”.")
      }
      var versionID: Int64?
      if let given = text("version") {
        guard let id = Int64(given), id > 0 else {
          throw APIError.badRequest("version 须为版本编号（正整数），而不是“\(given)”。", "version must be a version id (a positive whole number), not “\(given)”.")
        }
        versionID = id
      }
      let maximum = csv ? csvLimit : jsonLimit
      var limit = csv ? csvLimit : 500
      if let given = text("limit") {
        guard let value = Int(given) else {
          throw APIError.badRequest("limit 须为 1 至 \(maximum) 的整数，而不是“\(given)”。", "limit must be a whole number from 1 to \(maximum), not “\(given)”.")
        }
        limit = min(max(value, 1), maximum)
      }
      let filter = AuditLog.Filter(versionID: versionID, district: text("district"), target: text("target"), limit: limit)
      let scope = AuditLog.Scope.of(user)
      let entries = try await services.database.pool.read { db in try AuditLog.entries(db, scope: scope, filter: filter) }
      guard csv else { return try JSONResponse.make(entries) }
      let data = try await PlanService.offload { try AuditLog.csv(entries) }
      var name = "audit"
      if let versionID { name += "-version-\(versionID)" }
      if let district = filter.district { name += "-\(district)" }
      return ScenarioEndpoints.file(data, name: "audit.csv", downloadName: name + ".csv")
    }
  ]
}
