/// 认证状态: whether an e-record (the 入团志愿书 PDF) is certified.
public enum CertificationStatus: String, Sendable, Codable, CaseIterable {
  /// 已认证.
  case certified
  /// 尚未认证 (also an empty cell).
  case pending
  /// 认证不通过.
  case rejected

  /// Reads the status as 智慧团建 writes it, or in English; nil for anything else.
  init?(register text: String) {
    switch CSVTable.normalise(text) {
    case "已认证", "认证通过", "certified", "yes", "是": self = .certified
    case "", "尚未认证", "未认证", "待认证", "认证中", "pending", "notyetcertified", "uncertified": self = .pending
    case "认证不通过", "认证未通过", "不通过", "未通过", "rejected", "failed", "refused": self = .rejected
    default: return nil
    }
  }
}

/// One register row as tracking keeps it: no full ID number and no birth date string, only the
/// masked ID, the birth date as a day (to compute the age, never printed) and a keyed hash.
struct RegisterRecord {
  /// Index of the register file, and the row as Excel numbers it (header = 1).
  var file: Int
  var row: Int
  /// Kept only when the run asks for names (`--names`); empty otherwise.
  var name: String
  var maskedID: String
  var idHash: Int
  var idProblem: IDNumber.Problem?
  var birth: Day?
  /// The member number as written (trimmed, half-width).
  var number: String
  var joined: Day
  var district: String
  var unit: String
  var grade: String
  var entered: Day
  var uploaded: Day?
  var status: CertificationStatus
  /// The numbers of the district and unit texts as written (`RegisterTable.Texts`): records of
  /// one run with equal numbers have equal texts, so a text is resolved once per number.
  var districtKey: Int
  var unitKey: Int
  /// The number of the grade text as written (`RegisterTable.Texts.grades`).
  var gradeKey: Int
}
