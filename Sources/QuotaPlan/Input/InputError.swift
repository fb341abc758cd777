/// A problem with the planner's files, as one sentence naming the file, row and column.
///
/// Loading a table collects every problem of the file (see `InputProblems`): the first is this
/// error's own file, row, column and message, the others are in `further`, all sorted by row.
/// `description` prints one line per problem, so a single problem is exactly one line.
public struct InputError: Error, Equatable, Sendable, CustomStringConvertible {
  /// File name as the planner knows it (relative to the scenario folder).
  public var file: String
  /// 1-based row as Excel shows it (the header is row 1), when the problem is on a row.
  public var row: Int?
  /// Column header as written in the file, when the problem is in a column.
  public var column: String?
  /// What is wrong, as a sentence.
  public var message: String
  /// The rule the data breaks, when it is one of the notice's rules.
  public var rule: RuleID?
  /// The file's other problems found in the same run, in row order (each without `further`).
  public var further: [InputError] = []
  /// Problems found but not listed, beyond `InputLimits.maxErrors`.
  public var omitted: Int = 0

  public init(file: String, row: Int? = nil, column: String? = nil, rule: RuleID? = nil, _ message: String) {
    self.file = file
    self.row = row
    self.column = column
    self.message = message
    self.rule = rule
  }

  /// Every problem this error reports, the first included.
  public var all: [InputError] {
    var first = self
    first.further = []
    first.omitted = 0
    return [first] + further
  }

  /// This problem alone, as one line: `file, row N, column C: sentence`.
  public var line: String {
    var place = file
    if let row { place += ", row \(row)" }
    if let column { place += ", column \(column)" }
    let ruleText = rule.map { " (\($0.rawValue))" } ?? ""
    return "\(place): \(message)\(ruleText)"
  }

  public var description: String {
    var lines = [line] + further.map(\.line)
    if omitted > 0 {
      lines.append("\(file): and \(omitted) more problem\(omitted == 1 ? "" : "s") not listed; fix these and run again.")
    }
    return lines.joined(separator: "\n")
  }
}

/// Collects the problems of one file, so a planner sees all of them in one run.
struct InputProblems {
  let file: String
  let limit: Int
  private(set) var errors: [InputError] = []

  init(file: String, limit: Int) {
    self.file = file
    self.limit = max(1, limit)
  }

  var isEmpty: Bool { errors.isEmpty }

  /// How many problems were found so far: a row that added none is good to use.
  var count: Int { errors.count }

  mutating func add(_ error: InputError) {
    if error.further.isEmpty { errors.append(error) } else { errors.append(contentsOf: error.all) }
  }

  /// Runs `body`, keeping an `InputError` it throws; nil when it threw.
  mutating func collect<T>(_ body: () throws -> T) -> T? {
    do {
      return try body()
    } catch let error as InputError {
      add(error)
      return nil
    } catch {
      add(InputError(file: file, "\(error)"))
      return nil
    }
  }

  /// The collected problems as one error (sorted by row, stable), or nil when there are none.
  var error: InputError? {
    guard !errors.isEmpty else { return nil }
    let sorted = errors.enumerated().sorted { a, b in
      (a.element.row ?? 0, a.offset) < (b.element.row ?? 0, b.offset)
    }.map(\.element)
    var first = sorted[0]
    first.further = Array(sorted.dropFirst().prefix(limit - 1))
    first.omitted = max(0, sorted.count - limit)
    return first
  }

  /// Throws the collected problems, if any.
  func check() throws {
    if let error { throw error }
  }
}
