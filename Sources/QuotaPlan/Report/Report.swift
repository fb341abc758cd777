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
    Data(try MustacheTemplate(string: template).render(model).utf8)
  }
}
