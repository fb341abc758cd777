/// R1 city total, R2 category totals, R3 no borrowing between categories.
enum Totals {
  static func check(_ plan: Plan) -> [Violation] {
    var violations: [Violation] = []
    let policy = plan.policy
    let sum = plan.categoryTotals.values.reduce(0, +)
    if sum != policy.total {
      violations.append(Violation(.r1, "the plan hands out \(sum), but the city total is \(policy.total)."))
    }
    for category in policy.categories {
      let given = plan.categoryTotals[category.id] ?? 0
      guard let total = category.total else { continue }
      if given != total {
        violations.append(Violation(.r2, "\(category.name) receives \(given), but its total is \(total)."))
      }
      if given > total {
        violations.append(
          Violation(.r3, "\(category.name) uses \(given - total) more than its own total \(total): quota borrowed from another category."))
      }
    }
    var given: [DistrictCategory: Int] = [:]
    for row in plan.allocation { given[DistrictCategory(row.district, row.categoryID)] = row.quota }
    for category in policy.categories {
      for (district, total) in category.districtTotals.sorted(by: { $0.key < $1.key }) {
        let given = given[DistrictCategory(district, category.id)] ?? 0
        if given != total {
          violations.append(Violation(.r2, "\(category.name) in \(district) receives \(given), but its district total is \(total)."))
        }
      }
    }
    // Numbers serve only their own district × category: each range is exactly its quota.
    for row in plan.allocation {
      let length = row.quota == 0 ? 0 : row.lastNumber - row.firstNumber + 1
      if length != row.quota {
        violations.append(Violation(.r3, "\(row.district) \(row.category) has \(row.quota) quota but a range of \(length) numbers."))
      }
    }
    return violations
  }
}
