import Foundation

/// Names as planners type them (district, school, unit, category, grade): invisible characters
/// and surrounding spaces go, the rest is kept as written for display, and names are compared by
/// their `key` (Unicode NFKC), so `甲中学` and `甲中学` + a zero-width space, or a full-width and a
/// half-width `No.1`, are one name.
enum NameText {
  /// Zero-width space, non-joiner, joiner, word joiner and the BOM (zero-width no-break space).
  static let invisible: Set<UInt32> = [0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF]

  /// `text` without invisible characters and without the spaces around it (incl. U+3000).
  static func clean(_ text: String) -> String {
    let scalars = text.unicodeScalars
    var result = text
    // Every invisible character is U+2xxx or U+FEFF, led in UTF-8 by 0xE2 or 0xEF; CJK text is not.
    let suspect = text.utf8.withContiguousStorageIfAvailable { bytes in bytes.contains { $0 == 0xE2 || $0 == 0xEF } } ?? true
    if suspect, scalars.contains(where: { invisible.contains($0.value) }) {
      var kept = String.UnicodeScalarView()
      kept.append(contentsOf: scalars.lazy.filter { !invisible.contains($0.value) })
      result = String(kept)
    }
    return CSVTable.trimmed(result)
  }

  /// The form names are compared in: NFKC of the cleaned text, spaces around it removed.
  static func key(_ text: String) -> String {
    let cleaned = clean(text)
    // ASCII and U+4000–U+9FFF (CJK ideographs, led in UTF-8 by 0xE4–0xE9) are already NFKC;
    // most names skip the conversion.
    let stable = cleaned.utf8.withContiguousStorageIfAvailable { bytes in
      !bytes.contains { $0 >= 0xC0 && ($0 < 0xE4 || $0 > 0xE9) }
    } ?? false
    if stable { return cleaned }
    return CSVTable.trimmed(cleaned.precomposedStringWithCompatibilityMapping)
  }

  /// Why `name` cannot be a name, or nil: a control character (it would make plan.xlsx
  /// malformed XML) or more than `maxLength` characters.
  static func problem(_ name: String, what: String, maxLength: Int) -> String? {
    problemText(name, what: what, maxLength: maxLength)?.en
  }

  /// Why `name` cannot be a name, in both languages (`what` is one of district, school name,
  /// unit name, unit, school; other words are shown as given).
  static func problemText(_ name: String, what: String, maxLength: Int) -> BilingualMessage? {
    // C0 and DEL are single bytes, C1 is 0xC2 0x80–0x9F: most names are passed by the byte scan.
    let suspect = name.utf8.contains { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 }
    guard suspect || name.utf8.count > maxLength else { return nil }
    let whatZH = ["district": "区县", "school name": "学校名称", "unit name": "单位名称", "unit": "单位", "school": "学校"][what] ?? what
    if suspect, let control = name.unicodeScalars.first(where: isControl) {
      let code = String(format: "U+%04X", control.value)
      let kind = control.value == 0x0A || control.value == 0x0D ? "a line break" : control.value == 0x09 ? "a tab" : "a control character"
      let fix = kind == "a line break" ? "type the name on one line" : "remove it"
      let kindZH = kind == "a line break" ? "换行符" : kind == "a tab" ? "制表符" : "控制字符"
      let fixZH = kind == "a line break" ? "请把名称写在一行内" : "请删除它"
      return BilingualMessage(
        zh: "\(whatZH)“\(visible(name))”含有\(kindZH)（\(code)）；\(fixZH)。",
        en: "the \(what) “\(visible(name))” contains \(kind) (\(code)); \(fix).")
    }
    guard name.utf8.count > maxLength else { return nil }
    let length = name.count
    if length > maxLength {
      return BilingualMessage(
        zh: "\(whatZH)长 \(length) 个字符，超过 \(maxLength)（设置项 limits.max_name_length）：“\(String(name.prefix(20)))…”。",
        en: "the \(what) is \(length) characters long, more than \(maxLength) (setting limits.max_name_length): “\(String(name.prefix(20)))…”.")
    }
    return nil
  }

  /// C0 controls (tab and line breaks included), DEL and C1 controls.
  static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
  }

  /// `name` with its control characters shown as `␀`-style marks, for messages.
  static func visible(_ name: String) -> String {
    String(String.UnicodeScalarView(name.unicodeScalars.map { isControl($0) ? "\u{FFFD}" : $0 }))
  }

  /// Levenshtein distance between two short strings (headers), by characters.
  static func distance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
      }
      swap(&previous, &current)
    }
    return previous[b.count]
  }

  /// True when `written` looks like a slip for `known` (both normalised headers): a small edit
  /// distance for its length, or one containing the other (`是否民办`, `学生数(人)`).
  /// The known name a planner most likely meant by `written`, or nil when none is close: a name
  /// that starts with it or contains it (宝应 → 宝应县), the shortest first, then the nearest by
  /// edit distance within `isNear`'s allowance. Names are compared by `key`.
  static func closest(_ written: String, among known: [String]) -> String? {
    let wanted = key(written).lowercased()
    guard !wanted.isEmpty else { return nil }
    let keyed = known.map { (name: $0, key: key($0).lowercased()) }
    if let exact = keyed.first(where: { $0.key == wanted }) { return exact.name }
    let containing = keyed.filter { $0.key.hasPrefix(wanted) || $0.key.contains(wanted) || wanted.contains($0.key) && !$0.key.isEmpty }
    if let best = containing.min(by: { ($0.key.hasPrefix(wanted) ? 0 : 1, $0.key.count) < ($1.key.hasPrefix(wanted) ? 0 : 1, $1.key.count) }) {
      return best.name
    }
    return keyed.filter { isNear(wanted, $0.key) }.min { distance(wanted, $0.key) < distance(wanted, $1.key) }?.name
  }

  static func isNear(_ written: String, _ known: String) -> Bool {
    guard !written.isEmpty, !known.isEmpty, written != known else { return false }
    let shorter = min(written.count, known.count)
    let ascii = written.unicodeScalars.allSatisfy(\.isASCII) && known.unicodeScalars.allSatisfy(\.isASCII)
    if shorter >= (ascii ? 4 : 2), written.contains(known) || known.contains(written) { return true }
    let allowed = shorter <= 4 ? 1 : shorter <= 9 ? 2 : 3
    return distance(written, known) <= allowed
  }
}
