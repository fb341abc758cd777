/// What a workspace account may do; the access table (`Endpoints`) says which routes each role
/// reaches.
public enum Role: String, Sendable, Codable, CaseIterable {
  /// 团市委: scenarios, plans, publishing, accounts.
  case city
  /// 县级团委, bound to one district: its part of published plans.
  case county
  /// Reviews published plans.
  case reviewer
  /// Accounts only.
  case admin

  /// The role's name for planners.
  public func label(_ language: PageLanguage) -> String {
    switch (self, language) {
    case (.city, .zh): return "团市委"
    case (.county, .zh): return "县级团委"
    case (.reviewer, .zh): return "审核人"
    case (.admin, .zh): return "管理员"
    case (.city, .en): return "city committee"
    case (.county, .en): return "county committee"
    case (.reviewer, .en): return "reviewer"
    case (.admin, .en): return "administrator"
    }
  }
}

/// The language of the page and of API messages: Chinese unless the request asks for English.
public enum PageLanguage: String, Sendable, Codable {
  case zh, en
}
