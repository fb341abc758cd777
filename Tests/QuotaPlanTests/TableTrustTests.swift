import Foundation
@testable import QuotaPlan
import Testing

/// Issue #11: the tables are read as the planner meant them or refused with every problem at
/// once; names are compared after NFKC; a school is its district, name and category.
@Suite("Trusting the tables")
struct TableTrustTests {
  /// A folder with `schools` (and optionally `social`) written as files, and its URL.
  func folder(schools: String, social: String? = nil) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quotaplan-tables-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try Data(schools.utf8).write(to: folder.appendingPathComponent("schools.csv"))
    if let social { try Data(social.utf8).write(to: folder.appendingPathComponent("social.csv")) }
    return folder
  }

  func readSchools(_ text: String, policy: Policy = Fixture.policy([("junior_high", 10), ("senior_high", 10)]), limits: InputLimits = InputLimits()) throws -> (schools: [School], notes: [String]) {
    let folder = try folder(schools: text)
    defer { try? FileManager.default.removeItem(at: folder) }
    return try SchoolTable.read(url: folder.appendingPathComponent("schools.csv"), file: "schools.csv", policy: policy, limits: limits)
  }

  func schoolsError(_ text: String, limits: InputLimits = InputLimits()) -> InputError? {
    do {
      _ = try readSchools(text, limits: limits)
      return nil
    } catch {
      return error as? InputError
    }
  }

  static let header = "district,school,category,grade,classes,students,members\n"

  // MARK: - Identity

  @Test("the same name in two districts is two schools, and one district+name in two categories is two schools")
  func identity() throws {
    let (schools, _) = try readSchools(
      Self.header + """
        甲区,第一中学,初中,初二,4,160,3
        乙区,第一中学,初中,初二,4,150,2
        甲区,第一中学,普通高中,高一,4,160,30
        甲区,第一中学,初中,初三,4,160,10

        """)
    #expect(schools.count == 3)
    let junior = schools.filter { $0.category == "junior_high" }
    #expect(junior.map(\.district).sorted() == ["乙区", "甲区"])
    #expect(junior.first { $0.district == "甲区" }?.grades.map(\.grade) == [2, 3])
    #expect(schools.first { $0.category == "senior_high" }?.district == "甲区")
  }

  @Test("private and rural flags hold per school across its categories")
  func flagsPerInstitution() throws {
    let error = schoolsError(
      "district,school,category,grade,classes,students,members,private\n甲区,第一中学,初中,2,4,160,3,是\n甲区,第一中学,普通高中,1,4,160,30,否\n")
    #expect(error?.row == 3)
    #expect(error?.column == "private")
    #expect(error?.message.contains("row 2") == true)
  }

  @Test("a full-width name and its half-width name are one school, shown as first written")
  func nfkcNames() throws {
    let (schools, _) = try readSchools(Self.header + "甲区,Ｎｏ．１中学,初中,2,4,160,3\n甲区,No.1中学,初中,3,4,160,3\n")
    #expect(schools.count == 1)
    #expect(schools.first?.name == "Ｎｏ．１中学")
    #expect(schools.first?.grades.count == 2)
  }

  @Test("social units: the same name in two districts is two units")
  func socialIdentity() throws {
    let folder = try folder(schools: "", social: TinyScenario.socialHeader + "甲区,新村,village,10,200,300,1\n乙区,新村,village,12,300,280,2\n")
    defer { try? FileManager.default.removeItem(at: folder) }
    let (units, _) = try SocialTable.read(url: folder.appendingPathComponent("social.csv"), file: "social.csv", policy: Fixture.policy([("social", 2)]))
    #expect(units.map(\.district) == ["甲区", "乙区"])
  }

  // MARK: - Grades and categories

  @Test("a grade's prefix must fit the row's category; plain numbers fit every category")
  func gradeAgainstCategory() throws {
    let notice = Policy.notice
    let senior = try #require(notice.category("senior_high"))
    let junior = try #require(notice.category("junior_high"))
    let vocational = try #require(notice.category("secondary_vocational"))
    func refused(_ text: String, _ category: CategoryPolicy) -> String? {
      if case .failure(let problem) = GradeName.parse(text, category: category) { return problem.message }
      return nil
    }
    #expect(refused("初三", senior)?.contains("初中") == true)
    #expect(refused("高一", junior)?.contains("普通高中") == true)
    #expect(refused("中职一年级", senior) != nil)
    #expect(try GradeName.parse("中职一年级", category: vocational).get() == 1)
    #expect(try GradeName.parse("高二", category: senior).get() == 2)
    #expect(try GradeName.parse("初三", category: junior).get() == 3)
    for category in notice.categories where category.kind == .school {
      for text in ["2", "二年级", "grade 2", "Grade 2", "２"] {
        #expect(try GradeName.parse(text, category: category).get() == 2, "\(text) on \(category.name)")
      }
    }
  }

  @Test("初三 on a 普通高中 row is refused naming the row and column")
  func juniorGradeOnSeniorRow() throws {
    let error = try #require(schoolsError(Self.header + "甲区,甲中学,普通高中,初三,4,160,30\n"))
    #expect(error.description == "schools.csv, row 2, column grade: “初三” is a grade of 初中, but the row's category is 普通高中; correct the grade or the category.")
  }

  // MARK: - Bounds

  @Test("students per grade and per class are bounded by settable limits")
  func plausibleCounts() throws {
    #expect(schoolsError(Self.header + "甲区,甲中学,初中,2,400,44805,2\n")?.message.contains("max_students_per_grade") == true)
    #expect(schoolsError(Self.header + "甲区,甲中学,初中,2,2,400,2\n")?.message.contains("max_students_per_class") == true)
    // Raised limits accept them.
    let limits = InputLimits(maxStudentsPerClass: 250, maxStudentsPerGrade: 50_000)
    #expect(schoolsError(Self.header + "甲区,甲中学,初中,2,400,44805,2\n甲区,乙中学,初中,2,2,400,2\n", limits: limits) == nil)
  }

  @Test("a name longer than limits.max_name_length is refused; one at the limit is read")
  func nameLength() throws {
    let limits = InputLimits(maxNameLength: 10)
    #expect(schoolsError(Self.header + "甲区,\(String(repeating: "校", count: 10)),初中,2,2,80,2\n", limits: limits) == nil)
    let error = schoolsError(Self.header + "甲区,\(String(repeating: "校", count: 11)),初中,2,2,80,2\n", limits: limits)
    #expect(error?.column == "school")
    #expect(error?.message.contains("11 characters") == true)
  }

  @Test("C0, DEL and C1 control characters in names are refused")
  func controlCharacters() throws {
    for scalar in ["\u{01}", "\u{1F}", "\u{7F}", "\u{85}", "\u{9F}", "\t"] {
      let error = schoolsError(Self.header + "甲区,甲\(scalar)中学,初中,2,2,80,2\n")
      #expect(error?.column == "school", "U+\(String(scalar.unicodeScalars.first!.value, radix: 16))")
      #expect(error?.description.contains("\u{FFFD}") == true)
    }
  }

  // MARK: - Headers

  @Test("extra columns are listed in one note and the plan is the same as without them")
  func ignoredColumns() throws {
    let yangzhou = URL(fileURLWithPath: Fixture.yangzhouPath)
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quotaplan-tables-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    for name in ["scenario.yaml", "social.csv"] {
      try FileManager.default.copyItem(at: yangzhou.appendingPathComponent(name), to: folder.appendingPathComponent(name))
    }
    let text = try String(contentsOf: yangzhou.appendingPathComponent("schools.csv"), encoding: .utf8)
    let edited = text.split(separator: "\n").enumerated().map { $0.offset == 0 ? "备注,\($0.element),remarks" : "新建,\($0.element),x" }
    try (edited.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("schools.csv"), atomically: true, encoding: .utf8)

    let original = try ScenarioLoader.load(Fixture.yangzhouPath)
    let reloaded = try ScenarioLoader.load(folder.path)
    #expect(original.inputNotes == nil)
    #expect(reloaded.inputNotes == ["schools.csv: the columns “备注”、“remarks” are not used by quotaplan and were ignored."])
    #expect(reloaded.schools == original.schools)
    let a = try PlanWriter.files(Planner.plan(original)), b = try PlanWriter.files(Planner.plan(reloaded))
    for (x, y) in zip(a, b) where x.name != "scenario.json" { #expect(x.data == y.data, "\(x.name) differs") }
  }

  @Test("an unknown column close to one that is present is a remark, not a slip (地址 beside 区县)")
  func nearButPresent() throws {
    let (schools, notes) = try readSchools(
      "district,school,category,grade,classes,students,members,地址,private,privat\n甲区,甲中学,初中,2,2,80,2,文昌路,否,x\n")
    #expect(schools.count == 1)
    #expect(notes == ["schools.csv: the columns “地址”、“privat” are not used by quotaplan and were ignored."])
  }

  @Test("near-miss headers: edit distance and containment on the normalised header")
  func nearness() {
    #expect(NameText.isNear("privat", "private"))
    #expect(NameText.isNear("lastyearquot", "lastyearquota"))
    #expect(NameText.isNear("typ", "type"))
    #expect(NameText.isNear("上年指标数量?", "上年指标数"))
    #expect(NameText.isNear("是否民办x", "民办"))
    #expect(!NameText.isNear("备注", "民办"))
    #expect(!NameText.isNear("remarks", "rural"))
    #expect(!NameText.isNear("id", "residentyouth"))
    #expect(CSVTable.normalise("民 办") == CSVTable.normalise("民办"))
    #expect(CSVTable.normalise("\u{FEFF}Last_Year Quota\u{200B}") == "lastyearquota")
  }

  // MARK: - All problems at once

  @Test("InputError prints one line per problem and “and N more” past the limit")
  func errorLines() {
    var problems = InputProblems(file: "schools.csv", limit: 3)
    for row in [9, 2, 5, 7, 3] { problems.add(InputError(file: "schools.csv", row: row, column: "students", "bad \(row).")) }
    let error = problems.error
    #expect(error?.row == 2)
    #expect(error?.all.map(\.row) == [2, 3, 5])
    #expect(error?.omitted == 2)
    #expect(error?.description.split(separator: "\n").count == 4)
    #expect(error?.description.hasSuffix("schools.csv: and 2 more problems not listed; fix these and run again.") == true)
    #expect(InputError(file: "a.csv", row: 2, "one.").description == "a.csv, row 2: one.")
  }

  @Test("five bad rows give five lines in one run, sorted by row, exit 65, nothing written")
  func fiveErrors() async throws {
    var files = TinyScenario()
    files.replaceSchoolsRow(2, "甲区,甲中学,junior_high,1,2,abc,0")
    files.replaceSchoolsRow(3, "丙区,甲中学,junior_high,2,2,80,2")
    files.replaceSchoolsRow(4, "甲区,甲中学,junior_high,高三,2,80,5")
    files.replaceSchoolsRow(6, "乙区,乙中学,junior_high,2,2,70,90")
    files.replaceSchoolsRow(7, "乙区,乙中学,kindergarten,3,2,70,4")
    let run = try await CLIRun.solve(files)
    #expect(run.status == 65, "stderr: \(run.stderr)")
    #expect(!run.outputFolderExists)
    let lines = run.stderr.split(separator: "\n").map(String.init)
    #expect(lines.count == 5, "\(run.stderr)")
    #expect(lines.first?.hasPrefix("quotaplan: schools.csv, row 2, column students: ") == true, "\(run.stderr)")
    let rows = lines.compactMap { line in line.components(separatedBy: ", row ").dropFirst().first?.split(separator: ",").first.flatMap { Int($0) } }
    #expect(rows == [2, 3, 4, 6, 7], "\(run.stderr)")
    let columns = lines.compactMap { $0.components(separatedBy: ", column ").dropFirst().first?.split(separator: ":").first.map(String.init) }
    #expect(columns == ["students", "district", "grade", "members", "category"], "\(run.stderr)")
  }

  @Test("more problems than the limit: the first 50 by row and “and N more”")
  func truncated() async throws {
    var files = TinyScenario()
    files.schools = BadFileCorpusTests.schoolsHeader
      + (1...70).map { "甲区,学校\($0),junior_high,2,2,x\($0),2" }.joined(separator: "\n") + "\n"
    let run = try await CLIRun.solve(files)
    #expect(run.status == 65)
    let lines = run.stderr.split(separator: "\n").map(String.init)
    #expect(lines.count == 51, "\(lines.count) lines")
    #expect(lines[49].contains("row 51,"))
    #expect(lines.last == "schools.csv: and 20 more problems not listed; fix these and run again.")
  }

  @Test("limits: settings are read and must be positive")
  func limitSettings() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    var files = TinyScenario()
    files.scenario = TinyScenario.yaml() + "limits: {max_students_per_class: 30, max_students_per_grade: 900, max_name_length: 30, max_errors: 2}\n"
    try files.write(to: workspace.scenario)
    do {
      _ = try ScenarioLoader.load(workspace.scenario.path)
      Issue.record("40 students per class loaded under a limit of 30")
    } catch let error as InputError {
      #expect(error.message.contains("30 per class"), "\(error)")
      #expect(error.all.count == 2)
      #expect(error.omitted == 4)
    }
    files.scenario = TinyScenario.yaml() + "limits: {max_errors: 0}\n"
    try files.write(to: workspace.scenario)
    #expect(throws: InputError.self) { try ScenarioLoader.load(workspace.scenario.path) }
  }
}
