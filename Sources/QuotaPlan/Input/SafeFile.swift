import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Opening files named by a scenario without trusting what they are: a named pipe, a device, a
/// folder or a huge file is refused with a sentence instead of hanging or exhausting memory.
enum SafeFile {
  /// What a file that is not a regular file is, in the words of a message; nil for a regular file.
  static func kind(mode: mode_t) -> String? {
    switch mode & mode_t(S_IFMT) {
    case mode_t(S_IFREG): return nil
    case mode_t(S_IFDIR): return "a folder"
    case mode_t(S_IFIFO): return "a named pipe"
    case mode_t(S_IFCHR): return "a device"
    case mode_t(S_IFBLK): return "a disk device"
    case mode_t(S_IFSOCK): return "a socket"
    case mode_t(S_IFLNK): return "a link"
    default: return "not a regular file"
    }
  }

  /// The Chinese words for a `kind(mode:)` ("a named pipe" → "命名管道").
  static func kindZH(_ kind: String) -> String {
    switch kind {
    case "a folder": return "文件夹"
    case "a named pipe": return "命名管道"
    case "a device": return "设备"
    case "a disk device": return "磁盘设备"
    case "a socket": return "套接字"
    case "a link": return "链接"
    default: return "非普通文件"
    }
  }

  /// What the file at `path` is (following links) when it is not a regular file; nil for a
  /// regular file or when there is no file (the reader then says it is missing).
  static func irregularKind(_ path: String) -> String? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return kind(mode: info.st_mode)
  }

  /// The path with every link and `..` resolved, or nil when it does not exist.
  static func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  /// Why the text of a file cannot be read.
  enum Refusal: Error {
    case missing
    case unreadable(String)
    case notAFile(String)
    case tooLarge(bytes: Int)
    /// Invalid UTF-8 at this line (1-based).
    case notUTF8(line: Int)
  }

  /// Reads the UTF-8 text of the regular file at `path`, at most `limit` bytes. The file is
  /// opened without blocking and checked on the open descriptor, so a pipe never hangs.
  static func readText(_ path: String, limit: Int) -> Result<String, Refusal> {
    let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    guard descriptor >= 0 else {
      let code = errno
      if code == ENOENT || code == ENOTDIR { return .failure(.missing) }
      return .failure(.unreadable(String(cString: strerror(code))))
    }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else { return .failure(.unreadable(String(cString: strerror(errno)))) }
    if let kind = kind(mode: info.st_mode) { return .failure(.notAFile(kind)) }
    if Int(info.st_size) > limit { return .failure(.tooLarge(bytes: Int(info.st_size))) }
    // Read up to one byte past the limit: a file that grows or lies about its size is caught too.
    var bytes = [UInt8](repeating: 0, count: limit + 1)
    var count = 0
    while count < bytes.count {
      let got = bytes.withUnsafeMutableBytes { buffer in
        read(descriptor, buffer.baseAddress! + count, buffer.count - count)
      }
      if got < 0 {
        if errno == EINTR { continue }
        return .failure(.unreadable(String(cString: strerror(errno))))
      }
      if got == 0 { break }
      count += got
    }
    if count > limit { return .failure(.tooLarge(bytes: count)) }
    bytes.removeSubrange(count...)
    if let text = String(validating: bytes, as: UTF8.self) { return .success(text) }
    return .failure(.notUTF8(line: firstInvalidLine(bytes)))
  }

  /// The line (1-based) of the first byte that is not UTF-8.
  static func firstInvalidLine(_ bytes: [UInt8]) -> Int {
    var line = 1
    var iterator = bytes.makeIterator()
    var parser = Unicode.UTF8.ForwardParser()
    while true {
      switch parser.parseScalar(from: &iterator) {
      case .valid(let encoded):
        if encoded.count == 1, encoded.first == UInt8(ascii: "\n") { line += 1 }
      case .error, .emptyInput:
        return line
      }
    }
  }
}
