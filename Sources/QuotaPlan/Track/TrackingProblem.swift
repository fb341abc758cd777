import Foundation

/// One finding of tracking (problems.csv): a register row, or a unit, a county officer has to
/// follow up, with a stable code and a sentence in Chinese and English.
public struct TrackingProblem: Sendable, Equatable {
  /// The 13 stable codes; the same in every language.
  public enum Code: String, Sendable, Codable, CaseIterable {
    /// The number lies in another district's or category's range than the member's unit (挤占、挪用).
    case borrowed
    /// A well-formed number of the year outside the city's block.
    case outsideBlock = "outside_block"
    /// Not 12 digits, or not of the plan's year.
    case badNumber = "bad_number"
    /// One number on several records (each of them is listed).
    case duplicateNumber = "duplicate_number"
    /// One ID number on several records (compared by a keyed hash, never in clear).
    case duplicatePerson = "duplicate_person"
    /// The ID number fails the GB 11643 checksum or has an impossible birth date.
    case invalidID = "invalid_id"
    /// Younger than the minimum age on the joining date.
    case underAge = "under_age"
    /// At or above the over-age on the joining date.
    case overAge = "over_age"
    /// Uploaded later than the upload deadline, or not uploaded and the deadline has passed.
    case lateUpload = "late_upload"
    /// 认证不通过, or still 尚未认证 past the certification deadline after upload.
    case notCertified = "not_certified"
    /// A unit has more records than its quota.
    case overQuota = "over_quota"
    /// The district or the unit is not in the plan.
    case unknownUnit = "unknown_unit"
    /// The grade may not receive quota in the unit's category (初一, a graduating grade).
    case ineligibleGrade = "ineligible_grade"

    /// A short name of the code in the reader's language, for report headings.
    public func title(_ language: Language) -> String {
      switch language {
      case .en:
        return rawValue.replacingOccurrences(of: "_", with: " ")
      case .zh:
        switch self {
        case .borrowed: return "编号挤占挪用"
        case .outsideBlock: return "编号不在本市号段"
        case .badNumber: return "编号格式错误"
        case .duplicateNumber: return "编号重复"
        case .duplicatePerson: return "人员重复"
        case .invalidID: return "身份证号无效"
        case .underAge: return "未满入团年龄"
        case .overAge: return "超过团员年龄"
        case .lateUpload: return "档案上传超期"
        case .notCertified: return "档案未认证"
        case .overQuota: return "超出计划指标"
        case .unknownUnit: return "单位不在计划中"
        case .ineligibleGrade: return "年级不得发展"
        }
      }
    }
  }

  public var code: Code
  /// The sentence in Chinese and in English.
  public var zh: String
  public var en: String
  /// The register file and its row (as Excel numbers it, header = 1); nil for a unit finding.
  public var file: String?
  public var row: Int?
  /// The member number as written (empty for a unit finding).
  public var memberNumber: String
  public var unit: String
  public var district: String
  /// The category's display name, when the unit is known.
  public var category: String
  /// The ID number with only its first 6 and last 4 characters (empty for a unit finding).
  public var maskedID: String
  /// The member's name; empty unless the run was asked for names (`--names`).
  public var name: String

  public init(
    code: Code, zh: String, en: String, file: String? = nil, row: Int? = nil, memberNumber: String = "", unit: String = "",
    district: String = "", category: String = "", maskedID: String = "", name: String = ""
  ) {
    self.code = code
    self.zh = zh
    self.en = en
    self.file = file
    self.row = row
    self.memberNumber = memberNumber
    self.unit = unit
    self.district = district
    self.category = category
    self.maskedID = maskedID
    self.name = name
  }

  /// The sentence in `language`.
  public func sentence(_ language: Language) -> String { language == .zh ? zh : en }
}
