import GRDB

/// The workspace database's schema: every table, column and rule, in one place.
///
/// | table | holds |
/// |---|---|
/// | `user` | accounts: name, role (city, county, reviewer, admin), the county's district, bcrypt hash, disabled flag |
/// | `session` | signed-in sessions, keyed by the SHA-256 of the cookie's token (the token itself is never stored); (v3) `user_id` names the account, so its sessions end when it is disabled or its password set |
/// | `audit_log` | append-only record of every change and sign-in: who, when, what, before, after, comment; triggers refuse UPDATE and DELETE |
/// | `dataset` | one scenario's data (schools and social units, as the engine's JSON), stored once per content digest |
/// | `scenario` | a named scenario; a what-if names its base scenario |
/// | `version` | one saved state of a scenario: its settings (the engine's `Policy` as JSON) over a dataset, and what planning it gave; immutable once written, published at most once |
/// | `refinement` | (v2) one district's split of one published version by its county committee: the county's data (a dataset), its pins, status (draft, submitted, returned, approved), revision, what planning gave; one per version and district, never deleted |
/// | `refinement_event` | (v2) append-only history of a refinement: start, edits, comments, submit, withdraw, approve, return, with who, when, at which revision and the text |
/// | `version_review` | (v2) append-only reviews of a published version: approve, return or comment, with the reason |
/// | `combination` | (v2) append-only: the final plans the city combined from a version's approved refinements (which revision of each) |
/// | `tracking_snapshot` | (v4) append-only: each register upload of a published version reconciled with its plan (the whole city, or one county's district): as-of date, file name, record count and the result (rates, problem rows with masked IDs); never the register itself, a full ID number or a name |
///
/// `audit_log` gains `version_id` and `district` in v2, so the log can be read per plan and per
/// district.
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
    migrator.registerMigration("v2: county refinements, reviews, combinations") { db in
      try db.alter(table: "audit_log") { t in
        t.add(column: "version_id", .integer)
        t.add(column: "district", .text)
      }
      try db.create(index: "audit_log_by_version", on: "audit_log", columns: ["version_id"])
      try db.create(index: "audit_log_by_district", on: "audit_log", columns: ["district"])
      try db.create(table: "refinement") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("version_id", .integer).notNull().references("version")
        t.column("district", .text).notNull()
        t.column("status", .text).notNull().check { ["draft", "submitted", "returned", "approved"].contains($0) }
        t.column("revision", .integer).notNull()
        t.column("dataset_id", .integer).notNull().references("dataset")
        t.column("pins_json", .text).notNull()
        t.column("outcome", .text).notNull().check { ["planned", "conflict", "failed"].contains($0) }
        t.column("outcome_message", .text)
        t.column("based_on_id", .integer).references("refinement")
        t.column("created_by", .integer).references("user")
        t.column("created_at", .text).notNull()
        t.column("updated_by", .integer).references("user")
        t.column("updated_at", .text).notNull()
        t.column("submitted_at", .text)
        t.column("decided_by", .integer).references("user")
        t.column("decided_at", .text)
        t.uniqueKey(["version_id", "district"])
      }
      try db.create(table: "refinement_event") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("refinement_id", .integer).notNull().references("refinement")
        t.column("at", .text).notNull()
        t.column("user_id", .integer).references("user")
        t.column("user_name", .text)
        t.column("kind", .text).notNull().check {
          ["start", "edit", "comment", "submit", "withdraw", "approve", "return"].contains($0)
        }
        t.column("revision", .integer).notNull()
        t.column("text", .text)
      }
      try db.create(table: "version_review") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("version_id", .integer).notNull().references("version")
        t.column("at", .text).notNull()
        t.column("user_id", .integer).references("user")
        t.column("user_name", .text)
        t.column("decision", .text).notNull().check { ["approve", "return", "comment"].contains($0) }
        t.column("text", .text)
      }
      try db.create(table: "combination") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("version_id", .integer).notNull().references("version")
        t.column("refinements_json", .text).notNull()
        t.column("outcome", .text).notNull().check { ["planned", "conflict", "failed"].contains($0) }
        t.column("outcome_message", .text)
        t.column("created_by", .integer).references("user")
        t.column("created_at", .text).notNull()
      }
      for table in ["refinement_event", "version_review", "combination"] {
        try db.execute(
          sql: """
            CREATE TRIGGER \(table)_append_only_update BEFORE UPDATE ON \(table)
            BEGIN SELECT RAISE(ABORT, '\(table) is append-only'); END;
            CREATE TRIGGER \(table)_append_only_delete BEFORE DELETE ON \(table)
            BEGIN SELECT RAISE(ABORT, '\(table) is append-only'); END;
            """)
      }
      try db.execute(
        sql: """
          CREATE TRIGGER refinement_never_deleted BEFORE DELETE ON refinement
          BEGIN SELECT RAISE(ABORT, 'refinements are kept'); END;
          CREATE TRIGGER refinement_identity_fixed BEFORE UPDATE OF version_id, district, created_by, created_at ON refinement
          BEGIN SELECT RAISE(ABORT, 'a refinement stays with its version and district'); END;
          CREATE TRIGGER refinement_revision_forward BEFORE UPDATE OF revision ON refinement
          WHEN NEW.revision <= OLD.revision
          BEGIN SELECT RAISE(ABORT, 'a refinement revision only moves forward'); END;
          """)
    }
    migrator.registerMigration("v3: sessions per user") { db in
      // Each session names its account, so disabling the account or setting its password can
      // end its sessions; rows from before v3 get theirs from the session's value.
      try db.alter(table: "session") { t in t.add(column: "user_id", .integer) }
      try db.execute(sql: "UPDATE session SET user_id = json_extract(CAST(value AS TEXT), '$.userID') WHERE json_valid(CAST(value AS TEXT))")
      try db.create(index: "session_by_user", on: "session", columns: ["user_id"])
    }
    migrator.registerMigration("v4: tracking snapshots") { db in
      // Only the reconciliation's result is kept (see TrackingStore): rates per district ×
      // category and the problem rows with masked ID numbers; the uploaded register is never stored.
      try db.create(table: "tracking_snapshot") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("version_id", .integer).notNull().references("version")
        // NULL: the whole city's register; else the one district a county uploaded.
        t.column("district", .text)
        t.column("as_of", .text).notNull()
        t.column("file_name", .text)
        t.column("records", .integer)
        t.column("result_json", .text).notNull()
        t.column("uploaded_by", .integer).references("user")
        t.column("uploaded_at", .text).notNull()
      }
      try db.create(index: "tracking_snapshot_by_version", on: "tracking_snapshot", columns: ["version_id", "district", "as_of"])
      try db.execute(
        sql: """
          CREATE TRIGGER tracking_snapshot_append_only_update BEFORE UPDATE ON tracking_snapshot
          BEGIN SELECT RAISE(ABORT, 'tracking_snapshot is append-only'); END;
          CREATE TRIGGER tracking_snapshot_append_only_delete BEFORE DELETE ON tracking_snapshot
          BEGIN SELECT RAISE(ABORT, 'tracking_snapshot is append-only'); END;
          """)
    }
    return migrator
  }
}
