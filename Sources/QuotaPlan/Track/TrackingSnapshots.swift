/// Results of one plan on several days (register snapshots), in date order, one per day: the
/// progress over time that tracking.html draws per district and tracking.xlsx lists.
struct TrackingSnapshots {
  /// The results in date order; the current result replaces any other of its day.
  var results: [TrackingResult]
  /// Each result's district rows by district.
  private var districts: [[String: TrackingRow]]

  init(_ current: TrackingResult, history: [TrackingResult]) {
    var byDay: [Day: TrackingResult] = [:]
    for result in history where result.year == current.year { byDay[result.asOf] = result }
    byDay[current.asOf] = current
    results = byDay.keys.sorted().compactMap { byDay[$0] }
    districts = results.map { result in Dictionary(result.districtRows.map { ($0.district, $0) }, uniquingKeysWith: { a, _ in a }) }
  }

  /// True when there is more than the current result.
  var isHistory: Bool { results.count > 1 }

  /// The district's (or, for nil, the city's) row on each day it appears.
  func rows(district: String?) -> [(day: Day, row: TrackingRow)] {
    results.indices.compactMap { index in
      guard let district else { return (results[index].asOf, results[index].total) }
      return districts[index][district].map { (results[index].asOf, $0) }
    }
  }

  /// The rate's points over time (days where the rate is defined).
  func points(district: String?, rate: TrackedRate) -> [(day: Day, rate: Double)] {
    rows(district: district).compactMap { entry in entry.row.rate(rate).map { (entry.day, $0) } }
  }
}
