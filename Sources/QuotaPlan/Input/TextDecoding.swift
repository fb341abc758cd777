import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Turns a file's bytes into text, detecting the encoding from the bytes: UTF-8 (with or
/// without BOM), UTF-16 with BOM (Excel's "Unicode text"), or GB18030/GBK (Excel's "CSV" on
/// Chinese Windows). The file name is never used to guess.
enum TextDecoding {
  enum Encoding: String { case utf8 = "UTF-8", utf16 = "UTF-16", gb18030 = "GB18030" }

  /// The text and the encoding it was found in, or nil when the bytes are none of them.
  static func decode(_ data: Data) -> (text: String, encoding: Encoding)? {
    if data.starts(with: [0xEF, 0xBB, 0xBF]), let text = String(data: data.dropFirst(3), encoding: .utf8) {
      return (text, .utf8)
    }
    if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]), let text = String(data: data, encoding: .utf16) {
      return (text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text, .utf16)
    }
    if let text = String(data: data, encoding: .utf8) { return (text, .utf8) }
    if let text = iconv(data, from: "GB18030") { return (text, .gb18030) }
    return nil
  }

  /// Converts with the C library's iconv; nil when any byte is not valid in `encoding`.
  static func iconv(_ data: Data, from encoding: String) -> String? {
    let converter = iconv_open("UTF-8", encoding)
    guard converter != iconv_t(bitPattern: -1) else { return nil }
    defer { iconv_close(converter) }
    var input = [UInt8](data)
    var output = [UInt8](repeating: 0, count: data.count * 4 + 16)
    let capacity = output.count
    let written: Int? = input.withUnsafeMutableBufferPointer { inBuffer in
      output.withUnsafeMutableBufferPointer { outBuffer in
        guard let inBase = inBuffer.baseAddress, let outBase = outBuffer.baseAddress else { return 0 }
        var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBase).assumingMemoryBound(to: CChar.self)
        var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBase).assumingMemoryBound(to: CChar.self)
        var inLeft = inBuffer.count
        var outLeft = outBuffer.count
        let result = Glibc.iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
        return result == -1 || inLeft != 0 ? nil : capacity - outLeft
      }
    }
    guard let written else { return nil }
    return String(decoding: output[..<written], as: UTF8.self)
  }
}
