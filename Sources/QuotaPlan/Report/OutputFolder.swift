import CAtomicRename
import Foundation

/// The version quotaplan writes into the marker of every folder it makes.
public enum QuotaPlanVersion {
  public static let current = "0.1.0"
}

/// The one rule for every folder quotaplan writes (plans, nearest plans, comparisons, sweeps,
/// refinements, combined plans, models, generated scenarios): an existing folder is replaced
/// only when it is empty or carries quotaplan's marker (a `.quotaplan` file), and never when it
/// is the root, the current folder or one of its ancestors, an input of the run or a folder
/// holding one, a file, or a folder of other files. Every command checks its folders with
/// `check` before it loads or solves anything, and writes them with `write`.
public enum OutputFolder {
  /// The marker file every folder quotaplan writes carries.
  public static let markerName = ".quotaplan"

  /// What a folder quotaplan wrote holds; recorded in its marker.
  public enum Kind: String, Sendable, CaseIterable {
    case plan
    case nearestPlan = "nearest-plan"
    case comparison, sweep, refinement, combined, models
    /// A plan reconciled with a member register (`track`).
    case tracking
    /// A scenario written by `generate`: only `generate` replaces it (it is input data,
    /// which a planner may have edited).
    case scenario
  }

  /// The marker's bytes: the same for every folder of one kind and version, so outputs stay
  /// byte-identical from run to run.
  public static func markerData(_ kind: Kind) -> Data {
    Data(
      """
      quotaplan \(kind.rawValue) \(QuotaPlanVersion.current)
      This folder was written by quotaplan. quotaplan replaces it as a whole when it writes here again: keep your own files elsewhere.
      此文件夹由 quotaplan 生成；再次写入时整个文件夹会被替换，请勿在此存放其他文件。

      """.utf8)
  }

  /// The kind a folder's marker names ("" for a marker of an unknown kind, written by a later
  /// version), or nil when the folder carries no marker.
  public static func markedKind(_ folder: URL) -> String? {
    let path = folder.appendingPathComponent(markerName).path
    var info = stat()
    guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size < 65536,
      let data = FileManager.default.contents(atPath: path)
    else { return nil }
    let words = String(decoding: data.prefix(200), as: UTF8.self).split(separator: "\n").first?.split(separator: " ") ?? []
    guard words.first == "quotaplan" else { return nil }
    return words.count > 1 ? String(words[1]) : ""
  }

  // MARK: - Failures

  /// Why a folder was not written: a sentence naming the path, and its exit code (sysexits):
  /// 73 (EX_CANTCREAT) when the folder may not or cannot be created or replaced, 74 (EX_IOERR)
  /// when writing its files failed. Nothing was changed at the path in either case.
  public struct Failure: BilingualError, CustomStringConvertible, Sendable {
    public static let cannotCreate: Int32 = 73
    public static let ioError: Int32 = 74
    public let path: String
    /// The refusal in English.
    public let sentence: String
    public let exitCode: Int32
    /// The refusal in Chinese; nil where not translated (English is shown).
    public var sentenceZH: String? = nil
    public var description: String { sentence }

    public func sentence(_ language: Language) -> String { language.pick(zh: sentenceZH, en: sentence) }

    static func refused(_ shown: String, zh: String, en: String) -> Failure {
      Failure(
        path: shown,
        sentence: "Refusing to write \(shown): \(en) Nothing was changed; choose another --out.",
        exitCode: cannotCreate, sentenceZH: "拒绝写入 \(shown)：\(zh)未做任何改动；请另选 --out。")
    }

    /// A folder that cannot be created; `reason` alone is a system message (the same in both languages).
    static func cannotCreate(_ shown: String, zh: String? = nil, en reason: String) -> Failure {
      Failure(
        path: shown, sentence: "Could not create \(shown): \(reason). Nothing was changed there.", exitCode: cannotCreate,
        sentenceZH: "无法创建 \(shown)：\(zh ?? reason)。那里未做任何改动。")
    }

    static func cannotWrite(_ shown: String, zh: String? = nil, en reason: String) -> Failure {
      Failure(
        path: shown, sentence: "Could not write \(shown): \(reason). Nothing was changed there.", exitCode: ioError,
        sentenceZH: "无法写入 \(shown)：\(zh ?? reason)。那里未做任何改动。")
    }
  }

  // MARK: - Checking

  /// A folder that passed the check: where it is (absolute, symbolic links resolved: a link is
  /// followed and the folder it points at is replaced, the link itself stays).
  public struct Target: Sendable {
    /// The path as the user gave it (or as the default was derived).
    public let requested: String
    /// The absolute path written, symbolic links resolved.
    public let folder: URL
    public let kind: Kind
    /// The path for messages: the requested one, and the resolved one when they differ.
    public var shown: String { OutputFolder.shown(requested, folder.path) }
  }

  /// Checks that `path` may be written as a folder of `kind`, without touching anything.
  /// `inputs` are the files and folders the command reads: the target may be neither one of
  /// them nor a folder that holds one.
  public static func check(_ path: String, kind: Kind, inputs: [String] = []) throws -> Target {
    try check([(path, kind)], inputs: inputs)[0]
  }

  /// Checks several folders one command writes; two of them may not be the same folder.
  public static func check(_ paths: [(path: String, kind: Kind)], inputs: [String] = []) throws -> [Target] {
    let resolvedInputs = inputs.compactMap { realPath($0) }
    var targets: [Target] = []
    for (path, kind) in paths {
      let target = try checkOne(path, kind: kind, inputs: resolvedInputs)
      if let earlier = targets.first(where: { $0.folder.path == target.folder.path }) {
        throw Failure.refused(
          target.shown, zh: "本次运行的两个输出都会写到那里（\(sanitized(earlier.requested)) 和 \(sanitized(path))）。",
          en: "two outputs of this run would both go there (\(sanitized(earlier.requested)) and \(sanitized(path))).")
      }
      targets.append(target)
    }
    return targets
  }

  /// Checks a folder that will hold other folders (`run --out`): it is created when missing and
  /// nothing in it is replaced, so it only has to be a folder (or creatable) other than `/`.
  public static func checkParent(_ path: String) throws -> URL {
    let (resolved, existing, missing) = try resolve(path)
    let shownPath = shown(path, resolved)
    if resolved == "/" { throw Failure.refused(shownPath, zh: "它是文件系统的根目录。", en: "it is the root of the file system.") }
    try requireFolderOrCreatable(resolved, existing: existing, missing: missing, shown: shownPath)
    return URL(fileURLWithPath: resolved, isDirectory: true)
  }

  static func checkOne(_ path: String, kind: Kind, inputs: [String]) throws -> Target {
    let (resolved, existing, missing) = try resolve(path)
    let shownPath = shown(path, resolved)
    let target = Target(requested: path, folder: URL(fileURLWithPath: resolved, isDirectory: true), kind: kind)
    if resolved == "/" {
      throw Failure.refused(
        shownPath, zh: "它是文件系统的根目录；quotaplan 从不替换它。", en: "it is the root of the file system; quotaplan never replaces it.")
    }
    try requireFolderOrCreatable(resolved, existing: existing, missing: missing, shown: shownPath)
    if let cwd = realPath(FileManager.default.currentDirectoryPath), isSameOrAncestor(resolved, of: cwd) {
      throw Failure.refused(
        shownPath, zh: resolved == cwd ? "它是当前文件夹；quotaplan 从不替换它。" : "它包含当前文件夹；quotaplan 从不替换它。",
        en: resolved == cwd ? "it is the current folder; quotaplan never replaces it." : "it holds the current folder; quotaplan never replaces it.")
    }
    for input in inputs where isSameOrAncestor(resolved, of: input) {
      throw Failure.refused(
        shownPath,
        zh: resolved == input
          ? "它是本次运行的输入（\(sanitized(input))）；quotaplan 从不替换它读取的内容。"
          : "它包含本次运行的输入 \(sanitized(input))；quotaplan 从不替换它读取的内容。",
        en: resolved == input ? "it is an input of this run (\(sanitized(input))); quotaplan never replaces what it reads." : "it holds \(sanitized(input)), an input of this run; quotaplan never replaces what it reads.")
    }
    if missing.isEmpty { try requireReplaceable(target.folder, kind: kind, shown: shownPath) }
    return target
  }

  /// The folder exists or can be created: its nearest existing ancestor is a folder.
  static func requireFolderOrCreatable(_ resolved: String, existing ancestor: String, missing: [String], shown: String) throws {
    var info = stat()
    if missing.isEmpty {
      guard stat(resolved, &info) == 0 else { throw Failure.cannotCreate(shown, en: String(cString: strerror(errno))) }
      if info.st_mode & S_IFMT != S_IFDIR {
        let isFile = info.st_mode & S_IFMT == S_IFREG
        throw Failure.refused(
          shown, zh: isFile ? "它是文件，不是文件夹；quotaplan 不会替换它。" : "它不是文件夹；quotaplan 不会替换它。",
          en: isFile ? "it is a file, not a folder; quotaplan does not replace it." : "it is not a folder; quotaplan does not replace it.")
      }
    } else {
      if stat(ancestor, &info) == 0, info.st_mode & S_IFMT != S_IFDIR {
        throw Failure.cannotCreate(
          shown, zh: "\(sanitized(ancestor)) 是文件，无法在其中建立文件夹", en: "\(sanitized(ancestor)) is a file, so no folder can be made inside it")
      }
    }
  }

  /// An existing folder may be replaced: it is empty (but for quotaplan's own staging) or
  /// carries the marker; a generated scenario only by `generate`.
  static func requireReplaceable(_ folder: URL, kind: Kind, shown: String) throws {
    if let marked = markedKind(folder) {
      if marked == Kind.scenario.rawValue, kind != .scenario {
        throw Failure.refused(
          shown, zh: "它是 quotaplan generate 写出的情景；只有 generate 才会替换它。",
          en: "it is a scenario written by quotaplan generate; only generate replaces it.")
      }
      return
    }
    let entries: [String]
    do {
      entries = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !AtomicFolder.isInnerStaging($0) }.sorted()
    } catch {
      throw Failure.cannotCreate(shown, zh: "无法读取其内容（\(describe(error))）", en: "its contents cannot be read (\(describe(error)))")
    }
    guard entries.isEmpty else {
      let listed = entries.prefix(3).map(sanitized).joined(separator: ", ") + (entries.count > 3 ? ", …" : "")
      throw Failure.refused(
        shown,
        zh: "其中有 \(entries.count) 个不是 quotaplan 写出的文件（\(entries.prefix(3).map(sanitized).joined(separator: "、") + (entries.count > 3 ? "……" : ""))）；quotaplan 只替换空文件夹或它自己写出的文件夹（带有 \(markerName) 标记文件）。",
        en: "it holds \(entries.count) \(entries.count == 1 ? "file" : "files") quotaplan did not write (\(listed)); quotaplan replaces only an empty folder or one it wrote (marked by a \(markerName) file).")
    }
  }

  // MARK: - Writing

  /// Writes `files` and the marker as the whole content of the checked folder, all or nothing.
  public static func write(_ files: [(name: String, data: Data)], to target: Target) throws {
    try write(to: target) { staging in
      for file in files { try AtomicFolder.writeFile(file.data, to: staging.appendingPathComponent(file.name)) }
    }
  }

  /// Lets `fill` write files into a staging folder, which then becomes the checked folder, all
  /// or nothing. The folder is checked again just before it is replaced.
  public static func write(to target: Target, _ fill: (URL) throws -> Void) throws {
    try AtomicFolder.write(to: target.folder, kind: target.kind, shown: target.shown, fill)
  }

  // MARK: - Names

  /// A display name made safe as one folder name: `/`, `\`, NUL and other control characters,
  /// direction overrides and the characters Windows forbids become `_`, leading and trailing
  /// dots and spaces go (so never `.` or `..`), and it is kept under 200 bytes. Chinese and
  /// other letters stay as they are. When nothing but `_` remains, `fallback` (made safe the
  /// same way) is used, then "scenario".
  public static func safeName(_ name: String, fallback: String) -> String {
    func clean(_ text: String) -> String {
      var out = String.UnicodeScalarView()
      for scalar in text.unicodeScalars {
        switch scalar.value {
        case 0..<0x20, 0x7F..<0xA0, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069, 0xFEFF:
          out.append("_")
        default:
          out.append("/\\:*?\"<>|".unicodeScalars.contains(scalar) ? "_" : scalar)
        }
      }
      var result = String(out)
      while let first = result.first, first == "." || first.isWhitespace { result.removeFirst() }
      while let last = result.last, last == "." || last.isWhitespace { result.removeLast() }
      while result.utf8.count > 200 { result.removeLast() }
      return result.allSatisfy { $0 == "_" } ? "" : result
    }
    let primary = clean(name)
    if !primary.isEmpty { return primary }
    let second = clean(fallback)
    return second.isEmpty ? "scenario" : second
  }

  /// The scenario folder's own name (of a folder, or of the folder holding a YAML file), for
  /// `safeName`'s fallback.
  public static func folderName(ofScenario path: String) -> String {
    var folder = realPath(path) ?? URL(fileURLWithPath: path).standardizedFileURL.path
    if folder.hasSuffix(".yaml") || folder.hasSuffix(".yml") { folder = URL(fileURLWithPath: folder).deletingLastPathComponent().path }
    return URL(fileURLWithPath: folder).lastPathComponent
  }

  // MARK: - Paths

  /// `path` made absolute with every symbolic link of its existing part resolved, and the
  /// components that do not exist yet (resolved lexically: nothing there can be a link).
  static func resolve(_ path: String) throws -> (resolved: String, existing: String, missing: [String]) {
    let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    var existing = "/"
    var missing: [String] = []
    for component in absolute.split(separator: "/").map(String.init) where component != "." && !component.isEmpty {
      if !missing.isEmpty {
        if component == ".." { missing.removeLast() } else { missing.append(component) }
        continue
      }
      let candidate = existing == "/" ? "/" + component : existing + "/" + component
      var info = stat()
      if let real = realPath(candidate) {
        existing = real
      } else if lstat(candidate, &info) == 0 {
        if info.st_mode & S_IFMT == S_IFLNK {
          let destination = (try? FileManager.default.destinationOfSymbolicLink(atPath: candidate)) ?? "?"
          throw Failure.refused(
            shown(path, candidate), zh: "它是指向 \(sanitized(destination)) 的符号链接，而该位置不存在。",
            en: "it is a symbolic link to \(sanitized(destination)), which does not exist.")
        }
        throw Failure.cannotCreate(shown(path, candidate), en: String(cString: strerror(errno)))
      } else if component == ".." {
        existing = URL(fileURLWithPath: existing).deletingLastPathComponent().path
      } else {
        missing.append(component)
      }
    }
    let resolved = missing.isEmpty ? existing : (existing == "/" ? "" : existing) + "/" + missing.joined(separator: "/")
    return (resolved, existing, missing)
  }

  static func realPath(_ path: String) -> String? {
    guard let pointer = realpath(path, nil) else { return nil }
    defer { free(pointer) }
    return String(cString: pointer)
  }

  /// Whether `folder` is `path` or one of its ancestors (both absolute, resolved).
  static func isSameOrAncestor(_ folder: String, of path: String) -> Bool {
    folder == "/" || path == folder || path.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
  }

  static func shown(_ requested: String, _ resolved: String) -> String {
    requested == resolved ? sanitized(requested) : "\(sanitized(requested)) (\(sanitized(resolved)))"
  }

  /// Control characters in a path shown in a message, as `\u{1B}`.
  static func sanitized(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      if scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value) {
        out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// A file system error as a short phrase (the system's words for a POSIX error).
  static func describe(_ error: Error) -> String {
    if let failure = error as? Failure { return failure.sentence }
    if let posix = error as? POSIXError { return String(cString: strerror(posix.code.rawValue)) }
    let ns = error as NSError
    if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
    if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
      return String(cString: strerror(Int32(underlying.code)))
    }
    return "\(error)"
  }
}
