/// A resident ID number (公民身份号码, GB 11643-1999) as a register gives it: personal data, so it
/// is never printed, logged or stored in full; tracking keeps its masked form, its birth date
/// (to check the age on the joining date) and a keyed hash (to find one person on two records).
struct IDNumber {
  /// The 18 characters as written, half-width, `x` upper-cased (not for output).
  private let characters: [UInt8]

  /// What is wrong with the number, as a phrase with no digit of the number in it.
  enum Problem: Equatable {
    case empty
    case length(Int)
    case characters
    case checksum
    case birthDate

    /// The phrase, in Chinese and English.
    var zh: String {
      switch self {
      case .empty: return "身份证号为空"
      case .length(let count): return "身份证号应为18位，实为\(count)位"
      case .characters: return "身份证号前17位须为数字，末位为数字或X"
      case .checksum: return "身份证号校验位不符（GB 11643），可能录错了某一位"
      case .birthDate: return "身份证号中的出生日期不存在"
      }
    }
    var en: String {
      switch self {
      case .empty: return "the ID number is empty"
      case .length(let count): return "the ID number has \(count) characters instead of 18"
      case .characters: return "the ID number must be 17 digits followed by a digit or X"
      case .checksum: return "the ID number fails its check digit (GB 11643); a digit was probably mistyped"
      case .birthDate: return "the birth date inside the ID number does not exist"
      }
    }
  }

  /// GB 11643's weights for the first 17 digits, and the check character for each remainder mod 11.
  static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  static let checkCharacters: [UInt8] = Array("10X98765432".utf8)

  init(_ text: String) {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(18)
    for scalar in text.unicodeScalars {
      var value = scalar.value
      if value >= 0xFF01 && value <= 0xFF5E { value -= 0xFEE0 }  // full-width digits and X
      if value == 0x20 || value == 0x3000 || value == 0x09 { continue }
      if value == UInt32(UInt8(ascii: "x")) { value = UInt32(UInt8(ascii: "X")) }
      bytes.append(value < 0x80 ? UInt8(value) : UInt8(ascii: "?"))
    }
    characters = bytes
  }

  /// The birth date written in characters 7–14 (nil when it is not a real day).
  var birthDate: Day? {
    guard characters.count == 18 else { return nil }
    func number(_ range: Range<Int>) -> Int? {
      var value = 0
      for byte in characters[range] {
        guard byte >= 48 && byte <= 57 else { return nil }
        value = value * 10 + Int(byte - 48)
      }
      return value
    }
    guard let year = number(6..<10), let month = number(10..<12), let day = number(12..<14), year >= 1900 else { return nil }
    return Day(year: year, month: month, day: day)
  }

  /// Why the number is invalid on a record made on `asOf` (a birth date after it is impossible),
  /// or nil when it is valid.
  func problem(asOf: Day) -> Problem? {
    if characters.isEmpty { return .empty }
    if characters.count != 18 { return .length(characters.count) }
    var sum = 0
    for (index, byte) in characters.prefix(17).enumerated() {
      guard byte >= 48 && byte <= 57 else { return .characters }
      sum += Int(byte - 48) * Self.weights[index]
    }
    let last = characters[17]
    guard (last >= 48 && last <= 57) || last == UInt8(ascii: "X") else { return .characters }
    guard let birth = birthDate, birth <= asOf else { return .birthDate }
    guard Self.checkCharacters[sum % 11] == last else { return .checksum }
    return nil
  }

  /// The number with only its first 6 and last 4 characters kept, `*` between
  /// (`321002********123X`); a number of 10 characters or fewer is all `*`.
  var masked: String { Self.mask(characters) }

  static func mask(_ characters: [UInt8]) -> String {
    guard characters.count > 10 else { return String(repeating: "*", count: characters.count) }
    var bytes = Array(characters.prefix(6))
    bytes += [UInt8](repeating: UInt8(ascii: "*"), count: characters.count - 10)
    bytes += characters.suffix(4)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Masks any text the way an ID number is masked (for a field that may hold an ID number by
  /// mistake, such as a member number of 15 or more characters).
  static func mask(_ text: String) -> String { IDNumber(text).masked }

  /// A keyed hash of the number: SipHash-1-3 (Swift's `Hasher`) keyed with `key`, a random
  /// 128-bit value drawn once per run. Records of one person share it; the number cannot be
  /// recovered from it, and the same number hashes differently in the next run (so nothing
  /// that outlives the run could be matched against a list of ID numbers). Two different
  /// numbers collide with probability 2⁻⁶⁴ per pair (about 1 in 3 million for a nation's 3.6
  /// million records to produce one false duplicate).
  func keyedHash(_ key: HashKey) -> Int {
    var hasher = Hasher()
    hasher.combine(key.first)
    hasher.combine(key.second)
    characters.withUnsafeBytes { hasher.combine(bytes: $0) }
    return hasher.finalize()
  }

  /// The per-run key of `keyedHash`, drawn from the system's random source. Swift's `Hasher` is
  /// itself seeded per process; the key adds a secret even when SWIFT_DETERMINISTIC_HASHING is set.
  struct HashKey {
    let first: UInt64
    let second: UInt64

    static func random() -> HashKey {
      var generator = SystemRandomNumberGenerator()
      return HashKey(first: generator.next(), second: generator.next())
    }
  }
}
