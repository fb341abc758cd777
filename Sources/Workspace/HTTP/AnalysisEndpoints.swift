import Foundation
import GRDB
import Hummingbird
import QuotaPlan

/// Explain, compare and sweep: the answers `quotaplan explain`, `compare` and `sweep` give, made
/// by the same library functions from the versions' stored scenarios and cached plans.
///
/// Readers (city, county, reviewer) may explain and compare the versions they may read (the
/// city every version, the others published ones, as `ScenarioEndpoints.readableVersion`
/// says); sweeping solves up to 41 plans and is the city committee's planning tool.
enum AnalysisEndpoints {
  /// Most versions one comparison takes, and most points one sweep solves.
  static let maxCompared = 8
  static let maxPoints = 41

  // MARK: Answers

  struct ExplainAnswer: Encodable {
    var text: String
    /// True when the text explains a conflict version's nearest plan (which breaks hard rules).
    var nearest: Bool
  }

  struct ComparedVersion: Encodable {
    var id: Int64
    var label: String
    var outcome: ScenarioStore.Outcome
    /// The sentence saying why the version has no plan (it then has no column in `rows`).
    var failure: String?
  }

  struct ComparisonRow: Encodable {
    var level: String
    var district: String
    var category: String
    /// One value per planned version, in the order of `columns`.
    var values: [Int?]
    var deltas: [Int?]
    var differs: Bool
  }

  struct KPIRow: Encodable {
    var key: String
    var label: String
    var values: [Double?]
    var differs: Bool
  }

  struct ComparisonChange: Encodable {
    var kind: String
    var version: String
    var unit: String
    var before: String
    var after: String
  }

  struct ComparisonAnswer: Encodable {
    var versions: [ComparedVersion]
    /// The labels of the planned versions: the columns of `rows` and `kpiRows`, the first the reference.
    var columns: [String]
    var kpis: [PlanKPIs]
    var kpiRows: [KPIRow]
    var rows: [ComparisonRow]
    var changes: [ComparisonChange]
    var text: String
  }

  struct SweepPoint: Encodable {
    var value: Double
    var outcome: ScenarioStore.Outcome
    var failure: String?
    var total: Int?
    var kpis: PlanKPIs?
  }

  struct SweepChart: Encodable {
    var title: String
    var svg: String
  }

  struct SweepAnswer: Encodable {
    var setting: String
    var points: [SweepPoint]
    /// Every chart `quotaplan sweep` draws in sweep.html (one per KPI that varies), one after another.
    var svg: String
    var charts: [SweepChart]
  }

  // MARK: Routes

  static let list: [Endpoint] = [
    Endpoint(
      .get, "/api/versions/{id}/explain", ScenarioEndpoints.readers,
      "Why a school (?school=&district=&category=&grade=) or a social unit (?social=&district=) gets its number, as quotaplan explain says it."
    ) { request, context, services in
      let user = try ScenarioEndpoints.user(context)
      let id = try ScenarioEndpoints.id(context, "该版本", "version")
      let query = request.uri.queryParameters
      let school = query.get("school").map { String($0) }.flatMap(nonEmpty)
      let social = query.get("social").map { String($0) }.flatMap(nonEmpty)
      let district = query.get("district").map { String($0) }.flatMap(nonEmpty)
      let category = query.get("category").map { String($0) }.flatMap(nonEmpty)
      var grade: Int?
      if let text = query.get("grade").map { String($0) }.flatMap(nonEmpty) {
        guard let value = Int(text), value > 0 else {
          throw APIError.badRequest("年级“\(text)”不是正整数。", "The grade “\(text)” is not a positive whole number.")
        }
        grade = value
      }
      guard (school == nil) != (social == nil) else {
        throw APIError.badRequest(
          "请给出 school（学校名称）或 social（社会领域单位名称）之一。", "Give one of school (a school's name) or social (a social-sector unit's name).")
      }
      for text in [school, social, district, category].compactMap({ $0 }) where text.count > 200 {
        throw APIError.badRequest("名称过长（超过 200 个字符）。", "A name is too long (more than 200 characters).")
      }
      _ = try await services.database.pool.read { db in try ScenarioEndpoints.readableVersion(db, id, user) }
      let (plan, nearest) = try await plan(of: id, services: services)
      let zh = plan.policy.language == .zh
      // A county explains its own district's units only: another district's answers as a name
      // that does not exist, and other districts' units named in the text are replaced.
      let county = CountyView.of(user, plan: plan)
      if let county {
        if let district, district != county.district { throw countyNotFound(school != nil) }
        do {
          let text =
            try school.map { try Explanation.text(plan, school: $0, district: county.district, category: category, grade: grade) }
            ?? Explanation.socialText(plan, unit: social ?? "", district: county.district)
          return try JSONResponse.make(ExplainAnswer(text: county.scrub(text, zh: zh), nearest: nearest))
        } catch let failure as Explanation.Failure {
          // Within the own district: which grade or which of its schools; else not found.
          if case .noSuchSchool = failure { throw countyNotFound(true) }
          throw error(failure)
        } catch is Explanation.SocialFailure {
          throw countyNotFound(false)
        }
      }
      var text: String
      do {
        if let school {
          text = try Explanation.text(plan, school: school, district: district, category: category, grade: grade)
        } else {
          text = try Explanation.socialText(plan, unit: social ?? "", district: district)
        }
      } catch let failure as Explanation.Failure {
        throw error(failure)
      } catch let failure as Explanation.SocialFailure {
        switch failure {
        case .noSuchUnit(_, let suggestions):
          throw APIError(
            .notFound, code: "no_such_unit", zh: failure.chinese, en: failure.description,
            details: ["suggestions": .array(suggestions.map(JSONValue.string))])
        case .ambiguousUnit(_, let districts):
          throw APIError(
            .conflict, code: "ambiguous", zh: failure.chinese, en: failure.description,
            details: ["candidates": .array(districts.map { .object(["district": .string($0)]) })])
        }
      }
      if nearest {
        text =
          (zh
            ? "注意：此版本的硬性规则无法同时满足，以下解释的是“最接近方案”，它违反了硬性规则，不能作为正式方案。\n"
            : "Note: the hard rules of this version conflict; this explains its nearest plan, which breaks hard rules and is not a plan to use.\n")
          + text
      }
      return try JSONResponse.make(ExplainAnswer(text: text, nearest: nearest))
    },
    Endpoint(
      .get, "/api/compare", ScenarioEndpoints.readers,
      "Compares 2 to 8 versions (?versions=1,2) against the first, as quotaplan compare does: quotas with deltas, KPIs, changed rules, paradoxes."
    ) { request, context, services in
      let user = try ScenarioEndpoints.user(context)
      let language = PageLanguage.of(request)
      let ids = try versionIDs(request.uri.queryParameters.get("versions").map { String($0) } ?? "")
      let labelled = try await services.database.pool.read { db in
        try ids.map { id -> (Int64, String) in
          let version = try ScenarioEndpoints.readableVersion(db, id, user)
          let name = try ScenarioStore.scenario(db, id: version.scenarioId)?.name ?? "scenario \(version.scenarioId)"
          return (id, "\(name) v\(version.number)")
        }
      }
      var outcomes: [Runner.Outcome] = []
      var versions: [ComparedVersion] = []
      for (id, label) in labelled {
        switch try await services.plans.outcome(version: id) {
        case .planned(var plan):
          // The plan's name labels its column, its KPIs and its changes.
          plan.policy.name = label
          outcomes.append(Runner.Outcome(name: label, path: label, plan: plan, failure: nil, isConflict: false, seconds: 0))
          versions.append(ComparedVersion(id: id, label: label, outcome: .planned, failure: nil))
        case .conflict(let message):
          outcomes.append(Runner.Outcome(name: label, path: label, plan: nil, failure: message, isConflict: true, seconds: 0))
          versions.append(ComparedVersion(id: id, label: label, outcome: .conflict, failure: message))
        case .failed(let message):
          outcomes.append(Runner.Outcome(name: label, path: label, plan: nil, failure: message, isConflict: false, seconds: 0))
          versions.append(ComparedVersion(id: id, label: label, outcome: .failed, failure: message))
        }
      }
      var comparison = Comparison(outcomes)
      // A county: the city and category rows, and its own district's rows and units only.
      if user.role == .county, let district = user.district {
        comparison = CountyView(district: district, foreignNames: [], ownNames: []).comparison(comparison)
      }
      let answer = ComparisonAnswer(
        versions: versions, columns: comparison.names, kpis: comparison.kpis, kpiRows: kpiRows(comparison.kpis, language: language),
        rows: comparison.rows.map { row in
          ComparisonRow(
            level: row.level.rawValue, district: row.district, category: row.category, values: row.values, deltas: row.deltas,
            differs: row.differs)
        },
        changes: comparison.changes.map {
          ComparisonChange(kind: $0.kind.rawValue, version: $0.scenario, unit: $0.unit, before: $0.before, after: $0.after)
        },
        text: ComparisonOutput.text(comparison))
      return try JSONResponse.make(answer)
    },
    Endpoint(
      .get, "/api/versions/{id}/sweep", ScenarioEndpoints.city,
      "Plans the version with one setting stepped over a range (?setting=&from=&to=&step=, at most 41 points), as quotaplan sweep does, with its chart."
    ) { request, context, services in
      let user = try ScenarioEndpoints.user(context)
      let id = try ScenarioEndpoints.id(context, "该版本", "version")
      let query = request.uri.queryParameters
      _ = try await services.database.pool.read { db in try ScenarioEndpoints.readableVersion(db, id, user) }
      let scenario = try await services.plans.scenario(version: id)
      let keys = sweepKeys(scenario.policy)
      guard let setting = query.get("setting").map { String($0) }.flatMap(nonEmpty) else {
        throw unknownSetting("", keys)
      }
      guard keys.contains(setting) else { throw unknownSetting(setting, keys) }
      func number(_ name: String) throws -> Double {
        guard let text = query.get(name).map { String($0) }, let value = Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite else {
          throw APIError(
            .unprocessableContent, code: "invalid_sweep", zh: "参数 \(name) 须为数字。", en: "The parameter \(name) must be a number.")
        }
        return value
      }
      let from = try number("from"), to = try number("to"), step = try number("step")
      guard step > 0 else {
        throw APIError(.unprocessableContent, code: "invalid_sweep", zh: "步长 step 须大于 0。", en: "The step must be above 0.")
      }
      guard to >= from else {
        throw APIError(
          .unprocessableContent, code: "invalid_sweep", zh: "终值 to 不能小于起值 from。", en: "The end value (to) cannot be below the start (from).")
      }
      let count = ((to - from) / step + 1e-9).rounded(.down) + 1
      guard count <= Double(maxPoints) else {
        throw APIError(
          .unprocessableContent, code: "too_many_points",
          zh: "从 \(from.shortText) 到 \(to.shortText)、步长 \(step.shortText) 共 \(count.shortText) 个点，最多 \(maxPoints) 个；请加大步长或缩小范围。",
          en: "From \(from.shortText) to \(to.shortText) in steps of \(step.shortText) makes \(count.shortText) points; at most \(maxPoints). Take a larger step or a smaller range.")
      }
      let axis: Sweep.Axis
      let outcomes: [Runner.Outcome]
      do {
        axis = try Sweep.Axis("\(setting)=\(from)...\(to)", step: step)
        outcomes = try await PlanService.offload { try Sweep.run(scenario, axes: [axis], jobs: 2) }
      } catch let error as Sweep.SweepError {
        throw APIError(
          .unprocessableContent, code: "invalid_sweep", zh: "此扫描的某个取值不符合规则，未求解：\(error.description)",
          en: "A value of this sweep is not allowed, so nothing was solved: \(error.description)")
      }
      let files = try Sweep.files([axis], outcomes)
      let page = files.first { $0.name == "sweep.html" }.map { String(decoding: $0.data, as: UTF8.self) } ?? ""
      let charts = svgElements(page)
      let points = zip(axis.values, outcomes).map { value, outcome in
        SweepPoint(
          value: value, outcome: outcome.plan != nil ? .planned : (outcome.isConflict ? .conflict : .failed), failure: outcome.failure,
          total: outcome.plan?.total, kpis: outcome.plan.map { PlanKPIs($0, seconds: outcome.seconds) })
      }
      return try JSONResponse.make(SweepAnswer(setting: setting, points: points, svg: charts.map(\.svg).joined(separator: "\n"), charts: charts))
    },
  ]

  // MARK: Helpers

  /// What a county hears for a unit outside its district, and for a name that is nowhere: the
  /// same words, so guessing names reveals nothing.
  static func countyNotFound(_ school: Bool) -> APIError {
    school
      ? APIError(.notFound, code: "no_such_school", zh: "本区县没有这所学校。", en: "Your district has no such school.")
      : APIError(.notFound, code: "no_such_unit", zh: "本区县没有这个社会领域单位。", en: "Your district has no such social-sector unit.")
  }

  static func nonEmpty(_ text: String) -> String? {
    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
    return trimmed.isEmpty ? nil : trimmed
  }

  /// The plan to explain: the version's plan, or a conflict version's nearest plan (true).
  static func plan(of id: Int64, services: WorkspaceServices) async throws -> (Plan, Bool) {
    switch try await services.plans.outcome(version: id) {
    case .planned(let plan): return (plan, false)
    case .conflict(let message):
      guard case .plan(let nearest) = try await services.plans.nearest(version: id) else {
        throw ScenarioEndpoints.conflictError(message, nearest: false)
      }
      return (nearest, true)
    case .failed(let message): throw ScenarioEndpoints.noPlanError(message)
    }
  }

  /// An explanation's failure as a 404 (no such school or grade, with suggestions) or a 409
  /// (the name is several schools: which one?).
  static func error(_ failure: Explanation.Failure) -> APIError {
    switch failure {
    case .noSuchSchool(let name, let suggestions):
      return APIError(
        .notFound, code: "no_such_school",
        zh: chineseNoSuch(name, "学校") + (suggestions.isEmpty ? "" : "您是否要找：\(suggestions.joined(separator: "、"))？"),
        en: failure.description, details: ["suggestions": .array(suggestions.map(JSONValue.string))])
    case .noSuchGrade(let school, let grade, let grades):
      return APIError(
        .notFound, code: "no_such_grade",
        zh: "\(school)没有 \(grade) 年级；它有 \(grades.map { String($0) }.joined(separator: "、")) 年级。", en: failure.description,
        details: ["grades": .array(grades.map { .number(Double($0)) })])
    case .ambiguousSchool(let name, let candidates, let categoryNames):
      let list = candidates.map { "\($0.district) \(categoryNames[$0.category] ?? $0.category)" }
      return APIError(
        .conflict, code: "ambiguous",
        zh: "有 \(candidates.count) 所学校名为“\(name)”：\(list.joined(separator: "、"))；请指明区县（district）或类别（category）。",
        en: failure.description,
        details: [
          "candidates": .array(
            candidates.map { .object(["district": .string($0.district), "category": .string($0.category)]) })
        ])
    }
  }

  /// "没有名为“X”的学校。", or "“Y”没有名为“X”的学校。" when the library's name is `X” in “Y`
  /// (a name that exists, but not in the district or category asked for).
  static func chineseNoSuch(_ name: String, _ what: String) -> String {
    let parts = name.components(separatedBy: "” in “")
    return parts.count == 2 ? "“\(parts[1])”中没有名为“\(parts[0])”的\(what)。" : "没有名为“\(name)”的\(what)。"
  }

  /// `?versions=1,2,3`: 2 to 8 distinct version ids.
  static func versionIDs(_ text: String) throws -> [Int64] {
    let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    var ids: [Int64] = []
    for part in parts where !part.isEmpty {
      guard let id = Int64(part), id > 0 else {
        throw APIError.badRequest("versions 中的“\(part.prefix(40))”不是版本编号。", "“\(part.prefix(40))” in versions is not a version id.")
      }
      if !ids.contains(id) { ids.append(id) }
    }
    guard (2...maxCompared).contains(ids.count) else {
      throw APIError.badRequest(
        "请给出 2 至 \(maxCompared) 个不同的版本编号，如 versions=1,2。", "Give 2 to \(maxCompared) different version ids, like versions=1,2.")
    }
    return ids
  }

  /// The KPI rows `quotaplan compare` prints, by the names gates and sweeps use, labelled for the page.
  static func kpiRows(_ kpis: [PlanKPIs], language: PageLanguage) -> [KPIRow] {
    guard let first = kpis.first else { return [] }
    let zh = language == .zh
    let labels: [String: (String, String)] = [
      "total": ("总数", "total"),
      "protected_without_quota": ("无指标的受保护学校", "protected schools without quota"),
      "classes_without_member": ("无团员的班级", "classes without a member"),
      "grades_without_branch": ("团员不足以建支部的年级", "grades without a branch"),
      "ratio_min": ("发展后团青比最低", "ratio after, lowest"),
      "ratio_median": ("发展后团青比中位数", "ratio after, median"),
      "ratio_max": ("发展后团青比最高", "ratio after, highest"),
      "binding_caps": ("触顶的上限", "caps binding"),
      "balance_level": ("均衡水平", "balance level"),
    ]
    return first.names.map { key in
      let parts = key.split(separator: ":", maxSplits: 1).map { String($0) }
      let base = labels[parts[0]].map { zh ? $0.0 : $0.1 } ?? parts[0]
      let category = parts.count == 2 ? (first.categories.first { $0.id == parts[1] }?.name ?? parts[1]) : nil
      let values = kpis.map { $0.value(key) }
      return KPIRow(
        key: key, label: category.map { "\($0) \(base)" } ?? base, values: values,
        differs: Set(values.map { $0.map { "\($0)" } ?? "-" }).count > 1)
    }
  }

  /// The settings a sweep may step for this policy, as `quotaplan sweep --help` names them.
  static func sweepKeys(_ policy: Policy) -> [String] {
    var keys = ["total"]
    for category in policy.categories {
      keys.append("categories.\(category.id).total")
      keys += category.caps.indices.map { "categories.\(category.id).caps[\($0)].ratio" }
      keys.append("categories.\(category.id).previous_year_floor")
      keys += category.strictControl.indices.map { "categories.\(category.id).strict_control[\($0)].above" }
    }
    return keys + ["social.density_exponent", "social.outflow_boost", "social.outflow_resident_share_below", "social.outflow_member_ratio_below"]
  }

  static func unknownSetting(_ setting: String, _ keys: [String]) -> APIError {
    let list = keys.joined(separator: ", ")
    return APIError(
      .unprocessableContent, code: "unknown_setting",
      zh: setting.isEmpty ? "请给出要扫描的设置 setting，可选：\(list)。" : "“\(setting.prefix(100))”不是可扫描的设置；可选：\(list)。",
      en: setting.isEmpty ? "Give the setting to sweep; one of: \(list)." : "“\(setting.prefix(100))” is not a setting a sweep can step; one of: \(list).",
      details: ["settings": .array(keys.map(JSONValue.string))])
  }

  /// The `<svg>…</svg>` elements of sweep.html, with their titles (aria-label).
  static func svgElements(_ page: String) -> [SweepChart] {
    var charts: [SweepChart] = []
    var rest = page[...]
    while let start = rest.range(of: "<svg"), let end = rest.range(of: "</svg>", range: start.upperBound..<rest.endIndex) {
      let svg = String(rest[start.lowerBound..<end.upperBound])
      var title = ""
      if let label = svg.range(of: "aria-label='"), let close = svg.range(of: "'", range: label.upperBound..<svg.endIndex) {
        title = String(svg[label.upperBound..<close.lowerBound])
          .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
          .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
      }
      charts.append(SweepChart(title: title, svg: svg))
      rest = rest[end.upperBound...]
    }
    return charts
  }
}

extension Double {
  /// Whole numbers without a decimal point, others as Swift prints them.
  fileprivate var shortText: String { rounded() == self && abs(self) < 1e15 ? String(Int(self)) : "\(self)" }
}
