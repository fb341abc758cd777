import Foundation

/// Synthetic scenarios at the scale of a city, a province or the nation, with the magnitudes of
/// the Yangzhou data (class sizes 40–50, member ratios of 2022, some schools above their caps),
/// for benchmarks. The same preset and seed always give the same bytes.
public enum Generator {
  public enum Preset: String, Sendable, CaseIterable {
    case city, province, nation

    /// Schools per category and social units, and the number of districts.
    var counts: (junior: Int, senior: Int, vocational: Int, fiveYear: Int, higher: Int, social: Int, districts: Int) {
      switch self {
      case .city: return (120, 35, 14, 4, 5, 100, 10)
      case .province: return (3_370, 980, 390, 110, 140, 2_800, 104)
      case .nation: return (52_500, 15_000, 7_200, 400, 1_500, 40_000, 3_224)
      }
    }
  }

  /// A deterministic generator (splitmix64).
  struct Random {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    mutating func ratio(_ low: Double, _ high: Double) -> Double { low + (high - low) * Double(next() % 1_000_000) / 1_000_000 }
  }

  /// The scenario's files: scenario.yaml, schools.csv, social.csv. `schools` rescales the
  /// preset (every category, the social units and the districts in proportion) to about that
  /// many schools, for scaling curves.
  public static func files(_ preset: Preset, seed: UInt64, schools wanted: Int? = nil) throws -> [(name: String, data: Data)] {
    var random = Random(state: seed)
    var counts = preset.counts
    if let wanted {
      let base = counts.junior + counts.senior + counts.vocational + counts.fiveYear + counts.higher
      let factor = Double(max(1, wanted)) / Double(base)
      func scaled(_ count: Int) -> Int { max(1, Int((Double(count) * factor).rounded())) }
      counts = (
        scaled(counts.junior), scaled(counts.senior), scaled(counts.vocational), scaled(counts.fiveYear), scaled(counts.higher),
        scaled(counts.social), scaled(counts.districts)
      )
    }
    let districts = (1...counts.districts).map { String(format: "区县%04d", $0) }
    var schools = CSVDocument(header: ["district", "school", "category", "grade", "classes", "students", "members", "private", "rural", "last_year_quota"])
    var built: [School] = []
    func add(_ category: String, count: Int, grades: Int, classes: ClosedRange<Int>, ratios: (Int) -> (Double, Double), lastYear: ClosedRange<Int>? = nil) {
      for index in 0..<count {
        let district = districts[index % districts.count]
        let name = "\(district)\(category)\(index + 1)"
        let isRural = random.int(0...3) == 0, isPrivate = random.int(0...14) == 0
        let last = lastYear.map { random.int($0) } ?? 0
        let hot = random.int(0...30) == 0  // a school already above its caps
        var records: [GradeRecord] = []
        for grade in 1...grades {
          let size = random.int(classes)
          let students = size * random.int(40...50)
          let (low, high) = ratios(grade)
          let ratio = hot ? min(0.6, high * 1.8) : random.ratio(low, high)
          let members = min(students, Int(Double(students) * ratio))
          records.append(GradeRecord(grade: grade, classes: size, students: students, members: members))
          schools.rows.append([district, name, category, String(grade), String(size), String(students), String(members), isPrivate ? "yes" : "no", isRural ? "yes" : "no", String(last)])
        }
        built.append(School(district: district, name: name, category: category, isPrivate: isPrivate, isRural: isRural, lastYearQuota: last, grades: records))
      }
    }
    add("junior_high", count: counts.junior, grades: 3, classes: 3...12) { [0: (0, 0), 1: (0, 0), 2: (0, 0.01), 3: (0.028, 0.058)][$0] ?? (0, 0) }
    add("senior_high", count: counts.senior, grades: 3, classes: 8...20) { [1: (0.19, 0.28), 2: (0.22, 0.30), 3: (0.30, 0.39)][$0] ?? (0, 0) }
    add("secondary_vocational", count: counts.vocational, grades: 3, classes: 6...16) { [1: (0.02, 0.04), 2: (0.08, 0.10), 3: (0.12, 0.20)][$0] ?? (0, 0) }
    add("five_year_higher_vocational", count: counts.fiveYear, grades: 5, classes: 6...8) { $0 == 1 ? (0.03, 0.04) : ($0 == 2 ? (0.10, 0.11) : (0.18, 0.22)) }
    add("higher_vocational", count: counts.higher, grades: 3, classes: 40...120, ratios: { _ in (0.25, 0.45) }, lastYear: 250...700)

    var social = CSVDocument(header: ["district", "unit", "type", "members", "resident_youth", "registered_youth", "organisations"])
    let kinds = ["village", "community", "enterprise", "organisation"]
    for index in 0..<counts.social {
      let kind = kinds[random.int(0...3)]
      let registered = random.int(200...2_000)
      let resident = kind == "village" && random.int(0...9) == 0 ? registered * random.int(25...45) / 100 : registered * random.int(60...100) / 100
      social.rows.append([
        districts[index % districts.count], "\(districts[index % districts.count])社会\(index + 1)", kind,
        String(random.int(5...80)), String(resident), String(registered), String(random.int(1...12)),
      ])
    }

    // Totals the caps can hold: half of each capped category's room, 10 % above the colleges'
    // floors, three per social unit.
    var totals: [String: Int] = [:]
    for category in Policy.notice.categories where category.kind == .school {
      let mine = built.filter { $0.category == category.id }
      if category.id == "higher_vocational" {
        let floors = mine.reduce(0) { $0 + PreviousYearFloor.floor($1, category) }
        totals[category.id] = floors + floors / 10
      } else {
        totals[category.id] = mine.reduce(0) { $0 + min(SchoolCapacity($1, category, rules: RuleSet()).schoolRoom, 10_000) } / 2
      }
    }
    totals["social"] = counts.social * 3
    let order = Policy.notice.categories.map(\.id)
    let yaml = """
      # Synthetic \(preset.rawValue)-scale scenario (quotaplan generate --preset \(preset.rawValue) --seed \(seed)\(wanted.map { " --schools \($0)" } ?? "")).
      name: synthetic-\(preset.rawValue)-\(seed)\(wanted.map { "-\($0)" } ?? "")
      title: 合成数据（\(preset.rawValue)）
      total: \(order.reduce(0) { $0 + (totals[$1] ?? 0) })
      districts: [\(districts.joined(separator: ", "))]
      categories:
      \(order.map { "  - {id: \($0), total: \(totals[$0] ?? 0)}" }.joined(separator: "\n"))

      """
    return [("scenario.yaml", Data(yaml.utf8)), ("schools.csv", try schools.data()), ("social.csv", try social.data())]
  }
}
