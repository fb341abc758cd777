/// A Mustache template compiled once and rendered over a `PageValue`: the part of Mustache the
/// report's templates use, with swift-mustache's rules (standalone lines, the context stack,
/// dotted names, HTML escaping, the `{{% CONTENT_TYPE: TEXT}}` pragma), byte for byte.
///
/// swift-mustache looks every tag up by reflection and casts on each row; a province's report
/// has thousands of rows, and this renders them in a few milliseconds. Tags it does not know
/// (partials, blocks, set delimiters, transforms) make `init` throw, so a template that needs
/// them is caught by the tests rather than rendered differently.
struct PageTemplate: Sendable {
  /// Why a template cannot be compiled.
  struct Unsupported: Error, CustomStringConvertible {
    var description: String
  }

  indirect enum Node: Sendable {
    case text(String)
    case variable([String], escaped: Bool)
    case section([String], [Node])
    case invertedSection([String], [Node])
    /// From here on, text is written as is (`{{% CONTENT_TYPE: TEXT}}`) or HTML-escaped.
    case escaping(Bool)
  }

  let nodes: [Node]

  init(_ text: String) throws {
    var parser = Parser(Array(text))
    nodes = try parser.parse(section: nil, newLine: true)
  }

  /// The template rendered over `value` (the bottom of the context stack).
  func render(_ value: PageValue) -> String {
    var output = ""
    var escaping = true
    var stack = [value]
    Self.render(nodes, stack: &stack, escaping: &escaping, into: &output)
    return output
  }

  private static func render(_ nodes: [Node], stack: inout [PageValue], escaping: inout Bool, into output: inout String) {
    for node in nodes {
      switch node {
      case .text(let text):
        output += text
      case .variable(let name, let escaped):
        guard let value = lookUp(name, in: stack) else { continue }
        let text: String
        switch value {
        case .text(let string): text = string
        case .flag(let flag): text = flag ? "true" : "false"
        case .list, .object: text = ""
        }
        output += escaped && escaping ? htmlEscaped(text) : text
      case .section(let name, let inner):
        switch lookUp(name, in: stack) {
        case .none, .flag(false):
          break
        case .flag(true):
          var innerEscaping = escaping
          render(inner, stack: &stack, escaping: &innerEscaping, into: &output)
        case .list(let items):
          for item in items {
            var innerEscaping = escaping
            stack.append(item)
            render(inner, stack: &stack, escaping: &innerEscaping, into: &output)
            stack.removeLast()
          }
        case .some(let value):
          var innerEscaping = escaping
          stack.append(value)
          render(inner, stack: &stack, escaping: &innerEscaping, into: &output)
          stack.removeLast()
        }
      case .invertedSection(let name, let inner):
        let value = lookUp(name, in: stack)
        switch value {
        case .none, .flag(false):
          var innerEscaping = escaping
          render(inner, stack: &stack, escaping: &innerEscaping, into: &output)
        case .list(let items) where items.isEmpty:
          // swift-mustache renders an empty list's inverted section with the list on the stack.
          var innerEscaping = escaping
          stack.append(.list(items))
          render(inner, stack: &stack, escaping: &innerEscaping, into: &output)
          stack.removeLast()
        default:
          break
        }
      case .escaping(let on):
        escaping = on
      }
    }
  }

  /// Mustache's look-up: "." is the top of the stack; otherwise the first part of a dotted name
  /// is searched from the top of the stack down, and the rest only inside what it found.
  private static func lookUp(_ name: [String], in stack: [PageValue]) -> PageValue? {
    guard let first = name.first else { return stack.last }
    for value in stack.reversed() {
      guard var found = value.field(first) else { continue }
      for part in name.dropFirst() {
        guard let inner = found.field(part) else { return nil }
        found = inner
      }
      return found
    }
    return nil
  }

  /// swift-mustache's HTML escaping: the characters <, >, &, " and ' (whole characters, so a
  /// "<" carrying a combining mark is left as it is).
  static func htmlEscaped(_ text: String) -> String {
    guard text.utf8.contains(where: { $0 == 38 || $0 == 60 || $0 == 62 || $0 == 39 || $0 == 34 }) else { return text }
    var escaped = ""
    escaped.reserveCapacity(text.utf8.count + 16)
    for character in text {
      switch character {
      case "<": escaped += "&lt;"
      case ">": escaped += "&gt;"
      case "&": escaped += "&amp;"
      case "\"": escaped += "&quot;"
      case "'": escaped += "&#39;"
      default: escaped.append(character)
      }
    }
    return escaped
  }

  /// swift-mustache's parser (Template+Parser.swift, 2.1.1), for the tags the report uses.
  private struct Parser {
    let characters: [Character]
    var position = 0

    init(_ characters: [Character]) { self.characters = characters }

    var atEnd: Bool { position == characters.count }
    var current: Character { atEnd ? "\0" : characters[position] }

    mutating func read(while set: Set<Character>) -> String {
      let start = position
      while !atEnd, set.contains(characters[position]) { position += 1 }
      return String(characters[start..<position])
    }

    mutating func skipWhitespace() {
      while !atEnd, characters[position].isWhitespace { position += 1 }
    }

    mutating func read(_ string: String) -> Bool {
      let wanted = Array(string)
      guard characters.count - position >= wanted.count, Array(characters[position..<(position + wanted.count)]) == wanted else {
        return false
      }
      position += wanted.count
      return true
    }

    static let blank: Set<Character> = [" ", "\t"]
    static let nameCharacters = Set<Character>("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*")
    static let allNameCharacters = Set<Character>("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?()*")

    /// The nodes up to the end of `section` (or of the text), as swift-mustache tokenises them.
    mutating func parse(section: String?, newLine startsOnNewLine: Bool) throws -> [Node] {
      var nodes: [Node] = []
      var newLine = startsOnNewLine
      var whiteSpaceBefore = ""
      while !atEnd {
        if newLine { whiteSpaceBefore = read(while: Self.blank) }
        let text = readUntilTagOrNewline()
        if current.isNewline {
          nodes.append(.text(whiteSpaceBefore + text + String(current)))
          newLine = true
          position += 1
          continue
        }
        if !text.isEmpty {
          nodes.append(.text(whiteSpaceBefore + text))
          whiteSpaceBefore = ""
          newLine = false
        }
        if atEnd { break }
        var setNewLine = false
        switch current {
        case "#", "^":
          let inverted = current == "^"
          position += 1
          let name = try parseName()
          if isStandalone(newLine) {
            setNewLine = true
          } else if !whiteSpaceBefore.isEmpty {
            nodes.append(.text(whiteSpaceBefore))
            whiteSpaceBefore = ""
          }
          let inner = try parse(section: name, newLine: setNewLine)
          let path = Self.path(name)
          nodes.append(inverted ? .invertedSection(path, inner) : .section(path, inner))
        case "/":
          position += 1
          let name = try parseName()
          guard name == section else { throw Unsupported(description: "{{/\(name)}} closes no open section") }
          if !isStandalone(newLine), !whiteSpaceBefore.isEmpty {
            nodes.append(.text(whiteSpaceBefore))
          }
          return nodes
        case "!":
          position += 1
          try skipComment()
          setNewLine = isStandalone(newLine)
        case "{", "&":
          let triple = current == "{"
          if !whiteSpaceBefore.isEmpty {
            nodes.append(.text(whiteSpaceBefore))
            whiteSpaceBefore = ""
          }
          position += 1
          let name = try parseName()
          if triple, !read("}") { throw Unsupported(description: "{{{\(name)}} is not closed") }
          nodes.append(.variable(Self.path(name), escaped: false))
        case "%":
          position += 1
          nodes.append(try parsePragma())
          setNewLine = isStandalone(newLine)
        case ">", "<", "$", "=":
          throw Unsupported(description: "the tag {{\(current)…}} (partials, blocks, delimiters) is not supported")
        default:
          if !whiteSpaceBefore.isEmpty {
            nodes.append(.text(whiteSpaceBefore))
            whiteSpaceBefore = ""
          }
          nodes.append(.variable(Self.path(try parseName()), escaped: true))
        }
        newLine = setNewLine
      }
      guard section == nil else { throw Unsupported(description: "{{#\(section ?? "")}} is not closed") }
      return nodes
    }

    /// The parts of a dotted name ("labels.summary"); "." alone is the top of the stack.
    static func path(_ name: String) -> [String] {
      name == "." ? [] : name.split(separator: ".").map(String.init)
    }

    mutating func readUntilTagOrNewline() -> String {
      var text = ""
      while !atEnd {
        let start = position
        while !atEnd, characters[position] != "\n", characters[position] != "\r\n", characters[position] != "{" {
          position += 1
        }
        text += String(characters[start..<position])
        if current.isNewline { break }
        if current == "{" {
          if read("{{") { break }
          text += "{"
          position += 1
        }
      }
      return text
    }

    mutating func parseName() throws -> String {
      skipWhitespace()
      let name = read(while: Self.allNameCharacters)
      skipWhitespace()
      guard read("}}") else { throw Unsupported(description: "the tag {{\(name)… is not closed") }
      guard name.allSatisfy(Self.nameCharacters.contains) else {
        throw Unsupported(description: "transforms ({{\(name)}}) are not supported")
      }
      guard name == "." || !name.hasPrefix(".") else {
        throw Unsupported(description: "names that start with a dot ({{\(name)}}) are not supported")
      }
      return name
    }

    mutating func skipComment() throws {
      while !atEnd {
        if read("}}") { return }
        position += 1
      }
      throw Unsupported(description: "a comment is not closed")
    }

    mutating func parsePragma() throws -> Node {
      skipWhitespace()
      let variable = read(while: Self.nameCharacters)
      skipWhitespace()
      guard read(":") else { throw Unsupported(description: "a {{% …}} pragma without a colon") }
      skipWhitespace()
      let value = read(while: Self.nameCharacters)
      skipWhitespace()
      guard read("}}"), variable == "CONTENT_TYPE", value == "TEXT" || value == "HTML" else {
        throw Unsupported(description: "the pragma {{% \(variable): \(value)}} is not supported")
      }
      return .escaping(value == "HTML")
    }

    /// True (and the line's end read) when the tag just read stands on a line of its own.
    mutating func isStandalone(_ newLine: Bool) -> Bool {
      guard newLine else { return false }
      if atEnd { return true }
      var probe = position
      while probe < characters.count, Self.blank.contains(characters[probe]) { probe += 1 }
      if probe < characters.count, characters[probe].isNewline {
        position = probe + 1
        return true
      }
      return false
    }
  }
}
