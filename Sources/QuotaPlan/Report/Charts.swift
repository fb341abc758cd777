import Foundation

/// Inline SVG charts for the review report: no scripts, no network, fonts from the reader's
/// system (with Chinese fallbacks named in the page's CSS).
enum Charts {
  /// Colours for categories, in policy order.
  static let palette = ["#c0392b", "#2e86c1", "#27ae60", "#8e44ad", "#d68910", "#16a085", "#7f8c8d", "#34495e"]

  /// Most bars a ratio chart draws; beyond it, neighbouring units share a bar.
  static let maximumBars = 300

  /// One bar per unit: grey up to the ratio before development, coloured up to the ratio after;
  /// units sorted by the ratio before; dashed lines at the caps. With more units than
  /// `maximumBars` (a province, the nation), each bar is a run of neighbours in that order,
  /// drawn at their mean ratios and labelled with the first and last unit.
  /// `legend` names the grey and the coloured part in the report's language. Where a bar is
  /// wide enough, its ratio after development is written above it.
  static func ratios(
    _ units: [(label: String, before: Double, after: Double)], caps: [Double], color: String, title: String,
    legend: (before: String, after: String)
  ) -> String {
    let width = 920.0, height = 260.0, left = 48.0, bottom = 28.0, top = 24.0
    let sorted = binned(units.sorted { ($0.before, $0.label) < ($1.before, $1.label) })
    let maxRatio = max(0.05, (sorted.map(\.after) + caps).max() ?? 0.05) * 1.1
    let plotWidth = width - left - 10, plotHeight = height - top - bottom
    let step = sorted.isEmpty ? 0 : plotWidth / Double(sorted.count)
    func y(_ ratio: Double) -> Double { top + plotHeight * (1 - ratio / maxRatio) }
    var svg = header(width, height, title)
    for tick in ticks(maxRatio) {
      svg += "<line x1='\(f(left))' x2='\(f(width - 10))' y1='\(f(y(tick)))' y2='\(f(y(tick)))' stroke='#e5e5e5'/>"
      svg += "<text x='\(f(left - 6))' y='\(f(y(tick) + 4))' font-size='11' text-anchor='end' fill='#555'>\(percentLabel(tick))</text>"
    }
    for (index, unit) in sorted.enumerated() {
      let x = left + Double(index) * step
      let barWidth = max(0.6, step * 0.8)
      svg += "<rect x='\(f(x))' y='\(f(y(unit.before)))' width='\(f(barWidth))' height='\(f(y(0) - y(unit.before)))' fill='#bdbdbd'><title>\(markupEscaped(unit.label))</title></rect>"
      if unit.after > unit.before {
        svg += "<rect x='\(f(x))' y='\(f(y(unit.after)))' width='\(f(barWidth))' height='\(f(y(unit.before) - y(unit.after)))' fill='\(color)'><title>\(markupEscaped(unit.label)) \(percentLabel(unit.before)) → \(percentLabel(unit.after))</title></rect>"
      }
      if step >= minimumLabelledBar {
        svg += "<text x='\(f(x + barWidth / 2))' y='\(f(y(max(unit.after, unit.before)) - 3))' font-size='10' text-anchor='middle' fill='#333'>\(percentLabel(unit.after))</text>"
      }
    }
    for cap in Set(caps).sorted() {
      svg += "<line x1='\(f(left))' x2='\(f(width - 10))' y1='\(f(y(cap)))' y2='\(f(y(cap)))' stroke='#333' stroke-dasharray='5,4'/>"
      svg += "<text x='\(f(width - 12))' y='\(f(y(cap) - 4))' font-size='11' text-anchor='end' fill='#333'>\(percentLabel(cap))</text>"
    }
    svg += "<line x1='\(f(left))' x2='\(f(width - 10))' y1='\(f(y(0)))' y2='\(f(y(0)))' stroke='#333'/>"
    let secondLegend = left + 40 + textWidth(legend.before, fontSize: 11)
    svg += "<rect x='\(f(left))' y='\(f(height - 18))' width='12' height='10' fill='#bdbdbd'/><text x='\(f(left + 16))' y='\(f(height - 9))' font-size='11'>\(markupEscaped(legend.before))</text>"
    svg += "<rect x='\(f(secondLegend))' y='\(f(height - 18))' width='12' height='10' fill='\(color)'/><text x='\(f(secondLegend + 16))' y='\(f(height - 9))' font-size='11'>\(markupEscaped(legend.after))</text>"
    return svg + "</svg>"
  }

  /// Runs of neighbouring units merged into at most `maximumBars` bars (mean ratios).
  static func binned(_ sorted: [(label: String, before: Double, after: Double)]) -> [(label: String, before: Double, after: Double)] {
    guard sorted.count > maximumBars else { return sorted }
    return (0..<maximumBars).map { bar in
      let run = sorted[(bar * sorted.count / maximumBars)..<((bar + 1) * sorted.count / maximumBars)]
      let count = Double(run.count)
      return (
        label: "\(run.first?.label ?? "") … \(run.last?.label ?? "") (\(run.count))",
        before: run.reduce(0) { $0 + $1.before } / count, after: run.reduce(0) { $0 + $1.after } / count)
    }
  }

  /// One horizontal stacked bar per district: its quota by category.
  static func districts(_ rows: [(district: String, parts: [Int])], categories: [String], title: String) -> String {
    let rowHeight = 24.0, left = 170.0, width = 920.0, top = 30.0
    let height = top + Double(rows.count) * rowHeight + 40
    let maximum = Double(max(1, rows.map { $0.parts.reduce(0, +) }.max() ?? 1))
    let scale = (width - left - 60) / maximum
    var svg = header(width, height, title)
    for (index, row) in rows.enumerated() {
      let y = top + Double(index) * rowHeight
      svg += "<text x='\(f(left - 8))' y='\(f(y + 15))' font-size='12' text-anchor='end'>\(markupEscaped(row.district))</text>"
      var x = left
      for (part, value) in row.parts.enumerated() where value > 0 {
        let w = Double(value) * scale
        svg += "<rect x='\(f(x))' y='\(f(y + 3))' width='\(f(w))' height='\(f(rowHeight - 6))' fill='\(palette[part % palette.count])'><title>\(markupEscaped(row.district)) \(markupEscaped(categories[part])) \(value)</title></rect>"
        if w >= textWidth("\(value)", fontSize: 11) + 6 {
          svg += "<text x='\(f(x + w / 2))' y='\(f(y + 16))' font-size='11' text-anchor='middle' fill='#fff'>\(value)</text>"
        }
        x += w
      }
      svg += "<text x='\(f(x + 6))' y='\(f(y + 15))' font-size='12' fill='#333'>\(row.parts.reduce(0, +))</text>"
    }
    var x = left
    let legendY = top + Double(rows.count) * rowHeight + 14
    for (index, name) in categories.enumerated() {
      svg += "<rect x='\(f(x))' y='\(f(legendY))' width='12' height='12' fill='\(palette[index % palette.count])'/>"
      svg += "<text x='\(f(x + 16))' y='\(f(legendY + 11))' font-size='12'>\(markupEscaped(name))</text>"
      x += 30 + textWidth(name, fontSize: 12)
    }
    return svg + "</svg>"
  }

  static func header(_ width: Double, _ height: Double, _ title: String) -> String {
    "<svg xmlns='http://www.w3.org/2000/svg' class='chart' viewBox='0 0 \(f(width)) \(f(height))' width='\(f(width))' height='\(f(height))' role='img' aria-label='\(markupEscaped(title))'><title>\(markupEscaped(title))</title>"
  }

  private static func ticks(_ maximum: Double) -> [Double] {
    let step = [0.01, 0.02, 0.05, 0.1, 0.2].first { maximum / $0 <= 6 } ?? 0.2
    return stride(from: 0, through: maximum, by: step).map { $0 }
  }

  /// Narrowest bar (px) of a ratio chart that carries its ratio as a label ("12.7%" at 10 px).
  static let minimumLabelledBar = 34.0

  /// Width of `text` at `fontSize` px, roughly: a CJK character is square, a Latin one about
  /// 0.6 em wide. Enough to keep labels from overlapping.
  static func textWidth(_ text: String, fontSize: Double) -> Double {
    text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? fontSize : fontSize * 0.6) }
  }

  static func percentLabel(_ value: Double) -> String { oneDecimal(value * 100) + "%" }

  static func f(_ value: Double) -> String { oneDecimal(value) }

  /// `value` with one decimal, as C's `%.1f` writes it.
  static func oneDecimal(_ value: Double) -> String { decimal(value, 1) }

}
