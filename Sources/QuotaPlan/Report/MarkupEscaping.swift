/// `text` safe inside XML or HTML text and attributes (&, <, >, ' and " escaped); returned
/// as is, without copying, when it holds none of them.
func markupEscaped(_ text: String) -> String {
  guard text.utf8.contains(where: { $0 == 38 || $0 == 60 || $0 == 62 || $0 == 39 || $0 == 34 }) else { return text }
  var escaped = ""
  escaped.reserveCapacity(text.utf8.count + 16)
  for character in text.unicodeScalars {
    switch character {
    case "&": escaped += "&amp;"
    case "<": escaped += "&lt;"
    case ">": escaped += "&gt;"
    case "'": escaped += "&#39;"
    case "\"": escaped += "&quot;"
    default: escaped.unicodeScalars.append(character)
    }
  }
  return escaped
}
