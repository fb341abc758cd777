import Foundation
@testable import QuotaPlan
import Testing

/// The review report's fast path (#16) against the path it replaced: rows converted without
/// reflection against the reflected model, both pages from the parsed-once templates over that
/// conversion against swift-mustache over the reflected model, the shortened tables and the largest quotas against building and sorting everything. Every
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
