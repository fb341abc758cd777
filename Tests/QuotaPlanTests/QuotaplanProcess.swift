import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The result of one run of the built binary.
struct QuotaplanRun {
  let status: Int32
  let stdout: String
  let stderr: String
  /// Whether the watchdog stopped the run (it hung).
  var stopped = false
}

/// Runs the built `quotaplan` with `arguments` in `cwd`, the way a planner's shell would, and
/// waits for it without holding a thread. With `fileSizeLimitBlocks` it runs under a shell's
/// `ulimit -f` (SIGXFSZ ignored, so a write past the limit fails with EFBIG); with `asNobody`,
/// as user 65534 (setpriv; the caller must be root); with `stopAfter`, a watchdog terminates a
/// run that takes longer (a hang is a failure, not a stuck test run), and says so in `stopped`.
func quotaplan(
  _ arguments: [String], cwd: URL, fileSizeLimitBlocks: Int? = nil, asNobody: Bool = false, stopAfter seconds: Double? = nil
) async throws -> QuotaplanRun {
  let binary = try QuotaplanBinary.url()
  let logs = FileManager.default.temporaryDirectory.appendingPathComponent("quotaplan-run-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: logs) }
  let outURL = logs.appendingPathComponent("stdout"), errURL = logs.appendingPathComponent("stderr")
  FileManager.default.createFile(atPath: outURL.path, contents: nil)
  FileManager.default.createFile(atPath: errURL.path, contents: nil)
  let outHandle = try FileHandle(forWritingTo: outURL), errHandle = try FileHandle(forWritingTo: errURL)
  let process = Process()
  if let blocks = fileSizeLimitBlocks {
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", "trap '' XFSZ; ulimit -f \(blocks); exec \"$0\" \"$@\"", binary.path] + arguments
  } else if asNobody {
    process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
    process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", binary.path] + arguments
  } else {
    process.executableURL = binary
    process.arguments = arguments
  }
  process.currentDirectoryURL = cwd
  process.standardInput = FileHandle.nullDevice
  process.standardOutput = outHandle
  process.standardError = errHandle
  let stopped = StoppedFlag()
  let status: Int32 = try await withCheckedThrowingContinuation { continuation in
    process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
    do { try process.run() } catch {
      process.terminationHandler = nil
      continuation.resume(throwing: error)
      return
    }
    if let seconds {
      let watched = process
      DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
        if watched.isRunning {
          stopped.set()
          watched.terminate()
        }
      }
    }
  }
  try outHandle.close()
  try errHandle.close()
  return QuotaplanRun(
    status: status, stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
    stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self), stopped: stopped.isSet)
}

/// Set by the watchdog that stops a hung run.
private final class StoppedFlag: @unchecked Sendable {
  private let lock = NSLock()
  private var value = false
  func set() { lock.withLock { value = true } }
  var isSet: Bool { lock.withLock { value } }
}

/// Runs a shell command quietly; its exit status.
@discardableResult
func shell(_ command: String) -> Int32 {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/bin/sh")
  process.arguments = ["-c", command + " >/dev/null 2>&1"]
  guard (try? process.run()) != nil else { return -1 }
  process.waitUntilExit()
  return process.terminationStatus
}

/// Finds the `quotaplan` executable in the build products folder that holds this test bundle.
enum QuotaplanBinary {
  struct Missing: Error, CustomStringConvertible {
    let searched: [String]
    var description: String {
      "The quotaplan executable was not found; build it with `swift build` (swift test builds it too). Looked in: "
        + searched.joined(separator: ", ")
    }
  }

  static func url() throws -> URL {
    let manager = FileManager.default
    var starts: [URL] = []
    // The test runner: .build/<triple>/debug/quotaplanPackageTests.xctest (Linux: an executable;
    // macOS: a bundle, with the runner inside it or xctest elsewhere).
    if let first = ProcessInfo.processInfo.arguments.first, !first.isEmpty {
      starts.append(URL(fileURLWithPath: first).resolvingSymlinksInPath())
    }
    starts.append(Bundle.main.bundleURL.resolvingSymlinksInPath())
    starts.append(contentsOf: Bundle.allBundles.map { $0.bundleURL.resolvingSymlinksInPath() })
    // Fallback: <package root>/.build/debug, from this source file's path.
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    starts.append(root.appendingPathComponent(".build/debug/quotaplanPackageTests.xctest"))

    var searched: [String] = []
    for start in starts {
      // Walk up a few levels: the products folder is the bundle's parent (or further up on macOS).
      var folder = start.deletingLastPathComponent()
      for _ in 0..<4 {
        let candidate = folder.appendingPathComponent("quotaplan")
        searched.append(folder.path)
        var isDirectory: ObjCBool = false
        // A SwiftPM products folder also holds quotaplan.build; this skips stray installed copies.
        if manager.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue,
          manager.isExecutableFile(atPath: candidate.path),
          manager.fileExists(atPath: folder.appendingPathComponent("quotaplan.build").path)
        {
          return candidate
        }
        folder = folder.deletingLastPathComponent()
      }
    }
    var unique: [String] = []
    for path in searched where !unique.contains(path) { unique.append(path) }
    throw Missing(searched: unique)
  }
}
