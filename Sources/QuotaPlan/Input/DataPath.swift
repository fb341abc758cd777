import Foundation

/// A data file as scenario.yaml names it: a path, and for an Excel workbook optionally a sheet
/// after `#` (`schools.xlsx#学校`).
///
/// The `#` is read as a sheet separator only right after an `.xlsx` extension, so a folder or
/// file whose name holds `#` (`2022#2/schools.csv`) is read as it is written.
struct DataPath: Equatable, Sendable {
  /// The text as written in the scenario, for messages.
  let text: String
  /// The file's path, without the sheet.
  let file: String
  /// The workbook sheet to read, when one is named.
  let sheet: String?

  init(_ text: String) {
    self.text = text
    if let range = text.range(of: ".xlsx#", options: [.caseInsensitive, .backwards]) {
      let cut = text.index(range.upperBound, offsetBy: -1)
      file = String(text[..<cut])
      let name = String(text[range.upperBound...])
      sheet = name.isEmpty ? nil : name
    } else {
      file = text
      sheet = nil
    }
  }
}

extension DataPath {
  /// The data file this path names inside the scenario folder `folder`, with every `..` and
  /// link resolved. A data file must lie inside the scenario's folder: an absolute path, a path
  /// that leads out of the folder and a link to a file outside it are refused, and so is
  /// anything that is not a regular file (a folder, a named pipe, a device). A missing file is
  /// returned as it is, for the table reader to say so.
  ///
  /// `refuse` turns a sentence about the path into the error to throw (it names the setting,
  /// `data.schools`, and where it is written, or the file when the scenario names none).
  func resolved(in folder: URL, refuse: (BilingualMessage) -> InputError) throws -> URL {
    if file.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
      throw refuse(
        BilingualMessage(
          zh: "含有控制字符；请写情景文件夹中的文件名，如 schools.csv",
          en: "holds a control character; name a file inside the scenario's folder, like schools.csv"))
    }
    if file.hasPrefix("/") {
      throw refuse(
        BilingualMessage(
          zh: "是绝对路径；数据文件须位于情景文件夹内，并按相对于它的路径书写，如 schools.csv",
          en: "is an absolute path; a data file must lie inside the scenario's folder and be named relative to it, like schools.csv"))
    }
    let base = SafeFile.realPath(folder.path) ?? folder.path
    func inside(_ path: String) -> Bool { base == "/" || path == base || path.hasPrefix(base + "/") }
    let written = base.hasSuffix("/") ? base + file : base + "/" + file
    // `..` resolved as written (a missing file) and then through the links on disk.
    let lexical = URL(fileURLWithPath: written).standardizedFileURL.path
    let outside = BilingualMessage(
      zh: "指向情景文件夹之外；数据文件须位于该文件夹内（假设情景通过 base: 读取其基础情景的文件）",
      en: "leads out of the scenario's folder; a data file must lie inside it (a what-if reads its base's files through base:)")
    guard let real = SafeFile.realPath(written) else {
      if !inside(lexical) { throw refuse(outside) }
      return URL(fileURLWithPath: written)
    }
    if !inside(real) {
      throw refuse(
        inside(lexical)
          ? BilingualMessage(
            zh: "是指向 \(real) 的链接，位于情景文件夹之外；数据文件须位于该文件夹内",
            en: "is a link to \(real), outside the scenario's folder; a data file must lie inside it")
          : outside)
    }
    if let kind = SafeFile.irregularKind(real) {
      throw refuse(
        BilingualMessage(
          zh: "是\(SafeFile.kindZH(kind))，不是普通文件；数据文件须为 CSV 文件或 Excel 工作簿",
          en: "is \(kind), not a regular file; a data file must be a CSV file or an Excel workbook"))
    }
    return URL(fileURLWithPath: real)
  }
}
