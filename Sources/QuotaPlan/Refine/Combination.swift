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
        throw InputError(file: PlanWriter.scenarioFile, "a folder given to combine is not a refined plan (it has no \(Refinement.recordFile)).")
      }
      guard done.insert(record.district).inserted else {
        throw InputError(file: Refinement.recordFile, "\(record.district) is refined twice; give one refined plan per district.")
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
    let violations = plan.violations()
    if !violations.isEmpty { throw PlanError.conflicts(violations.map { Conflict([$0.rule], $0.message) }) }
    return (plan, subRanges)
  }
}
