import Foundation
import Yams

/// Loads a scenario folder (or its YAML file) into a validated `Scenario`.
public enum ScenarioLoader {
  /// The file a scenario folder holds its policy in.
  public static let fileName = "scenario.yaml"
  /// Largest scenario file read, in bytes (1 MB): a scenario's settings fit in a few kilobytes,
  /// its data belong in the data files.
  public static let maxFileBytes = 1_048_576
  /// Most scenarios in a chain of `base:` links (a what-if of a what-if of …), this one included.
  public static let maxBaseChain = 32

  /// Loads `path`: a folder with `scenario.yaml`, or a YAML file. Throws `InputError`.
  ///
  /// The chain of `base:` links is read first, without recursion and at most `maxBaseChain`
  /// deep; the scenarios are then built from the root base up, each over the one below it.
  public static func load(_ path: String) throws -> Scenario {
    var links: [Link] = []
    var next = path
    while true {
      let link = try Link.read(next, from: links.last)
      if let index = links.firstIndex(where: { $0.yamlPath == link.yamlPath }) {
        let names = (links[index...].map(\.displayName) + [link.displayName]).joined(separator: " → ")
        throw links[links.count - 1].source.error(
          at: [.key("base")], zh: "基础情景（base）的链条绕回了自身：\(names)。", en: "the chain of base scenarios returns to itself: \(names).")
      }
      links.append(link)
      guard let base = link.document.base else { break }
      if links.count == maxBaseChain {
        throw link.source.error(
          at: [.key("base")],
          zh: "基础情景（base）的链条超过 \(maxBaseChain) 个情景（\(links[0].displayName) → … → \(link.displayName) → \(base)）；一条链至多 \(maxBaseChain) 个。",
          en: "the chain of base scenarios is longer than \(maxBaseChain) scenarios (\(links[0].displayName) → … → \(link.displayName) → \(base)); a chain may hold at most \(maxBaseChain).")
      }
      next = base.hasPrefix("/") ? base : link.folder.appendingPathComponent(base).path
    }
    // The chain holds at least the scenario asked for; the root base is built first.
    var scenario = try build(links[links.count - 1], base: nil)
    for link in links.dropLast().reversed() {
      scenario = try build(link, base: scenario)
    }
    return scenario
  }

  /// One scenario file of a chain, read and parsed but not yet laid over its base.
  struct Link {
    /// The YAML file's path, as the chain compares them.
    var yamlPath: String
    /// The folder its data files and `base:` are relative to.
    var folder: URL
    /// The name a plain scenario takes when it gives none (its folder's or file's name).
    var defaultName: String
    /// The folder (or file) name, for the chain in messages.
    var displayName: String
    var source: YAMLSource
    var document: ScenarioDocument

    /// Reads the scenario at `path` (a folder or a YAML file); `from` is the scenario whose
    /// `base:` names it.
    static func read(_ path: String, from: Link?) throws -> Link {
      var isDirectory: ObjCBool = false
      let url = URL(fileURLWithPath: path).standardizedFileURL
      guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
        if let from {
          throw from.source.error(
            at: [.key("base")], zh: "base 写的是 \(from.document.base ?? path)，但 \(path) 处没有情景文件夹或文件。",
            en: "base names \(from.document.base ?? path), but no scenario folder or file exists at \(path).")
        }
        throw InputError(file: path, zh: "\(path) 处没有情景文件夹或文件。", en: "no scenario folder or file exists at \(path).")
      }
      let yamlURL = isDirectory.boolValue ? url.appendingPathComponent(fileName) : url
      let yamlName = isDirectory.boolValue ? "\(url.lastPathComponent)/\(fileName)" : url.lastPathComponent
      let text = try readScenarioText(yamlURL.path, name: yamlName)
      let source = try YAMLSource(text: text, file: yamlName)
      let document = try source.decode(ScenarioDocument.self)
      return Link(
        // Compared with every `..` and link resolved, so a cycle through a link is found too.
        yamlPath: SafeFile.realPath(yamlURL.path) ?? yamlURL.path, folder: yamlURL.deletingLastPathComponent(),
        defaultName: isDirectory.boolValue ? url.lastPathComponent : url.deletingPathExtension().lastPathComponent,
        displayName: url.lastPathComponent,
        source: source, document: document)
    }
  }

  /// The text of a scenario file, refused with a sentence when it is not a regular file (a
  /// folder, a named pipe, a device), is above `maxFileBytes` or is not UTF-8.
  public static func readScenarioText(_ path: String, name: String) throws -> String {
    switch SafeFile.readText(path, limit: maxFileBytes) {
    case .success(let text):
      return text
    case .failure(.missing):
      throw InputError(file: name, zh: "情景文件不存在。", en: "the scenario file is missing.")
    case .failure(.notAFile(let kind)):
      throw InputError(file: name, zh: "情景文件是\(SafeFile.kindZH(kind))，不是普通文件。", en: "the scenario file is \(kind), not a regular file.")
    case .failure(.tooLarge(let bytes)):
      let size = String(format: "%.1f", Double(bytes) / 1_048_576)
      throw InputError(
        file: name,
        zh: "情景文件有 \(size) MB 或更大，超过 1 MB 的上限；情景的设置只需几 KB，数据应放在数据文件中。",
        en: "the scenario file is \(size) MB or more, above the limit of 1 MB; its settings fit in a few kilobytes and the data belong in the data files.")
    case .failure(.notUTF8(let line)):
      throw InputError(file: "\(name), line \(line)", zh: "情景文件不是 UTF-8 文本。", en: "the scenario file is not UTF-8 text.")
    case .failure(.unreadable(let reason)):
      throw InputError(file: name, zh: "无法读取情景文件：\(reason)。", en: "the scenario file cannot be read: \(reason).")
    }
  }

  /// Lays `link` over `base` (the scenario its `base:` names, already built) and reads its data.
  private static func build(_ link: Link, base: Scenario?) throws -> Scenario {
    let document = link.document
    let source = link.source
    let yamlName = source.file
    let folder = link.folder
    let policy = try makePolicy(document, defaultName: link.defaultName, file: yamlName, base: base?.policy, source: source)
    try PolicyValidation.check(policy, place: place(policy, document: document, source: source))

    let limits = document.limits?.limits ?? InputLimits()
    guard limits.maxFileMegabytes > 0, limits.maxRows > 0 else {
      throw source.error(at: [.key("limits")], zh: "limits 中的各项须为正数。", en: "limits must be positive numbers.")
    }
    // Where each table comes from; the paths are checked before anything is read.
    func dataFile(_ key: String, _ written: String?, default name: String) throws -> (path: DataPath, url: URL) {
      let path = DataPath(written ?? name)
      let url = try path.resolved(in: folder) { reason in
        if let written {
          return source.error(
            at: [.key("data"), .key(key)], zh: "data.\(key) 为 \(written)，该路径\(reason.zh)。", en: "data.\(key) is \(written), which \(reason.en).")
        }
        return InputError(file: path.text, zh: "该文件\(reason.zh)。", en: "the file \(reason.en).")
      }
      return (path, url)
    }
    let readSchools = base == nil || document.data?.schools != nil
    let readSocial = policy.categories.contains(where: { $0.kind == .social }) && (base == nil || document.data?.social != nil)
    let schoolsFile = readSchools ? try dataFile("schools", document.data?.schools, default: "schools.csv") : nil
    let socialFile = readSocial ? try dataFile("social", document.data?.social, default: "social.csv") : nil
    // The two tables are read at the same time; a schools error is reported before a social one.
    let tables = TablePair()
    DispatchQueue.concurrentPerform(iterations: 2) { index in
      if index == 0, let file = schoolsFile {
        tables.schools = Result {
          try SchoolTable.read(url: file.url, sheet: file.path.sheet, file: file.path.text, policy: policy, limits: limits)
        }
      } else if index == 1, let file = socialFile {
        tables.social = Result {
          try SocialTable.read(url: file.url, sheet: file.path.sheet, file: file.path.text, policy: policy, limits: limits)
        }
      }
    }
    let schoolsRead = try tables.schools?.get()
    let socialRead = try tables.social?.get()
    let schools = schoolsRead?.schools ?? base?.schools ?? []
    let social = socialRead?.units ?? base?.socialUnits ?? []
    // Columns the tables did not read (备注, remarks), one line per file, for the summary.
    var notes = (schoolsRead?.notes ?? []) + (socialRead?.notes ?? [])
    if schoolsRead == nil || socialRead == nil { notes += (base?.inputNotes ?? []).filter { !notes.contains($0) } }
    var resolved = policy
    if resolved.districts.isEmpty {
      var seen: [String] = []
      var known: Set<String> = []
      for district in schools.map(\.district) + social.map(\.district) where known.insert(district).inserted {
        seen.append(district)
      }
      resolved.districts = seen
    }
    var scenario = Scenario(policy: resolved, schools: schools, socialUnits: social)
    for (index, patch) in (document.patches ?? []).enumerated() {
      // The patch's errors name the line it is written on.
      let patchFile = source.error(at: [.key("patches"), .index(index)], zh: "", en: "").file
      try patch.apply(to: &scenario, index: index, file: patchFile) {
        guard let base else {
          throw InputError(
            file: patchFile, zh: "patches[\(index)] 要升年级，这需要一个基础情景（base）。", en: "patches[\(index)] promotes grades, which needs a base scenario.")
        }
        do {
          return try Planner.plan(base)
        } catch {
          throw InputError(
            file: patchFile, zh: "patches[\(index)] 要按基础方案升年级，但基础情景求不出方案：\(sentence(of: error, .zh))",
            en: "patches[\(index)] promotes grades after the base plan, but the base does not solve: \(error)")
        }
      }
    }
    scenario.inputNotes = notes.isEmpty ? nil : notes
    return scenario
  }

  /// Names a policy setting as the document writes it and places errors at its line: a
  /// category by its index in this file's `categories` (a what-if lists only what it changes),
  /// a setting this file does not write (it comes from the base or the notice) at its category
  /// entry or on the file alone.
  static func place(_ policy: Policy, document: ScenarioDocument, source: YAMLSource) -> PolicyValidation.Place {
    func entry(_ category: Int?) -> [YAMLSource.Step]? {
      guard let category else { return [] }
      let id = policy.categories[category].id
      return document.categories?.firstIndex(where: { $0.id == id }).map { [.key("categories"), .index($0)] }
    }
    return PolicyValidation.Place(
      name: { category, setting, language in
        let inner = setting.isEmpty ? "" : YAMLSource.name(setting)
        guard let category else { return inner }
        let name = policy.categories[category].name
        let prefix =
          language == .zh
          ? entry(category).map { YAMLSource.name($0) + "（\(name)）" } ?? "基础情景的类别 \(name) 的"
          : entry(category).map { YAMLSource.name($0) + " (\(name))" } ?? "the base's category \(name)"
        return inner.isEmpty ? prefix : language == .zh && entry(category) == nil ? "\(prefix) \(inner)" : "\(prefix).\(inner)"
      },
      error: { category, setting, message, rule in
        guard let at = entry(category) else { return InputError(file: source.file, rule: rule, zh: message.zh, en: message.en) }
        var error: InputError
        if source.locate(at + setting) != nil {
          error = source.error(at: at + setting, zh: message.zh, en: message.en)
        } else if !at.isEmpty {
          error = source.error(at: at, zh: message.zh, en: message.en)
        } else {
          error = InputError(file: source.file, zh: message.zh, en: message.en)
        }
        error.rule = rule
        return error
      })
  }

  /// Lays the document over `base` (a what-if's base scenario) or over the notice. A what-if's
  /// `categories` entries change the base's categories with the same id; a plain scenario's
  /// list is its whole set of categories.
  static func makePolicy(
    _ document: ScenarioDocument, defaultName: String, file: String, base inherited: Policy? = nil, source: YAMLSource? = nil
  ) throws -> Policy {
    func fail(_ path: [YAMLSource.Step], zh: String, en: String) -> InputError {
      source?.error(at: path, zh: zh, en: en) ?? InputError(file: file, zh: zh, en: en)
    }
    let base = inherited ?? Policy.notice
    var categories = base.categories
    if let entries = document.categories {
      // An id listed twice would be merged silently (a what-if applies entries one after the other).
      var seen: [String: Int] = [:]
      for (index, entry) in entries.enumerated() {
        if let first = seen[entry.id] {
          let mark = source?.mark([.key("categories"), .index(first), .key("id")])
          let at = mark.map { " (line \($0.line), column \($0.column))" } ?? ""
          let atZH = mark.map { "（第 \($0.line) 行第 \($0.column) 列）" } ?? ""
          throw fail(
            [.key("categories"), .index(index), .key("id")],
            zh: "categories[\(index)] 的 id 为“\(entry.id)”，与 categories[\(first)]\(atZH) 相同；每个类别只列一次。",
            en: "categories[\(index)] has the id “\(entry.id)”, which categories[\(first)]\(at) already has; list each category once.")
        }
        seen[entry.id] = index
      }
      if inherited == nil { categories = [] }
      for (index, entry) in entries.enumerated() {
        let known = categories.firstIndex { $0.id == entry.id }
        guard let category = entry.applied(to: known.map { categories[$0] } ?? Policy.notice.category(entry.id)) else {
          throw fail(
            [.key("categories"), .index(index)],
            zh: "categories[\(index)]（“\(entry.id)”）不是通知中的类别，因此须写明名称（name）和年级数（grades）。",
            en: "categories[\(index)] (“\(entry.id)”) is not one of the notice's categories, so it needs a name and grades.")
        }
        if let known { categories[known] = category } else { categories.append(category) }
      }
    }
    let social = SocialPolicy(
      densityExponent: document.social?.densityExponent ?? base.social.densityExponent,
      outflowResidentShareBelow: document.social?.outflowResidentShareBelow ?? base.social.outflowResidentShareBelow,
      outflowMemberRatioBelow: document.social?.outflowMemberRatioBelow ?? base.social.outflowMemberRatioBelow,
      outflowBoost: document.social?.outflowBoost ?? base.social.outflowBoost)
    let year = document.year ?? base.year
    let name = document.name ?? defaultName
    return Policy(
      name: name, title: document.title ?? (inherited.map { "\($0.title)：\(name)" } ?? "\(year) 年发展团员调控"),
      year: year, total: document.total ?? base.total,
      firstNumber: document.firstNumber
        ?? (document.year == nil && inherited != nil
          ? base.firstNumber
          // A year outside 4 digits is refused by PolicyValidation; no product may overflow first.
          : (1000...9999).contains(year) ? year * PolicyValidation.blockSize + 1 : 0),
      districts: document.districts ?? base.districts, categories: categories,
      goalOrder: document.goals ?? base.goalOrder,
      protectPrivateAndRural: document.protectPrivateAndRural ?? base.protectPrivateAndRural,
      social: social, language: document.language ?? base.language,
      nonNegotiable: document.nonNegotiable ?? base.nonNegotiable,
      closedDoorIsHard: document.closedDoorIsHard ?? base.closedDoorIsHard,
      branchMinimum: document.branchMinimum ?? base.branchMinimum,
      headers: document.headers ?? base.headers, dataNote: document.dataNote ?? base.dataNote,
      itemisedDistricts: document.itemisedDistricts ?? base.itemisedDistricts,
      solverTimeLimit: document.solverTimeLimit ?? base.solverTimeLimit,
      // What a scenario expects is its own: a what-if of a conflict example expects a plan unless it says so.
      expect: document.expect)
  }
}

/// The schools and social tables, read on two threads (each slot written by one of them).
private final class TablePair: @unchecked Sendable {
  var schools: Result<(schools: [School], notes: [String]), Error>?
  var social: Result<(units: [SocialUnit], notes: [String]), Error>?
}
