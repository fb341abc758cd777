import Foundation
import Testing

/// More broken files, as bytes: wrong encodings, truncation, duplicate headers, odd numbers,
/// damaged workbooks and YAML, a 200 MB file. Each gets one sentence naming the file (and row and
/// column where there is one), exit 65, and no output written.
@Suite("Broken files through the command line")
struct BadFileCorpusTests {
  struct Broken: Sendable, CustomTestStringConvertible {
    let name: String
    /// The file the message must start with, and the row and column it must name.
    let file: String
    let row: Int?
    let column: String?
    let words: [String]
    /// Writes the broken file(s) into the scenario folder.
    let write: @Sendable (URL) throws -> Void
    var testDescription: String { name }
  }

  static let schoolsHeader = "district,school,category,grade,classes,students,members\n"
  static let goodRow = "甲区,甲中学,junior_high,2,2,80,2\n"

  static func schools(_ body: String) -> @Sendable (URL) throws -> Void {
    { folder in try Data(body.utf8).write(to: folder.appendingPathComponent("schools.csv")) }
  }

  /// Copies a crafted workbook from the fuzz corpus as schools.csv (read by its bytes), with
  /// `limits` added to the scenario when given.
  static func workbook(_ name: String, limits: String? = nil) -> @Sendable (URL) throws -> Void {
    { folder in
      try Data(contentsOf: FuzzTests.corpus.appendingPathComponent(name)).write(to: folder.appendingPathComponent("schools.csv"))
      if let limits {
        let yaml = try String(contentsOf: folder.appendingPathComponent("scenario.yaml"), encoding: .utf8)
        try (yaml + "limits: \(limits)\n").write(to: folder.appendingPathComponent("scenario.yaml"), atomically: true, encoding: .utf8)
      }
    }
  }

  static let cases: [Broken] = [
    Broken(name: "bytes that are neither UTF-8 nor GB18030", file: "schools.csv", row: nil, column: nil, words: ["neither UTF-8 nor GB18030"]) { folder in
      try (Data(schoolsHeader.utf8) + Data([0xFF, 0xFF, 0xFE, 0x80, 0x2C, 0xFF, 0x0A])).write(to: folder.appendingPathComponent("schools.csv"))
    },
    Broken(name: "a file truncated inside a quoted field", file: "schools.csv", row: 3, column: nil, words: ["fields"],
      write: schools(schoolsHeader + goodRow + "乙区,\"乙中学,junior_high,2,2,70")),
    Broken(name: "a duplicated header", file: "schools.csv", row: 1, column: "学生数", words: ["appears twice"],
      write: schools("district,school,category,grade,classes,students,members,学生数\n" + goodRow)),
    Broken(name: "a huge count", file: "schools.csv", row: 2, column: "students", words: ["99999999999", "implausibly large"],
      write: schools(schoolsHeader + "甲区,甲中学,junior_high,2,2,99999999999,2\n")),
    Broken(name: "NaN in a count", file: "schools.csv", row: 2, column: "members", words: ["NaN", "whole number"],
      write: schools(schoolsHeader + "甲区,甲中学,junior_high,2,2,80,NaN\n")),
    Broken(name: "a decimal count", file: "schools.csv", row: 2, column: "classes", words: ["2.5", "whole number"],
      write: schools(schoolsHeader + "甲区,甲中学,junior_high,2,2.5,80,2\n")),
    Broken(name: "a full-width letter in a count", file: "schools.csv", row: 2, column: "students", words: ["whole number"],
      write: schools(schoolsHeader + "甲区,甲中学,junior_high,2,2,８０ａ,2\n")),
    Broken(name: "a bad value in a GBK file still names its row", file: "schools.csv", row: 3, column: "学生数", words: ["whole number"]) { folder in
      let text = "区县,学校,类别,年级,班级数,学生数,团员数\n甲区,甲中学,初中,2,2,80,2\n甲区,甲中学,初中,3,2,八十,2\n"
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
      process.arguments = ["-f", "UTF-8", "-t", "GBK"]
      let input = Pipe(), output = Pipe()
      process.standardInput = input
      process.standardOutput = output
      try process.run()
      input.fileHandleForWriting.write(Data(text.utf8))
      try input.fileHandleForWriting.close()
      let data = output.fileHandleForReading.readDataToEndOfFile()
      process.waitUntilExit()
      try data.write(to: folder.appendingPathComponent("schools.csv"))
    },
    Broken(name: "a 200 MB file", file: "schools.csv", row: nil, column: nil, words: ["MB", "limits.max_file_megabytes"]) { folder in
      let url = folder.appendingPathComponent("schools.csv")
      guard FileManager.default.createFile(atPath: url.path, contents: Data(schoolsHeader.utf8)) else { throw CocoaError(.fileWriteUnknown) }
      let handle = try FileHandle(forWritingTo: url)
      try handle.truncate(atOffset: 200 * 1_048_576)
      try handle.close()
    },
    Broken(name: "a damaged workbook", file: "schools.csv", row: nil, column: nil, words: ["workbook"]) { folder in
      try (Data([0x50, 0x4B, 0x03, 0x04]) + Data(repeating: 0x41, count: 64)).write(to: folder.appendingPathComponent("schools.csv"))
    },
    // Crafted workbooks (scripts/make-xlsx-corpus.py, kept in FuzzCorpus/): none may crash or
    // allocate without bound; each is a sentence naming the cell or the part.
    Broken(name: "xlsx: a cell on row 2,000,000,000", file: "schools.csv", row: nil, column: nil, words: ["A2000000000", "outside an Excel sheet"],
      write: workbook("xlsx-cell-row-2000000000.xlsx")),
    Broken(name: "xlsx: a cell on row Int64.max", file: "schools.csv", row: nil, column: nil, words: ["A9223372036854775807", "outside an Excel sheet"],
      write: workbook("xlsx-cell-row-int64-max.xlsx")),
    Broken(name: "xlsx: a column past XFD that overflows", file: "schools.csv", row: nil, column: nil, words: ["ZZZZZZZZZZZZZZZ1", "columns A to XFD"],
      write: workbook("xlsx-cell-column-overflow.xlsx")),
    Broken(name: "xlsx: a row number of Int64.max", file: "schools.csv", row: nil, column: nil, words: ["9223372036854775807", "outside an Excel sheet"],
      write: workbook("xlsx-row-number-int64-max.xlsx")),
    Broken(name: "xlsx: a row past 1,048,576", file: "schools.csv", row: nil, column: nil, words: ["1048577", "outside an Excel sheet"],
      write: workbook("xlsx-row-beyond-excel.xlsx")),
    Broken(name: "xlsx: shared-string cells without sharedStrings.xml", file: "schools.csv", row: nil, column: nil, words: ["shared strings", "missing", "A1"],
      write: workbook("xlsx-shared-strings-missing.xlsx")),
    Broken(name: "xlsx: a shared-string index out of range", file: "schools.csv", row: nil, column: nil, words: ["A2", "shared string", "99"],
      write: workbook("xlsx-shared-string-out-of-range.xlsx")),
    Broken(name: "xlsx: entity expansion (billion laughs)", file: "schools.csv", row: nil, column: nil, words: ["not well-formed XML"],
      write: workbook("xlsx-billion-laughs.xlsx")),
    Broken(name: "xlsx: a zip bomb (the part's size is told)", file: "schools.csv", row: nil, column: nil, words: ["xl/worksheets/sheet1.xml", "8 MB", "zip bomb"],
      write: workbook("xlsx-zip-bomb.xlsx", limits: "{max_file_megabytes: 1}")),
    Broken(name: "xlsx: a zip bomb whose entry lies about its size", file: "schools.csv", row: nil, column: nil, words: ["xl/worksheets/sheet1.xml", "8 MB", "zip bomb"],
      write: workbook("xlsx-zip-bomb-lying-size.xlsx", limits: "{max_file_megabytes: 1}")),
    Broken(name: "xlsx: more cells than max_rows × 50", file: "schools.csv", row: nil, column: nil, words: ["5000 filled cells", "limits.max_rows"],
      write: workbook("xlsx-many-cells.xlsx", limits: "{max_rows: 100}")),
    Broken(name: "YAML that does not parse", file: "tiny/scenario.yaml", row: nil, column: nil, words: ["YAML"]) { folder in
      try "total: [12\ncategories: {".write(to: folder.appendingPathComponent("scenario.yaml"), atomically: true, encoding: .utf8)
    },
    Broken(name: "categories given as text, not a list", file: "tiny/scenario.yaml", row: nil, column: nil, words: ["categories", "wrong type"]) { folder in
      try "total: 12\ncategories: junior_high\n".write(to: folder.appendingPathComponent("scenario.yaml"), atomically: true, encoding: .utf8)
    },
    Broken(name: "a negative limit", file: "tiny/scenario.yaml", row: nil, column: nil, words: ["limits"]) { folder in
      let yaml = try String(contentsOf: folder.appendingPathComponent("scenario.yaml"), encoding: .utf8)
      try (yaml + "limits: {max_rows: -1}\n").write(to: folder.appendingPathComponent("scenario.yaml"), atomically: true, encoding: .utf8)
    },
  ]

  @Test("each broken file: one sentence with file, row and column, exit 65, nothing written", arguments: cases)
  func broken(_ broken: Broken) async throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try TinyScenario().write(to: workspace.scenario)
    try broken.write(workspace.scenario)
    let run = try await CLIRun.solve(in: workspace)
    #expect(run.status == 65, "\(broken.name): exit \(run.status), stderr: \(run.stderr)")
    let lines = run.stderr.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.count == 2 && lines[1].isEmpty, "\(broken.name): not one line: \(run.stderr)")
    let message = String(lines.first ?? "").replacingOccurrences(of: "quotaplan: ", with: "")
    #expect(message.hasPrefix(broken.file), "\(broken.name): \(message)")
    if let row = broken.row { #expect(message.contains(", row \(row)"), "\(broken.name): \(message)") }
    if let column = broken.column { #expect(message.contains(", column \(column):"), "\(broken.name): \(message)") }
    for word in broken.words { #expect(message.contains(word), "\(broken.name): “\(word)” missing: \(message)") }
    #expect(!run.outputFolderExists, "\(broken.name): output written")
  }
}
