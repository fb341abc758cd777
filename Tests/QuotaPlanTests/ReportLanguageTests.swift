import Foundation
@testable import QuotaPlan
import Testing

/// The review report as a reviewer reads it (#12 §3, §6): one language, 无 for empty tables,
/// the data note, the glossary, a refined district against its own figures, and combine's
/// summary recounted from the combined plan.
@Suite("Review report, read by a reviewer")
struct ReportLanguageTests {
  static let yangzhou: Result<Scenario, Error> = Result { try ScenarioLoader.load(Fixture.yangzhouPath) }
  static let plan: Result<Plan, Error> = Result { try Planner.plan(yangzhou.get()) }

  /// report.html and report.md of `plan`, as PlanWriter writes them.
  static func pages(_ plan: Plan) throws -> (html: String, markdown: String) {
    let model = ReportModel(plan, sensitivity: Sensitivity.of(plan))
    return (String(decoding: try Report.html(model), as: UTF8.self), String(decoding: try Report.markdown(model), as: UTF8.self))
  }

  /// The Yangzhou plan solved in English (reasons are written when the plan is solved).
  static let englishPlan: Result<Plan, Error> = Result {
    var scenario = try yangzhou.get()
    scenario.policy.language = .en
    return try Planner.plan(scenario)
  }


  /// The HTML between the heading `heading` and the next heading.
  static func section(_ html: String, _ heading: String) -> String {
    guard let start = html.range(of: heading) else { return "" }
    let rest = html[start.upperBound...]
    let end = rest.range(of: "<h", options: [], range: rest.index(rest.startIndex, offsetBy: 1)..<rest.endIndex)?.lowerBound ?? rest.endIndex
    return String(rest[..<end])
  }

  @Test("the notice's category changes sum to −340: 6360 this year against 6700 in 2021")
  func noticeChanges() throws {
    let policy = try Self.yangzhou.get().policy
    #expect(policy.categories.count == 6)
    let changes = policy.categories.map { category in (category.total ?? 0) - (category.lastYearTotal ?? 0) }
    #expect(changes.reduce(0, +) == -340)
    #expect(policy.total - policy.categories.compactMap(\.lastYearTotal).reduce(0, +) == -340)
    #expect(policy.categories.compactMap(\.total).reduce(0, +) == policy.total)
  }

  @Test("an empty table says 无 (none in English) instead of a header row alone")
  func emptyTablesSayNone() throws {
    let plan = try Self.plan.get()
    // The Yangzhou plan gives no protected school exactly its one closed-door member: that table is empty.
    #expect(!plan.schoolPlans.contains { $0.closedDoorDemand > 0 && $0.quota == 1 })
    let zh = try Self.pages(plan)
    let closedDoor = Self.section(zh.html, "杜绝关门主义（至少 1 名）</h3>")
    #expect(closedDoor.contains("<p class=\"none\">无</p>"))
    #expect(!closedDoor.contains("<table"))
    #expect(zh.markdown.contains("### 杜绝关门主义（至少 1 名）\n\n无\n"))
    // A table with rows has no 无 line.
    #expect(!Self.section(zh.html, "严格控制（不分配）</h3>").contains("class=\"none\""))
    let en = try Self.pages(Self.englishPlan.get())
    let english = Self.section(en.html, "No closed door (at least 1)</h3>")
    #expect(english.contains("<p class=\"none\">none</p>"))
    #expect(!english.contains("<table"))
  }

  @Test("the data note is shown near the top when the scenario sets it, and not otherwise")
  func dataNote() throws {
    let note = "示例数据：学校与2021年分类别数据为合成数据"
    let plan = try Self.plan.get()
    #expect(plan.policy.dataNote == note)
    let shown = try Self.pages(plan)
    let summary = try #require(shown.html.range(of: "<h2>概要</h2>"))
    let line = try #require(shown.html.range(of: "<p class=\"note\" id=\"data-note\">\(note)</p>"))
    #expect(line.lowerBound < summary.lowerBound)
    #expect(shown.markdown.contains("> \(note)"))
    var without = plan
    without.policy.dataNote = nil
    let hidden = try Self.pages(without)
    #expect(!hidden.html.contains(note) && !hidden.html.contains("data-note"))
    #expect(!hidden.markdown.contains(note))
  }

  @Test("the glossary lists every rule and goal with its name and meaning, in the plan's language", arguments: Language.allCases)
  func glossary(language: Language) throws {
    let plan = language == .zh ? try Self.plan.get() : try Self.englishPlan.get()
    let (html, markdown) = try Self.pages(plan)
    let glossary = Self.section(html, language == .zh ? "规则与目标代码说明</h2>" : "Rule and goal codes</h2>")
    let codes: [RuleID] = [.r1, .r2, .r3, .r4, .r5, .r6, .r7, .r8, .r9, .r10, .r11, .r12, .g1, .g2, .g3]
    for rule in codes {
      let row = "<tr><td class=\"code\">\(rule.rawValue)</td><td>\(markupEscaped(rule.title(language)))</td><td>\(markupEscaped(rule.meaning(language)))</td></tr>"
      #expect(glossary.contains(row), "\(rule.rawValue) in \(language)")
      #expect(markdown.contains("| \(rule.rawValue) | \(rule.title(language)) | \(rule.meaning(language)) |"))
    }
    #expect(!glossary.contains(">PIN<"))
  }

  @Test("rule codes carry their names, chart legends and titles are in the plan's language")
  func wordsInOneLanguage() throws {
    let plan = try Self.plan.get()
    let zh = try Self.pages(plan).html
    #expect(zh.contains("合计 6360。"))
    #expect(zh.contains(">R7（中职团青比上限）</td>"))
    #expect(zh.contains(">发展前</text>") && zh.contains(">发展后</text>"))
    #expect(!zh.contains(">before") && !zh.contains(">after"))
    let juniorGrades = plan.schoolPlans.filter { $0.category.id == "junior_high" }.flatMap { school in
      school.grades.filter { school.category.eligibleGrades.contains($0.record.grade) && $0.record.students > 0 }
    }.count
    #expect(zh.contains("<h3>初中（\(juniorGrades) 个年级）</h3>"))
    let en = try Self.pages(Self.englishPlan.get()).html
    #expect(en.contains("Total 6360. "))
    #expect(en.contains("<h3>junior high (\(juniorGrades) grades)</h3>"))
    #expect(en.contains(">before</text>") && en.contains(">after</text>"))
    #expect(!en.contains("发展前") && !en.contains("初中"))
  }

  @Test("the held-back table explains its entries with its own first row")
  func heldBackExplained() throws {
    let plan = try Self.plan.get()
    let sensitivity = Sensitivity.of(plan)
    let model = ReportModel(plan, sensitivity: sensitivity)
    let first = try #require(sensitivity.flatMap(\.heldBack).first)
    #expect(model.heldBackNote.contains(first.school) && model.heldBackNote.contains("少 \(first.members) 名"))
    #expect(model.heldBack.count == sensitivity.flatMap(\.heldBack).count)
  }

  @Test("sweep chart axes show whole numbers for counts, never 25.2000")
  func sweepAxes() throws {
    let ticks = Charts.axisTicks(0, 26, integral: true)
    #expect(ticks.digits == 0)
    #expect(ticks.values.allSatisfy { $0 == $0.rounded() })
    #expect((ticks.values.last ?? 0) >= 26)
    let svg = Charts.line([(0.20, 24), (0.25, 26), (0.30, 25)], title: "t")
    let labels = svg.components(separatedBy: "text-anchor='end'>").dropFirst().map { $0.prefix { $0 != "<" } }
    #expect(!labels.isEmpty)
    #expect(labels.allSatisfy { Int($0) != nil }, "\(labels)")
    #expect(!svg.contains(".0000"))
    // A ratio keeps its decimals, rounded to the step.
    #expect(Charts.axisTicks(0.2, 0.4, integral: false).digits == 2)
  }

  @Test("combine's summary is recounted from the combined plan")
  func combinedSummary() throws {
    let plan = try Self.plan.get()
    // Recounting the city plan gives the solver's own summary.
    #expect(Combination.summaries(plan, city: plan.summaries) == plan.summaries)
    // A plan with one school's quota moved to another: the recount follows the schools.
    var moved = plan
    let juniors = moved.schoolPlans.indices.filter { moved.schoolPlans[$0].category.id == "junior_high" && moved.schoolPlans[$0].quota > 0 }
    let from = try #require(juniors.first)
    let taken = moved.schoolPlans[from].quota
    moved.schoolPlans[from].grades = moved.schoolPlans[from].grades.map { var grade = $0; grade.quota = 0; return grade }
    let recounted = Combination.summaries(moved, city: plan.summaries)
    let junior = try #require(recounted.first { $0.id == "junior_high" })
    let before = try #require(plan.summaries.first { $0.id == "junior_high" })
    #expect(junior.unitsWithQuota == before.unitsWithQuota - 1)
    #expect(junior.total == before.total - taken)
  }
}

/// The refined district's report and the combined plan's summary, on the shipped 宝应县 example.
@Suite("Refined and combined reports")
struct RefinedReportTests {
  static let city: Result<(folder: PlanFolder, plan: Plan), Error> = Result {
    let plan = try ReportLanguageTests.plan.get()
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("quotaplan-report-city-\(UUID().uuidString)")
    try PlanWriter.write(plan, to: url)
    return (try PlanFolder.load(url.path), plan)
  }

  static let baoying: Result<Refinement, Error> = Result {
    let (folder, plan) = try city.get()
    let data = URL(fileURLWithPath: Fixture.yangzhouPath).deletingLastPathComponent().appendingPathComponent("refine-baoying")
    let schools = try CountyData.schools(data.appendingPathComponent("schools.csv").path, district: "宝应县", policy: folder.scenario.policy)
    let pins = try CountyData.pins(data.appendingPathComponent("pins.csv").path, schools: schools)
    return try Refinement.refine(folder, district: "宝应县", data: schools, pins: pins, cityPlan: plan)
  }

  @Test("a refined district's report is titled for it and compares it with its envelope, not the city's last year")
  func refinedReport() throws {
    let refinement = try Self.baoying.get()
    let files = Dictionary(uniqueKeysWithValues: try RefinementOutput.files(refinement).map { ($0.name, String(decoding: $0.data, as: UTF8.self)) })
    let markdown = try #require(files["report.md"])
    let html = try #require(files["report.html"])
    #expect(markdown.hasPrefix("# \(refinement.plan.policy.title)：宝应县细化方案\n"))
    #expect(html.contains("<th class=\"n\">全市下达</th>"))
    let envelope = refinement.plan.allocation.filter { $0.categoryID == "junior_high" }.reduce(0) { $0 + $1.quota }
    let junior = refinement.plan.categoryTotals["junior_high"] ?? 0
    // 初中: the district's quota, its envelope, and no last year (宝应县's schools give none), never the city's 1350.
    #expect(markdown.contains("| 初中 | \(junior) | \(envelope) | – | – |"))
    #expect(!markdown.contains("| 1350 |"))
  }

  @Test("combine's summary and report describe the combined plan")
  func combined() throws {
    let (folder, _) = try Self.city.get()
    let refinement = try Self.baoying.get()
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("quotaplan-report-baoying-\(UUID().uuidString)")
    try AtomicFolder.write(try RefinementOutput.files(refinement), to: url, kind: .plan)
    let combined = try Combination.combine(folder, refined: [try PlanFolder.load(url.path)])
    let plan = combined.plan
    for summary in plan.summaries {
      guard let category = plan.policy.category(summary.id), category.kind == .school else { continue }
      let schools = plan.schoolPlans.filter { $0.category.id == summary.id }
      #expect(summary.units == schools.count)
      #expect(summary.unitsWithQuota == schools.filter { $0.quota > 0 }.count)
      let grades = schools.flatMap(\.grades).filter { $0.coverageDemand > 0 }
      #expect(summary.coverageMet == grades.filter { $0.quota >= $0.coverageDemand }.count)
      #expect(summary.total == plan.categoryTotals[summary.id])
    }
    // 宝应县's data adds a junior high: the combined plan has one more than the city's.
    let city = try ReportLanguageTests.plan.get()
    let junior = try #require(plan.summaries.first { $0.id == "junior_high" })
    #expect(junior.units == city.schoolPlans.filter { $0.category.id == "junior_high" }.count + 1)
    let files = Dictionary(uniqueKeysWithValues: try RefinementOutput.files(combined: plan, subRanges: combined.subRanges).map { ($0.name, String(decoding: $0.data, as: UTF8.self)) })
    let markdown = try #require(files["report.md"])
    #expect(markdown.contains("| 初中 | \(junior.total) | 1350 | +450 | \(junior.units) | \(junior.unitsWithQuota) |"))
  }
}
