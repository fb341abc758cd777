/// The rules and goals of the notice, as the planner knows them (DOMAIN.md's table).
///
/// The catalogue is fixed; every number a rule uses lives in the scenario's policy.
public enum RuleID: String, Sendable, Codable, CaseIterable, Comparable {
  case r1 = "R1", r2 = "R2", r3 = "R3", r4 = "R4", r5 = "R5", r6 = "R6", r7 = "R7", r8 = "R8"
  case r9 = "R9", r10 = "R10", r11 = "R11"
  /// No unit ends with more members than students (`members + quota ≤ students`): a physical
  /// limit the notice never needs to state, hard in every plan and never broken by the nearest plan.
  case r12 = "R12"
  case g1 = "G1", g2 = "G2", g3 = "G3"
  /// A county's pin on a school or school-grade (refinement), a hard rule of the refined plan.
  case pin = "PIN"

  public static func < (a: RuleID, b: RuleID) -> Bool {
    (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
  }

  /// True for the goals G1–G3, which are met as far as the hard rules allow.
  public var isGoal: Bool { [.g1, .g2, .g3, .r11].contains(self) }

  /// A short name in the planner's language.
  public func title(_ language: Language) -> String {
    switch (self, language) {
    case (.r1, .zh): return "全市总量"
    case (.r1, .en): return "city total"
    case (.r2, .zh): return "分类别总量"
    case (.r2, .en): return "category total"
    case (.r3, .zh): return "不得挤占挪用"
    case (.r3, .en): return "no borrowing between categories"
    case (.r4, .zh): return "初中团青比上限"
    case (.r4, .en): return "junior-high ratio cap"
    case (.r5, .zh): return "高一高二团青比上限"
    case (.r5, .en): return "senior-high grades 1–2 cap"
    case (.r6, .zh): return "毕业班团青比上限"
    case (.r6, .en): return "graduating-grade cap"
    case (.r7, .zh): return "中职团青比上限"
    case (.r7, .en): return "vocational ratio caps"
    case (.r8, .zh): return "可发展年级"
    case (.r8, .en): return "eligible grades"
    case (.r9, .zh): return "严格控制"
    case (.r9, .en): return "strict control"
    case (.r10, .zh): return "不少于上年指标比例"
    case (.r10, .en): return "previous-year floor"
    case (.r11, .zh): return "社会领域按团员数与组织密度"
    case (.r11, .en): return "social sector by members and density"
    case (.r12, .zh): return "团员不超过学生数"
    case (.r12, .en): return "no more members than students"
    case (.g1, .zh): return "杜绝关门主义"
    case (.g1, .en): return "no closed door"
    case (.g2, .zh): return "班级有团员、班班建支部"
    case (.g2, .en): return "class and grade coverage"
    case (.g3, .zh): return "区域平衡、有序调控"
    case (.g3, .en): return "balance"
    case (.pin, .zh): return "县级承诺"
    case (.pin, .en): return "county pin"
    }
  }
}

extension RuleID {
  /// The code with its name beside it, as a reviewer reads it: "R5（高一高二团青比上限）",
  /// "R5 (senior-high grades 1–2 cap)"; a county pin is named by its title alone.
  public func tag(_ language: Language) -> String {
    if self == .pin { return title(language) }
    return language == .zh ? "\(rawValue)（\(title(.zh))）" : "\(rawValue) (\(title(.en)))"
  }

  /// What the rule or goal requires, in one sentence without numbers (the numbers are the
  /// scenario's settings): for the report's glossary and beside codes.
  public func meaning(_ language: Language) -> String {
    let zh = language == .zh
    switch self {
    case .r1:
      return zh ? "全市发展团员的名额合计等于上级下达的总量。" : "The city's quotas add up to the total the province assigns."
    case .r2:
      return zh ? "每个类别的名额合计等于为该类别确定的总量。" : "Each category's quotas add up to the total set for that category."
    case .r3:
      return zh ? "各类别的名额专用于本类别，不得相互挤占挪用。" : "A category's quota is used within that category and never moved to another."
    case .r4:
      return zh ? "初中学校发展后的团青比不超过规定的上限。" : "A junior high school's member ratio after development stays within its cap."
    case .r5:
      return zh ? "普通高中高一、高二年级合计发展后的团青比不超过规定的上限。" : "A senior high school's first two grades together stay within their ratio cap."
    case .r6:
      return zh ? "毕业年级发展后的团青比不超过规定的上限。" : "Graduating grades stay within their ratio cap after development."
    case .r7:
      return zh ? "中职学校发展后的团青比不超过规定的上限。" : "Vocational schools stay within their ratio caps after development."
    case .r8:
      return zh ? "只在规定可发展的年级分配名额，其他年级不分配。" : "Only the grades the notice names may receive quota; the other grades receive none."
    case .r9:
      return zh ? "团青比已超过严格控制线的学校，全校不再分配名额。" : "A school whose member ratio is already above the strict-control line receives no quota."
    case .r10:
      return zh ? "每所学校的名额不少于其上年名额的规定比例。" : "Each school receives at least the set share of its quota last year."
    case .r11:
      return zh
        ? "社会领域的名额按各单位团员数和团组织密度分配，青年流出村适当倾斜。"
        : "The social sector's quota is shared by each unit's members and League-organisation density, with more for villages young people leave."
    case .r12:
      return zh ? "任何年级或单位发展后的团员数不超过其学生数。" : "No grade or unit ends with more members than it has students."
    case .g1:
      return zh
        ? "受保护的学校（民办、农村或规定类别的学校）都分到名额，杜绝关门主义。"
        : "Every protected school (private, rural or of a protected category) receives some quota: no closed door."
    case .g2:
      return zh
        ? "各年级发展后达到覆盖目标：班级有团员，团员数足以建立团支部。"
        : "Each grade reaches its coverage target after development: members in every class and enough for a branch."
    case .g3:
      return zh
        ? "在满足以上规则和目标的前提下，使同一类别各年级的团青比尽量均衡。"
        : "Within the rules and goals above, the quota evens out the member ratios across each category."
    case .pin:
      return zh ? "县级细化时对学校或年级作出的承诺在细化方案中必须满足。" : "A county's pin on a school or grade holds in its refined plan."
    }
  }
}

/// The language of reasons and reports.
public enum Language: String, Sendable, Codable, CaseIterable {
  case zh, en
}
