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
