import Foundation
import GRDB
import Hummingbird
import QuotaPlan

/// Creating a scenario from uploaded tables: the schools file (and the social file) as CSV in
/// any encoding the CLI reads, or an Excel workbook's first sheet, sent as base64 in JSON. The
/// files are read by `quotaplan solve`'s own readers (`UploadedTables`); every problem of both
/// files comes back at once, with the header and the rows that have one, and nothing is stored
/// unless everything is valid.
enum UploadEndpoints {
  /// Rows of a file that the error's preview shows at most.
  static let maxPreviewRows = 200
  /// Problems listed at most per file (the engine's `limits.max_errors` for the upload).
  static let maxProblems = 500

  struct FileBody: Decodable, Sendable {
    var fileName: String
    var base64: String
  }

  struct UploadBody: Decodable, Sendable {
    var name: String
    /// The scenario whose newest version gives the settings; null: the notice's settings, the
    /// districts taken from the data.
    var settingsFrom: Int64?
    var schools: FileBody
    var social: FileBody?
  }

  struct Created: Encodable {
    var scenarioId: Int64
    var versionId: Int64
    var notes: [String]?
  }

  static let list: [Endpoint] = [
    Endpoint(
      .post, "/api/scenarios/upload", ScenarioEndpoints.city,
      "Creates a scenario from uploaded schools (and social) tables, CSV or XLSX as base64; 422 lists every problem with the rows that have one."
    ) { request, context, services in
      let user = try ScenarioEndpoints.user(context)
      let body = try await JSONResponse.decode(UploadBody.self, from: request, context: context)
      // The settings: another scenario's newest version (its data fills in a missing social file), or the notice's.
      var policy = Policy.notice
      var inheritedSocial: [SocialUnit]?
      if let from = body.settingsFrom {
        let (latest, data) = try await services.database.pool.read { db -> (ScenarioStore.Version, ScenarioStore.Dataset) in
          guard try ScenarioStore.scenario(db, id: from) != nil, let latest = try ScenarioStore.latest(db, scenario: from) else {
            throw APIError.notFound("设置来源方案", "scenario to take the settings from")
          }
          return (latest, try ScenarioStore.dataset(db, id: latest.datasetID))
        }
        policy = try ScenarioStore.policy(of: latest)
        inheritedSocial = data.social
      }
      let hasSocialCategory = policy.categories.contains { $0.kind == .social }
      if body.social == nil, hasSocialCategory, inheritedSocial == nil {
        throw APIError(
          .unprocessableContent, code: "social_missing",
          zh: "这些设置含社会领域类别，请同时上传社会领域单位表（或选择一个方案作为设置来源，沿用其社会领域数据）。",
          en: "These settings have a social-sector category: upload the social-sector table too (or take the settings from a scenario, whose social data is then kept).")
      }
      let schools = try decode(body.schools, default: "schools.csv")
      let social = try body.social.map { try decode($0, default: "social.csv") }
      // A social file under settings without a social category is read too, so that the
      // settings' check (createScenario) names the mismatch instead of the file being dropped.
      let tables = try await read(policy: policy, schools: schools, social: social)
      let notes = tables.notes.isEmpty ? nil : tables.notes
      let ids = try await services.plans.createScenario(
        name: body.name, policy: tables.policy, schools: tables.schools ?? [], social: tables.social ?? inheritedSocial ?? [], notes: notes,
        base: nil, by: user)
      return try JSONResponse.make(Created(scenarioId: ids.scenario, versionId: ids.version, notes: notes), status: .created)
    }
  ]

  // MARK: Helpers

  /// The uploaded file's bytes and the name messages call it by (printable, at most 100 characters).
  static func decode(_ file: FileBody, default fallback: String) throws -> UploadedTables.File {
    let cleaned = String(
      String.UnicodeScalarView(
        file.fileName.unicodeScalars.filter { !($0.properties.generalCategory == .control || $0.properties.generalCategory == .format) })
    ).trimmingCharacters(in: .whitespacesAndNewlines)
    let name = cleaned.isEmpty ? fallback : String(cleaned.prefix(100))
    guard let data = Data(base64Encoded: file.base64.filter { !" \n\r\t".contains($0) }) else {
      throw APIError(
        .unprocessableContent, code: "invalid_file", zh: "文件“\(name)”的内容不是有效的 base64 编码，无法读取；未保存任何内容。",
        en: "The content of “\(name)” is not valid base64, so it cannot be read; nothing was saved.")
    }
    guard !data.isEmpty else {
      throw APIError(
        .unprocessableContent, code: "invalid_file", zh: "文件“\(name)”是空的；第一行须为列名。", en: "The file “\(name)” is empty; its first row must name the columns.")
    }
    return UploadedTables.File(name: name, data: data)
  }

  /// Reads the files off the event loop; every problem becomes one 422 `invalid_data` with a
  /// preview of each file's header and the rows that have a problem.
  static func read(policy: Policy, schools: UploadedTables.File?, social: UploadedTables.File?) async throws -> UploadedTables.Tables {
    let limits = InputLimits(maxErrors: maxProblems)
    do {
      return try await PlanService.offload { try UploadedTables.read(policy: policy, schools: schools, social: social, limits: limits) }
    } catch let problems as UploadedTables.Problems {
      throw invalidData(problems, files: [schools, social].compactMap { $0 })
    } catch let error as InputError {
      throw invalidData(UploadedTables.Problems(errors: error.all, omitted: error.omitted), files: [schools, social].compactMap { $0 })
    } catch {
      throw APIError(
        .unprocessableContent, code: "invalid_data", zh: "上传的文件无法读取，未保存任何内容。", en: "The uploaded files cannot be read; nothing was saved.")
    }
  }

  static func invalidData(_ problems: UploadedTables.Problems, files: [UploadedTables.File]) -> APIError {
    var preview: [String: JSONValue] = [:]
    for file in files {
      let rows = Set(problems.errors.filter { $0.file == file.name }.compactMap(\.row).filter { $0 > 1 })
      guard problems.errors.contains(where: { $0.file == file.name }),
        let shown = UploadedTables.preview(file, rows: rows, limit: maxPreviewRows)
      else { continue }
      preview[file.name] = .object([
        "header": .array(shown.header.map(JSONValue.string)),
        "rows": .array(
          shown.rows.map { row in
            .object(["row": .number(Double(row.row)), "cells": .array(row.cells.map(JSONValue.string))])
          }),
      ])
    }
    let count = problems.errors.count + problems.omitted
    let first = problems.errors.first?.line(.en) ?? ""
    let firstZH = problems.errors.first?.line(.zh) ?? ""
    let single = count == 1
    return APIError(
      .unprocessableContent, code: "invalid_data",
      zh: single ? "上传的数据有问题，未保存任何内容：\(firstZH)" : "上传的数据有 \(count) 处问题，未保存任何内容。第一处：\(firstZH)",
      en: single
        ? "The uploaded data has a problem; nothing was saved: \(first)"
        : "The uploaded data has \(count) problems; nothing was saved. The first: \(first)",
      problems: problems.errors.map { error in
        APIError.Problem(
          file: error.file, row: error.row, column: error.column, message: error.message, messageZH: error.messageZH,
          rule: error.rule?.rawValue)
      },
      details: [
        "preview": .object(preview),
        "omitted": .number(Double(problems.omitted)),
      ])
  }
}
