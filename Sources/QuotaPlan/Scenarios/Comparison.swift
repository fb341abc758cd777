/// Plans side by side against the first as reference: district × category quotas with deltas
/// rolled up to district, category and city; KPIs; units whose deciding rule changed; and
/// paradoxes — a unit that loses quota when its category total grew, or gains when it shrank.
public struct Comparison: Sendable {
  /// One row of quotas: a district × category cell or a roll-up.
  public struct Row: Sendable, Equatable {
    public enum Level: String, Sendable { case cell, district, category, city }
    public var level: Level
    public var district: String
    public var category: String
    /// One value per compared plan (nil when the scenario has no such row).
    public var values: [Int?]

    /// Difference of each value from the reference's.
    public var deltas: [Int?] { values.map { value in value.flatMap { v in values.first.flatMap { $0 }.map { v - $0 } } } }
    public var differs: Bool { Set(values.map { $0 ?? -1 }).count > 1 }
  }

  /// A unit whose deciding rule changed, or that moved against its category total.
  public struct Change: Sendable, Equatable {
    public enum Kind: String, Sendable { case ruleChanged = "rule_changed", paradox }
    public var kind: Kind
    public var scenario: String
    public var unit: String
    public var before: String
    public var after: String
  }

  public var names: [String]
  public var kpis: [PlanKPIs]
  public var rows: [Row]
  public var changes: [Change]
  /// Scenarios that produced no plan, with the sentence saying why.
  public var failures: [(name: String, why: String)]
  /// The language of the comparison's text and files: the plans' (`policy.language`, which the
  /// CLI sets from `--language`), Chinese when no scenario has a plan.
  public var language: Language = .zh
  /// The language of the CSV headers: the plans' `policy.headerLanguage`.
  public var headerLanguage: Language = .zh
  /// Each category's name in `language`, by id.
  public var categoryLabels: [String: String] = [:]

  public var paradoxes: [Change] { changes.filter { $0.kind == .paradox } }

  /// The comparison of `outcomes`, the first as reference; `language` (default: the first
  /// plan's) is the language of its units, reasons and category names.
  public init(_ outcomes: [Runner.Outcome], language: Language? = nil) {
    let solved = outcomes.filter { $0.plan != nil }
    let plans = solved.compactMap(\.plan)
    let language = language ?? plans.first?.policy.language ?? .zh
    self.language = language
    headerLanguage = plans.first?.policy.headerLanguage ?? language
    for category in plans.flatMap(\.policy.categories) where categoryLabels[category.id] == nil {
      categoryLabels[category.id] = category.label(language)
    }
    names = solved.map(\.name)
    kpis = zip(plans, solved).map { PlanKPIs($0, seconds: $1.seconds) }
    failures = outcomes.filter { $0.plan == nil }.map { ($0.name, $0.failure ?? "no plan") }
    rows = Self.rows(plans, language: language)
    changes = plans.count < 2 ? [] : plans.dropFirst().flatMap { Self.changes(from: plans[0], to: $0, language: language) }
  }

  /// The quota rows; categories are named by `label(language)` and matched by id.
  static func rows(_ plans: [Plan], language: Language = .zh) -> [Row] {
    var districts: [String] = []
    var categories: [String] = []
    var labels: [String: String] = [:]
    for plan in plans {
      for district in plan.policy.districts where !districts.contains(district) { districts.append(district) }
      for category in plan.policy.categories where !categories.contains(category.id) {
        categories.append(category.id)
        labels[category.id] = category.label(language)
      }
    }
    func value(_ plan: Plan, district: String?, category: String?) -> Int? {
      let matching = plan.allocation.filter { (district == nil || $0.district == district) && (category == nil || $0.categoryID == category) }
      return matching.isEmpty ? nil : matching.reduce(0) { $0 + $1.quota }
    }
    var rows: [Row] = []
    for district in districts {
      for category in categories {
        rows.append(
          Row(level: .cell, district: district, category: labels[category] ?? category, values: plans.map { value($0, district: district, category: category) }))
      }
      rows.append(Row(level: .district, district: district, category: "", values: plans.map { value($0, district: district, category: nil) }))
    }
    for category in categories {
      rows.append(
        Row(level: .category, district: "", category: labels[category] ?? category, values: plans.map { value($0, district: nil, category: category) }))
    }
    rows.append(Row(level: .city, district: "", category: "", values: plans.map { $0.total }))
    return rows
  }

  static func changes(from reference: Plan, to plan: Plan, language: Language = .zh) -> [Change] {
    let zh = language == .zh
    func decided(_ grade: GradePlan) -> String {
      zh ? "\(grade.reason.label(.zh))，指标 \(grade.quota)" : "\(grade.reason.label(.en)), quota \(grade.quota)"
    }
    var changes: [Change] = []
    // Schools by identity: the same name may be a school in two districts or two categories.
    let before = Dictionary(reference.schoolPlans.map { ($0.school.id, $0) }, uniquingKeysWith: { a, _ in a })
    let referenceTotals = reference.categoryTotals
    let totals = plan.categoryTotals
    for school in plan.schoolPlans {
      guard let old = before[school.school.id] else { continue }
      let categoryDelta = (totals[school.category.id] ?? 0) - (referenceTotals[school.category.id] ?? 0)
      for grade in school.grades {
        guard let oldGrade = old.grades.first(where: { $0.record.grade == grade.record.grade }) else { continue }
        let unit = "\(school.school.district) \(school.school.name) \(school.category.gradeName(grade.record.grade, language))"
        if oldGrade.reason.kind != grade.reason.kind {
          changes.append(
            Change(kind: .ruleChanged, scenario: plan.policy.name, unit: unit,
              before: decided(oldGrade), after: decided(grade)))
        }
        // Only a unit whose own data is unchanged can move against its total paradoxically.
        let sameData = oldGrade.record.classes == grade.record.classes && oldGrade.record.students == grade.record.students
          && oldGrade.record.members == grade.record.members && old.school.lastYearQuota == school.school.lastYearQuota
        let delta = grade.quota - oldGrade.quota
        if sameData, (categoryDelta > 0 && delta < 0) || (categoryDelta < 0 && delta > 0) {
          changes.append(
            Change(kind: .paradox, scenario: plan.policy.name, unit: unit,
              before: total(oldGrade.quota, school.category, referenceTotals[school.category.id] ?? 0, language: language),
              after: total(grade.quota, school.category, totals[school.category.id] ?? 0, language: language)))
        }
      }
    }
    return changes
  }

  /// "3（初中 1350）" / "3 (junior high 1350)": a unit's quota beside its category's total.
  private static func total(_ quota: Int, _ category: CategoryPolicy, _ total: Int, language: Language) -> String {
    language == .zh ? "\(quota)（\(category.label(.zh)) \(total)）" : "\(quota) (\(category.label(.en)) \(total))"
  }

  /// A gate: `kpi>value`, `kpi>=value`, `kpi<value`, `kpi<=value`, `kpi==value`.
  public struct Gate: Sendable, Equatable, CustomStringConvertible {
    public var kpi: String
    public var comparison: String
    public var threshold: Double

    public init?(_ text: String) {
      for symbol in [">=", "<=", "==", ">", "<"] {
        let parts = text.components(separatedBy: symbol)
        if parts.count == 2, let value = Double(parts[1].trimmingCharacters(in: .whitespaces)) {
          kpi = parts[0].trimmingCharacters(in: .whitespaces)
          comparison = symbol
          threshold = value
          return
        }
      }
      return nil
    }

    public var description: String { "\(kpi)\(comparison)\(threshold.formatted)" }

    func trips(_ value: Double) -> Bool {
      switch comparison {
      case ">": return value > threshold
      case ">=": return value >= threshold
      case "<": return value < threshold
      case "<=": return value <= threshold
      default: return value == threshold
      }
    }
  }

  /// Sentences for every scenario where a gate trips (and for a KPI name no plan knows).
  public func tripped(_ gates: [Gate]) -> [String] {
    var found: [String] = []
    for gate in gates {
      var known = false
      for kpi in kpis {
        guard let value = kpi.value(gate.kpi) else { continue }
        known = true
        if gate.trips(value) {
          found.append(
            language == .zh
              ? "\(kpi.scenario)：\(gate.kpi) 为 \(value.formatted)，触发了 \(gate)。"
              : "\(kpi.scenario): \(gate.kpi) is \(value.formatted), which trips \(gate).")
        }
      }
      if !known {
        let names = kpis.first?.names ?? []
        found.append(
          language == .zh
            ? "没有方案有名为“\(gate.kpi)”的 KPI；可用的 KPI：\(names.isEmpty ? "无" : names.joined(separator: "、"))。"
            : "No plan has a KPI called “\(gate.kpi)”; known: \(names.isEmpty ? "none" : names.joined(separator: ", ")).")
      }
    }
    return found
  }
}

extension Double {
  /// Whole numbers without a decimal point, others with up to four decimals and no trailing
  /// zeros (0.28, not 0.2800).
  var formatted: String {
    if rounded() == self, abs(self) < 1e15 { return String(Int(self)) }
    var text = String(format: "%.4f", self)
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text
  }
}
