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

/// The language of reasons and reports.
public enum Language: String, Sendable, Codable, CaseIterable {
  case zh, en
}
