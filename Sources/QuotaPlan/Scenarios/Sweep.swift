import Foundation

/// A series (or grid) of plans with one or two policy settings stepped over a range.
public enum Sweep {
  /// One swept setting: `key` takes each of `values`.
  public struct Axis: Sendable, Equatable {
    public var key: String
    public var values: [Double]

    /// Parses `KEY=FROM...TO` with `step`; the values run from FROM to TO inclusive.
    public init(_ text: String, step: Double) throws {
      let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
      let range = parts.count == 2 ? parts[1].components(separatedBy: "...") : []
      guard parts.count == 2, range.count == 2, let from = Double(range[0]), let to = Double(range[1]) else {
        throw SweepError(
          "“\(text)” is not KEY=FROM...TO (for example categories.senior_high.caps[0].ratio=0.20...0.40).",
          zh: "“\(text)”不是“设置=起点...终点”的形式（例如 categories.senior_high.caps[0].ratio=0.20...0.40）。")
      }
      guard step > 0, step.isFinite else { throw SweepError("the step must be a positive number, not \(step).", zh: "步长须为正数，而不是 \(step)。") }
      let count = Int(((to - from) / step + 1e-9).rounded(.down))
      guard count >= 0, count <= 10_000 else { throw SweepError(
          "\(text) with step \(step) gives \(count + 1) values; at most 10001.", zh: "\(text) 以步长 \(step) 得到 \(count + 1) 个取值，最多 10001 个。") }
      key = parts[0]
      values = (0...count).map { (from + Double($0) * step) * 1e9 }.map { $0.rounded() / 1e9 }
    }
  }

  /// A setting that cannot be swept or a value it cannot take, as a sentence.
  public struct SweepError: Error, CustomStringConvertible {
    /// The sentence in English (logs and tests).
    public var description: String
    /// The same sentence in Chinese.
    public var chinese: String
    init(_ description: String, zh chinese: String) {
      self.description = description
      self.chinese = chinese
    }

    /// The sentence in `language`.
    public func sentence(_ language: Language) -> String { language == .zh ? chinese : description }
  }

  /// Sets `key` to `value`: `total`, `categories.<id>.total`, `categories.<id>.caps[<i>].ratio`,
  /// `categories.<id>.previous_year_floor`, `categories.<id>.strict_control[<i>].above`, or
  /// `social.density_exponent|outflow_boost|outflow_resident_share_below|outflow_member_ratio_below`.
  public static func set(_ key: String, _ value: Double, in policy: inout Policy) throws {
    let parts = key.split(separator: ".").map(String.init)
    func whole() throws -> Int {
      guard value.rounded() == value else { throw SweepError("\(key) takes whole numbers, not \(value).", zh: "\(key) 须为整数，而不是 \(value)。") }
      // The bound of every total (PolicyValidation.maxCount); Int(value) would trap beyond 2^63.
      guard (0...Double(PolicyValidation.maxCount)).contains(value) else {
        throw SweepError(
          "\(key) takes whole numbers from 0 to 99,999,999, not \(value).", zh: "\(key) 须为 0 至 99,999,999 的整数，而不是 \(value)。")
      }
      return Int(value)
    }
    func indexed(_ part: String, _ name: String) -> Int? {
      guard part.hasPrefix(name + "["), part.hasSuffix("]") else { return nil }
      return Int(part.dropFirst(name.count + 1).dropLast())
    }
    if parts == ["total"] {
      policy.total = try whole()
      return
    }
    if parts.count == 2, parts[0] == "social" {
      switch parts[1] {
      case "density_exponent": policy.social.densityExponent = value
      case "outflow_boost": policy.social.outflowBoost = value
      case "outflow_resident_share_below": policy.social.outflowResidentShareBelow = value
      case "outflow_member_ratio_below": policy.social.outflowMemberRatioBelow = value
      default: throw SweepError("“\(key)” is not a social setting.", zh: "“\(key)”不是社会领域的设置。")
      }
      return
    }
    guard parts.count >= 3, parts[0] == "categories", let c = policy.categories.firstIndex(where: { $0.id == parts[1] }) else {
      throw SweepError(
        "“\(key)” is not a setting that can be swept (total, categories.<id>.total, categories.<id>.caps[i].ratio, …).",
        zh: "“\(key)”不是可扫描的设置（total、categories.<id>.total、categories.<id>.caps[i].ratio 等）。")
    }
    switch parts[2] {
    case "total": policy.categories[c].total = try whole()
    case "previous_year_floor": policy.categories[c].previousYearFloor = value
    case let part where indexed(part, "caps") != nil && parts.count == 4 && parts[3] == "ratio":
      guard let i = indexed(part, "caps"), policy.categories[c].caps.indices.contains(i) else { throw SweepError("\(key): no such cap.", zh: "\(key)：没有这个上限。") }
      policy.categories[c].caps[i].ratio = value
    case let part where indexed(part, "strict_control") != nil && parts.count == 4 && parts[3] == "above":
      guard let i = indexed(part, "strict_control"), policy.categories[c].strictControl.indices.contains(i) else {
        throw SweepError("\(key): no such strict-control trigger.", zh: "\(key)：没有这个严格控制条件。")
      }
      policy.categories[c].strictControl[i].above = value
    default: throw SweepError("“\(key)” is not a setting that can be swept.", zh: "“\(key)”不是可扫描的设置。")
    }
  }

  /// "12 of 21 points have a plan; …" in `language`, with the right number.
  static func pointsLine(planned: Int, of count: Int, _ language: Language) -> String {
    if language == .zh {
      return planned == count ? "全部 \(count) 个取值都有方案。" : "\(count) 个取值中 \(planned) 个有方案，其余没有方案（原因见 sweep.csv）。"
    }
    let points = count == 1 ? "1 point" : "\(count) points"
    if planned == count { return count == 1 ? "The point has a plan." : "All \(points) have a plan." }
    return "\(planned) of \(points) \(planned == 1 ? "has" : "have") a plan; the others have none (see sweep.csv for why)."
  }

  /// Every combination of the axes' values (the first axis varies slowest).
  public static func points(_ axes: [Axis]) -> [[Double]] {
    axes.reduce([[]]) { combos, axis in combos.flatMap { combo in axis.values.map { combo + [$0] } } }
  }

  /// Solves the base with each point's settings; outcomes in the order of `points(axes)`.
  public static func run(_ base: Scenario, axes: [Axis], jobs: Int, progress: @Sendable (Int, Int) -> Void = { _, _ in }) throws -> [Runner.Outcome] {
    let points = points(axes)
    var scenarios: [Scenario] = []
    for point in points {
      var scenario = base
      for (axis, value) in zip(axes, point) { try set(axis.key, value, in: &scenario.policy) }
      scenario.policy.name = zip(axes, point).map { "\($0.key)=\($1.formatted)" }.joined(separator: ",")
      // Every point is checked as scenario.yaml would be, before anything is solved: a ratio of
      // 3 (300 %) is a slip in --set, never a plan.
      do {
        try PolicyValidation.check(scenario.policy, file: "--set")
      } catch let error as InputError {
        throw SweepError("\(scenario.policy.name): \(error.message)", zh: "\(scenario.policy.name)：\(error.message)")
      }
      scenarios.append(scenario)
    }
    return Runner.run(scenarios.map { scenario in { scenario } }, names: scenarios.map(\.name), jobs: jobs, progress: progress)
  }

  /// sweep.csv (one row per point: settings, status, every KPI) and sweep.html (a chart per
  /// KPI that varies, against the first setting; a grid table for two settings). The page and
  /// the KPI names are in `language` (default: the plans' `policy.language`), the CSV headers
  /// and status cells in the plans' `policy.headerLanguage` (English: the machine names).
  public static func files(_ axes: [Axis], _ outcomes: [Runner.Outcome], language: Language? = nil) throws -> [(name: String, data: Data)] {
    let points = points(axes)
    let kpis = outcomes.map { outcome in outcome.plan.map { PlanKPIs($0, seconds: outcome.seconds) } }
    let names = kpis.compactMap { $0 }.first?.names ?? []
    let policy = outcomes.compactMap(\.plan).first?.policy
    let language = language ?? policy?.language ?? .zh
    let headers = policy?.headerLanguage ?? language
    let categories = policy?.categories ?? []
    let zh = language == .zh
    func status(_ outcome: Runner.Outcome, _ language: Language) -> String {
      let key = outcome.plan != nil ? "plan" : (outcome.isConflict ? "conflict" : "error")
      guard language == .zh else { return key }
      return ["plan": "有方案", "conflict": "规则冲突", "error": "错误"][key] ?? key
    }
    var table = CSVDocument(
      header: axes.map(\.key) + ColumnHeaders.names(["status", "why"], headers)
        + names.map { headers == .zh ? ComparisonOutput.kpiName($0, categories: categories, .zh) : $0 })
    for (point, (outcome, kpi)) in zip(points, zip(outcomes, kpis)) {
      let status = status(outcome, headers)
      let why = outcome.failure?.split(separator: "\n").dropFirst().first.map { $0.trimmingCharacters(in: .whitespaces) } ?? outcome.failure ?? ""
      table.rows.append(point.map(\.formatted) + [status, why] + names.map { name in kpi?.value(name).map(\.formatted) ?? "" })
    }
    var charts: [String] = []
    for name in names {
      let series = kpis.map { $0?.value(name) }
      guard Set(series.compactMap { $0 }).count > 1 else { continue }
      if axes.count == 1 {
        let title = ComparisonOutput.kpiName(name, categories: categories, language)
        charts.append(
          Charts.line(zip(points.map { $0[0] }, series).map { ($0, $1) }, title: zh ? "\(title) 随 \(axes[0].key) 的变化" : "\(title) vs \(axes[0].key)"))
      }
    }
    var grid = ""
    if axes.count == 2 {
      let first = axes[0].values, second = axes[1].values
      grid = "<table><tr><th>\(markupEscaped(axes[0].key)) \\ \(markupEscaped(axes[1].key))</th>" + second.map { "<th>\($0.formatted)</th>" }.joined() + "</tr>"
      for (i, a) in first.enumerated() {
        grid += "<tr><th>\(a.formatted)</th>"
        for j in second.indices {
          let outcome = outcomes[i * second.count + j]
          grid += outcome.plan.map { "<td>\($0.total)</td>" } ?? "<td class='conflict'>\(status(outcome, language))</td>"
        }
        grid += "</tr>"
      }
      grid += "</table>"
    }
    let page = """
      <!DOCTYPE html><html lang="\(zh ? "zh-CN" : "en")"><head><meta charset="utf-8"><title>\(zh ? "参数扫描" : "Sweep")</title>
      <style>body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", sans-serif; margin: 24px auto; max-width: 1000px; }
      h1 { font-size: 22px; border-bottom: 3px solid #c0392b; } table { border-collapse: collapse; font-size: 12px; }
      td, th { border: 1px solid #ccc; padding: 2px 6px; text-align: right; } td.conflict { background: #fdecea; }
      svg.chart { max-width: 100%; height: auto; }</style></head><body>
      <h1>\(zh ? "参数扫描：" : "Sweep of ")\(markupEscaped(axes.map(\.key).joined(separator: " × ")))</h1>
      <p>\(pointsLine(planned: outcomes.filter { $0.plan != nil }.count, of: outcomes.count, language))</p>
      \(grid)\(charts.joined(separator: "\n"))
      </body></html>

      """
    return [("sweep.csv", try table.data()), ("sweep.html", Data(page.utf8))]
  }
}
