import Foundation
import Yams

/// Loads a scenario folder (or its YAML file) into a validated `Scenario`.
public enum ScenarioLoader {
  /// The file a scenario folder holds its policy in.
  public static let fileName = "scenario.yaml"

  /// Loads `path`: a folder with `scenario.yaml`, or a YAML file. Throws `InputError`.
  public static func load(_ path: String) throws -> Scenario {
    try load(path, chain: [])
  }

  /// Loads a scenario, following `base:` links; `chain` holds the scenarios that lead here.
  static func load(_ path: String, chain: [String]) throws -> Scenario {
    var isDirectory: ObjCBool = false
    let url = URL(fileURLWithPath: path).standardizedFileURL
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
      let from = chain.last.map { URL(fileURLWithPath: $0) }
      let file = from.map { "\($0.deletingLastPathComponent().lastPathComponent)/\($0.lastPathComponent)" } ?? path
      throw InputError(file: file, "no scenario folder or file exists at \(path).")
    }
    let yamlURL = isDirectory.boolValue ? url.appendingPathComponent(fileName) : url
    let folder = yamlURL.deletingLastPathComponent()
    let yamlName = isDirectory.boolValue ? "\(url.lastPathComponent)/\(fileName)" : url.lastPathComponent
    if chain.contains(yamlURL.path) {
      let names = (chain + [yamlURL.path]).map { URL(fileURLWithPath: $0).deletingLastPathComponent().lastPathComponent }
      throw InputError(file: yamlName, "the chain of base scenarios returns to itself: \(names.joined(separator: " → ")).")
    }
    guard let text = try? String(contentsOf: yamlURL, encoding: .utf8) else {
      throw InputError(file: yamlName, "the scenario file is missing or is not UTF-8 text.")
    }
    let document: ScenarioDocument
    do {
      document = try YAMLDecoder().decode(ScenarioDocument.self, from: text.isEmpty ? "{}" : text)
    } catch let error as DecodingError {
      throw InputError(file: yamlName, describe(error))
    } catch {
      throw InputError(file: yamlName, "the file is not valid YAML: \(error).")
    }
    let defaultName = isDirectory.boolValue ? url.lastPathComponent : url.deletingPathExtension().lastPathComponent
    let base = try document.base.map { link in
      try load(link.hasPrefix("/") ? link : folder.appendingPathComponent(link).path, chain: chain + [yamlURL.path])
    }
    let policy = try makePolicy(document, defaultName: defaultName, file: yamlName, base: base?.policy)
    try PolicyValidation.check(policy, file: yamlName)

    let limits = document.limits?.limits ?? InputLimits()
    guard limits.maxFileMegabytes > 0, limits.maxRows > 0 else {
      throw InputError(file: yamlName, "limits must be positive numbers.")
    }
    // The two tables are read at the same time; a schools error is reported before a social one.
    let readSchools = base == nil || document.data?.schools != nil
    let readSocial = policy.categories.contains(where: { $0.kind == .social }) && (base == nil || document.data?.social != nil)
    let tables = TablePair()
    DispatchQueue.concurrentPerform(iterations: 2) { index in
      if index == 0, readSchools {
        let path = DataPath(document.data?.schools ?? "schools.csv")
        tables.schools = Result {
          try SchoolTable.read(url: folder.appendingPathComponent(path.file), sheet: path.sheet, file: path.text, policy: policy, limits: limits)
        }
      } else if index == 1, readSocial {
        let path = DataPath(document.data?.social ?? "social.csv")
        tables.social = Result {
          try SocialTable.read(url: folder.appendingPathComponent(path.file), sheet: path.sheet, file: path.text, policy: policy, limits: limits)
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
      try patch.apply(to: &scenario, index: index, file: yamlName) {
        guard let base else { throw InputError(file: yamlName, "patches[\(index)] promotes grades, which needs a base scenario.") }
        do {
          return try Planner.plan(base)
        } catch {
          throw InputError(file: yamlName, "patches[\(index)] promotes grades after the base plan, but the base does not solve: \(error)")
        }
      }
    }
    scenario.inputNotes = notes.isEmpty ? nil : notes
    return scenario
  }

  /// Lays the document over `base` (a what-if's base scenario) or over the notice. A what-if's
  /// `categories` entries change the base's categories with the same id; a plain scenario's
  /// list is its whole set of categories.
  static func makePolicy(_ document: ScenarioDocument, defaultName: String, file: String, base inherited: Policy? = nil) throws -> Policy {
    let base = inherited ?? Policy.notice
    var categories = base.categories
    if let entries = document.categories {
      if inherited == nil { categories = [] }
      for (index, entry) in entries.enumerated() {
        let known = categories.firstIndex { $0.id == entry.id }
        guard let category = entry.applied(to: known.map { categories[$0] } ?? Policy.notice.category(entry.id)) else {
          throw InputError(
            file: file,
            "categories[\(index)] (“\(entry.id)”) is not one of the notice's categories, so it needs a name and grades.")
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
      firstNumber: document.firstNumber ?? (document.year == nil && inherited != nil ? base.firstNumber : year * 100_000_000 + 1),
      districts: document.districts ?? base.districts, categories: categories,
      goalOrder: document.goals ?? base.goalOrder,
      protectPrivateAndRural: document.protectPrivateAndRural ?? base.protectPrivateAndRural,
      social: social, language: document.language ?? base.language,
      nonNegotiable: document.nonNegotiable ?? base.nonNegotiable,
      closedDoorIsHard: document.closedDoorIsHard ?? base.closedDoorIsHard,
      branchMinimum: document.branchMinimum ?? base.branchMinimum)
  }

  /// A decoding failure as a sentence with the setting's path (`categories[2].caps[0].ratio`).
  static func describe(_ error: DecodingError) -> String {
    func path(_ keys: [CodingKey]) -> String {
      keys.reduce("") { text, key in
        if let index = key.intValue { return text + "[\(index)]" }
        return text.isEmpty ? key.stringValue : text + "." + key.stringValue
      }
    }
    switch error {
    case .typeMismatch(let type, let context):
      return "the setting \(path(context.codingPath)) has the wrong type; expected \(typeName(type))."
    case .valueNotFound(let type, let context):
      return "the setting \(path(context.codingPath)) is empty; expected \(typeName(type))."
    case .keyNotFound(let key, let context):
      let at = path(context.codingPath)
      return "the setting \(at.isEmpty ? "" : at + ".")\(key.stringValue) is required."
    case .dataCorrupted(let context):
      let at = path(context.codingPath)
      return (at.isEmpty ? "" : "\(at): ") + context.debugDescription
    @unknown default:
      return "the file cannot be read: \(error)."
    }
  }

  private static func typeName(_ type: Any.Type) -> String {
    switch type {
    case is Int.Type: return "a whole number"
    case is Double.Type: return "a number"
    case is Bool.Type: return "true or false"
    case is String.Type: return "text"
    default: return "\(type)".contains("Array") ? "a list" : "\(type)"
    }
  }
}

/// The schools and social tables, read on two threads (each slot written by one of them).
private final class TablePair: @unchecked Sendable {
  var schools: Result<(schools: [School], notes: [String]), Error>?
  var social: Result<(units: [SocialUnit], notes: [String]), Error>?
}
