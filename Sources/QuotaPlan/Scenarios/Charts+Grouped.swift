import Foundation


extension Charts {
  /// Grouped vertical bars: one group per label, one bar per series; a bar wide enough carries
  /// its value above it.
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
        if barWidth * 0.9 >= textWidth("\(value)", fontSize: 10) + 2 {
          svg += "<text x='\(String(format: "%.1f", x + barWidth * 0.45))' y='\(String(format: "%.1f", y(Double(value)) - 3))' font-size='10' text-anchor='middle' fill='#333'>\(value)</text>"
        }
      }
      svg += "<text x='\(String(format: "%.1f", x0 + groupWidth * 0.4))' y='\(Int(height - bottom + 16))' font-size='12' text-anchor='middle'>\(markupEscaped(group.label))</text>"
    }
    var x = left
    for (s, name) in series.enumerated() {
      svg += "<rect x='\(Int(x))' y='\(Int(height - 24))' width='12' height='12' fill='\(palette[s % palette.count])'/><text x='\(Int(x + 16))' y='\(Int(height - 14))' font-size='12'>\(markupEscaped(name))</text>"
      x += 24 + textWidth(name, fontSize: 12)
    }
    svg += "<line x1='\(Int(left))' x2='\(Int(width - 10))' y1='\(String(format: "%.1f", y(0)))' y2='\(String(format: "%.1f", y(0)))' stroke='#333'/>"
    return svg + "</svg>"
  }
}

extension Charts {
  /// A line of points (x, y); gaps where y is missing (a point without a plan). The axes carry
  /// round ticks; a series of whole numbers (a count of members or schools) is labelled with
  /// whole numbers only, never "25.2000".
  static func line(_ points: [(x: Double, y: Double?)], title: String) -> String {
    let width = 900.0, height = 220.0, left = 60.0, bottom = 30.0, top = 28.0
    let xs = points.map(\.x), ys = points.compactMap(\.y)
    let xTicks = axisTicks(xs.min() ?? 0, xs.max() ?? 1, integral: xs.allSatisfy { $0 == $0.rounded() })
    let yIntegral = ys.allSatisfy { $0 == $0.rounded() }
    let yTicks = axisTicks(min(0, ys.min() ?? 0), ys.max() ?? 1, integral: yIntegral)
    let (x0, x1) = (min(xs.min() ?? 0, xTicks.values.first ?? 0), max(xs.max() ?? 1, xTicks.values.last ?? 1))
    let (y0, y1) = (yTicks.values.first ?? 0, max(yTicks.values.last ?? 1, (ys.max() ?? 1)))
    let xSpan = max(x1 - x0, 1e-9), ySpan = max(y1 - y0, 1e-9)
    func px(_ x: Double) -> Double { left + (width - left - 20) * (x - x0) / xSpan }
    func py(_ y: Double) -> Double { top + (height - top - bottom) * (1 - (y - y0) / ySpan) }
    var svg = "<svg xmlns='http://www.w3.org/2000/svg' class='chart' viewBox='0 0 \(Int(width)) \(Int(height))' width='\(Int(width))' height='\(Int(height))' role='img' aria-label='\(markupEscaped(title))'>"
    svg += "<text x='\(Int(left))' y='16' font-size='13'>\(markupEscaped(title))</text>"
    for tick in yTicks.values {
      svg += "<line x1='\(Int(left))' x2='\(Int(width - 20))' y1='\(f(py(tick)))' y2='\(f(py(tick)))' stroke='#e5e5e5'/>"
      svg += "<text x='\(Int(left - 6))' y='\(f(py(tick) + 4))' font-size='11' text-anchor='end'>\(axisLabel(tick, digits: yTicks.digits))</text>"
    }
    var path = ""
    var pen = false
    let pointDigits = yIntegral ? 0 : max(yTicks.digits + 1, 2)
    for point in points {
      guard let y = point.y else { pen = false; continue }
      path += (pen ? " L" : " M") + "\(f(px(point.x))) \(f(py(y)))"
      pen = true
      svg += "<circle cx='\(f(px(point.x)))' cy='\(f(py(y)))' r='2.5' fill='#c0392b'><title>\(axisLabel(point.x, digits: xTicks.digits + 1)): \(axisLabel(y, digits: pointDigits))</title></circle>"
    }
    svg += "<path d='\(path)' fill='none' stroke='#c0392b' stroke-width='1.5'/>"
    svg += "<line x1='\(Int(left))' x2='\(Int(width - 20))' y1='\(f(py(y0)))' y2='\(f(py(y0)))' stroke='#333'/>"
    for x in xTicks.values where x >= x0 - 1e-9 && x <= x1 + 1e-9 {
      svg += "<text x='\(f(px(x)))' y='\(Int(height - 10))' font-size='11' text-anchor='middle'>\(axisLabel(x, digits: xTicks.digits))</text>"
    }
    return svg + "</svg>"
  }

  /// Round ticks covering `low...high` (about five): steps of 1, 2 or 5 × a power of ten, whole
  /// numbers only when `integral`; `digits` is the decimals a tick label needs.
  static func axisTicks(_ low: Double, _ high: Double, integral: Bool) -> (values: [Double], digits: Int) {
    let span = high - low
    guard span > 1e-12, span.isFinite else {
      return ([low], integral ? 0 : decimals(of: low))
    }
    let raw = span / 5
    let magnitude = pow10(Int((log10(raw)).rounded(.down)))
    var step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw - 1e-12 } ?? 10 * magnitude
    if integral { step = max(1, step.rounded()) }
    let first = (low / step).rounded(.down) * step
    var values: [Double] = []
    var tick = first
    while tick < high + step * 0.999, values.count < 12 {
      values.append(abs(tick) < step * 1e-9 ? 0 : tick)
      tick = first + Double(values.count) * step
    }
    let digits = integral ? 0 : max(0, -Int((log10(step)).rounded(.down)))
    return (values, digits)
  }

  /// A number with `digits` decimals and no grouping: "6360", "0.25".
  static func axisLabel(_ value: Double, digits: Int) -> String {
    digits <= 0 ? String(Int(value.rounded())) : decimal(value, digits)
  }

  private static func decimals(of value: Double) -> Int {
    var digits = 0
    var scaled = value
    while digits < 6, abs(scaled - scaled.rounded()) > 1e-9 {
      scaled *= 10
      digits += 1
    }
    return digits
  }

  private static func pow10(_ exponent: Int) -> Double {
    exponent >= 0 ? (0..<exponent).reduce(1.0) { acc, _ in acc * 10 } : (0 ..< -exponent).reduce(1.0) { acc, _ in acc / 10 }
  }
}
