import ArgumentParser
import Foundation
import QuotaPlan

/// `quotaplan refine CITY_PLAN_DIR --district NAME`: a county's school-level split inside the
/// city's envelope.
struct Refine: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Re-plan one district's schools inside the city plan's district × category quotas, with the county's data and pins.")

  @Argument(help: "A plan folder written by quotaplan solve.")
  var cityPlan: String

  @Option(help: "The district (县级单位) to refine.")
  var district: String

  @Option(help: "The county's own schools file for the district (same columns as schools.csv).")
  var data: String?

  @Option(help: "The county's pins: school, grade (empty: whole school), quota or at_least/at_most, note.")
  var pins: String?

  @Option(name: .shortAndLong, help: "The folder for the refined plan (default: <city plan>-<district>).")
  var out: String?

  @OptionGroup var language: LanguageOption

  @OptionGroup var headers: HeadersOption

  func validate() throws { language.choose() }

  func run() throws {
    language.choose()
    let target = try checkedOutput(
      out ?? cityPlan.trimmingSuffix("/") + "-" + OutputFolder.safeName(district, fallback: "district"), kind: .refinement,
      inputs: [cityPlan] + [data, pins].compactMap { $0 })
    let (language, headers) = (self.language, self.headers)
    let refinement: Refinement = try reportingFailures {
      var city = try PlanFolder.load(cityPlan)
      headers.apply(&city.scenario.policy)
      language.apply(&city.scenario.policy)
      var schools: [School]?
      if let data {
        schools = try CountyData.schools(data, district: district, policy: city.scenario.policy)
      }
      let pinned = try pins.map { try CountyData.pins($0, schools: schools ?? city.scenario.schools.filter { $0.district == district }, policy: city.scenario.policy) } ?? []
      return try Refinement.refine(city, district: district, data: schools, pins: pinned)
    }
    try writeFolder(try RefinementOutput.files(refinement), to: target)
    let changed = refinement.impact.filter { $0.cityQuota != $0.refinedQuota }
    say(Summary.text(refinement.plan, outputFolder: URL(fileURLWithPath: target.requested).path))
    say(
      t("\(changed.count) 个学校年级与全市方案不同（impact.csv）；allocation.csv 中有 \(refinement.subRanges.count) 个学校号段。",
        "\(changed.count) school-grades differ from the city plan (impact.csv); \(refinement.subRanges.count) school sub-ranges in allocation.csv."))
  }
}

/// `quotaplan combine CITY_PLAN_DIR REFINED_DIR...`: refined districts back into a city plan.
struct Combine: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Combine refined districts back into a city plan with the same district × category totals and ranges.")

  @Argument(help: "The city plan folder, then one refined plan folder per district.")
  var folders: [String]

  @Option(name: .shortAndLong, help: "The folder for the combined plan (default: <city plan>-combined).")
  var out: String?

  @OptionGroup var language: LanguageOption

  @OptionGroup var headers: HeadersOption

  func validate() throws {
    language.choose()
    guard folders.count >= 2 else { throw ValidationError(t("请给出全市方案文件夹和至少一个细化方案文件夹。", "Give the city plan folder and at least one refined plan folder.")) }
  }

  func run() throws {
    language.choose()
    let target = try checkedOutput(out ?? folders[0].trimmingSuffix("/") + "-combined", kind: .combined, inputs: folders)
    let (language, headers) = (self.language, self.headers)
    let combined: (plan: Plan, subRanges: [Refinement.SubRange]) = try reportingFailures {
      var city = try PlanFolder.load(folders[0])
      headers.apply(&city.scenario.policy)
      language.apply(&city.scenario.policy)
      let refined = try folders.dropFirst().map { folder in
        var plan = try PlanFolder.load(folder)
        headers.apply(&plan.scenario.policy)
        if let chosen = language.language { plan.scenario.policy.language = chosen }
        return plan
      }
      return try Combination.combine(city, refined: refined)
    }
    try writeFolder(try RefinementOutput.files(combined: combined.plan, subRanges: combined.subRanges), to: target)
    say(Summary.text(combined.plan, outputFolder: URL(fileURLWithPath: target.requested).path))
  }
}

extension String {
  func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
