/// A social-sector unit (village, community, enterprise, organisation) that receives a quota.
public struct SocialUnit: Sendable, Equatable, Codable {
  /// What kind of unit this is; villages can receive the youth-outflow boost (R11).
  public enum Kind: String, Sendable, Codable, CaseIterable {
    case village, community, enterprise, organisation

    /// The type as planners name it: 村, 社区, 企业, 社会组织; village, community….
    public func label(_ language: Language) -> String {
      switch (self, language) {
      case (.village, .zh): return "村"
      case (.community, .zh): return "社区"
      case (.enterprise, .zh): return "企业"
      case (.organisation, .zh): return "社会组织"
      case (.village, .en): return "village"
      case (.community, .en): return "community"
      case (.enterprise, .en): return "enterprise"
      case (.organisation, .en): return "organisation"
      }
    }
  }

  public var district: String
  public var name: String
  public var kind: Kind
  /// League members at the end of last year.
  public var members: Int
  /// Young people living in the unit.
  public var residentYouth: Int
  /// Young people registered (户籍) in the unit.
  public var registeredYouth: Int
  /// Number of League organisations in the unit.
  public var organisations: Int
  public var sourceRow: Int

  public init(
    district: String, name: String, kind: Kind, members: Int, residentYouth: Int,
    registeredYouth: Int, organisations: Int, sourceRow: Int = 0
  ) {
    self.district = district
    self.name = name
    self.kind = kind
    self.members = members
    self.residentYouth = residentYouth
    self.registeredYouth = registeredYouth
    self.organisations = organisations
    self.sourceRow = sourceRow
  }
}
