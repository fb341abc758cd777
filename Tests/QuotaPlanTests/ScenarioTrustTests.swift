import Foundation
import QuotaPlan
import Testing

/// A received scenario is not trusted: its data paths stay inside its folder, special files
/// never hang the reader, every policy number is bounded, and every YAML problem names its line
/// and column. Run through the built binary: exit code, one line, nothing written.
@Suite("A scenario is read without trusting it")
struct ScenarioTrustTests {
  @Test("Refused with exit 65, one line naming the place, nothing written, no hang", arguments: TrustCase.refused)
  func refused(_ trust: TrustCase) async throws {
    let run = try await trust.run()
    #expect(run.status == trust.status, "\(trust.name): exit \(run.status), stderr: \(run.stderr)")
    #expect(!run.stopped, "\(trust.name): still running after 60 s, stopped")
    #expect(run.stdout.isEmpty, "\(trust.name): stdout: \(run.stdout)")
    #expect(!run.outputFolderExists, "\(trust.name): --out folder was created")
    let lines = run.stderr.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.count == 2 && lines[1].isEmpty, "\(trust.name): stderr is not one line: \(run.stderr)")
    let line = String(lines.first ?? "")
    #expect(line.hasPrefix("quotaplan: "), "\(trust.name): \(line)")
    let message = line.dropFirst("quotaplan: ".count)
    #expect(message.hasPrefix(trust.place), "\(trust.name): “\(trust.place)” not named first: \(line)")
    #expect(message.last == "." || message.last == ")", "\(trust.name): not a sentence: \(line)")
    for word in trust.words {
      #expect(message.localizedLowercase.contains(word.localizedLowercase), "\(trust.name): “\(word)” not mentioned: \(line)")
    }
    #expect(!run.stderr.contains("Fatal error") && !run.stderr.contains("Stack dump"), "\(trust.name) crashed")
  }

  @Test("Read and planned with exit 0", arguments: TrustCase.accepted)
  func accepted(_ trust: TrustCase) async throws {
    let run = try await trust.run()
    #expect(run.status == 0, "\(trust.name): exit \(run.status), stderr: \(run.stderr)")
    #expect(run.stderr.isEmpty, "\(trust.name): \(run.stderr)")
    #expect(run.outputFiles.contains("plan.csv"), "\(trust.name): written \(run.outputFiles)")
  }

  // MARK: - In the library

  /// A total far above what the data can absorb is a conflict of rules for the planner to
  /// explain (exit 3), not bad input: validation lets it through.
  @Test("total 63600000 passes validation")
  func largeTotalIsNotBadInput() throws {
    let folder = try TrustCase.folder()
    defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
    var files = TinyScenario()
    files.scenario = TinyScenario.yaml(total: "63600000")
    try files.write(to: folder)
    let scenario = try ScenarioLoader.load(folder.path)
    #expect(scenario.policy.total == 63_600_000)
    #expect(scenario.policy.firstNumber == 202_200_000_001)
  }

  @Test("the largest total that fits the block after first_number loads; one more is refused")
  func blockEdge() throws {
    let folder = try TrustCase.folder()
    defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
    var files = TinyScenario()
    files.scenario = TinyScenario.yaml(total: "99999999")
    try files.write(to: folder)
    #expect(try ScenarioLoader.load(folder.path).policy.total == 99_999_999)
    files.scenario = TinyScenario.yaml(total: "99999999") + "first_number: 202200000002\n"
    try files.write(to: folder)
    #expect {
      try ScenarioLoader.load(folder.path)
    } throws: { error in
      "\(error)".contains("first_number") && "\(error)".contains("room for 99999998 numbers")
    }
  }

  @Test("nesting at the parser's limit is a sentence, not a stack overflow, on a worker thread too")
  func deepNesting() async throws {
    let folder = try TrustCase.folder()
    defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
    var files = TinyScenario()
    for depth in [999, 1000, 100_000] {
      files.scenario = "districts: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
      try files.write(to: folder)
      let path = folder.path
      let outcome = await Task.detached { Result { try ScenarioLoader.load(path) } }.value
      guard case .failure(let error) = outcome, let input = error as? InputError else {
        Issue.record("depth \(depth) gave \(outcome)")
        continue
      }
      #expect(input.file.hasPrefix("tiny/scenario.yaml, line 1, column "), "\(input)")
    }
  }

  @Test("a key given twice names both lines and the setting's path")
  func duplicateKeyPositions() throws {
    let folder = try TrustCase.folder()
    defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
    var files = TinyScenario()
    files.scenario = TinyScenario.yaml(juniorHighExtra: "    grades: 3\n    total: 9\n")
    try files.write(to: folder)
    #expect {
      try ScenarioLoader.load(folder.path)
    } throws: { error in
      "\(error)" == "tiny/scenario.yaml, line 8, column 5: the setting categories[0].total is given here and again at line 10, column 5; each setting may be given once."
    }
    // In a flow mapping the second key is on the same line.
    files.scenario = TinyScenario.yaml() + "social: {outflow_boost: 1, outflow_boost: 2}\n"
    try files.write(to: folder)
    #expect {
      try ScenarioLoader.load(folder.path)
    } throws: { error in
      "\(error)" == "tiny/scenario.yaml, line 11, column 10: the setting social.outflow_boost is given here and again at line 11, column 28; each setting may be given once."
    }
  }

  @Test("a named pipe given as the scenario itself is refused without blocking")
  func pipeAsScenarioFile() async throws {
    let folder = try TrustCase.folder()
    defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
    try TinyScenario().write(to: folder)
    let pipe = folder.appendingPathComponent("what-if.yaml").path
    #expect(mkfifo(pipe, 0o600) == 0)
    #expect {
      try ScenarioLoader.load(pipe)
    } throws: { error in
      "\(error)" == "what-if.yaml: the scenario file is a named pipe, not a regular file."
    }
  }

  /// The corpus's YAML seeds (paths, 2^63−1 numbers, duplicates, aliases, deep nesting, base
  /// links), mutated: each loads or is refused with an `InputError`, quickly.
  @Test("mutated YAML seeds of every kind load or are refused with a sentence")
  func mutatedSeeds() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quotaplan-trust-fuzz-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let names = try FileManager.default.contentsOfDirectory(atPath: FuzzTests.corpus.path).filter { $0.hasPrefix("yaml-") }.sorted()
    #expect(names.count >= 20)
    let seeds = try names.map { try Data(contentsOf: FuzzTests.corpus.appendingPathComponent($0)) }
    let seconds = Double(ProcessInfo.processInfo.environment["QUOTAPLAN_FUZZ_SECONDS"] ?? "") ?? 3
    var random = LCG(seed: UInt64(Date().timeIntervalSince1970))
    let start = Date()
    var inputs = 0
    while Date().timeIntervalSince(start) < seconds || inputs < seeds.count {
      let input = inputs < seeds.count ? seeds[inputs] : FuzzTests.mutate(seeds[inputs % seeds.count], &random)
      let began = Date()
      if case .failure(let error) = try FuzzTests.load(yaml: input, folder: folder) {
        #expect(error is InputError, "\(names[inputs % seeds.count]) mutated: \(error)")
      }
      #expect(Date().timeIntervalSince(began) < 10, "\(names[inputs % seeds.count]) mutated took more than 10 s")
      inputs += 1
    }
    print("trust fuzz: \(inputs) inputs from \(seeds.count) YAML seeds, no crash, no hang")
  }

  @Test("the alias scan finds aliases at token starts and skips comments and quoted text")
  func aliasScan() {
    #expect(TrustProbe.alias("a: *x\n") == "1:4")
    #expect(TrustProbe.alias("a: [1, *x]\n") == "1:8")
    #expect(TrustProbe.alias("? *x\n: 1\n") == "1:3")
    #expect(TrustProbe.alias("- *x\n") == "1:3")
    #expect(TrustProbe.alias("a: 1 # *x\n") == nil)
    #expect(TrustProbe.alias("a: \"*x\"\nb: '*y'\n") == nil)
    #expect(TrustProbe.alias("a: 2*3\n") == nil)
    #expect(TrustProbe.alias("a: \"#\" *x\n") == "1:8")
    #expect(TrustProbe.alias("title: 扬州 *x\n") == "1:11")
  }
}

/// Reaches the library's internal alias scan through a scenario file.
enum TrustProbe {
  /// `line:column` of the alias the loader refuses in `yaml`, or nil when it is not refused for one.
  static func alias(_ yaml: String) -> String? {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quotaplan-alias-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try? Data(yaml.utf8).write(to: folder.appendingPathComponent("scenario.yaml"))
    do {
      _ = try ScenarioLoader.load(folder.path)
      return nil
    } catch let error as InputError where error.message.contains("alias") {
      guard let range = error.file.range(of: ", line ") else { return "?" }
      return error.file[range.upperBound...].replacingOccurrences(of: ", column ", with: ":")
    } catch {
      return nil
    }
  }
}

/// One scenario folder built on disk, and what the binary must say about it.
struct TrustCase: Sendable, CustomTestStringConvertible {
  let name: String
  /// The scenario folder's name inside the workspace (the argument to `solve`).
  let folder: String
  /// Words the message must start with: the file, and for YAML the line and column.
  let place: String
  let words: [String]
  let status: Int32
  /// Builds the case: the workspace root and the scenario folder, which already holds the tiny
  /// scenario's files.
  let build: @Sendable (_ root: URL, _ scenario: URL) throws -> Void

  init(
    _ name: String, folder: String = "tiny", place: String = "", words: [String] = [], status: Int32 = 65,
    build: @escaping @Sendable (_ root: URL, _ scenario: URL) throws -> Void
  ) {
    self.name = name
    self.folder = folder
    self.place = place
    self.words = words
    self.status = status
    self.build = build
  }

  var testDescription: String { name }

  /// A fresh `<tmp>/quotaplan-trust-…/tiny` (not created).
  static func folder() throws -> URL {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("quotaplan-trust-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    return root.appendingPathComponent("tiny")
  }

  struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
    var outputFolderExists: Bool
    var outputFiles: [String]
    /// Whether the run was stopped after 60 s (it hung).
    var stopped: Bool
  }

  /// Builds the case in a fresh workspace and runs `quotaplan solve <folder> --out out` there,
  /// stopping it after 60 s (a hang is a failure, not a stuck test run). No time is asserted
  /// otherwise: with the whole suite running in parallel a quick run can wait long for a core.
  func run() async throws -> Run {
    let root = try Self.folder().deletingLastPathComponent()
    defer { try? FileManager.default.removeItem(at: root) }
    let scenario = root.appendingPathComponent(folder)
    try TinyScenario().write(to: scenario)
    try build(root, scenario)
    let out = root.appendingPathComponent("out")
    let run = try await quotaplan(["solve", scenario.path, "--out", out.path, "--language", "en"], cwd: root, stopAfter: 60)
    var isDirectory: ObjCBool = false
    let exists = FileManager.default.fileExists(atPath: out.path, isDirectory: &isDirectory)
    return Run(
      status: run.status, stdout: run.stdout, stderr: run.stderr,
      outputFolderExists: exists,
      outputFiles: exists ? ((try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []).sorted() : [],
      stopped: run.stopped)
  }

  // MARK: - Helpers for building cases

  /// The tiny scenario with `lines` appended to scenario.yaml (they start at line 11).
  static func yaml(_ scenario: URL, _ lines: String, total: String = "12", juniorHighExtra: String = "") throws {
    try Data((TinyScenario.yaml(total: total, juniorHighExtra: juniorHighExtra) + lines).utf8)
      .write(to: scenario.appendingPathComponent("scenario.yaml"))
  }

  /// Moves the tiny schools.csv to `path` (relative to the workspace root), creating folders.
  static func moveSchools(_ root: URL, _ scenario: URL, to path: String) throws {
    let target = root.appendingPathComponent(path)
    try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
    try FileManager.default.moveItem(at: scenario.appendingPathComponent("schools.csv"), to: target)
  }

  static func link(_ scenario: URL, _ name: String, to destination: String) throws {
    try FileManager.default.createSymbolicLink(atPath: scenario.appendingPathComponent(name).path, withDestinationPath: destination)
  }

  /// A chain of `count` what-ifs `s0 → s1 → … → tiny` in the workspace root.
  static func chain(_ root: URL, count: Int) throws {
    for index in 0..<count {
      let folder = root.appendingPathComponent("s\(index)")
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      let base = index == count - 1 ? "../tiny" : "../s\(index + 1)"
      try Data("base: \(base)\n".utf8).write(to: folder.appendingPathComponent("scenario.yaml"))
    }
  }

  /// The tiny schools table as a workbook with a second sheet named `sheet`.
  static func workbook(sheet: String) throws -> Data {
    let rows = (TinyScenario().schools ?? "").split(separator: "\n").map { line in
      line.split(separator: ",", omittingEmptySubsequences: false).map { Int($0).map(XLSXWriter.Cell.number) ?? .text(String($0)) }
    }
    return try XLSXWriter.workbook([("说明", [[.text("the data is on the next sheet")]]), (sheet, rows)])
  }

  // MARK: - The cases

  static let refused: [TrustCase] = [
    // Data paths (lines 11–12: `data:` then `  schools: …`).
    TrustCase(
      "../ path out of the folder", place: "tiny/scenario.yaml, line 12, column 3",
      words: ["data.schools", "../outside/schools.csv", "out of the scenario's folder"]
    ) { root, scenario in
      try moveSchools(root, scenario, to: "outside/schools.csv")
      try yaml(scenario, "data:\n  schools: ../outside/schools.csv\n")
    },
    TrustCase(
      "../ to a missing file out of the folder", place: "tiny/scenario.yaml, line 12, column 3",
      words: ["data.schools", "../../nowhere.csv", "out of the scenario's folder"]
    ) { _, scenario in
      try yaml(scenario, "data:\n  schools: ../../nowhere.csv\n")
    },
    TrustCase("absolute path", place: "tiny/scenario.yaml, line 12, column 3", words: ["data.schools", "absolute path"]) { root, scenario in
      try moveSchools(root, scenario, to: "outside/schools.csv")
      try yaml(scenario, "data:\n  schools: \(root.appendingPathComponent("outside/schools.csv").path)\n")
    },
    TrustCase("/etc/passwd", place: "tiny/scenario.yaml, line 12, column 3", words: ["data.schools", "/etc/passwd", "absolute path"]) { _, scenario in
      try yaml(scenario, "data:\n  schools: /etc/passwd\n")
    },
    TrustCase("/dev/zero", place: "tiny/scenario.yaml, line 12, column 3", words: ["data.schools", "/dev/zero", "absolute path"]) { _, scenario in
      try yaml(scenario, "data:\n  schools: /dev/zero\n")
    },
    TrustCase(
      "a link leading out of the folder", place: "tiny/scenario.yaml, line 12, column 3",
      words: ["data.schools", "link.csv", "outside the scenario's folder"]
    ) { root, scenario in
      try moveSchools(root, scenario, to: "outside/schools.csv")
      try link(scenario, "link.csv", to: "../outside/schools.csv")
      try yaml(scenario, "data:\n  schools: link.csv\n")
    },
    TrustCase("a link to /dev/zero", place: "tiny/scenario.yaml, line 12, column 3", words: ["zero.csv", "outside"]) { _, scenario in
      try link(scenario, "zero.csv", to: "/dev/zero")
      try yaml(scenario, "data:\n  schools: zero.csv\n")
    },
    TrustCase("a link to /proc/self/environ", place: "tiny/scenario.yaml, line 12, column 3", words: ["env.csv", "outside"]) { _, scenario in
      try link(scenario, "env.csv", to: "/proc/self/environ")
      try yaml(scenario, "data:\n  schools: env.csv\n")
    },
    TrustCase("the default schools.csv is a link out of the folder", place: "schools.csv", words: ["outside"]) { root, scenario in
      try moveSchools(root, scenario, to: "outside/schools.csv")
      try link(scenario, "schools.csv", to: "../outside/schools.csv")
    },
    TrustCase(
      "a named pipe inside the folder", place: "tiny/scenario.yaml, line 12, column 3", words: ["data.schools", "pipe.csv", "named pipe"]
    ) { _, scenario in
      #expect(mkfifo(scenario.appendingPathComponent("pipe.csv").path, 0o600) == 0)
      try yaml(scenario, "data:\n  schools: pipe.csv\n")
    },
    TrustCase("schools.csv is a named pipe", place: "schools.csv", words: ["named pipe"]) { _, scenario in
      try FileManager.default.removeItem(at: scenario.appendingPathComponent("schools.csv"))
      #expect(mkfifo(scenario.appendingPathComponent("schools.csv").path, 0o600) == 0)
    },
    TrustCase("social.csv is a named pipe", place: "social.csv", words: ["named pipe"]) { _, scenario in
      try FileManager.default.removeItem(at: scenario.appendingPathComponent("social.csv"))
      #expect(mkfifo(scenario.appendingPathComponent("social.csv").path, 0o600) == 0)
    },
    TrustCase("a folder as the data file", place: "tiny/scenario.yaml, line 12, column 3", words: ["data.schools", "a folder"]) { _, scenario in
      try FileManager.default.createDirectory(at: scenario.appendingPathComponent("data.csv"), withIntermediateDirectories: true)
      try yaml(scenario, "data:\n  schools: data.csv\n")
    },
    TrustCase("the folder itself as the data file", place: "tiny/scenario.yaml, line 12, column 3", words: ["a folder"]) { _, scenario in
      try yaml(scenario, "data:\n  schools: .\n")
    },
    TrustCase(
      "a what-if names its base's data file", folder: "what-if", place: "what-if/scenario.yaml, line 3, column 3",
      words: ["data.schools", "../tiny/schools.csv", "out of the scenario's folder"]
    ) { root, scenario in
      try Data("base: ../tiny\ndata:\n  schools: ../tiny/schools.csv\n".utf8).write(to: scenario.appendingPathComponent("scenario.yaml"))
      try TinyScenario().write(to: root.appendingPathComponent("tiny"))
    },
    // scenario.yaml itself.
    TrustCase("scenario.yaml is a named pipe", place: "tiny/scenario.yaml", words: ["named pipe"]) { _, scenario in
      try FileManager.default.removeItem(at: scenario.appendingPathComponent("scenario.yaml"))
      #expect(mkfifo(scenario.appendingPathComponent("scenario.yaml").path, 0o600) == 0)
    },
    TrustCase("scenario.yaml is a folder", place: "tiny/scenario.yaml", words: ["a folder"]) { _, scenario in
      try FileManager.default.removeItem(at: scenario.appendingPathComponent("scenario.yaml"))
      try FileManager.default.createDirectory(at: scenario.appendingPathComponent("scenario.yaml"), withIntermediateDirectories: true)
    },
    TrustCase("scenario.yaml is a link to /dev/zero", place: "tiny/scenario.yaml", words: ["a device"]) { _, scenario in
      try FileManager.default.removeItem(at: scenario.appendingPathComponent("scenario.yaml"))
      try link(scenario, "scenario.yaml", to: "/dev/zero")
    },
    TrustCase("a huge scenario.yaml", place: "tiny/scenario.yaml", words: ["1 MB"]) { _, scenario in
      try yaml(scenario, String(repeating: "# padding padding padding padding padding padding padding padding\n", count: 20_000))
    },
    TrustCase("scenario.yaml is not UTF-8", place: "tiny/scenario.yaml, line 11", words: ["UTF-8"]) { _, scenario in
      var data = Data(TinyScenario.yaml().utf8)
      data.append(contentsOf: [0x74, 0x69, 0x74, 0x6C, 0x65, 0x3A, 0x20, 0xC4, 0x0A])
      try data.write(to: scenario.appendingPathComponent("scenario.yaml"))
    },
    // Policy numbers.
    TrustCase("total 2^63−1", place: "tiny/scenario.yaml, line 3, column 1", words: ["total", "9223372036854775807", "99,999,999"]) { _, scenario in
      try yaml(scenario, "", total: "9223372036854775807")
    },
    TrustCase("total above 2^63", place: "tiny/scenario.yaml, line 3, column 1", words: ["total", "whole number"]) { _, scenario in
      try yaml(scenario, "", total: "92233720368547758070")
    },
    TrustCase("negative total", place: "tiny/scenario.yaml, line 3, column 1", words: ["total", "-1"]) { _, scenario in
      try yaml(scenario, "", total: "-1")
    },
    TrustCase(
      "first_number 2^63−1", place: "tiny/scenario.yaml, line 11, column 1", words: ["first_number", "9223372036854775807", "202200000001"]
    ) { _, scenario in
      try yaml(scenario, "first_number: 9223372036854775807\n")
    },
    TrustCase("first_number −2^63", place: "tiny/scenario.yaml, line 11, column 1", words: ["first_number", "-9223372036854775808"]) { _, scenario in
      try yaml(scenario, "first_number: -9223372036854775808\n")
    },
    TrustCase("first_number without room for the total", place: "tiny/scenario.yaml, line 11, column 1", words: ["room for 5"]) { _, scenario in
      try yaml(scenario, "first_number: 202299999995\n")
    },
    TrustCase("year 2^63−1", place: "tiny/scenario.yaml, line 2, column 1", words: ["year", "4-digit"]) { _, scenario in
      try Data(TinyScenario.yaml().replacingOccurrences(of: "year: 2022", with: "year: 9223372036854775807").utf8)
        .write(to: scenario.appendingPathComponent("scenario.yaml"))
    },
    TrustCase(
      "a category total above the city total", place: "tiny/scenario.yaml, line 8, column 5",
      words: ["categories[0]", ".total is 13", "above the city total 12"]
    ) { _, scenario in
      try Data(TinyScenario.yaml().replacingOccurrences(of: "total: 10", with: "total: 13").utf8)
        .write(to: scenario.appendingPathComponent("scenario.yaml"))
    },
    TrustCase(
      "a district total above the city total", place: "tiny/scenario.yaml, line 9, column 23", words: ["district_totals.甲区", "9223372036854775807"]
    ) { _, scenario in
      try yaml(scenario, "", juniorHighExtra: "    district_totals: {甲区: 9223372036854775807}\n")
    },
    TrustCase("coverage per_class 2^63−1", place: "tiny/scenario.yaml, line 9, column 27", words: ["coverage[0].per_class", "99,999,999"]) { _, scenario in
      try yaml(scenario, "", juniorHighExtra: "    coverage: [{grade: 2, per_class: 9223372036854775807}]\n")
    },
    TrustCase("branch_minimum 2^63−1", place: "tiny/scenario.yaml, line 11, column 1", words: ["branch_minimum"]) { _, scenario in
      try yaml(scenario, "branch_minimum: 9223372036854775807\n")
    },
    TrustCase("strict_control names a grade the category lacks", place: "tiny/scenario.yaml, line 9, column 23", words: ["grade 9"]) { _, scenario in
      try yaml(scenario, "", juniorHighExtra: "    strict_control: [{grades: [9], above: 0.5}]\n")
    },
    TrustCase("density_exponent 1e308", place: "tiny/scenario.yaml, line 11, column 10", words: ["social.density_exponent", "finite"]) { _, scenario in
      try yaml(scenario, "social: {density_exponent: 1e308}\n")
    },
    // YAML.
    TrustCase(
      "a 3,000-deep base chain", folder: "s0", place: "s31/scenario.yaml, line 1, column 1", words: ["chain", "longer than 32"]
    ) { root, _ in
      try chain(root, count: 3000)
    },
    TrustCase("a base chain that returns to itself", folder: "s0", place: "s1/scenario.yaml, line 1, column 1", words: ["s0 → s1 → s0"]) { root, _ in
      try chain(root, count: 2)
      try Data("base: ../s0\n".utf8).write(to: root.appendingPathComponent("s1/scenario.yaml"))
    },
    TrustCase("a base that does not exist", folder: "s0", place: "s0/scenario.yaml, line 1, column 1", words: ["../nowhere"]) { root, _ in
      try chain(root, count: 1)
      try Data("base: ../nowhere\n".utf8).write(to: root.appendingPathComponent("s0/scenario.yaml"))
    },
    TrustCase("a base that is a named pipe", folder: "s0", place: "pipe.yaml", words: ["named pipe"]) { root, _ in
      try chain(root, count: 1)
      #expect(mkfifo(root.appendingPathComponent("pipe.yaml").path, 0o600) == 0)
      try Data("base: ../pipe.yaml\n".utf8).write(to: root.appendingPathComponent("s0/scenario.yaml"))
    },
    TrustCase(
      "a duplicated total", place: "tiny/scenario.yaml, line 3, column 1", words: ["total", "again at line 11, column 1"]
    ) { _, scenario in
      try yaml(scenario, "total: 5\n")
    },
    TrustCase("a YAML syntax error", place: "tiny/scenario.yaml, line 12, column 1", words: ["not valid YAML", "line 11, column 8"]) { _, scenario in
      try yaml(scenario, "title: [unclosed\n")
    },
    TrustCase("a tab for indentation", place: "tiny/scenario.yaml, line 12, column 1", words: ["not valid YAML"]) { _, scenario in
      try yaml(scenario, "social:\n\tdensity_exponent: 1\n")
    },
    TrustCase("a type mismatch names the line of the setting", place: "tiny/scenario.yaml, line 3, column 1", words: ["total", "“many”"]) { _, scenario in
      try yaml(scenario, "", total: "\"many\"")
    },
    TrustCase("an unknown key names its line", place: "tiny/scenario.yaml, line 9, column 5", words: ["totl", "not a setting"]) { _, scenario in
      try yaml(scenario, "", juniorHighExtra: "    totl: 3\n")
    },
    TrustCase("a list where settings belong", place: "tiny/scenario.yaml, line 1, column 1", words: ["settings", "a list"]) { _, scenario in
      try Data("- name: tiny\n".utf8).write(to: scenario.appendingPathComponent("scenario.yaml"))
    },
    TrustCase("two YAML documents", place: "tiny/scenario.yaml, line 11, column 1", words: ["second YAML document"]) { _, scenario in
      try yaml(scenario, "---\nname: other\n")
    },
    TrustCase("nesting 100,000 deep", place: "tiny/scenario.yaml, line 11", words: ["1000 deep"]) { _, scenario in
      try yaml(scenario, "title: " + String(repeating: "[", count: 100_000) + "\n")
    },
    TrustCase("an alias bomb", place: "tiny/scenario.yaml, line 13, column 12", words: ["alias *a0"]) { _, scenario in
      var lines = "x:\n  a0: &a0 [x,x,x,x,x,x,x,x,x,x]\n"
      for level in 1...9 { lines += "  a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ",") + "]\n" }
      try yaml(scenario, lines + "? *a9\n: 1\n")
    },
    TrustCase(
      "a category id listed twice", place: "tiny/scenario.yaml, line 11, column 5",
      words: ["categories[2]", "junior_high", "categories[0] (line 7, column 5)"]
    ) { _, scenario in
      try yaml(scenario, "  - id: junior_high\n    total: 3\n")
    },
    TrustCase(
      "a category id listed twice in a what-if", folder: "what-if", place: "what-if/scenario.yaml, line 4, column 5",
      words: ["categories[1]", "junior_high", "categories[0] (line 3, column 5)"]
    ) { _, scenario in
      try Data("base: ../tiny\ncategories:\n  - id: junior_high\n  - id: junior_high\n    total: 4\n".utf8)
        .write(to: scenario.appendingPathComponent("scenario.yaml"))
      try TinyScenario().write(to: scenario.deletingLastPathComponent().appendingPathComponent("tiny"))
    },
    // Patches write counts the tables never see: they are bounded before any arithmetic.
    TrustCase(
      "a patch that sets 2^63−1 students", folder: "what-if", place: "what-if/scenario.yaml, line 3, column 5",
      words: ["patches[0]", "students 9223372036854775807", "0 to 10000000"]
    ) { _, scenario in
      try Data("base: ../tiny\npatches:\n  - set: {school: 甲中学, grade: 2, students: 9223372036854775807}\n".utf8)
        .write(to: scenario.appendingPathComponent("scenario.yaml"))
      try TinyScenario().write(to: scenario.deletingLastPathComponent().appendingPathComponent("tiny"))
    },
    TrustCase(
      "a patch that adds a school of 2^63−1 members, then merges it", folder: "what-if",
      place: "what-if/scenario.yaml, line 3, column 5", words: ["patches[0]", "students 9223372036854775807"]
    ) { _, scenario in
      try Data(
        """
        base: ../tiny
        patches:
          - add: {district: 甲区, school: 丙中学, category: junior_high, grades: [{grade: 2, classes: 1, students: 9223372036854775807, members: 9223372036854775807}]}
          - merge: {schools: [甲中学, 丙中学], into: 甲中学}

        """.utf8
      ).write(to: scenario.appendingPathComponent("scenario.yaml"))
      try TinyScenario().write(to: scenario.deletingLastPathComponent().appendingPathComponent("tiny"))
    },
    TrustCase(
      "promote with 1e300 entrants", folder: "what-if", place: "what-if/scenario.yaml, line 3, column 5",
      words: ["patches[0]", "promote.entrants", "from 0 to 100"]
    ) { _, scenario in
      try Data("base: ../tiny\npatches:\n  - promote: {entrants: 1e300}\n".utf8).write(to: scenario.appendingPathComponent("scenario.yaml"))
      try TinyScenario().write(to: scenario.deletingLastPathComponent().appendingPathComponent("tiny"))
    },
  ]

  static let accepted: [TrustCase] = [
    TrustCase("a scenario folder whose name holds #", folder: "plan#2022") { _, _ in },
    TrustCase("a data folder whose name holds #") { root, scenario in
      try moveSchools(root, scenario, to: "tiny/raw#1/schools.csv")
      try yaml(scenario, "data:\n  schools: raw#1/schools.csv\n")
    },
    TrustCase("an Excel sheet after # in a folder whose name holds #", folder: "plan#2") { _, scenario in
      try FileManager.default.createDirectory(at: scenario.appendingPathComponent("raw#1"), withIntermediateDirectories: true)
      try workbook(sheet: "学校").write(to: scenario.appendingPathComponent("raw#1/schools.xlsx"))
      try FileManager.default.removeItem(at: scenario.appendingPathComponent("schools.csv"))
      try yaml(scenario, "data:\n  schools: raw#1/schools.xlsx#学校\n")
    },
    TrustCase("a link inside the folder") { root, scenario in
      try moveSchools(root, scenario, to: "tiny/2022/schools.csv")
      try link(scenario, "schools.csv", to: "2022/schools.csv")
    },
    TrustCase("a path with ./ and a .. that stays inside") { root, scenario in
      try moveSchools(root, scenario, to: "tiny/data/schools.csv")
      try yaml(scenario, "data:\n  schools: ./data/../data/schools.csv\n")
    },
    TrustCase("a scenario folder reached through a link", folder: "linked") { root, scenario in
      try FileManager.default.removeItem(at: scenario)
      try TinyScenario().write(to: root.appendingPathComponent("real"))
      try FileManager.default.createSymbolicLink(atPath: scenario.path, withDestinationPath: "real")
    },
    TrustCase("a what-if whose base: leads out of its folder", folder: "what-if") { root, scenario in
      try Data("base: ../tiny\ntotal: 12\n".utf8).write(to: scenario.appendingPathComponent("scenario.yaml"))
      try TinyScenario().write(to: root.appendingPathComponent("tiny"))
    },
    TrustCase("a chain of 32 scenarios", folder: "s0") { root, _ in
      try chain(root, count: 31)
      try TinyScenario().write(to: root.appendingPathComponent("tiny"))
    },
    TrustCase("a .. that passes above the folder and returns into it") { _, scenario in
      try yaml(scenario, "data:\n  schools: ../tiny/schools.csv\n")
    },
    TrustCase("a * that is text, not an alias") { _, scenario in
      try yaml(scenario, "title: \"*draft*\"  # *not an alias\n")
    },
  ]
}
