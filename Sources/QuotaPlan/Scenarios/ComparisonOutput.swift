import Foundation
import Mustache

/// A comparison as a terminal table, CSV files for Excel and an HTML page with charts, in the
/// comparison's language (`Comparison.language`, the plans'); CSV headers and the machine
/// values in them (level, kind, status) in `Comparison.headerLanguage`.
public enum ComparisonOutput {
  /// The terminal view: KPIs, quotas by category and by district (all rows or differences
  /// only), changed rules, paradoxes and scenarios without a plan.
  public static func text(_ comparison: Comparison, differencesOnly: Bool = false) -> String {
    let zh = comparison.language == .zh
    func t(_ chinese: String, _ english: String) -> String { zh ? chinese : english }
    var lines: [String] = []
    let header = [""] + comparison.names
    var table: [[String]] = [header]
    for row in kpiRows(comparison) { table.append(row) }
    lines.append(render(table))
    // All roll-ups; or, differences only, every row (cells included) that differs.
    let quotaRows = differencesOnly ? comparison.rows.filter(\.differs) : comparison.rows.filter { $0.level != .cell }
    if !quotaRows.isEmpty {
      lines.append("")
      let reference = comparison.names.first ?? t("参照方案", "the reference")
      lines.append(differencesOnly ? t("与 \(reference) 不同的指标：", "Quotas that differ from \(reference):") : t("分区县分类别指标：", "Quotas by district and category:"))
      lines.append(render([[""] + comparison.names] + quotaRows.map { row in [label(row, comparison.language)] + cells(row) }))
    }
    let byScenario = Dictionary(grouping: comparison.changes.filter { $0.kind == .ruleChanged }, by: \.scenario)
    if !byScenario.isEmpty {
      lines.append("")
      lines.append(t("决定指标的规则发生变化的单位：", "Units whose deciding rule changed:"))
      for name in comparison.names where byScenario[name] != nil {
        let changes = byScenario[name] ?? []
        lines.append("  \(name)\(t("：", ": "))\(changes.count)")
        for change in changes.prefix(5) { lines.append("    \(change.unit)\(t("：", ": "))\(change.before) → \(change.after)") }
        if changes.count > 5 { lines.append(t("    …另有 \(changes.count - 5) 个，见 changes.csv", "    … \(changes.count - 5) more in changes.csv")) }
      }
    }
    lines.append("")
    if comparison.paradoxes.isEmpty {
      lines.append(t("逆向变动：无（没有单位与其类别总量反向变化）。", "Paradoxes: none (no unit moves against its category total)."))
    } else {
      lines.append(t("逆向变动（单位与其类别总量反向变化）：", "Paradoxes (a unit moving against its category total):"))
      for change in comparison.paradoxes { lines.append("  \(change.scenario)\(t("：", ": "))\(change.unit)\(t("：", ": "))\(change.before) → \(change.after)") }
    }
    for failure in comparison.failures {
      let why = failure.why.replacingOccurrences(of: "\n", with: " ")
      lines.append(t("\(failure.name) 没有方案：\(why)", "No plan for \(failure.name): \(why)"))
    }
    return lines.joined(separator: "\n")
  }

  /// The comparison's files: comparison.csv, kpis.csv, changes.csv, compare.html.
  public static func files(_ comparison: Comparison) throws -> [(name: String, data: Data)] {
    let headers = comparison.headerLanguage
    let zh = headers == .zh
    var quotas = CSVDocument(
      header: ColumnHeaders.names(["level", "district", "category"], headers)
        + comparison.names.enumerated().flatMap { index, name in
          index == 0 ? [name] : [name, zh ? "\(name) 变化" : "\(name) Δ"]
        })
    for row in comparison.rows {
      var fields = [levelValue(row.level, headers), row.district, row.category]
      for (index, value) in row.values.enumerated() {
        fields.append(value.map(String.init) ?? "")
        if index > 0 { fields.append(row.deltas[index].map(signed) ?? "") }
      }
      quotas.rows.append(fields)
    }
    var kpis = CSVDocument(header: [ColumnHeaders.name("kpi", headers)] + comparison.names)
    kpis.rows = kpiRows(comparison)
    // English keeps the machine names scripts read (before, after); `after` alone is plan.csv's
    // members after development in Chinese, so the Chinese header comes from `after_change`.
    var changes = CSVDocument(
      header: ColumnHeaders.names(["kind", "scenario", "unit", "before"], headers) + [zh ? ColumnHeaders.name("after_change", .zh) : "after"])
    changes.rows = comparison.changes.map { [kindValue($0.kind.rawValue, headers), $0.scenario, $0.unit, $0.before, $0.after] }
    changes.rows += comparison.failures.map { [kindValue("no_plan", headers), $0.name, "", "", $0.why] }
    return [
      ("comparison.csv", try quotas.data()), ("kpis.csv", try kpis.data()), ("changes.csv", try changes.data()),
      ("compare.html", Data(try html(comparison).utf8)),
    ]
  }

  /// A row level as a CSV cell: the machine value in English, words in Chinese.
  static func levelValue(_ level: Comparison.Row.Level, _ language: Language) -> String {
    guard language == .zh else { return level.rawValue }
    switch level {
    case .cell: return "区县类别"
    case .district: return "区县合计"
    case .category: return "类别合计"
    case .city: return "全市"
    }
  }

  /// A change's kind as a CSV cell: the machine value in English, words in Chinese.
  static func kindValue(_ kind: String, _ language: Language) -> String {
    guard language == .zh else { return kind }
    switch kind {
    case Comparison.Change.Kind.ruleChanged.rawValue: return "决定规则变化"
    case Comparison.Change.Kind.paradox.rawValue: return "逆向变动"
    case "no_plan": return "无方案"
    default: return kind
    }
  }

  /// A KPI as people read it: `protected_without_quota` → 无指标的受保护学校 / "protected schools
  /// without quota", `ratio_max:junior_high` → 初中 发展后团青比最高 / "junior high ratio after,
  /// highest". `categories` name the categories (by id or name); an unknown name is itself.
  public static func kpiName(_ name: String, categories: [CategoryPolicy], _ language: Language) -> String {
    let zh = language == .zh
    let parts = name.split(separator: ":", maxSplits: 1).map(String.init)
    if parts.count == 2 {
      let category = categories.first { $0.id == parts[1] || $0.name == parts[1] }?.label(language) ?? parts[1]
      let what: String
      switch parts[0] {
      case "total": what = zh ? "总量" : "total"
      case "ratio_min": what = zh ? "发展后团青比最低" : "ratio after, lowest"
      case "ratio_median": what = zh ? "发展后团青比中位数" : "ratio after, median"
      case "ratio_max": what = zh ? "发展后团青比最高" : "ratio after, highest"
      case "binding_caps": what = zh ? "达到上限的次数" : "caps reached"
      case "balance_level": what = zh ? "均衡水平" : "balance level"
      default: return name
      }
      return "\(category) \(what)"
    }
    switch name {
    case "total": return zh ? "总量" : "total"
    case "protected_without_quota": return zh ? "无指标的受保护学校" : "protected schools without quota"
    case "classes_without_member": return zh ? "没有团员的班级" : "classes without a member"
    case "grades_without_branch": return zh ? "团员不足以建支部的年级" : "grades without a branch"
    case "solve_seconds": return zh ? "求解时间（秒）" : "solve time (s)"
    default: return name
    }
  }

  static func kpiRows(_ comparison: Comparison) -> [[String]] {
    let k = comparison.kpis
    let zh = comparison.language == .zh
    func row(_ name: String, _ value: (PlanKPIs) -> String) -> [String] { [name] + k.map(value) }
    func title(_ name: String) -> String { kpiName(name, categories: [], comparison.language) }
    var rows = [
      row(title("total")) { "\($0.total)" },
      row(title("protected_without_quota")) { "\($0.protectedWithoutQuota)" },
      row(title("classes_without_member")) { "\($0.classesWithoutMember)" },
      row(title("grades_without_branch")) { "\($0.gradesWithoutBranch)" },
    ]
    let categories = k.first?.categories ?? []
    let labels = comparison.categoryLabels
    for category in categories {
      func pick(_ kpi: PlanKPIs) -> PlanKPIs.Category? { kpi.categories.first { $0.id == category.id } }
      let name = labels[category.id] ?? category.name
      rows.append(row("\(name) \(zh ? "总量" : "total")") { pick($0).map { "\($0.total)" } ?? "–" })
      rows.append(row("\(name) \(zh ? "发展后团青比 最低/中位数/最高" : "ratio after min/median/max")") { kpi in
        guard let c = pick(kpi), let low = c.ratioMin, let mid = c.ratioMedian, let high = c.ratioMax else { return "–" }
        return "\(Charts.percentLabel(low)) / \(Charts.percentLabel(mid)) / \(Charts.percentLabel(high))"
      })
      rows.append(row("\(name) \(zh ? "达到上限的次数" : "caps reached")") { pick($0).map { "\($0.bindingCaps)" } ?? "–" })
      rows.append(row("\(name) \(zh ? "均衡水平" : "balance level")") { pick($0)?.balanceLevel.map { Charts.percentLabel($0) } ?? "–" })
    }
    rows.append(row(title("solve_seconds")) { String(format: "%.3f", $0.solveSeconds) })
    return rows
  }

  static func label(_ row: Comparison.Row, _ language: Language = .zh) -> String {
    let zh = language == .zh
    switch row.level {
    case .cell: return "\(row.district) \(row.category)"
    case .district: return zh ? "\(row.district) 合计" : "\(row.district) total"
    case .category: return zh ? "\(row.category) 合计" : "\(row.category) total"
    case .city: return zh ? "全市" : "city"
    }
  }

  static func cells(_ row: Comparison.Row) -> [String] {
    row.values.enumerated().map { index, value in
      guard let value else { return "–" }
      guard index > 0, let delta = row.deltas[index], delta != 0 else { return "\(value)" }
      return "\(value) (\(signed(delta)))"
    }
  }

  static func signed(_ value: Int) -> String { value > 0 ? "+\(value)" : "\(value)" }

  /// Pads columns to their display width (a Chinese character takes two columns).
  static func render(_ table: [[String]]) -> String {
    let columns = table.map(\.count).max() ?? 0
    var widths = [Int](repeating: 0, count: columns)
    for row in table { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], width(cell)) } }
    return table.map { row in
      row.enumerated().map { index, cell in
        let pad = String(repeating: " ", count: widths[index] - width(cell))
        return index == 0 ? cell + pad : pad + cell
      }.joined(separator: "  ")
    }.joined(separator: "\n")
  }

  static func width(_ text: String) -> Int {
    text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x1100 && ($1.value <= 0x115F || (0x2E80...0xFFE6).contains($1.value)) ? 2 : 1) }
  }

  // MARK: HTML

  struct Page {
    struct Line { var cells: [String]; var differs: Bool }
    struct Labels {
      var lang, title, heading, differencesOnly, kpis, quotas, paradoxes, noParadoxes, changes, scenario, unit, before, after: String
    }
    var labels: Labels
    var names: [String]
    var kpis: [Line]
    var quotas: [Line]
    var changes: [Line]
    var hasParadoxes: Bool
    var paradoxes: [Line]
    var failures: [Line]
    var chart: String
  }

  static func labels(_ language: Language) -> Page.Labels {
    language == .zh
      ? Page.Labels(
        lang: "zh-CN", title: "方案比较", heading: "方案比较", differencesOnly: "只看差异", kpis: "主要指标",
        quotas: "分区县分类别指标", paradoxes: "逆向变动", noParadoxes: "无：没有单位与其类别总量反向变化。",
        changes: "决定指标的规则发生变化的单位", scenario: "方案", unit: "单位", before: "之前", after: "之后")
      : Page.Labels(
        lang: "en", title: "Scenario comparison", heading: "Scenario comparison", differencesOnly: "differences only", kpis: "KPIs",
        quotas: "Quotas by district and category", paradoxes: "Paradoxes", noParadoxes: "None: no unit moves against its category total.",
        changes: "Units whose deciding rule changed", scenario: "scenario", unit: "unit", before: "before", after: "after")
  }

  static func html(_ comparison: Comparison) throws -> String {
    let language = comparison.language
    let categories = comparison.rows.filter { $0.level == .category }
    let chart = Charts.grouped(
      categories.map { ($0.category, $0.values.map { $0 ?? 0 }) }, series: comparison.names,
      title: language == .zh ? "分类别指标" : "Quotas by category")
    let page = Page(
      labels: labels(language),
      names: comparison.names,
      kpis: kpiRows(comparison).map { Page.Line(cells: $0, differs: Set($0.dropFirst()).count > 1) },
      quotas: comparison.rows.map { Page.Line(cells: [label($0, language)] + cells($0), differs: $0.differs) },
      changes: comparison.changes.filter { $0.kind == .ruleChanged }.map { Page.Line(cells: [$0.scenario, $0.unit, $0.before, $0.after], differs: false) },
      hasParadoxes: !comparison.paradoxes.isEmpty,
      paradoxes: comparison.paradoxes.map { Page.Line(cells: [$0.scenario, $0.unit, $0.before, $0.after], differs: true) },
      failures: comparison.failures.map { Page.Line(cells: [$0.name, $0.why], differs: true) },
      chart: chart)
    return try MustacheTemplate(string: template).render(page)
  }

  static let template = """
    <!DOCTYPE html>
    <html lang="{{labels.lang}}"><head><meta charset="utf-8"><title>{{labels.title}}</title>
    <style>
    body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif; margin: 24px auto; max-width: 1100px; color: #222; }
    h1 { font-size: 22px; border-bottom: 3px solid #c0392b; } h2 { font-size: 18px; color: #c0392b; margin-top: 28px; }
    table { border-collapse: collapse; width: 100%; font-size: 13px; } th, td { border: 1px solid #d0d0d0; padding: 3px 8px; }
    td:not(:first-child) { text-align: right; } th { background: #f4f4f4; } tr.differs td { background: #fff6e0; }
    #only:checked ~ table tr.same { display: none; } svg.chart { max-width: 100%; height: auto; }
    </style></head>
    <body>
    <h1>{{labels.heading}}</h1>
    <input type="checkbox" id="only"><label for="only"> {{labels.differencesOnly}}</label>
    {{{chart}}}
    <h2>{{labels.kpis}}</h2>
    <table><tr><th></th>{{#names}}<th>{{.}}</th>{{/names}}</tr>
    {{#kpis}}<tr class="{{#differs}}differs{{/differs}}{{^differs}}same{{/differs}}">{{#cells}}<td>{{.}}</td>{{/cells}}</tr>
    {{/kpis}}</table>
    <h2>{{labels.quotas}}</h2>
    <table><tr><th></th>{{#names}}<th>{{.}}</th>{{/names}}</tr>
    {{#quotas}}<tr class="{{#differs}}differs{{/differs}}{{^differs}}same{{/differs}}">{{#cells}}<td>{{.}}</td>{{/cells}}</tr>
    {{/quotas}}</table>
    <h2>{{labels.paradoxes}}</h2>
    {{^hasParadoxes}}<p>{{labels.noParadoxes}}</p>{{/hasParadoxes}}
    {{#hasParadoxes}}<table>{{#paradoxes}}<tr class="differs">{{#cells}}<td>{{.}}</td>{{/cells}}</tr>{{/paradoxes}}</table>{{/hasParadoxes}}
    <h2>{{labels.changes}}</h2>
    <table><tr><th>{{labels.scenario}}</th><th>{{labels.unit}}</th><th>{{labels.before}}</th><th>{{labels.after}}</th></tr>
    {{#changes}}<tr>{{#cells}}<td>{{.}}</td>{{/cells}}</tr>{{/changes}}</table>
    {{#failures}}<p><b>{{#cells}}{{.}} {{/cells}}</b></p>{{/failures}}
    </body></html>

    """
}
