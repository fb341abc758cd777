import Foundation
import Yams

/// A scenario file parsed once into YAML nodes that keep their line and column, so every
/// problem with a setting is reported where the planner wrote it
/// (`tiny/scenario.yaml, line 3, column 1: …`).
struct YAMLSource {
  /// A step on the way to a setting: a mapping key or a list index.
  enum Step: Equatable, CustomStringConvertible {
    case key(String)
    case index(Int)

    var description: String {
      switch self {
      case .key(let key): return key
      case .index(let index): return "[\(index)]"
      }
    }
  }

  /// A line and column as libyaml counts them (1-based; columns in unicode scalars).
  struct Position: Equatable {
    var line: Int
    var column: Int
    init(line: Int, column: Int) {
      self.line = line
      self.column = column
    }
    init?(_ mark: Mark?) {
      guard let mark else { return nil }
      self.init(line: mark.line, column: mark.column)
    }
  }

  /// Most YAML values a scenario may hold once `*aliases` are expanded: far more than a
  /// 1 MB file can spell out, far fewer than an alias bomb expands to.
  static let maxValues = 2_000_000

  /// The file as messages name it (`tiny/scenario.yaml`).
  let file: String
  /// The document; an empty file is an empty mapping.
  let root: Node

  /// Parses `text`; a syntax error, a key given twice or an alias bomb is an `InputError`
  /// naming the line and column.
  init(text: String, file: String) throws {
    self.file = file
    // An alias that Yams hashes (as a mapping key) is expanded while it parses, so an alias
    // bomb would hang the parser itself: aliases are refused before it runs.
    if let alias = Self.firstAlias(in: text) {
      throw Self.error(
        file: file, mark: alias.position,
        zh: "文件使用了别名 *\(alias.name)；读取情景文件时不支持 & 锚点和 * 别名，请把值直接写出来。",
        en: "the file uses the alias *\(alias.name); scenario files are read without & anchors and * aliases, so write the value out.")
    }
    let node: Node?
    do {
      node = try Yams.compose(yaml: text)
    } catch let error as YamlError {
      throw Self.describe(error, text: text, file: file)
    } catch {
      throw InputError(file: file, zh: "无法按 YAML 读取该文件：\(error)。", en: "the file cannot be read as YAML: \(error).")
    }
    root = node ?? .mapping(.init([]))
    try checkSize()
  }

  // MARK: - Positions

  /// The setting a path names, written as in the README (`categories[2].caps[0].ratio`).
  static func name(_ path: [Step]) -> String {
    path.reduce("") { text, step in
      switch step {
      case .index: return text + step.description
      case .key(let key): return text.isEmpty ? key : text + "." + key
      }
    }
  }

  /// The node at `path`, with the mark of the key that names it (or of the list entry).
  func locate(_ path: [Step]) -> (node: Node, mark: Position?)? {
    var node = root
    var mark = Position(root.mark)
    for step in path {
      switch (step, node) {
      case (.key(let key), .mapping(let mapping)):
        guard let pair = mapping.first(where: { $0.key.string == key }) else { return nil }
        node = pair.value
        mark = Position(pair.key.mark)
      case (.index(let index), .sequence(let sequence)):
        guard sequence.indices.contains(index) else { return nil }
        node = sequence[index]
        mark = Position(node.mark)
      default:
        return nil
      }
    }
    return (node, mark)
  }

  /// The mark of the deepest node on `path` that exists.
  func mark(_ path: [Step]) -> Position? {
    for count in stride(from: path.count, through: 0, by: -1) {
      if let found = locate(Array(path.prefix(count))), let mark = found.mark { return mark }
    }
    return nil
  }

  /// An error about the setting at `path`, placed at its line and column.
  func error(at path: [Step], zh: String, en: String) -> InputError {
    Self.error(file: file, mark: mark(path), zh: zh, en: en)
  }

  /// An error placed at `mark` (the file alone when there is none). The place is written into
  /// `file` ("scenario.yaml, line 3, column 5"); `InputError.line(.zh)` says it in Chinese.
  static func error(file: String, mark: Position?, zh: String, en: String) -> InputError {
    guard let mark else { return InputError(file: file, zh: zh, en: en) }
    return InputError(file: "\(file), line \(mark.line), column \(mark.column)", zh: zh, en: en)
  }

  // MARK: - Decoding

  /// Decodes the document; a decoding failure names the setting and where it is written.
  func decode<T: Decodable>(_ type: T.Type) throws -> T {
    do {
      return try YAMLDecoder().decode(type, from: root)
    } catch let error as DecodingError {
      throw describe(error)
    }
  }

  /// A decoding failure as a sentence with the setting's path (`categories[2].caps[0].ratio`)
  /// and its line and column.
  func describe(_ error: DecodingError) -> InputError {
    func steps(_ keys: [CodingKey]) -> [Step] {
      keys.map { key in key.intValue.map(Step.index) ?? .key(key.stringValue) }
    }
    switch error {
    case .typeMismatch(let type, let context):
      let path = steps(context.codingPath)
      if path.isEmpty {
        return self.error(
          at: path, zh: "文件须由设置项组成（每行“名称: 值”），而不是\(Self.kind(root, .zh))。",
          en: "the file must hold settings (`name: value` lines), not \(Self.kind(root)).")
      }
      let found = locate(path).map { Self.kind($0.node) }.map { ", not \($0)" } ?? ""
      let foundZH = locate(path).map { "，而不是\(Self.kind($0.node, .zh))" } ?? ""
      return self.error(
        at: path, zh: "设置项 \(Self.name(path)) 的类型不对；这里应为\(Self.typeName(type, .zh))\(foundZH)。",
        en: "the setting \(Self.name(path)) has the wrong type; expected \(Self.typeName(type))\(found).")
    case .valueNotFound(let type, let context):
      let path = steps(context.codingPath)
      return self.error(
        at: path, zh: "设置项 \(Self.name(path)) 是空的；这里应为\(Self.typeName(type, .zh))。",
        en: "the setting \(Self.name(path)) is empty; expected \(Self.typeName(type)).")
    case .keyNotFound(let key, let context):
      let path = steps(context.codingPath)
      let name = Self.name(path + [.key(key.stringValue)])
      return self.error(at: path, zh: "必须填写设置项 \(name)。", en: "the setting \(name) is required.")
    case .dataCorrupted(let context):
      let path = steps(context.codingPath)
      let at = Self.name(path)
      var text = (at.isEmpty ? "" : "\(at): ") + context.debugDescription
      if !text.hasSuffix(".") { text += "." }
      // A setting's own check gives its sentence in both languages; a decoder's words are English.
      let zh = (context.underlyingError as? any BilingualError).map { (at.isEmpty ? "" : "\(at)：") + $0.sentence(.zh) }
      return self.error(at: path, zh: zh ?? (at.isEmpty ? "" : "设置项 \(at) 无法读取：") + context.debugDescription, en: text)
    @unknown default:
      return InputError(file: file, zh: "无法读取该文件：\(error)。", en: "the file cannot be read: \(error).")
    }
  }

  static func typeName(_ type: Any.Type, _ language: Language = .en) -> String {
    if language == .zh {
      switch type {
      case is Int.Type: return "整数"
      case is Double.Type: return "数字"
      case is Bool.Type: return "true 或 false"
      case is String.Type: return "文字"
      case is Node.Mapping.Type: return "一组设置项（“名称: 值”）"
      case is Node.Sequence.Type: return "列表"
      case is Node.Scalar.Type: return "单个值"
      default: return "\(type)".contains("Array") ? "列表" : "\(type)"
      }
    }
    switch type {
    case is Int.Type: return "a whole number"
    case is Double.Type: return "a number"
    case is Bool.Type: return "true or false"
    case is String.Type: return "text"
    case is Node.Mapping.Type: return "settings (`name: value`)"
    case is Node.Sequence.Type: return "a list"
    case is Node.Scalar.Type: return "a single value"
    default: return "\(type)".contains("Array") ? "a list" : "\(type)"
    }
  }

  /// What a node is, in the words of a message.
  static func kind(_ node: Node, _ language: Language = .en) -> String {
    if language == .zh {
      switch node {
      case .mapping: return "一组设置项"
      case .sequence: return "列表"
      case .alias: return "别名"
      case .scalar: return kind(node)
      }
    }
    switch node {
    case .mapping: return "settings"
    case .sequence: return "a list"
    case .alias: return "an alias"
    case .scalar(let scalar):
      let text = scalar.string.count > 40 ? String(scalar.string.prefix(40)) + "…" : scalar.string
      return "“\(text)”"
    }
  }

  // MARK: - Checks

  /// Refuses a document whose `*aliases` expand to more than `maxValues` values (an alias
  /// bomb), walking without recursion and stopping at the bound.
  private func checkSize() throws {
    var stack = [root]
    var count = 0
    while let node = stack.popLast() {
      count += 1
      if count > Self.maxValues {
        throw InputError(
          file: file,
          zh: "文件通过 & 锚点和 * 别名展开后超过 \(Self.maxValues) 个值；一个情景远用不了这么多。",
          en: "the file expands to more than \(Self.maxValues) values through & anchors and * aliases; a scenario needs far fewer.")
      }
      switch node {
      case .mapping(let mapping):
        for pair in mapping { stack.append(pair.key); stack.append(pair.value) }
      case .sequence(let sequence):
        stack.append(contentsOf: sequence)
      case .scalar, .alias:
        break
      }
    }
  }

  /// A parser error as one sentence at its line and column.
  static func describe(_ error: YamlError, text: String, file: String) -> InputError {
    func sentence(_ context: YamlError.Context?, _ problem: String) -> BilingualMessage {
      if problem.hasPrefix("Maximum nesting level") {
        return BilingualMessage(
          zh: "文件中的列表或设置项嵌套超过 1000 层；一个情景只需要几层。",
          en: "the file nests lists or settings more than 1000 deep; a scenario needs a few levels.")
      }
      var words = problem
      var wordsZH = problem
      if let context, !context.text.isEmpty {
        words += ", \(context.text) at line \(context.mark.line), column \(context.mark.column)"
        wordsZH += "（\(context.text)，第 \(context.mark.line) 行第 \(context.mark.column) 列）"
      }
      return BilingualMessage(zh: "文件不是有效的 YAML：\(wordsZH)。", en: "the file is not valid YAML: \(words).")
    }
    func placed(_ mark: Position?, _ message: BilingualMessage) -> InputError {
      Self.error(file: file, mark: mark, zh: message.zh, en: message.en)
    }
    switch error {
    case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _):
      return placed(Position(mark), sentence(context, problem))
    case .composer(let context, let problem, let mark, _):
      if problem.contains("another document") {
        return placed(
          Position(mark),
          BilingualMessage(
            zh: "文件中有第二个 YAML 文档（在 --- 之后）；一个情景只能是一个文档。",
            en: "the file holds a second YAML document (after ---); a scenario is one document."))
      }
      return placed(Position(mark), sentence(context, problem))
    case .reader(let problem, let offset, _, _):
      return placed(offset.flatMap { Self.mark(ofCharacter: $0, in: text) }, sentence(nil, problem))
    case .duplicatedKeysInMapping(let duplicates, let context):
      let key = duplicates.first ?? ""
      let first = Position(line: context.mark.line, column: context.mark.column)
      let again = secondOccurrence(of: key, after: first, in: text)
      let setting = again.map { name($0.path + [.key(key)]) } ?? key
      let also = again?.mark.map { " and again at line \($0.line), column \($0.column)" } ?? " more than once"
      let alsoZH = again?.mark.map { "与第 \($0.line) 行第 \($0.column) 列" } ?? ""
      return Self.error(
        file: file, mark: first,
        zh: "设置项 \(setting) 在此处\(alsoZH)重复出现；每个设置项只能写一次。",
        en: "the setting \(setting) is given here\(also); each setting may be given once.")
    default:
      return InputError(file: file, zh: "文件不是有效的 YAML：\(error)。", en: "the file is not valid YAML: \(error).")
    }
  }

  /// Where a key that Yams reports as duplicated is written the second time, and the path of
  /// its mapping: each occurrence Yams reports is renamed and the text parsed again, until the
  /// text parses (the mapping then holds the renamed key) or a few occurrences are found.
  private static func secondOccurrence(of key: String, after first: Position, in text: String) -> (path: [Step], mark: Position?)? {
    let marker = "quotaplan_duplicate_"
    var renamed = text
    var insertions: [Position] = []
    /// A position in the renamed text as a position in `text`.
    func original(_ position: Position) -> Position {
      let before = insertions.filter { $0.line == position.line && $0.column < position.column }.count
      return Position(line: position.line, column: position.column - before * marker.unicodeScalars.count)
    }
    /// A position in `text` as a position in the renamed text.
    func shifted(_ position: Position) -> Position {
      let before = insertions.filter { $0.line == position.line && $0.column < position.column }.count
      return Position(line: position.line, column: position.column + before * marker.unicodeScalars.count)
    }
    var occurrences = [first]
    var next = first
    for _ in 0..<20 {
      guard let index = Self.index(of: shifted(next), in: renamed) else { break }
      renamed.insert(contentsOf: marker, at: index)
      insertions.append(next)
      do {
        guard let root = try Yams.compose(yaml: renamed), let found = find(key, marker: marker, in: root) else { break }
        return (found.path, occurrences.count > 1 ? occurrences[1] : found.mark.map(original))
      } catch YamlError.duplicatedKeysInMapping(let duplicates, let context) where duplicates.contains(key) {
        next = original(Position(line: context.mark.line, column: context.mark.column))
        occurrences.append(next)
      } catch {
        break
      }
    }
    return occurrences.count > 1 ? ([], occurrences[1]) : nil
  }

  /// The mapping in `root` that holds a key starting with `marker`: its path and the mark of
  /// its key `key`.
  private static func find(_ key: String, marker: String, in root: Node) -> (path: [Step], mark: Position?)? {
    var stack: [([Step], Node)] = [([], root)]
    var visited = 0
    while let (path, node) = stack.popLast(), visited < maxValues {
      visited += 1
      switch node {
      case .mapping(let mapping):
        if mapping.contains(where: { $0.key.string?.hasPrefix(marker) == true }) {
          return (path, Position(mapping.first { $0.key.string == key }?.key.mark))
        }
        for pair in mapping {
          stack.append((path + [.key(pair.key.string ?? "?")], pair.value))
        }
      case .sequence(let sequence):
        for (offset, element) in sequence.enumerated() { stack.append((path + [.index(offset)], element)) }
      case .scalar, .alias:
        break
      }
    }
    return nil
  }

  // MARK: - Aliases

  /// The first `*alias` in `text`, found without parsing: a `*` at the start of a token (after a
  /// line start, a space or a flow indicator) followed by an anchor name, outside comments and
  /// outside quoted text that closes on its line. It may also flag a `*` that YAML would read as
  /// text (in a block scalar, or after a space inside plain text), never miss an alias.
  static func firstAlias(in text: String) -> (name: String, position: Position)? {
    let scalars = Array(text.unicodeScalars)
    let tokenStarts: Set<Unicode.Scalar> = [" ", "\t", "[", "{", ",", ":", "-", "?", "\u{FEFF}"]
    let nameEnds: Set<Unicode.Scalar> = [" ", "\t", ",", "[", "]", "{", "}"]
    var line = 1
    var column = 1
    var index = 0
    var previous: Unicode.Scalar? = nil
    /// The index just past the quote that closes the one at `start`, on the same line.
    func closingQuote(from start: Int) -> Int? {
      let quote = scalars[start]
      var at = start + 1
      while at < scalars.count, !isBreak(scalars[at]) {
        if quote == "\"", scalars[at] == "\\" {
          at += 2
          continue
        }
        if scalars[at] == quote {
          if quote == "'", at + 1 < scalars.count, scalars[at + 1] == "'" {
            at += 2
            continue
          }
          return at + 1
        }
        at += 1
      }
      return nil
    }
    while index < scalars.count {
      let scalar = scalars[index]
      if isBreak(scalar) {
        index += scalar == "\r" && index + 1 < scalars.count && scalars[index + 1] == "\n" ? 2 : 1
        line += 1
        column = 1
        previous = nil
        continue
      }
      let atTokenStart = previous.map { tokenStarts.contains($0) } ?? true
      if scalar == "#", previous == nil || previous == " " || previous == "\t" {
        while index < scalars.count, !isBreak(scalars[index]) { index += 1 }
        continue
      }
      if scalar == "\"" || scalar == "'", atTokenStart, let end = closingQuote(from: index) {
        column += end - index
        index = end
        previous = scalars[end - 1]
        continue
      }
      if scalar == "*", atTokenStart {
        var end = index + 1
        while end < scalars.count, !isBreak(scalars[end]), !nameEnds.contains(scalars[end]) { end += 1 }
        if end > index + 1 {
          var name = String.UnicodeScalarView()
          name.append(contentsOf: scalars[(index + 1)..<end])
          return (String(name), Position(line: line, column: column))
        }
      }
      previous = scalar
      column += 1
      index += 1
    }
    return nil
  }

  // MARK: - Lines and columns as libyaml counts them

  private static func isBreak(_ scalar: Unicode.Scalar) -> Bool {
    scalar == "\n" || scalar == "\r" || scalar == "\u{85}" || scalar == "\u{2028}" || scalar == "\u{2029}"
  }

  /// The index of a (1-based, unicode-scalar) line and column in `text`.
  static func index(of mark: Position, in text: String) -> String.Index? {
    let scalars = text.unicodeScalars
    var line = 1
    var column = 1
    var position = scalars.startIndex
    while position < scalars.endIndex {
      if line == mark.line && column == mark.column { return position }
      let scalar = scalars[position]
      let next = scalars.index(after: position)
      if isBreak(scalar) {
        if scalar == "\r", next < scalars.endIndex, scalars[next] == "\n" {
          position = scalars.index(after: next)
        } else {
          position = next
        }
        line += 1
        column = 1
      } else {
        column += 1
        position = next
      }
    }
    return line == mark.line && column == mark.column ? position : nil
  }

  /// The line and column of the character at `offset` (a count of Characters, as Yams gives).
  static func mark(ofCharacter offset: Int, in text: String) -> Position? {
    guard let end = text.index(text.startIndex, offsetBy: offset, limitedBy: text.endIndex) else { return nil }
    var line = 1
    var column = 1
    var previousWasCR = false
    for scalar in text[..<end].unicodeScalars {
      if scalar == "\n" && previousWasCR {
        previousWasCR = false
        continue
      }
      previousWasCR = scalar == "\r"
      if isBreak(scalar) {
        line += 1
        column = 1
      } else {
        column += 1
      }
    }
    return Position(line: line, column: column)
  }
}
