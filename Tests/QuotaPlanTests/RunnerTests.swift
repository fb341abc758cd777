import Foundation
import QuotaPlan
import Testing

/// Running every shipped scenario, comparing, gating and sweeping.
@Suite("Runs, comparisons and sweeps")
struct RunnerTests {
  static var scenariosFolder: String { URL(fileURLWithPath: Fixture.yangzhouPath).deletingLastPathComponent().path }

  static let all: [Runner.Outcome] = Runner.run(Runner.scenarioPaths(scenariosFolder), jobs: 2)

  @Test("run scenarios/ solves every shipped scenario, the infeasible ones end in named conflicts")
  func runAll() throws {
    let outcomes = Self.all
    #expect(outcomes.count >= 11)
    #expect(Comparison(outcomes).names.first == "yangzhou-2022", "the scenario without a base is the reference")
    for outcome in outcomes {
      if outcome.name.hasPrefix("infeasible-") {
        #expect(outcome.plan == nil && outcome.isConflict, "\(outcome.name)")
      } else {
        #expect(outcome.plan?.violations().isEmpty == true, "\(outcome.name): \(outcome.failure ?? "")")
      }
    }
    let comparison = Comparison(outcomes)
    #expect(comparison.names.count == outcomes.filter { $0.plan != nil }.count)
    #expect(comparison.failures.count == outcomes.filter { $0.plan == nil }.count)
    let files = try ComparisonOutput.files(comparison)
    #expect(files.map(\.name) == ["comparison.csv", "kpis.csv", "changes.csv", "compare.html"])
  }

  @Test("no unit moves against its category total on the shipped scenarios")
  func noParadox() {
    let comparison = Comparison(Self.all)
    #expect(comparison.paradoxes.isEmpty, "\(comparison.paradoxes)")
  }

  @Test("the paradox check finds a unit that loses quota when its category total grew")
  func paradoxIsFound() throws {
    let base = try ScenarioLoader.load(Fixture.yangzhouPath)
    let plan = try Planner.plan(base)
    var bent = plan
    bent.policy.name = "bent"
    // A plan where junior high grows by one but one junior unit loses a member.
    let school = try #require(bent.schoolPlans.firstIndex { $0.category.id == "junior_high" && $0.quota > 1 })
    let grade = try #require(bent.schoolPlans[school].grades.firstIndex { $0.quota > 0 })
    bent.schoolPlans[school].grades[grade].quota -= 1
    let other = try #require(bent.schoolPlans.indices.last { $0 != school && bent.schoolPlans[$0].category.id == "junior_high" && $0 > school })
    let otherGrade = try #require(bent.schoolPlans[other].grades.firstIndex { $0.quota > 0 })
    bent.schoolPlans[other].grades[otherGrade].quota += 2
    let outcomes = [plan, bent].map { Runner.Outcome(name: $0.policy.name, path: "", plan: $0, failure: nil, isConflict: false, seconds: 0) }
    let comparison = Comparison(outcomes)
    #expect(comparison.paradoxes.count == 1)
    #expect(comparison.paradoxes.first?.unit.contains(bent.schoolPlans[school].school.name) == true)
  }

  @Test("deltas roll up to district, category and city")
  func rollUps() throws {
    let comparison = Comparison(Self.all)
    let cut = try #require(comparison.names.firstIndex(of: "what-if-province-cut-500"))
    let city = try #require(comparison.rows.first { $0.level == .city })
    #expect(city.deltas[cut] == -500)
    let cells = comparison.rows.filter { $0.level == .cell }
    #expect(cells.compactMap { $0.deltas[cut] }.reduce(0, +) == -500)
    for row in comparison.rows where row.level == .category {
      #expect(row.deltas[cut].map { $0 < 0 } == true, "\(row.category) did not fall")
    }
  }

  @Test("a gate trips on a KPI past its threshold, and an unknown KPI is a sentence")
  func gates() throws {
    let comparison = Comparison(Self.all)
    // The shipped plans leave no closed door (protected_without_quota counts G1's shortfall, as
    // the summary does), so the gate is on the total: it trips for each plan above 6000.
    let gate = try #require(Comparison.Gate("total>6000"))
    let tripped = comparison.tripped([gate])
    let above = comparison.kpis.filter { $0.total > 6000 }
    #expect(!above.isEmpty && above.count < comparison.kpis.count)
    #expect(tripped.count == above.count)
    for (line, kpi) in zip(tripped, above) { #expect(line.hasPrefix(kpi.scenario) && line.contains("\(kpi.total)"), "\(line)") }
    #expect(comparison.tripped([try #require(Comparison.Gate("protected_without_quota>0"))]).isEmpty)
    #expect(comparison.tripped([try #require(Comparison.Gate("total>=0"))]).count == comparison.names.count)
    #expect(comparison.tripped([try #require(Comparison.Gate("nonsense>1"))]).first?.contains("nonsense") == true)
    #expect(Comparison.Gate("total") == nil)
  }

  @Test("a sweep of the senior-high cap from 20 % to 40 % in 1 % steps writes its table and chart")
  func seniorCapSweep() throws {
    let base = try ScenarioLoader.load(Fixture.yangzhouPath)
    let axis = try Sweep.Axis("categories.senior_high.caps[0].ratio=0.20...0.40", step: 0.01)
    #expect(axis.values.count == 21 && axis.values.first == 0.20 && axis.values.last == 0.40)
    let outcomes = try Sweep.run(base, axes: [axis], jobs: 2)
    #expect(outcomes.count == 21)
    // Feasible exactly from the cap where senior high's room reaches its total of 1500.
    let firstPlan = try #require(outcomes.firstIndex { $0.plan != nil })
    #expect(outcomes[..<firstPlan].allSatisfy { $0.isConflict })
    #expect(outcomes[firstPlan...].allSatisfy { $0.plan != nil })
    let files = try Sweep.files([axis], outcomes)
    let csv = String(decoding: try #require(files.first { $0.name == "sweep.csv" }).data, as: UTF8.self)
    #expect(csv.split(separator: "\r\n").count == 22)
    let html = String(decoding: try #require(files.first { $0.name == "sweep.html" }).data, as: UTF8.self)
    #expect(html.contains("<svg") && !html.contains("<script"))
    // Raising the cap never lowers a senior unit's quota... only while the total is fixed, the
    // plans must keep every rule.
    for outcome in outcomes { #expect(outcome.plan?.violations().isEmpty ?? true) }
  }

  @Test("two swept settings make a grid, and a setting that cannot be swept is a sentence")
  func grid() throws {
    let base = try ScenarioLoader.load(Fixture.yangzhouPath)
    let axes = [
      try Sweep.Axis("categories.senior_high.caps[0].ratio=0.29...0.31", step: 0.01),
      try Sweep.Axis("social.outflow_boost=1...2", step: 0.5),
    ]
    let outcomes = try Sweep.run(base, axes: axes, jobs: 2)
    #expect(outcomes.count == 9)
    var policy = base.policy
    #expect(throws: Sweep.SweepError.self) { try Sweep.set("categories.nothing.total", 1, in: &policy) }
    #expect(throws: Sweep.SweepError.self) { _ = try Sweep.Axis("total=1", step: 1) }
  }

  @Test("a swept value the scenario file would refuse (a 300 % cap) stops the sweep with a sentence before anything is solved")
  func sweptValuesAreValidated() throws {
    let base = try ScenarioLoader.load(Fixture.yangzhouPath)
    let axis = try Sweep.Axis("categories.senior_high.caps[0].ratio=0.5...3.0", step: 1)
    do {
      _ = try Sweep.run(base, axes: [axis], jobs: 2)
      Issue.record("a 150 % cap was planned")
    } catch let error as Sweep.SweepError {
      #expect(error.description.contains("categories.senior_high.caps[0].ratio=1.5"), "\(error)")
      #expect(error.description.contains("between 0 and 1"), "\(error)")
    }
  }
}
