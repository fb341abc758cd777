extension Day {
  /// Reads a date as Excel and 智慧团建 exports give it: `2022-05-03`, `2022/5/3`, `2022.5.3`,
  /// `2022年5月3日`, `20220503`, each optionally followed by a time (`2022-05-03 10:21:09`,
  /// `2022-05-03T10:21`), or an Excel date serial (`44684`, `44684.43` with a time of day).
  /// Full-width digits are accepted. Nil when the text is none of these or not a real day.
  ///
  /// Parsed by hand over the UTF-8 bytes: a register has millions of dates.
  public init?(register text: String) {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(16)
    for scalar in text.unicodeScalars {
      var value = scalar.value
      if value >= 0xFF10 && value <= 0xFF19 { value -= 0xFEE0 }  // full-width digits
      switch value {
      case 0x30...0x39: bytes.append(UInt8(value))
      case 0x2D, 0x2F, 0x2E, 0xFF0D, 0xFF0F, 0x2010...0x2015: bytes.append(UInt8(ascii: "-"))  // - / . and their look-alikes
      case 0x5E74, 0x6708: bytes.append(UInt8(ascii: "-"))  // 年 月
      case 0x65E5, 0x53F7: bytes.append(UInt8(ascii: "|"))  // 日 号: the date ends
      case 0x20, 0x3000, 0x09, 0x54, 0x74: bytes.append(UInt8(ascii: "|"))  // a space or T: a time follows
      case 0x3A: bytes.append(UInt8(ascii: ":"))
      default: return nil
      }
    }
    // Leading separators (spaces) are dropped; the date is what precedes the first `|`.
    while bytes.first == UInt8(ascii: "|") { bytes.removeFirst() }
    guard !bytes.isEmpty else { return nil }
    let end = bytes.firstIndex(of: UInt8(ascii: "|")) ?? bytes.count
    let date = bytes[..<end]
    if date.contains(UInt8(ascii: ":")) { return nil }
    if !date.contains(UInt8(ascii: "-")) {
      // An Excel serial (at most 7 digits, a fraction allowed) or yyyymmdd.
      let whole = date
      if whole.count == 8, let value = Day.number(whole) {
        self.init(year: value / 10_000, month: value / 100 % 100, day: value % 100)
        return
      }
      guard end == bytes.count || bytes[end...].allSatisfy({ $0 != UInt8(ascii: "-") }) else { return nil }
      guard whole.count <= 7, let serial = Day.number(whole) else { return nil }
      self.init(excelSerial: serial)
      return
    }
    // A serial with a fraction: `44684.43` became `44684-43`.
    let parts = date.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
    if parts.count == 2, parts[0].count >= 2, parts[0].count <= 7, let serial = Day.number(parts[0]), Day.number(parts[1]) != nil {
      self.init(excelSerial: serial)
      return
    }
    // 2022年5月3日 leaves a trailing separator before 日: `2022-5-3-` is not possible (日 is `|`).
    guard parts.count == 3, parts[0].count == 4, (1...2).contains(parts[1].count), (1...2).contains(parts[2].count),
      let year = Day.number(parts[0]), let month = Day.number(parts[1]), let day = Day.number(parts[2])
    else { return nil }
    // What follows the date may only be a time (digits and colons).
    if end < bytes.count, !bytes[(end + 1)...].allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "|") }) {
      return nil
    }
    self.init(year: year, month: month, day: day)
  }

  /// An Excel date serial in the 1900 date system: 1 is 1900-01-01; Excel counts a 1900-02-29
  /// that never was (serial 60), so serials from 61 on are days since 1899-12-30. Serials below
  /// 61 (before March 1900) are refused: no register date is that early.
  public init?(excelSerial serial: Int) {
    guard serial >= 61, serial <= 2_958_465 else { return nil }
    self.init(ordinal: Day.civilToDays(year: 1899, month: 12, day: 30) + serial)
  }

  /// `yyyy-mm-dd` read straight from its 10 bytes, without allocating (most register dates
  /// have this form); nil for anything else, which `init?(register:)` then reads.
  static func fastISO(_ text: String) -> Day? {
    var text = text
    guard text.utf8.count == 10 else { return nil }
    return text.withUTF8 { b -> Day? in
      guard b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
      var values = [0, 0, 0]
      for (part, range) in [(0, 0..<4), (1, 5..<7), (2, 8..<10)] {
        for i in range {
          let byte = b[i]
          guard byte >= 48 && byte <= 57 else { return nil }
          values[part] = values[part] * 10 + Int(byte - 48)
        }
      }
      return Day(year: values[0], month: values[1], day: values[2])
    }
  }

  private static func number<C: Collection>(_ digits: C) -> Int? where C.Element == UInt8 {
    guard !digits.isEmpty, digits.count <= 9 else { return nil }
    var value = 0
    for byte in digits {
      guard byte >= 48 && byte <= 57 else { return nil }
      value = value * 10 + Int(byte - 48)
    }
    return value
  }
}
