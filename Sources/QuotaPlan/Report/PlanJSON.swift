import Foundation

/// `plan.json`: everything in the plan, for machines. Keys sorted, numbers fixed-precision, so
/// the same scenario gives the same bytes.
struct PlanJSON: Encodable {
  struct Grade: Encodable {
    var grade, classes, students, members, quota, after: Int
    var ratioAfter: String
    var coverageDemand: Int
    var reason: Reason
  }
  struct School: Encodable {
    var district, name, category: String
    var isPrivate, isRural: Bool
    var lastYearQuota, quota: Int
    var grades: [Grade]
  }
  struct Social: Encodable {
    var district, name, type: String
    var members, residentYouth, registeredYouth, organisations, quota: Int
    var weight: String
    var reason: Reason
  }
  struct Category: Encodable {
    var id, name: String
    var total, units, unitsWithQuota, closedDoorSchools, closedDoorMet, coverageGrades, coverageMet: Int
    var bindingCaps: [String: Int]
    var balanceLevel: String?
    var levelOptima: [String]
  }

  var scenario: String
  var title: String
  var year: Int
  var total: Int
  var provenOptimal: Bool
  var brokenRules: [String]
  var categories: [Category]
  var allocation: [AllocationRow]
  var schools: [School]
  var social: [Social]

  init(_ plan: Plan) {
    scenario = plan.policy.name
    title = plan.policy.title
    year = plan.policy.year
    total = plan.total
    provenOptimal = plan.isProvenOptimal
    brokenRules = plan.brokenRules.map(\.description)
    categories = plan.summaries.map {
      Category(
        id: $0.id, name: $0.name, total: $0.total, units: $0.units, unitsWithQuota: $0.unitsWithQuota,
        closedDoorSchools: $0.closedDoorSchools, closedDoorMet: $0.closedDoorMet, coverageGrades: $0.coverageGrades,
        coverageMet: $0.coverageMet,
        bindingCaps: Dictionary(uniqueKeysWithValues: $0.bindingCaps.map { ($0.key.rawValue, $0.value) }),
        balanceLevel: $0.balanceLevel.map { decimal($0, 6) }, levelOptima: $0.levelOptima)
    }
    allocation = plan.allocation
    schools = plan.schoolPlans.map { school in
      School(
        district: school.school.district, name: school.school.name, category: school.category.id,
        isPrivate: school.school.isPrivate, isRural: school.school.isRural, lastYearQuota: school.school.lastYearQuota,
        quota: school.quota,
        grades: school.grades.map {
          Grade(
            grade: $0.record.grade, classes: $0.record.classes, students: $0.record.students, members: $0.record.members,
            quota: $0.quota, after: $0.after, ratioAfter: decimal($0.ratioAfter), coverageDemand: $0.coverageDemand,
            reason: $0.reason)
        })
    }
    social = plan.socialPlans.map {
      Social(
        district: $0.unit.district, name: $0.unit.name, type: $0.unit.kind.rawValue, members: $0.unit.members,
        residentYouth: $0.unit.residentYouth, registeredYouth: $0.unit.registeredYouth,
        organisations: $0.unit.organisations, quota: $0.quota, weight: decimal($0.weight, 4), reason: $0.reason)
    }
  }

  func data() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    return try encoder.encode(self) + Data("\n".utf8)
  }
}
