import Foundation

extension RegisterGenerator {
  /// Synthetic people: a name from fixed lists and an ID number with the real GB 11643
  /// checksum, a birth date giving the wanted age at joining, and a region code no real place
  /// has (99 and the district's index), unique across the register.
  struct IdentityMaker {
    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
    static let given = Array("子涵欣怡梓轩浩宇一诺雨桐可馨诗琪晨阳思远嘉怡俊杰雅婷明轩宇航欣妍梦瑶天佑泽宇若曦语桐皓然佳琪文博晓彤紫萱铭宇静怡昊天")

    /// The next sequence number per region and birth date.
    var sequences: [Int: Int] = [:]
    let districtCount: Int

    init(districtCount: Int) {
      self.districtCount = districtCount
    }

    /// A new person of `age` full years on day `joined`, living in district `district`.
    mutating func person(district: Int, joined: Int, age: Int, random: inout Generator.Random) -> (name: String, id: String, birth: Int) {
      let name = String(Self.surnames[random.int(0...(Self.surnames.count - 1))])
        + String(Self.given[random.int(0...(Self.given.count - 1))]) + String(Self.given[random.int(0...(Self.given.count - 1))])
      let birth = Self.birthday(age: age, joined: Day(ordinal: joined), random: &random)
      return (name, id(district: district, birth: birth), birth.ordinal)
    }

    /// An ID number for someone of `district` born on `birth`, unique in this register.
    mutating func id(district: Int, birth: Day) -> String {
      let region = 990_000 + (district + 1) % 10_000
      let (year, month, day) = birth.components
      let key = region * 100_000_000 + year * 10_000 + month * 100 + day
      let sequence = (sequences[key] ?? 0) + 1
      sequences[key] = sequence
      let body = String(format: "%06d%04d%02d%02d%03d", region, year, month, day, sequence % 1_000)
      return body + String(Self.checkCharacter(body))
    }

    /// GB 11643's check character of the first 17 digits.
    static func checkCharacter(_ body: String) -> Character {
      let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
      let sum = zip(body.utf8.prefix(17), weights).reduce(0) { $0 + Int($1.0 - UInt8(ascii: "0")) * $1.1 }
      return Array("10X98765432")[sum % 11]
    }

    /// A birth date (never 29 February) that makes someone exactly `age` on `joined`.
    static func birthday(age: Int, joined: Day, random: inout Generator.Random) -> Day {
      let (year, month, day) = joined.components
      func clamped(_ year: Int) -> Int {
        Day.civilToDays(year: year, month: month, day: min(day, Day.daysIn(month: month, year: year)))
      }
      let latest = clamped(year - age)
      let earliest = clamped(year - age - 1) + 1
      func isLeapDay(_ birth: Day) -> Bool { birth.components.month == 2 && birth.components.day == 29 }
      for _ in 0..<8 {
        let birth = Day(ordinal: random.int(earliest...latest))
        if birth.years(until: joined) == age, !isLeapDay(birth) { return birth }
      }
      let fallback = Day(ordinal: latest)
      return isLeapDay(fallback) ? Day(ordinal: latest - 1) : fallback
    }
  }
}
