import Foundation
import GRDB
import Hummingbird
import QuotaPlan

/// Scenarios, versions, plans, downloads and publishing.
///
/// The city committee may do everything; reviewers and county committees read published
/// versions only (a scenario without one is not listed for them, an unpublished version answers
/// 404); the administrator has no access to scenarios.
enum ScenarioEndpoints {
  /// Who reads scenarios and versions.
  static let readers = Access.roles([.city, .county, .reviewer])
  static let city = Access.roles([.city])

  // MARK: Bodies and answers

  struct CreateBody: Decodable {
    var name: String
    var fromScenario: Int64
    var whatIf: Bool?
  }

  struct SettingsBody: Decodable {
    var expectedVersion: Int
    var policy: Policy
  }

  struct PublishBody: Decodable {
    var name: String
  }

  /// A scenario with its newest version; one scenario's page also lists every version.
  struct ScenarioItem: Encodable {
    var id: Int64
    var name: String
    var title: String?
    var baseId: Int64?
    var baseName: String?
    var createdAt: String
    var createdBy: String?
    var latest: ScenarioStore.Version?
    var versionCount: Int
    /// Newest first; only in `GET /api/scenarios/{id}`.
    var versions: [ScenarioStore.Version]? = nil
  }

  struct BaseRef: Encodable {
    var scenarioId: Int64
    var versionId: Int64
    var name: String
    var number: Int
  }

  struct DataDifferences: Encodable {
    var schoolsAdded: Int
    var schoolsRemoved: Int
    var schoolsChanged: Int
    var socialChanged: Int
    var examples: [String]
  }

  struct VersionDetail: Encodable {
    var id: Int64
    var scenarioId: Int64
    var scenarioName: String
    var number: Int
    var isLatest: Bool
    var createdAt: String
    var createdBy: String?
    var policy: JSONValue
    var defaults: JSONValue
    var outcome: ScenarioStore.Outcome
    var message: String?
    var summary: ScenarioStore.Summary?
    var nearestAvailable: Bool
    var publishedName: String?
    var publishedAt: String?
    var publishedBy: String?
    var base: BaseRef?
    var differences: [SettingPaths.Difference]
    var dataDifferences: DataDifferences?
    var schools: Int
    var socialUnits: Int
    var notes: [String]?
  }

  // MARK: Helpers

  /// The `{id}` of the path, or 404.
  static func id(_ context: WorkspaceContext, _ what: String, _ whatEN: String) throws -> Int64 {
    guard let id = context.parameters.get("id", as: Int64.self), id > 0 else { throw APIError.notFound(what, whatEN) }
    return id
  }

  static func user(_ context: WorkspaceContext) throws -> User {
    guard let user = context.identity else { throw APIError.signInRequired }
    return user
  }

  /// True when the account reads only published versions.
  static func publishedOnly(_ user: User) -> Bool { user.role != .city }

  /// A version the account may read, or 404 (also for an unpublished version a reviewer asks for).
  static func readableVersion(_ db: Database, _ id: Int64, _ user: User) throws -> ScenarioStore.Version {
    guard let version = try ScenarioStore.version(db, id: id), !publishedOnly(user) || version.isPublished else {
      throw APIError.notFound("该版本", "version")
    }
    return version
  }

  static func title(_ version: ScenarioStore.Version?) -> String? {
    version.flatMap { try? ScenarioStore.policy(of: $0).title }
  }

  /// The notice's value of every setting, in the shape of `policy` (a category the notice lacks is null).
  static func defaults(for policy: Policy) -> JSONValue {
    guard case .object(var object) = SettingPaths.json(Policy.notice) else { return .null }
    object["categories"] = .array(
      policy.categories.map { category in
        CategoryPolicy.noticeCategories.first { $0.id == category.id }.map { SettingPaths.json($0) } ?? .null
      })
    return .object(object)
  }

  static func dataDifferences(_ base: ScenarioStore.Dataset, _ mine: ScenarioStore.Dataset, language: PageLanguage) -> DataDifferences {
    func plain(_ school: School) -> School {
      var school = school
      school.grades = school.grades.map { var grade = $0; grade.sourceRow = 0; return grade }
      return school
    }
    func plain(_ unit: SocialUnit) -> SocialUnit {
      var unit = unit
      unit.sourceRow = 0
      return unit
    }
    let before = Dictionary(base.schools.map { ($0.id, plain($0)) }, uniquingKeysWith: { first, _ in first })
    let after = Dictionary(mine.schools.map { ($0.id, plain($0)) }, uniquingKeysWith: { first, _ in first })
    var examples: [String] = []
    func note(_ zh: String, _ en: String) { if examples.count < 5 { examples.append(language == .zh ? zh : en) } }
    var added = 0, removed = 0, changed = 0
    for school in mine.schools {
      if let old = before[school.id] {
        if old != plain(school) {
          changed += 1
          note("数据有变化：\(school.district) \(school.name)", "data changed: \(school.district) \(school.name)")
        }
      } else {
        added += 1
        note("新增学校：\(school.district) \(school.name)", "school added: \(school.district) \(school.name)")
      }
    }
    for school in base.schools where after[school.id] == nil {
      removed += 1
      note("删除学校：\(school.district) \(school.name)", "school removed: \(school.district) \(school.name)")
    }
    let socialBefore = Dictionary(base.social.map { ("\($0.district)\u{1F}\($0.name)", plain($0)) }, uniquingKeysWith: { first, _ in first })
    let socialAfter = Dictionary(mine.social.map { ("\($0.district)\u{1F}\($0.name)", plain($0)) }, uniquingKeysWith: { first, _ in first })
    let socialChanged = Set(socialBefore.keys).union(socialAfter.keys).filter { socialBefore[$0] != socialAfter[$0] }.count
    return DataDifferences(schoolsAdded: added, schoolsRemoved: removed, schoolsChanged: changed, socialChanged: socialChanged, examples: examples)
  }

  /// The Content-Type of a plan file.
  static func contentType(_ name: String) -> String {
    switch (name as NSString).pathExtension {
    case "csv": return "text/csv; charset=utf-8"
    case "json": return "application/json; charset=utf-8"
    case "html": return "text/html; charset=utf-8"
    case "md": return "text/markdown; charset=utf-8"
    case "xlsx": return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    default: return "text/plain; charset=utf-8"
    }
  }

  /// `attachment; filename="…"; filename*=UTF-8''…`: an ASCII name for old clients, the real one for the rest.
  static func contentDisposition(_ filename: String) -> String {
    let ascii = String(
      String.UnicodeScalarView(
        filename.unicodeScalars.map { scalar in
          scalar.isASCII && scalar.value >= 0x20 && scalar.value != 0x7F && !"\"\\;".unicodeScalars.contains(scalar) ? scalar : "_"
        }))
    var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
    allowed.insert(charactersIn: "-._~")
    let encoded = filename.addingPercentEncoding(withAllowedCharacters: allowed) ?? ascii
    return "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"
  }

  static func file(_ data: Data, name: String, downloadName: String?) -> Response {
    var headers: HTTPFields = [.contentType: contentType(name)]
    if let downloadName { headers[.contentDisposition] = contentDisposition(downloadName) }
    return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
  }

  static func conflictError(_ message: String, nearest: Bool) -> APIError {
    // The engine's message opens with its own heading; ours says the same in the reader's language.
    var lines = message.split(separator: "\n", omittingEmptySubsequences: false)
    if let first = lines.first, first.hasPrefix("硬性规则无法同时满足") || first.hasPrefix("The hard rules cannot all hold") {
      lines.removeFirst()
    }
    let conflicts = lines.joined(separator: "\n")
    return APIError(
      .conflict, code: "conflict", zh: "此版本的硬性规则无法同时满足，没有可行方案：\n\(conflicts)",
      en: "The hard rules of this version cannot all hold; there is no plan:\n\(conflicts)",
      details: ["nearestAvailable": .bool(nearest)])
  }

  static func noPlanError(_ message: String) -> APIError {
    APIError(.conflict, code: "not_planned", zh: "此版本求解失败，没有方案：\(message)", en: "Solving this version failed; there is no plan: \(message)")
  }

  // MARK: Routes

  static let list: [Endpoint] = [
    Endpoint(.get, "/api/scenarios", readers, "Scenarios with their newest version (reviewers and counties: published ones only).") {
      _, context, services in
      let user = try user(context)
      let items = try await services.database.pool.read { db in
        try ScenarioStore.scenarios(db).compactMap { row -> ScenarioItem? in
          let versions = try ScenarioStore.versions(db, scenario: row.id, publishedOnly: publishedOnly(user))
          if publishedOnly(user), versions.isEmpty { return nil }
          return ScenarioItem(
            id: row.id, name: row.name, title: title(versions.first), baseId: row.baseId, baseName: row.baseName, createdAt: row.createdAt,
            createdBy: row.createdBy, latest: versions.first, versionCount: versions.count)
        }
      }
      return try JSONResponse.make(items)
    },
    Endpoint(.post, "/api/scenarios", city, "Copies another scenario's newest version (settings and data) as a new scenario, or as a what-if of it.") {
      request, context, services in
      let user = try user(context)
      let body = try await JSONResponse.decode(CreateBody.self, from: request, context: context)
      let source = try await services.database.pool.read { db -> (ScenarioStore.Version, Scenario) in
        guard try ScenarioStore.scenario(db, id: body.fromScenario) != nil, let latest = try ScenarioStore.latest(db, scenario: body.fromScenario)
        else { throw APIError.notFound("要复制的方案", "scenario to copy") }
        return (latest, try ScenarioStore.scenario(db, of: latest))
      }
      let scenario = source.1
      let created = try await services.plans.createScenario(
        name: body.name, policy: scenario.policy, schools: scenario.schools, social: scenario.socialUnits, notes: scenario.inputNotes,
        base: body.whatIf == true ? body.fromScenario : nil, by: user)
      return try JSONResponse.make(["scenarioId": created.scenario, "versionId": created.version], status: .created)
    },
    Endpoint(.get, "/api/scenarios/{id}", readers, "One scenario and its versions, newest first.") { _, context, services in
      let user = try user(context)
      let id = try id(context, "该方案", "scenario")
      let detail = try await services.database.pool.read { db -> ScenarioItem in
        guard let row = try ScenarioStore.scenario(db, id: id) else { throw APIError.notFound("该方案", "scenario") }
        let versions = try ScenarioStore.versions(db, scenario: id, publishedOnly: publishedOnly(user))
        if publishedOnly(user), versions.isEmpty { throw APIError.notFound("该方案", "scenario") }
        return ScenarioItem(
          id: row.id, name: row.name, title: title(versions.first), baseId: row.baseId, baseName: row.baseName, createdAt: row.createdAt,
          createdBy: row.createdBy, latest: versions.first, versionCount: versions.count, versions: versions)
      }
      return try JSONResponse.make(detail)
    },
    Endpoint(
      .put, "/api/scenarios/{id}/settings", city,
      "Saves new settings as the scenario's next version, when expectedVersion is still its newest; checked and planned."
    ) { request, context, services in
      let user = try user(context)
      let id = try id(context, "该方案", "scenario")
      let body = try await JSONResponse.decode(SettingsBody.self, from: request, context: context)
      let saved = try await services.plans.saveSettings(scenario: id, expectedVersion: body.expectedVersion, policy: body.policy, by: user)
      return try JSONResponse.make(saved, status: .created)
    },
    Endpoint(
      .get, "/api/versions/{id}", readers,
      "One version: its settings, the notice's defaults, what planning gave, and what differs from the base scenario."
    ) { request, context, services in
      let user = try user(context)
      let id = try id(context, "该版本", "version")
      let language = PageLanguage.of(request)
      let detail = try await services.database.pool.read { db -> VersionDetail in
        let version = try readableVersion(db, id, user)
        guard let scenario = try ScenarioStore.scenario(db, id: version.scenarioId) else { throw APIError.notFound("该方案", "scenario") }
        let policy = try ScenarioStore.policy(of: version)
        let data = try ScenarioStore.dataset(db, id: version.datasetID)
        let newest = try ScenarioStore.latest(db, scenario: version.scenarioId, publishedOnly: publishedOnly(user))
        var base: BaseRef?
        var differences: [SettingPaths.Difference] = []
        var dataDifferences: DataDifferences?
        // A county sees the data of its own district only (CountyView).
        let county = CountyView.of(user, schools: data.schools, social: data.social)
        func own(_ dataset: ScenarioStore.Dataset) -> ScenarioStore.Dataset {
          guard let county else { return dataset }
          return ScenarioStore.Dataset(schools: county.schools(dataset.schools), social: county.social(dataset.social), notes: nil)
        }
        if let baseID = scenario.baseId, let baseVersion = try ScenarioStore.latest(db, scenario: baseID, publishedOnly: publishedOnly(user)) {
          base = BaseRef(scenarioId: baseID, versionId: baseVersion.id, name: scenario.baseName ?? "", number: baseVersion.number)
          differences = SettingPaths.differences(from: try ScenarioStore.policy(of: baseVersion), to: policy, language: language)
          let baseData = baseVersion.datasetID == version.datasetID ? data : try ScenarioStore.dataset(db, id: baseVersion.datasetID)
          dataDifferences = ScenarioEndpoints.dataDifferences(own(baseData), own(data), language: language)
        }
        return VersionDetail(
          id: version.id, scenarioId: version.scenarioId, scenarioName: scenario.name, number: version.number,
          isLatest: newest?.id == version.id, createdAt: version.createdAt, createdBy: version.createdBy, policy: SettingPaths.json(policy),
          defaults: defaults(for: policy), outcome: version.outcome, message: version.message.map { county?.scrub($0) ?? $0 },
          summary: version.summary,
          nearestAvailable: version.outcome == .conflict, publishedName: version.publishedName, publishedAt: version.publishedAt,
          publishedBy: version.publishedBy, base: base, differences: differences, dataDifferences: dataDifferences,
          schools: data.schools.count, socialUnits: data.social.count, notes: county == nil ? data.notes : nil)
      }
      return try JSONResponse.make(detail)
    },
    Endpoint(.get, "/api/versions/{id}/plan", readers, "The version's plan.json, as quotaplan solve writes it; 409 conflict when the rules conflict.") {
      _, context, services in
      let user = try user(context)
      let id = try id(context, "该版本", "version")
      _ = try await services.database.pool.read { db in try readableVersion(db, id, user) }
      switch try await services.plans.outcome(version: id) {
      case .planned(let plan):
        guard let data = try await services.plans.planJSON(version: id, nearest: false) else {
          throw APIError.notFound("该版本的方案", "plan of this version")
        }
        // A county: the city totals and its own district only.
        if let county = CountyView.of(user, plan: plan) { return file(try county.planJSON(data), name: "plan.json", downloadName: nil) }
        return file(data, name: "plan.json", downloadName: nil)
      case .conflict(let message): throw conflictError(message, nearest: true)
      case .failed(let message): throw noPlanError(message)
      }
    },
    Endpoint(.get, "/api/versions/{id}/nearest", readers, "A conflict version's nearest plan (plan.json, with broken_rules): it breaks hard rules.") {
      _, context, services in
      let user = try user(context)
      let id = try id(context, "该版本", "version")
      _ = try await services.database.pool.read { db in try readableVersion(db, id, user) }
      // Whole-city data: a county reads its own district through the plan and its refinement.
      if user.role == .county { throw APIError.notFound("该版本的最接近方案", "nearest plan of this version") }
      // Computed on first request (or right after the save), which may take some seconds.
      if case .none(let zh, let en) = try await services.plans.nearest(version: id) {
        throw APIError(.notFound, code: "no_nearest_plan", zh: zh, en: en)
      }
      guard let data = try await services.plans.planJSON(version: id, nearest: true) else {
        throw APIError(
          .notFound, code: "no_nearest_plan", zh: "此版本没有“最接近方案”：只有硬性规则冲突且能算出最接近方案的版本才有。",
          en: "This version has no nearest plan: only a version whose hard rules conflict, and whose nearest plan could be computed, has one.")
      }
      return file(data, name: "plan.json", downloadName: nil)
    },
    Endpoint(
      .get, "/api/versions/{id}/files/{name}", readers,
      "Downloads one file of the version's plan folder (?nearest=1: of its nearest plan), byte-identical to quotaplan solve."
    ) { request, context, services in
      let user = try user(context)
      let id = try id(context, "该版本", "version")
      let nearest = ["1", "true"].contains(request.uri.queryParameters.get("nearest") ?? "")
      let name = context.parameters.get("name") ?? ""
      let allowed = PlanWriter.fileNames + (nearest ? [PlanWriter.brokenRulesFile] : [])
      guard allowed.contains(name) else {
        throw APIError(
          .notFound, code: "not_found", zh: "方案文件夹中没有“\(name)”。可下载：\(allowed.joined(separator: "、"))。",
          en: "A plan folder has no file “\(name)”; the files are \(allowed.joined(separator: ", ")).")
      }
      let version = try await services.database.pool.read { db in try readableVersion(db, id, user) }
      // Whole-city files: a county downloads its envelope and refinement files instead.
      if user.role == .county { throw APIError.notFound("该文件", "file") }
      let scenarioName = try await services.database.pool.read { db in try ScenarioStore.scenario(db, id: version.scenarioId)?.name } ?? "plan"
      guard let files = try await services.plans.files(version: id, nearest: nearest), let data = files[name] else {
        if nearest {
          throw APIError(
            .notFound, code: "no_nearest_plan", zh: "此版本没有“最接近方案”。", en: "This version has no nearest plan.")
        }
        switch try await services.plans.outcome(version: id) {
        case .conflict(let message): throw conflictError(message, nearest: true)
        case .failed(let message): throw noPlanError(message)
        case .planned: throw APIError.notFound("该文件", "file")
        }
      }
      return file(data, name: name, downloadName: "\(scenarioName)-v\(version.number)\(nearest ? "-breaks-rules" : "")-\(name)")
    },
    Endpoint(.post, "/api/versions/{id}/publish", city, "Publishes a planned version under a name, once; a published version never changes.") {
      request, context, services in
      let user = try user(context)
      let id = try id(context, "该版本", "version")
      let body = try await JSONResponse.decode(PublishBody.self, from: request, context: context)
      let published = try await services.plans.publish(version: id, name: body.name, by: user)
      return try JSONResponse.make(published)
    },
  ]
}
