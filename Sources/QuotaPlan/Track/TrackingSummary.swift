import Foundation

/// The few lines `quotaplan track` prints: the whole plan against the milestone in force, the
/// districts behind with the pace each needs from now on, and the findings by code.
public enum TrackingSummary {
  public static func text(_ result: TrackingResult, language: Language, folder: String) -> String {
    let zh = language == .zh
    let total = result.total
    let percent = { (rate: Double?) in rate.map { decimal($0 * 100, 1) + " %" } ?? "—" }
    var lines: [String] = []
    let files = result.registerFiles.count
    lines.append(
      zh
        ? "\(result.planName) \(result.asOf) 跟踪：\(files) 个名册文件，\(result.records) 条记录。"
        : "\(result.planName) tracked as of \(result.asOf): \(result.records) records in \(files) register file\(files == 1 ? "" : "s").")
    if result.outsidePlan > 0 {
      lines.append(
        zh
          ? "另有 \(result.outsidePlan) 条其他区县的记录不属于本计划，未计入。"
          : "\(result.outsidePlan) records of other districts are not this plan's and were left out.")
    }
    let target = percent(total.target)
    lines.append(
      zh
        ? "全部：编号使用率 \(percent(total.useRate))，录入完整率 \(percent(total.completeness))，有效录入率 \(percent(total.effectiveRate))；目标 \(total.milestone) 前达 \(target)；\(total.status.label(.zh))。"
        : "All: use rate \(percent(total.useRate)), completeness \(percent(total.completeness)), effective rate \(percent(total.effectiveRate)); target \(target) by \(total.milestone); \(total.status.rawValue).")
    let behind = result.districtsBehind
    if behind.isEmpty {
      lines.append(zh ? "没有进度落后的区县。" : "No district is behind pace.")
    } else {
      lines.append(zh ? "进度落后的区县（\(behind.count)）：" : "Districts behind (\(behind.count)):")
      // The pace from now on aims at the next milestone after the as-of date (on a milestone's own
      // day no day is left for it): numbers of the unit's range still to use ÷ days left.
      let next = result.settings.milestoneDays(year: result.year).first { $0.day > result.asOf }
      for row in behind.prefix(20) {
        var needed: String
        if let next {
          let count = max(0, Pace.ceiling(next.target * Double(row.quota)) - row.inRange)
          let perDay = decimal(Double(count) / Double(next.day - result.asOf), 1)
          needed = zh
            ? "\(next.day) 前达 \(percent(next.target)) 还需使用 \(count) 个编号（每天 \(perDay) 个）"
            : "needs \(count) more numbers used by \(next.day) for \(percent(next.target)) (\(perDay) a day)"
        } else {
          needed = zh ? "还需使用 \(row.neededCount) 个编号" : "needs \(row.neededCount) more numbers used"
        }
        if row.neededComplete > 0 {
          needed += zh
          ? "，完整率达标还需 \(row.neededComplete) 份档案上传并认证"
          : "; \(row.neededComplete) more e-records uploaded and certified for the completeness target"
        }
        lines.append(
          zh
            ? "  \(row.district)：\(row.status.label(.zh))，使用率 \(percent(row.useRate))，完整率 \(percent(row.completeness))；\(needed)。"
            : "  \(row.district): \(row.status.rawValue), use rate \(percent(row.useRate)), completeness \(percent(row.completeness)); \(needed).")
      }
      if behind.count > 20 { lines.append(zh ? "  ……共 \(behind.count) 个，见 tracking.csv。" : "  … \(behind.count) in all, see tracking.csv.") }
    }
    let counts = result.problemCounts
    if counts.isEmpty {
      lines.append(zh ? "未发现问题。" : "No problems found.")
    } else {
      let list = counts.map { "\($0.code.rawValue) \($0.count)" }.joined(separator: ", ")
      lines.append(zh ? "问题 \(result.problems.count) 条（problems.csv）：\(list)。" : "\(result.problems.count) problems (problems.csv): \(list).")
    }
    lines.append(zh ? "已写入 \(folder)" : "Written to \(folder)")
    return lines.joined(separator: "\n")
  }
}
