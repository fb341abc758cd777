import Foundation
import QuotaPlan
import Testing

/// Property-based fuzzing of the loaders: mutated CSV, YAML and XLSX inputs must load or be
/// refused with an `InputError`, never crash or hang. The time budget is
/// `QUOTAPLAN_FUZZ_SECONDS` (default 3); with `QUOTAPLAN_FUZZ_SAVE=DIR` every input that gave a
/// new kind of message is saved there (the regression corpus in FuzzCorpus/ came from that).
@Suite("Fuzzing the loaders")
struct FuzzTests {
  static var corpus: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("FuzzCorpus") }

  /// Loads a scenario folder holding `schools` (and the tiny scenario's other files).
  static func load(schools: Data? = nil, yaml: Data? = nil, folder: URL) throws -> Result<Scenario, Error> {
    try TinyScenario().write(to: folder)
    if let schools { try schools.write(to: folder.appendingPathComponent("schools.csv")) }
    if let yaml { try yaml.write(to: folder.appendingPathComponent("scenario.yaml")) }
    return Result { try ScenarioLoader.load(folder.path) }
  }

  /// Mutates bytes: flips, deletions, insertions of characters that matter to parsers, truncation.
  static func mutate(_ data: Data, _ random: inout LCG) -> Data {
    var bytes = [UInt8](data)
    let specials: [[UInt8]] = [[0x22], [0x2C], [0x0A], [0x0D], [0xFF], [0xE4, 0xB8], [0x3A], [0x20], [0x23], [0x2D], [0x00], [0xEF, 0xBB, 0xBF], Array("#x".utf8)]
    for _ in 0..<random.int(1...6) where !bytes.isEmpty {
      let at = random.int(0...(bytes.count - 1))
      switch random.int(0...4) {
      case 0: bytes[at] ^= UInt8(1 << random.int(0...7))
      case 1: bytes.remove(at: at)
      case 2: bytes.insert(contentsOf: specials[random.int(0...(specials.count - 1))], at: at)
      case 3: bytes = Array(bytes.prefix(at))
      default: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + random.int(1...40))], at: at)
      }
    }
    return Data(bytes)
  }

  @Test("mutated CSV, YAML and XLSX inputs load or are refused with a sentence; none hangs")
  func fuzz() throws {
    let seconds = Double(ProcessInfo.processInfo.environment["QUOTAPLAN_FUZZ_SECONDS"] ?? "") ?? 3
    let save = ProcessInfo.processInfo.environment["QUOTAPLAN_FUZZ_SAVE"].map { URL(fileURLWithPath: $0) }
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quotaplan-fuzz-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let tiny = TinyScenario()
    let seeds: [(kind: String, data: Data)] = [
      ("csv", Data((tiny.schools ?? "").utf8)), ("yaml", Data((tiny.scenario ?? "").utf8)),
      ("xlsx", try Data(contentsOf: XLSXTests.fixtures.appendingPathComponent("yangzhou-social.xlsx"))),
    ]
    var random = LCG(seed: UInt64(Date().timeIntervalSince1970))
    var inputs = 0
    var messages: Set<String> = []
    let start = Date()
    while Date().timeIntervalSince(start) < seconds {
      let seed = seeds[inputs % seeds.count]
      let input = Self.mutate(seed.data, &random)
      if let save {
        // Written before loading, so an input that crashes the process is not lost.
        try? FileManager.default.createDirectory(at: save, withIntermediateDirectories: true)
        try? input.write(to: save.appendingPathComponent("last-input.\(seed.kind)"))
      }
      let began = Date()
      let result = try Self.load(schools: seed.kind == "yaml" ? nil : input, yaml: seed.kind == "yaml" ? input : nil, folder: folder)
      #expect(Date().timeIntervalSince(began) < 5, "an input took more than 5 s")
      if case .failure(let error) = result {
        #expect(error is InputError, "\(seed.kind) input gave \(type(of: error)): \(error)")
        let kind = "\(error)".components(separatedBy: ": ").dropFirst().first?.prefix(40).description ?? ""
        if let save, messages.insert(kind).inserted {
          try? FileManager.default.createDirectory(at: save, withIntermediateDirectories: true)
          try input.write(to: save.appendingPathComponent("\(seed.kind)-\(inputs).\(seed.kind == "xlsx" ? "xlsx" : seed.kind)"))
        }
      }
      inputs += 1
    }
    print("fuzz: \(inputs) inputs in \(String(format: "%.1f", Date().timeIntervalSince(start))) s, no crash, no hang")
    #expect(inputs > 10)
  }

  @Test("the saved corpus still loads or is refused with a sentence")
  func corpusRegression() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quotaplan-corpus-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let files = (try? FileManager.default.contentsOfDirectory(atPath: Self.corpus.path)) ?? []
    for name in files.sorted() where !name.hasPrefix(".") {
      let data = try Data(contentsOf: Self.corpus.appendingPathComponent(name))
      let result = try Self.load(schools: name.hasPrefix("yaml") ? nil : data, yaml: name.hasPrefix("yaml") ? data : nil, folder: folder)
      if case .failure(let error) = result { #expect(error is InputError, "\(name): \(error)") }
    }
  }
}
