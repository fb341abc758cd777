import Foundation

extension TrackingReport {
  /// tracking.html: one self-contained page (the review report's CSS, inline SVG, no scripts).
  static func html(_ result: TrackingResult, snapshots: TrackingSnapshots, language: Language) -> String {
    let l = labels(language)
    var page = HTMLPage()
    let title = "\(result.planName) \(l.title)"
    page.raw("<!DOCTYPE html>\n<html lang=\"\(language == .zh ? "zh-CN" : "en")\">\n<head>\n<meta charset=\"utf-8\">\n")
    page.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>\(markupEscaped(title))</title>\n")
    page.raw("<style>\n\(ReportTemplates.style)\n\(extraStyle)\n</style>\n</head>\n<body>\n")
    page.element("h1", title)
    let files = result.registerFiles.joined(separator: language == .zh ? "、" : ", ")
    page.element(
      "p", "\(l.asOf) \(result.asOf) · \(l.records) \(result.records) · \(l.files): \(files)"
        + (snapshots.isHistory ? " · \(l.snapshots): \(snapshots.results.map { $0.asOf.description }.joined(separator: ", "))" : ""),
      class: "muted")

    // The city against both milestones.
    page.element("h2", l.milestones)
    let total = result.total
    page.element("p", verdict(total, result, language), class: total.status.severity >= 2 ? "verdict broken" : "verdict")
    let milestoneDays = result.settings.milestoneDays(year: result.year)
    page.raw(
      Charts.rateBars(
        [(l.useRate, total.useRate), (l.completeness, total.completeness), (l.effectiveRate, total.effectiveRate)],
        milestones: milestoneDays.map { ("\($0.day.components.month)-\($0.day.components.day) \(Charts.percentLabel($0.target))", $0.target) },
        title: "\(l.city) \(l.asOf) \(result.asOf)"))
    page.table(
      id: "milestones", header: [l.milestone, l.target, l.rate, l.now, l.needed, l.daysLeft, l.neededPace],
      numeric: [1, 3, 4, 5, 6],
      rows: milestoneRows(result, language))
    if snapshots.isHistory {
      page.element("h3", l.overTime)
      page.raw(progressChart(nil, title: l.city, snapshots: snapshots, result: result, language: language, compact: false))
    }

    // Districts behind pace, worst first, with the pace each needs.
    page.element("h2", l.districtsBehind)
    let behind = result.districtsBehind
    if behind.isEmpty {
      page.element("p", l.noneBehind)
    } else {
      page.table(
        id: "behind",
        header: [
          l.district, l.status, l.quota, l.useRate, l.completeness, l.neededNumbers, l.neededComplete, l.currentPace, paceHeading(result, language),
        ],
        numeric: [2, 3, 4, 5, 6, 7, 8],
        rows: behind.map { row in
          [
            row.district, row.status.label(language), String(row.quota), percent(row.useRate), percent(row.completeness),
            String(row.neededCount), String(row.neededComplete), paceText(currentPace(row, result)),
            paceText(paceAhead(row, result)?.perDay),
          ]
        },
        rowClass: { behind[$0].status == .missed ? "missed" : "behind" })
    }

    // A chart per district.
    page.element("h2", snapshots.isHistory ? l.overTime : l.districtCharts)
    page.raw("<div class=\"multiples\">")
    let ordered = districtsInOrder(result)
    for row in ordered.prefix(maximumDistrictCharts) {
      page.raw(progressChart(row.district, title: "\(row.district) · \(row.status.label(language))", snapshots: snapshots, result: result, language: language, compact: true))
    }
    page.raw("</div>\n")
    if ordered.count > maximumDistrictCharts { page.element("p", l.moreCharts, class: "muted") }

    // Every district, then district × category.
    page.element("h2", l.allDistricts)
    let districtHeader = [
      l.district, l.quota, l.entered, l.inRange, l.uploaded, l.certified, l.useRate, l.completeness, l.effectiveRate, l.target, l.status,
    ]
    func cells(_ row: TrackingRow, _ first: [String]) -> [String] {
      first + [
        String(row.quota), String(row.entered), String(row.inRange), String(row.uploaded), String(row.certified), percent(row.useRate),
        percent(row.completeness), percent(row.effectiveRate), Charts.percentLabel(row.target), row.status.label(language),
      ]
    }
    page.table(
      id: "districts", header: districtHeader, numeric: Array(1...9),
      rows: ordered.map { cells($0, [$0.district]) } + [cells(total, [l.total])],
      rowClass: { $0 < ordered.count && ordered[$0].status.severity >= 2 ? "behind" : "" })
    page.element("h3", l.byCategory)
    page.table(
      id: "tracking", header: [l.district, l.category] + districtHeader.dropFirst(), numeric: Array(2...10),
      rows: result.rows.map { cells($0, [$0.district, $0.category]) })
    if let schools = result.schoolRows, !schools.isEmpty {
      page.element("h3", l.schools)
      page.table(
        id: "schools", header: [l.district, l.category, l.unit] + districtHeader.dropFirst(), numeric: Array(3...11),
        rows: schools.prefix(maximumSchoolRows).map { cells($0, [$0.district, $0.category, $0.unit ?? ""]) })
      if schools.count > maximumSchoolRows { page.element("p", "+\(schools.count - maximumSchoolRows)", class: "muted") }
    }

    // Problems by district and code.
    page.element("h2", l.problems)
    if result.problems.isEmpty {
      page.element("p", l.noProblems)
    } else {
      page.table(
        id: "problem-counts", header: [l.code, l.kind, l.count], numeric: [2],
        rows: result.problemCounts.map { [$0.code.rawValue, $0.code.title(language), String($0.count)] })
      let withNames = result.problems.contains { !$0.name.isEmpty }
      var listed = 0
      for group in problemGroups(result) {
        let count = group.codes.reduce(0) { $0 + $1.problems.count }
        page.element("h3", "\(group.district.isEmpty ? "—" : group.district) (\(count))")
        var rows: [[String]] = []
        for entry in group.codes {
          let shown = listed >= maximumProblemLines ? [] : Array(entry.problems.prefix(min(maximumProblemsPerGroup, maximumProblemLines - listed)))
          listed += shown.count
          for problem in shown {
            rows.append(
              [entry.code.rawValue, problem.row.map(String.init) ?? "", problem.memberNumber, problem.unit, problem.maskedID]
                + (withNames ? [problem.name] : []) + [problem.sentence(language)])
          }
          if entry.problems.count > shown.count {
            rows.append([entry.code.rawValue, "", "", "", ""] + (withNames ? [""] : []) + ["\(entry.problems.count - shown.count) \(l.more)"])
          }
        }
        page.table(
          id: nil, header: [l.code, l.row, l.memberNumber, l.unit, l.maskedID] + (withNames ? [l.name] : []) + [l.sentence], numeric: [1],
          rows: rows, tableClass: "problems")
      }
    }

    // Definitions and settings, in words.
    page.element("h2", l.definitions)
    page.raw("<ul>")
    for line in [
      l.definitionUseRate, l.definitionCompleteness, l.definitionEffectiveRate, l.definitionTarget + milestonesText(result, language),
      l.definitionStatus, l.definitionPace, l.definitionProblems, l.privacy,
    ] {
      page.element("li", line)
    }
    page.raw("</ul>\n")
    page.element("h3", l.settings)
    page.raw("<ul>")
    for line in settingsLines(result, language) { page.element("li", line) }
    page.raw("</ul>\n</body>\n</html>\n")
    return page.text
  }

  /// CSS the tracking page adds to the review report's.
  static let extraStyle = """
    .multiples { display: flex; flex-wrap: wrap; gap: 8px; }
    .multiples svg.chart { width: 310px; max-width: 48%; border: 1px solid #eee; }
    tr.behind td { background: #fff4e5; }
    tr.missed td { background: #fdecea; }
    #behind td:nth-child(2), #districts td:last-child, #tracking td:last-child { white-space: nowrap; }
    table.problems td:last-child { min-width: 320px; }
    """

  /// One sentence on the city: its rates against the milestone in force and its status.
  static func verdict(_ total: TrackingRow, _ result: TrackingResult, _ language: Language) -> String {
    let l = labels(language)
    if language == .zh {
      return "\(l.city)\(l.useRate) \(percent(total.useRate))，\(l.completeness) \(percent(total.completeness))，\(l.effectiveRate) \(percent(total.effectiveRate))；\(total.milestone) 节点目标 \(Charts.percentLabel(total.target))：\(total.status.label(language))。进度落后的县（市、区）\(result.districtsBehind.count) 个，问题 \(result.problems.count) 条。"
    }
    return "\(l.city): \(l.useRate) \(percent(total.useRate)), \(l.completeness) \(percent(total.completeness)), \(l.effectiveRate) \(percent(total.effectiveRate)); target \(Charts.percentLabel(total.target)) by \(total.milestone): \(total.status.label(language)). \(result.districtsBehind.count) districts behind pace, \(result.problems.count) problems."
  }

  /// The city against each milestone and each assessed rate: now, still needed, days left and
  /// the pace needed from now on.
  static func milestoneRows(_ result: TrackingResult, _ language: Language) -> [[String]] {
    let l = labels(language)
    let total = result.total
    var rows: [[String]] = []
    for milestone in result.settings.milestoneDays(year: result.year) {
      let days = milestone.day - result.asOf
      for rate in result.settings.targetRates {
        let value = total.rate(rate)
        let (done, base): (Int, Int) = {
          switch rate {
          case .useRate: return (total.inRange, total.quota)
          case .completeness: return (total.complete, total.entered)
          case .effectiveRate: return (total.certified, total.quota)
          }
        }()
        let needed = max(0, Int((milestone.target * Double(base)).rounded(.up)) - done)
        let pace: String
        if needed == 0 {
          pace = l.reached
        } else if days <= 0 {
          pace = l.notReached
        } else {
          pace = paceText(Double(needed) / Double(max(1, days)))
        }
        rows.append([
          milestone.day.description, Charts.percentLabel(milestone.target), rateName(rate, l), percent(value), String(needed),
          days < 0 ? l.passed : String(days), pace,
        ])
      }
    }
    return rows
  }

  /// A district's (nil: the city's) use rate and completeness over the snapshots, against the
  /// milestone line.
  static func progressChart(
    _ district: String?, title: String, snapshots: TrackingSnapshots, result: TrackingResult, language: Language, compact: Bool
  ) -> String {
    let l = labels(language)
    let series = result.settings.targetRates.enumerated().map { index, rate in
      Charts.ProgressSeries(
        label: rateName(rate, l), color: Charts.palette[index % Charts.palette.count], dashed: index > 0,
        startsAtZero: rate != .completeness, points: snapshots.points(district: district, rate: rate))
    }
    return Charts.progress(
      series, milestones: result.settings.milestoneDays(year: result.year), year: result.year, asOf: result.asOf, title: title,
      compact: compact, milestoneLabel: l.milestoneLine)
  }
}

/// A page built as text: elements escaped, tables with numeric columns right-aligned.
struct HTMLPage {
  var text = ""

  mutating func raw(_ markup: String) { text += markup }

  mutating func element(_ name: String, _ content: String, class className: String? = nil) {
    text += "<\(name)\(className.map { " class=\"\($0)\"" } ?? "")>\(markupEscaped(content))</\(name)>\n"
  }

  mutating func table(
    id: String?, header: [String], numeric: [Int], rows: [[String]], rowClass: (Int) -> String = { _ in "" }, tableClass: String? = nil
  ) {
    let numbers = Set(numeric)
    text += "<table\(id.map { " id=\"\($0)\"" } ?? "")\(tableClass.map { " class=\"\($0)\"" } ?? "")>\n<tr>"
    for (index, cell) in header.enumerated() { text += "<th\(numbers.contains(index) ? " class=\"n\"" : "")>\(markupEscaped(cell))</th>" }
    text += "</tr>\n"
    for (number, row) in rows.enumerated() {
      let className = rowClass(number)
      text += className.isEmpty ? "<tr>" : "<tr class=\"\(className)\">"
      for (index, cell) in row.enumerated() { text += "<td\(numbers.contains(index) ? " class=\"n\"" : "")>\(markupEscaped(cell))</td>" }
      text += "</tr>\n"
    }
    text += "</table>\n"
  }
}
