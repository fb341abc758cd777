/// R1 city total, R2 category totals, R3 no borrowing between categories.
enum Totals {
  static func check(_ plan: Plan) -> [Violation] {
    var violations: [Violation] = []
    let policy = plan.policy
    let totals = plan.categoryTotals  // computed once: it sums every school's quota
    let sum = totals.values.reduce(0, +)
    if sum != policy.total {
      violations.append(
        Violation(.r1, zh: "方案共分配 \(sum) 个名额，但全市总量为 \(policy.total)。", en: "the plan hands out \(sum), but the city total is \(policy.total)."))
    }
    for category in policy.categories {
      let given = totals[category.id] ?? 0
      guard let total = category.total else { continue }
      if given != total {
        violations.append(
          Violation(.r2, zh: "\(category.name)分到 \(given) 个名额，但其总量为 \(total)。", en: "\(category.label(.en)) receives \(given), but its total is \(total)."))
      }
      if given > total {
        violations.append(
          Violation(
            .r3, zh: "\(category.name)比自身总量 \(total) 多用了 \(given - total) 个名额：挤占挪用了其他类别的名额。",
            en: "\(category.label(.en)) uses \(given - total) more than its own total \(total): quota borrowed from another category."))
      }
    }
    var given: [DistrictCategory: Int] = [:]
    for row in plan.allocation { given[DistrictCategory(row.district, row.categoryID)] = row.quota }
    for category in policy.categories {
      for (district, total) in category.districtTotals.sorted(by: { $0.key < $1.key }) {
        let given = given[DistrictCategory(district, category.id)] ?? 0
        if given != total {
          violations.append(
            Violation(
              .r2, zh: "\(district)\(category.name)分到 \(given) 个名额，但该区县的总量为 \(total)。",
              en: "\(category.label(.en)) in \(district) receives \(given), but its district total is \(total)."))
        }
      }
    }
    // Numbers serve only their own district × category: each range is exactly its quota.
    for row in plan.allocation {
      let length = row.quota == 0 ? 0 : row.lastNumber - row.firstNumber + 1
      if length != row.quota {
        violations.append(
          Violation(
            .r3, zh: "\(row.district)\(row.category)有 \(row.quota) 个名额，但号段有 \(length) 个编号。",
            en: "\(row.district) \(policy.category(row.categoryID)?.label(.en) ?? row.category) has \(row.quota) quota but a range of \(length) numbers."))
      }
    }
    return violations
  }
}
