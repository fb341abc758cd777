import Foundation
import GRDB
import Hummingbird
import QuotaPlan

/// County refinements: the envelope a published version gives each district, a county's
/// refinement of its own district (start, data, pins, submit, withdraw), its detail and files.
/// Comments, approval and return are `ReviewEndpoints`'.
///
/// Isolation: a county account reaches only its own district's refinements; any other id
/// answers 404 with exactly the body of an id that does not exist. Reviewers see submitted,
/// returned and approved refinements only (a draft is 404 to them); the city sees all.
/// Changes name the revision they were made from (`expectedRevision`); a stale one is 409
/// `stale` and changes nothing.
enum RefinementEndpoints {
  static let readers = Access.roles([.city, .county, .reviewer])
  static let county = Access.roles([.county])
  /// Pins accepted at most in one refinement.
  static let maxPins = 1000
  /// Edits accepted at most in one request.
  static let maxEdits = 2000
  /// The longest pin note, in characters.
  static let maxNoteLength = 200

  // MARK: Bodies

  struct StartBody: Decodable {
    var fromRefinement: Int64?
  }

  struct RevisionBody: Decodable {
    var expectedRevision: Int
  }

  /// A pin as the page sends it: `quota` fixes the number; `min`/`max` bound it (equal ones fix it).
  struct PinBody: Decodable, Sendable {
    var school: String
    var district: String?
    var category: String?
    var grade: Int?
    var min: Int?
    var max: Int?
    var quota: Int?
    var note: String?
  }

  struct PinsBody: Decodable {
    var expectedRevision: Int
    var pins: [PinBody]
  }

  /// One school-grade's new counts.
  struct EditBody: Decodable, Sendable {
    var school: String
    var category: String?
    var grade: Int
    var classes: Int?
    var students: Int?
    var members: Int?
  }

  struct EditsBody: Decodable {
    var expectedRevision: Int
    var edits: [EditBody]
  }

  // MARK: Answers

  struct EnvelopeRow: Encodable {
    var district: String
    var category: String
    var categoryName: String
    var quota: Int
    var firstNumber: Int?
    var lastNumber: Int?
    /// What the refinement gives the category in total (only in a refinement's detail, when it plans).
    var refined: Int?
  }

  struct CategoryTotal: Encodable {
    var id: String
    var name: String
    var total: Int
  }

  struct Envelope: Encodable {
    var versionId: Int64
    var scenarioId: Int64
    var name: String?
    var publishedAt: String?
    var year: Int
    /// The district asked for (a county's own), or nil for every district.
    var district: String?
    var districts: [String]
    var total: Int
    var categories: [CategoryTotal]
    var rows: [EnvelopeRow]
    /// The final plans the city combined from this version, newest first (a county opens its
    /// final split from here).
    var combinations: [CombinationRef] = []
  }

  struct CombinationRef: Encodable {
    var id: Int64
    var createdAt: String
  }

  struct ListItem: Encodable {
    var id: Int64
    var versionId: Int64
    var versionName: String?
    var district: String
    var status: RefinementStore.Status
    var revision: Int
    var outcome: ScenarioStore.Outcome
    var createdAt: String
    var createdBy: String?
    var updatedAt: String
    var updatedBy: String?
    var submittedAt: String?
    var decidedAt: String?
    var decidedBy: String?
    var basedOnId: Int64?
  }

  struct PinItem: Encodable {
    var school: String
    var district: String?
    var category: String?
    var categoryName: String?
    var grade: Int?
    var quota: Int?
    var min: Int?
    var max: Int?
    var note: String
    /// "= 12", "≥ 5", "5–8".
    var bounds: String
  }

  struct SchoolRow: Encodable {
    var school: String
    var category: String
    var categoryName: String
    var grade: Int
    var classes: Int
    var students: Int
    var members: Int
    var isPrivate: Bool
    var isRural: Bool
    var lastYearQuota: Int
  }

  struct DataSummary: Encodable {
    var schools: Int
    var grades: Int
    var socialUnits: Int
    var rows: [SchoolRow]
  }

  struct ImpactRow: Encodable {
    var school: String
    var category: String
    var grade: Int
    var cityQuota: Int?
    var refinedQuota: Int?
    var change: Int
    var why: String
  }

  struct SubRangeRow: Encodable {
    var category: String
    var unit: String
    var quota: Int
    var firstNumber: Int
    var lastNumber: Int
  }

  struct ConflictItem: Encodable {
    var rules: [String]
    var message: String
  }

  struct EnvelopeChange: Encodable {
    var category: String
    var categoryName: String
    var before: Int?
    var after: Int?
    var firstNumberBefore: Int?
    var firstNumberAfter: Int?
    var lastNumberBefore: Int?
    var lastNumberAfter: Int?
  }

  /// A newer published version than the refinement's: what changed for the district.
  struct NewerVersion: Encodable {
    var id: Int64
    var name: String?
    var publishedAt: String?
    /// False when the newer city plan has no such district.
    var districtInPlan: Bool
    /// The district's refinement of the newer version, if started.
    var refinementId: Int64?
    /// The district × category rows whose quota or range differs.
    var envelopeChanges: [EnvelopeChange]
  }

  struct Detail: Encodable {
    var id: Int64
    var versionId: Int64
    var versionName: String?
    var versionPublishedAt: String?
    var scenarioId: Int64
    var district: String
    var status: RefinementStore.Status
    var statusLabel: String
    var revision: Int
    var outcome: ScenarioStore.Outcome
    /// Why it does not plan, in words (the reader's language); nil when it plans.
    var message: String?
    var conflicts: [ConflictItem]
    var basedOnId: Int64?
    var createdAt: String
    var createdBy: String?
    var updatedAt: String
    var updatedBy: String?
    var submittedAt: String?
    var decidedAt: String?
    var decidedBy: String?
    /// What the reader may do now.
    var editable: Bool
    var submittable: Bool
    var withdrawable: Bool
    var envelope: [EnvelopeRow]
    var pins: [PinItem]
    var data: DataSummary
    var impact: [ImpactRow]
    var subRanges: [SubRangeRow]
    var events: [RefinementStore.Event]
    var newerVersion: NewerVersion?
    /// The refined folder's files (`GET …/files/{name}`); empty when it does not plan.
    var files: [String]
  }

  struct Started: Encodable {
    var id: Int64
    var revision: Int
    var status: RefinementStore.Status
    var outcome: ScenarioStore.Outcome
  }

  // MARK: Access

  static func user(_ context: WorkspaceContext) throws -> User { try ScenarioEndpoints.user(context) }

  static let notFound = APIError.notFound("该细化方案", "refinement")

  /// The `{id}` of the path, or 404.
  static func id(_ context: WorkspaceContext) throws -> Int64 {
    guard let id = context.parameters.get("id", as: Int64.self), id > 0 else { throw notFound }
    return id
  }

  /// True when `user` may see the refinement: the city always, a county its own district's,
  /// a reviewer the submitted, returned and approved ones.
  static func visible(_ item: RefinementStore.Item, to user: User) -> Bool {
    switch user.role {
    case .city: return true
    case .county: return user.district != nil && item.district == user.district
    case .reviewer: return RefinementStore.Status.reviewable.contains(item.status)
    case .admin: return false
    }
  }

  /// A refinement the account may see, or the same 404 as for an id that does not exist.
  static func readable(_ db: Database, _ id: Int64, _ user: User) throws -> RefinementStore.Item {
    guard let item = try RefinementStore.refinement(db, id: id), visible(item, to: user) else { throw notFound }
    return item
  }

  /// A refinement of the county account's own district, or 404.
  static func own(_ db: Database, _ id: Int64, _ user: User) throws -> RefinementStore.Item {
    guard user.role == .county, let item = try RefinementStore.refinement(db, id: id), item.district == user.district else { throw notFound }
    return item
  }

  static func read(_ services: WorkspaceServices, _ context: WorkspaceContext, own mine: Bool) async throws -> (User, RefinementStore.Item) {
    let user = try user(context)
    let id = try id(context)
    let item = try await services.database.pool.read { db in mine ? try own(db, id, user) : try readable(db, id, user) }
    return (user, item)
  }

  // MARK: Building answers

  static func envelopeRows(_ rows: [AllocationRow], refined: Plan? = nil) -> [EnvelopeRow] {
    rows.map { row in
      var total: Int?
      if let refined {
        total =
          refined.policy.category(row.categoryID)?.kind == .social
          ? refined.socialPlans.reduce(0) { $0 + $1.quota }
          : refined.schoolPlans.filter { $0.category.id == row.categoryID }.reduce(0) { $0 + $1.quota }
      }
      return EnvelopeRow(
        district: row.district, category: row.categoryID, categoryName: row.category, quota: row.quota,
        firstNumber: row.quota > 0 ? row.firstNumber : nil, lastNumber: row.quota > 0 ? row.lastNumber : nil, refined: total)
    }
  }

  static func envelope(_ city: RefinementService.City, district: String?) -> Envelope {
    let rows = district.map { city.envelope($0) } ?? city.folder.allocation
    let categories = city.policy.categories.map { category in
      CategoryTotal(
        id: category.id, name: category.name,
        total: city.folder.allocation.filter { $0.categoryID == category.id }.reduce(0) { $0 + $1.quota })
    }
    return Envelope(
      versionId: city.version.id, scenarioId: city.version.scenarioId, name: city.version.publishedName, publishedAt: city.version.publishedAt,
      year: city.policy.year, district: district, districts: district.map { [$0] } ?? city.policy.districts,
      total: categories.reduce(0) { $0 + $1.total }, categories: categories, rows: envelopeRows(rows))
  }

  static func pinItem(_ pin: Pin, policy: Policy) -> PinItem {
    PinItem(
      school: pin.school, district: pin.district, category: pin.category, categoryName: pin.category.flatMap { policy.category($0)?.name },
      grade: pin.grade, quota: pin.exactly, min: pin.exactly ?? pin.atLeast, max: pin.exactly ?? pin.atMost, note: pin.note,
      bounds: pin.bounds)
  }

  /// The detail of a refinement as `user` sees it.
  static func detail(_ item: RefinementStore.Item, user: User, services: WorkspaceServices, language: PageLanguage) async throws -> Detail {
    let service = services.refinements
    let city = try await service.city(version: item.versionId)
    let outcome = try await service.outcome(item)
    let data = try await service.data(item)
    let (events, issue, newerRefinement) = try await services.database.pool.read { db -> ([RefinementStore.Event], ScenarioStore.Version?, Int64?) in
      let issue = try RefinementStore.currentIssue(db)
      let newer = try issue.flatMap { issue in
        issue.id == item.versionId ? nil : try RefinementStore.refinement(db, version: issue.id, district: item.district)?.id
      }
      return (try RefinementStore.events(db, refinement: item.id), issue, newer)
    }
    var newerVersion: NewerVersion?
    if let issue, issue.id != item.versionId, (issue.publishedAt ?? "", issue.id) > (city.version.publishedAt ?? "", city.version.id) {
      let next = try await service.city(version: issue.id)
      let before = city.envelope(item.district)
      let after = next.envelope(item.district)
      var changes: [EnvelopeChange] = []
      for category in next.policy.categories.map(\.id) + city.policy.categories.map(\.id).filter({ id in !next.policy.categories.contains { $0.id == id } }) {
        let old = before.first { $0.categoryID == category }
        let new = after.first { $0.categoryID == category }
        guard old?.quota != new?.quota || old?.firstNumber != new?.firstNumber || old?.lastNumber != new?.lastNumber else { continue }
        changes.append(
          EnvelopeChange(
            category: category, categoryName: (new ?? old)?.category ?? category, before: old?.quota, after: new?.quota,
            firstNumberBefore: old.flatMap { $0.quota > 0 ? $0.firstNumber : nil }, firstNumberAfter: new.flatMap { $0.quota > 0 ? $0.firstNumber : nil },
            lastNumberBefore: old.flatMap { $0.quota > 0 ? $0.lastNumber : nil }, lastNumberAfter: new.flatMap { $0.quota > 0 ? $0.lastNumber : nil }))
      }
      newerVersion = NewerVersion(
        id: issue.id, name: issue.publishedName, publishedAt: issue.publishedAt, districtInPlan: next.policy.districts.contains(item.district),
        refinementId: newerRefinement, envelopeChanges: changes)
    }
    let refinement = outcome.refinement
    var conflicts: [ConflictItem] = []
    switch outcome {
    case .conflict(let found): conflicts = found.map { ConflictItem(rules: $0.rules.map(\.rawValue), message: $0.message) }
    case .failed(let message): conflicts = [ConflictItem(rules: [], message: message)]
    case .planned: break
    }
    let words = RefinementService.words(outcome, district: item.district)
    let isOwner = user.role == .county && user.district == item.district
    let editable = isOwner && RefinementStore.Status.editable.contains(item.status)
    let policy = city.policy
    return Detail(
      id: item.id, versionId: item.versionId, versionName: city.version.publishedName, versionPublishedAt: city.version.publishedAt,
      scenarioId: city.version.scenarioId, district: item.district, status: item.status, statusLabel: item.status.label(language),
      revision: item.revision, outcome: item.outcome, message: words.map { language == .zh ? $0.zh : $0.en }, conflicts: conflicts,
      basedOnId: item.basedOnId, createdAt: item.createdAt, createdBy: item.createdBy, updatedAt: item.updatedAt, updatedBy: item.updatedBy,
      submittedAt: item.submittedAt, decidedAt: item.decidedAt, decidedBy: item.decidedBy, editable: editable,
      submittable: editable && refinement != nil, withdrawable: isOwner && item.status == .submitted,
      envelope: envelopeRows(city.envelope(item.district), refined: refinement?.plan), pins: item.pins.map { pinItem($0, policy: policy) },
      data: DataSummary(
        schools: data.schools.count, grades: data.schools.reduce(0) { $0 + $1.grades.count }, socialUnits: data.social.count,
        rows: data.schools.flatMap { school in
          school.grades.map { grade in
            SchoolRow(
              school: school.name, category: school.category, categoryName: policy.category(school.category)?.name ?? school.category,
              grade: grade.grade, classes: grade.classes, students: grade.students, members: grade.members, isPrivate: school.isPrivate,
              isRural: school.isRural, lastYearQuota: school.lastYearQuota)
          }
        }),
      impact: refinement?.impact.map { row in
        ImpactRow(
          school: row.school, category: row.category, grade: row.grade, cityQuota: row.cityQuota, refinedQuota: row.refinedQuota,
          change: (row.refinedQuota ?? 0) - (row.cityQuota ?? 0), why: RefinementService.why(row.why, language))
      } ?? [],
      subRanges: refinement?.subRanges.map {
        SubRangeRow(category: $0.category, unit: $0.unit, quota: $0.quota, firstNumber: $0.firstNumber, lastNumber: $0.lastNumber)
      } ?? [],
      events: events, newerVersion: newerVersion, files: refinement == nil ? [] : RefinementService.fileNames)
  }

  static func listItem(_ item: RefinementStore.Item, versionName: String?) -> ListItem {
    ListItem(
      id: item.id, versionId: item.versionId, versionName: versionName, district: item.district, status: item.status, revision: item.revision,
      outcome: item.outcome, createdAt: item.createdAt, createdBy: item.createdBy, updatedAt: item.updatedAt, updatedBy: item.updatedBy,
      submittedAt: item.submittedAt, decidedAt: item.decidedAt, decidedBy: item.decidedBy, basedOnId: item.basedOnId)
  }

  // MARK: Checking input

  /// A category as the page names it (id or Chinese name) among the policy's school categories.
  static func categoryID(_ text: String, policy: Policy) -> String? {
    let wanted = School.normalized(text)
    return policy.categories.first { $0.kind == .school && (School.normalized($0.id) == wanted || School.normalized($0.name) == wanted) }?.id
  }

  /// The pins of a request checked against the refinement's schools, as the pins file is
  /// (`PinTable`): each names one school of the district (and one of its grades), gives a
  /// number, and is not given twice. Every problem is listed at once (422 `invalid_pins`).
  static func pins(_ given: [PinBody], schools: [School], district: String, policy: Policy) throws -> [Pin] {
    var problems: [APIError.Problem] = []
    func problem(_ index: Int, _ field: String, _ zh: String, _ en: String) {
      problems.append(APIError.Problem(row: index + 1, column: field, setting: "pins.\(index).\(field)", message: "第 \(index + 1) 条承诺：\(zh)（\(en)）"))
    }
    if given.count > maxPins {
      throw APIError(
        .unprocessableContent, code: "invalid_pins", zh: "承诺最多 \(maxPins) 条，未保存任何更改。", en: "At most \(maxPins) pins; nothing was saved.")
    }
    var pins: [Pin] = []
    var seen: [String: Int] = [:]
    for (index, body) in given.enumerated() {
      let before = problems.count
      let name = School.normalized(body.school)
      if let other = body.district, !other.isEmpty, School.normalized(other) != School.normalized(district) {
        problem(index, "district", "“\(other)”不是本细化方案的区县（\(district)）。", "“\(other)” is not this refinement's district (\(district)).")
        continue
      }
      var category: String?
      if let text = body.category, !text.isEmpty {
        category = categoryID(text, policy: policy)
        if category == nil {
          problem(index, "category", "“\(text)”不是本区县的学校类别。", "“\(text)” is not a school category of the district.")
          continue
        }
      }
      let candidates = schools.filter { $0.matches(name: name, category: category) }
      guard let school = candidates.first, !name.isEmpty else {
        problem(index, "school", "“\(body.school)”不是本区县数据中的学校。", "“\(body.school)” is not a school of the district's data.")
        continue
      }
      if candidates.count > 1 {
        let names = candidates.map { policy.category($0.category)?.name ?? $0.category }.joined(separator: "、")
        problem(
          index, "category", "“\(name)”在 \(candidates.count) 个类别中都有（\(names)），请填写类别。",
          "“\(name)” is a school in \(candidates.count) categories (\(names)); give the category.")
        continue
      }
      if let grade = body.grade, school.record(grade) == nil {
        problem(
          index, "grade", "\(school.name) 没有 \(grade) 年级（有：\(school.grades.map { String($0.grade) }.joined(separator: "、"))）。",
          "\(school.name) has no grade \(grade) (it has \(school.grades.map { String($0.grade) }.joined(separator: ", "))).")
      }
      for (field, value) in [("quota", body.quota), ("min", body.min), ("max", body.max)] {
        if let value, !(0...1_000_000).contains(value) {
          problem(index, field, "\(field) 须为 0 至 1000000 之间的整数，现为 \(value)。", "\(field) must be a whole number from 0 to 1000000, not \(value).")
        }
      }
      if body.quota == nil, body.min == nil, body.max == nil {
        problem(index, "quota", "没有给出数字：请填写固定指标，或至少/至多。", "the pin gives no number: give quota, or min and/or max.")
      }
      if body.quota != nil, body.min != nil || body.max != nil {
        problem(index, "quota", "固定指标不能同时给出至少或至多。", "a fixed quota cannot also have min or max.")
      }
      if let low = body.min, let high = body.max, low > high {
        problem(index, "min", "至少 \(low) 大于至多 \(high)。", "min \(low) is above max \(high).")
      }
      let note = (body.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
      if note.count > maxNoteLength || note.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
        problem(
          index, "note", "说明最多 \(maxNoteLength) 个字符，且不含控制字符。", "a note has at most \(maxNoteLength) characters and no control characters.")
      }
      let key = "\(school.name)#\(school.category)#\(body.grade.map(String.init) ?? "*")"
      if let earlier = seen[key] {
        problem(index, "school", "与第 \(earlier + 1) 条承诺重复。", "the same unit is pinned by pin \(earlier + 1).")
      }
      guard problems.count == before else { continue }
      seen[key] = index
      let exactly = body.quota ?? (body.min != nil && body.min == body.max ? body.min : nil)
      pins.append(
        Pin(
          school: school.name, district: school.district, category: category, grade: body.grade, exactly: exactly,
          atLeast: exactly == nil ? body.min : nil, atMost: exactly == nil ? body.max : nil, note: note, sourceRow: index + 1))
    }
    guard problems.isEmpty else {
      throw APIError(
        .unprocessableContent, code: "invalid_pins",
        zh: "承诺有 \(problems.count) 处问题，未保存任何更改。第一处：\(problems[0].message)",
        en: "The pins have \(problems.count) problem\(problems.count == 1 ? "" : "s"); nothing was saved. The first: \(problems[0].message)",
        problems: problems)
    }
    return pins
  }

  /// Pins that no longer name a school (or grade) of new data: 422 `pins_invalid`, so that new
  /// data never drops a promise unseen.
  static func checkPins(_ pins: [Pin], against schools: [School]) throws {
    let lost = pins.enumerated().filter { _, pin in
      let matching = schools.filter(pin.matches)
      guard matching.count == 1, let school = matching.first else { return true }
      return pin.grade.map { school.record($0) == nil } ?? false
    }
    guard !lost.isEmpty else { return }
    let names = lost.map { $0.element.unit(.zh) }.joined(separator: "、")
    let namesEN = lost.map { $0.element.unit(.en) }.joined(separator: ", ")
    throw APIError(
      .unprocessableContent, code: "pins_invalid",
      zh: "新数据中已没有这些承诺所指的学校或年级：\(names)。请先删除或修改这些承诺，再上传数据；未保存任何更改。",
      en: "The new data no longer has the school or grade these pins name: \(namesEN). Remove or change the pins first, then upload; nothing was saved.",
      problems: lost.map { index, pin in
        APIError.Problem(setting: "pins.\(index)", message: "第 \(index + 1) 条承诺：\(pin.unit(.zh))（pin \(index + 1): \(pin.unit(.en))）")
      })
  }

  /// Schools outside the refinement's district: 422, one problem per school (the CLI's
  /// `CountyData` check).
  static func checkDistrict(_ schools: [School], district: String, file: String) throws {
    let strays = schools.filter { $0.district != district }
    guard let first = strays.first else { return }
    throw APIError(
      .unprocessableContent, code: "invalid_data",
      zh: "上传的数据中有 \(strays.count) 所学校不属于\(district)，未保存任何内容。第一所：\(first.name)（\(first.district)）。只上传本区县的学校。",
      en: "\(strays.count) school\(strays.count == 1 ? " is" : "s are") not in \(district); nothing was saved. The first: \(first.name) (\(first.district)). Upload only the district's schools.",
      problems: strays.map { school in
        APIError.Problem(
          file: file, row: school.grades.first?.sourceRow, column: "district",
          message: "\(school.name) 属于\(school.district)，但此细化方案是\(district)的。（\(school.name) is in \(school.district), but this refinement is for \(district); give only the district's schools.）")
      })
  }

  /// The page's edits applied to the schools, checked as the schools table checks a row.
  static func apply(_ edits: [EditBody], to schools: [School], policy: Policy) throws -> (schools: [School], changes: [String]) {
    guard !edits.isEmpty, edits.count <= maxEdits else {
      throw APIError(
        .unprocessableContent, code: "invalid_edits", zh: "请给出 1 至 \(maxEdits) 处修改。", en: "Give 1 to \(maxEdits) edits.")
    }
    let limits = InputLimits()
    var schools = schools
    var problems: [APIError.Problem] = []
    var changes: [String] = []
    func problem(_ index: Int, _ field: String, _ zh: String, _ en: String) {
      problems.append(APIError.Problem(row: index + 1, column: field, setting: "edits.\(index).\(field)", message: "第 \(index + 1) 处修改：\(zh)（\(en)）"))
    }
    for (index, edit) in edits.enumerated() {
      var category: String?
      if let text = edit.category, !text.isEmpty {
        category = categoryID(text, policy: policy)
        if category == nil {
          problem(index, "category", "“\(text)”不是学校类别。", "“\(text)” is not a school category.")
          continue
        }
      }
      let name = School.normalized(edit.school)
      let found = schools.indices.filter { !name.isEmpty && schools[$0].matches(name: name, category: category) }
      guard let at = found.first else {
        problem(index, "school", "“\(edit.school)”不是本区县数据中的学校。", "“\(edit.school)” is not a school of the district's data.")
        continue
      }
      if found.count > 1 {
        problem(index, "category", "“\(name)”在多个类别中都有，请填写类别。", "“\(name)” is a school in several categories; give the category.")
        continue
      }
      guard let row = schools[at].grades.firstIndex(where: { $0.grade == edit.grade }) else {
        problem(index, "grade", "\(schools[at].name) 没有 \(edit.grade) 年级。", "\(schools[at].name) has no grade \(edit.grade).")
        continue
      }
      if edit.classes == nil, edit.students == nil, edit.members == nil {
        problem(index, "school", "没有要修改的数字（班级数、学生数或团员数）。", "the edit changes nothing: give classes, students or members.")
        continue
      }
      let old = schools[at].grades[row]
      var new = old
      var bad = false
      for (field, value, limit) in [("classes", edit.classes, 10_000), ("students", edit.students, limits.maxStudentsPerGrade), ("members", edit.members, limits.maxStudentsPerGrade)] {
        guard let value else { continue }
        if !(0...limit).contains(value) {
          problem(index, field, "\(field) 须为 0 至 \(limit) 之间的整数，现为 \(value)。", "\(field) must be a whole number from 0 to \(limit), not \(value).")
          bad = true
        }
      }
      if bad { continue }
      new.classes = edit.classes ?? old.classes
      new.students = edit.students ?? old.students
      new.members = edit.members ?? old.members
      if new.members > new.students {
        problem(index, "members", "该年级团员 \(new.members) 人，但学生只有 \(new.students) 人。", "the grade has \(new.members) members but only \(new.students) students.")
      }
      if new.classes > new.students {
        problem(index, "classes", "该年级有 \(new.classes) 个班，但学生只有 \(new.students) 人。", "the grade has \(new.classes) classes but only \(new.students) students.")
      }
      if new.students > 0, new.classes == 0 {
        problem(index, "classes", "该年级有 \(new.students) 名学生，但班级数为 0。", "the grade has \(new.students) students but 0 classes.")
      }
      if new.classes > 0, new.students > limits.maxStudentsPerClass * new.classes {
        problem(
          index, "students", "\(new.classes) 个班 \(new.students) 名学生，超过每班 \(limits.maxStudentsPerClass) 人。",
          "\(new.students) students in \(new.classes) classes is more than \(limits.maxStudentsPerClass) per class.")
      }
      let label = "\(schools[at].name) grade \(edit.grade)"
      var said: [String] = []
      if new.classes != old.classes { said.append("classes \(old.classes)→\(new.classes)") }
      if new.students != old.students { said.append("students \(old.students)→\(new.students)") }
      if new.members != old.members { said.append("members \(old.members)→\(new.members)") }
      if !said.isEmpty { changes.append("\(label): " + said.joined(separator: ", ")) }
      schools[at].grades[row] = new
    }
    guard problems.isEmpty else {
      throw APIError(
        .unprocessableContent, code: "invalid_edits",
        zh: "修改有 \(problems.count) 处问题，未保存任何更改。第一处：\(problems[0].message)",
        en: "The edits have \(problems.count) problem\(problems.count == 1 ? "" : "s"); nothing was saved. The first: \(problems[0].message)",
        problems: problems)
    }
    return (schools, changes)
  }

  /// A pin list in a line of the audit log.
  static func describe(_ pins: [Pin]) -> String {
    pins.isEmpty ? "no pins" : pins.map { "\($0.unit(.en)) \($0.bounds)" }.joined(separator: "; ")
  }

  static func describe(_ schools: [School]) -> String {
    "schools=\(schools.count) grades=\(schools.reduce(0) { $0 + $1.grades.count }) students=\(schools.reduce(0) { $0 + $1.students }) members=\(schools.reduce(0) { $0 + $1.members })"
  }

  /// The detail answer after a change.
  static func answer(_ item: RefinementStore.Item, _ user: User, _ services: WorkspaceServices, _ request: Request, status: HTTPResponse.Status = .ok)
    async throws -> Response
  {
    try JSONResponse.make(try await detail(item, user: user, services: services, language: PageLanguage.of(request)), status: status)
  }

  // MARK: Routes

  static let list: [Endpoint] = [
    Endpoint(
      .get, "/api/versions/{id}/envelope", readers,
      "A published version's envelope: city totals per category and district × category quotas and number ranges (a county: its own district; ?district= for city and reviewers)."
    ) { request, context, services in
      let user = try user(context)
      let id = try ScenarioEndpoints.id(context, "该版本", "version")
      _ = try await services.database.pool.read { db in try ScenarioEndpoints.readableVersion(db, id, user) }
      let city = try await services.refinements.city(version: id)
      var district: String?
      if user.role == .county {
        district = user.district
      } else if let asked = request.uri.queryParameters.get("district").map { String($0) }, !asked.isEmpty {
        guard let known = city.policy.districts.first(where: { School.normalized($0) == School.normalized(asked) }) else {
          throw APIError.notFound("该区县", "district")
        }
        district = known
      }
      if let district, !city.policy.districts.contains(district) { throw APIError.notFound("本区县在此版本中的指标", "envelope of your district in this version") }
      var answer = envelope(city, district: district)
      answer.combinations = try await services.database.pool.read { db in
        try CombinationStore.combinations(db, version: id).filter { $0.outcome == .planned }.sorted { $0.id > $1.id }
          .map { CombinationRef(id: $0.id, createdAt: $0.createdAt) }
      }
      return try JSONResponse.make(answer)
    },
    Endpoint(
      .post, "/api/versions/{id}/refinements", county,
      "Starts the county's refinement of its district in a published version (body {fromRefinement?}: copy the data and pins of its refinement of another version); 201 {id}."
    ) { request, context, services in
      let user = try user(context)
      let id = try ScenarioEndpoints.id(context, "该版本", "version")
      guard let district = user.district else { throw APIError.forbidden }
      let buffer: ByteBuffer
      do {
        buffer = try await request.body.collect(upTo: 64 * 1024)
      } catch {
        throw APIError(.contentTooLarge, code: "too_large", zh: "请求内容过大（上限 64 KB）。", en: "The request is too large (at most 64 KB).")
      }
      let raw = Data(buffer.readableBytesView)
      let body: StartBody
      if raw.allSatisfy({ [0x20, 0x0A, 0x0D, 0x09].contains($0) }) {
        body = StartBody()
      } else {
        do {
          body = try JSONDecoder().decode(StartBody.self, from: raw)
        } catch {
          throw APIError(.badRequest, code: "bad_json", zh: "请求内容不是所需的 JSON：{fromRefinement?}。", en: "The request body is not the JSON expected: {fromRefinement?}.")
        }
      }
      let (from, _) = try await services.database.pool.read { db -> (RefinementStore.Item?, ScenarioStore.Version) in
        let version = try ScenarioEndpoints.readableVersion(db, id, user)
        guard version.isPublished else { throw APIError.notFound("该版本", "version") }
        // Only the county's own district's refinement can be copied; another's is 404 like a missing one.
        let from = try body.fromRefinement.map { try own(db, $0, user) }
        return (from, version)
      }
      let item = try await services.refinements.start(version: id, district: district, from: from, by: user)
      return try JSONResponse.make(Started(id: item.id, revision: item.revision, status: item.status, outcome: item.outcome), status: .created)
    },
    Endpoint(
      .get, "/api/refinements", readers,
      "Refinements (?version=): a county's own district's, a reviewer's submitted, returned and approved ones, the city's all."
    ) { request, context, services in
      let user = try user(context)
      let version = request.uri.queryParameters.get("version", as: Int64.self)
      let items = try await services.database.pool.read { db -> [ListItem] in
        let items: [RefinementStore.Item]
        switch user.role {
        case .county:
          guard let district = user.district else { return [] }
          items = try RefinementStore.refinements(db, version: version, district: district)
        case .reviewer: items = try RefinementStore.refinements(db, version: version, statuses: RefinementStore.Status.reviewable)
        case .city: items = try RefinementStore.refinements(db, version: version)
        case .admin: items = []
        }
        var names: [Int64: String?] = [:]
        return try items.map { item in
          if names[item.versionId] == nil { names[item.versionId] = .some(try ScenarioStore.version(db, id: item.versionId)?.publishedName) }
          return listItem(item, versionName: names[item.versionId] ?? nil)
        }
      }
      return try JSONResponse.make(items)
    },
    Endpoint(
      .get, "/api/refinements/{id}", readers,
      "One refinement: status, revision, envelope, pins, data, impact against the city's split with why, school sub-ranges, history, and a newer city version to re-confirm against."
    ) { request, context, services in
      let (user, item) = try await read(services, context, own: false)
      return try await answer(item, user, services, request)
    },
    Endpoint(
      .get, "/api/refinements/{id}/files/{name}", readers,
      "Downloads one file of the refined district's folder, byte-identical to quotaplan refine (plan.csv, allocation.csv with school sub-ranges, impact.csv, plan.xlsx, …)."
    ) { request, context, services in
      let (_, item) = try await read(services, context, own: false)
      let name = context.parameters.get("name") ?? ""
      guard RefinementService.fileNames.contains(name) else {
        throw APIError(
          .notFound, code: "not_found", zh: "细化方案文件夹中没有“\(name)”。可下载：\(RefinementService.fileNames.joined(separator: "、"))。",
          en: "A refined folder has no file “\(name)”; the files are \(RefinementService.fileNames.joined(separator: ", ")).")
      }
      guard let files = try await services.refinements.files(item), let data = files[name] else {
        let words = RefinementService.words(try await services.refinements.outcome(item), district: item.district)
        throw APIError(
          .conflict, code: "not_planned", zh: (words?.zh ?? "") + "\n因此没有可下载的文件。", en: (words?.en ?? "") + "\nSo there are no files to download.")
      }
      let number = try await services.database.pool.read { db in try ScenarioStore.version(db, id: item.versionId)?.number } ?? 0
      return ScenarioEndpoints.file(data, name: name, downloadName: "\(item.district)-v\(number)-r\(item.revision)-\(name)")
    },
    Endpoint(
      .put, "/api/refinements/{id}/pins", county,
      "Replaces the refinement's pins ({expectedRevision, pins: [{school, category?, grade?, quota? | min?, max?, note?}]}) and plans again; 200 with the new detail."
    ) { request, context, services in
      let (user, item) = try await read(services, context, own: true)
      let body = try await JSONResponse.decode(PinsBody.self, from: request, context: context, limit: 1024 * 1024)
      guard RefinementStore.Status.editable.contains(item.status) else { throw RefinementStore.notEditable(item.status) }
      if item.revision != body.expectedRevision { throw RefinementStore.stale(item.revision) }
      let city = try await services.refinements.city(version: item.versionId)
      let data = try await services.refinements.data(item)
      let pins = try pins(body.pins, schools: data.schools, district: item.district, policy: city.policy)
      let changed = try await services.refinements.edit(
        item, expectedRevision: body.expectedRevision, schools: nil, pins: pins, by: user, action: "refinement_pins",
        before: describe(item.pins), after: describe(pins))
      return try await answer(changed, user, services, request)
    },
    Endpoint(
      .put, "/api/refinements/{id}/schools", county,
      "Replaces the district's schools with an uploaded table (the raw CSV or XLSX as the body, ?filename=, ?expectedRevision=), read as quotaplan refine --data reads it; plans again."
    ) { request, context, services in
      let (user, item) = try await read(services, context, own: true)
      guard let expected = request.uri.queryParameters.get("expectedRevision", as: Int.self) else {
        throw APIError.badRequest("请在地址中给出 expectedRevision（所依据的修订号）。", "Give ?expectedRevision= (the revision the upload was made from).")
      }
      guard RefinementStore.Status.editable.contains(item.status) else { throw RefinementStore.notEditable(item.status) }
      if item.revision != expected { throw RefinementStore.stale(item.revision) }
      let name = RawUpload.fileName(request, fallback: "schools.csv")
      let bytes = try await RawUpload.bytes(request, name: name)
      let city = try await services.refinements.city(version: item.versionId)
      let tables = try await UploadEndpoints.read(policy: city.policy, schools: UploadedTables.File(name: name, data: bytes), social: nil)
      let schools = tables.schools ?? []
      try checkDistrict(schools, district: item.district, file: name)
      try checkPins(item.pins, against: schools)
      let before = try await services.refinements.data(item).schools
      let changed = try await services.refinements.edit(
        item, expectedRevision: expected, schools: schools, pins: nil, by: user, action: "refinement_data", before: describe(before),
        after: "file=\(name) " + describe(schools))
      return try await answer(changed, user, services, request)
    },
    Endpoint(
      .patch, "/api/refinements/{id}/schools", county,
      "Changes school-grades' classes, students or members ({expectedRevision, edits: [{school, category?, grade, classes?, students?, members?}]}) and plans again."
    ) { request, context, services in
      let (user, item) = try await read(services, context, own: true)
      let body = try await JSONResponse.decode(EditsBody.self, from: request, context: context, limit: 1024 * 1024)
      guard RefinementStore.Status.editable.contains(item.status) else { throw RefinementStore.notEditable(item.status) }
      if item.revision != body.expectedRevision { throw RefinementStore.stale(item.revision) }
      let city = try await services.refinements.city(version: item.versionId)
      let data = try await services.refinements.data(item)
      let (schools, changes) = try apply(body.edits, to: data.schools, policy: city.policy)
      let changed = try await services.refinements.edit(
        item, expectedRevision: body.expectedRevision, schools: schools, pins: nil, by: user, action: "refinement_data",
        before: describe(data.schools), after: changes.isEmpty ? "no change" : changes.joined(separator: "\n"))
      return try await answer(changed, user, services, request)
    },
    Endpoint(
      .post, "/api/refinements/{id}/submit", county,
      "Submits a planned refinement for review ({expectedRevision}); 422 refinement_breaks_rules says in words which rule or envelope it breaks."
    ) { request, context, services in
      let (user, item) = try await read(services, context, own: true)
      let body = try await JSONResponse.decode(RevisionBody.self, from: request, context: context, limit: 64 * 1024)
      if item.revision != body.expectedRevision { throw RefinementStore.stale(item.revision) }
      guard RefinementStore.Status.editable.contains(item.status) else { throw RefinementStore.wrongStatus(item.status, to: .submitted) }
      let outcome = try await services.refinements.outcome(item)
      if let words = RefinementService.words(outcome, district: item.district) {
        var problems: [APIError.Problem] = []
        if case .conflict(let conflicts) = outcome {
          problems = conflicts.map {
            APIError.Problem(message: $0.message, messageZH: $0.messageZH, rule: $0.rules.map(\.rawValue).joined(separator: "+"))
          }
        }
        throw APIError(.unprocessableContent, code: "refinement_breaks_rules", zh: words.zh, en: words.en, problems: problems)
      }
      let changed = try await services.database.pool.write { db in
        try RefinementStore.setStatus(
          db, id: item.id, from: RefinementStore.Status.editable, to: .submitted, expectedRevision: body.expectedRevision, by: user,
          eventKind: .submit)
      }
      return try await answer(changed, user, services, request)
    },
    Endpoint(
      .post, "/api/refinements/{id}/withdraw", county, "Withdraws a submitted refinement ({expectedRevision}): it is a draft again."
    ) { request, context, services in
      let (user, item) = try await read(services, context, own: true)
      let body = try await JSONResponse.decode(RevisionBody.self, from: request, context: context, limit: 64 * 1024)
      let changed = try await services.database.pool.write { db in
        try RefinementStore.setStatus(
          db, id: item.id, from: [.submitted], to: .draft, expectedRevision: body.expectedRevision, by: user, eventKind: .withdraw)
      }
      return try await answer(changed, user, services, request)
    },
  ]
}
