import Foundation
import Testing

@testable import QuotaPlan

/// Issue #12 §4, through the built binary: each stumble a newcomer met on the command line.
@Suite("A newcomer's command line")
struct CLINewcomerTests {
  /// A workspace with the tiny scenario at `<root>/scenarios/tiny` and what-ifs beside it.
  static func scenarios(_ whatIfs: [String: String] = [:]) throws -> Workspace {
    let workspace = try Workspace()
    let folder = workspace.root.appendingPathComponent("scenarios")
    try TinyScenario().write(to: folder.appendingPathComponent("tiny"))
    for (name, yaml) in whatIfs {
      let whatIf = folder.appendingPathComponent(name)
      try FileManager.default.createDirectory(at: whatIf, withIntermediateDirectories: true)
      try Data(yaml.utf8).write(to: whatIf.appendingPathComponent("scenario.yaml"))
    }
    return workspace
  }

  /// A what-if of tiny whose junior-high total (50) is more than its caps allow (33).
  static let conflicting = "base: ../tiny\nname: too-many\ntotal: 52\ncategories:\n  - {id: junior_high, total: 50}\n"

  // MARK: - 1. --language and --headers

  @Test("every command that prints or writes for people takes --language; every one that writes CSV or Excel takes --headers")
  func languageEverywhere() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let writers = ["solve", "compare", "sweep", "run", "refine", "combine", "track"]
    for command in writers + ["explain", "export", "generate"] {
      let help = try workspace.run([command, "--help"])
      #expect(help.status == 0, "\(command): \(help.stderr)")
      #expect(help.stdout.contains("--language <language>"), "\(command) has no --language: \(help.stdout)")
      #expect(help.stdout.contains("--headers") == writers.contains(command), "\(command): \(help.stdout)")
    }
  }

  @Test("--language overrides the scenario's language for the summary; --headers sets the CSV headers apart from it")
  func languageAndHeadersOverride() throws {
    let workspace = try Self.scenarios()
    defer { workspace.remove() }
    let zh = try workspace.run(["solve", "scenarios/tiny", "--out", "zh", "--language", "zh", "--headers", "en"])
    #expect(zh.status == 0, "\(zh.stderr)")
    #expect(zh.stdout.contains("合计 12，下达总量 12"), "\(zh.stdout)")
    let en = try workspace.run(["solve", "scenarios/tiny", "--out", "en", "--language", "en", "--headers", "zh"])
    #expect(en.status == 0, "\(en.stderr)")
    #expect(en.stdout.contains("total 12 of 12"), "\(en.stdout)")
    let machine = try String(contentsOf: workspace.root.appendingPathComponent("zh/allocation.csv"), encoding: .utf8)
    let people = try String(contentsOf: workspace.root.appendingPathComponent("en/allocation.csv"), encoding: .utf8)
    // (The reader drops the BOM.)
    #expect(machine.hasPrefix("district,category,quota,"), "\(machine.prefix(80))")
    #expect(people.hasPrefix("区县,类别,指标,"), "\(people.prefix(80))")
  }

  @Test("a usage error is a sentence in the option's language, Chinese when none is given (no scenario read yet)")
  func usageErrorLanguage() throws {
    let workspace = try Self.scenarios()
    defer { workspace.remove() }
    let chinese = try workspace.run(["solve", "scenarios/tiny", "--time-limit", "-1"])
    #expect(chinese.status == 64, "\(chinese.stderr)")
    #expect(chinese.stderr.contains("--time-limit 应为正的秒数"), "\(chinese.stderr)")
    let english = try workspace.run(["solve", "scenarios/tiny", "--time-limit", "-1", "--language", "en"])
    #expect(english.status == 64)
    #expect(english.stderr.contains("--time-limit must be a positive number of seconds, such as --time-limit 30; -1 is not."), "\(english.stderr)")
  }

  // MARK: - 2. compare --fail-if

  @Test("an unknown KPI in --fail-if exits 64 and lists the KPIs, before anything is solved")
  func unknownKPI() throws {
    let workspace = try Self.scenarios(["bigger": "base: ../tiny\nname: bigger\n"])
    defer { workspace.remove() }
    let run = try workspace.run(["compare", "scenarios/tiny", "scenarios/bigger", "--fail-if", "protected_schools>0", "--language", "en"])
    #expect(run.status == 64, "\(run.stderr)")
    #expect(run.stderr.contains("there is no KPI called “protected_schools”"), "\(run.stderr)")
    for name in ["protected_without_quota", "classes_without_member", "grades_without_branch", "ratio_max:<category id>"] {
      #expect(run.stderr.contains(name), "\(run.stderr)")
    }
    // A category KPI's category is known once the plans are: still a usage error, with this plan's names.
    let category = try workspace.run(["compare", "scenarios/tiny", "scenarios/bigger", "--fail-if", "ratio_max:nursery>0.3", "--out", "c"])
    #expect(category.status == 64, "\(category.stderr)")
    #expect(category.stderr.contains("ratio_max:junior_high"), "\(category.stderr)")
  }

  @Test("the help's example gate protected_without_quota>0 agrees with the summary's G1 on the shipped Yangzhou plan")
  func closedDoorGateAgreesWithSummary() throws {
    let plan = try Planner.plan(try ScenarioLoader.load(Fixture.yangzhouPath))
    let shortfall = plan.summaries.reduce(0) { $0 + $1.closedDoorSchools - $1.closedDoorMet }
    let kpis = PlanKPIs(plan, seconds: 0)
    #expect(kpis.protectedWithoutQuota == shortfall)
    // Protected schools without quota exist, but none has room: G1 asks nothing of them.
    let fullProtected = plan.schoolPlans.filter { ClosedDoor.isProtected($0.school, $0.category, plan.policy) && $0.quota == 0 }
    #expect(!fullProtected.isEmpty, "the check needs a protected school whose caps leave no room")
    #expect(fullProtected.allSatisfy { SchoolCapacity($0.school, $0.category, rules: RuleSet()).schoolRoom == 0 })
  }

  @Test("a protected school with room that gets nothing counts; without G1 in the goals the KPI still sees it")
  func closedDoorKPICountsRoom() throws {
    var policy = Fixture.policy([("junior_high", 2)], goals: [.balance])
    policy.protectPrivateAndRural = true
    let schools = [
      Fixture.school("大中学", [(2, 4, 400, 0), (3, 4, 400, 0)]),
      Fixture.school("小中学", isRural: true, [(2, 1, 40, 3), (3, 1, 40, 3)]),
    ]
    let plan = try Planner.plan(Fixture.scenario(policy, schools))
    #expect(plan.quota("小中学") == 0, "balance gives both members to the emptier school")
    #expect(PlanKPIs(plan, seconds: 0).protectedWithoutQuota == 1)
  }

  // MARK: - 3. compare without --out

  @Test("compare without --out writes to out/<reference>-comparison and says where")
  func compareDefaultFolder() throws {
    let workspace = try Self.scenarios(["bigger": "base: ../tiny\nname: bigger\n"])
    defer { workspace.remove() }
    let run = try workspace.run(["compare", "scenarios/tiny", "scenarios/bigger", "--language", "en"])
    #expect(run.status == 0, "\(run.stderr)")
    let folder = workspace.root.appendingPathComponent("out/tiny-comparison")
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
    #expect(Set(files) == ["comparison.csv", "kpis.csv", "changes.csv", "compare.html", ".quotaplan"])
    #expect(run.stdout.contains("Written to \(folder.path) (comparison.csv, kpis.csv, changes.csv, compare.html)."), "\(run.stdout)")
  }

  // MARK: - 4. run and expect: conflict

  @Test("run exits 0 when a conflict is expected, writes its nearest plan and keeps the conflict's lines")
  func runExpectedConflict() throws {
    let workspace = try Self.scenarios(["too-many": Self.conflicting + "expect: conflict\n"])
    defer { workspace.remove() }
    let run = try workspace.run(["run", "scenarios", "--out", "plans", "--language", "en"])
    #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
    let nearest = workspace.root.appendingPathComponent("plans/too-many-breaks-rules")
    #expect(FileManager.default.fileExists(atPath: nearest.appendingPathComponent("BROKEN_RULES.txt").path))
    #expect(FileManager.default.fileExists(atPath: workspace.root.appendingPathComponent("plans/tiny/plan.csv").path))
    #expect(run.stdout.contains("  too-many: conflict, as expected (expect: conflict); the nearest plan is written to \(nearest.path)/"), "\(run.stdout)")
    // The conflict's sentence is on its own indented line, not folded into the heading.
    let lines = run.stdout.split(separator: "\n").map(String.init)
    #expect(lines.contains { $0.hasPrefix("      ") && $0.contains("R2") && $0.contains("R4") }, "\(run.stdout)")
    #expect(run.stdout.contains("2 of 2 scenarios give what they expect."))
  }

  @Test("run exits 3 when a scenario meant to plan ends in a conflict, 4 when one meant to conflict gets a plan")
  func runUnexpected() throws {
    let conflict = try Self.scenarios(["too-many": Self.conflicting])
    defer { conflict.remove() }
    let failed = try conflict.run(["run", "scenarios", "--out", "plans", "--language", "en"])
    #expect(failed.status == 3, "\(failed.stdout)\n\(failed.stderr)")
    #expect(failed.stdout.contains("too-many: FAILED: the hard rules conflict, but the scenario expects a plan"), "\(failed.stdout)")
    #expect(FileManager.default.fileExists(atPath: conflict.root.appendingPathComponent("plans/too-many-breaks-rules/plan.csv").path))

    let planned = try Self.scenarios(["fine": "base: ../tiny\nname: fine\nexpect: conflict\n"])
    defer { planned.remove() }
    let surprise = try planned.run(["run", "scenarios", "--out", "plans", "--language", "en"])
    #expect(surprise.status == 4, "\(surprise.stdout)\n\(surprise.stderr)")
    #expect(surprise.stdout.contains("fine: UNEXPECTED: a plan, but the scenario expects a conflict"), "\(surprise.stdout)")
  }

  @Test("the shipped infeasible-* examples say expect: conflict, the others do not")
  func shippedExpectations() throws {
    let root = URL(fileURLWithPath: Fixture.yangzhouPath).deletingLastPathComponent()
    for name in try FileManager.default.contentsOfDirectory(atPath: root.path) {
      let yaml = root.appendingPathComponent(name).appendingPathComponent("scenario.yaml")
      guard FileManager.default.fileExists(atPath: yaml.path) else { continue }
      let scenario = try ScenarioLoader.load(yaml.deletingLastPathComponent().path)
      #expect((scenario.policy.expect == .conflict) == name.hasPrefix("infeasible-"), "\(name)")
    }
  }

  // MARK: - 5. export

  @Test("export writes a folder of its own, prints each path, and refuses a level that does not exist with exit 64")
  func export() throws {
    let workspace = try Self.scenarios()
    defer { workspace.remove() }
    let run = try workspace.run(["export", "scenarios/tiny", "--language", "en"])
    #expect(run.status == 0, "\(run.stderr)")
    let folder = workspace.root.appendingPathComponent("out/tiny-models")
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0 != ".quotaplan" }.sorted()
    let lines = run.stdout.split(separator: "\n").map(String.init)
    #expect(lines.first == "file,group,level,optimum,path")
    #expect(lines.dropFirst().map { String($0.split(separator: ",").last ?? "") }.sorted() == files.map { folder.appendingPathComponent($0).path })
    #expect(run.stderr.contains("Wrote \(files.count) model files to \(folder.path)/."), "\(run.stderr)")

    let missing = try workspace.run(["export", "scenarios/tiny", "--level", "4", "--out", "four", "--language", "en"])
    #expect(missing.status == 64, "\(missing.stderr)")
    // Junior high's first level is G2 (no protected school), the social sector's G3.
    #expect(missing.stderr.contains("There is no level 4: the models' levels are 1 = G2 (") && missing.stderr.contains(" or G3 ("), "\(missing.stderr)")
    #expect(!FileManager.default.fileExists(atPath: workspace.root.appendingPathComponent("four").path))
    let zero = try workspace.run(["export", "scenarios/tiny", "--level", "0"])
    #expect(zero.status == 64, "\(zero.stderr)")
  }

  // MARK: - 6. --solver-log

  @Test("--solver-log says no solver ran when the greedy planned, and prints GLPK's log with --method glpk")
  func solverLog() throws {
    let workspace = try Self.scenarios()
    defer { workspace.remove() }
    let greedy = try workspace.run(["solve", "scenarios/tiny", "--out", "g", "--quiet", "--solver-log", "--language", "en"])
    #expect(greedy.status == 0, "\(greedy.stderr)")
    #expect(greedy.stdout.hasPrefix("No solver ran: the rules nest"), "\(greedy.stdout)")
    let glpk = try workspace.run(["solve", "scenarios/tiny", "--out", "l", "--quiet", "--solver-log", "--method", "glpk", "--language", "en"])
    #expect(glpk.status == 0, "\(glpk.stderr)")
    #expect(glpk.stdout.hasPrefix("GLPK's log:\n"), "\(glpk.stdout)")
    #expect(glpk.stdout.contains("obj ="), "\(glpk.stdout)")
  }

  // MARK: - 7. --time-limit

  @Test("--time-limit with a negative or zero value is a sentence and exit 64, never 'Missing value'", arguments: ["-1", "0", "-0.5"])
  func timeLimit(_ value: String) throws {
    let workspace = try Self.scenarios()
    defer { workspace.remove() }
    for command in [["solve", "scenarios/tiny"], ["run", "scenarios"]] {
      let run = try workspace.run(command + ["--time-limit", value, "--language", "en"])
      #expect(run.status == 64, "\(command[0]): \(run.stderr)")
      #expect(run.stderr.contains("--time-limit must be a positive number of seconds"), "\(run.stderr)")
      #expect(!run.stderr.contains("Missing value"))
    }
  }

  // MARK: - 8. help

  @Test("the top-level help lists every exit code; solve's names every file; no option shows two defaults")
  func help() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let top = try workspace.run(["--help"])
    for code in ["0", "1", "3", "4", "64", "65", "70", "73", "74"] {
      #expect(top.stdout.range(of: "\n  \(code) ", options: []) != nil || top.stdout.contains("\n    \(code) "), "exit \(code) missing: \(top.stdout)")
    }
    let solve = try workspace.run(["solve", "--help"])
    for file in PlanWriter.fileNames { #expect(solve.stdout.contains(file), "\(file): \(solve.stdout)") }
    let twoDefaults = try NSRegularExpression(pattern: #"\(default: [^)]*\)\.?\s+\(default:"#)
    for command in ["solve", "explain", "run", "compare", "sweep", "refine", "combine", "export", "generate", "track"] {
      let help = try workspace.run([command, "--help"]).stdout
      let matches = twoDefaults.numberOfMatches(in: help, range: NSRange(help.startIndex..., in: help))
      #expect(matches == 0, "\(command): \(help)")
    }
  }

  // MARK: - 9. explain

  @Test("explain --unit explains a social-sector unit: weight, share, rounding, one more or fewer")
  func explainSocialUnit() throws {
    let workspace = try Self.scenarios()
    defer { workspace.remove() }
    let run = try workspace.run(["explain", "scenarios/tiny", "--unit", "甲村", "--language", "en"])
    #expect(run.status == 0, "\(run.stderr)")
    let plan = try Planner.plan(try ScenarioLoader.load(workspace.root.appendingPathComponent("scenarios/tiny").path))
    var english = plan
    english.policy.language = .en
    let expected = try Explanation.socialText(english, unit: "甲村")
    #expect(run.stdout == expected + "\n")
    let missing = try workspace.run(["explain", "scenarios/tiny", "--unit", "丙村", "--language", "en"])
    #expect(missing.status == 64)
    #expect(missing.stderr.contains("No social-sector unit is called “丙村”."), "\(missing.stderr)")
  }

  @Test("explain --grade takes the grade's Chinese name as well as its number")
  func explainGradeName() throws {
    let workspace = try Self.scenarios()
    defer { workspace.remove() }
    let named = try workspace.run(["explain", "scenarios/tiny", "--school", "甲中学", "--grade", "初二"])
    let numbered = try workspace.run(["explain", "scenarios/tiny", "--school", "甲中学", "--grade", "2"])
    #expect(named.status == 0, "\(named.stderr)")
    #expect(named.stdout == numbered.stdout)
    let wrong = try workspace.run(["explain", "scenarios/tiny", "--school", "甲中学", "--grade", "高一", "--language", "en"])
    #expect(wrong.status == 64, "\(wrong.stderr)")
    #expect(wrong.stderr.contains("--grade “高一” is not one of this school's grades"), "\(wrong.stderr)")
  }
}
