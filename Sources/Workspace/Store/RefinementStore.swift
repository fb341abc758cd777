import Foundation
import GRDB
import QuotaPlan

/// County refinements in the database (tables `refinement` and `refinement_event`; see `Schema`).
///
/// A refinement is one district's split of one published version: the county's data (a dataset
/// row holding only its district's schools and social units), its pins, a status and a revision.
/// Every change goes through this store, and each is ONE transaction: the refinement row, its
/// `refinement_event` row and its `AuditLog` entry are written together or not at all.
///
/// Optimistic concurrency: every change names the revision it was made from
/// (`expectedRevision`); when the row has moved on, the change is refused with 409 `stale` and
/// the current revision. Every change of the row adds 1 to the revision (the database refuses a
/// revision that does not move forward); a comment changes no data and keeps the revision.
///
/// Status: `draft` → `submitted` → `approved` | `returned`; a change of data or pins turns a
/// `returned` refinement back into a `draft`; `submitted` → withdraw → `draft`. A district
/// without a row is `not_started` (never stored).
public enum RefinementStore {
  /// Where a district's refinement of a version stands.
  public enum Status: String, Sendable, Codable, CaseIterable {
    /// No refinement row for the district: never stored, only reported (the board).
    case notStarted = "not_started"
    case draft, submitted, returned, approved

    /// The statuses in which the county may change data and pins.
    public static let editable: Set<Status> = [.draft, .returned]
    /// The statuses a reviewer may see.
    public static let reviewable: Set<Status> = [.submitted, .returned, .approved]

    /// The word the page shows.
    public func label(_ language: PageLanguage) -> String {
      switch (self, language) {
      case (.notStarted, .zh): return "未开始"
      case (.draft, .zh): return "草稿"
      case (.submitted, .zh): return "已提交"
      case (.returned, .zh): return "已退回"
      case (.approved, .zh): return "已通过"
      case (.notStarted, .en): return "not started"
      case (.draft, .en): return "draft"
      case (.submitted, .en): return "submitted"
      case (.returned, .en): return "returned"
      case (.approved, .en): return "approved"
      }
    }
  }

  /// The kinds of `refinement_event` rows (the schema's CHECK lists the same words).
  public enum EventKind: String, Sendable, Codable, CaseIterable {
    case start, edit, comment, submit, withdraw, approve, `return`

    /// The audit log's action for an event of this kind (`refinement_submit`, …); an edit is
    /// `refinement_pins` or `refinement_data`, named by the caller.
    public var auditAction: String { "refinement_\(rawValue)" }
  }

  /// One refinement row, as the API shows it (the pins decoded; the dataset by id).
  public struct Item: Sendable, Codable, Equatable {
    public var id: Int64
    public var versionId: Int64
    public var district: String
    public var status: Status
    public var revision: Int
    public var outcome: ScenarioStore.Outcome
    /// The engine's sentences when planning did not give a plan (English; the service words them).
    public var outcomeMessage: String?
    public var basedOnId: Int64?
    public var createdBy: String?
    public var createdAt: String
    public var updatedBy: String?
    public var updatedAt: String
    public var submittedAt: String?
    public var decidedBy: String?
    public var decidedAt: String?
    /// Not sent: the stored data and pins.
    public var datasetID: Int64 = 0
    public var pins: [Pin] = []

    enum CodingKeys: String, CodingKey {
      case id, versionId, district, status, revision, outcome, outcomeMessage, basedOnId, createdBy, createdAt, updatedBy, updatedAt,
        submittedAt, decidedBy, decidedAt
    }

    /// `version:V/district:D/refinement:R`: the audit log's target.
    public var auditTarget: String { "version:\(versionId)/district:\(district)/refinement:\(id)" }
  }

  /// One entry of a refinement's history.
  public struct Event: Sendable, Codable, Equatable {
    public var id: Int64
    public var at: String
    public var user: String?
    /// The account's role when it is still known (the page marks the city's and reviewers' words).
    public var role: Role?
    public var kind: EventKind
    public var revision: Int
    public var text: String?
  }

  /// What planning the refinement's data and pins gave, as stored with it.
  public struct Planned: Sendable, Equatable {
    public var outcome: ScenarioStore.Outcome
    public var message: String?

    public init(outcome: ScenarioStore.Outcome, message: String?) {
      self.outcome = outcome
      self.message = message
    }
  }

  // MARK: Reading

  static let select = """
    SELECT r.*, cu.name AS created_by_name, uu.name AS updated_by_name, du.name AS decided_by_name FROM refinement r
    LEFT JOIN user cu ON cu.id = r.created_by LEFT JOIN user uu ON uu.id = r.updated_by LEFT JOIN user du ON du.id = r.decided_by
    """

  static func item(_ row: Row) throws -> Item {
    Item(
      id: row["id"], versionId: row["version_id"], district: row["district"], status: Status(rawValue: row["status"]) ?? .draft,
      revision: row["revision"], outcome: ScenarioStore.Outcome(rawValue: row["outcome"]) ?? .failed, outcomeMessage: row["outcome_message"],
      basedOnId: row["based_on_id"], createdBy: row["created_by_name"], createdAt: row["created_at"], updatedBy: row["updated_by_name"],
      updatedAt: row["updated_at"], submittedAt: row["submitted_at"], decidedBy: row["decided_by_name"], decidedAt: row["decided_at"],
      datasetID: row["dataset_id"], pins: try JSONDecoder().decode([Pin].self, from: Data((row["pins_json"] as String).utf8)))
  }

  /// The refinement with this id, whoever asks (callers check who may see it).
  public static func refinement(_ db: Database, id: Int64) throws -> Item? {
    try Row.fetchOne(db, sql: select + " WHERE r.id = ?", arguments: [id]).map(item)
  }

  /// A district's refinement of a version, if the county has started one.
  public static func refinement(_ db: Database, version: Int64, district: String) throws -> Item? {
    try Row.fetchOne(db, sql: select + " WHERE r.version_id = ? AND r.district = ?", arguments: [version, district]).map(item)
  }

  /// Refinements, newest version first and then by id; each filter narrows when given
  /// (`statuses` empty: none).
  public static func refinements(
    _ db: Database, version: Int64? = nil, district: String? = nil, statuses: Set<Status>? = nil
  ) throws -> [Item] {
    var conditions: [String] = []
    var arguments: StatementArguments = []
    if let version {
      conditions.append("r.version_id = ?")
      _ = arguments.append(contentsOf: [version])
    }
    if let district {
      conditions.append("r.district = ?")
      _ = arguments.append(contentsOf: [district])
    }
    if let statuses {
      let stored = statuses.filter { $0 != .notStarted }.map(\.rawValue).sorted()
      if stored.isEmpty { return [] }
      conditions.append("r.status IN (\(stored.map { _ in "?" }.joined(separator: ", ")))")
      _ = arguments.append(contentsOf: StatementArguments(stored))
    }
    let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
    return try Row.fetchAll(db, sql: select + filter + " ORDER BY r.version_id DESC, r.id", arguments: arguments).map(item)
  }

  /// The current issue: the newest published version of all (by publication time, then id),
  /// the one counties are asked to refine.
  public static func currentIssue(_ db: Database) throws -> ScenarioStore.Version? {
    try Row.fetchOne(
      db, sql: ScenarioStore.versionSelect + " WHERE v.published_at IS NOT NULL ORDER BY v.published_at DESC, v.id DESC LIMIT 1"
    ).map(ScenarioStore.version)
  }

  /// A refinement's history, oldest first.
  public static func events(_ db: Database, refinement: Int64) throws -> [Event] {
    try Row.fetchAll(
      db, sql: "SELECT e.*, u.role AS user_role FROM refinement_event e LEFT JOIN user u ON u.id = e.user_id WHERE e.refinement_id = ? ORDER BY e.id",
      arguments: [refinement]
    ).map {
      Event(
        id: $0["id"], at: $0["at"], user: $0["user_name"], role: ($0["user_role"] as String?).flatMap(Role.init(rawValue:)),
        kind: EventKind(rawValue: $0["kind"]) ?? .comment, revision: $0["revision"], text: $0["text"])
    }
  }

  // MARK: Writing

  /// Starts a district's refinement of a version: a `draft` at revision 1 with its `start` event
  /// and its `refinement_start` audit entry. 409 `exists` (with `details.id`) when the district
  /// has one already.
  @discardableResult
  public static func start(
    _ db: Database, version: Int64, district: String, dataset: Int64, pins: [Pin], planned: Planned, basedOn: Int64?, by user: User
  ) throws -> Item {
    if let existing = try refinement(db, version: version, district: district) { throw exists(existing.id) }
    let now = Timestamp.now()
    try db.execute(
      sql: """
        INSERT INTO refinement (version_id, district, status, revision, dataset_id, pins_json, outcome, outcome_message, based_on_id,
          created_by, created_at, updated_by, updated_at)
        VALUES (?, ?, 'draft', 1, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
      arguments: [
        version, district, dataset, try pinsJSON(pins), planned.outcome.rawValue, planned.message, basedOn, user.id, now, user.id, now,
      ])
    let id = db.lastInsertedRowID
    guard let item = try refinement(db, id: id) else { throw StoreError("refinement \(id) vanished") }
    let text = basedOn.map { "copied from refinement \($0)" }
    try event(db, item, kind: .start, by: user, text: text)
    try AuditLog.append(
      db, user: user, action: EventKind.start.auditAction, target: item.auditTarget, after: describe(item),
      comment: text, versionID: version, district: district)
    return item
  }

  /// Changes a refinement's data and/or pins (nil: kept) with what planning them gave, from
  /// `expectedRevision`; only a county of the district calls this (the caller checks). A
  /// `returned` refinement becomes a `draft`. `action` is the audit action
  /// (`refinement_pins` or `refinement_data`); `before`/`after` say what changed, briefly.
  @discardableResult
  public static func edit(
    _ db: Database, id: Int64, expectedRevision: Int, dataset: Int64?, pins: [Pin]?, planned: Planned, by user: User, action: String,
    before: String?, after: String?
  ) throws -> Item {
    guard let current = try refinement(db, id: id) else { throw APIError.notFound("该细化方案", "refinement") }
    guard Status.editable.contains(current.status) else { throw notEditable(current.status) }
    if current.revision != expectedRevision { throw stale(current.revision) }
    try db.execute(
      sql: """
        UPDATE refinement SET status = 'draft', revision = revision + 1, dataset_id = ?, pins_json = ?, outcome = ?, outcome_message = ?,
          updated_by = ?, updated_at = ?
        WHERE id = ? AND revision = ?
        """,
      arguments: [
        dataset ?? current.datasetID, try pinsJSON(pins ?? current.pins), planned.outcome.rawValue, planned.message, user.id,
        Timestamp.now(), id, expectedRevision,
      ])
    guard db.changesCount == 1, let item = try refinement(db, id: id) else { throw stale(current.revision) }
    let statusNote = current.status == .draft ? nil : "status \(current.status.rawValue) → draft"
    try event(db, item, kind: .edit, by: user, text: [action, statusNote].compactMap { $0 }.joined(separator: "; "))
    try AuditLog.append(
      db, user: user, action: action, target: item.auditTarget, before: before, after: after,
      comment: ["revision \(current.revision) → \(item.revision)", "outcome=\(planned.outcome.rawValue)", statusNote]
        .compactMap { $0 }.joined(separator: "; "),
      versionID: item.versionId, district: item.district)
    return item
  }

  /// Moves a refinement from one of `from` to `to`, from `expectedRevision`, with its event
  /// (`eventKind`, `text`: the comment or reason) and its audit entry (`eventKind.auditAction`).
  /// Submitting sets `submitted_at`; approving or returning sets who decided and when;
  /// withdrawing clears `submitted_at`. The caller checks the role and anything else the move
  /// needs (a planned outcome to submit, a comment to return).
  ///
  /// Refusals: 404 when there is no such refinement, 409 `stale` (the current revision in
  /// `details.currentRevision`) when the revision moved on, 409 `wrong_status` naming the status
  /// when it is not one of `from`.
  @discardableResult
  public static func setStatus(
    _ db: Database, id: Int64, from: Set<Status>, to: Status, expectedRevision: Int, by user: User, eventKind: EventKind, text: String? = nil
  ) throws -> Item {
    guard to != .notStarted else { throw StoreError("a refinement cannot be set to not_started") }
    guard let current = try refinement(db, id: id) else { throw APIError.notFound("该细化方案", "refinement") }
    if current.revision != expectedRevision { throw stale(current.revision) }
    guard from.contains(current.status) else { throw wrongStatus(current.status, to: to) }
    let now = Timestamp.now()
    var sets = ["status = ?", "revision = revision + 1", "updated_by = ?", "updated_at = ?"]
    var arguments: StatementArguments = [to.rawValue, user.id, now]
    switch to {
    case .submitted:
      sets.append("submitted_at = ?")
      _ = arguments.append(contentsOf: [now])
    case .approved, .returned:
      sets += ["decided_by = ?", "decided_at = ?"]
      _ = arguments.append(contentsOf: [user.id, now])
    case .draft:
      if current.status == .submitted { sets.append("submitted_at = NULL") }
    case .notStarted:
      break
    }
    _ = arguments.append(contentsOf: [id, expectedRevision])
    try db.execute(sql: "UPDATE refinement SET \(sets.joined(separator: ", ")) WHERE id = ? AND revision = ?", arguments: arguments)
    guard db.changesCount == 1, let item = try refinement(db, id: id) else { throw stale(current.revision) }
    try event(db, item, kind: eventKind, by: user, text: text)
    try AuditLog.append(
      db, user: user, action: eventKind.auditAction, target: item.auditTarget, before: "status=\(current.status.rawValue) revision=\(current.revision)",
      after: "status=\(item.status.rawValue) revision=\(item.revision)", comment: text, versionID: item.versionId, district: item.district)
    return item
  }

  /// Adds a comment to a refinement's history (the revision stays), with its audit entry.
  @discardableResult
  public static func comment(_ db: Database, id: Int64, text: String, by user: User) throws -> Event {
    guard let current = try refinement(db, id: id) else { throw APIError.notFound("该细化方案", "refinement") }
    let event = try event(db, current, kind: .comment, by: user, text: text)
    try AuditLog.append(
      db, user: user, action: EventKind.comment.auditAction, target: current.auditTarget, comment: text, versionID: current.versionId,
      district: current.district)
    return event
  }

  @discardableResult
  static func event(_ db: Database, _ item: Item, kind: EventKind, by user: User, text: String?) throws -> Event {
    let now = Timestamp.now()
    try db.execute(
      sql: "INSERT INTO refinement_event (refinement_id, at, user_id, user_name, kind, revision, text) VALUES (?, ?, ?, ?, ?, ?, ?)",
      arguments: [item.id, now, user.id, user.name, kind.rawValue, item.revision, text])
    return Event(id: db.lastInsertedRowID, at: now, user: user.name, role: user.role, kind: kind, revision: item.revision, text: text)
  }

  static func pinsJSON(_ pins: [Pin]) throws -> String {
    String(decoding: try ScenarioStore.encode(pins), as: UTF8.self)
  }

  static func describe(_ item: Item) -> String {
    "status=\(item.status.rawValue) revision=\(item.revision) pins=\(item.pins.count) outcome=\(item.outcome.rawValue)"
  }

  // MARK: Refusals

  /// 409 `stale`: the refinement moved on since the page read it.
  public static func stale(_ current: Int) -> APIError {
    APIError(
      .conflict, code: "stale", zh: "此细化方案已被修改（现为第 \(current) 次修订），您的更改未保存。请重新载入后再修改。",
      en: "This refinement has changed since you read it (it is now at revision \(current)); your change was not saved. Please reload and make it again.",
      details: ["currentRevision": .number(Double(current))])
  }

  /// 409 `exists`: the district has a refinement of this version already.
  public static func exists(_ id: Int64) -> APIError {
    APIError(
      .conflict, code: "exists", zh: "本区县已有此版本的细化方案，请打开它继续修改。", en: "Your district has a refinement of this version already; open it to go on.",
      details: ["id": .number(Double(id))])
  }

  /// 409 `not_editable`: submitted and approved refinements are not changed.
  public static func notEditable(_ status: Status) -> APIError {
    switch status {
    case .submitted:
      return APIError(
        .conflict, code: "not_editable", zh: "此细化方案已提交审核，不能修改。如需修改，请先撤回提交。",
        en: "This refinement is submitted for review and cannot be changed; withdraw the submission first to change it.",
        details: ["status": .string(status.rawValue)])
    default:
      return APIError(
        .conflict, code: "not_editable", zh: "此细化方案已通过审核，不能再修改。如需修改，请联系团市委退回。",
        en: "This refinement is approved and cannot be changed; ask the city committee to return it if it must change.",
        details: ["status": .string(status.rawValue)])
    }
  }

  /// 409 `wrong_status`: the move does not start from the refinement's status.
  public static func wrongStatus(_ status: Status, to: Status) -> APIError {
    APIError(
      .conflict, code: "wrong_status",
      zh: "此细化方案当前为“\(status.label(.zh))”，不能改为“\(to.label(.zh))”。请重新载入查看最新状态。",
      en: "This refinement is \(status.label(.en)) now, so it cannot become \(to.label(.en)); reload to see where it stands.",
      details: ["status": .string(status.rawValue)])
  }
}
