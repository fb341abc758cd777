import Foundation
@testable import QuotaPlan
import Testing

/// The review report's fast path (#16) against the path it replaced: rows converted without
/// reflection against the reflected model, the compiled templates against swift-mustache, the
/// shortened tables and the largest quotas against building and sorting everything. Every
/// shipped scenario (and its nearest plan where the rules conflict), a generated city, a
/// generated city large enough to shorten the tables, both languages and a refined district.
@Suite("Review report, fast path equals the reference")
struct ReportSpeedPathTests {
  /// Each case's plan and sensitivity, solved once.
  static let cases: Result<[(name: String, model: ReportModel, plan: Plan)], Error> = Result {
    var plans: [(String, Plan)] = []
    let root = URL(fileURLWithPath: Fixture.yangzhouPath).deletingLastPathComponent()
    for name in try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() {
      let folder = root.appendingPathComponent(name)
      guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("scenario.yaml").path) else { continue }
      let scenario = try ScenarioLoader.load(folder.path)
      if let plan = try? Planner.plan(scenario) {
        plans.append((name, plan))
      } else {
        plans.append(("\(name) (nearest plan)", try Planner.nearestPlan(scenario)))
      }
    }
    var english = try ScenarioLoader.load(Fixture.yangzhouPath)
    english.policy.language = .en
    plans.append(("yangzhou-2022 in English", try Planner.plan(english)))
    plans.append(("generated city, seed 3", try Planner.plan(try generated(seed: 3, schools: nil))))
    plans.append(("generated city of 900 schools, seed 5", try Planner.plan(try generated(seed: 5, schools: 900))))
    var cases = plans.map { name, plan in (name: name, model: ReportModel(plan, sensitivity: Sensitivity.of(plan)), plan: plan) }
    let refinement = try RefinedReportTests.baoying.get()
    cases.append(
      (
        name: "refine-baoying",
        model: ReportModel(refinement.plan, sensitivity: Sensitivity.of(refinement.plan), district: RefinementOutput.scope(refinement)),
        plan: refinement.plan
      ))
    return cases
  }

  static func generated(seed: UInt64, schools: Int?) throws -> Scenario {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quotaplan-report-speed-\(UUID().uuidString)")
    try AtomicFolder.write(try Generator.files(.city, seed: seed, schools: schools), to: folder)
    defer { try? FileManager.default.removeItem(at: folder) }
    return try ScenarioLoader.load(folder.path)
  }

  @Test("the model converted row by row equals the model reflected field by field")
  func conversion() throws {
    for (name, model, _) in try Self.cases.get() {
      #expect(PageValue(model) == Self.pageValue(Report.context(model)), "\(name)")
    }
  }

  @Test("report.html and report.md are byte for byte what swift-mustache renders from the reflected model")
  func pages() throws {
    for (name, model, _) in try Self.cases.get() {
      let pages = try Report.pages(model)
      let html = try Report.mustache(ReportTemplates.html, model)
      let markdown = try Report.mustache(ReportTemplates.markdown, model)
      #expect(pages.html == html, "\(name): report.html")
      #expect(pages.markdown == markdown, "\(name): report.md")
      #expect(try Report.html(model) == html, "\(name): report.html alone")
      #expect(try Report.markdown(model) == markdown, "\(name): report.md alone")
    }
  }

  @Test("the tables are cut at the same row, with the same count of rows left out, as building every row")
  func shortTables() throws {
    var shortened = 0
    for (name, model, plan) in try Self.cases.get() {
      let language = plan.policy.language
      var binding: [ReportModel.Line] = []
      for school in plan.schoolPlans {
        for grade in school.grades where grade.reason.kind == .capReached || grade.reason.kind == .alreadyAboveCap {
          binding.append(
            .init(
              rule: grade.reason.rule.tag(language),
              unit: "\(school.school.district) \(school.school.name) \(school.category.gradeName(grade.record.grade, language))",
              detail: grade.reason.text))
        }
      }
      let unmet = plan.unmetGoals().map { ReportModel.Line(rule: $0.rule.tag(language), unit: "", detail: $0.text(language)) }
      for (table, all) in [(model.binding, binding), (model.unmet, unmet)] {
        if all.count > ReportModel.maximumLines {
          shortened += 1
          #expect(Array(table.prefix(ReportModel.maximumLines)) == Array(all.prefix(ReportModel.maximumLines)), "\(name)")
          #expect(table.last?.detail == ReportLabels.of(language).more(all.count - ReportModel.maximumLines), "\(name)")
          #expect(table.count == ReportModel.maximumLines + 1, "\(name)")
        } else {
          #expect(table == all, "\(name)")
        }
      }
    }
    // At least one case has a table long enough to be cut, or the test proves nothing.
    #expect(shortened > 0)
  }

  @Test("the largest quotas are the first ten of a stable sort by quota, then name")
  func largest() throws {
    for (name, _, plan) in try Self.cases.get() {
      let sorted = plan.schoolPlans.indices.sorted {
        (plan.schoolPlans[$1].quota, plan.schoolPlans[$0].school.name, $0) < (plan.schoolPlans[$0].quota, plan.schoolPlans[$1].school.name, $1)
      }
      #expect(ReportModel.largest(plan.schoolPlans, 10) == Array(sorted.prefix(10)), "\(name)")
    }
    // Ties on quota and on name keep the plan's order; fewer schools than asked for are all listed.
    let plan = try Self.cases.get()[0].plan
    var schools = Array(plan.schoolPlans.prefix(12))
    for index in schools.indices {
      schools[index].school.name = index % 2 == 0 ? "同名学校" : "另一学校"
      schools[index].grades = [GradePlan(record: schools[index].grades[0].record, quota: index < 6 ? 3 : 5, coverageDemand: 0, reason: schools[index].grades[0].reason)]
    }
    #expect(ReportModel.largest(schools, 10) == [7, 9, 11, 6, 8, 10, 1, 3, 5, 0])
    #expect(ReportModel.largest(Array(schools.prefix(3)), 10) == [1, 0, 2])
  }

  @Test("the grade checks the report's verdict runs (R8, R12, G2) read grade by grade what they read from Plan.gradeUnits")
  func gradeChecks() throws {
    var plans = try Self.cases.get().map(\.plan)
    // A plan that breaks R8 and R12 and misses G2 in several schools, so that each check has something to say.
    var broken = plans[0]
    for index in broken.schoolPlans.indices where index % 3 == 0 {
      for grade in broken.schoolPlans[index].grades.indices {
        broken.schoolPlans[index].grades[grade].quota = broken.schoolPlans[index].grades[grade].record.students + 1
        broken.schoolPlans[index].grades[grade].coverageDemand = broken.schoolPlans[index].grades[grade].quota + 2
      }
    }
    plans.append(broken)
    var found = (r8: 0, r12: 0, g2: 0)
    for plan in plans {
      var labels = SchoolLabels(plan.schoolPlans.map(\.school))
      var r8: [Violation] = [], r12: [Violation] = [], g2: [Violation] = []
      for unit in plan.gradeUnits {
        let name = { labels.label(unit.school) }
        let category = unit.category, record = unit.record
        if unit.quota > 0, !EligibleGrades.allows(category, grade: record.grade) {
          r8.append(
            Violation(
              .r8,
              zh: "\(name())\(GradeName.name(record.grade, of: category, .zh))分到 \(unit.quota) 个名额，但\(category.name)只能在\(GradeName.list(category.eligibleGrades, of: category, .zh))发展团员。",
              en: "\(name()) grade \(record.grade) receives \(unit.quota), but \(category.label(.en)) may develop only \(GradeName.list(category.eligibleGrades, of: category, .en))."))
        }
        if unit.quota > 0, record.members + unit.quota > record.students {
          r12.append(
            Violation(
              .r12,
              zh: "\(name())\(GradeName.name(record.grade, of: category, .zh))：现有团员 \(record.members) + 新发展 \(unit.quota) = \(record.members + unit.quota)，超过学生数 \(record.students)。",
              en: "\(name()) grade \(record.grade): \(record.members) members + \(unit.quota) new = \(record.members + unit.quota), more than its \(record.students) students."))
        }
        if unit.coverageDemand > 0, unit.quota < unit.coverageDemand {
          let short = unit.coverageDemand - unit.quota
          g2.append(
            Violation(
              .g2, zh: "\(name())\(GradeName.name(record.grade, of: category, .zh))距“班级有团员、班班建支部”的目标还差 \(short) 个名额。",
              en: "\(name()) grade \(record.grade) is \(short) short of its coverage target."))
        }
      }
      #expect(EligibleGrades.check(plan) == r8)
      #expect(StudentCapacity.check(plan) == r12)
      #expect(Coverage.unmet(plan) == g2)
      found = (found.r8 + r8.count, found.r12 + r12.count, found.g2 + g2.count)
    }
    #expect(found.r8 > 0 && found.r12 > 0 && found.g2 > 0)
  }

  @Test("chart numbers with one decimal are what C's %.1f writes: ties to even, the sign of a negative zero, every magnitude")
  func oneDecimal() {
    var values: [Double] = [0, -0.0, 0.05, 0.15, 0.25, 0.35, 0.45, -0.25, -0.04, 1e-300, -1e-300, 4.9e-324, 0.0004, -0.0004, 1e14 + 0.25, 999_999_999_999_999, 1e15, 1e300, .nan, .infinity, -.infinity, .pi, 0.1 + 0.2]
    values += (-4000...4000).map { Double($0) / 4 } + (-400...400).map { Double($0) / 20 } + (0...2000).map { Double($0) * 0.05 }
    var generator = SystemRandomNumberGenerator()
    for scale in [1e-6, 1e-3, 0.1, 1, 10, 920, 1e6, 1e12] {
      values += (0..<2000).map { _ in Double.random(in: -scale...scale, using: &generator) }
    }
    let differing = values.filter { Charts.oneDecimal($0) != decimal($0, 1) }
    #expect(differing.isEmpty, "\(differing.prefix(5).map { "\($0): \(Charts.oneDecimal($0)) against \(decimal($0, 1))" })")
  }

  /// Templates that exercise the rules the report's templates lean on, and some they do not
  /// use yet: standalone tags, indentation, the stack, dotted names, escaping, the pragma.
  /// (A list or an object in a variable tag is not among them: swift-mustache prints Swift's
  /// description of it, the compiled template nothing; no page shows one.)
  static let templates = [
    "{{a}} {{{a}}} {{&a}} {{missing}}|{{flag}}|{{b.c}}|{{b.missing.c}}",
    "{{#rows}}\n  {{#first}}\n  - {{name}} of {{title}}\n  {{/first}}\n{{/rows}}\n{{^rows}}\nnone\n{{/rows}}\n",
    "  {{#empty}}  \nx\n  {{/empty}}\n{{^empty}}\t\nnone {{title}}\n{{/empty}}\nend",
    "{{#b}}{{c}} {{title}}{{/b}} {{#a}}[{{.}}]{{/a}} {{#flag}}yes{{/flag}}{{^flag}}no{{/flag}} {{! a comment }}x",
    "{ {a} }} {{ a }} {{#rows}}{{name}}{{#last}},{{/last}}{{/rows}}\r\n{{#rows}}\r\n{{name}}\r\n{{/rows}}\r\n",
    "{{a}}\n{{% CONTENT_TYPE: TEXT}}\n{{a}} {{#b}}{{c}}{{/b}}\n",
    "  {{% CONTENT_TYPE: TEXT}}  \n{{a}}\n{{%CONTENT_TYPE:HTML}}{{a}}",
  ]

  static var context: [String: Any] {
    [
      "a": "<b>&'\"≮\u{0338}<\u{0338}", "flag": false, "title": "T",
      "b": ["c": "C&D"] as [String: Any],
      "rows": [["name": "x<1", "first": true, "last": false], ["name": "y", "first": false, "last": true]] as [[String: Any]],
      "empty": [Any](),
    ]
  }

  @Test("the compiled templates render what swift-mustache renders", arguments: templates)
  func template(_ text: String) throws {
    let value = Self.pageValue(Self.context)
    #expect(try PageTemplate(text).render(value) == String(decoding: try Report.mustache(text, Self.context), as: UTF8.self))
  }

  @Test("a template with tags the compiled templates do not know is refused, not rendered differently")
  func unsupported() {
    for text in ["{{> partial}}", "{{=<% %>=}}", "{{$block}}{{/block}}", "{{upper(a)}}", "{{#a}}", "{{/a}}", "{{.a}}"] {
      #expect(throws: PageTemplate.Unsupported.self, "\(text)") { try PageTemplate(text) }
    }
  }

  /// The reflected context (dictionaries, arrays, texts, flags) as a page value.
  static func pageValue(_ value: Any) -> PageValue {
    switch value {
    case let fields as [String: Any]: .object(fields.mapValues(pageValue))
    case let items as [Any]: .list(items.map(pageValue))
    case let flag as Bool: .flag(flag)
    case let text as String: .text(text)
    default: .text(String(describing: value))
    }
  }
}
