import Foundation
import GRDB
import QuotaPlan

/// Register snapshots of published versions (table `tracking_snapshot`, append-only; see
/// `Schema`): each upload of the 智慧团建 member register, reconciled with the version's plan,
/// by the city (the whole city) or by a county (its own district only).
///
/// PRIVACY: only the reconciliation's result is stored — the rates per district × category and
/// the problem rows as problems.csv shows them (masked ID numbers, no names, no birth dates);
/// the uploaded register itself is never written anywhere (it is read from a private temporary
/// folder that is removed at once), and every stored text passes `Tracking.maskingIDNumbers`, so
/// an ID number typed into a unit or number column is masked too.
public enum TrackingStore {
  /// One stored snapshot.
  public struct Snapshot: Sendable {
    public var id: Int64
    public var versionId: Int64
    /// The county's district; nil for the whole city's register.
    public var district: String?
    public var asOf: Day
    public var fileName: String?
    public var records: Int
    /// The result as the uploader's scope holds it (a county's: its district only).
    public var result: TrackingResult
    public var uploadedBy: String?
    public var uploadedAt: String

    /// True when the snapshot has figures of `district` (the city's register has every district).
    public func covers(_ district: String) -> Bool {
      self.district.map { $0 == district } ?? result.districtRows.contains { $0.district == district }
    }

    /// The result as `district` sees it.
    public func result(for district: String) -> TrackingResult {
      self.district == district ? result : result.restricted(to: district)
    }
  }

  // MARK: The stored form (no personal data beyond masked IDs)

  struct StoredRow: Codable {
    var district, category, categoryID: String
    var unit: String?
    var quota, entered, inRange, uploaded, certified, complete: Int
    var useRate, completeness, effectiveRate: Double?
    var target: Double
    var milestone: Day
    var status: TrackingStatus
    var neededCount, neededComplete: Int
    var neededPerDay: Double?

    init(_ row: TrackingRow) {
      district = row.district
      category = row.category
      categoryID = row.categoryID
      unit = row.unit.map(Tracking.maskingIDNumbers)
      quota = row.quota
      entered = row.entered
      inRange = row.inRange
      uploaded = row.uploaded
      certified = row.certified
      complete = row.complete
      useRate = row.useRate
      completeness = row.completeness
      effectiveRate = row.effectiveRate
      target = row.target
      milestone = row.milestone
      status = row.status
      neededCount = row.neededCount
      neededComplete = row.neededComplete
      neededPerDay = row.neededPerDay
    }

    var row: TrackingRow {
      TrackingRow(
        district: district, category: category, categoryID: categoryID, unit: unit, quota: quota, entered: entered, inRange: inRange,
        uploaded: uploaded, certified: certified, complete: complete, useRate: useRate, completeness: completeness,
        effectiveRate: effectiveRate, target: target, milestone: milestone, status: status, neededCount: neededCount,
        neededComplete: neededComplete, neededPerDay: neededPerDay)
    }
  }

  struct StoredProblem: Codable {
    var code: TrackingProblem.Code
    var zh, en: String
    var file: String?
    var row: Int?
    var memberNumber, unit, district, category, maskedID: String

    init(_ problem: TrackingProblem) {
      let mask = Tracking.maskingIDNumbers
      code = problem.code
      zh = mask(problem.zh)
      en = mask(problem.en)
      file = problem.file.map(mask)
      row = problem.row
      memberNumber = mask(problem.memberNumber)
      unit = mask(problem.unit)
      district = mask(problem.district)
      category = problem.category
      maskedID = problem.maskedID
    }

    var problem: TrackingProblem {
      TrackingProblem(
        code: code, zh: zh, en: en, file: file, row: row, memberNumber: memberNumber, unit: unit, district: district,
        category: category, maskedID: maskedID)
    }
  }

  struct StoredResult: Codable {
    var planName: String
    var year: Int
    var asOf: Day
    var settings: TrackingSettings
    var language: Language
    var registerFiles: [String]
    var records: Int
    var outsidePlan: Int
    var rows, districtRows: [StoredRow]
    var total: StoredRow
    var schoolRows: [StoredRow]?
    var problems: [StoredProblem]

    init(_ result: TrackingResult) {
      planName = result.planName
      year = result.year
      asOf = result.asOf
      settings = result.settings
      language = result.language
      registerFiles = result.registerFiles.map(Tracking.maskingIDNumbers)
      records = result.records
      outsidePlan = result.outsidePlan
      rows = result.rows.map(StoredRow.init)
      districtRows = result.districtRows.map(StoredRow.init)
      total = StoredRow(result.total)
      schoolRows = result.schoolRows?.map(StoredRow.init)
      problems = result.problems.map(StoredProblem.init)
    }

    var result: TrackingResult {
      var result = TrackingResult(
        planName: planName, year: year, asOf: asOf, settings: settings, language: language, registerFiles: registerFiles,
        records: records, rows: rows.map(\.row), districtRows: districtRows.map(\.row), total: total.row,
        schoolRows: schoolRows?.map(\.row), problems: problems.map(\.problem))
      result.outsidePlan = outsidePlan
      return result
    }
  }

  /// The JSON stored for `result` (keys sorted: the same result, the same bytes).
  static func encode(_ result: TrackingResult) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(StoredResult(result)), as: UTF8.self)
  }

  static func decode(_ json: String) throws -> TrackingResult {
    try JSONDecoder().decode(StoredResult.self, from: Data(json.utf8)).result
  }

  static let select = "SELECT s.*, u.name AS uploaded_by_name FROM tracking_snapshot s LEFT JOIN user u ON u.id = s.uploaded_by"

  static func snapshot(_ row: Row) throws -> Snapshot {
    let result = try decode(row["result_json"])
    return Snapshot(
      id: row["id"], versionId: row["version_id"], district: row["district"], asOf: result.asOf, fileName: row["file_name"],
      records: row["records"] ?? result.records, result: result, uploadedBy: row["uploaded_by_name"], uploadedAt: row["uploaded_at"])
  }

  // MARK: Reading and writing

  /// A version's snapshots, oldest first (by as-of date, then upload).
  public static func snapshots(_ db: Database, version: Int64) throws -> [Snapshot] {
    try Row.fetchAll(db, sql: select + " WHERE s.version_id = ? ORDER BY s.as_of, s.id", arguments: [version]).map(snapshot)
  }

  /// The newest snapshot with figures of `district` among `snapshots` (by as-of date, then
  /// upload): a county's snapshot is newer for its district than an older city one, and the
  /// other way round.
  public static func latest(_ snapshots: [Snapshot], district: String) -> Snapshot? {
    snapshots.filter { $0.covers(district) }.max { ($0.asOf, $0.id) < ($1.asOf, $1.id) }
  }

  /// The newest whole-city snapshot.
  public static func latestCity(_ snapshots: [Snapshot]) -> Snapshot? {
    snapshots.filter { $0.district == nil }.max { ($0.asOf, $0.id) < ($1.asOf, $1.id) }
  }

  /// Stores a snapshot with its `tracking_upload` audit entry (as-of date, record count,
  /// problem counts; never an ID number), in the caller's transaction; the stored snapshot.
  public static func add(
    _ db: Database, version: Int64, district: String?, fileName: String, result: TrackingResult, by user: User
  ) throws -> Snapshot {
    let now = Timestamp.now()
    let name = Tracking.maskingIDNumbers(in: fileName)
    try db.execute(
      sql: """
        INSERT INTO tracking_snapshot (version_id, district, as_of, file_name, records, result_json, uploaded_by, uploaded_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """,
      arguments: [version, district, result.asOf.description, name, result.records, try encode(result), user.id, now])
    let id = db.lastInsertedRowID
    let counts = result.problemCounts.map { "\($0.code.rawValue)=\($0.count)" }.joined(separator: " ")
    try AuditLog.append(
      db, user: user, action: "tracking_upload",
      target: "version:\(version)" + (district.map { "/district:\($0)" } ?? ""),
      after: "snapshot=\(id) as_of=\(result.asOf) file=\(name) records=\(result.records) problems=\(result.problems.count)"
        + (counts.isEmpty ? "" : " " + counts),
      versionID: version, district: district)
    guard let stored = try Row.fetchOne(db, sql: select + " WHERE s.id = ?", arguments: [id]).map(snapshot) else {
      throw DatabaseError(message: "the tracking snapshot just stored cannot be read back")
    }
    return stored
  }
}
