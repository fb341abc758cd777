import Foundation

/// The county's files for a refinement: its schools (only its own district) and its pins.
public enum CountyData {
  public static func schools(_ path: String, district: String, policy: Policy) throws -> [School] {
    let url = URL(fileURLWithPath: path)
    // A district the city plan does not have is the command's mistake, not the county file's.
    try PlanFolder.checkDistrict(district, among: policy.districts, folder: nil)
    let schools = try SchoolTable.load(url: url, file: url.lastPathComponent, policy: policy)
    if let stray = schools.first(where: { $0.district != district }) {
      throw InputError(
        file: url.lastPathComponent, row: stray.grades.first?.sourceRow, column: "district",
        zh: "\(stray.name)属于\(stray.district)，但这次细化的是\(district)；请只给出该区县的学校。",
        en: "\(stray.name) is in \(stray.district), but this refinement is for \(district); give only the district's schools.")
    }
    return schools
  }

  public static func pins(_ path: String, schools: [School], policy: Policy? = nil) throws -> [Pin] {
    let url = URL(fileURLWithPath: path)
    return try PinTable.load(url: url, file: url.lastPathComponent, schools: schools, policy: policy)
  }
}
