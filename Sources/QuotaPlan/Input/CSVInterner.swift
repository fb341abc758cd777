/// The distinct texts of a column whose values repeat (a register's district, unit, grade and
/// status), each with a number: each distinct text becomes a `String` once (cleaned as
/// `CSVTable.text` cleans it) and every row after that gets the number and the shared `String`,
/// looked up by the field's bytes (no `String` made, hashed or compared per row).
///
/// Texts are told apart by their bytes as written: two spellings that clean to the same text
/// get two numbers with equal `texts`, so whatever is derived from the text is the same for both.
struct CSVInterner {
  /// The cleaned text of each number.
  private(set) var texts: [String] = []
  /// Each number's bytes as written, in one buffer: `keys[keyStart[n]..<keyStart[n + 1]]`.
  private var keys: ContiguousArray<UInt8> = []
  private var keyStart: [Int] = [0]
  private var hashes: [Int] = []
  /// Open addressing: the number in each slot, or -1.
  private var slots: [Int32] = Array(repeating: -1, count: 64)
  /// The number of the empty text, once asked for.
  fileprivate var emptyNumber: Int?

  /// How many distinct texts.
  var count: Int { texts.count }

  /// The number of the field `field` of `storage`.
  mutating func number(_ storage: CSVStorage, _ field: Int) -> Int {
    let start = Int(storage.starts[field]), end = Int(storage.ends[field])
    let found = storage.bytes.withUnsafeBufferPointer { all -> Int? in
      let bytes = UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: all[start..<end]))
      var hasher = Hasher()
      hasher.combine(bytes: bytes)
      let hash = hasher.finalize()
      let mask = slots.count - 1
      var slot = hash & mask
      while slots[slot] >= 0 {
        let number = Int(slots[slot])
        if hashes[number] == hash, equal(number, bytes) { return number }
        slot = (slot + 1) & mask
      }
      slots[slot] = Int32(texts.count)
      hashes.append(hash)
      keys.append(contentsOf: bytes)
      keyStart.append(keys.count)
      return nil
    }
    if let found { return found }
    texts.append(storage.text(field))
    if texts.count * 2 > slots.count { grow() }
    return texts.count - 1
  }

  private func equal(_ number: Int, _ bytes: UnsafeRawBufferPointer) -> Bool {
    let start = keyStart[number], end = keyStart[number + 1]
    guard end - start == bytes.count else { return false }
    return keys.withUnsafeBufferPointer { all in UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: all[start..<end])).elementsEqual(bytes) }
  }

  private mutating func grow() {
    slots = Array(repeating: -1, count: slots.count * 2)
    let mask = slots.count - 1
    for (number, hash) in hashes.enumerated() {
      var slot = hash & mask
      while slots[slot] >= 0 { slot = (slot + 1) & mask }
      slots[slot] = Int32(number)
    }
  }
}

extension CSVTable {
  /// The number of a field's text in `interner` (an absent column or a short row reads as the
  /// empty text, as `text` reads it), with the cleaned text as `interner.texts[number]`.
  func number(_ fields: CSVFields, _ key: String, in interner: inout CSVInterner) -> Int {
    number(fields, at: position(key), in: &interner)
  }

  /// `number` of the field in `column` (a `position(_:)`, found once for many rows).
  func number(_ fields: CSVFields, at column: Int?, in interner: inout CSVInterner) -> Int {
    guard let column, column < fields.fieldCount else { return interner.numberOfEmpty() }
    return interner.number(fields.storage, fields.first + column)
  }
}

extension CSVInterner {
  /// The number of the empty text.
  mutating func numberOfEmpty() -> Int {
    if let emptyNumber { return emptyNumber }
    var lines = CSVLines()
    lines.append(number: 1, fields: [""])
    let found = number(CSVStorage(lines, rows: []), 0)
    emptyNumber = found
    return found
  }
}
