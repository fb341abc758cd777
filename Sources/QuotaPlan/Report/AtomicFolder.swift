import CAtomicRename
import Foundation

/// Writes a set of files into a folder, all or nothing: the files go into a fresh folder beside
/// the target, which then takes the target's place in one atomic exchange. A run killed at any
/// moment leaves either the previous folder or the complete new one, never a mix, and two runs
/// writing the same folder at once each swap in a complete folder of their own.
///
/// A mount point cannot be exchanged (EBUSY): there the files are staged inside it and each is
/// renamed over its old version (the marker first, so the folder stays marked), and the old
/// files the new set lacks are removed. Each file is then replaced atomically, the set as a whole
/// is not.
///
/// This is the mechanism only; which folders may be replaced is `OutputFolder`'s rule, which
/// the commands apply before they start (and which is applied again here, just before an
/// existing folder is replaced, when a `kind` is given).
public enum AtomicFolder {
  public static func write(_ files: [(name: String, data: Data)], to folder: URL, kind: OutputFolder.Kind? = nil) throws {
    try write(to: folder, kind: kind, shown: OutputFolder.sanitized(folder.path)) { staging in
      for file in files { try writeFile(file.data, to: staging.appendingPathComponent(file.name)) }
    }
  }

  /// `fill` writes the files into the staging folder it is given; `shown` names the folder in
  /// messages. Throws `OutputFolder.Failure`: 73 when the folder cannot be created or replaced,
  /// 74 when writing a file fails.
  public static func write(to folder: URL, kind: OutputFolder.Kind?, shown: String, _ fill: (URL) throws -> Void) throws {
    let manager = FileManager.default
    let parent = folder.deletingLastPathComponent()
    do {
      try manager.createDirectory(at: parent, withIntermediateDirectories: true)
    } catch {
      throw OutputFolder.Failure.cannotCreate(
        shown, zh: "无法建立其上级文件夹 \(OutputFolder.sanitized(parent.path))（\(OutputFolder.describe(error))）",
        en: "its parent folder \(OutputFolder.sanitized(parent.path)) could not be made (\(OutputFolder.describe(error)))")
    }
    removeStaleStaging(of: folder)
    let tag = "\(getpid())-\(UUID().uuidString.prefix(8))"
    let mountRoot = isMountRoot(folder)
    let staging = mountRoot
      ? folder.appendingPathComponent(innerPrefix + tag) : parent.appendingPathComponent(".\(folder.lastPathComponent)\(stagingInfix)\(tag)")
    if mkdir(staging.path, 0o777) != 0 {
      throw OutputFolder.Failure.cannotCreate(
        shown, zh: "无法在 \(OutputFolder.sanitized(staging.deletingLastPathComponent().path)) 中建立文件夹（\(String(cString: strerror(errno)))）",
        en: "no folder can be made in \(OutputFolder.sanitized(staging.deletingLastPathComponent().path)) (\(String(cString: strerror(errno))))")
    }
    defer { forceRemove(staging) }
    do {
      try fill(staging)
      if let kind { try writeFile(OutputFolder.markerData(kind), to: staging.appendingPathComponent(OutputFolder.markerName)) }
    } catch let failure as OutputFolder.Failure {
      throw failure
    } catch {
      throw OutputFolder.Failure.cannotWrite(shown, en: OutputFolder.describe(error))
    }
    if mountRoot {
      if let kind { try OutputFolder.requireReplaceable(folder, kind: kind, shown: shown) }
      try install(from: staging, into: folder, shown: shown)
      return
    }
    // A missing or empty folder: a plain rename, which fails if the folder has been filled since.
    if rename(staging.path, folder.path) == 0 { return }
    let renameError = errno
    switch renameError {
    case ENOTEMPTY, EEXIST:
      if let kind { try OutputFolder.requireReplaceable(folder, kind: kind, shown: shown) }
      // After the exchange the staging name holds the previous folder, removed by the defer.
      if qp_exchange_paths(staging.path, folder.path) == 0 { return }
      let exchangeError = errno
      guard [EBUSY, EXDEV, EINVAL, ENOSYS].contains(exchangeError) else {
        throw OutputFolder.Failure.cannotCreate(
          shown, zh: "新文件夹无法替换旧文件夹（\(String(cString: strerror(exchangeError)))）",
          en: "the new folder could not take the old one's place (\(String(cString: strerror(exchangeError))))")
      }
      try install(from: staging, into: folder, shown: shown)
    case EBUSY, EXDEV:
      try install(from: staging, into: folder, shown: shown)
    default:
      throw OutputFolder.Failure.cannotCreate(
        shown, zh: "新文件夹无法移到那里（\(String(cString: strerror(renameError)))）",
        en: "the new folder could not be moved there (\(String(cString: strerror(renameError))))")
    }
  }

  /// Suffix of the staging folder beside the target: `.NAME.writing-PID-XXXXXXXX`.
  static let stagingInfix = ".writing-"
  /// Prefix of the staging folder inside a mount point.
  static let innerPrefix = ".quotaplan.writing-"

  static func isInnerStaging(_ name: String) -> Bool { name.hasPrefix(innerPrefix) }

  /// Moves the staged files into `folder` one by one (the marker first) and removes the old
  /// files the new set does not have: for a folder that cannot be exchanged (a mount point).
  static func install(from staging: URL, into folder: URL, shown: String) throws {
    let manager = FileManager.default
    var source = staging
    var copied: URL?
    defer { if let copied { forceRemove(copied) } }
    if !sameDevice(staging, folder) {
      // Copy onto the folder's file system first, so that what follows is renames only.
      let inner = folder.appendingPathComponent(innerPrefix + "\(getpid())-\(UUID().uuidString.prefix(8))")
      copied = inner
      do {
        try manager.copyItem(at: staging, to: inner)
      } catch {
        throw OutputFolder.Failure.cannotWrite(shown, en: OutputFolder.describe(error))
      }
      source = inner
    }
    let names: [String]
    let old: [String]
    do {
      names = try manager.contentsOfDirectory(atPath: source.path).sorted { a, _ in a == OutputFolder.markerName }
      old = try manager.contentsOfDirectory(atPath: folder.path)
    } catch {
      throw OutputFolder.Failure.cannotCreate(shown, en: OutputFolder.describe(error))
    }
    for name in old where !isInnerStaging(name) && !names.contains(name) {
      forceRemove(folder.appendingPathComponent(name))
    }
    for name in names {
      let from = source.appendingPathComponent(name).path, to = folder.appendingPathComponent(name).path
      var fromInfo = stat(), toInfo = stat()
      if lstat(to, &toInfo) == 0, lstat(from, &fromInfo) == 0, toInfo.st_mode & S_IFMT == S_IFDIR || fromInfo.st_mode & S_IFMT == S_IFDIR {
        forceRemove(URL(fileURLWithPath: to))
      }
      if rename(from, to) != 0 {
        throw OutputFolder.Failure.cannotCreate(
          shown, zh: "无法把 \(name) 移入（\(String(cString: strerror(errno)))）", en: "\(name) could not be moved in (\(String(cString: strerror(errno))))")
      }
    }
  }

  /// Writes one file, reporting the system's error (ENOSPC, EIO, EFBIG, …) as it is.
  public static func writeFile(_ data: Data, to url: URL) throws {
    let folder = url.deletingLastPathComponent()
    if !FileManager.default.fileExists(atPath: folder.path) {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }
    let descriptor = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
    guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    var failure: Int32 = 0
    data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
      var offset = 0
      while offset < buffer.count {
        let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          failure = errno
          return
        }
        offset += written
      }
    }
    if close(descriptor) != 0, failure == 0 { failure = errno }
    if failure != 0 { throw POSIXError(POSIXErrorCode(rawValue: failure) ?? .EIO) }
  }

  /// Whether `folder` is the root of a mount (so it cannot be renamed or exchanged).
  static func isMountRoot(_ folder: URL) -> Bool {
    switch qp_is_mount_root(folder.path) {
    case 1: return true
    case 0: return false
    default:
      var info = stat(), parentInfo = stat()
      guard lstat(folder.path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR,
        stat(folder.deletingLastPathComponent().path, &parentInfo) == 0
      else { return false }
      return info.st_dev != parentInfo.st_dev
    }
  }

  static func sameDevice(_ a: URL, _ b: URL) -> Bool {
    var first = stat(), second = stat()
    return stat(a.path, &first) == 0 && stat(b.path, &second) == 0 && first.st_dev == second.st_dev
  }

  /// Removes staging folders left by runs that were killed (their process is gone), beside the
  /// folder and inside it, even read-only ones.
  static func removeStaleStaging(of folder: URL) {
    let parent = folder.deletingLastPathComponent()
    let beside = ".\(folder.lastPathComponent)\(stagingInfix)"
    for (place, prefix) in [(parent, beside), (folder, innerPrefix)] {
      for name in (try? FileManager.default.contentsOfDirectory(atPath: place.path)) ?? [] where name.hasPrefix(prefix) {
        let pid = name.dropFirst(prefix.count).split(separator: "-").first.flatMap { Int32($0) } ?? 0
        if pid > 0, kill(pid, 0) != 0, errno == ESRCH {
          forceRemove(place.appendingPathComponent(name))
        }
      }
    }
  }

  /// Removes a file or folder tree, first making its folders writable when it resists
  /// (a read-only staging folder left behind).
  static func forceRemove(_ url: URL) {
    var info = stat()
    guard lstat(url.path, &info) == 0 else { return }
    if (try? FileManager.default.removeItem(at: url)) != nil { return }
    makeWritable(url.path)
    try? FileManager.default.removeItem(at: url)
  }

  static func makeWritable(_ path: String) {
    var info = stat()
    guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { return }
    chmod(path, (info.st_mode & 0o7777) | 0o700)
    for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] { makeWritable(path + "/" + name) }
  }
}
