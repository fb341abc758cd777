import GRDB

/// The workspace database's schema: every table, column and rule, in one place.
///
/// | table | holds |
/// |---|---|
/// | `user` | accounts: name, role (city, county, reviewer, admin), the county's district, bcrypt hash, disabled flag |
/// | `session` | signed-in sessions, keyed by the SHA-256 of the cookie's token (the token itself is never stored) |
/// | `audit_log` | append-only record of every change and sign-in: who, when, what, before, after, comment; triggers refuse UPDATE and DELETE |
/// | `dataset` | one scenario's data (schools and social units, as the engine's JSON), stored once per content digest |
/// | `scenario` | a named scenario; a what-if names its base scenario |
/// | `version` | one saved state of a scenario: its settings (the engine's `Policy` as JSON) over a dataset, and what planning it gave; immutable once written, published at most once |
///
/// A version is never changed after it is written (a trigger refuses it): saving settings adds
/// the next version, so a stale save is detected by its version number and a published plan
/// stays exactly what was published.
public enum Schema {
  /// SQLite's `application_id` of a quotaplan workspace ('QPLW'), so a backup never replaces a
  /// file that is not one.
  public static let applicationID: Int32 = 0x5150_4C57

  /// The migrations, applied in order on every start.
  public static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1: accounts, sessions, audit, scenarios, versions") { db in
      try db.execute(sql: "PRAGMA application_id = \(applicationID)")
      try db.create(table: "user") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("name", .text).notNull().unique(onConflict: .abort)
        t.column("role", .text).notNull().check { ["city", "county", "reviewer", "admin"].contains($0) }
        // A county account is bound to exactly one district; the other roles to none.
        t.column("district", .text)
        t.column("password_hash", .text).notNull()
        t.column("disabled", .boolean).notNull().defaults(to: false)
        t.column("failed_logins", .integer).notNull().defaults(to: 0)
        t.column("locked_until", .double)
        t.column("created_at", .text).notNull()
        t.check(sql: "(role = 'county') = (district IS NOT NULL)")
      }
      try db.create(table: "session") { t in
        t.primaryKey("key_digest", .text)
        t.column("value", .blob).notNull()
        t.column("expires_at", .double)
      }
      try db.create(table: "audit_log") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("at", .text).notNull()
        t.column("user_id", .integer).references("user")
        t.column("user_name", .text)
        t.column("action", .text).notNull()
        t.column("target", .text)
        t.column("before", .text)
        t.column("after", .text)
        t.column("comment", .text)
      }
      try db.execute(
        sql: """
          CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
          BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
          CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
          BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
          """)
      try db.create(table: "dataset") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("digest", .text).notNull().unique()
        t.column("schools_json", .blob).notNull()
        t.column("social_json", .blob).notNull()
        t.column("notes_json", .blob)
        t.column("schools_file", .text)
        t.column("social_file", .text)
        t.column("created_at", .text).notNull()
      }
      try db.create(table: "scenario") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("name", .text).notNull().unique()
        t.column("base_id", .integer).references("scenario")
        t.column("created_by", .integer).references("user")
        t.column("created_at", .text).notNull()
      }
      try db.create(table: "version") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("scenario_id", .integer).notNull().references("scenario")
        t.column("number", .integer).notNull()
        t.column("policy_json", .text).notNull()
        t.column("dataset_id", .integer).notNull().references("dataset")
        t.column("outcome", .text).notNull().check { ["planned", "conflict", "failed"].contains($0) }
        t.column("outcome_message", .text)
        t.column("summary_json", .text)
        t.column("created_by", .integer).references("user")
        t.column("created_at", .text).notNull()
        t.column("published_name", .text)
        t.column("published_by", .integer).references("user")
        t.column("published_at", .text)
        t.uniqueKey(["scenario_id", "number"])
      }
      try db.execute(
        sql: """
          CREATE TRIGGER version_immutable BEFORE UPDATE OF scenario_id, number, policy_json, dataset_id, outcome, outcome_message, summary_json, created_by, created_at ON version
          BEGIN SELECT RAISE(ABORT, 'a saved version never changes; save a new one'); END;
          CREATE TRIGGER version_published_once BEFORE UPDATE OF published_name, published_by, published_at ON version
          WHEN OLD.published_at IS NOT NULL
          BEGIN SELECT RAISE(ABORT, 'a published version stays as it was published'); END;
          CREATE TRIGGER version_never_deleted BEFORE DELETE ON version
          BEGIN SELECT RAISE(ABORT, 'versions are kept'); END;
          """)
    }
    return migrator
  }
}
