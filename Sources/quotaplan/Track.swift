import ArgumentParser
import Foundation
import QuotaPlan

/// `quotaplan track PLAN_DIR REGISTER... --as-of DATE`: the plan reconciled with the member
/// register exported from 智慧团建 (issue #15).
struct Track: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Reconcile a plan with the member register: number use, e-record completeness and findings against the notice's milestones.",
    discussion: """
      Writes tracking.csv (district × category, then the total), tracking_schools.csv (when the
      plan has school sub-ranges: a refined or combined plan), problems.csv (one finding per
      line, with a stable code) and the report. ID numbers appear masked (first 6 and last 4
      characters); names only with --names.
      """)

  @Argument(help: "A plan folder written by quotaplan solve, refine or combine.")
  var plan: String

  @Argument(help: "One or more register files exported from 智慧团建 (CSV or .xlsx), Chinese or English headers.")
  var registers: [String] = []

  @Option(name: .customLong("as-of"), help: "The day the register was exported, as 2022-06-30.")
  var asOf: String

  @Option(name: .shortAndLong, help: "The output folder (default: out/<plan folder>-tracking-<as-of>).")
  var out: String?

  @OptionGroup var language: LanguageOption

  @Option(
    help: ArgumentHelp(
      "The language of the CSV files' column headers: zh (区县, 类别, 指标数 …) or en (district, category, quota …, stable for scripts) (default: the output language).",
      valueName: "zh|en"))
  var headers: Language?

  @Option(
    help: "An earlier register export for progress over time, its day in its name (花名册-2022-05-31.csv), or a folder of them; repeatable.")
  var history: [String] = []

  @Flag(help: "Add members' names to problems.csv (personal data: share the file with care).")
  var names = false

  @Option(
    name: .customLong("milestone"),
    help: "A milestone as MM-DD=PERCENT, repeatable (default: 06-30=50 and 12-20=100, the notice's).")
  var milestones: [String] = []

  @Option(
    name: .customLong("target-rates"),
    help: "The rates the milestones apply to, comma-separated: use_rate, completeness, effective_rate (default: use_rate,completeness).")
  var targetRates: String?

  @Option(name: .customLong("min-age"), help: "Members join at this age or older (default: 14).")
  var minimumAge: Int?

  @Option(name: .customLong("over-age"), help: "A member this old or older on joining is over age (default: 28).")
  var overAge: Int?

  @Option(name: .customLong("upload-days"), help: "The e-record is uploaded within this many days of joining (default: 30).")
  var uploadDays: Int?

  @Option(
    name: .customLong("certification-days"),
    help: "A record still 尚未认证 this many days after upload is not certified (default: 30).")
  var certificationDays: Int?

  /// The as-of date and the settings, checked.
  func checked() throws -> (Day, TrackingSettings) {
    guard let day = Day(iso: asOf) else {
      throw ValidationError(t("--as-of \(asOf) 不是日期；请写成 2022-06-30。", "--as-of \(asOf) is not a date; write it as 2022-06-30."))
    }
    var settings = TrackingSettings()
    if !milestones.isEmpty {
      settings.milestones = try milestones.map { text in
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        let date = parts.first?.split(separator: "-").compactMap { Int($0) } ?? []
        guard parts.count == 2, date.count == 2, let percent = Double(parts[1].replacingOccurrences(of: "%", with: "")) else {
          throw ValidationError(t("--milestone \(text) 不是 月-日=百分比，例如 06-30=50。", "--milestone \(text) is not MM-DD=PERCENT, e.g. 06-30=50."))
        }
        return Milestone(month: date[0], day: date[1], target: percent / 100)
      }
    }
    if let targetRates {
      settings.targetRates = try targetRates.split(separator: ",").map { name in
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard let rate = TrackedRate(rawValue: trimmed) else {
          throw ValidationError(t("--target-rates：“\(trimmed)”不是比率；可用 use_rate、completeness 或 effective_rate。", "--target-rates: “\(trimmed)” is not a rate; use use_rate, completeness or effective_rate."))
        }
        return rate
      }
    }
    if let minimumAge { settings.minimumAge = minimumAge }
    if let overAge { settings.overAge = overAge }
    if let uploadDays { settings.uploadDays = uploadDays }
    if let certificationDays { settings.certificationDays = certificationDays }
    if let problem = settings.problems().first {
      throw ValidationError(t("跟踪设置无法使用：\(problem)", "The tracking settings cannot be used: \(problem)"))
    }
    return (day, settings)
  }

  func validate() throws {
    language.choose()
    guard !registers.isEmpty else { throw ValidationError(t("请在方案文件夹之后至少给出一个花名册文件。", "Give at least one register file after the plan folder.")) }
    _ = try checked()
  }

  func run() throws {
    language.choose()
    let (day, settings) = try checked()
    let folderName = URL(fileURLWithPath: plan.trimmingSuffix("/")).lastPathComponent
    let target = try checkedOutput(
      out ?? "out/" + OutputFolder.safeName("\(folderName)-tracking-\(day)", fallback: "tracking-\(day)"), kind: .tracking,
      inputs: [plan] + registers + history)
    // A file is named in messages by its name; by its path when two names are the same.
    let shortNames = registers.map { URL(fileURLWithPath: $0).lastPathComponent }
    let files = registers.enumerated().map { index, path in
      (url: URL(fileURLWithPath: path), file: shortNames.filter { $0 == shortNames[index] }.count > 1 ? path : shortNames[index])
    }
    let result = try reportingFailures {
      try Tracking.track(plan: plan, registers: files, asOf: day, settings: settings, names: names)
    }
    guard day.year == result.year else {
      throw ValidationError(t("--as-of \(day) 不在方案的年度 \(result.year) 内；请在方案自己的年度内跟踪。", "--as-of \(day) is not in the plan's year \(result.year); track a plan in its own year."))
    }
    let language = self.language.language ?? result.language
    Messages.shared.scenario = result.language
    var output = try TrackingOutput.files(result, language: language, headers: headers, names: names)
    // The report (tracking.html, tracking.xlsx), by the report's own module file.
    // Earlier snapshots, each reconciled as of the day in its name, draw progress over time.
    let earlier = try reportingFailures {
      try TrackingHistory.results(plan: plan, snapshots: TrackingHistory.snapshots(history), asOf: day, settings: settings)
    }
    output += try TrackingReport.files(result, history: earlier, language: language)
    try writeFolder(output, to: target)
    say(TrackingSummary.text(result, language: language, folder: URL(fileURLWithPath: target.requested).path))
  }
}
