import Foundation
import Mustache

/// The review report: `report.html` (one self-contained page with tables and SVG charts) and
/// `report.md`, from the same model.
enum Report {
  /// Both pages, from one conversion of the model.
  static func pages(_ model: ReportModel) throws -> (html: Data, markdown: Data) {
    let templates = try parsed.get()
    let context = PageValue(model).mustacheContext
    return (Data(templates.html.render(context).utf8), Data(templates.markdown.render(context).utf8))
  }

  static func html(_ model: ReportModel) throws -> Data {
    Data(try parsed.get().html.render(PageValue(model).mustacheContext).utf8)
  }

  static func markdown(_ model: ReportModel) throws -> Data {
    Data(try parsed.get().markdown.render(PageValue(model).mustacheContext).utf8)
  }

  /// The templates, parsed by swift-mustache once per process (rendering does not change them).
  nonisolated(unsafe) static let parsed = Result {
    (html: try MustacheTemplate(string: ReportTemplates.html), markdown: try MustacheTemplate(string: ReportTemplates.markdown))
  }

  /// The reference rendering: swift-mustache over `value` reflected into dictionaries (what
  /// `html` and `markdown` did before #16). Slower; the tests prove the pages equal it.
  static func mustache(_ template: String, _ value: Any) throws -> Data {
    Data(try MustacheTemplate(string: template).render(context(value)).utf8)
  }

  /// The model as dictionaries and arrays: Mustache looks names up in a dictionary directly,
  /// where on a struct it reflects it for every tag.
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
