import ArgumentParser
import Foundation
import QuotaPlan

/// `quotaplan export SCENARIO`: write the models quotaplan solves, for other solvers.
struct Export: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Write each plan group's model, one file per lexicographic level, in LP or MPS format.",
    discussion: """
      The models go into a folder of their own, out/<scenario name>-models/
      by default (never the plan folder, which the next solve replaces).
      Standard output is CSV, one line per file: file,group,level,optimum,path
      (the optimum quotaplan found, to check another solver against);
      standard error says where the files went.
      """)

  @Argument(help: "The scenario folder (holding scenario.yaml) or its YAML file.")
  var scenario: String

  @Option(help: "The file format: lp or mps.")
  var format: ModelExport.Format = .lp

  @Option(help: "Write only this level (1 = the first goal in the scenario's order: G1, G2, G3 by default).")
  var level: Int?

  @Flag(help: "One model per level for the whole scenario, all categories together (what a general solver would be given).")
  var monolithic = false

  @Option(name: .shortAndLong, help: "The folder to write the models into (default: out/<scenario name>-models).")
  var out: String?

  @OptionGroup var language: LanguageOption

  func validate() throws {
    language.choose()
    if let level, level < 1 {
      throw ValidationError(t("--level 从 1 开始（1 = 情景目标顺序中的第一个目标）；\(level) 不行。", "--level counts from 1 (1 = the scenario's first goal); \(level) is not a level."))
    }
  }

  func run() throws {
    language.choose()
    var target = try out.map { try checkedOutput($0, kind: .models, inputs: [scenario]) }
    let loaded = try loadScenario(scenario, language: language)
    if target == nil { target = try checkedOutput(defaultOutput(loaded, path: scenario, suffix: "-models"), kind: .models, inputs: [scenario]) }
    guard let target else { return }
    let files: [ModelExport.File]
    do {
      files = try writingFolder(target) {
        try reportingFailures { try ModelExport.write(loaded, format: format, to: target, level: level, monolithic: monolithic) }
      }
    } catch let error as ModelExport.NoSuchLevel {
      printError(sentence(error))
      throw ExitCode.validationFailure
    }
    say("file,group,level,optimum,path")
    for file in files {
      say("\(file.name),\(file.group),\(file.level),\(Int(file.optimum)),\(target.folder.appendingPathComponent(file.name).path)")
    }
    let folder = target.folder.path
    FileHandle.standardError.write(
      Data((terminalSafe(t("已写入 \(files.count) 个模型文件到 \(folder)/。", "Wrote \(files.count) model \(files.count == 1 ? "file" : "files") to \(folder)/.")) + "\n").utf8))
  }
}

extension ModelExport.Format: ExpressibleByArgument {}
