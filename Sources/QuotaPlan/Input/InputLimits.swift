import Foundation

/// Bounds on what quotaplan reads, so a wrong or runaway file is refused with a sentence
/// instead of exhausting memory or being misread (scenario setting `limits:`).
public struct InputLimits: Sendable, Equatable, Codable {
  /// Largest data file accepted, in megabytes.
  public var maxFileMegabytes: Double
  /// Most data rows accepted in one file.
  public var maxRows: Int
  /// Most students a class may have on average (a grade's students ÷ its classes); above it the
  /// row is refused as implausible (an Excel date serial such as 44805 read as a count).
  public var maxStudentsPerClass: Int
  /// Most students one school-grade may have.
  public var maxStudentsPerGrade: Int
  /// Longest district, school or unit name, in characters (Excel's cells hold 32,767).
  public var maxNameLength: Int
  /// Most problems listed for one file; the rest are counted (“and N more”).
  public var maxErrors: Int

  public init(
    maxFileMegabytes: Double = 50, maxRows: Int = 300_000, maxStudentsPerClass: Int = 150,
    maxStudentsPerGrade: Int = 20_000, maxNameLength: Int = 100, maxErrors: Int = 50
  ) {
    self.maxFileMegabytes = maxFileMegabytes
    self.maxRows = maxRows
    self.maxStudentsPerClass = maxStudentsPerClass
    self.maxStudentsPerGrade = maxStudentsPerGrade
    self.maxNameLength = maxNameLength
    self.maxErrors = maxErrors
  }

  /// Excel's own sheet size: 1,048,576 rows and 16,384 columns (A to XFD).
  static let excelRows = 1_048_576
  static let excelColumns = 16_384
  /// Cells one row may contribute to the cell bound of a workbook (`maxRows × cellsPerRow`).
  static let cellsPerRow = 50
  /// How many times `maxFileMegabytes` one part of a workbook may inflate to.
  static let inflation = 8.0

  /// Most bytes one part of a workbook may inflate to (a zip bomb is stopped there).
  var maxInflatedBytes: Int { Int(min(maxFileMegabytes * Self.inflation * 1_048_576, Double(Int.max / 2))) }
  /// Most cells read from one sheet.
  var maxCells: Int { maxRows.multipliedReportingOverflow(by: Self.cellsPerRow).overflow ? Int.max : maxRows * Self.cellsPerRow }

  /// Refuses a file over the size bound before reading it.
  func checkSize(_ url: URL, file: String) throws {
    let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
    guard let bytes = (attributes?[.size] as? NSNumber)?.doubleValue else { return }
    let megabytes = bytes / 1_048_576
    if megabytes > maxFileMegabytes {
      let size = String(format: "%.1f", megabytes)
      let limit = String(format: "%g", maxFileMegabytes)
      throw InputError(
        file: file, zh: "文件有 \(size) MB，超过 \(limit) MB 的上限（设置项 limits.max_file_megabytes）。",
        en: "the file is \(size) MB, above the limit of \(limit) MB (setting limits.max_file_megabytes).")
    }
  }
}
