import Foundation
import GRDB
import HummingbirdTesting
import QuotaPlan
import Testing
@testable import Workspace

/// Explain, compare and sweep over HTTP, against what the library (the CLI's functions) gives.
@Suite struct AnalysisAPITests {
  /// A query value, percent-encoded.
  static func q(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_.~"))) ?? text
  }

  /// The seeded version's plan (Yangzhou 2022, version 1).
  static func seededPlan(_ workspace: TestWorkspace) async throws -> Plan {
    guard case .planned(let plan) = try await workspace.services.plans.outcome(version: 1) else {
      throw APIError.notFound("方案", "plan")
    }
    return plan
  }

  /// A what-if of the seed whose senior-high grades 1–2 cap (R5) is `ratio`; its version id.
  static func whatIf(_ workspace: TestWorkspace, ratio: Double, name: String) async throws -> Int64 {
    let owner = try workspace.addUser("planner-\(name)", role: .city)
    var scenario = try await workspace.services.plans.scenario(version: 1)
    let category = try #require(scenario.policy.categories.firstIndex { $0.id == "senior_high" })
    let cap = try #require(scenario.policy.categories[category].caps.firstIndex { $0.rule == .r5 })
    scenario.policy.categories[category].caps[cap].ratio = ratio
    let ids = try await workspace.services.plans.createScenario(
      name: name, policy: scenario.policy, schools: scenario.schools, social: scenario.socialUnits, notes: scenario.inputNotes, base: 1,
      by: owner)
    return ids.version
  }

  @Test func explainASchoolAsTheCLIDoes() async throws {
    let workspace = try TestWorkspace(seed: true)
    let plan = try await Self.seededPlan(workspace)
    let names = plan.schoolPlans.map(\.school.name)
    // A school whose name is unique, with quota, so the text has both "why not" lines.
    let school = try #require(plan.schoolPlans.first { school in school.quota > 0 && names.filter { $0 == school.school.name }.count == 1 })
    let expected = try Explanation.text(plan, school: school.school.name)
    try await workspace.test(as: .city) { client in
      let response = try await client.request(.get, "/api/versions/1/explain?school=\(Self.q(school.school.name))")
      #expect(response.status == .ok, "\(response.text)")
      let text = try #require(try response.json()["text"] as? String)
      #expect(text == expected)
      #expect(text.contains("指标 \(school.quota)"))
      #expect(text.contains("为何不多 1 名："))
      #expect(text.contains("为何不少 1 名："))
      #expect(try response.json()["nearest"] as? Bool == false)

      // One grade only, through district and category as well.
      let grade = try #require(school.grades.first { $0.quota > 0 })
      let one = try await client.request(
        .get,
        "/api/versions/1/explain?school=\(Self.q(school.school.name))&district=\(Self.q(school.school.district))&category=\(school.category.id)&grade=\(grade.record.grade)"
      )
      #expect(one.status == .ok, "\(one.text)")
      #expect(
        try one.json()["text"] as? String
          == (try Explanation.text(
            plan, school: school.school.name, district: school.school.district, category: school.category.id, grade: grade.record.grade)))
    }
  }

  @Test func unknownSchoolIs404WithASuggestion() async throws {
    let workspace = try TestWorkspace(seed: true)
    let plan = try await Self.seededPlan(workspace)
    let real = try #require(plan.schoolPlans.first { $0.school.name.count > 6 }).school.name
    let part = String(real.suffix(5))
    try await workspace.test(as: .city) { client in
      let response = try await client.request(.get, "/api/versions/1/explain?school=\(Self.q(part))")
      #expect(response.status == .notFound, "\(response.text)")
      #expect(response.errorCode == "no_such_school")
      let error = try #require(try response.json()["error"] as? [String: Any])
      let suggestions = try #require(error["suggestions"] as? [String])
      #expect(suggestions.contains(real))
      #expect((error["message"] as? String)?.contains("您是否要找") == true)

      // A real name in a district that does not have it: said in Chinese, with where it is.
      let elsewhere = try await client.request(.get, "/api/versions/1/explain?school=\(Self.q(real))&district=\(Self.q("不存在区"))")
      #expect(elsewhere.status == .notFound)
      let sentence = ((try elsewhere.json()["error"] as? [String: Any])?["message"] as? String) ?? ""
      #expect(sentence.hasPrefix("“不存在区”中没有名为“\(real)”的学校。"), "\(sentence)")
      let grade = try await client.request(.get, "/api/versions/1/explain?school=\(Self.q(real))&grade=9")
      #expect(grade.status == .notFound || grade.status == .conflict, "\(grade.text)")
      let bad = try await client.request(.get, "/api/versions/1/explain?school=\(Self.q(real))&grade=two")
      #expect(bad.status == .badRequest)
      let neither = try await client.request(.get, "/api/versions/1/explain")
      #expect(neither.status == .badRequest)
      let missing = try await client.request(.get, "/api/versions/999/explain?school=x")
      #expect(missing.status == .notFound)
    }
  }

  @Test func explainASocialUnit() async throws {
    let workspace = try TestWorkspace(seed: true)
    let plan = try await Self.seededPlan(workspace)
    let unit = try #require(plan.socialPlans.first { $0.quota > 0 })
    try await workspace.test(as: .city) { client in
      let response = try await client.request(
        .get, "/api/versions/1/explain?social=\(Self.q(unit.unit.name))&district=\(Self.q(unit.unit.district))")
      #expect(response.status == .ok, "\(response.text)")
      let text = try #require(try response.json()["text"] as? String)
      #expect(text == (try Explanation.socialText(plan, unit: unit.unit.name, district: unit.unit.district)))
      #expect(text.contains("本单位得 \(unit.quota) 名"))
      #expect(text.contains("圣拉格法"))
      let english = try await client.request(
        .get, "/api/versions/1/explain?social=\(Self.q("没有这个单位"))&lang=en")
      #expect(english.status == .notFound)
      #expect(english.errorCode == "no_such_unit")
    }
  }

  @Test func compareTheSeedWithAWhatIf() async throws {
    let workspace = try TestWorkspace(seed: true)
    let other = try await Self.whatIf(workspace, ratio: 0.35, name: "高中上限35")
    try await workspace.test(as: .city) { client in
      let response = try await client.request(.get, "/api/compare?versions=1,\(other)")
      #expect(response.status == .ok, "\(response.text)")
      let json = try response.json()
      let versions = try #require(json["versions"] as? [[String: Any]])
      #expect(versions.map { $0["label"] as? String } == ["yangzhou-2022 v1", "高中上限35 v1"])
      #expect(json["columns"] as? [String] == ["yangzhou-2022 v1", "高中上限35 v1"])
      let rows = try #require(json["rows"] as? [[String: Any]])
      #expect(Set(rows.compactMap { $0["level"] as? String }) == ["cell", "district", "category", "city"])
      // The cap moves members between schools and districts, never the fixed category total.
      let changed = rows.filter { row in
        row["level"] as? String == "cell" && ((row["deltas"] as? [Any])?.last as? Int).map { $0 != 0 } == true
      }
      #expect(!changed.isEmpty, "no district × category delta")
      let city = try #require(rows.first { $0["level"] as? String == "city" })
      #expect((city["deltas"] as? [Any])?.last as? Int == 0)
      let kpiRows = try #require(json["kpiRows"] as? [[String: Any]])
      let keys = kpiRows.compactMap { $0["key"] as? String }
      #expect(keys.contains("total"))
      #expect(keys.contains("ratio_max:senior_high"))
      #expect(kpiRows.allSatisfy { ($0["values"] as? [Any])?.count == 2 })
      #expect(kpiRows.contains { $0["differs"] as? Bool == true }, "no KPI differs")
      #expect((json["kpis"] as? [Any])?.count == 2)
      let text = try #require(json["text"] as? String)
      // The seeded plan is Chinese, so the comparison reads in Chinese.
      #expect(text.contains("分区县分类别指标：") || text.contains("不同的指标："), "\(text.prefix(300))")
      #expect(text.contains("高中上限35 v1"))

      #expect(try await client.request(.get, "/api/compare?versions=1").status == .badRequest)
      #expect(try await client.request(.get, "/api/compare?versions=1,x").status == .badRequest)
      #expect(try await client.request(.get, "/api/compare?versions=1,999").status == .notFound)
    }
    // A reviewer reads published versions only: the unpublished what-if is not there for them.
    try await workspace.test(as: .reviewer) { client async throws in
      #expect(try await client.request(.get, "/api/compare?versions=1,\(other)").status == .notFound)
    }
  }

  @Test func aConflictVersionIsComparedWithItsSentence() async throws {
    let workspace = try TestWorkspace(seed: true)
    // R5 at 5 %: the senior-high total cannot be placed.
    let other = try await Self.whatIf(workspace, ratio: 0.05, name: "高中上限5")
    guard case .conflict = try await workspace.services.plans.outcome(version: other) else {
      Issue.record("a 5 % senior-high cap should conflict")
      return
    }
    try await workspace.test(as: .city) { client in
      let response = try await client.request(.get, "/api/compare?versions=1,\(other)")
      #expect(response.status == .ok, "\(response.text)")
      let json = try response.json()
      let versions = try #require(json["versions"] as? [[String: Any]])
      #expect(versions.last?["outcome"] as? String == "conflict")
      #expect((versions.last?["failure"] as? String)?.isEmpty == false)
      #expect(json["columns"] as? [String] == ["yangzhou-2022 v1"])
      #expect((json["text"] as? String)?.contains("高中上限5 v1 没有方案") == true)
      // Explaining a conflict version explains its nearest plan, and says so first.
      let plan = try await Self.seededPlan(workspace)
      let school = try #require(plan.schoolPlans.first { $0.category.id == "senior_high" && $0.quota > 0 })
      let explained = try await client.request(
        .get, "/api/versions/\(other)/explain?school=\(Self.q(school.school.name))&district=\(Self.q(school.school.district))")
      if explained.status == .ok {
        #expect(try explained.json()["nearest"] as? Bool == true)
        #expect((try explained.json()["text"] as? String)?.hasPrefix("注意：此版本的硬性规则无法同时满足") == true)
      } else {
        #expect(explained.status == .conflict, "\(explained.text)")
      }
    }
  }

  @Test func sweepACapOverThreePoints() async throws {
    let workspace = try TestWorkspace(seed: true)
    let setting = "categories.senior_high.caps[0].ratio"
    try await workspace.test(as: .city) { client in
      let response = try await client.request(
        .get, "/api/versions/1/sweep?setting=\(Self.q(setting))&from=0.30&to=0.40&step=0.05")
      #expect(response.status == .ok, "\(response.text)")
      let json = try response.json()
      #expect(json["setting"] as? String == setting)
      let points = try #require(json["points"] as? [[String: Any]])
      #expect(points.compactMap { $0["value"] as? Double } == [0.3, 0.35, 0.4])
      #expect(points.allSatisfy { $0["outcome"] as? String == "planned" }, "\(points.map { $0["outcome"] ?? "" })")
      #expect(points.allSatisfy { $0["total"] as? Int == 6360 })
      let svg = try #require(json["svg"] as? String)
      #expect(svg.hasPrefix("<svg"))
      #expect(svg.contains("随 \(setting) 的变化"))
      // The same outcome as the library's sweep at the first point.
      let scenario = try await workspace.services.plans.scenario(version: 1)
      let outcomes = try Sweep.run(scenario, axes: [try Sweep.Axis("\(setting)=0.30...0.30", step: 0.05)], jobs: 1)
      let kpis = try #require(points.first?["kpis"] as? [String: Any])
      #expect(kpis["total"] as? Int == outcomes.first?.plan?.total)

      let many = try await client.request(.get, "/api/versions/1/sweep?setting=\(Self.q(setting))&from=0.1&to=0.5&step=0.001")
      #expect(many.status == .unprocessableContent)
      #expect(many.errorCode == "too_many_points")
      let unknown = try await client.request(.get, "/api/versions/1/sweep?setting=caps&from=0.1&to=0.2&step=0.1")
      #expect(unknown.status == .unprocessableContent)
      #expect(unknown.errorCode == "unknown_setting")
      let listed = ((try unknown.json()["error"] as? [String: Any])?["settings"] as? [String]) ?? []
      #expect(listed.contains(setting))
      #expect(listed.contains("total"))
      let badValue = try await client.request(.get, "/api/versions/1/sweep?setting=\(Self.q(setting))&from=2&to=3&step=1")
      #expect(badValue.status == .unprocessableContent, "\(badValue.text)")
      #expect(badValue.errorCode == "invalid_sweep")
      let notNumber = try await client.request(.get, "/api/versions/1/sweep?setting=total&from=a&to=3&step=1")
      #expect(notNumber.status == .unprocessableContent)
    }
  }
}
