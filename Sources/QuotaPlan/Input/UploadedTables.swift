import CSV
import Foundation

/// Tables that arrive as bytes (the workspace's upload) rather than as a scenario folder's
/// files, read by the very readers `quotaplan solve` uses (`SchoolTable`, `SocialTable`, so CSV
/// in UTF-8 or GB18030/GBK, or an Excel workbook's first sheet), with every problem of both files
/// collected, and a preview of the rows that have one.
public enum UploadedTables {
  /// One uploaded file: the name the planner knows it by (used in messages) and its bytes.
  public struct File: Sendable {
    public var name: String
    public var data: Data

    public init(name: String, data: Data) {
      self.name = name
      self.data = data
    }
  }

  /// What the tables hold: the schools, the social units (nil when no social file was given),
  /// the notes for the planner (ignored columns), and the policy with its districts filled from
  /// the data when it lists none (as the loader does for a scenario without `districts:`).
  public struct Tables: Sendable {
    public var policy: Policy
    public var schools: [School]?
    public var social: [SocialUnit]?
    public var notes: [String]
  }

  /// Every problem of the uploaded files, the schools file's first, each by row.
  public struct Problems: BilingualError, Sendable, CustomStringConvertible {
    public var errors: [InputError]
    /// Problems found beyond `InputLimits.maxErrors`, not listed.
    public var omitted: Int

    public init(errors: [InputError], omitted: Int = 0) {
      self.errors = errors
      self.omitted = omitted
    }

    public var description: String { errors.map(\.line).joined(separator: "\n") }

    /// Every problem, one line each, in `language`.
    public func sentence(_ language: Language) -> String { errors.map { $0.line(language) }.joined(separator: "\n") }
  }

  /// A table's header and some of its rows, as written in the file (for showing where a problem is).
  public struct Preview: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
      /// The row's number as Excel shows it (the header is row 1).
      public var row: Int
      public var cells: [String]
    }
    public var header: [String]
    public var rows: [Row]
  }

  /// Reads the schools and social files against `policy`. A file left out (nil) is not read.
  /// Throws `Problems` with every problem of both files.
  public static func read(policy: Policy, schools: File?, social: File?, limits: InputLimits = InputLimits()) throws -> Tables {
    try withFolder { folder in
      var errors: [InputError] = []
      var omitted = 0
      func keep(_ error: Error, file: String) {
        if let error = error as? InputError {
          errors += error.all
          omitted += error.omitted
        } else {
          errors.append(
            InputError(
              file: file, zh: "无法读取该文件（\(sentence(of: error, .zh))）。", en: "the file cannot be read (\(error))."))
        }
      }
      var schoolsRead: (schools: [School], notes: [String])?
      var socialRead: (units: [SocialUnit], notes: [String])?
      if let schools {
        let url = try write(schools, as: "schools", in: folder)
        do {
          schoolsRead = try SchoolTable.read(url: url, file: schools.name, policy: policy, limits: limits)
        } catch {
          keep(error, file: schools.name)
        }
      }
      if let social {
        let url = try write(social, as: "social", in: folder)
        do {
          socialRead = try SocialTable.read(url: url, file: social.name, policy: policy, limits: limits)
        } catch {
          keep(error, file: social.name)
        }
      }
      guard errors.isEmpty else { throw Problems(errors: errors, omitted: omitted) }
      var resolved = policy
      if resolved.districts.isEmpty {
        var seen: [String] = []
        var known: Set<String> = []
        let districts = (schoolsRead?.schools.map(\.district) ?? []) + (socialRead?.units.map(\.district) ?? [])
        for district in districts where known.insert(district).inserted { seen.append(district) }
        resolved.districts = seen
      }
      return Tables(
        policy: resolved, schools: schoolsRead?.schools, social: socialRead?.units,
        notes: (schoolsRead?.notes ?? []) + (socialRead?.notes ?? []))
    }
  }

  /// The header and the rows numbered `rows` (Excel's numbers, at most `limit` of them) of an
  /// uploaded file, read as the table readers read it; nil when the file cannot be read at all.
  public static func preview(_ file: File, rows wanted: Set<Int>, limit: Int = 200, limits: InputLimits = InputLimits()) -> Preview? {
    try? withFolder { folder -> Preview? in
      let url = try write(file, as: "preview", in: folder)
      let chosen = Set(wanted.sorted().prefix(max(0, limit)))
      var header: [String]?
      var rows: [Preview.Row] = []
      func take(_ number: Int, _ fields: [String]) {
        if number == 1 { header = fields } else if chosen.contains(number) { rows.append(Preview.Row(row: number, cells: fields)) }
      }
      if XLSXReader.isWorkbook(file.data) {
        for (number, fields) in try XLSXReader.rows(url, sheet: nil, file: file.name, limits: limits) { take(number, fields) }
      } else {
        guard let (text, _) = TextDecoding.decode(file.data) else { return nil }
        let reader = try CSVReader(string: text, hasHeaderRow: false)
        var number = 0
        let last = chosen.max() ?? 1
        while let fields = reader.next() {
          number += 1
          take(number, fields)
          if number >= last { break }
        }
      }
      guard let header else { return nil }
      return Preview(header: header, rows: rows)
    } ?? nil
  }

  /// Runs `body` with a new private temporary folder, removed afterwards.
  static func withFolder<T>(_ body: (URL) throws -> T) throws -> T {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quotaplan-upload-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
    defer { try? FileManager.default.removeItem(at: folder) }
    return try body(folder)
  }

  /// Writes a file's bytes under a fixed name (the planner's name is for messages only).
  static func write(_ file: File, as name: String, in folder: URL) throws -> URL {
    let url = folder.appendingPathComponent(XLSXReader.isWorkbook(file.data) ? "\(name).xlsx" : "\(name).csv")
    try file.data.write(to: url, options: .withoutOverwriting)
    return url
  }
}
