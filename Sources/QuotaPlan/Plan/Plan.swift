/// One school-grade of the plan.
public struct GradePlan: Sendable, Equatable {
  public var record: GradeRecord
  public var quota: Int
  /// New members the grade needs to reach its coverage target (G2), 0 when none applies.
  public var coverageDemand: Int
  public var reason: Reason

  /// Members after development.
  public var after: Int { record.members + quota }
  /// Members after development ÷ students.
  public var ratioAfter: Double { record.students > 0 ? Double(after) / Double(record.students) : 0 }
}

/// One school of the plan, with its grades.
public struct SchoolPlan: Sendable, Equatable {
  public var school: School
  public var category: CategoryPolicy
  public var grades: [GradePlan]
  /// 1 when the school is protected against the closed door (G1) and has room, else 0.
  public var closedDoorDemand: Int

  public var quota: Int { grades.reduce(0) { $0 + $1.quota } }

  public func quota(grade: Int) -> Int { grades.first { $0.record.grade == grade }?.quota ?? 0 }
}

/// One social-sector unit of the plan.
public struct SocialPlan: Sendable, Equatable {
  public var unit: SocialUnit
  public var weight: Double
  public var quota: Int
  public var reason: Reason
}

/// One row of Attachment 1: a district × category quota and its number range.
public struct AllocationRow: Sendable, Equatable, Codable {
  public var district: String
  public var categoryID: String
  public var category: String
  public var quota: Int
  /// First and last member number; both 0 when the quota is 0.
  public var firstNumber: Int
  public var lastNumber: Int
}

/// What the solver reached for one category.
public struct CategorySummary: Sendable, Equatable {
  public var id: String
  public var name: String
  public var total: Int
  /// Schools (or social units) in the category, and how many receive quota.
  public var units: Int
  public var unitsWithQuota: Int
  /// Protected schools with room, and how many of them receive at least one (G1).
  public var closedDoorSchools: Int
  public var closedDoorMet: Int
  /// Grades with a coverage demand, and how many reach it (G2).
  public var coverageGrades: Int
  public var coverageMet: Int
  /// Caps that bind, by rule: rows where the quota fills the room (already-above included).
  public var bindingCaps: [RuleID: Int]
  /// The ratio the next member would reach in the best place left (G3), when any room is left.
  public var balanceLevel: Double?
  /// Each level's optimum in goal order (shortfalls for G1/G2, the rank sum for G3).
  public var levelOptima: [String]
}

/// A whole plan: every school-grade, social unit and district × category quota, with reasons.
public struct Plan: Sendable {
  public var policy: Policy
  public var schoolPlans: [SchoolPlan]
  public var socialPlans: [SocialPlan]
  public var allocation: [AllocationRow]
  public var summaries: [CategorySummary]
  /// False when a time limit stopped the solver before optimality was proven.
  public var isProvenOptimal: Bool
  /// GLPK's messages, for a user who asks for them.
  public var solverLog: String
  /// The hard rules this plan breaks: empty for a plan, filled for the nearest plan that
  /// quotaplan offers when the hard rules conflict.
  public var brokenRules: [Violation] = []

  /// Every school-grade with its school and category.
  public var gradeUnits: [(school: School, category: CategoryPolicy, record: GradeRecord, quota: Int, coverageDemand: Int)] {
    schoolPlans.flatMap { plan in
      plan.grades.map { (plan.school, plan.category, $0.record, $0.quota, $0.coverageDemand) }
    }
  }

  /// The scenario the plan was made from.
  public var scenario: Scenario {
    Scenario(policy: policy, schools: schoolPlans.map(\.school), socialUnits: socialPlans.map(\.unit))
  }

  /// Quota per category id.
  public var categoryTotals: [String: Int] {
    var totals: [String: Int] = [:]
    for category in policy.categories { totals[category.id] = 0 }
    // By position: a loop over the plans would copy each school's plan (its school and category).
    for index in schoolPlans.indices { totals[schoolPlans[index].category.id, default: 0] += schoolPlans[index].quota }
    if let social = policy.categories.first(where: { $0.kind == .social }) {
      totals[social.id, default: 0] += socialPlans.reduce(0) { $0 + $1.quota }
    }
    return totals
  }

  /// Total quota handed out.
  public var total: Int { categoryTotals.values.reduce(0, +) }

  /// Hard-rule violations found by each rule's own check (empty for a valid plan).
  public func violations() -> [Violation] {
    Totals.check(self) + RatioCaps.check(self) + EligibleGrades.check(self) + StrictControl.check(self)
      + PreviousYearFloor.check(self) + StudentCapacity.check(self) + (policy.closedDoorIsHard ? ClosedDoor.unmet(self) : [])
  }

  /// Goals not fully met (G1, G2), unit by unit.
  public func unmetGoals() -> [Violation] {
    (policy.closedDoorIsHard ? [] : ClosedDoor.unmet(self)) + Coverage.unmet(self)
  }
}
