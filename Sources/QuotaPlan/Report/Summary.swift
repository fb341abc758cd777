/// The short terminal summary of a plan: per category its total, units, goals and binding caps.
public enum Summary {
  public static func text(_ plan: Plan, outputFolder: String?) -> String {
    let zh = plan.policy.language == .zh
    var lines: [String] = []
    lines.append("\(plan.policy.title) — \(zh ? "总量" : "total") \(plan.total) / \(plan.policy.total)")
    for summary in plan.summaries {
      var parts = ["\(summary.name) \(summary.total)", zh ? "\(summary.unitsWithQuota)/\(summary.units) 个单位有指标" : "\(summary.unitsWithQuota)/\(summary.units) units with quota"]
      if summary.closedDoorSchools > 0 {
        parts.append("G1 \(summary.closedDoorMet)/\(summary.closedDoorSchools)")
      }
      if summary.coverageGrades > 0 {
        parts.append("G2 \(summary.coverageMet)/\(summary.coverageGrades)")
      }
      if let level = summary.balanceLevel {
        parts.append("G3 \(zh ? "水平" : "level") \(percent(level, digits: 2))")
      }
      let caps = summary.bindingCaps.sorted { $0.key < $1.key }.map { "\($0.key.rawValue)×\($0.value)" }
      if !caps.isEmpty { parts.append((zh ? "上限约束 " : "caps binding ") + caps.joined(separator: " ")) }
      lines.append("  " + parts.joined(separator: " · "))
    }
    let violations = plan.violations()
    lines.append(
      violations.isEmpty
        ? (zh ? "硬性规则（R1–R10、R12）全部满足。" : "Every hard rule (R1–R10, R12) holds.")
        : (zh ? "违反硬性规则：" : "Hard rules broken: ") + violations.map(\.description).joined(separator: "; "))
    if !plan.isProvenOptimal {
      lines.append(zh ? "注意：求解因时间限制停止，方案可行但未证明最优。" : "Note: a time limit stopped the solver; the plan is feasible but not proven optimal.")
    }
    if let outputFolder {
      lines.append((zh ? "已写入 " : "Written to ") + outputFolder + " (" + PlanWriter.fileNames.joined(separator: ", ") + ")")
    }
    return lines.joined(separator: "\n")
  }
}
