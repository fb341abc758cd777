/// Member-number ranges (编号号段): each district × category quota gets a contiguous block.
///
/// Order: districts as the scenario lists them, then categories as the policy lists them;
/// blocks follow each other without gaps from the city's first number. Zero quotas get no block.
enum NumberRanges {
  static func allocate(_ quotas: [(district: String, category: CategoryPolicy, quota: Int)], firstNumber: Int) -> [AllocationRow] {
    var next = firstNumber
    return quotas.map { entry in
      defer { next += entry.quota }
      return AllocationRow(
        district: entry.district, categoryID: entry.category.id, category: entry.category.name, quota: entry.quota,
        firstNumber: entry.quota > 0 ? next : 0, lastNumber: entry.quota > 0 ? next + entry.quota - 1 : 0)
    }
  }
}

/// A district × category key, for sums and lookups that would otherwise scan every row.
struct DistrictCategory: Hashable {
  var district: String
  var category: String
  init(_ district: String, _ category: String) {
    self.district = district
    self.category = category
  }
}
