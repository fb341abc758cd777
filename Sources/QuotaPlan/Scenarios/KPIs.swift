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
  /// Private, rural or vocational schools left with no quota (G1 protects them).
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
    protectedWithoutQuota = plan.schoolPlans.filter {
      ClosedDoor.isProtected($0.school, $0.category, plan.policy) && $0.quota == 0
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
    ["total", "protected_without_quota", "classes_without_member", "grades_without_branch"]
      + categories.flatMap { c in ["total", "ratio_min", "ratio_median", "ratio_max", "binding_caps", "balance_level"].map { "\($0):\(c.id)" } }
  }
}
