import Foundation
import GRDB
import Hummingbird
import QuotaPlan

/// Review of county refinements and of published plans, and the status board.
///
/// - **Approve** (city, reviewer): a `submitted` refinement becomes `approved`, with an optional
///   comment.
/// - **Return** (city, reviewer): a `submitted` refinement goes back to its county as `returned`,
///   with a comment that is required (the county must know what to fix). An `approved`
///   refinement is final for the reviewer; only the city committee, which answers for the final
///   plan, may still return it.
/// - **Comments** (city, reviewer, the district's county): words in the refinement's history.
/// - **Reviews** of a published plan (reviewer, city): approve, return (reason required) or comment.
/// - **Board** (city, reviewer): every district of a version, where its refinement stands.
///
/// Every action is one transaction: the refinement (or review) row, its `refinement_event`
/// and its audit entry with the version and the district. A refinement the caller may not see
/// answers 404, whatever it is (another district's, a draft for a reviewer): never its name.
enum ReviewEndpoints {
  static let deciders = Access.roles([.city, .reviewer])

  /// The longest comment or reason (characters).
  static let textLimit = 4000

  // MARK: Bodies and answers

  struct DecisionBody: Decodable {
    var expectedRevision: Int
    var comment: String?
  }

  struct CommentBody: Decodable {
    var text: String
  }

  struct ReviewBody: Decodable {
    var decision: String
    var text: String?
  }

  /// The newest words said about a refinement (a comment, or the reason of a decision).
  struct LastComment: Encodable {
    var at: String
    var user: String?
    var kind: RefinementStore.EventKind
    var text: String
  }

  /// One district's row of the board.
  struct BoardRow: Encodable {
    var district: String
    var status: RefinementStore.Status
    var refinementId: Int64?
    var revision: Int?
    var outcome: ScenarioStore.Outcome?
    var createdAt: String?
    var updatedAt: String?
    var submittedAt: String?
    var decidedAt: String?
    var decidedBy: String?
    var lastComment: LastComment?
  }

  struct CombinationItem: Encodable {
    var id: Int64
    var createdAt: String
    var createdBy: String?
    var refinements: [TakenItem]
  }

  struct TakenItem: Encodable {
    var refinementId: Int64
    var district: String
    var revision: Int
  }

  struct Board: Encodable {
    var versionId: Int64
    var scenarioId: Int64
    var number: Int
    var publishedName: String?
    var publishedAt: String?
    /// How many districts stand at each status.
    var counts: [String: Int]
    var districts: [BoardRow]
    var reviews: [VersionReviewStore.Review]
    var combinations: [CombinationItem]
  }

  // MARK: Helpers

  /// The refinement `id` if `user` may see it, else 404: the city sees every one, a reviewer
  /// the submitted, returned and approved ones, a county its own district's only.
  static func visibleRefinement(_ db: Database, _ id: Int64, _ user: User) throws -> RefinementStore.Item {
    let notFound = APIError.notFound("该细化方案", "refinement")
    guard let item = try RefinementStore.refinement(db, id: id) else { throw notFound }
    switch user.role {
    case .city: return item
    case .reviewer: guard RefinementStore.Status.reviewable.contains(item.status) else { throw notFound }
    case .county: guard let district = user.district, item.district == district else { throw notFound }
    case .admin: throw notFound
    }
    return item
  }

  /// Words as stored: trimmed, nil when empty; 422 when too long or holding control characters.
  static func words(_ raw: String?) throws -> String? {
    guard let trimmed = raw?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
    guard trimmed.count <= textLimit else {
      throw APIError(
        .unprocessableContent, code: "text_too_long", zh: "意见最多 \(textLimit) 个字（现有 \(trimmed.count) 个），未保存。",
        en: "A comment holds at most \(textLimit) characters (this one has \(trimmed.count)); nothing was saved.")
    }
    guard !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\t" && $0 != "\r" }) else {
      throw APIError(
        .unprocessableContent, code: "invalid_text", zh: "意见中含有控制字符，未保存。", en: "The comment holds control characters; nothing was saved.")
    }
    return trimmed
  }

  static let commentRequired = APIError(
    .unprocessableContent, code: "comment_required", zh: "退回时必须填写意见，说明需要修改什么，县级团委才能据此修改。未保存。",
    en: "Returning needs a comment saying what to change, so the county committee knows what to fix; nothing was saved.")

  static func cannotApprove(_ status: RefinementStore.Status) -> APIError {
    switch status {
    case .approved:
      return APIError(
        .conflict, code: "wrong_status", zh: "此细化方案已审核通过，无需再次通过。", en: "This refinement is approved already.",
        details: ["status": .string(status.rawValue)])
    case .returned:
      return APIError(
        .conflict, code: "wrong_status", zh: "此细化方案已被退回，县级团委修改并重新提交后才能审核通过。",
        en: "This refinement was returned; it can be approved once the county committee has fixed and submitted it again.",
        details: ["status": .string(status.rawValue)])
    default:
      return APIError(
        .conflict, code: "wrong_status", zh: "此细化方案还是草稿，县级团委尚未提交，不能审核通过。请等待提交。",
        en: "This refinement is still a draft that the county committee has not submitted, so it cannot be approved; wait for the submission.",
        details: ["status": .string(status.rawValue)])
    }
  }

  static func cannotReturn(_ status: RefinementStore.Status, by role: Role) -> APIError {
    switch status {
    case .approved:
      return APIError(
        .conflict, code: "wrong_status", zh: "此细化方案已审核通过，审核人不能再退回；如确需修改，请团市委退回。",
        en: "This refinement is approved, which is final for a reviewer; if it must change, the city committee can return it.",
        details: ["status": .string(status.rawValue)])
    case .returned:
      return APIError(
        .conflict, code: "wrong_status", zh: "此细化方案已被退回，正等待县级团委修改。", en: "This refinement is returned already and waits for the county committee.",
        details: ["status": .string(status.rawValue)])
    default:
      return APIError(
        .conflict, code: "wrong_status", zh: "此细化方案还是草稿，县级团委尚未提交，无需退回；可以留言说明意见。",
        en: "This refinement is still a draft that the county committee has not submitted, so there is nothing to return; leave a comment instead.",
        details: ["status": .string(status.rawValue)])
    }
  }

  /// Moves a refinement the caller may see, in one transaction with its event and audit entry.
  static func decide(
    _ services: WorkspaceServices, id: Int64, user: User, expectedRevision: Int, to: RefinementStore.Status, text: String?
  ) async throws -> RefinementStore.Item {
    try await services.database.pool.write { db in
      let item = try visibleRefinement(db, id, user)
      if item.revision != expectedRevision { throw RefinementStore.stale(item.revision) }
      let from: Set<RefinementStore.Status>
      switch to {
      case .approved:
        from = [.submitted]
        guard from.contains(item.status) else { throw cannotApprove(item.status) }
        return try RefinementStore.setStatus(
          db, id: id, from: from, to: .approved, expectedRevision: expectedRevision, by: user, eventKind: .approve, text: text)
      default:
        from = user.role == .city ? [.submitted, .approved] : [.submitted]
        guard from.contains(item.status) else { throw cannotReturn(item.status, by: user.role) }
        return try RefinementStore.setStatus(
          db, id: id, from: from, to: .returned, expectedRevision: expectedRevision, by: user, eventKind: .return, text: text)
      }
    }
  }

  /// A published version the caller may review: 404 when it does not exist or (for a reviewer)
  /// is not published; 409 `not_published` when the city asks about an unpublished one.
  static func reviewableVersion(_ db: Database, _ id: Int64, _ user: User) throws -> ScenarioStore.Version {
    let version = try ScenarioEndpoints.readableVersion(db, id, user)
    guard version.isPublished else {
      throw APIError(
        .conflict, code: "not_published", zh: "此版本尚未发布，不能审核。", en: "This version is not published, so it cannot be reviewed.")
    }
    return version
  }

  static func board(_ db: Database, version: ScenarioStore.Version, user: User) throws -> Board {
    let policy = try ScenarioStore.policy(of: version)
    let refinements = try RefinementStore.refinements(db, version: version.id)
    let byDistrict = Dictionary(refinements.map { ($0.district, $0) }, uniquingKeysWith: { first, _ in first })
    var last: [Int64: LastComment] = [:]
    let rows = try Row.fetchAll(
      db,
      sql: """
        SELECT e.refinement_id, e.at, e.user_name, e.kind, e.text FROM refinement_event e JOIN refinement r ON r.id = e.refinement_id
        WHERE r.version_id = ? AND e.kind IN ('comment', 'submit', 'withdraw', 'approve', 'return') AND e.text IS NOT NULL AND e.text <> ''
        ORDER BY e.id
        """,
      arguments: [version.id])
    for row in rows {
      last[row["refinement_id"]] = LastComment(
        at: row["at"], user: row["user_name"], kind: RefinementStore.EventKind(rawValue: row["kind"]) ?? .comment, text: row["text"])
    }
    // Districts of the policy first, in its order; a refinement of a district the policy lacks after them.
    let districts = policy.districts + refinements.map(\.district).filter { !policy.districts.contains($0) }.sorted()
    var counts = Dictionary(RefinementStore.Status.allCases.map { ($0.rawValue, 0) }, uniquingKeysWith: { a, _ in a })
    let board = districts.map { district -> BoardRow in
      guard let item = byDistrict[district] else {
        counts[RefinementStore.Status.notStarted.rawValue, default: 0] += 1
        return BoardRow(district: district, status: .notStarted)
      }
      counts[item.status.rawValue, default: 0] += 1
      // A reviewer sees that a draft exists and since when, not the draft itself.
      if user.role == .reviewer, !RefinementStore.Status.reviewable.contains(item.status) {
        return BoardRow(district: district, status: item.status, createdAt: item.createdAt, updatedAt: item.updatedAt)
      }
      return BoardRow(
        district: district, status: item.status, refinementId: item.id, revision: item.revision, outcome: item.outcome, createdAt: item.createdAt,
        updatedAt: item.updatedAt, submittedAt: item.submittedAt, decidedAt: item.decidedAt, decidedBy: item.decidedBy, lastComment: last[item.id])
    }
    let combinations = try CombinationStore.combinations(db, version: version.id).map {
      CombinationItem(
        id: $0.id, createdAt: $0.createdAt, createdBy: $0.createdBy,
        refinements: $0.refinements.map { TakenItem(refinementId: $0.id, district: $0.district, revision: $0.revision) })
    }
    return Board(
      versionId: version.id, scenarioId: version.scenarioId, number: version.number, publishedName: version.publishedName,
      publishedAt: version.publishedAt, counts: counts, districts: board, reviews: try VersionReviewStore.reviews(db, version: version.id),
      combinations: combinations)
  }

  // MARK: Routes

  static let list: [Endpoint] = [
    Endpoint(
      .post, "/api/refinements/{id}/approve", deciders,
      "Approves a submitted refinement ({expectedRevision, comment?}); 409 when it is not submitted or the revision moved on."
    ) { request, context, services in
      let user = try ScenarioEndpoints.user(context)
      let id = try ScenarioEndpoints.id(context, "该细化方案", "refinement")
      let body = try await JSONResponse.decode(DecisionBody.self, from: request, context: context, limit: 64 * 1024)
      let comment = try words(body.comment)
      let item = try await decide(services, id: id, user: user, expectedRevision: body.expectedRevision, to: .approved, text: comment)
      return try JSONResponse.make(item)
    },
    Endpoint(
      .post, "/api/refinements/{id}/return", deciders,
      "Returns a submitted refinement to its county with a comment (required; the city may also return an approved one)."
    ) { request, context, services in
      let user = try ScenarioEndpoints.user(context)
      let id = try ScenarioEndpoints.id(context, "该细化方案", "refinement")
      let body = try await JSONResponse.decode(DecisionBody.self, from: request, context: context, limit: 64 * 1024)
      // Not found first: a refinement the caller may not see gives nothing away, not even that a comment is missing.
      _ = try await services.database.pool.read { db in try visibleRefinement(db, id, user) }
      guard let comment = try words(body.comment) else { throw commentRequired }
      let item = try await decide(services, id: id, user: user, expectedRevision: body.expectedRevision, to: .returned, text: comment)
      return try JSONResponse.make(item)
    },
    Endpoint(
      .post, "/api/refinements/{id}/comments", .roles([.city, .county, .reviewer]),
      "Adds a comment ({text}) to a refinement's history (a county: its own district's only)."
    ) { request, context, services in
      let user = try ScenarioEndpoints.user(context)
      let id = try ScenarioEndpoints.id(context, "该细化方案", "refinement")
      let body = try await JSONResponse.decode(CommentBody.self, from: request, context: context, limit: 64 * 1024)
      _ = try await services.database.pool.read { db in try visibleRefinement(db, id, user) }
      guard let text = try words(body.text) else {
        throw APIError(.unprocessableContent, code: "comment_required", zh: "意见不能为空。", en: "A comment cannot be empty.")
      }
      let event = try await services.database.pool.write { db in
        _ = try visibleRefinement(db, id, user)
        return try RefinementStore.comment(db, id: id, text: text, by: user)
      }
      return try JSONResponse.make(event, status: .created)
    },
    Endpoint(
      .post, "/api/versions/{id}/reviews", deciders,
      "Reviews a published plan: {decision: approve|return|comment, text} (text required to return or comment)."
    ) { request, context, services in
      let user = try ScenarioEndpoints.user(context)
      let id = try ScenarioEndpoints.id(context, "该版本", "version")
      let body = try await JSONResponse.decode(ReviewBody.self, from: request, context: context, limit: 64 * 1024)
      _ = try await services.database.pool.read { db in try reviewableVersion(db, id, user) }
      guard let decision = VersionReviewStore.Decision(rawValue: body.decision) else {
        throw APIError(
          .unprocessableContent, code: "invalid_decision", zh: "审核结论只能是 approve（通过）、return（退回）或 comment（意见），而不是“\(body.decision)”。",
          en: "A review's decision is approve, return or comment, not “\(body.decision)”.")
      }
      let text = try words(body.text)
      if text == nil, decision != .approve {
        throw APIError(
          .unprocessableContent, code: "comment_required",
          zh: decision == .return ? "退回时必须说明理由，团市委才能据此修改。未保存。" : "意见不能为空。",
          en: decision == .return ? "Returning a plan needs the reason, so the city committee knows what to change; nothing was saved." : "A comment cannot be empty.")
      }
      let review = try await services.database.pool.write { db in
        _ = try reviewableVersion(db, id, user)
        return try VersionReviewStore.add(db, version: id, decision: decision, text: text, by: user)
      }
      return try JSONResponse.make(review, status: .created)
    },
    Endpoint(
      .get, "/api/versions/{id}/board", deciders,
      "Every district of a version: where its refinement stands (not_started, draft, submitted, returned, approved), with dates, who decided and the last comment; the version's reviews and combinations."
    ) { _, context, services in
      let user = try ScenarioEndpoints.user(context)
      let id = try ScenarioEndpoints.id(context, "该版本", "version")
      let board = try await services.database.pool.read { db in
        try ReviewEndpoints.board(db, version: try ScenarioEndpoints.readableVersion(db, id, user), user: user)
      }
      return try JSONResponse.make(board)
    },
  ]
}
