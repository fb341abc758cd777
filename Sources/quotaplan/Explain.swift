import ArgumentParser
import Foundation
import QuotaPlan

/// `quotaplan explain SCENARIO --school NAME` or `--unit NAME`: why a unit gets its number.
struct Explain: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Explain one school's or social-sector unit's quota: its data, caps or weight, goals, number and why not one more or one fewer.",
    discussion: """
      A school (--school): its data, each cap with its arithmetic, what each
      goal asked of it, its number and reason, why not one more or one fewer.
      A social-sector unit (--unit): the weight formula with its figures, its
      exact share of the social-sector total, the rounding step
      (Sainte-Laguë), and why not one more or one fewer.
      Examples:
        quotaplan explain scenarios/yangzhou-2022 \\
          --school 扬州市广陵区汶河中学 --grade 初二
        quotaplan explain scenarios/yangzhou-2022 --unit 广陵区李典镇新坝村
      """)

  @Argument(help: "The scenario folder (holding scenario.yaml) or its YAML file.")
  var scenario: String

  @Option(help: "The school's name as in the schools file.")
  var school: String?

  @Option(help: "The social-sector unit's name as in the social-sector file (村, 社区, 企业, 社会组织).")
  var unit: String?

  @Option(help: "The district of the school or unit, when several districts have one of that name.")
  var district: String?

  @Option(help: "The school's category (id or name), when the school is in several categories.")
  var category: String?

  @Option(help: "Explain only this grade: 2, 初二, 高一, 中职一年级 or 二年级.")
  var grade: String?

  @OptionGroup var language: LanguageOption

  func validate() throws {
    language.choose()
    switch (school, unit) {
    case (nil, nil): throw ValidationError(t("请用 --school 指明学校，或用 --unit 指明社会领域单位。", "Give --school NAME for a school, or --unit NAME for a social-sector unit."))
    case (.some, .some): throw ValidationError(t("--school 与 --unit 只能给一个。", "Give either --school or --unit, not both."))
    case (nil, .some):
      if category != nil || grade != nil {
        throw ValidationError(t("--category 与 --grade 只用于学校（--school）。", "--category and --grade go with --school; a social-sector unit has neither."))
      }
    default: break
    }
  }

  func run() throws {
    language.choose()
    let plan = try solvedPlan(scenario, language: language)
    do {
      if let unit {
        say(try Explanation.socialText(plan, unit: unit, district: district))
      } else if let school {
        let number = try grade.map { try gradeNumber($0, plan: plan, school: school) }
        say(try Explanation.text(plan, school: school, district: district, category: category, grade: number))
      }
    } catch let error as Explanation.Failure {
      printError(sentence(error))
      throw ExitCode.validationFailure
    } catch let error as Explanation.SocialFailure {
      printError(Messages.shared.language == .zh ? error.chinese : error.description)
      throw ExitCode.validationFailure
    }
  }

  /// The grade `text` names for the school's category (or categories, when the name is a school
  /// in several and no --category says which): a number or a Chinese grade name.
  func gradeNumber(_ text: String, plan: Plan, school name: String) throws -> Int {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if let number = Int(trimmed) { return number }
    let wanted = category.map { text in
      plan.policy.categories.first { [$0.id, $0.name, $0.label(.en)].contains(text.trimmingCharacters(in: .whitespaces)) }?.id ?? text
    }
    var categories: [CategoryPolicy] = []
    for school in plan.schoolPlans where school.school.matches(name: name)
      && (wanted == nil || school.category.id == wanted) && (district == nil || school.school.matches(name: name, district: district, category: nil))
      && !categories.contains(where: { $0.id == school.category.id })
    {
      categories.append(school.category)
    }
    let numbers = Set(categories.compactMap { GradeName.parse(trimmed, for: $0) })
    if numbers.count == 1, let number = numbers.first { return number }
    let language = Messages.shared.language
    let known = categories.map { "\($0.label(language))：\($0.gradeNames(Array(1...max($0.gradeCount, 1)), language))" }
    throw ValidationError(
      t("--grade “\(text)” 不是" + (categories.isEmpty ? "年级名称" : "这所学校的年级") + "；可写 2、初二、高一、中职一年级或二年级" + (known.isEmpty ? "。" : "（\(known.joined(separator: "；"))）。"),
        "--grade “\(text)” is not " + (categories.isEmpty ? "a grade" : "one of this school's grades") + "; write 2, 初二, 高一, 中职一年级 or 二年级" + (known.isEmpty ? "." : " (\(known.joined(separator: "; "))).")))
  }
}

/// Loads and solves a scenario in the chosen language, turning every failure into a sentence
/// and an exit code.
func solvedPlan(_ path: String, language: LanguageOption) throws -> Plan {
  let loaded = try loadScenario(path, language: language)
  return try reportingFailures { try Planner.plan(loaded) }
}
