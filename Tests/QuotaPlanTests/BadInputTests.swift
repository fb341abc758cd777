import Foundation
import Testing

/// Runs the built `quotaplan` binary against small broken scenarios, in the style of
/// swift-argument-parser's `AssertExecuteCommand`: exit code, one-line message naming
/// file / row / column, and no output folder left behind.
@Suite("Bad input through the command line")
struct BadInputTests {
  // MARK: - The good scenario

  /// The files every plan has (the writer may add more, e.g. reports).
  static let planFiles: Set<String> = ["allocation.csv", "plan.csv", "plan.json", "social.csv"]

  @Test("The small scenario solves with exit 0 and writes the plan files")
  func smallScenarioSolves() async throws {
    let run = try await CLIRun.solve(TinyScenario())
    #expect(run.status == 0, "stderr: \(run.stderr)")
    #expect(run.stderr.isEmpty)
    #expect(Self.planFiles.isSubset(of: run.outputFiles), "written: \(run.outputFiles)")
  }

  /// Input a planner types by hand that must be read, not refused.
  @Test("Accepted spellings", arguments: AcceptedCase.all)
  func accepted(_ variant: AcceptedCase) async throws {
    var files = TinyScenario()
    variant.edit(&files)
    let run = try await CLIRun.solve(files)
    #expect(run.status == 0, "\(variant.name): exit \(run.status), stderr: \(run.stderr)")
    #expect(run.stderr.isEmpty, "\(variant.name)")
    #expect(run.outputFiles.contains("plan.csv"), "\(variant.name)")
  }

  // MARK: - Broken scenarios

  @Test("Bad input exits 65 with one line naming file, row and column", arguments: BadCase.all)
  func badInput(_ bad: BadCase) async throws {
    var files = TinyScenario()
    bad.edit(&files)
    let run = try await CLIRun.solve(files)

    #expect(run.status == bad.status, "\(bad.name): exit \(run.status), stderr: \(run.stderr)")
    #expect(run.stdout.isEmpty, "\(bad.name): stdout should be empty but is: \(run.stdout)")
    #expect(!run.outputFolderExists, "\(bad.name): --out folder was created: \(run.outputFiles)")

    // One line: `quotaplan: <file>[, row N][, column C]: <sentence>.`
    let lines = run.stderr.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.count == 2 && lines[1].isEmpty, "\(bad.name): stderr is not one line: \(run.stderr)")
    let line = String(lines.first ?? "")
    #expect(line.hasPrefix("quotaplan: "), "\(bad.name): \(line)")
    let message = line.dropFirst("quotaplan: ".count)
    #expect(message.hasPrefix(bad.file) || message.contains("/" + bad.file), "\(bad.name): file \(bad.file) not named first: \(line)")
    #expect(message.last == "." || message.last == ")", "\(bad.name): not a sentence: \(line)")
    if let row = bad.row {
      #expect(message.contains(", row \(row)"), "\(bad.name): row \(row) not named: \(line)")
    }
    if let column = bad.column {
      #expect(message.contains(", column \(column):"), "\(bad.name): column \(column) not named: \(line)")
    }
    for word in bad.words {
      #expect(message.localizedLowercase.contains(word.localizedLowercase), "\(bad.name): “\(word)” not mentioned: \(line)")
    }
    #expect(!run.stderr.contains("Fatal error") && !run.stderr.contains("Stack dump"), "\(bad.name) crashed")
  }

  /// A schools file with the header but no school is bad input: one sentence naming the file.
  @Test("Header-only schools.csv is bad input, not a crash")
  func headerOnlySchools() async throws {
    var files = TinyScenario()
    files.schools = files.schools.map { String($0.split(separator: "\n")[0]) + "\n" }
    let run = try await CLIRun.solve(files)
    #expect(run.status == 65, "exit \(run.status), stderr: \(run.stderr)")
    #expect(run.stderr.hasPrefix("quotaplan: schools.csv, row 2: "))
    #expect(run.stderr.contains("no schools"), "the message should say the file has no schools: \(run.stderr)")
    #expect(!run.stderr.contains("Fatal error"))
    #expect(!run.outputFolderExists, "--out folder was created: \(run.outputFiles)")
  }

  @Test("A good plan already in --out is left byte-identical by a later run with bad input")
  func goodPlanSurvivesBadRun() async throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    var files = TinyScenario()
    try files.write(to: workspace.scenario)

    let good = try await CLIRun.solve(in: workspace)
    try #require(good.status == 0, "stderr: \(good.stderr)")
    let before = try workspace.outputSnapshot()
    try #require(Self.planFiles.isSubset(of: before.keys), "written: \(before.keys.sorted())")

    files.replaceSchoolsRow(3, "甲区,甲中学,junior_high,2,2,abc,2")
    try files.write(to: workspace.scenario)
    let bad = try await CLIRun.solve(in: workspace)
    #expect(bad.status == 65, "stderr: \(bad.stderr)")
    #expect(bad.stderr.contains("schools.csv, row 3, column students"), "\(bad.stderr)")

    let after = try workspace.outputSnapshot()
    #expect(after.keys.sorted() == before.keys.sorted())
    for (name, data) in before {
      #expect(after[name] == data, "\(name) changed after a run with bad input")
    }
  }
}

// MARK: - Cases

/// One broken scenario and what the message must say.
struct BadCase: Sendable, CustomTestStringConvertible {
  let name: String
  /// The file the message names (`schools.csv`, `scenario.yaml`, …).
  let file: String
  /// Excel's row number (header = 1), when the problem is on a row.
  let row: Int?
  /// Column header as written in the file, when the problem is in one column.
  let column: String?
  /// Words the sentence must contain (case-insensitive): what is wrong.
  let words: [String]
  let status: Int32
  let edit: @Sendable (inout TinyScenario) -> Void

  init(
    _ name: String, file: String, row: Int? = nil, column: String? = nil, words: [String], status: Int32 = 65,
    edit: @escaping @Sendable (inout TinyScenario) -> Void
  ) {
    self.name = name
    self.file = file
    self.row = row
    self.column = column
    self.words = words
    self.status = status
    self.edit = edit
  }

  var testDescription: String { name }

  static let all: [BadCase] = [
    // schools.csv: values. Row 3 is the second data row, so an off-by-one shows.
    BadCase("negative count", file: "schools.csv", row: 3, column: "students", words: ["-5", "negative"]) {
      $0.replaceSchoolsRow(3, "甲区,甲中学,junior_high,2,2,-5,2")
    },
    BadCase("non-numeric count", file: "schools.csv", row: 3, column: "students", words: ["abc", "whole number"]) {
      $0.replaceSchoolsRow(3, "甲区,甲中学,junior_high,2,2,abc,2")
    },
    BadCase("empty count", file: "schools.csv", row: 3, column: "members", words: ["empty"]) {
      $0.replaceSchoolsRow(3, "甲区,甲中学,junior_high,2,2,80,")
    },
    BadCase("members above students", file: "schools.csv", row: 3, column: "members", words: ["90", "80", "members"]) {
      $0.replaceSchoolsRow(3, "甲区,甲中学,junior_high,2,2,80,90")
    },
    BadCase("classes above students", file: "schools.csv", row: 3, column: "classes", words: ["90", "80", "classes"]) {
      $0.replaceSchoolsRow(3, "甲区,甲中学,junior_high,2,90,80,2")
    },
    BadCase("unknown category", file: "schools.csv", row: 3, column: "category", words: ["kindergarten", "category"]) {
      $0.replaceSchoolsRow(3, "甲区,甲中学,kindergarten,2,2,80,2")
    },
    BadCase("grade outside the category", file: "schools.csv", row: 3, column: "grade", words: ["4", "grade", "1 to 3"]) {
      $0.replaceSchoolsRow(3, "甲区,甲中学,junior_high,4,2,80,2")
    },
    BadCase("duplicate school-grade row", file: "schools.csv", row: 4, column: "grade", words: ["甲中学", "row 3"]) {
      $0.replaceSchoolsRow(4, "甲区,甲中学,junior_high,2,2,80,5")
    },
    // Issue #11: a school is its district and name, so 乙中学 in 甲区 and in 乙区 are two schools
    // (see AcceptedCase "same school name in two districts"); this case used to be refused.
    BadCase("a grade twice after the name's zero-width space is removed", file: "schools.csv", row: 4, column: "grade", words: ["甲中学", "grade 2", "row 3", "invisible", "\\u{200B}"]) {
      $0.replaceSchoolsRow(4, "甲区,甲中学\u{200B},junior_high,2,2,80,5")
    },
    BadCase("a full-width name is its half-width name (NFKC)", file: "schools.csv", row: 4, column: "grade", words: ["No.1中学", "row 3", "full-width"]) {
      $0.replaceSchoolsRow(2, "甲区,No.1中学,junior_high,1,2,80,0")
      $0.replaceSchoolsRow(3, "甲区,No.1中学,junior_high,2,2,80,2")
      $0.replaceSchoolsRow(4, "甲区,Ｎｏ．１中学,junior_high,2,2,80,5")
    },
    BadCase("an Excel date serial read as students", file: "schools.csv", row: 3, column: "students", words: ["44805", "max_students_per_grade"]) {
      $0.replaceSchoolsRow(3, "甲区,甲中学,junior_high,2,2,44805,2")
    },
    BadCase("more students per class than the limit", file: "schools.csv", row: 3, column: "students", words: ["800", "2 classes", "max_students_per_class"]) {
      $0.replaceSchoolsRow(3, "甲区,甲中学,junior_high,2,2,800,2")
    },
    BadCase("a senior-high grade on a junior-high row", file: "schools.csv", row: 3, column: "grade", words: ["高一", "普通高中", "初中"]) {
      $0.replaceSchoolsRow(3, "甲区,甲中学,junior_high,高一,2,80,2")
    },
    BadCase("a control character in a school name", file: "schools.csv", row: 3, column: "school", words: ["control character", "U+0007"]) {
      $0.replaceSchoolsRow(3, "甲区,甲\u{07}中学,junior_high,2,2,80,2")
    },
    BadCase("a line break in a school name", file: "schools.csv", row: 3, column: "school", words: ["line break", "U+000A"]) {
      $0.replaceSchoolsRow(3, "甲区,\"甲\n中学\",junior_high,2,2,80,2")
    },
    BadCase("an over-long school name", file: "schools.csv", row: 3, column: "school", words: ["120 characters", "max_name_length"]) {
      $0.replaceSchoolsRow(3, "甲区,\(String(repeating: "长", count: 120)),junior_high,2,2,80,2")
    },
    BadCase("a misspelt optional header: privat", file: "schools.csv", row: 1, column: "privat", words: ["did you mean", "private (民办)"]) {
      $0.addSchoolsColumn("privat", "yes")
    },
    BadCase("a misspelt optional header: last_year_quot", file: "schools.csv", row: 1, column: "last_year_quot", words: ["did you mean", "last_year_quota"]) {
      $0.addSchoolsColumn("last_year_quot", "10")
    },
    BadCase("a misspelt Chinese header: 上年指标数量", file: "schools.csv", row: 1, column: "上年指标数量", words: ["did you mean", "上年指标"]) {
      $0.addSchoolsColumn("上年指标数量", "10")
    },
    BadCase("a misspelt required header names the column it resembles", file: "schools.csv", row: 1, column: "studnets", words: ["students (学生数)", "missing", "did you mean", "studnets"]) {
      $0.replaceSchoolsRow(1, "district,school,category,grade,classes,studnets,members")
    },
    BadCase("social: a misspelt header: typ", file: "social.csv", row: 1, column: "typ", words: ["did you mean", "type (类型)"]) {
      $0.social = "district,unit,typ,members,resident_youth,registered_youth,organisations\n甲区,甲村,village,10,200,300,1\n乙区,乙社区,community,12,300,280,2\n"
    },
    BadCase("social: a unit twice in one district after NFKC", file: "social.csv", row: 3, column: "unit", words: ["甲村", "row 2"]) {
      $0.social = TinyScenario.socialHeader + "甲区,甲村,village,10,200,300,1\n甲区,\u{3000}甲村\u{200B},village,12,300,280,2\n"
    },
    BadCase("district not in the scenario", file: "schools.csv", row: 6, column: "district", words: ["丙区", "districts"]) {
      $0.replaceSchoolsRow(6, "丙区,乙中学,junior_high,2,2,70,1")
    },
    BadCase("row with too many fields", file: "schools.csv", row: 3, words: ["8 fields", "7 columns"]) {
      $0.replaceSchoolsRow(3, "甲区,甲中学,junior_high,2,2,80,2,extra")
    },
    BadCase("blank line still counts as an Excel row", file: "schools.csv", row: 4, column: "students", words: ["abc"]) {
      $0.replaceSchoolsRow(3, "\n甲区,甲中学,junior_high,2,2,abc,2")
    },
    BadCase("column named as written (Chinese header)", file: "schools.csv", row: 3, column: "学生数", words: ["abc"]) {
      $0.replaceSchoolsRow(1, "区县,学校,类别,年级,班级数,学生数,团员数")
      $0.replaceSchoolsRow(3, "甲区,甲中学,初中,初二,2,abc,2")
    },
    // schools.csv: structure.
    BadCase("missing column", file: "schools.csv", row: 1, words: ["students", "missing"]) {
      $0.schools = $0.schools.map { text in
        text.split(separator: "\n").map { line in
          var fields = line.split(separator: ",", omittingEmptySubsequences: false)
          fields.remove(at: 5)
          return fields.joined(separator: ",")
        }.joined(separator: "\n") + "\n"
      }
    },
    BadCase("missing schools.csv", file: "schools.csv", words: ["missing"]) { $0.schools = nil },
    BadCase("empty schools.csv", file: "schools.csv", words: ["empty"]) { $0.schools = "" },
    // social.csv.
    BadCase("social: negative count", file: "social.csv", row: 3, column: "members", words: ["-12", "negative"]) {
      $0.social = TinyScenario.socialHeader + "甲区,甲村,village,10,200,300,1\n乙区,乙社区,community,-12,300,280,2\n"
    },
    BadCase("social: district not in the scenario", file: "social.csv", row: 2, column: "district", words: ["丙区"]) {
      $0.social = TinyScenario.socialHeader + "丙区,甲村,village,10,200,300,1\n乙区,乙社区,community,12,300,280,2\n"
    },
    BadCase("missing social.csv", file: "social.csv", words: ["missing"]) { $0.social = nil },
    // scenario.yaml.
    BadCase(
      "cap ratio outside 0..1", file: "scenario.yaml", words: ["categories[0]", "caps[0].ratio", "1.5", "between 0 and 1"]
    ) {
      $0.scenario = TinyScenario.yaml(juniorHighExtra: "    caps: [{rule: R4, ratio: 1.5}]\n")
    },
    BadCase("unknown YAML key", file: "scenario.yaml", words: ["bogus_key", "not a setting"]) {
      $0.scenario = TinyScenario.yaml() + "bogus_key: 1\n"
    },
    BadCase("unknown YAML key inside a category", file: "scenario.yaml", words: ["categories[0]", "totl"]) {
      $0.scenario = TinyScenario.yaml(juniorHighExtra: "    totl: 3\n")
    },
    BadCase("wrong YAML type", file: "scenario.yaml", words: ["total", "wrong type", "whole number"]) {
      $0.scenario = TinyScenario.yaml(total: "\"many\"")
    },
    BadCase("missing scenario.yaml", file: "scenario.yaml", words: ["missing"]) { $0.scenario = nil },
  ]
}

/// Input that looks odd but must be accepted.
struct AcceptedCase: Sendable, CustomTestStringConvertible {
  let name: String
  let edit: @Sendable (inout TinyScenario) -> Void
  var testDescription: String { name }

  static let all: [AcceptedCase] = [
    AcceptedCase(name: "same school name in two districts") {
      $0.replaceSchoolsRow(5, "乙区,甲中学,junior_high,1,2,70,0")
      $0.replaceSchoolsRow(6, "乙区,甲中学,junior_high,2,2,70,1")
      $0.replaceSchoolsRow(7, "乙区,甲中学,junior_high,3,2,70,4")
    },
    AcceptedCase(name: "districts with a zero-width space, a BOM or ideographic spaces are the scenario's") {
      $0.replaceSchoolsRow(2, "甲区\u{200B},甲中学,junior_high,1,2,80,0")
      $0.replaceSchoolsRow(3, "\u{3000}甲区\u{FEFF},甲中学,junior_high,2,2,80,2")
    },
    AcceptedCase(name: "extra columns (备注, remarks) are ignored") {
      $0.addSchoolsColumn("备注", "新建校区")
      $0.addSchoolsColumn("remarks", "ok")
    },
    AcceptedCase(name: "a header with spaces inside (民 办) and 是否农村") {
      $0.addSchoolsColumn("民 办", "否")
      $0.addSchoolsColumn("是否农村", "是")
    },
    AcceptedCase(name: "full-width digits") {
      $0.replaceSchoolsRow(3, "甲区,甲中学,junior_high,２,２,８０,２")
    },
    AcceptedCase(name: "Chinese headers, BOM and CRLF") {
      $0.schools = "\u{FEFF}" + [
        "区县,学校,类别,年级,班级数,学生数,团员数",
        "甲区,甲中学,初中,初一,2,80,0", "甲区,甲中学,初中,初二,2,80,2", "甲区,甲中学,初中,初三,2,80,5",
        "乙区,乙中学,初中,1,2,70,0", "乙区,乙中学,初中,2,2,70,1", "乙区,乙中学,初中,3,2,70,4",
      ].joined(separator: "\r\n") + "\r\n"
    },
  ]
}

// MARK: - Fixture

/// Two districts, junior high (total 10) and the social sector (total 2); nil = file absent.
struct TinyScenario: Sendable {
  var scenario: String? = TinyScenario.yaml()
  var schools: String? = """
    district,school,category,grade,classes,students,members
    甲区,甲中学,junior_high,1,2,80,0
    甲区,甲中学,junior_high,2,2,80,2
    甲区,甲中学,junior_high,3,2,80,5
    乙区,乙中学,junior_high,1,2,70,0
    乙区,乙中学,junior_high,2,2,70,1
    乙区,乙中学,junior_high,3,2,70,4

    """
  var social: String? = TinyScenario.socialHeader + "甲区,甲村,village,10,200,300,1\n乙区,乙社区,community,12,300,280,2\n"

  static let socialHeader = "district,unit,type,members,resident_youth,registered_youth,organisations\n"

  static func yaml(total: String = "12", juniorHighExtra: String = "") -> String {
    """
    name: tiny
    year: 2022
    total: \(total)
    districts: [甲区, 乙区]
    language: en
    categories:
      - id: junior_high
        total: 10

    """ + juniorHighExtra + """
      - id: social
        total: 2

    """
  }

  /// Adds a column to the schools file: `header` on the header line, `value` on every data row.
  mutating func addSchoolsColumn(_ header: String, _ value: String) {
    schools = schools.map { text in
      text.split(separator: "\n").enumerated().map { $0.offset == 0 ? "\($0.element),\(header)" : "\($0.element),\(value)" }
        .joined(separator: "\n") + "\n"
    }
  }

  /// Replaces the schools line Excel shows as `row` (header = 1).
  mutating func replaceSchoolsRow(_ row: Int, _ line: String) {
    guard var lines = schools?.components(separatedBy: "\n") else { return }
    lines[row - 1] = line
    schools = lines.joined(separator: "\n")
  }

  func write(to folder: URL) throws {
    let manager = FileManager.default
    try manager.createDirectory(at: folder, withIntermediateDirectories: true)
    for (name, text) in [("scenario.yaml", scenario), ("schools.csv", schools), ("social.csv", social)] {
      let url = folder.appendingPathComponent(name)
      if let text {
        try Data(text.utf8).write(to: url)
      } else if manager.fileExists(atPath: url.path) {
        try manager.removeItem(at: url)
      }
    }
  }
}

/// A fresh temporary folder: `<root>/tiny` (the scenario) and `<root>/out` (the --out target).
struct Workspace {
  let root: URL
  var scenario: URL { root.appendingPathComponent("tiny") }
  var out: URL { root.appendingPathComponent("out") }

  init() throws {
    root = FileManager.default.temporaryDirectory
      .appendingPathComponent("quotaplan-badinput-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
  }

  func remove() { try? FileManager.default.removeItem(at: root) }

  /// Every file in --out with its bytes.
  func outputSnapshot() throws -> [String: Data] {
    var files: [String: Data] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: out.path) {
      files[name] = try Data(contentsOf: out.appendingPathComponent(name))
    }
    return files
  }
}

// MARK: - Running the binary

/// The result of one `quotaplan solve` run.
struct CLIRun {
  let status: Int32
  let stdout: String
  let stderr: String
  let outputFolderExists: Bool
  let outputFiles: [String]

  /// Writes `files` into a fresh workspace, runs `quotaplan solve tiny --out out`, and cleans up.
  static func solve(_ files: TinyScenario) async throws -> CLIRun {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try files.write(to: workspace.scenario)
    return try await solve(in: workspace)
  }

  static func solve(in workspace: Workspace) async throws -> CLIRun {
    // Relative defaults (out/<name>) would land in the workspace, never in the package.
    // English messages: before a scenario is read, they would be Chinese (the CLI's default).
    let run = try await quotaplan(["solve", workspace.scenario.path, "--out", workspace.out.path, "--language", "en"], cwd: workspace.root)
    let manager = FileManager.default
    var isDirectory: ObjCBool = false
    let exists = manager.fileExists(atPath: workspace.out.path, isDirectory: &isDirectory)
    return CLIRun(
      status: run.status, stdout: run.stdout, stderr: run.stderr, outputFolderExists: exists,
      outputFiles: exists ? ((try? manager.contentsOfDirectory(atPath: workspace.out.path)) ?? []).sorted() : [])
  }

}
