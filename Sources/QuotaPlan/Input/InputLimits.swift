import Foundation

/// Bounds on what quotaplan reads, so a wrong or runaway file is refused with a sentence
/// instead of exhausting memory (scenario setting `limits:`).
public struct InputLimits: Sendable, Equatable, Codable {
  /// Largest data file accepted, in megabytes.
  public var maxFileMegabytes: Double
  /// Most data rows accepted in one file.
  public var maxRows: Int

  public init(maxFileMegabytes: Double = 50, maxRows: Int = 300_000) {
    self.maxFileMegabytes = maxFileMegabytes
    self.maxRows = maxRows
  }

  /// Refuses a file over the size bound before reading it.
  func checkSize(_ url: URL, file: String) throws {
    let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
    guard let bytes = (attributes?[.size] as? NSNumber)?.doubleValue else { return }
    let megabytes = bytes / 1_048_576
    if megabytes > maxFileMegabytes {
      throw InputError(
        file: file,
        "the file is \(String(format: "%.1f", megabytes)) MB, above the limit of \(String(format: "%g", maxFileMegabytes)) MB (setting limits.max_file_megabytes).")
    }
  }
}
