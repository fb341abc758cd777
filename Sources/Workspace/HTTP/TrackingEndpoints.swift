import Foundation
import GRDB
import Hummingbird
import QuotaPlan

/// Tracking the year (issue #15) in the workspace: register snapshots of a published version.
///
/// - The city uploads the whole city's register (智慧团建 export, raw CSV or XLSX, `?asOf=`,
///   `?filename=`); a county uploads its own district's (a row of another district is refused,
///   422 naming every such row, and nothing is stored). The register is read by `quotaplan
///   track`'s reader and reconciled by its reconciler; only the result is stored (`TrackingStore`).
/// - Everyone reads each district's latest figures (a county: its own district only), the
///   problems per district for follow-up, and the snapshots' dates for progress over time; the
///   files (tracking.csv, problems.csv, tracking.html, tracking.xlsx) come from the library's own
///   writers (`TrackingOutput`, `TrackingReport`).
/// - Every upload is audited (`tracking_upload`).
enum TrackingEndpoints {
  static let uploaders = Access.roles([.city, .county])
  static let readers = Access.roles([.city, .county, .reviewer])
  /// The files a snapshot gives, as `quotaplan track` names them.
  static let fileNames = [TrackingOutput.trackingFile, TrackingOutput.problemsFile, "tracking.html", "tracking.xlsx"]
  /// Problems listed per district × code in the view (problems.csv has them all).
  static let maxProblemsPerGroup = 200

  // MARK: Helpers

  /// A published version the user may read, or 404 (for the city, an unpublished one is 409:
  /// only what the city issued is tracked).
  static func published(_ db: Database, _ id: Int64, _ user: User) throws -> ScenarioStore.Version {
    let version = try ScenarioEndpoints.readableVersion(db, id, user)
    guard version.isPublished else {
      throw APIError(
        .conflict, code: "not_published", zh: "只有已发布（下达）的方案才能跟踪；请先发布此版本。",
        en: "Only a published (issued) plan is tracked; publish this version first.")
    }
    return version
  }

  /// The districts `user` sees: a county its own (404 when the plan lacks it), the others every one.
  static func visibleDistricts(_ user: User, policy: Policy) throws -> [String] {
    guard user.role == .county else { return policy.districts }
    guard let own = user.district, policy.districts.contains(own) else {
      throw APIError.notFound("本区县在此版本中的跟踪数据", "tracking of your district in this version")
    }
    return [own]
  }

  /// Every problem of the register as one 422 `invalid_data`, with file, row, column and
  /// sentence; no preview of the rows (they hold ID numbers and names).
  static func invalidData(_ error: InputError) -> APIError {
    let all = error.all
    let count = all.count + error.omitted
    let first = Tracking.maskingIDNumbers(in: all.first?.line ?? "")
    return APIError(
      .unprocessableContent, code: "invalid_data",
      zh: count == 1 ? "花名册有问题，未保存任何内容：\(first)" : "花名册有 \(count) 处问题，未保存任何内容。第一处：\(first)",
      en: count == 1 ? "The register has a problem; nothing was saved: \(first)" : "The register has \(count) problems; nothing was saved. The first: \(first)",
      problems: all.map {
        APIError.Problem(file: $0.file, row: $0.row, column: $0.column, message: Tracking.maskingIDNumbers(in: $0.message), rule: $0.rule?.rawValue)
      },
      details: ["omitted": .number(Double(error.omitted))])
  }

  // MARK: Routes

  static let list: [Endpoint] = [
    Endpoint(
      .post, "/api/versions/{id}/tracking", uploaders,
      "Uploads a member register (the raw CSV or XLSX exported from 智慧团建 as the body, ?asOf=YYYY-MM-DD, ?filename=) of a published version: the city the whole city's, a county its own district's; reconciled as quotaplan track does, only the result stored; 422 lists every bad row."
    ) { request, context, services in
      let user = try ScenarioEndpoints.user(context)
      let id = try ScenarioEndpoints.id(context, "该版本", "version")
      let version = try await services.database.pool.read { db in try published(db, id, user) }
      let city = try await services.refinements.city(version: id)
      let policy = city.policy
      let district: String? = user.role == .county ? try visibleDistricts(user, policy: policy).first : nil
      guard let asOfText = request.uri.queryParameters.get("asOf").map({ String($0) }), let asOf = Day(iso: asOfText) else {
        throw APIError.badRequest(
          "请在地址中给出 asOf（花名册导出之日，如 ?asOf=\(policy.year)-06-30）。",
          "Give ?asOf= (the day the register was exported, e.g. ?asOf=\(policy.year)-06-30).")
      }
      guard asOf.year == policy.year else {
        throw APIError(
          .unprocessableContent, code: "wrong_year", zh: "截止日期 \(asOf) 不在方案年度 \(policy.year) 年内；请给出 \(policy.year) 年的日期。",
          en: "The as-of date \(asOf) is not in the plan's year \(policy.year); give a day of \(policy.year).")
      }
      // A register's file name may hold an ID number: masked before any message uses it.
      let name = Tracking.maskingIDNumbers(in: RawUpload.fileName(request, fallback: "register.csv"))
      let limits = InputLimits()
      let bytes = try await RawUpload.bytes(request, name: name, limits: limits)
      let settings = TrackingSettings(maxRows: limits.maxRows, maxFileMegabytes: limits.maxFileMegabytes)
      let result: TrackingResult
      do {
        result = try await PlanService.offload {
          try Tracking.track(
            plan: city.plan, allocation: city.folder.allocation, registers: [UploadedTables.File(name: name, data: bytes)], asOf: asOf,
            settings: settings, district: district)
        }
      } catch let error as InputError {
        throw invalidData(error)
      } catch {
        // Never the error's own text: it could quote a cell of the register.
        throw APIError(
          .unprocessableContent, code: "invalid_data", zh: "花名册“\(name)”无法读取，未保存任何内容。", en: "The register “\(name)” cannot be read; nothing was saved.")
      }
      let snapshot = try await services.database.pool.write { db in
        try TrackingStore.add(db, version: version.id, district: district, fileName: name, result: result, by: user)
      }
      return try JSONResponse.make(
        Uploaded(
          snapshotId: snapshot.id, versionId: version.id, district: district, asOf: asOf.description, records: result.records,
          problems: result.problems.count,
          problemCounts: Dictionary(result.problemCounts.map { ($0.code.rawValue, $0.count) }, uniquingKeysWith: +),
          status: result.total.status.rawValue),
        status: .created)
    },
    Endpoint(
      .get, "/api/versions/{id}/tracking", readers,
      "Tracking of a published version: each district's latest figures (rates per category against the milestone, status), its problems for follow-up, the snapshots' dates and progress over time; a county sees its own district only."
    ) { request, context, services in
      let user = try ScenarioEndpoints.user(context)
      let id = try ScenarioEndpoints.id(context, "该版本", "version")
      let (version, snapshots) = try await services.database.pool.read { db in
        (try published(db, id, user), try TrackingStore.snapshots(db, version: id))
      }
      let policy = try ScenarioStore.policy(of: version)
      let districts = try visibleDistricts(user, policy: policy)
      return try JSONResponse.make(
        view(snapshots, version: version, policy: policy, districts: districts, user: user, language: PageLanguage.of(request)))
    },
    Endpoint(
      .get, "/api/versions/{id}/tracking/files/{name}", readers,
      "Downloads tracking.csv, problems.csv, tracking.html or tracking.xlsx of the latest snapshot, as quotaplan track writes them (with earlier snapshots as progress over time): the whole city's, or one district's with ?district= (a county: its own)."
    ) { request, context, services in
      let user = try ScenarioEndpoints.user(context)
      let id = try ScenarioEndpoints.id(context, "该版本", "version")
      let name = context.parameters.get("name") ?? ""
      guard fileNames.contains(name) else {
        throw APIError(
          .notFound, code: "not_found", zh: "跟踪结果中没有“\(name)”。可下载：\(fileNames.joined(separator: "、"))。",
          en: "Tracking has no file “\(name)”; the files are \(fileNames.joined(separator: ", ")).")
      }
      let (version, snapshots) = try await services.database.pool.read { db in
        (try published(db, id, user), try TrackingStore.snapshots(db, version: id))
      }
      let policy = try ScenarioStore.policy(of: version)
      let asked = request.uri.queryParameters.get("district").map { String($0) }.flatMap { $0.isEmpty ? nil : $0 }
      var district: String?
      if user.role == .county {
        let own = try visibleDistricts(user, policy: policy)[0]
        guard asked == nil || asked == own else { throw APIError.notFound("该区县的跟踪数据", "tracking of that district") }
        district = own
      } else if let asked {
        guard policy.districts.contains(asked) else { throw APIError.notFound("该区县的跟踪数据", "tracking of that district") }
        district = asked
      }
      let current: TrackingResult
      let earlier: [TrackingResult]
      if let district {
        guard let latest = TrackingStore.latest(snapshots, district: district) else {
          throw APIError.notFound("该区县的跟踪数据（尚未上传花名册）", "tracking of that district (no register uploaded yet)")
        }
        current = latest.result(for: district)
        earlier = snapshots.filter { $0.covers(district) && $0.id != latest.id && $0.asOf <= latest.asOf }.map { $0.result(for: district) }
      } else {
        guard let latest = TrackingStore.latestCity(snapshots) else {
          throw APIError.notFound(
            "全市的跟踪数据（尚未上传全市花名册；可用 ?district= 查看某一区县）", "whole-city tracking (no whole-city register yet; name a district with ?district=)")
        }
        current = latest.result
        earlier = snapshots.filter { $0.district == nil && $0.id != latest.id && $0.asOf <= latest.asOf }.map(\.result)
      }
      let language = request.uri.queryParameters.get("language").flatMap { Language(rawValue: String($0)) } ?? current.language
      let data = try await PlanService.offload { () -> Data? in
        if name.hasSuffix(".csv") {
          return try TrackingOutput.files(current, language: language).first { $0.name == name }?.data
        }
        return try TrackingReport.files(current, history: earlier, language: language).first { $0.name == name }?.data
      }
      guard let data else { throw APIError.notFound("该文件", "file") }
      let scope = district ?? (language == .zh ? "全市" : "city")
      return ScenarioEndpoints.file(data, name: name, downloadName: "\(scope)-v\(version.number)-\(current.asOf)-\(name)")
    },
  ]
}
