import Foundation
import QuotaPlan

/// Settings as the page names them: every leaf of a `Policy` under a stable path
/// (`total`, `goalOrder`, `categories.senior_high.caps.R5.ratio`), with a label for planners.
///
/// Categories are keyed by id, caps by rule (`R7-g1`, `R7-all` when a category has several caps
/// of one rule), coverage targets by grade (`g2`), strict-control triggers by position. A list of
/// plain values (districts, eligible grades, goal order) is one setting.
enum SettingPaths {
  /// One setting whose value differs from the base's.
  struct Difference: Sendable, Encodable, Equatable {
    var setting: String
    var label: String
    var base: JSONValue
    var value: JSONValue
  }

  /// The policy as JSON, the engine's own encoding (the API's `policy`).
  static func json<T: Encodable>(_ value: T) -> JSONValue {
    guard let data = try? JSONEncoder().encode(value), let value = try? JSONDecoder().decode(JSONValue.self, from: data) else { return .null }
    return value
  }

  /// The key of a category's cap in paths.
  static func capKey(_ index: Int, in caps: [RatioCap]) -> String {
    let cap = caps[index]
    if caps.filter({ $0.rule == cap.rule }).count == 1 { return cap.rule.rawValue }
    return "\(cap.rule.rawValue)-\(cap.grades.map { "g" + $0.map(String.init).joined(separator: "+") } ?? "all")"
  }

  /// Every leaf setting of a policy, in the policy's order.
  static func leaves(_ policy: Policy) -> [(path: String, value: JSONValue)] {
    var out: [(String, JSONValue)] = []
    guard case .object(let root) = json(policy) else { return out }
    func walk(_ value: JSONValue, _ path: String) {
      switch value {
      case .object(let object):
        for key in object.keys.sorted() { walk(object[key]!, path.isEmpty ? key : "\(path).\(key)") }
      default:
        out.append((path, value))
      }
    }
    for key in root.keys.sorted() where key != "categories" { walk(root[key]!, key) }
    for category in policy.categories {
      let prefix = "categories.\(category.id)"
      guard case .object(var fields) = json(category) else { continue }
      let caps = fields.removeValue(forKey: "caps")
      let strict = fields.removeValue(forKey: "strictControl")
      let coverage = fields.removeValue(forKey: "coverage")
      // Settings the engine leaves out when nil are null leaves, so a change from nil shows.
      for key in ["total", "lastYearTotal", "previousYearFloor"] where fields[key] == nil { fields[key] = JSONValue.null }
      for key in fields.keys.sorted() { walk(fields[key]!, "\(prefix).\(key)") }
      if case .array(let list)? = caps {
        for (index, cap) in list.enumerated() { walk(cap, "\(prefix).caps.\(capKey(index, in: category.caps))") }
      }
      if case .array(let list)? = strict {
        for (index, trigger) in list.enumerated() { walk(trigger, "\(prefix).strictControl.\(index)") }
      }
      if case .array(let list)? = coverage {
        for (index, target) in list.enumerated() { walk(target, "\(prefix).coverage.g\(category.coverage[index].grade)") }
      }
    }
    return out
  }

  /// The settings of `policy` whose value differs from `base` (a setting only one has is
  /// null in the other), in `policy`'s order, then the base's.
  static func differences(from base: Policy, to policy: Policy, language: PageLanguage) -> [Difference] {
    let mine = leaves(policy), theirs = leaves(base)
    let theirValues = Dictionary(theirs.map { ($0.path, $0.value) }, uniquingKeysWith: { first, _ in first })
    let myValues = Dictionary(mine.map { ($0.path, $0.value) }, uniquingKeysWith: { first, _ in first })
    var out: [Difference] = []
    for (path, value) in mine where path != "name" && theirValues[path] != value {
      out.append(Difference(setting: path, label: label(path, policy: policy, language: language), base: theirValues[path] ?? .null, value: value))
    }
    for (path, value) in theirs where path != "name" && myValues[path] == nil {
      out.append(Difference(setting: path, label: label(path, policy: base, language: language), base: value, value: .null))
    }
    return out
  }

  /// The path of the setting a policy check names.
  static func path(of problem: PolicyCheck.Problem, in policy: Policy) -> String {
    var parts: [String] = []
    var steps = problem.setting[...]
    var category: CategoryPolicy?
    if let index = problem.category, policy.categories.indices.contains(index) {
      category = policy.categories[index]
      parts = ["categories", policy.categories[index].id]
    }
    var previous: String?
    while let step = steps.popFirst() {
      switch step {
      case .key(let key):
        var name = camel(key)
        if category != nil, parts.count == 2, key == "grades" { name = "gradeCount" }
        if category == nil, parts.isEmpty, key == "goals" { name = "goalOrder" }
        if previous == "districtTotals" { name = key }
        parts.append(name)
        previous = name
      case .index(let index):
        switch previous {
        case "caps":
          if let caps = category?.caps, caps.indices.contains(index) { parts.append(capKey(index, in: caps)) } else { parts.append("\(index)") }
        case "coverage":
          if let coverage = category?.coverage, coverage.indices.contains(index) { parts.append("g\(coverage[index].grade)") } else { parts.append("\(index)") }
        case "strictControl":
          parts.append("\(index)")
        default:
          // A list of plain values is one setting.
          break
        }
        previous = nil
      }
    }
    return parts.joined(separator: ".")
  }

  /// A Chinese sentence for the engine's reason (`is 3.0; a ratio cap must lie between 0 and 1.`):
  /// the value and the bound, as far as the reason is one the settings form can cause.
  static func chineseReason(_ reason: String) -> String {
    let value = reason.hasPrefix("is ") ? reason.dropFirst(3).prefix { $0 != ";" && $0 != "," } : ""
    let now = value.isEmpty ? "" : "（现为 \(value)）"
    let rules: [(String, String)] = [
      ("must lie between 0 and 1", "须在 0 到 1 之间"),
      ("cannot be negative", "不能为负数"),
      ("above the city total", "不能超过全市总量"),
      ("must be a whole number from 0 to 99,999,999", "须为 0 至 99,999,999 的整数"),
      ("4-digit year", "须为 4 位年份"),
      ("12-digit member number", "须为该年度的 12 位团员编号，且其后留足总量所需的号码"),
      ("leaves room for", "其后的号码不够分配全市总量"),
      ("a branch needs at least 1 member", "至少为 1"),
      ("list each", "有重复项，每项只能列一次"),
      ("is empty", "不能为空"),
      ("1 to 12 grades", "须为 1 至 12 个年级"),
      ("which the category does not have", "包含该类别没有的年级"),
      ("is not a grade of the category", "不是该类别的年级"),
      ("but the category has grades", "包含该类别没有的年级"),
      ("not one of the scenario's districts", "不是本方案的区县"),
      ("must be a number ≥ 0", "须为不小于 0 的数"),
    ]
    for (english, chinese) in rules where reason.contains(english) { return chinese + now }
    return "不符合规则\(now)"
  }

  static func camel(_ key: String) -> String {
    let words = key.split(separator: "_")
    guard let first = words.first else { return key }
    return String(first) + words.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
  }

  /// The setting's name for planners (Chinese or English).
  static func label(_ path: String, policy: Policy, language: PageLanguage) -> String {
    let zh = language == .zh
    let parts = path.split(separator: ".").map(String.init)
    guard let first = parts.first else { return path }
    if first == "categories", parts.count >= 3 {
      let id = parts[1]
      let category = policy.category(id)
      let name = zh ? (category?.name ?? id) : id.replacingOccurrences(of: "_", with: " ")
      return "\(name) · \(categoryLabel(Array(parts.dropFirst(2)), category: category, zh: zh))"
    }
    if first == "social", parts.count == 2 {
      let labels: [String: (String, String)] = [
        "densityExponent": ("社会领域：组织密度指数", "social sector: density exponent"),
        "outflowResidentShareBelow": ("社会领域：外流村常住青年占比阈值", "social sector: outflow resident share below"),
        "outflowMemberRatioBelow": ("社会领域：外流村团青比阈值", "social sector: outflow member ratio below"),
        "outflowBoost": ("社会领域：外流村权重倍数", "social sector: outflow boost"),
      ]
      if let label = labels[parts[1]] { return zh ? label.0 : label.1 }
    }
    let labels: [String: (String, String)] = [
      "name": ("方案名称", "name"), "title": ("标题", "title"), "year": ("年度", "year"),
      "total": ("全市总量（R1）", "city total (R1)"), "firstNumber": ("起始团员编号", "first member number"),
      "districts": ("区县及顺序", "districts and their order"), "goalOrder": ("目标优先顺序", "goal order"),
      "protectPrivateAndRural": ("保护民办和农村学校不关门", "protect private and rural schools"),
      "language": ("语言", "language"), "nonNegotiable": ("不可突破的规则", "non-negotiable rules"),
      "closedDoorIsHard": ("不关门作为硬性规则", "closed door as a hard rule"),
      "branchMinimum": ("建立团支部的最少团员数", "members a branch needs"),
      "headers": ("表头语言", "header language"), "dataNote": ("数据说明", "note about the data"),
      "itemisedDistricts": ("附件1中逐单位列出的区县", "districts listed unit by unit in Attachment 1"),
      "solverTimeLimit": ("求解时间上限（秒）", "solver time limit (seconds)"),
      "expect": ("预期结果", "expected result"),
    ]
    if let label = labels[path] { return zh ? label.0 : label.1 }
    return path
  }

  static func categoryLabel(_ parts: [String], category: CategoryPolicy?, zh: Bool) -> String {
    guard let head = parts.first else { return "" }
    let tail = parts.count > 1 ? parts[parts.count - 1] : ""
    func grades(_ list: [Int]?) -> String {
      guard let list else { return zh ? "全部年级" : "all grades" }
      return zh ? list.map(String.init).joined(separator: "、") + " 年级" : "grade\(list.count > 1 ? "s" : "") " + list.map(String.init).joined(separator: ", ")
    }
    switch head {
    case "caps" where parts.count >= 2:
      let cap = category.flatMap { category in category.caps.indices.first { capKey($0, in: category.caps) == parts[1] }.map { category.caps[$0] } }
      let rule = cap?.rule.rawValue ?? parts[1]
      let scope = grades(cap?.grades)
      let what = zh ? "团青比上限 \(rule)（\(scope)）" : "ratio cap \(rule) (\(scope))"
      switch tail {
      case "ratio": return what
      case "grades": return zh ? "\(what)的适用年级" : "\(what): grades"
      default: return "\(what) \(tail)"
      }
    case "strictControl" where parts.count >= 2:
      let trigger = Int(parts[1]).flatMap { index in category?.strictControl.indices.contains(index) == true ? category?.strictControl[index] : nil }
      let what = zh ? "严控线 R9（\(grades(trigger?.grades))）" : "strict control R9 (\(grades(trigger?.grades)))"
      return tail == "above" ? what : (zh ? "\(what)的年级" : "\(what): grades")
    case "coverage" where parts.count >= 2:
      let grade = parts[1].dropFirst()
      switch tail {
      case "perClass": return zh ? "覆盖目标 G2：\(grade) 年级每班团员数" : "coverage G2: grade \(grade) members per class"
      case "perGrade": return zh ? "覆盖目标 G2：\(grade) 年级团员总数" : "coverage G2: grade \(grade) members per grade"
      default: return zh ? "覆盖目标 G2：\(grade) 年级" : "coverage G2: grade \(grade)"
      }
    case "districtTotals" where parts.count >= 2:
      return zh ? "区县指标：\(parts[1])" : "district total: \(parts[1])"
    default:
      let labels: [String: (String, String)] = [
        "total": ("类别总量（R2）", "category total (R2)"), "lastYearTotal": ("上年总量", "last year's total"),
        "gradeCount": ("年级数", "number of grades"), "eligibleGrades": ("可发展年级（R8）", "eligible grades (R8)"),
        "protectsAllSchools": ("所有学校不关门", "every school protected"),
        "previousYearFloor": ("不低于上年指标的比例（R10）", "previous-year floor (R10)"), "name": ("类别名称", "category name"),
        "aliases": ("别名", "aliases"), "kind": ("类型", "kind"), "id": ("类别标识", "category id"),
      ]
      if let label = labels[head] { return zh ? label.0 : label.1 }
      return parts.joined(separator: ".")
    }
  }
}

extension JSONValue {
  /// The value as short JSON text, for the audit log and messages.
  var compactText: String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
  }
}
