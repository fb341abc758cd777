import Foundation
import Testing
@testable import QuotaPlan

/// Each problem code, planted alone in an otherwise clean register, is found alone.
@Suite struct TrackProblemTests {
  typealias Row = TrackFixture.Row

  /// The clean register of the fixture has no finding; every plant below starts from it.
  @Test func cleanRegisterHasNoProblems() throws {
    let result = try TrackFixture.track(TrackFixture.cleanRows())
    #expect(result.problems.isEmpty, "\(result.problems.map(\.en))")
    #expect(result.records == 10)
  }

  /// Plants one problem with `edit` and returns the codes found.
  func codes(_ edit: (inout [Row]) -> Void, subRanges: Bool = false) throws -> [TrackingProblem] {
    var rows = TrackFixture.cleanRows()
    edit(&rows)
    return try TrackFixture.track(rows, subRanges: subRanges).problems
  }

  static func extra(_ unit: String, _ number: Int, sequence: Int, district: String = "甲区") -> Row {
    var row = Row()
    row.unit = unit
    row.district = district
    row.number = TrackFixture.number(number)
    row.id = TrackFixture.id(birth: "20070101", sequence: sequence)
    return row
  }

  @Test func borrowed() throws {
    // 一中 (甲区 初中) uses 202200000019, a number of 乙区 初中 that nobody else uses.
    let found = try codes { $0[0].number = TrackFixture.number(19) }
    #expect(found.map(\.code) == [.borrowed])
    #expect(found.first?.row == 2)
    #expect(found.first?.en.contains("乙区") == true)
  }

  @Test func borrowedAcrossCategories() throws {
    // 一中 (初中) uses 202200000013, a number of 甲区 社会领域.
    let found = try codes { $0[0].number = TrackFixture.number(13) }
    #expect(found.map(\.code) == [.borrowed])
  }

  @Test func outsideBlock() throws {
    let found = try codes { $0[0].number = TrackFixture.number(500) }
    #expect(found.map(\.code) == [.outsideBlock])
  }

  @Test(arguments: ["20220000001", "202100000001", "2.022E+11", ""])
  func badNumber(_ number: String) throws {
    let found = try codes { $0[0].number = number }
    #expect(found.map(\.code) == [.badNumber])
  }

  @Test func duplicateNumberNamesEveryRecord() throws {
    let found = try codes { $0.append(Self.extra("一中", 2, sequence: 900)) }
    #expect(found.map(\.code) == [.duplicateNumber])
    // The number is on register rows 3 (the clean record) and 12 (the plant).
    #expect(found.first?.en.contains("row 3, row 12") == true)
  }

  @Test func duplicatePerson() throws {
    let found = try codes { rows in
      var copy = Self.extra("一中", 4, sequence: 0)
      copy.id = rows[0].id
      rows.append(copy)
    }
    #expect(found.map(\.code) == [.duplicatePerson])
    #expect(found.first?.maskedID == "990101********" + String(TrackFixture.cleanRows()[0].id.suffix(4)))
  }

  @Test func invalidChecksum() throws {
    let found = try codes { rows in
      let id = rows[0].id
      rows[0].id = String(id.dropLast()) + (id.last == "1" ? "2" : "1")
    }
    #expect(found.map(\.code) == [.invalidID])
  }

  @Test func impossibleBirthDate() throws {
    // 2007-02-30 does not exist; the check digit is right for the digits as written.
    let found = try codes { $0[0].id = TrackFixture.id(birth: "20070230", sequence: 5) }
    #expect(found.map(\.code) == [.invalidID])
  }

  @Test func underAge() throws {
    // Born 2008-03-02, joined 2022-03-01: 13 years old, one day short of 14.
    let found = try codes { $0[0].id = TrackFixture.id(birth: "20080302", sequence: 5) }
    #expect(found.map(\.code) == [.underAge])
  }

  @Test func fourteenOnTheDayIsOldEnough() throws {
    let found = try codes { $0[0].id = TrackFixture.id(birth: "20080301", sequence: 5) }
    #expect(found.isEmpty)
  }

  @Test func overAge() throws {
    // Born 1994-03-01, joined 2022-03-01: 28 on the day.
    let found = try codes { $0[0].id = TrackFixture.id(birth: "19940301", sequence: 5) }
    #expect(found.map(\.code) == [.overAge])
  }

  @Test func lateUpload() throws {
    // Joined 03-01, uploaded 04-01: 31 days.
    let found = try codes { $0[0].uploaded = "2022-04-01" }
    #expect(found.map(\.code) == [.lateUpload])
    let onTime = try codes { $0[0].uploaded = "2022-03-31" }
    #expect(onTime.isEmpty)
  }

  @Test func notUploadedAfterThirtyDays() throws {
    let found = try codes { rows in
      rows[0].uploaded = ""
      rows[0].status = "尚未认证"
    }
    #expect(found.map(\.code) == [.lateUpload])
  }

  @Test func notCertifiedRefused() throws {
    let found = try codes { $0[0].status = "认证不通过" }
    #expect(found.map(\.code) == [.notCertified])
  }

  @Test func notCertifiedThirtyDaysAfterUpload() throws {
    // Uploaded 2022-03-10, still 尚未认证 on 2022-06-30.
    let found = try codes { $0[0].status = "尚未认证" }
    #expect(found.map(\.code) == [.notCertified])
    // Uploaded 2022-06-01, joined 05-20: 29 days before the as-of date, not yet due.
    let recent = try codes { rows in
      rows[0].joined = "2022-05-20"
      rows[0].entered = "2022-05-21"
      rows[0].uploaded = "2022-06-01"
      rows[0].status = "尚未认证"
    }
    #expect(recent.isEmpty)
  }

  @Test func overQuotaOfASchool() throws {
    // 二中 has quota 4 and 2 records; 3 more (free numbers of 甲区 初中) make 5. 甲区 初中 stays at 8 of 10.
    let found = try codes { rows in
      rows += [Self.extra("二中", 9, sequence: 901), Self.extra("二中", 10, sequence: 902), Self.extra("二中", 4, sequence: 903)]
    }
    #expect(found.map(\.code) == [.overQuota])
    #expect(found.first?.unit == "二中")
  }

  @Test func overQuotaOfADistrictCategory() throws {
    // 甲区 初中 has quota 10 (一中 6 + 二中 4); 11 records cannot fit, so a school is over too.
    let found = try codes { rows in
      rows += [
        Self.extra("一中", 4, sequence: 901), Self.extra("一中", 5, sequence: 902), Self.extra("一中", 6, sequence: 903),
        Self.extra("二中", 9, sequence: 904), Self.extra("二中", 10, sequence: 905), Self.extra("一中", 19, sequence: 906),
      ]
    }
    // 一中: 7 records (quota 6), 甲区 初中: 11 (quota 10); the last one is also borrowed.
    #expect(found.map(\.code).sorted { $0.rawValue < $1.rawValue } == [.borrowed, .overQuota, .overQuota])
  }

  @Test func unknownUnit() throws {
    let found = try codes { $0[0].unit = "不存在中学" }
    #expect(found.map(\.code) == [.unknownUnit])
  }

  @Test func unknownDistrict() throws {
    let found = try codes { $0[0].district = "丙区" }
    #expect(found.map(\.code) == [.unknownUnit])
  }

  @Test(arguments: ["初一", "1"])
  func ineligibleGrade(_ grade: String) throws {
    let found = try codes { $0[0].grade = grade }
    #expect(found.map(\.code) == [.ineligibleGrade])
  }

  @Test func anotherSchoolsSubRangeIsNotBorrowed() throws {
    // With sub-ranges, 一中 using 二中's 202200000009 is no finding, but 一中's use_rate loses it.
    var rows = TrackFixture.cleanRows()
    rows[0].number = TrackFixture.number(9)
    let result = try TrackFixture.track(rows, subRanges: true)
    #expect(result.problems.isEmpty)
    let first = try #require(result.schoolRows?.first { $0.unit == "一中" })
    #expect(first.entered == 3)
    #expect(first.inRange == 2)
  }

  @Test func everyCodeHasSentencesInBothLanguages() {
    for code in TrackingProblem.Code.allCases {
      #expect(!code.title(.zh).isEmpty && code.title(.zh) != code.rawValue)
    }
    #expect(TrackingProblem.Code.allCases.count == 13)
  }
}
