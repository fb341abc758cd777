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

  /// The files' bytes, by name, in `fileNames` order (BROKEN_RULES.txt first when the plan
  /// breaks rules). They are independent, so they are built on all cores; `timing` hears how
  /// long each took (for `solve --timings`). `scenarioJSON` is `scenarioData` made earlier
  /// (while the plan was solved) for the scenario it names; it is used only if that is the
  /// plan's scenario.
  public static func files(
    _ plan: Plan, scenarioJSON: (scenario: Scenario, data: Data)? = nil, timing: (@Sendable (String, Double) -> Void)? = nil
  ) throws -> [(name: String, data: Data)] {
    let built = Collected()
    try build(plan, scenarioJSON: scenarioJSON, timing: timing) { name, data in built.add(name, data) }
    let files = built.files
    return ([brokenRulesFile] + fileNames).compactMap { name in files[name].map { (name, $0) } }
  }

  /// Builds the files on all cores and writes each into `folder` (a staging folder: see
  /// `OutputFolder.write(to:_:)`) as soon as it is built, so that writing overlaps building and
  /// a file's bytes are let go once they are on disk (a nation's plan.json is 200 MB). The
  /// bytes are those of `files`.
  public static func write(
    _ plan: Plan, into folder: URL, scenarioJSON: (scenario: Scenario, data: Data)? = nil, timing: (@Sendable (String, Double) -> Void)? = nil
  ) throws {
    try build(plan, scenarioJSON: scenarioJSON, timing: timing) { name, data in
      try AtomicFolder.writeFile(data, to: folder.appendingPathComponent(name))
    }
  }

  /// Builds every file of the plan folder and hands each to `deliver` (on the thread that
  /// built it). The builders run longest first, so that the cores finish together; the
  /// sensitivity table that plan.json and the reports share is computed once, by whichever
  /// needs it first, while the other core builds files without it.
  static func build(
    _ plan: Plan, scenarioJSON: (scenario: Scenario, data: Data)?, timing: (@Sendable (String, Double) -> Void)?,
    deliver: @escaping @Sendable (String, Data) throws -> Void
  ) throws {
    let planScenario = plan.scenario
    let madeEarlier = scenarioJSON.flatMap { $0.scenario == planScenario ? $0.data : nil }
    let sensitivity = Once { () -> [Sensitivity] in
      let start = DispatchTime.now().uptimeNanoseconds
      defer { timing?("(sensitivity)", Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6) }
      return Sensitivity.of(plan)
    }
    var builders: [(String, @Sendable () throws -> [(String, Data)])] = [
      ("plan.xlsx", { [("plan.xlsx", try XLSXWriter.workbook(PlanTables.sheets(plan)))] }),
      ("report.html, report.md", {
        let pages = try Report.pages(ReportModel(plan, sensitivity: sensitivity.value))
        return [("report.html", pages.html), ("report.md", pages.markdown)]
      }),
      ("plan.json", { [("plan.json", try planJSON(plan, sensitivity: sensitivity.value))] }),
      ("plan.csv", { [("plan.csv", try PlanTables.plan(plan).data())] }),
      (scenarioFile, { [(scenarioFile, try madeEarlier ?? scenarioData(planScenario))] }),
      ("social.csv", { [("social.csv", try PlanTables.social(plan).data())] }),
      ("allocation.csv", { [("allocation.csv", try PlanTables.allocation(plan).data())] }),
      ("attachment1.xlsx, attachment1.csv", {
        let attachment = Attachment1(plan)
        return [(Attachment1.workbookFile, try attachment.workbook()), (Attachment1.csvFile, try attachment.csv().data())]
      }),
    ]
    if !plan.brokenRules.isEmpty { builders.append((brokenRulesFile, { [(brokenRulesFile, brokenRulesText(plan))] })) }
    let results = builders.concurrentMap { name, build in
      let start = DispatchTime.now().uptimeNanoseconds
      defer { timing?(name, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6) }
      return Result { for (file, data) in try build() { try deliver(file, data) } }
    }
    for result in results { try result.get() }
  }

  /// Files handed over from several threads.
  private final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String: Data] = [:]
    func add(_ name: String, _ data: Data) { lock.withLock { stored[name] = data } }
    var files: [String: Data] { lock.withLock { stored } }
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
    try AtomicFolder.write(to: folder, kind: plan.brokenRules.isEmpty ? .plan : .nearestPlan, shown: OutputFolder.sanitized(folder.path)) {
      try write(plan, into: $0)
    }
  }
}
