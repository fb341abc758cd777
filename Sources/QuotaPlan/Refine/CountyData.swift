import Foundation

/// The county's files for a refinement: its schools (only its own district) and its pins.
public enum CountyData {
  public static func schools(_ path: String, district: String, policy: Policy) throws -> [School] {
    let url = URL(fileURLWithPath: path)
    let schools = try SchoolTable.load(url: url, file: url.lastPathComponent, policy: policy)
    if let stray = schools.first(where: { $0.district != district }) {
      throw InputError(
        file: url.lastPathComponent, row: stray.grades.first?.sourceRow, column: "district",
        "\(stray.name) is in \(stray.district), but this refinement is for \(district); give only the district's schools.")
    }
    return schools
  }

  public static func pins(_ path: String, schools: [School], policy: Policy? = nil) throws -> [Pin] {
    let url = URL(fileURLWithPath: path)
    return try PinTable.load(url: url, file: url.lastPathComponent, schools: schools, policy: policy)
  }
}
