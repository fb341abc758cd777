import Foundation

/// Inline SVG charts of tracking: rates over the year against the notice's milestone line, and
/// the city's rates against each milestone's target.
extension Charts {
  /// One series of a progress chart: a rate at each snapshot date.
  struct ProgressSeries {
    var label: String
    var color: String
    var dashed: Bool = false
    /// True for a rate of the quota (use_rate, effective_rate), which is 0 on 1 January; false
    /// for completeness, a share of the records entered, which has no value before the first.
    var startsAtZero: Bool = true
    /// (day, rate) in date order.
    var points: [(day: Day, rate: Double)]
  }

  /// Rates over the year (x: 1 January → 31 December, y: 0–100 %) against the milestone line:
  /// from 0 on 1 January through each milestone's target on its day (the pace the notice asks
  /// for), drawn grey; a vertical line marks the as-of date. `compact` draws a small multiple
  /// (one per district).
  static func progress(
    _ series: [ProgressSeries], milestones: [(day: Day, target: Double)], year: Int, asOf: Day, title: String, compact: Bool,
    milestoneLabel: String
  ) -> String {
    let width = compact ? 300.0 : 920.0, height = compact ? 190.0 : 300.0
    let left = compact ? 34.0 : 48.0, right = 10.0, top = compact ? 22.0 : 24.0, bottom = compact ? 38.0 : 44.0
    guard let start = Day(year: year, month: 1, day: 1), let end = Day(year: year, month: 12, day: 31) else { return "" }
    let span = Double(end - start)
    let plotWidth = width - left - right, plotHeight = height - top - bottom
    func x(_ day: Day) -> Double { left + plotWidth * min(1, max(0, Double(day - start) / span)) }
    func y(_ rate: Double) -> Double { top + plotHeight * (1 - min(1.1, max(0, rate)) / 1.1) }
    let font = compact ? 10 : 11
    var svg = header(width, height, title)
    if compact { svg += "<text x='\(f(left))' y='14' font-size='12' font-weight='bold'>\(markupEscaped(title))</text>" }
    for tick in [0.0, 0.25, 0.5, 0.75, 1.0] {
      svg += "<line x1='\(f(left))' x2='\(f(width - right))' y1='\(f(y(tick)))' y2='\(f(y(tick)))' stroke='#ececec'/>"
      svg += "<text x='\(f(left - 4))' y='\(f(y(tick) + 4))' font-size='\(font)' text-anchor='end' fill='#555'>\(Int(tick * 100))%</text>"
    }
    for month in stride(from: 1, through: 12, by: compact ? 3 : 1) {
      guard let day = Day(year: year, month: month, day: 1) else { continue }
      svg += "<text x='\(f(x(day)))' y='\(f(height - bottom + 13))' font-size='\(font)' fill='#555'>\(month)月</text>"
    }
    // The milestone line and its targets.
    var line = [(start, 0.0)] + milestones.map { ($0.day, $0.target) }
    if let last = milestones.last, last.day < end { line.append((end, last.target)) }
    svg += "<polyline points='\(line.map { "\(f(x($0.0))),\(f(y($0.1)))" }.joined(separator: " "))' fill='none' stroke='#9e9e9e' stroke-width='2' stroke-dasharray='6,4'><title>\(markupEscaped(milestoneLabel))</title></polyline>"
    for milestone in milestones {
      let components = milestone.day.components
      svg += "<circle cx='\(f(x(milestone.day)))' cy='\(f(y(milestone.target)))' r='3.5' fill='#616161'><title>\(markupEscaped(milestoneLabel)) \(milestone.day) ≥ \(percentLabel(milestone.target))</title></circle>"
      let last = milestone.day == milestones.last?.day
      svg += "<text x='\(f(x(milestone.day) + (last ? -4 : 5)))' y='\(f(y(milestone.target) + (last ? -6 : 13)))' font-size='\(font)' text-anchor='\(last ? "end" : "start")' fill='#616161'>\(components.month)-\(components.day) \(Int((milestone.target * 100).rounded()))%</text>"
    }
    svg += "<line x1='\(f(x(asOf)))' x2='\(f(x(asOf)))' y1='\(f(top))' y2='\(f(y(0)))' stroke='#bbb'/>"
    for item in series {
      let points = (item.startsAtZero ? [(start, 0.0)] : []) + item.points.filter { $0.day >= start && $0.day <= end }.map { ($0.day, $0.rate) }
      svg += "<polyline points='\(points.map { "\(f(x($0.0))),\(f(y($0.1)))" }.joined(separator: " "))' fill='none' stroke='\(item.color)' stroke-width='2'\(item.dashed ? " stroke-dasharray='3,2'" : "")/>"
      for point in points.dropFirst(item.startsAtZero ? 1 : 0) {
        svg += "<circle cx='\(f(x(point.0)))' cy='\(f(y(point.1)))' r='3' fill='\(item.color)'><title>\(markupEscaped(item.label)) \(point.0) \(percentLabel(point.1))</title></circle>"
      }
    }
    svg += "<line x1='\(f(left))' x2='\(f(width - right))' y1='\(f(y(0)))' y2='\(f(y(0)))' stroke='#333'/>"
    var legendX = left
    let legendY = height - 12
    for item in series {
      svg += "<rect x='\(f(legendX))' y='\(f(legendY - 9))' width='12' height='3' fill='\(item.color)'/><text x='\(f(legendX + 16))' y='\(f(legendY))' font-size='\(font)'>\(markupEscaped(item.label))</text>"
      legendX += 26 + Double(item.label.count) * (compact ? 10 : 11)
    }
    svg += "<rect x='\(f(legendX))' y='\(f(legendY - 9))' width='12' height='3' fill='#9e9e9e'/><text x='\(f(legendX + 16))' y='\(f(legendY))' font-size='\(font)'>\(markupEscaped(milestoneLabel))</text>"
    return svg + "</svg>"
  }

  /// One horizontal bar per rate (0–100 %), with a dashed line at each milestone's target.
  static func rateBars(_ rates: [(label: String, rate: Double?)], milestones: [(label: String, target: Double)], title: String) -> String {
    let width = 920.0, left = 150.0, right = 70.0, top = 26.0, rowHeight = 34.0
    let height = top + Double(rates.count) * rowHeight + 24
    func x(_ rate: Double) -> Double { left + (width - left - right) * min(1, max(0, rate)) }
    var svg = header(width, height, title)
    for (index, rate) in rates.enumerated() {
      let y = top + Double(index) * rowHeight
      svg += "<text x='\(f(left - 8))' y='\(f(y + 20))' font-size='13' text-anchor='end'>\(markupEscaped(rate.label))</text>"
      svg += "<rect x='\(f(left))' y='\(f(y + 6))' width='\(f(width - left - right))' height='\(f(rowHeight - 12))' fill='#f0f0f0'/>"
      if let value = rate.rate {
        svg += "<rect x='\(f(left))' y='\(f(y + 6))' width='\(f(x(value) - left))' height='\(f(rowHeight - 12))' fill='\(palette[index % palette.count])'><title>\(markupEscaped(rate.label)) \(percentLabel(value))</title></rect>"
        svg += "<text x='\(f(width - right + 6))' y='\(f(y + 20))' font-size='13'>\(percentLabel(value))</text>"
      } else {
        svg += "<text x='\(f(width - right + 6))' y='\(f(y + 20))' font-size='13'>—</text>"
      }
    }
    let bottom = top + Double(rates.count) * rowHeight
    for milestone in milestones {
      svg += "<line x1='\(f(x(milestone.target)))' x2='\(f(x(milestone.target)))' y1='\(f(top - 4))' y2='\(f(bottom))' stroke='#333' stroke-dasharray='5,4'/>"
      svg += "<text x='\(f(x(milestone.target) - 3))' y='\(f(top - 8))' font-size='11' text-anchor='end'>\(markupEscaped(milestone.label))</text>"
    }
    return svg + "</svg>"
  }
}
