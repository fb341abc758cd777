import Foundation


extension Charts {
  /// Grouped vertical bars: one group per label, one bar per series.
  static func grouped(_ groups: [(label: String, values: [Int])], series: [String], title: String) -> String {
    let width = 1000.0, height = 300.0, left = 50.0, bottom = 60.0, top = 20.0
    let maximum = Double(max(1, groups.flatMap(\.values).max() ?? 1))
    let groupWidth = groups.isEmpty ? 0 : (width - left - 10) / Double(groups.count)
    let barWidth = series.isEmpty ? 0 : groupWidth * 0.8 / Double(series.count)
    func y(_ value: Double) -> Double { top + (height - top - bottom) * (1 - value / maximum) }
    var svg = "<svg xmlns='http://www.w3.org/2000/svg' class='chart' viewBox='0 0 \(Int(width)) \(Int(height))' width='\(Int(width))' height='\(Int(height))' role='img' aria-label='\(markupEscaped(title))'>"
    for (index, group) in groups.enumerated() {
      let x0 = left + Double(index) * groupWidth + groupWidth * 0.1
      for (s, value) in group.values.enumerated() {
        let x = x0 + Double(s) * barWidth
        svg += "<rect x='\(String(format: "%.1f", x))' y='\(String(format: "%.1f", y(Double(value))))' width='\(String(format: "%.1f", barWidth * 0.9))' height='\(String(format: "%.1f", y(0) - y(Double(value))))' fill='\(palette[s % palette.count])'><title>\(markupEscaped(series[s])) \(markupEscaped(group.label)) \(value)</title></rect>"
      }
      svg += "<text x='\(String(format: "%.1f", x0 + groupWidth * 0.4))' y='\(Int(height - bottom + 16))' font-size='12' text-anchor='middle'>\(markupEscaped(group.label))</text>"
    }
    var x = left
    for (s, name) in series.enumerated() {
      svg += "<rect x='\(Int(x))' y='\(Int(height - 24))' width='12' height='12' fill='\(palette[s % palette.count])'/><text x='\(Int(x + 16))' y='\(Int(height - 14))' font-size='12'>\(markupEscaped(name))</text>"
      x += 24 + Double(name.count) * 7.5
    }
    svg += "<line x1='\(Int(left))' x2='\(Int(width - 10))' y1='\(String(format: "%.1f", y(0)))' y2='\(String(format: "%.1f", y(0)))' stroke='#333'/>"
    return svg + "</svg>"
  }
}

extension Charts {
  /// A line of points (x, y); gaps where y is missing (a point without a plan).
  static func line(_ points: [(x: Double, y: Double?)], title: String) -> String {
    let width = 900.0, height = 220.0, left = 60.0, bottom = 30.0, top = 28.0
    let xs = points.map(\.x), ys = points.compactMap(\.y)
    let (x0, x1) = (xs.min() ?? 0, max((xs.max() ?? 1), (xs.min() ?? 0) + 1e-9))
    let (y0, y1) = (min(0, ys.min() ?? 0), max((ys.max() ?? 1) * 1.05, 1e-9))
    func px(_ x: Double) -> Double { left + (width - left - 20) * (x - x0) / (x1 - x0) }
    func py(_ y: Double) -> Double { top + (height - top - bottom) * (1 - (y - y0) / (y1 - y0)) }
    var svg = "<svg xmlns='http://www.w3.org/2000/svg' class='chart' viewBox='0 0 \(Int(width)) \(Int(height))' width='\(Int(width))' height='\(Int(height))' role='img' aria-label='\(markupEscaped(title))'>"
    svg += "<text x='\(Int(left))' y='16' font-size='13'>\(markupEscaped(title))</text>"
    var path = ""
    var pen = false
    for point in points {
      guard let y = point.y else { pen = false; continue }
      path += (pen ? " L" : " M") + String(format: "%.1f %.1f", px(point.x), py(y))
      pen = true
      svg += "<circle cx='\(String(format: "%.1f", px(point.x)))' cy='\(String(format: "%.1f", py(y)))' r='2.5' fill='#c0392b'><title>\(point.x.formatted): \(y.formatted)</title></circle>"
    }
    svg += "<path d='\(path)' fill='none' stroke='#c0392b' stroke-width='1.5'/>"
    svg += "<line x1='\(Int(left))' x2='\(Int(width - 20))' y1='\(String(format: "%.1f", py(y0)))' y2='\(String(format: "%.1f", py(y0)))' stroke='#333'/>"
    for x in [x0, (x0 + x1) / 2, x1] {
      svg += "<text x='\(String(format: "%.1f", px(x)))' y='\(Int(height - 10))' font-size='11' text-anchor='middle'>\(x.formatted)</text>"
    }
    for y in [y0, (y0 + y1) / 2, y1] {
      svg += "<text x='\(Int(left - 6))' y='\(String(format: "%.1f", py(y) + 4))' font-size='11' text-anchor='end'>\(y.formatted)</text>"
    }
    return svg + "</svg>"
  }
}
