import Foundation
import Testing

/// Issue #11, section 1: quotaplan replaces only what it made. An existing output folder is
/// replaced only when it is empty or carries the `.quotaplan` marker; anything else (the
/// scenario, an ancestor, `.`, `/`, a file, a folder of other files) is refused before any
/// work with exit 73 and a sentence naming the path, and every victim stays byte-identical.
/// Write failures exit 73 (cannot create) or 74 (writing failed); names become safe folder
/// names; the terminal never receives raw escape sequences.
@Suite("The out folder: replace only what quotaplan made")
struct OutFolderTests {
  // MARK: - Refusals

  /// One destructive `--out` and what the refusal must say.
  struct Refusal: Sendable, CustomTestStringConvertible {
    let name: String
    /// The command line, given the workspace root (cwd is the root unless `cwd` says otherwise).
    let arguments: @Sendable (URL) -> [String]
    /// Words the message must contain (besides the path).
    let words: [String]
    /// The path (or its last component) the message must name.
    let path: @Sendable (URL) -> String
    var cwd: @Sendable (URL) -> URL = { $0 }
    var testDescription: String { name }

    static let all: [Refusal] = [
      Refusal(name: "solve --out the scenario folder", arguments: { _ in ["solve", "tiny", "--out", "tiny"] }, words: ["input"], path: { _ in "tiny" }),
      Refusal(
        name: "solve --out an ancestor of the scenario", arguments: { ["solve", $0.path + "/group/tiny", "--out", $0.path + "/group"] },
        words: ["holds"], path: { $0.path + "/group" }),
      Refusal(name: "solve --out .", arguments: { _ in ["solve", "tiny", "--out", "."] }, words: ["current folder"], path: { $0.path }),
      Refusal(
        name: "solve --out .. (holds the current folder)", arguments: { ["solve", $0.path + "/tiny", "--out", ".."] }, words: ["current folder"],
        path: { _ in ".." }, cwd: { $0.appendingPathComponent("others") }),
      Refusal(name: "solve --out a file", arguments: { _ in ["solve", "tiny", "--out", "notes.txt"] }, words: ["is a file"], path: { _ in "notes.txt" }),
      Refusal(
        name: "solve --out a folder of other files", arguments: { _ in ["solve", "tiny", "--out", "others"] }, words: ["did not write", "a.txt"],
        path: { _ in "others" }),
      Refusal(
        name: "solve --out a symbolic link to a folder of other files", arguments: { _ in ["solve", "tiny", "--out", "link"] },
        words: ["did not write"], path: { _ in "link" }),
      Refusal(
        name: "solve --out a dangling symbolic link", arguments: { _ in ["solve", "tiny", "--out", "dangling"] }, words: ["symbolic link", "does not exist"],
        path: { _ in "dangling" }),
      Refusal(
        name: "run with two scenarios of one name", arguments: { _ in ["run", "tiny", "tiny/scenario.yaml", "--out", "runs3"] },
        words: ["both go there"], path: { _ in "runs3/tiny" }),
      Refusal(name: "run --out . (the plan would replace the scenario)", arguments: { _ in ["run", "tiny", "--out", "."] }, words: ["input"], path: { _ in "tiny" }),
      Refusal(
        name: "run --out a folder whose comparison is someone else's", arguments: { _ in ["run", "tiny", "--out", "runs"] },
        words: ["did not write"], path: { _ in "comparison" }),
      Refusal(
        name: "compare --out the scenario folder", arguments: { _ in ["compare", "tiny", "group/tiny", "--out", "tiny"] }, words: ["input"],
        path: { _ in "tiny" }),
      Refusal(
        name: "sweep --out a folder of other files", arguments: { _ in ["sweep", "tiny", "--set", "total=12...13", "--step", "1", "--out", "others"] },
        words: ["did not write"], path: { _ in "others" }),
      Refusal(
        name: "refine --out the city plan it reads", arguments: { _ in ["refine", "plan", "--district", "甲区", "--out", "plan"] }, words: ["input"],
        path: { _ in "plan" }),
      Refusal(
        name: "combine --out a folder of other files", arguments: { _ in ["combine", "plan", "plan-甲区", "--out", "others"] },
        words: ["did not write"], path: { _ in "others" }),
      Refusal(name: "export --out a file", arguments: { _ in ["export", "tiny", "--out", "notes.txt"] }, words: ["is a file"], path: { _ in "notes.txt" }),
      Refusal(
        name: "generate --out a scenario folder it did not write", arguments: { _ in ["generate", "--preset", "city", "--schools", "5", "--out", "tiny"] },
        words: ["did not write", "scenario.yaml"], path: { _ in "tiny" }),
      Refusal(
        name: "solve --out a scenario written by generate", arguments: { _ in ["solve", "tiny", "--out", "generated"] },
        words: ["generate"], path: { _ in "generated" }),
    ]
  }

  @Test("A destructive --out is refused before any work: exit 73, a sentence naming it, nothing changed", arguments: Refusal.all)
  func refused(_ refusal: Refusal) async throws {
    let workspace = try OutWorkspace()
    defer { workspace.remove() }
    try await workspace.addPlans()
    let before = try workspace.tree()
    // English sentences: a refusal comes before any scenario is read, when the CLI speaks Chinese by default.
    let run = try await quotaplan(refusal.arguments(workspace.root) + ["--language", "en"], cwd: refusal.cwd(workspace.root))
    #expect(run.status == 73, "\(refusal.name): exit \(run.status), stderr: \(run.stderr)")
    let message = run.stderr
    #expect(message.hasPrefix("quotaplan: Refusing to write "), "\(refusal.name): \(message)")
    #expect(message.contains(refusal.path(workspace.root)), "\(refusal.name): the path is not named: \(message)")
    for word in refusal.words { #expect(message.contains(word), "\(refusal.name): “\(word)” not said: \(message)") }
    #expect(message.hasSuffix(".\n") && message.split(separator: "\n").count == 1, "\(refusal.name): not one sentence: \(message)")
    #expect(run.stdout.isEmpty, "\(refusal.name): \(run.stdout)")
    let after = try workspace.tree()
    #expect(after == before, "\(refusal.name): changed: \(OutWorkspace.difference(before, after))")
  }

  @Test("--out / is refused without touching anything, for every writing command")
  func rootRefused() async throws {
    let workspace = try OutWorkspace()
    defer { workspace.remove() }
    try await workspace.addPlans()
    let rootBefore = try FileManager.default.contentsOfDirectory(atPath: "/").sorted()
    let before = try workspace.tree()
    let commands: [[String]] = [
      ["solve", "tiny"], ["run", "tiny"], ["compare", "tiny", "group/tiny"], ["sweep", "tiny", "--set", "total=12...13", "--step", "1"],
      ["refine", "plan", "--district", "甲区"], ["combine", "plan", "plan-甲区"], ["export", "tiny"], ["generate", "--preset", "city"],
    ]
    for command in commands {
      let run = try await quotaplan(command + ["--out", "/", "--language", "en"], cwd: workspace.root)
      #expect(run.status == 73, "\(command[0]): exit \(run.status), stderr: \(run.stderr)")
      #expect(run.stderr.contains("Refusing to write /") && run.stderr.contains("root of the file system"), "\(command[0]): \(run.stderr)")
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: "/").sorted() == rootBefore)
    #expect(try workspace.tree() == before)
  }

  // MARK: - What may be replaced

  @Test("A marked old plan is replaced (old files it no longer has go), an empty folder is used, a symbolic link is followed")
  func replaceable() async throws {
    let workspace = try OutWorkspace()
    defer { workspace.remove() }
    let manager = FileManager.default
    let first = try await quotaplan(["solve", "tiny", "--out", "plan", "--quiet"], cwd: workspace.root)
    #expect(first.status == 0, "\(first.stderr)")
    let marker = try String(contentsOf: workspace.root.appendingPathComponent("plan/.quotaplan"), encoding: .utf8)
    #expect(marker.hasPrefix("quotaplan plan "), "\(marker)")
    // An extra file inside a marked folder is quotaplan's to replace.
    try Data("old".utf8).write(to: workspace.root.appendingPathComponent("plan/old-extra.csv"))
    let second = try await quotaplan(["solve", "tiny", "--out", "plan", "--quiet", "--language", "zh"], cwd: workspace.root)
    #expect(second.status == 0, "\(second.stderr)")
    let files = try manager.contentsOfDirectory(atPath: workspace.root.appendingPathComponent("plan").path)
    #expect(!files.contains("old-extra.csv") && files.contains("plan.csv") && files.contains(".quotaplan"), "\(files)")

    try manager.createDirectory(at: workspace.root.appendingPathComponent("empty"), withIntermediateDirectories: true)
    let empty = try await quotaplan(["solve", "tiny", "--out", "empty", "--quiet"], cwd: workspace.root)
    #expect(empty.status == 0, "\(empty.stderr)")
    #expect(manager.fileExists(atPath: workspace.root.appendingPathComponent("empty/plan.csv").path))

    // A link to a marked plan: the plan at the link's target is replaced, the link stays a link.
    let chinese = try Data(contentsOf: workspace.root.appendingPathComponent("plan/plan.csv"))
    try manager.createSymbolicLink(atPath: workspace.root.appendingPathComponent("latest").path, withDestinationPath: "plan")
    let linked = try await quotaplan(["solve", "tiny", "--out", "latest", "--quiet", "--language", "en"], cwd: workspace.root)
    #expect(linked.status == 0, "\(linked.stderr)")
    #expect(try manager.destinationOfSymbolicLink(atPath: workspace.root.appendingPathComponent("latest").path) == "plan")
    #expect(try Data(contentsOf: workspace.root.appendingPathComponent("plan/plan.csv")) != chinese, "the new plan is at the link's target")
    #expect(try manager.contentsOfDirectory(atPath: workspace.root.path).filter { $0.contains(".writing-") }.isEmpty)

    // Every command marks its folder with its kind.
    let kinds: [([String], String, String)] = [
      (["compare", "tiny", "group/tiny", "--out", "cmp"], "cmp", "comparison"),
      (["sweep", "tiny", "--set", "total=12...13", "--step", "1", "--out", "sw"], "sw", "sweep"),
      (["export", "tiny", "--out", "models"], "models", "models"),
      (["generate", "--preset", "city", "--schools", "5", "--out", "gen"], "gen", "scenario"),
      (["refine", "plan", "--district", "甲区"], "plan-甲区", "refinement"),
      (["combine", "plan", "plan-甲区"], "plan-combined", "combined"),
      (["run", "tiny", "--out", "runs2"], "runs2/comparison", "comparison"),
      (["run", "tiny", "--out", "runs2"], "runs2/tiny", "plan"),
    ]
    for (arguments, folder, kind) in kinds {
      for attempt in 0..<2 {  // the second run replaces the first's folder
        let run = try await quotaplan(arguments, cwd: workspace.root)
        #expect(run.status == 0, "\(arguments) attempt \(attempt): \(run.stderr)")
      }
      let text = (try? String(contentsOf: workspace.root.appendingPathComponent(folder + "/.quotaplan"), encoding: .utf8)) ?? ""
      #expect(text.hasPrefix("quotaplan \(kind) "), "\(folder): \(text)")
    }
  }

  // MARK: - Names

  struct NameCase: Sendable, CustomTestStringConvertible {
    let yaml: String
    /// The folder the plan lands in, under out/.
    let folder: String
    var testDescription: String { "name: \(yaml)" }
    static let all = [
      NameCase(yaml: "..", folder: "tiny"), NameCase(yaml: "\".\"", folder: "tiny"), NameCase(yaml: "\"a/b\"", folder: "a_b"),
      NameCase(yaml: "\"x\\e[2J\\u0007y\"", folder: "x_[2J_y"), NameCase(yaml: "\"/\"", folder: "tiny"),
      NameCase(yaml: "\"..\\\\..\"", folder: "tiny"), NameCase(yaml: "\"a/../b\"", folder: "a_.._b"),
      NameCase(yaml: "扬州-2022", folder: "扬州-2022"),
    ]
  }

  @Test("name is a display name: the default out folder is one safe component under out/", arguments: NameCase.all)
  func names(_ name: NameCase) async throws {
    let workspace = try OutWorkspace()
    defer { workspace.remove() }
    let scenario = workspace.root.appendingPathComponent("tiny/scenario.yaml")
    let yaml = try String(contentsOf: scenario, encoding: .utf8).replacingOccurrences(of: "name: tiny", with: "name: \(name.yaml)")
    try yaml.write(to: scenario, atomically: true, encoding: .utf8)
    // A plan already in out/ (someone else's run) and the working folder's own files.
    let other = workspace.root.appendingPathComponent("out/other")
    try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
    try Data("keep".utf8).write(to: other.appendingPathComponent("keep.txt"))
    let before = try workspace.tree()
    let run = try await quotaplan(["solve", "tiny"], cwd: workspace.root)
    let expected = name.folder
    #expect(run.status == 0, "exit \(run.status): \(run.stderr)")
    #expect(!run.stdout.contains("\u{1B}") && !run.stderr.contains("\u{1B}") && !run.stdout.contains("\u{07}"))
    let written = try FileManager.default.contentsOfDirectory(atPath: workspace.root.appendingPathComponent("out").path).sorted()
    #expect(written == [expected, "other"].sorted(), "\(written)")
    #expect(FileManager.default.fileExists(atPath: workspace.root.appendingPathComponent("out/\(expected)/plan.csv").path))
    let after = try workspace.tree().filter { !$0.key.hasPrefix("out/\(expected)") }
    #expect(after == before, "\(OutWorkspace.difference(before, after))")
  }

  // MARK: - Failures and leftovers

  @Test("A write failure exits 74 (file too large) or 73 (no folder can be made), naming the path; the old plan stays")
  func writeFailures() async throws {
    let workspace = try OutWorkspace()
    defer { workspace.remove() }
    let good = try await quotaplan(["solve", "tiny", "--out", "plan", "--quiet"], cwd: workspace.root)
    try #require(good.status == 0, "\(good.stderr)")
    let before = try workspace.tree()
    // Root ignores permissions, so the failure comes from a file size limit (EFBIG).
    // Chinese headers make new files (English messages stay).
    let limited = try await quotaplan(["solve", "tiny", "--out", "plan", "--headers", "zh"], cwd: workspace.root, fileSizeLimitBlocks: 2)
    #expect(limited.status == 74, "exit \(limited.status): \(limited.stderr)")
    #expect(limited.stderr.hasPrefix("quotaplan: Could not write plan (") && limited.stderr.contains("Nothing was changed there."), "\(limited.stderr)")
    #expect(try workspace.tree() == before, "the old plan changed")

    let underFile = try await quotaplan(["solve", "tiny", "--out", "notes.txt/plan", "--language", "en"], cwd: workspace.root)
    #expect(underFile.status == 73, "exit \(underFile.status): \(underFile.stderr)")
    #expect(underFile.stderr.contains("notes.txt/plan") && underFile.stderr.contains("is a file"), "\(underFile.stderr)")
    let proc = try await quotaplan(["export", "tiny", "--out", "/proc/quotaplan-\(UUID().uuidString)", "--language", "en"], cwd: workspace.root)
    #expect(proc.status == 73, "exit \(proc.status): \(proc.stderr)")
    #expect(proc.stderr.contains("Could not create /proc/quotaplan-"), "\(proc.stderr)")
    #expect(try workspace.tree() == before)
  }

  @Test("Staging folders left by a killed run, read-only ones too, are removed by the next run")
  func staleStaging() async throws {
    let workspace = try OutWorkspace()
    defer { workspace.remove() }
    let manager = FileManager.default
    // The pid of a process that has ended.
    let ended = Process()
    ended.executableURL = URL(fileURLWithPath: "/bin/true")
    try ended.run()
    ended.waitUntilExit()
    let stale = workspace.root.appendingPathComponent(".plan.writing-\(ended.processIdentifier)-0badc0de")
    try manager.createDirectory(at: stale.appendingPathComponent("inner"), withIntermediateDirectories: true)
    try Data("half".utf8).write(to: stale.appendingPathComponent("plan.csv"))
    try Data("half".utf8).write(to: stale.appendingPathComponent("inner/x"))
    chmod(stale.appendingPathComponent("inner").path, 0o555)
    chmod(stale.path, 0o555)
    let run = try await quotaplan(["solve", "tiny", "--out", "plan", "--quiet"], cwd: workspace.root)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(!manager.fileExists(atPath: stale.path), "the read-only staging folder is still there")
    let left = try manager.contentsOfDirectory(atPath: workspace.root.path).filter { $0.contains(".writing-") }
    #expect(left.isEmpty, "\(left)")
  }

  @Test("As an unprivileged user: a read-only stale staging folder of one's own is removed, a read-only parent exits 73")
  func unprivileged() async throws {
    // Permissions do not stop root, so this runs the binary as nobody (setpriv), when it can.
    guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { return }
    let workspace = try OutWorkspace()
    defer { workspace.remove() }
    let manager = FileManager.default
    chmod(workspace.root.path, 0o777)
    let ended = Process()
    ended.executableURL = URL(fileURLWithPath: "/bin/true")
    try ended.run()
    ended.waitUntilExit()
    let stale = workspace.root.appendingPathComponent(".plan.writing-\(ended.processIdentifier)-0badc0de")
    try manager.createDirectory(at: stale.appendingPathComponent("inner"), withIntermediateDirectories: true)
    try Data("half".utf8).write(to: stale.appendingPathComponent("inner/plan.csv"))
    #expect(shell("chown -R 65534:65534 '\(stale.path)' && chmod -R a-w '\(stale.path)'") == 0)
    let run = try await quotaplan(["solve", "tiny", "--out", "plan", "--quiet"], cwd: workspace.root, asNobody: true)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(!manager.fileExists(atPath: stale.path), "the read-only staging folder is still there")

    let locked = workspace.root.appendingPathComponent("locked")
    try manager.createDirectory(at: locked, withIntermediateDirectories: true)
    chmod(locked.path, 0o555)
    let before = try workspace.tree()
    let denied = try await quotaplan(["solve", "tiny", "--out", "locked/plan", "--language", "en"], cwd: workspace.root, asNobody: true)
    #expect(denied.status == 73, "exit \(denied.status): \(denied.stderr)")
    #expect(denied.stderr.contains("Could not create locked/plan") && denied.stderr.contains("Permission denied"), "\(denied.stderr)")
    #expect(try workspace.tree() == before)
  }

  // MARK: - Mount points

  @Test("A mount point as --out is written inside; a full one fails with 74 and leaves nothing")
  func mountPoint() async throws {
    let workspace = try OutWorkspace()
    defer { workspace.remove() }
    let mount = workspace.root.appendingPathComponent("mnt")
    try FileManager.default.createDirectory(at: mount, withIntermediateDirectories: true)
    guard shell("mount -t tmpfs -o size=2m tmpfs '\(mount.path)'") == 0 else {
      // Not root or no CAP_SYS_ADMIN here: this case cannot run (it does run as root).
      return
    }
    defer { _ = shell("umount '\(mount.path)'") }
    let first = try await quotaplan(["solve", "tiny", "--out", "mnt", "--quiet"], cwd: workspace.root)
    #expect(first.status == 0, "\(first.stderr)")
    let second = try await quotaplan(["solve", "tiny", "--out", "mnt", "--quiet", "--language", "zh"], cwd: workspace.root)
    #expect(second.status == 0, "\(second.stderr)")
    let files = try FileManager.default.contentsOfDirectory(atPath: mount.path).sorted()
    #expect(files.contains(".quotaplan") && files.contains("plan.csv") && !files.contains { $0.contains("writing") }, "\(files)")
    #expect(shell("mountpoint -q '\(mount.path)'") == 0, "the mount point is still mounted")

    // Someone else's files on a mount point are refused like anywhere else.
    let small = workspace.root.appendingPathComponent("small")
    try FileManager.default.createDirectory(at: small, withIntermediateDirectories: true)
    try #require(shell("mount -t tmpfs -o size=24k tmpfs '\(small.path)'") == 0)
    defer { _ = shell("umount '\(small.path)'") }
    try Data("mine".utf8).write(to: small.appendingPathComponent("mine.txt"))
    let foreign = try await quotaplan(["solve", "tiny", "--out", "small"], cwd: workspace.root)
    #expect(foreign.status == 73, "\(foreign.stderr)")
    #expect(try Data(contentsOf: small.appendingPathComponent("mine.txt")) == Data("mine".utf8))
    try FileManager.default.removeItem(at: small.appendingPathComponent("mine.txt"))

    // A full file system: exit 74, nothing left on it.
    let full = try await quotaplan(["solve", "tiny", "--out", "small/plan", "--language", "en"], cwd: workspace.root)
    #expect(full.status == 74, "exit \(full.status): \(full.stderr)")
    #expect(full.stderr.contains("small/plan") && full.stderr.contains("No space left on device"), "\(full.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: small.path).isEmpty)
  }

  // MARK: - Terminal escapes

  @Test("Messages and summaries never send raw escape sequences to the terminal")
  func terminalEscapes() async throws {
    let workspace = try OutWorkspace()
    defer { workspace.remove() }
    let scenario = workspace.root.appendingPathComponent("tiny")
    var yaml = try String(contentsOf: scenario.appendingPathComponent("scenario.yaml"), encoding: .utf8)
    yaml = yaml.replacingOccurrences(of: "name: tiny", with: "name: \"t\\e[2J\"\ntitle: \"T\\e]0;owned\\u0007\\u009b31m\"")
    try yaml.write(to: scenario.appendingPathComponent("scenario.yaml"), atomically: true, encoding: .utf8)
    // Names in the tables cannot hold control characters (the input refuses them), so the
    // school's name reaches the terminal only as the user typed it on the command line.
    let schools = try String(contentsOf: scenario.appendingPathComponent("schools.csv"), encoding: .utf8)
    let solve = try await quotaplan(["solve", "tiny", "--out", "plan"], cwd: workspace.root)
    let explain = try await quotaplan(["explain", "tiny", "--school", "甲\u{1B}[2J中学"], cwd: workspace.root)
    let compare = try await quotaplan(["compare", "tiny", "tiny"], cwd: workspace.root)
    try (schools + "甲区,\u{1B}[31m乙,junior_high,2,2,abc\u{1B}[0m,1\n").write(
      to: scenario.appendingPathComponent("schools.csv"), atomically: true, encoding: .utf8)
    let bad = try await quotaplan(["solve", "tiny", "--out", "plan2"], cwd: workspace.root)
    let usage = try await quotaplan(["solve", "tiny", "--\u{1B}[2J"], cwd: workspace.root)
    #expect(usage.status == 64, "\(usage.stderr)")
    #expect(solve.status == 0 && compare.status == 0, "\(solve.stderr) \(compare.stderr)")
    #expect(explain.status != 0, "\(explain.stdout)")
    #expect(bad.status == 65, "\(bad.stderr)")
    for (name, run) in [("solve", solve), ("explain", explain), ("compare", compare), ("bad input", bad), ("usage", usage)] {
      for text in [run.stdout, run.stderr] {
        let controls = text.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F..<0xA0).contains($0.value) }
        #expect(controls.isEmpty, "\(name) printed raw controls: \(controls.map(\.value))")
      }
    }
    #expect(solve.stdout.contains("T\\u{1B}]0;owned\\u{7}\\u{9B}31m"), "\(solve.stdout)")
    #expect(explain.stderr.contains("甲\\u{1B}[2J中学"), "\(explain.stderr)")
    #expect(bad.stderr.contains("\\u{1B}"), "\(bad.stderr)")
  }
}

// MARK: - Running and watching

/// A workspace with the victims a careless writer would destroy: `tiny/` (the scenario),
/// `group/tiny/` (a second scenario inside a folder), `notes.txt`, `others/` (a folder of a
/// user's files), `link` → `others`, `dangling` → nowhere, `runs/comparison/` (someone else's folder named like
/// quotaplan's) and `generated/` (a scenario written by generate, marked).
struct OutWorkspace {
  let root: URL

  init() throws {
    root = FileManager.default.temporaryDirectory.appendingPathComponent("quotaplan-out-\(UUID().uuidString)")
    let manager = FileManager.default
    try manager.createDirectory(at: root, withIntermediateDirectories: true)
    try TinyScenario().write(to: root.appendingPathComponent("tiny"))
    try Self.tinyFiles(name: "tiny2").write(to: root.appendingPathComponent("group/tiny"))
    try Data("group notes".utf8).write(to: root.appendingPathComponent("group/readme.txt"))
    try Data("my notes\n".utf8).write(to: root.appendingPathComponent("notes.txt"))
    try manager.createDirectory(at: root.appendingPathComponent("others"), withIntermediateDirectories: true)
    try Data("a".utf8).write(to: root.appendingPathComponent("others/a.txt"))
    try Data("b".utf8).write(to: root.appendingPathComponent("others/b.csv"))
    try manager.createSymbolicLink(atPath: root.appendingPathComponent("link").path, withDestinationPath: "others")
    try manager.createSymbolicLink(atPath: root.appendingPathComponent("dangling").path, withDestinationPath: "missing-target")
    try manager.createDirectory(at: root.appendingPathComponent("runs/comparison"), withIntermediateDirectories: true)
    try Data("mine".utf8).write(to: root.appendingPathComponent("runs/comparison/mine.csv"))
  }

  static func tinyFiles(name: String) -> TinyScenario {
    var files = TinyScenario()
    files.scenario = files.scenario?.replacingOccurrences(of: "name: tiny", with: "name: \(name)")
    return files
  }

  /// A city plan (`plan/`), its refinement of 甲区 (`plan-甲区/`) and a generated scenario, for
  /// the commands that read plans.
  func addPlans() async throws {
    for arguments in [
      ["solve", "tiny", "--out", "plan", "--quiet"], ["refine", "plan", "--district", "甲区"],
      ["generate", "--preset", "city", "--schools", "5", "--out", "generated"],
    ] {
      let run = try await quotaplan(arguments, cwd: root)
      try #require(run.status == 0, "\(arguments): \(run.stderr)")
    }
  }

  func remove() {
    _ = shell("chmod -R u+w '\(root.path)'")
    try? FileManager.default.removeItem(at: root)
  }

  enum Entry: Equatable, CustomStringConvertible {
    case file(Data), folder, link(String)
    var description: String {
      switch self {
      case .file(let data): "file of \(data.count) bytes"
      case .folder: "folder"
      case .link(let target): "link to \(target)"
      }
    }
  }

  /// Every file, folder and link under the root, hidden ones included, with its bytes.
  func tree() throws -> [String: Entry] {
    var entries: [String: Entry] = [:]
    func walk(_ relative: String) throws {
      let path = relative.isEmpty ? root.path : root.path + "/" + relative
      for name in try FileManager.default.contentsOfDirectory(atPath: path) {
        let child = relative.isEmpty ? name : relative + "/" + name
        let full = root.path + "/" + child
        var info = stat()
        lstat(full, &info)
        switch info.st_mode & S_IFMT {
        case S_IFLNK: entries[child] = .link(try FileManager.default.destinationOfSymbolicLink(atPath: full))
        case S_IFDIR:
          entries[child] = .folder
          try walk(child)
        default: entries[child] = .file(try Data(contentsOf: URL(fileURLWithPath: full)))
        }
      }
    }
    try walk("")
    return entries
  }

  static func difference(_ before: [String: Entry], _ after: [String: Entry]) -> String {
    let keys = Set(before.keys).union(after.keys).sorted().filter { before[$0] != after[$0] }
    return keys.prefix(8).map { "\($0): \(before[$0]?.description ?? "absent") → \(after[$0]?.description ?? "absent")" }.joined(separator: "; ")
  }
}
