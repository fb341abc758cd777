/// A county's pin: a school's or school-grade's quota fixed, or bounded, with the reason why.
public struct Pin: Sendable, Codable, Equatable {
  public var school: String
  /// The school's district (a refinement is one district's, so it is usually nil) and its
  /// category, when the same name is a school in two categories.
  public var district: String?
  public var category: String?
  /// The pinned grade, or nil for the whole school.
  public var grade: Int?
  public var exactly: Int?
  public var atLeast: Int?
  public var atMost: Int?
  public var note: String
  /// 1-based row in the pins file, for messages.
  public var sourceRow: Int

  public init(
    school: String, district: String? = nil, category: String? = nil, grade: Int? = nil, exactly: Int? = nil, atLeast: Int? = nil,
    atMost: Int? = nil, note: String = "", sourceRow: Int = 0
  ) {
    self.school = school
    self.district = district
    self.category = category
    self.grade = grade
    self.exactly = exactly
    self.atLeast = atLeast
    self.atMost = atMost
    self.note = note
    self.sourceRow = sourceRow
  }

  /// True when the pin is on `school`.
  public func matches(_ school: School) -> Bool { school.matches(name: self.school, district: district, category: category) }

  /// The least the pinned unit may receive.
  public var lower: Int { exactly ?? atLeast ?? 0 }
  /// The most it may receive, if bounded.
  public var upper: Int? { exactly ?? atMost }

  /// "扬州市xx中学 2年级" / "school grade 2".
  public func unit(_ language: Language) -> String {
    guard let grade else { return school }
    return language == .zh ? "\(school) \(grade)年级" : "\(school) grade \(grade)"
  }

  /// "= 12", "≥ 5", "≤ 8", "5–8".
  public var bounds: String {
    if let exactly { return "= \(exactly)" }
    switch (atLeast, atMost) {
    case (let low?, let high?): return "\(low)–\(high)"
    case (let low?, nil): return "≥ \(low)"
    case (nil, let high?): return "≤ \(high)"
    default: return "any"
    }
  }
}
