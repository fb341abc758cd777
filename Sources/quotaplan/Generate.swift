import ArgumentParser
import Foundation
import QuotaPlan

/// `quotaplan generate --preset city|province|nation --seed N --out DIR`, or
/// `quotaplan generate --register PLAN_DIR --as-of DATE --seed N --out FILE`.
struct Generate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Write a synthetic scenario (city, province or nation), or with --register a synthetic member register for a plan.")

  @Option(help: "The scale: city (≈180 schools), province (≈5,000) or nation (≈76,600 schools, 40,000 social units).")
  var preset: Generator.Preset = .city

  @Option(help: "The seed; the same preset and seed give the same files.")
  var seed: UInt64 = 1

  @Option(help: "Rescale the preset to about this many schools (categories, social units and districts in proportion).")
  var schools: Int?

  @Option(help: "A plan folder (from solve or refine): write a synthetic member register for it instead of a scenario.")
  var register: String?

  @Option(name: .customLong("as-of"), help: "With --register: the day the register is exported, as 2022-06-30.")
  var asOf: String?

  @Option(help: "With --register: about this many register rows (at most the plan's quota); default: each district's pace.")
  var records: Int?

  @Option(name: .shortAndLong, help: "The scenario folder to write (with --register: the register CSV file).")
  var out: String

  @OptionGroup var language: LanguageOption

  func validate() throws {
    language.choose()
    if let schools, schools < 1 { throw ValidationError(t("--schools 至少为 1。", "--schools must be at least 1.")) }
    if register != nil, asOf == nil {
      throw ValidationError(t("--register 需要 --as-of，即导出日期（例如 --as-of 2022-06-30）。", "--register needs --as-of, the export day (e.g. --as-of 2022-06-30)."))
    }
    if register == nil, asOf != nil || records != nil {
      throw ValidationError(t("--as-of 与 --records 只和 --register PLAN_DIR 一起用。", "--as-of and --records go with --register PLAN_DIR."))
    }
    if let records, records < 0 { throw ValidationError(t("--records 不能为负数。", "--records cannot be negative.")) }
  }

  func run() throws {
    language.choose()
    if let register, let asOf { return try writeRegister(plan: register, asOf: asOf) }
    let target = try checkedOutput(out, kind: .scenario, inputs: [])
    let files = try Generator.files(preset, seed: seed, schools: schools)
    try writeFolder(files, to: target)
    let names = files.map(\.name)
    say(t("已写入 \(out)（\(names.joined(separator: "、"))）。", "Wrote \(out) (\(names.joined(separator: ", ")))."))
  }
}

extension Generate {
  /// Writes the register and its sidecar `FILE.expected.csv` (code,count of planted problems).
  private func writeRegister(plan: String, asOf: String) throws {
    let output: RegisterGenerator.Output
    do {
      output = try RegisterGenerator.generate(planFolder: plan, asOf: asOf, seed: seed, records: records)
    } catch let failure as RegisterGenerator.Failure {
      throw ValidationError(sentence(failure))
    }
    let file = URL(fileURLWithPath: out)
    let sidecar = URL(fileURLWithPath: out + ".expected.csv")
    do {
      try output.csv.write(to: file, options: .atomic)
      try output.expectedCSV().write(to: sidecar, options: .atomic)
    } catch {
      printError(t("无法写入 \(out)：\(error.localizedDescription)", "Could not write \(out): \(error.localizedDescription)"))
      throw ExitCode(74)
    }
    say(
      t("已写入 \(out)（\(output.records) 条记录，截至 \(asOf)）和 \(sidecar.lastPathComponent)。植入的问题：",
        "Wrote \(out) (\(output.records) records as of \(asOf)) and \(sidecar.lastPathComponent). Planted problems:"))
    for (code, count) in output.expected { say("  \(code): \(count)") }
  }
}

extension Generator.Preset: ExpressibleByArgument {}
