import Foundation
import QuotaPlan
import Testing

/// `Explanation.socialText` on Yangzhou's social sector: its figures are the plan's, its
/// Sainte-Laguë reading is the one the engine's quotas satisfy, and the units it names exist.
@Suite("Explain one social-sector unit")
struct SocialExplanationTests {
  static let plans: Result<(zh: Plan, en: Plan), Error> = Result {
    let scenario = try ScenarioLoader.load(Fixture.yangzhouPath)
    var english = scenario
    english.policy.language = .en
    return (try Planner.plan(scenario), try Planner.plan(english))
  }

  func line(_ text: String, _ prefix: String) -> String? {
    text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.first { $0.hasPrefix(prefix) }
  }

  /// Rounded as the explanation prints it.
  func figure(_ value: Double, _ digits: Int = 2) -> String {
    let scale = pow(10.0, Double(digits))
    let rounded = (value * scale).rounded() / scale
    if rounded == rounded.rounded() { return String(Int(rounded)) }
    var text = String(format: "%.\(digits)f", rounded)
    while text.hasSuffix("0") { text.removeLast() }
    return text
  }

  @Test("the engine's social quotas are a Sainte-Laguë split by weight, which is what the explanation says")
  func quotasAreSainteLague() throws {
    let plan = try Self.plans.get().zh
    #expect(plan.socialPlans.count > 10)
    let given = plan.socialPlans.filter { $0.quota > 0 }
    let weakestGiven = try #require(given.map { $0.weight / Double(2 * $0.quota - 1) }.min())
    let strongestLeft = try #require(plan.socialPlans.map { $0.weight / Double(2 * $0.quota + 1) }.max())
    #expect(weakestGiven >= strongestLeft - 1e-12, "a seat went to a lower quotient than one left over")
  }

  @Test("every unit's text shows the plan's quota and weight, the data, and why not one more")
  func figuresAgreeWithThePlan() throws {
    let plan = try Self.plans.get().zh
    for social in plan.socialPlans {
      let text = try Explanation.socialText(plan, unit: social.unit.name, district: social.unit.district)
      #expect(text.hasPrefix("\(social.unit.name) — \(social.unit.district)"))
      #expect(text.contains("本单位得 \(social.quota) 名"), "\(social.unit.name): \(text)")
      #expect(text.contains("权重 \(figure(social.weight))，"), "\(social.unit.name): \(text)")
      #expect(text.contains("团员 \(social.unit.members)，团组织 \(social.unit.organisations)"))
      #expect(line(text, "为何不多 1 名：") != nil)
      #expect((line(text, "为何不少 1 名：") != nil) == (social.quota > 0))
    }
  }

  @Test("the weight's arithmetic recomputes the plan's weight")
  func weightArithmetic() throws {
    let plan = try Self.plans.get().zh
    let units = plan.socialPlans.map(\.unit)
    let members = units.reduce(0) { $0 + $1.members }
    let organisations = units.reduce(0) { $0 + $1.organisations }
    let social = try #require(plan.socialPlans.first { $0.unit.organisations > 0 && $0.unit.members > 0 && $0.quota > 0 })
    let text = try Explanation.socialText(plan, unit: social.unit.name, district: social.unit.district)
    let weightLine = try #require(line(text, "权重 = "))
    #expect(weightLine.contains("平均密度 \(organisations)÷\(members)"), "\(weightLine)")
    // Without the outflow boost the printed product is the weight itself.
    if !text.contains("青年流出村加权：") {
      #expect(weightLine.hasSuffix("= \(figure(social.weight))"), "\(weightLine) vs \(social.weight)")
    }
    // The exact share: total × weight ÷ Σ weights.
    let total = plan.socialPlans.reduce(0) { $0 + $1.quota }
    let sum = plan.socialPlans.reduce(0.0) { $0 + $1.weight }
    #expect(text.contains("= \(figure(Double(total) * social.weight / sum, 4))"), "\(text)")
  }

  @Test("'one more' names a real unit holding a seat with a quotient at least as high; 'one fewer' a unit whose next quotient is not higher")
  func marginsNameRealUnits() throws {
    let plan = try Self.plans.get().zh
    var checked = 0
    for social in plan.socialPlans where social.quota > 0 {
      let text = try Explanation.socialText(plan, unit: social.unit.name, district: social.unit.district)
      let more = try #require(line(text, "为何不多 1 名："))
      let donor = try #require(plan.socialPlans.first { more.contains("须由 \($0.unit.name) 让出") }, "\(more)")
      #expect(donor.quota > 0)
      #expect(donor.weight / Double(2 * donor.quota - 1) >= social.weight / Double(2 * social.quota + 1) - 1e-12)
      let fewer = try #require(line(text, "为何不少 1 名："))
      let recipient = try #require(plan.socialPlans.first { fewer.contains("让出的 1 名将给 \($0.unit.name)（") }, "\(fewer)")
      #expect(recipient.weight / Double(2 * recipient.quota + 1) <= social.weight / Double(2 * social.quota - 1) + 1e-12)
      checked += 1
    }
    #expect(checked > 5)
  }

  @Test("in English when the plan is, and an unknown name gets suggestions")
  func englishAndFailures() throws {
    let plan = try Self.plans.get().en
    let social = try #require(plan.socialPlans.first { $0.quota > 0 })
    let text = try Explanation.socialText(plan, unit: social.unit.name)
    #expect(text.contains("Sainte-Laguë"))
    #expect(text.contains("this unit gets \(social.quota)"))
    #expect(line(text, "why not one more:") != nil)
    #expect(line(text, "why not one fewer:") != nil)
    // A part of a real name: not found, but suggested.
    let part = String(social.unit.name.suffix(4))
    do {
      _ = try Explanation.socialText(plan, unit: part + "不存在")
      Issue.record("an unknown unit was explained")
    } catch let failure as Explanation.SocialFailure {
      guard case .noSuchUnit = failure else { Issue.record("\(failure)"); return }
    }
    do {
      _ = try Explanation.socialText(plan, unit: social.unit.name, district: "不存在区")
      Issue.record("a unit in the wrong district was explained")
    } catch let failure as Explanation.SocialFailure {
      guard case .noSuchUnit(_, let suggestions) = failure else { Issue.record("\(failure)"); return }
      #expect(suggestions == ["\(social.unit.district) \(social.unit.name)"])
    }
  }
}
