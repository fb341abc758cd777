import Foundation
import QuotaPlan

/// What `solve` and `run` say about a nearest plan, in the language of messages.
enum NearestPlanText {
  /// No nearest plan came out: `nearestPlanNotComputed` is its own sentence, anything else is
  /// introduced as a second failure.
  static func notComputed(_ error: any Error) -> String {
    if case PlanError.nearestPlanNotComputed = error { return sentence(error) }
    return t("最近方案也无法计算：", "No nearest plan could be computed either: ") + sentence(error)
  }

  /// The nearest plan was computed but not written.
  static func notWritten(_ error: any Error, to target: OutputFolder.Target) -> String {
    if error is OutputFolder.Failure { return t("最近方案未写入：", "The nearest plan was not written: ") + sentence(error) }
    return t("最近方案未写入 \(target.shown)：", "The nearest plan was not written to \(target.shown): ") + sentence(error)
  }

  /// The nearest plan is written: where, and each rule it breaks on its own line.
  static func written(_ nearest: Plan, to folder: String) -> String {
    let count = nearest.brokenRules.count
    let broken = nearest.brokenRules.map { "  - " + $0.sentence(Messages.shared.language) }.joined(separator: "\n")
    return t(
      "最近方案违反 \(count) 条规则，已标明违反规则并写入 \(folder)：\n\(broken)",
      "The nearest plan breaks \(count) \(count == 1 ? "rule" : "rules") and is written, marked as breaking them, to \(folder):\n\(broken)")
  }
}
