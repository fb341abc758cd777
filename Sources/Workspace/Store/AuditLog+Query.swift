import Foundation
import GRDB
import QuotaPlan

extension AuditLog {
  /// Account administration and signing in and out: what the administrator answers for, and
  /// what no planning role reads.
  public static let accountActions: [String] = [
    "sign_in", "sign_in_failed", "sign_out", "user_add", "user_disable", "user_enable", "password_reset", "password_change",
  ]

  /// Which entries an account may read at all (before any filter it asks for).
  public enum Scope: Sendable, Equatable {
    /// Every entry (the city committee).
    case everything
    /// Account administration and sign-ins only (the administrator).
    case accounts
    /// Planning entries of published versions only (a reviewer).
    case publishedPlans
    /// Planning entries of one district only (a county committee).
    case district(String)

    /// The scope of an account's role.
    public static func of(_ user: User) -> Scope {
      switch user.role {
      case .city: return .everything
      case .admin: return .accounts
      case .reviewer: return .publishedPlans
      case .county: return .district(user.district ?? "")
      }
    }
  }

  /// What a reader asks for: one plan (version), one district, one target and what is under it.
  public struct Filter: Sendable, Equatable {
    public var versionID: Int64?
    public var district: String?
    /// `version:3` gives `version:3` and everything under it (`version:3/district:…`), never `version:31`.
    public var target: String?
    public var limit: Int

    public init(versionID: Int64? = nil, district: String? = nil, target: String? = nil, limit: Int = 500) {
      self.versionID = versionID
      self.district = district
      self.target = target
      self.limit = limit
    }
  }

  /// The entries `scope` allows that match `filter`, newest first.
  public static func entries(_ db: Database, scope: Scope, filter: Filter) throws -> [Entry] {
    var conditions: [String] = []
    var arguments: [(any DatabaseValueConvertible)?] = []
    let accounts = accountActions.map { _ in "?" }.joined(separator: ", ")
    switch scope {
    case .everything: break
    case .accounts:
      conditions.append("action IN (\(accounts))")
      arguments += accountActions.map { $0 as (any DatabaseValueConvertible)? }
    case .publishedPlans:
      conditions.append("action NOT IN (\(accounts))")
      arguments += accountActions.map { $0 as (any DatabaseValueConvertible)? }
      conditions.append("version_id IN (SELECT id FROM version WHERE published_at IS NOT NULL)")
    case .district(let district):
      conditions.append("action NOT IN (\(accounts))")
      arguments += accountActions.map { $0 as (any DatabaseValueConvertible)? }
      conditions.append("district = ?")
      arguments.append(district)
    }
    if let versionID = filter.versionID {
      conditions.append("version_id = ?")
      arguments.append(versionID)
    }
    if let district = filter.district {
      conditions.append("district = ?")
      arguments.append(district)
    }
    if let target = filter.target {
      conditions.append("(target = ? OR target LIKE ? ESCAPE '\\')")
      arguments += [target, escapeLike(target) + "/%"]
    }
    arguments.append(filter.limit)
    let sql =
      "SELECT * FROM audit_log" + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")) + " ORDER BY id DESC LIMIT ?"
    return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map {
      Entry(
        id: $0["id"], at: $0["at"], user: $0["user_name"], action: $0["action"], target: $0["target"], before: $0["before"],
        after: $0["after"], comment: $0["comment"], versionID: $0["version_id"], district: $0["district"])
    }
  }

  /// Entries as a CSV file for Excel (UTF-8 with BOM, the library's CSV): at, user, action,
  /// target, version, district, before, after, comment.
  public static func csv(_ entries: [Entry]) throws -> Data {
    var document = CSVDocument(header: ["at", "user", "action", "target", "version", "district", "before", "after", "comment"])
    for entry in entries {
      document.rows.append([
        entry.at, entry.user ?? "", entry.action, entry.target ?? "", entry.versionID.map(String.init) ?? "", entry.district ?? "",
        entry.before ?? "", entry.after ?? "", entry.comment ?? "",
      ])
    }
    return try document.data()
  }
}
