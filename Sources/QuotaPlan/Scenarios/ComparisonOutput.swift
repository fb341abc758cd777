import Foundation
import Mustache

/// A comparison as a terminal table, CSV files for Excel and an HTML page with charts.
public enum ComparisonOutput {
  /// The terminal view: KPIs, quotas by category and by district (all rows or differences
  /// only), changed rules, paradoxes and scenarios without a plan.
  public static func text(_ comparison: Comparison, differencesOnly: Bool = false) -> String {
    var lines: [String] = []
    let header = ["", ] + comparison.names
    var table: [[String]] = [header]
    for row in kpiRows(comparison) { table.append(row) }
    lines.append(render(table))
    // All roll-ups; or, differences only, every row (cells included) that differs.
    let quotaRows = differencesOnly ? comparison.rows.filter(\.differs) : comparison.rows.filter { $0.level != .cell }
    if !quotaRows.isEmpty {
      lines.append("")
      lines.append(differencesOnly ? "Quotas that differ from \(comparison.names.first ?? "the reference"):" : "Quotas by district and category:")
      lines.append(render([[""] + comparison.names] + quotaRows.map { row in [label(row)] + cells(row) }))
    }
    let byScenario = Dictionary(grouping: comparison.changes.filter { $0.kind == .ruleChanged }, by: \.scenario)
    if !byScenario.isEmpty {
      lines.append("")
      lines.append("Units whose deciding rule changed:")
      for name in comparison.names where byScenario[name] != nil {
        let changes = byScenario[name] ?? []
        lines.append("  \(name): \(changes.count)")
        for change in changes.prefix(5) { lines.append("    \(change.unit): \(change.before) → \(change.after)") }
        if changes.count > 5 { lines.append("    … \(changes.count - 5) more in changes.csv") }
      }
    }
    lines.append("")
    if comparison.paradoxes.isEmpty {
      lines.append("Paradoxes: none (no unit moves against its category total).")
    } else {
      lines.append("Paradoxes (a unit moving against its category total):")
      for change in comparison.paradoxes { lines.append("  \(change.scenario): \(change.unit): \(change.before) → \(change.after)") }
    }
    for failure in comparison.failures {
      lines.append("No plan for \(failure.name): \(failure.why.replacingOccurrences(of: "\n", with: " "))")
    }
    return lines.joined(separator: "\n")
  }

  /// The comparison's files: comparison.csv, kpis.csv, changes.csv, compare.html.
  public static func files(_ comparison: Comparison) throws -> [(name: String, data: Data)] {
    var quotas = CSVDocument(header: ["level", "district", "category"] + comparison.names.enumerated().flatMap { index, name in
      index == 0 ? [name] : [name, "\(name) Δ"]
    })
    for row in comparison.rows {
      var fields = [row.level.rawValue, row.district, row.category]
      for (index, value) in row.values.enumerated() {
        fields.append(value.map(String.init) ?? "")
        if index > 0 { fields.append(row.deltas[index].map(signed) ?? "") }
      }
      quotas.rows.append(fields)
    }
    var kpis = CSVDocument(header: ["kpi"] + comparison.names)
    kpis.rows = kpiRows(comparison)
    var changes = CSVDocument(header: ["kind", "scenario", "unit", "before", "after"])
    changes.rows = comparison.changes.map { [$0.kind.rawValue, $0.scenario, $0.unit, $0.before, $0.after] }
    changes.rows += comparison.failures.map { ["no_plan", $0.name, "", "", $0.why] }
    return [
      ("comparison.csv", try quotas.data()), ("kpis.csv", try kpis.data()), ("changes.csv", try changes.data()),
      ("compare.html", Data(try html(comparison).utf8)),
    ]
  }

  static func kpiRows(_ comparison: Comparison) -> [[String]] {
    let k = comparison.kpis
    func row(_ name: String, _ value: (PlanKPIs) -> String) -> [String] { [name] + k.map(value) }
    var rows = [
      row("total") { "\($0.total)" },
      row("protected schools without quota") { "\($0.protectedWithoutQuota)" },
      row("classes without a member") { "\($0.classesWithoutMember)" },
      row("grades without a branch") { "\($0.gradesWithoutBranch)" },
    ]
    let categories = k.first?.categories ?? []
    for category in categories {
      func pick(_ kpi: PlanKPIs) -> PlanKPIs.Category? { kpi.categories.first { $0.id == category.id } }
      rows.append(row("\(category.name) total") { pick($0).map { "\($0.total)" } ?? "–" })
      rows.append(row("\(category.name) ratio after min/median/max") { kpi in
        guard let c = pick(kpi), let low = c.ratioMin, let mid = c.ratioMedian, let high = c.ratioMax else { return "–" }
        return "\(Charts.percentLabel(low)) / \(Charts.percentLabel(mid)) / \(Charts.percentLabel(high))"
      })
      rows.append(row("\(category.name) caps binding") { pick($0).map { "\($0.bindingCaps)" } ?? "–" })
      rows.append(row("\(category.name) balance level") { pick($0)?.balanceLevel.map { Charts.percentLabel($0) } ?? "–" })
    }
    rows.append(row("solve time (s)") { String(format: "%.3f", $0.solveSeconds) })
    return rows
  }

  static func label(_ row: Comparison.Row) -> String {
    switch row.level {
    case .cell: return "\(row.district) \(row.category)"
    case .district: return "\(row.district) 合计"
    case .category: return "\(row.category) 合计"
    case .city: return "全市 city"
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
    var names: [String]
    var kpis: [Line]
    var quotas: [Line]
    var changes: [Line]
    var hasParadoxes: Bool
    var paradoxes: [Line]
    var failures: [Line]
    var chart: String
  }

  static func html(_ comparison: Comparison) throws -> String {
    let categories = comparison.rows.filter { $0.level == .category }
    let chart = Charts.grouped(
      categories.map { ($0.category, $0.values.map { $0 ?? 0 }) }, series: comparison.names, title: "Quotas by category")
    let page = Page(
      names: comparison.names,
      kpis: kpiRows(comparison).map { Page.Line(cells: $0, differs: Set($0.dropFirst()).count > 1) },
      quotas: comparison.rows.map { Page.Line(cells: [label($0)] + cells($0), differs: $0.differs) },
      changes: comparison.changes.filter { $0.kind == .ruleChanged }.map { Page.Line(cells: [$0.scenario, $0.unit, $0.before, $0.after], differs: false) },
      hasParadoxes: !comparison.paradoxes.isEmpty,
      paradoxes: comparison.paradoxes.map { Page.Line(cells: [$0.scenario, $0.unit, $0.before, $0.after], differs: true) },
      failures: comparison.failures.map { Page.Line(cells: [$0.name, $0.why], differs: true) },
      chart: chart)
    return try MustacheTemplate(string: template).render(page)
  }

  static let template = """
    <!DOCTYPE html>
    <html lang="zh-CN"><head><meta charset="utf-8"><title>quotaplan comparison</title>
    <style>
    body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif; margin: 24px auto; max-width: 1100px; color: #222; }
    h1 { font-size: 22px; border-bottom: 3px solid #c0392b; } h2 { font-size: 18px; color: #c0392b; margin-top: 28px; }
    table { border-collapse: collapse; width: 100%; font-size: 13px; } th, td { border: 1px solid #d0d0d0; padding: 3px 8px; }
    td:not(:first-child) { text-align: right; } th { background: #f4f4f4; } tr.differs td { background: #fff6e0; }
    #only:checked ~ table tr.same { display: none; } svg.chart { max-width: 100%; height: auto; }
    </style></head>
    <body>
    <h1>Scenario comparison 方案比较</h1>
    <input type="checkbox" id="only"><label for="only"> differences only 只看差异</label>
    {{{chart}}}
    <h2>KPIs</h2>
    <table><tr><th></th>{{#names}}<th>{{.}}</th>{{/names}}</tr>
    {{#kpis}}<tr class="{{#differs}}differs{{/differs}}{{^differs}}same{{/differs}}">{{#cells}}<td>{{.}}</td>{{/cells}}</tr>
    {{/kpis}}</table>
    <h2>Quotas by district and category 分县区分类别指标</h2>
    <table><tr><th></th>{{#names}}<th>{{.}}</th>{{/names}}</tr>
    {{#quotas}}<tr class="{{#differs}}differs{{/differs}}{{^differs}}same{{/differs}}">{{#cells}}<td>{{.}}</td>{{/cells}}</tr>
    {{/quotas}}</table>
    <h2>Paradoxes 逆向变动</h2>
    {{^hasParadoxes}}<p>None: no unit moves against its category total.</p>{{/hasParadoxes}}
    {{#hasParadoxes}}<table>{{#paradoxes}}<tr class="differs">{{#cells}}<td>{{.}}</td>{{/cells}}</tr>{{/paradoxes}}</table>{{/hasParadoxes}}
    <h2>Units whose deciding rule changed 决定规则变化的单位</h2>
    <table><tr><th>scenario</th><th>unit</th><th>before</th><th>after</th></tr>
    {{#changes}}<tr>{{#cells}}<td>{{.}}</td>{{/cells}}</tr>{{/changes}}</table>
    {{#failures}}<p><b>{{#cells}}{{.}} {{/cells}}</b></p>{{/failures}}
    </body></html>

    """
}
