import Foundation

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

  /// What identifies a school: its district and name, and its category where one school
  /// appears in several (many counties have a 第一中学). Names are compared as loaded
  /// (the tables normalise them: NFKC, no zero-width characters or surrounding spaces).
  public struct ID: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var district: String
    public var name: String
    public var category: String

    public init(district: String, name: String, category: String) {
      self.district = district
      self.name = name
      self.category = category
    }

    public static func < (a: ID, b: ID) -> Bool { (a.district, a.name, a.category) < (b.district, b.name, b.category) }

    public var description: String { "\(district) \(name) (\(category))" }
  }

  public var id: ID { ID(district: district, name: name, category: category) }

  /// True when the school answers to `name`, and to `district` and `category` when given.
  public func matches(name: String, district: String? = nil, category: String? = nil) -> Bool {
    School.normalized(self.name) == School.normalized(name)
      && (district.map { School.normalized(self.district) == School.normalized($0) } ?? true)
      && (category.map { self.category == $0 } ?? true)
  }

  /// A name as typed on a command line or in a patch, compared exactly as the tables compare
  /// names (`NameText.key`: NFKC, without zero-width characters, BOMs or surrounding spaces).
  public static func normalized(_ text: String) -> String { NameText.key(text) }

  /// The school as a planner names it where the name alone could be ambiguous: "宝应县 第一中学".
  public func label(ambiguous: Set<String>) -> String { ambiguous.contains(name) ? "\(district) \(name)" : name }

  /// Names that more than one school of `schools` carries.
  public static func ambiguousNames(_ schools: [School]) -> Set<String> {
    var seen: [String: Int] = [:]
    for school in schools { seen[school.name, default: 0] += 1 }
    return Set(seen.filter { $0.value > 1 }.keys)
  }

  /// The record of one grade, if the school has it.
  public func record(_ grade: Int) -> GradeRecord? { grades.first { $0.grade == grade } }
}

/// Labels schools for sentences: the name, with the district in front where several schools
/// carry it. The names are counted on first use only: a plan's checks label a school only when
/// it breaks a rule or misses a goal, and counting a province's names on every check cost more
/// than the checks.
public struct SchoolLabels {
  private var ambiguous: Set<String>?
  private let count: () -> Set<String>

  public init(_ schools: @escaping @autoclosure () -> [School]) {
    count = { School.ambiguousNames(schools()) }
  }

  /// `school` as a sentence names it.
  public mutating func label(_ school: School) -> String {
    let names = ambiguous ?? count()
    ambiguous = names
    return school.label(ambiguous: names)
  }
}
