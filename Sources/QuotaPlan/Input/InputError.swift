/// A problem with the planner's files, as one sentence naming the file, row and column.
///
/// Loading a table collects every problem of the file (see `InputProblems`): the first is this
/// error's own file, row, column and message, the others are in `further`, all sorted by row.
/// `description` prints one line per problem, so a single problem is exactly one line.
public struct InputError: BilingualError, Equatable, Sendable, CustomStringConvertible {
  /// File name as the planner knows it (relative to the scenario folder).
  public var file: String
  /// 1-based row as Excel shows it (the header is row 1), when the problem is on a row.
  public var row: Int?
  /// Column header as written in the file, when the problem is in a column.
  public var column: String?
  /// What is wrong, as a sentence (English).
  public var message: String
  /// What is wrong, in Chinese; nil where the sentence is not translated (English is shown).
  public var messageZH: String?
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

  /// A problem in both languages: every throw site gives the Chinese and the English sentence.
  public init(file: String, row: Int? = nil, column: String? = nil, rule: RuleID? = nil, zh: String, en: String) {
    self.init(file: file, row: row, column: column, rule: rule, en)
    self.messageZH = zh
  }

  /// The problem in the planner's words of another error (keeps both languages when it has them).
  init(file: String, row: Int? = nil, column: String? = nil, rule: RuleID? = nil, error: any Error) {
    self.init(
      file: file, row: row, column: column, rule: rule,
      zh: QuotaPlan.sentence(of: error, .zh), en: QuotaPlan.sentence(of: error, .en))
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

  /// This problem alone, as one line in `language`: "schools.csv，第 12 行，“学生数”列：……（R5 高一高二团青比上限）".
  public func line(_ language: Language) -> String {
    guard language == .zh else {
      var place = file
      if let row { place += ", row \(row)" }
      if let column { place += ", column \(column)" }
      let ruleText = rule.map { " (\($0.rawValue) \($0.title(.en)))" } ?? ""
      return "\(place): \(message)\(ruleText)"
    }
    var place = Self.placeZH(file)
    if let row { place += "，第 \(row) 行" }
    if let column { place += "，“\(column)”列" }
    let ruleText = rule.map { "（\($0.rawValue) \($0.title(.zh))）" } ?? ""
    return "\(place)：\(language.pick(zh: messageZH, en: message))\(ruleText)"
  }

  /// A file named with its place in a text file ("scenario.yaml, line 3, column 5", as YAML
  /// errors and undecodable bytes are placed) in Chinese: "scenario.yaml，第 3 行第 5 列".
  static func placeZH(_ file: String) -> String {
    guard let cut = file.range(of: ", line ", options: .backwards) else { return file }
    let rest = file[cut.upperBound...].components(separatedBy: ", column ")
    guard (1...2).contains(rest.count), rest.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && Int($0) != nil }) else { return file }
    return "\(file[..<cut.lowerBound])，第 \(rest[0]) 行" + (rest.count == 2 ? "第 \(rest[1]) 列" : "")
  }

  public var description: String {
    var lines = [line] + further.map(\.line)
    if omitted > 0 {
      lines.append("\(file): and \(omitted) more problem\(omitted == 1 ? "" : "s") not listed; fix these and run again.")
    }
    return lines.joined(separator: "\n")
  }

  /// Every problem, one line each, in `language` (the English lines name the rule too).
  public func sentence(_ language: Language) -> String {
    var lines = [line(language)] + further.map { $0.line(language) }
    if omitted > 0 {
      lines.append(
        language == .zh
          ? "\(file)：另有 \(omitted) 个问题未列出；请改正以上问题后再运行。"
          : "\(file): and \(omitted) more problem\(omitted == 1 ? "" : "s") not listed; fix these and run again.")
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
      add(InputError(file: file, error: error))
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
