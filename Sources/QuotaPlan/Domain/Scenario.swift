/// A scenario: its policy and the data it names, loaded and validated.
public struct Scenario: Sendable, Codable, Equatable {
  public var policy: Policy
  /// Schools sorted by district order, category order, then name.
  public var schools: [School]
  /// Social-sector units sorted by district order, then name.
  public var socialUnits: [SocialUnit]
  /// Notes for the planner from loading the data files, one line each, e.g. the columns that
  /// were not read (“schools.csv: the column “备注” is not used by quotaplan and was ignored.”);
  /// nil when there is nothing to say.
  public var inputNotes: [String]? = nil

  public init(policy: Policy, schools: [School], socialUnits: [SocialUnit]) {
    self.policy = policy
    let districtRank = Dictionary(uniqueKeysWithValues: policy.districts.enumerated().map { ($1, $0) })
    let categoryRank = Dictionary(uniqueKeysWithValues: policy.categories.enumerated().map { ($1.id, $0) })
    self.schools = schools.sorted {
      (districtRank[$0.district] ?? .max, categoryRank[$0.category] ?? .max, $0.name)
        < (districtRank[$1.district] ?? .max, categoryRank[$1.category] ?? .max, $1.name)
    }
    self.socialUnits = socialUnits.sorted {
      (districtRank[$0.district] ?? .max, $0.name) < (districtRank[$1.district] ?? .max, $1.name)
    }
  }

  public var name: String { policy.name }
}
