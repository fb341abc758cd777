import Foundation

/// The explanation of one social-sector unit (R11): its data, its weight and how the weight is
/// computed, its exact share of the social total, the Sainte-Laguë rounding, and why not one
/// more or one fewer — which unit holds the seat it would need, or which unit's claim it beat.
///
/// The engine gives the social sector's members by the balance cost `(j − ½) ÷ weight` (see
/// `BalanceCost`): the j-th member of a unit goes before every member whose cost is higher,
/// which is Sainte-Laguë's highest quotient `weight ÷ (2j − 1)`. The figures here are the
/// engine's own: the weight is `SocialShare.weights`, the quotas are the plan's.
extension Explanation {
  /// Why a social unit cannot be explained: no unit of that name, or one name in several districts.
  public enum SocialFailure: Error, Sendable, CustomStringConvertible {
    case noSuchUnit(String, suggestions: [String])
    case ambiguousUnit(String, districts: [String])

    public var description: String {
      switch self {
      case .noSuchUnit(let name, let suggestions):
        return "No social-sector unit is called “\(name)”." + (suggestions.isEmpty ? "" : " Did you mean: \(suggestions.joined(separator: "、"))?")
      case .ambiguousUnit(let name, let districts):
        return "\(districts.count) social-sector units are called “\(name)”: in \(districts.joined(separator: "、")); give the district to say which."
      }
    }

    /// The sentence in `language`.
    public func sentence(_ language: Language) -> String { language == .zh ? chinese : description }

    /// The same sentence in Chinese.
    public var chinese: String {
      switch self {
      case .noSuchUnit(let name, let suggestions):
        let parts = name.components(separatedBy: "” in “")
        let sentence = parts.count == 2 ? "“\(parts[1])”中没有名为“\(parts[0])”的社会领域单位。" : "没有名为“\(name)”的社会领域单位。"
        return sentence + (suggestions.isEmpty ? "" : "您是否要找：\(suggestions.joined(separator: "、"))？")
      case .ambiguousUnit(let name, let districts):
        return "有 \(districts.count) 个社会领域单位名为“\(name)”，分别在 \(districts.joined(separator: "、"))；请指明区县。"
      }
    }
  }

  /// One unit's Sainte-Laguë position: its weight, quota and the quotients of its last and next seat.
  struct SocialSeat {
    var index: Int
    var name: String
    var district: String
    var weight: Double
    var quota: Int
    /// The quotient of its k-th seat, `weight ÷ (2k − 1)`.
    func quotient(_ k: Int) -> Double { weight / Double(2 * k - 1) }
    var last: Double? { quota > 0 ? quotient(quota) : nil }
    var next: Double { quotient(quota + 1) }
    /// The engine's own comparison (`BalanceCost.isCheaper`): seat `j` of self before seat `k` of other.
    func before(_ j: Int, _ other: SocialSeat, _ k: Int) -> Bool {
      let a = BalanceCost(base: -0.5, size: weight), b = BalanceCost(base: -0.5, size: other.weight)
      return a.isCheaper(j, than: b, k) || (a.isEqual(j, to: b, k) && index < other.index)
    }
  }

  /// The explanation of the social-sector unit `name` (in `district` when several districts
  /// have one of that name), in the plan's language.
  public static func socialText(_ plan: Plan, unit name: String, district: String? = nil) throws -> String {
    let wanted = NameText.key(name)
    let named = plan.socialPlans.indices.filter { NameText.key(plan.socialPlans[$0].unit.name) == wanted }
    let matching = named.filter { district == nil || NameText.key(plan.socialPlans[$0].unit.district) == NameText.key(district ?? "") }
    guard let index = matching.first else {
      if !named.isEmpty {
        throw SocialFailure.noSuchUnit(
          "\(name)” in “\(district ?? "")", suggestions: named.map { "\(plan.socialPlans[$0].unit.district) \(plan.socialPlans[$0].unit.name)" })
      }
      let close = plan.socialPlans.map(\.unit.name).filter { $0.contains(name) || name.contains($0) }.prefix(5)
      throw SocialFailure.noSuchUnit(name, suggestions: Array(close))
    }
    if matching.count > 1 {
      throw SocialFailure.ambiguousUnit(plan.socialPlans[index].unit.name, districts: matching.map { plan.socialPlans[$0].unit.district })
    }
    let zh = plan.policy.language == .zh
    func t(_ chinese: String, _ english: String) -> String { zh ? chinese : english }
    let social = plan.socialPlans[index]
    let unit = social.unit
    let policy = plan.policy.social
    let units = plan.socialPlans.map(\.unit)
    let seats = plan.socialPlans.enumerated().map { offset, plan in
      SocialSeat(index: offset, name: plan.unit.name, district: plan.unit.district, weight: plan.weight, quota: plan.quota)
    }
    let me = seats[index]
    let total = seats.reduce(0) { $0 + $1.quota }
    let weightSum = seats.reduce(0.0) { $0 + $1.weight }
    var lines: [String] = []
    func label(_ seat: SocialSeat) -> String {
      let ambiguous = seats.filter { NameText.key($0.name) == NameText.key(seat.name) }.count > 1
      return ambiguous ? "\(seat.district) \(seat.name)" : seat.name
    }

    let sector = plan.policy.categories.first { $0.kind == .social }?.label(plan.policy.language) ?? t("社会领域", "social sector")
    lines.append("\(unit.name) — \(unit.district) · \(sector) · \(unit.kind.label(plan.policy.language))")
    lines.append(
      t("  数据：团员 \(unit.members)，团组织 \(unit.organisations)，常住青年 \(unit.residentYouth)，户籍青年 \(unit.registeredYouth)",
        "  data: \(unit.members) members, \(unit.organisations) League organisations, \(unit.residentYouth) resident youth, \(unit.registeredYouth) registered youth"))

    // The weight, step by step, as SocialShare.weights computes it.
    let members = units.reduce(0) { $0 + $1.members }
    let organisations = units.reduce(0) { $0 + $1.organisations }
    let meanDensity = members > 0 ? Double(organisations) / Double(members) : 1
    let base = Double(max(unit.members, 1))
    let density = Double(unit.organisations) / base
    let densityApplies = meanDensity > 0 && density > 0
    let factor = densityApplies ? pow(density / meanDensity, policy.densityExponent) : 1
    let boosted = SocialShare.hasOutflow(unit, policy)
    let baseText = unit.members >= 1 ? "\(unit.members)" : t("1（团员为 0 时按 1 计）", "1 (0 members count as 1)")
    if densityApplies {
      lines.append(
        t("  权重 = 团员 × (组织密度 ÷ 全部单位平均密度)^\(number(policy.densityExponent))：组织密度 \(unit.organisations)÷\(max(unit.members, 1)) = \(number(density, 4))，平均密度 \(organisations)÷\(members) = \(number(meanDensity, 4))，即 \(baseText) × \(number(factor, 4)) = \(number(base * factor))",
          "  weight = members × (density ÷ mean density)^\(number(policy.densityExponent)): density \(unit.organisations)/\(max(unit.members, 1)) = \(number(density, 4)), mean density of all units \(organisations)/\(members) = \(number(meanDensity, 4)), so \(baseText) × \(number(factor, 4)) = \(number(base * factor))"))
    } else {
      lines.append(
        t("  权重 = 团员 \(baseText)（\(density > 0 ? "全部单位平均密度为 0" : "本单位没有团组织")，不按密度调整）",
          "  weight = members \(baseText) (\(density > 0 ? "the mean density is 0" : "the unit has no League organisation"), so no density factor)"))
    }
    if unit.kind == .village {
      let residentShare = unit.registeredYouth > 0 ? Double(unit.residentYouth) / Double(unit.registeredYouth) : nil
      let memberRatio = unit.residentYouth > 0 ? Double(unit.members) / Double(unit.residentYouth) : nil
      let figures = t(
        "常住÷户籍青年 \(residentShare.map { percent($0, digits: 1) } ?? "—")（须低于 \(percent(policy.outflowResidentShareBelow))），团员÷常住青年 \(memberRatio.map { percent($0, digits: 1) } ?? "—")（须低于 \(percent(policy.outflowMemberRatioBelow))）",
        "resident ÷ registered youth \(residentShare.map { percent($0, digits: 1) } ?? "—") (must be below \(percent(policy.outflowResidentShareBelow))), members ÷ resident youth \(memberRatio.map { percent($0, digits: 1) } ?? "—") (must be below \(percent(policy.outflowMemberRatioBelow)))")
      lines.append(
        boosted
          ? t("  青年流出村加权：\(figures)，权重 × \(number(policy.outflowBoost)) = \(number(social.weight))",
            "  outflow boost: \(figures), so the weight × \(number(policy.outflowBoost)) = \(number(social.weight))")
          : t("  不加权（青年流出村加权的条件未同时满足）：\(figures)", "  no outflow boost (its conditions are not both met): \(figures)"))
    }
    lines.append(t("  权重 \(number(social.weight))，全部 \(seats.count) 个单位权重合计 \(number(weightSum))", "  weight \(number(social.weight)); the \(seats.count) units' weights sum to \(number(weightSum))"))

    // The exact share and the rounding.
    let share = weightSum > 0 ? Double(total) * social.weight / weightSum : 0
    lines.append(
      t("  应得：社会领域共 \(total) 名 × \(number(social.weight)) ÷ \(number(weightSum)) = \(number(share, 4))",
        "  exact share: the social total \(total) × \(number(social.weight)) ÷ \(number(weightSum)) = \(number(share, 4))"))
    lines.append(
      t("  圣拉格法取整：每 1 名依次给商数“权重 ÷ (2×名次−1)”最大的单位（名次：这 1 名是该单位的第几名），本单位得 \(social.quota) 名",
        "  Sainte-Laguë rounding: each member goes in turn to the unit with the highest quotient weight ÷ (2k−1) (k: the unit's k-th member); this unit gets \(social.quota)"))
    if let last = me.last {
      lines.append(
        t("  本单位第 \(me.quota) 名的商数 \(number(social.weight))÷\(2 * me.quota - 1) = \(number(last, 4))；下一名的商数 \(number(social.weight))÷\(2 * me.quota + 1) = \(number(me.next, 4))",
          "  quotient of its member \(me.quota): \(number(social.weight))/\(2 * me.quota - 1) = \(number(last, 4)); of a next one: \(number(social.weight))/\(2 * me.quota + 1) = \(number(me.next, 4))"))
    } else {
      lines.append(
        t("  本单位第 1 名的商数 \(number(social.weight))÷1 = \(number(me.next, 4))", "  quotient of its first member: \(number(social.weight))/1 = \(number(me.next, 4))"))
    }
    lines.append(t("  理由：", "  why: ") + social.reason.text)

    // Why not one more: the seat it would need is held by the weakest seat given; the next
    // seat, were the total one larger, goes to the strongest claim left.
    let others = seats.filter { $0.index != index }
    let weakest = others.filter { $0.quota > 0 }.max { a, b in a.before(a.quota, b, b.quota) }
    let nextSeat = seats.min { a, b in a.before(a.quota + 1, b, b.quota + 1) }
    var more: String
    if let weakest, let weakestLast = weakest.last {
      more = t(
        "社会领域总数已定，多 1 名须由 \(label(weakest)) 让出；其第 \(weakest.quota) 名的商数 \(number(weakestLast, 4)) 不低于本单位下一名的 \(number(me.next, 4))，按圣拉格法应先给它",
        "the social total is fixed, so one more here would come from \(label(weakest)), whose member \(weakest.quota) has the quotient \(number(weakestLast, 4)), not below the \(number(me.next, 4)) of a next member here: Sainte-Laguë gives it first")
    } else {
      more = t("社会领域总数已定，没有其他单位可让出名额", "the social total is fixed and no other unit has a member to give up")
    }
    if let nextSeat {
      more += nextSeat.index == index
        ? t("；若社会领域总数再多 1 名，将给本单位（商数 \(number(me.next, 4))）", "; were the social total one larger, the next member would come here (quotient \(number(me.next, 4)))")
        : t("；若社会领域总数再多 1 名，将给 \(label(nextSeat))（商数 \(number(nextSeat.next, 4))）", "; were the social total one larger, the next member would go to \(label(nextSeat)) (quotient \(number(nextSeat.next, 4)))")
    }
    lines.append(t("  为何不多 1 名：", "  why not one more: ") + sentence(more, zh: zh))

    // Why not one fewer: its last seat beat the strongest claim that got nothing more.
    if let last = me.last {
      if let rival = others.min(by: { a, b in a.before(a.quota + 1, b, b.quota + 1) }) {
        lines.append(
          t("  为何不少 1 名：让出的 1 名将给 \(label(rival))（其第 \(rival.quota + 1) 名的商数 \(number(rival.next, 4))）；本单位第 \(me.quota) 名的商数 \(number(last, 4)) 更高，按圣拉格法应归本单位。",
            "  why not one fewer: the member would go to \(label(rival)) (quotient of its member \(rival.quota + 1): \(number(rival.next, 4))); the quotient \(number(last, 4)) of member \(me.quota) here is higher, so Sainte-Laguë gives it here."))
      } else {
        lines.append(t("  为何不少 1 名：没有其他单位能接收这 1 名。", "  why not one fewer: no other unit could take the member."))
      }
    }
    return lines.joined(separator: "\n")
  }

  /// A figure as the reasons write it: rounded to `digits` decimals, without trailing zeros.
  static func number(_ value: Double, _ digits: Int = 2) -> String {
    let scale = pow(10.0, Double(digits))
    let rounded = (value * scale).rounded() / scale
    if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int(rounded)) }
    var text = String(format: "%.\(digits)f", rounded)
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text
  }
}
