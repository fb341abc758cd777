/// The figures a planner compares plans by.
public struct PlanKPIs: Sendable, Equatable, Codable {
  /// Per category: totals, spread of the ratios after development, caps that bind, balance level.
  public struct Category: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    public var total: Int
    public var ratioMin: Double?
    public var ratioMedian: Double?
    public var ratioMax: Double?
    public var bindingCaps: Int
    public var balanceLevel: Double?
  }

  public var scenario: String
  public var total: Int
  /// Schools G1 protects (vocational, private or rural) that have room under their caps and
  /// still get no quota: the closed doors the plan leaves, the same count as the summary's G1
  /// shortfall (`closedDoorSchools − closedDoorMet`). A protected school with no room (its cap is
  /// full, or R9 strict control) is not a closed door: G1 asks nothing of it.
  public var protectedWithoutQuota: Int
  /// Classes that cannot have a member, at least: `classes − members after` over grades with a
  /// per-class coverage target.
  public var classesWithoutMember: Int
  /// Grades with a coverage target that have fewer members after development than a branch needs
  /// (`branch_minimum`, 3 by default).
  public var gradesWithoutBranch: Int
  public var categories: [Category]
  /// Wall time of the solve, in seconds (not part of the plan's files).
  public var solveSeconds: Double

  public init(_ plan: Plan, seconds: Double) {
    scenario = plan.policy.name
    total = plan.total
    protectedWithoutQuota = plan.schoolPlans.filter { school in
      guard school.quota == 0, ClosedDoor.isProtected(school.school, school.category, plan.policy) else { return false }
      // Room as G1 counts it (the model's `hasRoom`), whatever the goal order.
      return plan.policy.closedDoorIsHard || SchoolCapacity(school.school, school.category, rules: RuleSet()).schoolRoom >= 1
    }.count
    var classes = 0
    var branches = 0
    for school in plan.schoolPlans {
      for grade in school.grades {
        guard let target = Coverage.target(school.category, grade: grade.record.grade), grade.record.students > 0 else { continue }
        // Counted against what the grade can hold (R12): a grade of 2 students cannot have 3 members.
        if target.perClass >= 1 { classes += max(0, min(grade.record.classes, grade.record.students) - grade.after) }
        if grade.after < min(plan.policy.branchMinimum, grade.record.students) { branches += 1 }
      }
    }
    classesWithoutMember = classes
    gradesWithoutBranch = branches
    categories = plan.policy.categories.map { category in
      let ratios = plan.schoolPlans.filter { $0.category.id == category.id }.flatMap { school in
        school.grades.filter { category.eligibleGrades.contains($0.record.grade) && $0.record.students > 0 }.map(\.ratioAfter)
      }.sorted()
      let summary = plan.summaries.first { $0.id == category.id }
      return Category(
        id: category.id, name: category.name, total: plan.categoryTotals[category.id] ?? 0, ratioMin: ratios.first,
        ratioMedian: ratios.isEmpty ? nil : ratios[ratios.count / 2], ratioMax: ratios.last,
        bindingCaps: summary?.bindingCaps.values.reduce(0, +) ?? 0, balanceLevel: summary?.balanceLevel)
    }
    solveSeconds = seconds
  }

  /// The value of a KPI by the name gates and sweeps use: `total`, `protected_without_quota`,
  /// `classes_without_member`, `grades_without_branch`, or `<kpi>:<category id>` for
  /// `total`, `ratio_min`, `ratio_median`, `ratio_max`, `binding_caps`, `balance_level`.
  public func value(_ name: String) -> Double? {
    let parts = name.split(separator: ":", maxSplits: 1).map(String.init)
    if parts.count == 2 {
      guard let category = categories.first(where: { $0.id == parts[1] || $0.name == parts[1] }) else { return nil }
      switch parts[0] {
      case "total": return Double(category.total)
      case "ratio_min": return category.ratioMin
      case "ratio_median": return category.ratioMedian
      case "ratio_max": return category.ratioMax
      case "binding_caps": return Double(category.bindingCaps)
      case "balance_level": return category.balanceLevel
      default: return nil
      }
    }
    switch name {
    case "total": return Double(total)
    case "protected_without_quota": return Double(protectedWithoutQuota)
    case "classes_without_member": return Double(classesWithoutMember)
    case "grades_without_branch": return Double(gradesWithoutBranch)
    case "solve_seconds": return solveSeconds
    default: return nil
    }
  }

  /// The KPI names `value(_:)` knows for this plan's categories.
  public var names: [String] {
    Self.cityKPIs + categories.flatMap { c in Self.categoryKPIs.map { "\($0):\(c.id)" } }
  }

  /// KPIs of the whole plan.
  public static let cityKPIs = ["total", "protected_without_quota", "classes_without_member", "grades_without_branch", "solve_seconds"]
  /// KPIs of one category, named `<kpi>:<category id>`.
  public static let categoryKPIs = ["total", "ratio_min", "ratio_median", "ratio_max", "binding_caps", "balance_level"]

  /// Every KPI name form, category KPIs with a placeholder: for a usage error before any plan exists.
  public static var nameForms: [String] { cityKPIs + categoryKPIs.map { "\($0):<category id>" } }

  /// Whether `name` has the form of a KPI (a city KPI, or a category KPI with some category);
  /// whether the category exists is known only once the plans are.
  public static func isKnown(_ name: String) -> Bool {
    let parts = name.split(separator: ":", maxSplits: 1).map(String.init)
    if parts.count == 2 { return categoryKPIs.contains(parts[0]) && !parts[1].isEmpty }
    return cityKPIs.contains(name)
  }

  /// One line per KPI, for the command line's help: what it counts, so a gate means what it says.
  public static let help: [String] = [
    "total                  the city total planned",
    "protected_without_quota",
    "                       closed doors left: schools G1 protects",
    "                       (vocational, private, rural) with room under",
    "                       their caps that get no quota; the summary's G1",
    "                       shortfall (a school with no room is no closed",
    "                       door: G1 asks nothing of it)",
    "classes_without_member classes that cannot have a member after",
    "                       development, in grades with a per-class G2",
    "                       target",
    "grades_without_branch  grades with a G2 target left with fewer members",
    "                       than a branch needs (branch_minimum, 3)",
    "solve_seconds          wall time of the solve",
    "total:<id>             a category's total, e.g. total:junior_high",
    "ratio_min:<id>, ratio_median:<id>, ratio_max:<id>",
    "                       a category's member ratios after development",
    "                       over its eligible grades (0.3 = 30 %)",
    "binding_caps:<id>      caps (R4–R7) that are full after development",
    "balance_level:<id>     G3's level: the ratio the next member reaches",
  ]
}
