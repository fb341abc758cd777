import Foundation

extension TrackingReport {
  /// tracking.xlsx: the summary with the milestones, definitions and settings; the districts
  /// (behind pace first, with the pace each needs); district × category; schools (when the
  /// plan has sub-ranges); every problem grouped by district and code; and, with snapshots of
  /// several days, each district's rates on each day.
  static func workbook(_ result: TrackingResult, snapshots: TrackingSnapshots, language: Language) throws -> Data {
    typealias Cell = XLSXWriter.Cell
    let l = labels(language)
    let zh = language == .zh
    func rateCells(_ row: TrackingRow) -> [Cell] {
      [
        .number(row.quota), .number(row.entered), .number(row.inRange), .number(row.uploaded), .number(row.certified),
        .number(row.complete), .text(percent(row.useRate)), .text(percent(row.completeness)), .text(percent(row.effectiveRate)),
        .text(Charts.percentLabel(row.target)), .text(row.milestone.description), .text(row.status.rawValue), .text(row.status.label(language)),
      ]
    }
    let rateHeader: [Cell] = [
      l.quota, l.entered, l.inRange, l.uploaded, l.certified, l.complete, l.useRate, l.completeness, l.effectiveRate, l.target,
      l.milestone, l.status, l.status,
    ].map { .text($0) }

    var summary: [[Cell]] = [
      [.text("\(result.planName) \(l.title)")],
      [.text(l.asOf), .text(result.asOf.description)],
      [.text(l.records), .number(result.records)],
      [.text(l.files), .text(result.registerFiles.joined(separator: zh ? "、" : ", "))],
      [],
      [.text(l.city)] + rateHeader,
      [.text(l.total)] + rateCells(result.total),
      [],
      [l.milestone, l.target, l.rate, l.now, l.needed, l.daysLeft, l.neededPace].map { .text($0) },
    ]
    summary += milestoneRows(result, language).map { row in row.map { Int($0).map(Cell.number) ?? .text($0) } }
    summary.append([])
    summary.append([.text(l.definitions)])
    for line in [
      l.definitionUseRate, l.definitionCompleteness, l.definitionEffectiveRate, l.definitionTarget + milestonesText(result, language),
      l.definitionStatus, l.definitionPace, l.definitionProblems, l.privacy,
    ] {
      summary.append([.text(line)])
    }
    summary.append([])
    summary.append([.text(l.settings)])
    for line in settingsLines(result, language) { summary.append([.text(line)]) }

    let districts: [[Cell]] = [
      [.text(l.district)] + rateHeader + [.text(l.neededNumbers), .text(l.neededComplete), .text(l.currentPace), .text(paceHeading(result, language))]
    ] + districtsInOrder(result).map { row in
      [.text(row.district)] + rateCells(row) + [
        .number(row.neededCount), .number(row.neededComplete), .text(paceText(currentPace(row, result))), .text(paceText(paceAhead(row, result)?.perDay)),
      ]
    }
    let tracking: [[Cell]] = [[.text(l.district), .text(l.category)] + rateHeader]
      + result.rows.map { [.text($0.district), .text($0.category)] + rateCells($0) }
    var sheets: [(name: String, rows: [[Cell]])] = [
      (zh ? "概要" : "Summary", summary), (zh ? "县区进度" : "Districts", districts), (zh ? "分类别" : "By category", tracking),
    ]
    if let schools = result.schoolRows, !schools.isEmpty {
      sheets.append(
        (
          zh ? "学校单位" : "Schools",
          [[.text(l.district), .text(l.category), .text(l.unit)] + rateHeader]
            + schools.map { [.text($0.district), .text($0.category), .text($0.unit ?? "")] + rateCells($0) }
        ))
    }
    let withNames = result.problems.contains { !$0.name.isEmpty }
    var problems: [[Cell]] = [
      ([l.district, l.code, l.kind, l.file, l.row, l.memberNumber, l.unit, l.category, l.maskedID] + (withNames ? [l.name] : []) + [l.sentence])
        .map { .text($0) }
    ]
    for group in problemGroups(result) {
      for entry in group.codes {
        for problem in entry.problems {
          problems.append(
            [
              .text(problem.district), .text(entry.code.rawValue), .text(entry.code.title(language)), .text(problem.file ?? ""),
              problem.row.map(Cell.number) ?? .text(""), .text(problem.memberNumber), .text(problem.unit), .text(problem.category),
              .text(problem.maskedID),
            ] + (withNames ? [.text(problem.name)] : []) + [.text(problem.sentence(language))])
        }
      }
    }
    sheets.append((zh ? "问题清单" : "Problems", problems))
    if snapshots.isHistory {
      var history: [[Cell]] = [[.text(l.district), .text(l.day)] + rateHeader]
      for district in [nil] + result.districtRows.map({ Optional($0.district) }) {
        for entry in snapshots.rows(district: district) {
          history.append([.text(district ?? l.city), .text(entry.day.description)] + rateCells(entry.row))
        }
      }
      sheets.append((zh ? "历次快照" : "Snapshots", history))
    }
    return try XLSXWriter.workbook(sheets)
  }
}
