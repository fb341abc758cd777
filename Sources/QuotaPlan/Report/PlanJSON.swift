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
    /// How the school's quota is made: the sum of its grades, each with its reason's kind.
    var reason: String
    var grades: [Grade]
  }
  /// An Attachment 1 row with how it is made: its units' quotas and where its range starts.
  struct Allocation: Encodable {
    var district, category: String
    var quota, firstNumber, lastNumber: Int
    var units: Int
    var reason: String
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
  var allocation: [Allocation]
  var schools: [School]
  var sensitivity: [Sensitivity]
  var social: [Social]

  init(_ plan: Plan, sensitivity: [Sensitivity]) {
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
    let zh = plan.policy.language == .zh
    var previous: AllocationRow?
    let socialID = plan.policy.categories.first(where: { $0.kind == .social })?.id
    var withQuota: [DistrictCategory: Int] = [:]
    for school in plan.schoolPlans where school.quota > 0 { withQuota[DistrictCategory(school.school.district, school.category.id), default: 0] += 1 }
    for unit in plan.socialPlans where unit.quota > 0 { withQuota[DistrictCategory(unit.unit.district, socialID ?? ""), default: 0] += 1 }
    allocation = plan.allocation.map { row in
      let units = withQuota[DistrictCategory(row.district, row.categoryID)] ?? 0
      let start = previous.map { zh ? "接 \($0.district) \($0.category) 号段之后" : "after \($0.district) \($0.category)" }
        ?? (zh ? "全市号段起点" : "the city's first number")
      let reason = row.quota == 0
        ? (zh ? "无单位获得指标，不分配号段" : "no unit receives quota; no range")
        : (zh ? "\(units) 个单位指标之和 \(row.quota)；号段\(start)，长度等于指标" : "sum of \(units) units' quotas, \(row.quota); range \(start), as long as the quota")
      if row.quota > 0 { previous = row }
      return Allocation(
        district: row.district, category: row.category, quota: row.quota, firstNumber: row.firstNumber,
        lastNumber: row.lastNumber, units: units, reason: reason)
    }
    self.sensitivity = sensitivity
    schools = plan.schoolPlans.map { school in
      School(
        district: school.school.district, name: school.school.name, category: school.category.id,
        isPrivate: school.school.isPrivate, isRural: school.school.isRural, lastYearQuota: school.school.lastYearQuota,
        quota: school.quota,
        reason: Self.sum(school),
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

  /// How a school's quota is made, e.g. "1:3 coverage + 2:4 balance = 7" (appended piece by
  /// piece: a nation has 76,600 schools).
  static func sum(_ school: SchoolPlan) -> String {
    var text = ""
    for grade in school.grades where grade.quota > 0 {
      if !text.isEmpty { text += " + " }
      text += String(grade.record.grade)
      text += ":"
      text += String(grade.quota)
      text += " "
      text += grade.reason.kind.rawValue
    }
    return text + " = " + String(school.quota)
  }

  /// The file's bytes, written field by field (`fastData`, the same bytes as `referenceData`).
  func data() throws -> Data {
    try fastData()
  }

  /// The file's bytes through `Codable` (`PrettyJSON`, itself checked against `JSONEncoder`).
  func referenceData() throws -> Data {
    try PrettyJSON(snakeCaseKeys: true).encode(self) + Data("\n".utf8)
  }
}
