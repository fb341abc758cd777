import Foundation
import QuotaPlan

/// What a county committee sees of a published city plan: the city totals per category and its
/// own district in full, nothing of another district's schools or social units.
///
/// - `GET /api/versions/{id}/plan`: plan.json with the city's `categories` (totals), and only
///   the county's own `allocation` rows, `schools` and `social` units; `sensitivity` (which
///   names the units at the margin of each category, city-wide) is left empty.
/// - `GET /api/versions/{id}`: the data differences and notes are those of its own district.
/// - `GET /api/versions/{id}/explain`: its own schools and units only (another district's answer
///   404, as a name that does not exist); the names of other districts' units the text compares
///   with are replaced by "another district's unit".
/// - `GET /api/compare`: the city and category rows and its own district's rows; changes of its
///   own units only.
/// - `GET /api/versions/{id}/files/{name}` and `/nearest`: 404 (whole-city files).
///
/// As a last guard every narrowed text goes through `scrub`, which replaces any remaining name
/// of another district's school or unit.
struct CountyView: Sendable {
  /// The county's district.
  let district: String
  /// Names of schools and social units of other districts that are not also names in the own
  /// district, longest first (so a longer name is replaced before a name inside it).
  let foreignNames: [String]
  /// The own district's names, protected from `scrub`.
  let ownNames: [String]

  /// The view of `user` over a plan's units, or nil when the user is not a county account
  /// (every other reader sees the whole city).
  static func of(_ user: User, schools: [School], social: [SocialUnit]) -> CountyView? {
    guard user.role == .county, let district = user.district else { return nil }
    var own = Set<String>()
    var foreign = Set<String>()
    for school in schools { if school.district == district { own.insert(school.name) } else { foreign.insert(school.name) } }
    for unit in social { if unit.district == district { own.insert(unit.name) } else { foreign.insert(unit.name) } }
    foreign.subtract(own)
    let longestFirst: (String, String) -> Bool = { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
    return CountyView(district: district, foreignNames: foreign.filter { !$0.isEmpty }.sorted(by: longestFirst), ownNames: own.sorted(by: longestFirst))
  }

  static func of(_ user: User, plan: Plan) -> CountyView? {
    of(user, schools: plan.schoolPlans.map(\.school), social: plan.socialPlans.map(\.unit))
  }

  /// The words put where another district's unit was named.
  static func placeholder(_ zh: Bool) -> String { zh ? "（其他区县的单位）" : "(a unit of another district)" }

  /// `text` with every name of another district's unit replaced by `placeholder`; the own
  /// district's names stay whole even when a foreign name is part of one.
  func scrub(_ text: String, zh: Bool = true) -> String {
    guard foreignNames.contains(where: { text.contains($0) }) else { return text }
    var result = text
    var protected: [(String, String)] = []
    for (index, name) in ownNames.enumerated() where result.contains(name) {
      let token = "\u{E000}\(index)\u{E001}"
      protected.append((token, name))
      result = result.replacingOccurrences(of: name, with: token)
    }
    for name in foreignNames where result.contains(name) {
      result = result.replacingOccurrences(of: name, with: Self.placeholder(zh))
    }
    for (token, name) in protected.reversed() { result = result.replacingOccurrences(of: token, with: name) }
    return result
  }

  /// plan.json narrowed to the city's totals and the own district (see the type's comment),
  /// with sorted keys: the same plan gives the same bytes.
  func planJSON(_ data: Data) throws -> Data {
    guard var object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { return Data("{}".utf8) }
    for key in ["allocation", "schools", "social"] {
      let rows = object[key] as? [[String: Any]] ?? []
      object[key] = rows.filter { $0["district"] as? String == district }
    }
    object["sensitivity"] = [Any]()
    object["county_view"] = district
    let narrowed = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
    return Data(scrub(String(decoding: narrowed, as: UTF8.self)).utf8) + Data("\n".utf8)
  }

  /// A comparison narrowed to the city and category rows and the own district's rows, and the
  /// changes of the own district's units.
  func comparison(_ comparison: Comparison) -> Comparison {
    var narrowed = comparison
    narrowed.rows = comparison.rows.filter { row in
      switch row.level {
      case .city, .category: return true
      case .district, .cell: return row.district == district
      }
    }
    narrowed.changes = comparison.changes.filter { $0.unit.hasPrefix("\(district) ") }
    return narrowed
  }

  /// Only the units of the own district, for data differences and counts.
  func schools(_ schools: [School]) -> [School] { schools.filter { $0.district == district } }
  func social(_ units: [SocialUnit]) -> [SocialUnit] { units.filter { $0.district == district } }
}
