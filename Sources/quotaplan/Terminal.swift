import Foundation

/// Text for the terminal: control characters that a scenario, a school name or a path could
/// carry (ESC and the other C0 and C1 controls, DEL) are shown as `\u{1B}` instead of being
/// sent raw, so no input can clear the screen, move the cursor or forge a line. Newlines and
/// tabs stay; a CRLF becomes a newline.
func terminalSafe(_ text: String) -> String {
  var out = String.UnicodeScalarView()
  for scalar in text.replacingOccurrences(of: "\r\n", with: "\n").unicodeScalars {
    let value = scalar.value
    if (value < 0x20 && value != 0x0A && value != 0x09) || (0x7F..<0xA0).contains(value) {
      out.append(contentsOf: "\\u{\(String(value, radix: 16, uppercase: true))}".unicodeScalars)
    } else {
      out.append(scalar)
    }
  }
  return String(out)
}

/// Writes text to standard output, made safe for the terminal (every stdout line of the CLI
/// goes through here).
func say(_ text: String) {
  print(terminalSafe(text))
}

/// Writes one sentence to standard error, made safe for the terminal.
func printError(_ message: String) {
  FileHandle.standardError.write(Data(("quotaplan: " + terminalSafe(message) + "\n").utf8))
}
