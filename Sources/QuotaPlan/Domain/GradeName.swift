import Foundation

/// Grade names as planners say them: 初二, 高一, 中职一年级 in Chinese, "grade 2" in English.
///
/// The naming scheme is derived from the category's Chinese name, never from its id: a name
/// ending in 初中 names its grades 初一 初二 初三; a name ending in 高中 (普通高中, 高中) 高一 高二
/// 高三; any other school category its name with the year (中职一年级, 五年制高职二年级). A grade
/// shown without a category (or of a social-sector category) is "2 年级".
public enum GradeName {
  /// How one category's grades are named in Chinese.
  public enum Scheme: Sendable, Equatable {
    /// A short prefix and the Chinese numeral: 初 → 初二, 高 → 高一.
    case prefix(String)
    /// The category's name, the numeral and 年级: 中职 → 中职一年级.
    case year(String)
    /// "2 年级", for grades shown without a category.
    case plain
  }

  /// The scheme of `category` (nil: grades shown without a category).
  public static func scheme(_ category: CategoryPolicy?) -> Scheme {
    guard let category, category.kind == .school else { return .plain }
    let name = category.name.trimmingCharacters(in: .whitespaces)
    if name.isEmpty { return .plain }
    if name.hasSuffix("初中") { return .prefix("初") }
    if name.hasSuffix("高中") { return .prefix("高") }
    return .year(name)
  }

  /// One grade's name: "初二", "中职一年级", "2 年级"; "grade 2" in English.
  public static func name(_ grade: Int, of category: CategoryPolicy?, _ language: Language) -> String {
    if language == .en { return "grade \(grade)" }
    switch scheme(category) {
    case .prefix(let prefix): return prefix + numeral(grade)
    case .year(let name): return name + numeral(grade) + "年级"
    case .plain: return "\(grade) 年级"
    }
  }

  /// Several grades in one phrase: "初二、初三"; "grade 2", "grades 2 and 3", "grades 1, 2 and 3".
  /// The grades are shown in ascending order, each once; an empty list is "".
  public static func list(_ grades: [Int], of category: CategoryPolicy?, _ language: Language) -> String {
    let sorted = Array(Set(grades)).sorted()
    guard !sorted.isEmpty else { return "" }
    if language == .zh {
      if scheme(category) == .plain { return sorted.map(String.init).joined(separator: "、") + " 年级" }
      return sorted.map { name($0, of: category, .zh) }.joined(separator: "、")
    }
    if sorted.count == 1 { return "grade \(sorted[0])" }
    return "grades " + englishSeries(sorted.map(String.init))
  }

  /// "a", "a and b", "a, b and c": a series in English.
  public static func englishSeries(_ items: [String]) -> String {
    switch items.count {
    case 0: return ""
    case 1: return items[0]
    default: return items.dropLast().joined(separator: ", ") + " and " + (items.last ?? "")
    }
  }

  /// The grade `text` names for `category`, or nil when it names none of the category's grades.
  ///
  /// Accepts the number ("2", "２"), the category's own name ("初二", "高一", "中职一年级",
  /// "初中二年级"), the plain forms "二年级", "2年级", "2 年级", "grade 2", and whatever the
  /// schools file accepts for the category (大一 on a 高职 row).
  public static func parse(_ text: String, for category: CategoryPolicy) -> Int? {
    let cleaned = NameText.key(text).replacingOccurrences(of: " ", with: "").lowercased()
    guard !cleaned.isEmpty else { return nil }
    var candidates: [String] = [cleaned]
    for prefix in ["grade", "第"] where cleaned.hasPrefix(prefix) {
      candidates.append(String(cleaned.dropFirst(prefix.count)))
    }
    let name = category.name.replacingOccurrences(of: " ", with: "")
    var bodies: [String] = []
    for candidate in candidates {
      bodies.append(candidate)
      if candidate.hasSuffix("年级") { bodies.append(String(candidate.dropLast(2))) }
    }
    for body in bodies {
      var forms = [body]
      if !name.isEmpty, body.hasPrefix(name) { forms.append(String(body.dropFirst(name.count))) }
      if case .prefix(let prefix) = scheme(category), body.hasPrefix(prefix) {
        forms.append(String(body.dropFirst(prefix.count)))
      }
      for form in forms {
        let stripped = form.hasPrefix("第") ? String(form.dropFirst()) : form
        if let grade = number(stripped), (1...max(category.gradeCount, 1)).contains(grade) { return grade }
      }
    }
    // The data files' spellings (大一, 高二年, 职一) name the same grades.
    if case .success(let grade) = parse(text, category: category) { return grade }
    return nil
  }

  /// The Chinese numeral for 1–99 (一, 十二, 二十); other numbers in digits.
  public static func numeral(_ value: Int) -> String {
    let digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
    switch value {
    case 1...9: return digits[value]
    case 10: return "十"
    case 11...19: return "十" + digits[value - 10]
    case 20...99: return digits[value / 10] + "十" + (value % 10 == 0 ? "" : digits[value % 10])
    default: return String(value)
    }
  }

  /// A whole number written in digits or Chinese numerals (1–99), or nil.
  static func number(_ text: String) -> Int? {
    if let value = Int(text), value > 0 { return value }
    for value in 1...99 where numeral(value) == text { return value }
    return nil
  }
}

extension CategoryPolicy {
  /// One of the category's grades as planners name it: 初二, 中职一年级, "grade 2".
  public func gradeName(_ grade: Int, _ language: Language) -> String {
    GradeName.name(grade, of: self, language)
  }

  /// Several of the category's grades: 初二、初三; "grades 2 and 3".
  public func gradeNames(_ grades: [Int], _ language: Language) -> String {
    GradeName.list(grades, of: self, language)
  }
}

extension CapScope {
  /// The cap's grades as planners name them: 高一、高二 / "grades 1 and 2"; 全校 / "the whole
  /// school" when the cap counts every grade the school has.
  public func gradesName(_ school: School, _ category: CategoryPolicy, _ language: Language) -> String {
    if grades == school.grades.map(\.grade) { return language == .zh ? "全校" : "the whole school" }
    return category.gradeNames(grades, language)
  }

  /// "has" after one grade or the whole school, "have" after several grades (English).
  public func hasOrHave(_ school: School) -> String {
    grades.count > 1 && grades != school.grades.map(\.grade) ? "have" : "has"
  }
}
