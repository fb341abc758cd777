import Foundation
import QuotaPlan

/// Small scenarios built in code, with the notice's policy as the base.
enum Fixture {
  /// `url`'s UTF-8 text converted with the system's iconv (Debian's libc-bin), as Excel on
  /// Chinese Windows would save it.
  static func iconv(_ url: URL, to encoding: String) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
    process.arguments = ["-f", "UTF-8", "-t", encoding, url.path]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return data
  }

  /// A school with grades given as (grade, classes, students, members).
  static func school(
    _ name: String, district: String = "甲区", category: String = "junior_high", isPrivate: Bool = false,
    isRural: Bool = false, lastYear: Int = 0, _ grades: [(Int, Int, Int, Int)]
  ) -> School {
    School(
      district: district, name: name, category: category, isPrivate: isPrivate, isRural: isRural,
      lastYearQuota: lastYear,
      grades: grades.map { GradeRecord(grade: $0.0, classes: $0.1, students: $0.2, members: $0.3) })
  }

  /// A policy with only the named notice categories, each with the given total.
  static func policy(
    _ totals: [(String, Int?)], total: Int? = nil, goals: [Goal] = [.closedDoor, .coverage, .balance],
    edit: (inout [CategoryPolicy]) -> Void = { _ in }
  ) -> Policy {
    var policy = Policy.notice
    policy.name = "fixture"
    policy.districts = ["甲区", "乙区"]
    var categories = totals.compactMap { id, total -> CategoryPolicy? in
      guard var category = Policy.notice.category(id) else { return nil }
      category.total = total
      return category
    }
    edit(&categories)
    policy.categories = categories
    policy.total = total ?? totals.compactMap(\.1).reduce(0, +)
    policy.goalOrder = goals
    policy.language = .en
    return policy
  }

  static func scenario(_ policy: Policy, _ schools: [School], social: [SocialUnit] = []) -> Scenario {
    Scenario(policy: policy, schools: schools, socialUnits: social)
  }

  /// The real Yangzhou scenario shipped in scenarios/.
  static var yangzhouPath: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("scenarios/yangzhou-2022").path
  }
}

extension Plan {
  /// Quota of one school-grade.
  func quota(_ school: String, _ grade: Int) -> Int {
    schoolPlans.first { $0.school.name == school }?.quota(grade: grade) ?? -1
  }

  /// Quota of one school.
  func quota(_ school: String) -> Int {
    schoolPlans.first { $0.school.name == school }?.quota ?? -1
  }

  func reason(_ school: String, _ grade: Int) -> Reason? {
    schoolPlans.first { $0.school.name == school }?.grades.first { $0.record.grade == grade }?.reason
  }
}

/// A small deterministic generator (tests must not depend on the system's randomness).
struct LCG {
  var state: UInt64
  init(seed: UInt64) { state = seed &* 6364136223846793005 &+ 1442695040888963407 }
  mutating func next() -> UInt64 {
    state = state &* 6364136223846793005 &+ 1442695040888963407
    return state >> 33
  }
  mutating func int(_ range: ClosedRange<Int>) -> Int {
    range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
  }
}
