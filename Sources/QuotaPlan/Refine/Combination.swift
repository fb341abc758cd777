import Foundation

/// Refined districts combined back into a city plan: the city's other districts as planned, the
/// refined districts' schools as refined; same district × category totals and ranges.
public enum Combination {
  public static func combine(_ city: PlanFolder, refined: [PlanFolder]) throws -> (plan: Plan, subRanges: [Refinement.SubRange]) {
    let cityPlan = try Planner.plan(city.scenario)
    var plan = cityPlan
    var subRanges: [Refinement.SubRange] = []
    var done: Set<String> = []
    for folder in refined {
      guard let record = folder.refinement else {
        throw InputError(
          file: PlanWriter.scenarioFile, zh: "交给 combine 的文件夹不是细化方案（其中没有 \(Refinement.recordFile)）。",
          en: "a folder given to combine is not a refined plan (it has no \(Refinement.recordFile)).")
      }
      guard done.insert(record.district).inserted else {
        throw InputError(
          file: Refinement.recordFile, zh: "\(record.district)细化了两次；每个县（市、区）只给一个细化方案。",
          en: "\(record.district) is refined twice; give one refined plan per district.")
      }
      let schools = folder.scenario.schools.filter { $0.district == record.district }
      let refinement = try Refinement.refine(city, district: record.district, data: schools, pins: record.pins, cityPlan: cityPlan)
      plan.schoolPlans.removeAll { $0.school.district == record.district }
      plan.schoolPlans += refinement.plan.schoolPlans
      subRanges += refinement.subRanges
    }
    let districtRank = Dictionary(uniqueKeysWithValues: plan.policy.districts.enumerated().map { ($1, $0) })
    let categoryRank = Dictionary(uniqueKeysWithValues: plan.policy.categories.enumerated().map { ($1.id, $0) })
    plan.schoolPlans.sort {
      (districtRank[$0.school.district] ?? .max, categoryRank[$0.category.id] ?? .max, $0.school.name)
        < (districtRank[$1.school.district] ?? .max, categoryRank[$1.category.id] ?? .max, $1.school.name)
    }
    plan.allocation = city.allocation
    // The summary (printed, plan.json, the report) describes the combined plan, not the city's.
    plan.summaries = summaries(plan, city: cityPlan.summaries)
    let violations = plan.violations()
    if !violations.isEmpty { throw PlanError.conflicts(violations.map { Conflict($0) }) }
    return (plan, subRanges)
  }

  /// Each category's summary recounted from `plan`'s schools: total, units and units with
  /// quota, G1 and G2 met, caps that bind. The balance level and the levels' optima are the
  /// solver's and stay `city`'s; a social-sector category (combine keeps the city's units) is
  /// `city`'s with the plan's total.
  static func summaries(_ plan: Plan, city: [CategorySummary]) -> [CategorySummary] {
    let totals = plan.categoryTotals
    return city.map { old in
      var summary = old
      summary.total = totals[old.id] ?? 0
      guard let category = plan.policy.category(old.id), category.kind == .school else { return summary }
      let schools = plan.schoolPlans.filter { $0.category.id == category.id }
      summary.units = schools.count
      summary.unitsWithQuota = schools.filter { $0.quota > 0 }.count
      let protected = schools.filter { $0.closedDoorDemand > 0 }
      summary.closedDoorSchools = protected.count
      summary.closedDoorMet = protected.filter { $0.quota > 0 }.count
      let demanding = schools.flatMap(\.grades).filter { $0.coverageDemand > 0 }
      summary.coverageGrades = demanding.count
      summary.coverageMet = demanding.filter { $0.quota >= $0.coverageDemand }.count
      var binding: [RuleID: Int] = [:]
      // As the model counts them: a cap's row exists where it holds a grade that may receive quota.
      for school in schools {
        let capacity = SchoolCapacity(school.school, category, rules: RuleSet())
        for scope in capacity.scopes where scope.grades.contains(where: capacity.eligibleGrades.contains) {
          if scope.grades.reduce(0, { $0 + school.quota(grade: $1) }) >= scope.room { binding[scope.rule, default: 0] += 1 }
        }
      }
      summary.bindingCaps = binding
      return summary
    }
  }
}
