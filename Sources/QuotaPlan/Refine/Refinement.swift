import Foundation
import GLPK

/// A county's refinement of its district inside the city plan's envelope: the city's district ×
/// category quotas and number ranges stay fixed; the district's schools are planned again with
/// the county's data and pins under every rule and goal.
public struct Refinement: Sendable {
  /// What `combine` needs to redo a refinement exactly: the district and its pins (the data is
  /// in the refined folder's scenario.json).
  public struct Record: Sendable, Codable, Equatable {
    public var district: String
    public var pins: [Pin]

    /// The record of `district`'s refinement with these pins.
    public init(district: String, pins: [Pin]) {
      self.district = district
      self.pins = pins
    }
  }

  /// One school's (or social unit's) sub-range inside its district × category range.
  public struct SubRange: Sendable, Equatable {
    public var category: String
    public var unit: String
    public var quota: Int
    public var firstNumber: Int
    public var lastNumber: Int
  }

  /// One school-grade's change against the city plan, and why.
  public struct Impact: Sendable, Equatable {
    public var school: String
    public var category: String
    public var grade: Int
    public var cityQuota: Int?
    public var refinedQuota: Int?
    /// Why, in English (the record's and the workspace's wording).
    public var why: String
    /// Why, in Chinese: the same cause, with grade names as the category says them.
    public var whyZH: String = ""

    /// Why, in `language`.
    public func why(_ language: Language) -> String { language == .zh ? whyZH : why }
  }

  public static let recordFile = "refinement.json"

  public var record: Record
  public var plan: Plan
  public var subRanges: [SubRange]
  public var impact: [Impact]

  /// Refines `district` of `city` with the county's `data` (nil: the city's) and `pins`.
  /// `cityPlan` is the city plan solved from `city` (solved here when not given).
  public static func refine(
    _ city: PlanFolder, district: String, data: [School]? = nil, pins: [Pin] = [], cityPlan: Plan? = nil
  ) throws -> Refinement {
    let policy = city.scenario.policy
    try city.checkDistrict(district)
    let rows = city.allocation.filter { $0.district == district }
    let envelope = Dictionary(uniqueKeysWithValues: rows.map { ($0.categoryID, $0.quota) })
    var local = policy
    local.districts = [district]
    local.total = rows.reduce(0) { $0 + $1.quota }
    for index in local.categories.indices {
      local.categories[index].total = envelope[local.categories[index].id] ?? 0
      local.categories[index].districtTotals = [:]
    }
    let schools = data ?? city.scenario.schools.filter { $0.district == district }
    let scenario = Scenario(
      policy: local, schools: schools, socialUnits: city.scenario.socialUnits.filter { $0.district == district })
    var groups = PlanGroup.groups(scenario, rules: RuleSet())
    for index in groups.indices {
      let ids = Set(groups[index].categories.map(\.id))
      groups[index].pins = pins.filter { pin in scenario.schools.first(where: pin.matches).map { ids.contains($0.category) } ?? false }
    }
    let conflicts = PinChecks.conflicts(pins, scenario: scenario, envelope: envelope)
      + PreChecks.conflicts(scenario, groups: groups, rules: RuleSet())
    if !conflicts.isEmpty { throw PlanError.conflicts(conflicts) }
    var solutions: [GroupSolution] = []
    for group in groups {
      do {
        solutions.append(try QuotaSolver.solve(group, scenario: scenario, rules: RuleSet(), options: SolverOptions()))
      } catch GLPKError.infeasible {
        throw PlanError.conflicts([
          Conflict(
            [.pin, .r2] + group.categories.flatMap { $0.caps.map(\.rule) },
            zh: "\(district)\(group.categories.map { $0.label(.zh) }.joined(separator: "+"))：县级承诺、团青比上限和下达的名额 \(group.total ?? 0) 无法同时满足。",
            en: "\(group.categories.map { $0.label(.en) }.joined(separator: "+")) in \(district): the pins, the caps and the envelope of \(group.total ?? 0) cannot all hold.")
        ])
      } catch let error as GLPKError {
        throw PlanError.solver(group: group.name, error)
      }
    }
    var plan = Planner.assemble(scenario, groups: groups, solutions: solutions, rules: RuleSet())
    plan.allocation = rows
    return Refinement(
      record: Record(district: district, pins: pins), plan: plan, subRanges: subRanges(plan),
      impact: impact(city: try cityPlan ?? Planner.plan(city.scenario), district: district, refined: plan, pins: pins))
  }

  /// Contiguous sub-ranges in school (or unit) order inside each district × category range.
  public static func subRanges(_ plan: Plan) -> [SubRange] {
    var ranges: [SubRange] = []
    for row in plan.allocation where row.quota > 0 {
      var next = row.firstNumber
      let units: [(String, Int)] = plan.policy.category(row.categoryID)?.kind == .social
        ? plan.socialPlans.filter { $0.unit.district == row.district }.map { ($0.unit.name, $0.quota) }
        : plan.schoolPlans.filter { $0.school.district == row.district && $0.category.id == row.categoryID }.map { ($0.school.name, $0.quota) }
      for (name, quota) in units where quota > 0 {
        ranges.append(SubRange(category: row.category, unit: name, quota: quota, firstNumber: next, lastNumber: next + quota - 1))
        next += quota
      }
    }
    return ranges
  }

  static func sameCounts(_ a: GradeRecord?, _ b: GradeRecord?) -> Bool {
    a?.classes == b?.classes && a?.students == b?.students && a?.members == b?.members
  }

  /// Each school-grade's old and new quota with the reason for a change.
  static func impact(city cityPlan: Plan, district: String, refined: Plan, pins: [Pin]) -> [Impact] {
    // Schools by identity (district, name, category): one name may be a school in two categories.
    let before = Dictionary(
      cityPlan.schoolPlans.filter { $0.school.district == district }.map { ($0.school.id, $0) }, uniquingKeysWith: { a, _ in a })
    let after = Dictionary(refined.schoolPlans.map { ($0.school.id, $0) }, uniquingKeysWith: { a, _ in a })
    let ids = (before.keys.sorted { (before[$0]?.category.id ?? "", $0.name) < (before[$1]?.category.id ?? "", $1.name) })
      + after.keys.filter { before[$0] == nil }.sorted { ($0.name, $0.category) < ($1.name, $1.category) }
    let ambiguous = School.ambiguousNames((before.values.map(\.school) + after.values.map(\.school)))
    var rows: [Impact] = []
    for id in ids {
      let old = before[id], new = after[id]
      let name = id.name
      let category = (new ?? old)?.category
      let grades = Set((old?.grades.map(\.record.grade) ?? []) + (new?.grades.map(\.record.grade) ?? [])).sorted()
      for grade in grades {
        let oldGrade = old?.grades.first { $0.record.grade == grade }
        let newGrade = new?.grades.first { $0.record.grade == grade }
        let oldQuota = oldGrade?.quota, newQuota = newGrade?.quota
        var why = "unchanged"
        var whyZH = "未变。"
        /// A pin's unit with the category's grade names: "甲中学 初二".
        func pinUnitZH(_ pin: Pin) -> String { pin.grade.map { "\(pin.school) \(GradeName.name($0, of: category, .zh))" } ?? pin.school }
        if oldQuota != newQuota {
          let school = (new ?? old)!.school
          let own = pins.filter { $0.matches(school) && ($0.grade == nil || $0.grade == grade) }
          let elsewhere = pins.filter { pin in
            !own.contains(pin) && after.values.contains { pin.matches($0.school) && $0.category.id == category?.id }
          }
          let changedElsewhere = after.values.filter { school in
            school.category.id == category?.id && school.school.id != id
              && (before[school.school.id].map { old in zip(old.grades, school.grades).contains { !sameCounts($0.record, $1.record) } || old.grades.count != school.grades.count } ?? true)
          }.map { $0.school.label(ambiguous: ambiguous) }.sorted()
          if old == nil {
            why = "new school in the county's data"
            whyZH = "县级数据中新增的学校。"
          } else if new == nil {
            why = "school closed in the county's data"
            whyZH = "县级数据中已没有这所学校。"
          } else if !own.isEmpty {
            why = "pinned: " + own.map { "\($0.unit(.en)) \($0.bounds)\($0.note.isEmpty ? "" : " (\($0.note))")" }.joined(separator: "; ")
            whyZH = "县级承诺：" + own.map { "\(pinUnitZH($0)) \($0.bounds)\($0.note.isEmpty ? "" : " (\($0.note))")" }.joined(separator: "；") + "。"
          } else if !sameCounts(oldGrade?.record, newGrade?.record) {
            why = "new data for this grade"
            whyZH = "本年级数据有更新。"
          } else if newGrade?.reason.kind == .capReached || newGrade?.reason.kind == .alreadyAboveCap {
            why = "a cap: \(newGrade?.reason.text ?? "")"
            whyZH = "受上限约束：\(newGrade?.reason.text ?? "")"
          } else {
            var causes: [String] = [], causesZH: [String] = []
            if !elsewhere.isEmpty {
              causes.append("a pin elsewhere (\(elsewhere.map { $0.unit(.en) }.joined(separator: ", ")))")
              causesZH.append("其他学校的县级承诺（\(elsewhere.map(pinUnitZH).joined(separator: "、"))）")
            }
            if !changedElsewhere.isEmpty {
              causes.append("new data elsewhere (\(changedElsewhere.joined(separator: ", ")))")
              causesZH.append("其他学校的新数据（\(changedElsewhere.joined(separator: "、"))）")
            }
            why = causes.isEmpty ? "the balance level moved" : causes.joined(separator: " and ")
            whyZH = causesZH.isEmpty ? "本类别的均衡水平随之变动。" : causesZH.joined(separator: "；") + "。"
          }
        }
        rows.append(Impact(school: name, category: category?.name ?? "", grade: grade, cityQuota: oldQuota, refinedQuota: newQuota, why: why, whyZH: whyZH))
      }
    }
    return rows
  }
}
