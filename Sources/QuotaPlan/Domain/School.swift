/// One grade of one school: the unit that receives a quota.
public struct GradeRecord: Sendable, Equatable, Codable {
  /// Grade number inside the category (1 = first year).
  public var grade: Int
  public var classes: Int
  public var students: Int
  /// League members in the grade now, before this year's development.
  public var members: Int
  /// 1-based data row in the schools file, for error messages and explanations.
  public var sourceRow: Int

  public init(grade: Int, classes: Int, students: Int, members: Int, sourceRow: Int = 0) {
    self.grade = grade
    self.classes = classes
    self.students = students
    self.members = members
    self.sourceRow = sourceRow
  }
}

/// A school with its grades, in one district and one category.
public struct School: Sendable, Equatable, Codable {
  public var district: String
  public var name: String
  /// Category id (see `CategoryPolicy.id`).
  public var category: String
  public var isPrivate: Bool
  public var isRural: Bool
  /// The school's quota last year (used by the previous-year floor, R10).
  public var lastYearQuota: Int
  /// Grades in ascending order.
  public var grades: [GradeRecord]

  public init(
    district: String, name: String, category: String, isPrivate: Bool = false,
    isRural: Bool = false, lastYearQuota: Int = 0, grades: [GradeRecord]
  ) {
    self.district = district
    self.name = name
    self.category = category
    self.isPrivate = isPrivate
    self.isRural = isRural
    self.lastYearQuota = lastYearQuota
    self.grades = grades.sorted { $0.grade < $1.grade }
  }

  public var students: Int { grades.reduce(0) { $0 + $1.students } }
  public var members: Int { grades.reduce(0) { $0 + $1.members } }

  /// The record of one grade, if the school has it.
  public func record(_ grade: Int) -> GradeRecord? { grades.first { $0.grade == grade } }
}
