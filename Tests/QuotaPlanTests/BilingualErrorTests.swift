import Foundation
import QuotaPlan
import Testing
import ZIPFoundation

/// Every error and conflict sentence in the planner's language: the Chinese sentence holds no
/// English words (file names, rule codes and setting names excepted), the English one no Chinese
/// (data names excepted), and `description` stays the English of old.
@Suite("Errors in both languages")
struct BilingualErrorTests {
  /// The text with the allowed words taken out, then every rule code (R5, G1, PIN).
  static func strip(_ text: String, _ allowed: [String]) -> String {
    var rest = text
    for word in allowed.sorted(by: { $0.count > $1.count }) { rest = rest.replacingOccurrences(of: word, with: " ") }
    return rest.replacingOccurrences(of: #"(?<![A-Za-z])([RG]\d{1,2}|PIN)(?![A-Za-z0-9])"#, with: " ", options: .regularExpression)
  }

  /// ASCII letters left in a Chinese sentence once the allowed words are out.
  static func englishLeft(_ zh: String, allowing allowed: [String] = []) -> String {
    String(strip(zh, allowed).unicodeScalars.filter { ("A"..."Z").contains($0) || ("a"..."z").contains($0) }.map(Character.init))
  }

  /// Chinese characters (and Chinese punctuation) left in an English sentence once the data names are out.
  static func chineseLeft(_ en: String, allowing names: [String] = []) -> String {
    String(
      strip(en, names).unicodeScalars.filter { (0x4E00...0x9FFF).contains($0.value) || "，。；：（）、".unicodeScalars.contains($0) }
        .map(Character.init))
  }

  static func expectBoth(_ error: any BilingualError, zhAllows: [String] = [], names: [String] = [], _ comment: Comment? = nil) {
    let zh = error.sentence(.zh)
    let en = error.sentence(.en)
    #expect(zh != en, comment)
    #expect(englishLeft(zh, allowing: zhAllows).isEmpty, "English in the Chinese sentence: \(zh)")
    #expect(chineseLeft(en, allowing: names).isEmpty, "Chinese in the English sentence: \(en)")
  }

  /// A scratch folder, removed by the caller.
  static func folder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("quotaplan-bilingual-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  @Test("a schools table's row problems: the place and the sentence in Chinese, English as before")
  func tableRows() throws {
    let csv = """
      区县,学校,类别,年级,班级数,学生数,团员数
      甲区,一中,初中,初二,2,80,90
      甲区,二中,初中,初九,2,80,10
      乙区,三中,初中,初二,0,80,10

      """
    let policy = Fixture.policy([("junior_high", 10)])
    do {
      _ = try UploadedTables.read(policy: policy, schools: .init(name: "schools.csv", data: Data(csv.utf8)), social: nil)
      Issue.record("the rows loaded")
    } catch let problems as UploadedTables.Problems {
      #expect(problems.errors.count == 3)
      let zh = problems.sentence(.zh).split(separator: "\n").map(String.init)
      #expect(zh.first == "schools.csv，第 2 行，“团员数”列：该年级有 90 名团员，但只有 80 名学生。")
      #expect(zh.contains { $0.hasPrefix("schools.csv，第 3 行，“年级”列：“初九”不是初中的年级") })
      #expect(zh.contains("schools.csv，第 4 行，“班级数”列：该年级有 80 名学生，但班级数为 0。"))
      #expect(problems.errors.first?.description == "schools.csv, row 2, column 团员数: the grade has 90 members but only 80 students.")
      for error in problems.errors {
        Self.expectBoth(error, zhAllows: ["schools.csv"], names: ["团员数", "年级", "班级数", "初九", "初中"])
      }
    }
  }

  @Test("scenario.yaml: the line and column, an unknown setting and a wrong type in Chinese")
  func scenarioFile() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try "name: x\ntotal: many\n".write(to: folder.appendingPathComponent("scenario.yaml"), atomically: true, encoding: .utf8)
    do {
      _ = try ScenarioLoader.load(folder.path)
      Issue.record("a wrong type loaded")
    } catch let error as InputError {
      let zh = error.sentence(.zh)
      #expect(zh.hasPrefix("\(folder.lastPathComponent)/scenario.yaml，第 2 行第 1 列：设置项 total 的类型不对；这里应为整数"), "\(zh)")
      #expect(error.description.contains(", line 2, column 1: the setting total has the wrong type; expected a whole number"))
      Self.expectBoth(error, zhAllows: [folder.lastPathComponent, "scenario.yaml", "total", "many"])
    }
    try "name: x\ntotl: 5\n".write(to: folder.appendingPathComponent("scenario.yaml"), atomically: true, encoding: .utf8)
    do {
      _ = try ScenarioLoader.load(folder.path)
      Issue.record("an unknown setting loaded")
    } catch let error as InputError {
      let zh = error.sentence(.zh)
      #expect(zh.contains("“totl”不是此处的设置项；此处可写的设置项："), "\(zh)")
      #expect(error.description.contains("is not a setting here; known settings:"))
      // Setting names are the YAML's own keys: every one is allowed in the Chinese sentence.
      let keys = zh.components(separatedBy: "此处可写的设置项：").last?.split(whereSeparator: { "、。".contains($0) }).map(String.init) ?? []
      Self.expectBoth(error, zhAllows: [folder.lastPathComponent, "scenario.yaml", "totl"] + keys)
    }
  }

  @Test("a policy check names the setting and the rule with its title")
  func policyCheck() {
    var policy = Fixture.policy([("senior_high", 10)])
    policy.categories[0].caps[0].ratio = 3
    let problem = PolicyCheck.problem(in: policy)
    #expect(problem?.reasonZH == "为 3.0；团青比上限须在 0 到 1 之间。")
    #expect(problem?.reason == "is 3.0; a ratio cap must lie between 0 and 1.")
  }

  @Test("conflicts before solving: the rules with their names and the sentence in Chinese")
  func conflicts() throws {
    let scenario = Fixture.scenario(
      Fixture.policy([("junior_high", 100)]),
      [Fixture.school("一中", [(1, 2, 100, 5), (2, 2, 100, 5), (3, 2, 100, 10)])])
    do {
      _ = try Planner.plan(scenario)
      Issue.record("the conflict planned")
    } catch let error as PlanError {
      #expect(error.sentence(.zh) == "硬性规则无法同时满足：\n  - R2（分类别总量）与R4（初中团青比上限）：初中：总量要求 100，但团青比上限至多允许 10。")
      #expect(error.description == "The hard rules cannot all hold:\n  - R2 vs R4: 初中: the total asks 100, but the caps allow at most 10.")
      Self.expectBoth(error, names: ["初中"])
    }
    var totals = Fixture.policy([("junior_high", 10), ("senior_high", 2)])
    totals.total = 13
    do {
      _ = try Planner.plan(Fixture.scenario(totals, []))
      Issue.record("totals that do not add up planned")
    } catch let error as PlanError {
      #expect(error.sentence(.zh).contains("情景中各类别总量合计 12（初中 10 + 普通高中 2），但全市总量为 13。"))
      Self.expectBoth(error, names: ["初中", "普通高中"])
    }
  }

  @Test("the nearest plan's broken rules read in Chinese, with the rule's name")
  func brokenRules() throws {
    let scenario = Fixture.scenario(
      Fixture.policy([("junior_high", 30)]),
      [Fixture.school("一中", [(1, 2, 100, 5), (2, 2, 100, 5), (3, 2, 100, 10)])])
    let nearest = try Planner.nearestPlan(scenario)
    #expect(!nearest.brokenRules.isEmpty)
    for violation in nearest.brokenRules + nearest.unmetGoals() {
      let zh = violation.sentence(.zh)
      #expect(zh.hasPrefix("\(violation.rule.rawValue) \(violation.rule.title(.zh))："), "\(zh)")
      #expect(Self.englishLeft(zh).isEmpty, "English in: \(zh)")
      #expect(Self.chineseLeft(violation.sentence(.en), allowing: ["一中", "初中"]).isEmpty, "\(violation.sentence(.en))")
    }
    let text = String(decoding: try #require(try PlanWriter.files(nearest).first { $0.name == PlanWriter.brokenRulesFile }).data, as: UTF8.self)
    let language = nearest.policy.language
    #expect(nearest.brokenRules.allSatisfy { text.contains($0.sentence(language)) })
  }

  @Test("an out folder that may not be replaced is refused in Chinese")
  func outFolder() throws {
    do {
      _ = try OutputFolder.check("/", kind: .plan, inputs: [])
      Issue.record("the root was accepted")
    } catch let failure as OutputFolder.Failure {
      #expect(failure.sentence(.zh) == "拒绝写入 /：它是文件系统的根目录；quotaplan 从不替换它。未做任何改动；请另选 --out。")
      #expect(failure.description == "Refusing to write /: it is the root of the file system; quotaplan never replaces it. Nothing was changed; choose another --out.")
      Self.expectBoth(failure, zhAllows: ["quotaplan", "--out"])
    }
  }

  @Test("refine --district 宝应 suggests 宝应县 and names the plan's districts, not scenario.json")
  func districtSuggestion() throws {
    var policy = Fixture.policy([("junior_high", 10)])
    policy.districts = ["高邮市", "宝应县", "仪征市"]
    var folder = PlanFolder(scenario: Fixture.scenario(policy, []), allocation: [])
    folder.name = "yangzhou-plan"
    do {
      try folder.checkDistrict("宝应")
      Issue.record("宝应 was accepted")
    } catch let error as InputError {
      #expect(error.file == "yangzhou-plan")
      #expect(error.description == "yangzhou-plan: No district “宝应” in the city plan yangzhou-plan; did you mean 宝应县? Its districts are: 高邮市, 宝应县, 仪征市.")
      #expect(error.sentence(.zh) == "yangzhou-plan：城市方案 yangzhou-plan 中没有“宝应”这个区县；您是否要找“宝应县”？方案中的区县有：高邮市、宝应县、仪征市。")
      Self.expectBoth(error, zhAllows: ["yangzhou-plan"], names: ["宝应", "高邮市", "宝应县", "仪征市"])
    }
    // Nothing close: no guess, the list alone; a near spelling by edit distance.
    #expect(throws: InputError.self) { try folder.checkDistrict("广陵区") }
    #expect((try? folder.checkDistrict("宝应县")) != nil)
    do {
      try folder.checkDistrict("广陵区")
    } catch let error as InputError {
      #expect(!error.description.contains("did you mean"))
    }
    do {
      try folder.checkDistrict("仪正市")
    } catch let error as InputError {
      #expect(error.description.contains("did you mean 仪征市?"))
    }
  }

  @Test("a workbook whose shared strings are not XML is an error naming the file and the part")
  func brokenWorkbook() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let good = folder.appendingPathComponent("good.xlsx")
    let header = ["区县", "学校", "类别", "年级", "班级数", "学生数", "团员数"].map(XLSXWriter.Cell.text)
    try XLSXWriter.workbook([("学校", [header])]).write(to: good)
    let broken = folder.appendingPathComponent("broken.xlsx")
    let source = try Archive(url: good, accessMode: .read)
    let target = try Archive(url: broken, accessMode: .create)
    var replaced = false
    for entry in source {
      var data = Data()
      _ = try source.extract(entry) { data.append($0) }
      if entry.path == "xl/sharedStrings.xml" {
        data = Data("<sst><si><t>区县</b></si></sst>".utf8)
        replaced = true
      }
      let bytes = data
      try target.addEntry(with: entry.path, type: .file, uncompressedSize: Int64(bytes.count)) { position, size in
        bytes.subdata(in: Int(position)..<Int(position) + size)
      }
    }
    #expect(replaced)
    let policy = Fixture.policy([("junior_high", 10)])
    do {
      _ = try UploadedTables.read(policy: policy, schools: .init(name: "学校.xlsx", data: try Data(contentsOf: broken)), social: nil)
      Issue.record("a broken workbook was read")
    } catch let problems as UploadedTables.Problems {
      let error = try #require(problems.errors.first)
      #expect(error.file == "学校.xlsx")
      #expect(error.message.hasPrefix("the workbook is damaged: xl/sharedStrings.xml is not well-formed XML"))
      #expect(error.sentence(.zh).hasPrefix("学校.xlsx：工作簿已损坏：xl/sharedStrings.xml 不是格式正确的 XML"))
      Self.expectBoth(error, zhAllows: ["学校.xlsx", "xl/sharedStrings.xml", "XML", "Excel"], names: ["学校.xlsx"])
    }
  }

  /// Every `InputError(` written in the product's sources (Track excepted: it is bilingual its
  /// own way) gives a Chinese sentence: `zh:`, or `error:` (another error's own sentences).
  @Test("every InputError site in Sources gives a Chinese text")
  func everySiteTranslated() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let sources = root.appendingPathComponent("Sources")
    let files = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
      .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" && !$0.path.contains("/QuotaPlan/Track/") }
    var sites = 0
    var untranslated: [String] = []
    for file in files {
      let text = try String(contentsOf: file, encoding: .utf8)
      for (name, needs) in [("InputError(", ["zh:", "error:"]), ("Violation(", ["zh:"]), ("Conflict(", ["zh:"])] {
        var search = text.startIndex..<text.endIndex
        while let found = text.range(of: name, range: search) {
          search = found.upperBound..<text.endIndex
          // A call, not a declaration or a type in a signature (`-> InputError`, `[Conflict]`).
          let before = text[text.index(found.lowerBound, offsetBy: -1, limitedBy: text.startIndex) ?? found.lowerBound]
          if before.isLetter || before == "." || before == "_" { continue }
          var depth = 1
          var end = found.upperBound
          while end < text.endIndex, depth > 0 {
            if text[end] == "(" { depth += 1 } else if text[end] == ")" { depth -= 1 }
            end = text.index(after: end)
          }
          let call = String(text[found.lowerBound..<end])
          // The bilingual initialisers themselves pass on what they were given; a conflict made
          // from a broken rule (`Conflict(violation)`) keeps the violation's two sentences; the
          // English-only row problem is Track's (its register checks are bilingual their own way).
          if call.hasPrefix("\(name)file: file, row: row, column: column, rule: rule, en)") { continue }
          if call.hasPrefix("Conflict($0") { continue }
          if call == "InputError(file: file, row: row.number, column: key.map(headerName), message)" { continue }
          if name != "InputError(" && file.path.contains("/Workspace/") { continue }
          sites += 1
          if !needs.contains(where: call.contains) {
            let line = text[..<found.lowerBound].filter { $0 == "\n" }.count + 1
            untranslated.append("\(file.lastPathComponent):\(line): \(call.prefix(80))")
          }
        }
      }
    }
    #expect(sites > 80, "only \(sites) sites found: the scan is broken")
    #expect(untranslated.isEmpty, "\(untranslated.count) sites give no Chinese text:\n\(untranslated.joined(separator: "\n"))")
  }
}
