import Foundation

/// Writes a plan's files into a folder, all or nothing: the files are written into a fresh
/// folder beside the target and swapped in only when every one is complete, so a failed run
/// never leaves half a plan or destroys the previous one.
public enum PlanWriter {
  /// Names of the files a plan folder holds.
  public static let fileNames = [
    "plan.csv", "allocation.csv", "social.csv", "plan.json", "report.html", "report.md", "plan.xlsx", Attachment1.workbookFile, Attachment1.csvFile,
    "scenario.json",
  ]

  /// The files' bytes, by name. They are independent, so they are built on all cores;
  /// `timing` hears how long each took (for `solve --timings`). `scenarioJSON` is
  /// `scenarioData` made earlier (while the plan was solved) for the scenario it names; it is
  /// used only if that is the plan's scenario.
  public static func files(
    _ plan: Plan, scenarioJSON: (scenario: Scenario, data: Data)? = nil, timing: (@Sendable (String, Double) -> Void)? = nil
  ) throws -> [(name: String, data: Data)] {
    let start = DispatchTime.now().uptimeNanoseconds
    let planScenario = plan.scenario
    let madeEarlier = scenarioJSON.flatMap { $0.scenario == planScenario ? $0.data : nil }
    let marking: [(name: String, data: Data)] = plan.brokenRules.isEmpty ? [] : [(brokenRulesFile, brokenRulesText(plan))]
    // Computed once for plan.json and both report files.
    let sensitivity = Sensitivity.of(plan)
    timing?("(sensitivity)", Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    // Longest first, so that the two cores finish together; the folder lists them in `fileNames` order.
    let builders: [(String, @Sendable () throws -> [(String, Data)])] = [
      ("plan.json", { [("plan.json", try planJSON(plan, sensitivity: sensitivity))] }),
      ("plan.xlsx", { [("plan.xlsx", try XLSXWriter.workbook(PlanTables.sheets(plan)))] }),
      ("report.html, report.md", {
        let pages = try Report.pages(ReportModel(plan, sensitivity: sensitivity))
        return [("report.html", pages.html), ("report.md", pages.markdown)]
      }),
      ("plan.csv", { [("plan.csv", try PlanTables.plan(plan).data())] }),
      (scenarioFile, { [(scenarioFile, try madeEarlier ?? scenarioData(planScenario))] }),
      ("social.csv", { [("social.csv", try PlanTables.social(plan).data())] }),
      ("allocation.csv", { [("allocation.csv", try PlanTables.allocation(plan).data())] }),
      ("attachment1.xlsx, attachment1.csv", {
        let attachment = Attachment1(plan)
        return [(Attachment1.workbookFile, try attachment.workbook()), (Attachment1.csvFile, try attachment.csv().data())]
      }),
    ]
    let results = builders.concurrentMap { name, build in
      let start = DispatchTime.now().uptimeNanoseconds
      defer { timing?(name, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6) }
      return Result { try build() }
    }
    var built: [String: Data] = [:]
    for result in results { for (name, data) in try result.get() { built[name] = data } }
    return marking + fileNames.compactMap { name in built[name].map { (name, $0) } }
  }

  /// plan.json alone, byte for byte as `files` writes it (for a caller that needs no other file).
  public static func planJSON(_ plan: Plan) throws -> Data {
    try planJSON(plan, sensitivity: Sensitivity.of(plan))
  }

  static func planJSON(_ plan: Plan, sensitivity: [Sensitivity]) throws -> Data {
    try PlanJSON(plan, sensitivity: sensitivity).data()
  }

  /// The resolved scenario the plan was made from (policy and data), so a plan folder is
  /// self-contained: `refine` and `combine` read it.
  public static let scenarioFile = "scenario.json"

  public static func scenarioData(_ scenario: Scenario) throws -> Data {
    try PrettyJSON(snakeCaseKeys: false).encode(scenario) + Data("\n".utf8)
  }

  /// The file that marks a nearest plan, listing the rules it breaks.
  public static let brokenRulesFile = "BROKEN_RULES.txt"

  static func brokenRulesText(_ plan: Plan) -> Data {
    let lines = [
      "此方案违反硬性规则，仅供参考：这是规则无法同时满足时最接近的方案。",
      "This plan BREAKS hard rules: it is the nearest plan when the rules cannot all hold.", "",
    ] + plan.brokenRules.map { $0.sentence(plan.policy.language) }
    return Data((lines.joined(separator: "\r\n") + "\r\n").utf8)
  }

  /// Writes the plan into `folder` (marked as a plan, or a nearest plan when it breaks rules),
  /// replacing what was there only once the new files are complete. The folder is not checked
  /// against the out-folder rule: commands check it with `OutputFolder.check` first.
  public static func write(_ plan: Plan, to folder: URL) throws {
    try AtomicFolder.write(try files(plan), to: folder, kind: plan.brokenRules.isEmpty ? .plan : .nearestPlan)
  }
}
