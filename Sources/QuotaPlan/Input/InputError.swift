/// A problem with the planner's files, as one sentence naming the file, row and column.
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

  public init(file: String, row: Int? = nil, column: String? = nil, rule: RuleID? = nil, _ message: String) {
    self.file = file
    self.row = row
    self.column = column
    self.message = message
    self.rule = rule
  }

  public var description: String {
    var place = file
    if let row { place += ", row \(row)" }
    if let column { place += ", column \(column)" }
    let ruleText = rule.map { " (\($0.rawValue))" } ?? ""
    return "\(place): \(message)\(ruleText)"
  }
}
