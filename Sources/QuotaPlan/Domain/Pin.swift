/// A county's pin: a school's or school-grade's quota fixed, or bounded, with the reason why.
public struct Pin: Sendable, Codable, Equatable {
  public var school: String
  /// The pinned grade, or nil for the whole school.
  public var grade: Int?
  public var exactly: Int?
  public var atLeast: Int?
  public var atMost: Int?
  public var note: String
  /// 1-based row in the pins file, for messages.
  public var sourceRow: Int

  public init(school: String, grade: Int? = nil, exactly: Int? = nil, atLeast: Int? = nil, atMost: Int? = nil, note: String = "", sourceRow: Int = 0) {
    self.school = school
    self.grade = grade
    self.exactly = exactly
    self.atLeast = atLeast
    self.atMost = atMost
    self.note = note
    self.sourceRow = sourceRow
  }

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
