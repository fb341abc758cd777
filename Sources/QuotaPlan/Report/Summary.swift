/// The short terminal summary of a plan: per category its total, units, goals and binding caps,
/// in the plan's language (Chinese sentences end with 。 and use Chinese punctuation; rule codes
/// carry their names; categories are named by `label(language)`).
public enum Summary {
  public static func text(_ plan: Plan, outputFolder: String?) -> String {
    let language = plan.policy.language
    let zh = language == .zh
    var lines: [String] = []
    lines.append(
      zh
        ? "\(plan.policy.title)：合计 \(plan.total)，下达总量 \(plan.policy.total)。"
        : "\(plan.policy.title): total \(plan.total) of \(plan.policy.total).")
    let categories = Dictionary(plan.policy.categories.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    for summary in plan.summaries {
      let category = categories[summary.id]
      let social = category?.kind == .social
      var parts: [String] = []
      parts.append(
        zh
          ? "\(summary.unitsWithQuota)/\(summary.units) \(social ? "个单位" : "所学校")有指标"
          : "\(summary.unitsWithQuota) of \(count(summary.units, social ? "unit" : "school", social ? "units" : "schools")) with quota")
      if summary.closedDoorSchools > 0 {
        parts.append("\(RuleID.g1.tag(language))\(zh ? "" : " ")\(summary.closedDoorMet)/\(summary.closedDoorSchools)")
      }
      if summary.coverageGrades > 0 {
        parts.append("\(RuleID.g2.tag(language))\(zh ? "" : " ")\(summary.coverageMet)/\(summary.coverageGrades)")
      }
      if let level = summary.balanceLevel {
        parts.append(zh ? "\(RuleID.g3.tag(.zh))水平 \(percent(level, digits: 2))" : "\(RuleID.g3.tag(.en)) level \(percent(level, digits: 2))")
      }
      // A school can reach several caps of one rule (R7 per grade): the count is of caps reached.
      let caps = summary.bindingCaps.sorted { $0.key < $1.key }.map { rule, times in
        zh ? "\(rule.tag(.zh))\(times) 次" : "\(rule.tag(.en)) \(count(times, "time", "times"))"
      }
      if !caps.isEmpty { parts.append((zh ? "达到上限：" : "caps reached: ") + caps.joined(separator: zh ? "、" : ", ")) }
      let name = category?.label(language) ?? summary.name
      lines.append(
        zh
          ? "  \(name) \(summary.total)：" + parts.joined(separator: "；") + "。"
          : "  \(name) \(summary.total): " + parts.joined(separator: "; ") + ".")
    }
    let violations = plan.violations()
    if violations.isEmpty {
      lines.append(zh ? "硬性规则（R1–R10、R12）全部满足。" : "Every hard rule (R1–R10, R12) holds.")
    } else {
      let broken = violations.map { "\($0.rule.tag(language))\(zh ? "：" : ": ")\($0.text(language))" }
      lines.append(
        zh
          ? "违反硬性规则：" + broken.map { $0.trimmingSentenceEnd() }.joined(separator: "；") + "。"
          : "Hard rules broken: " + broken.map { $0.trimmingSentenceEnd() }.joined(separator: "; ") + ".")
    }
    if !plan.isProvenOptimal {
      lines.append(zh ? "注意：求解因时间限制停止，方案可行但未证明最优。" : "Note: a time limit stopped the solver; the plan is feasible but not proven optimal.")
    }
    if let outputFolder {
      lines.append(
        zh
          ? "已写入 \(outputFolder)（\(PlanWriter.fileNames.joined(separator: "、"))）。"
          : "Written to \(outputFolder) (\(PlanWriter.fileNames.joined(separator: ", "))).")
    }
    return lines.joined(separator: "\n")
  }

  /// "1 school", "3 schools".
  static func count(_ value: Int, _ one: String, _ many: String) -> String { "\(value) \(value == 1 ? one : many)" }
}

extension String {
  /// The sentence without its final full stop (. or 。), to join it with others.
  func trimmingSentenceEnd() -> String {
    var text = self
    while let last = text.last, last == "." || last == "。" { text.removeLast() }
    return text
  }
}
