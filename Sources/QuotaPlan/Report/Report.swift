import Foundation
import Mustache

/// The review report: `report.html` (one self-contained page with tables and SVG charts) and
/// `report.md`, from the same model.
enum Report {
  static func html(_ model: ReportModel) throws -> Data {
    try render(ReportTemplates.html, model)
  }

  static func markdown(_ model: ReportModel) throws -> Data {
    try render(ReportTemplates.markdown, model)
  }

  private static func render(_ template: String, _ model: ReportModel) throws -> Data {
    Data(try MustacheTemplate(string: template).render(context(model)).utf8)
  }

  /// The model as dictionaries and arrays: Mustache looks names up in a dictionary directly,
  /// where on a struct it reflects it for every tag (a third of a Yangzhou run, perf).
  static func context(_ value: Any) -> Any {
    let mirror = Mirror(reflecting: value)
    switch mirror.displayStyle {
    case .struct, .class:
      var fields: [String: Any] = [:]
      for child in mirror.children {
        guard let label = child.label else { continue }
        if let inner = optionalValue(child.value) { fields[label] = context(inner) }
      }
      return fields
    case .collection:
      return mirror.children.map { context($0.value) }
    default:
      return value
    }
  }

  /// `value` unwrapped if it is an optional; nil for an empty one.
  private static func optionalValue(_ value: Any) -> Any? {
    let mirror = Mirror(reflecting: value)
    guard mirror.displayStyle == .optional else { return value }
    return mirror.children.first.map(\.value)
  }
}
