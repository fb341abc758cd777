/// The review report's words in one language: headings, table headers, legends and the
/// sentences that explain the tables. Chinese uses Chinese punctuation.
struct ReportLabels {
  var language: Language
  var summary, attachment, ratios, districts, binding, unmet, notable, strictControl, closedDoor, largest,
    sensitivity, category, district, school, grade, quota, total, lastYear, change, units, withQuota, goals,
    level, caps, rule, detail, firstNumber, lastNumber, headroom, nextMember, previousMember, heldBack, none,
    allHold, broken, notProven, envelope, before, after, grades, limit, heldMembers, sensitivityNote,
    glossary, glossaryNote, code, name, meaning, attachmentNote: String
  /// Punctuation of list lines in report.md: "：" and "（…）" in Chinese (stored: the templates
  /// see stored properties only).
  var colon, open, close: String

  static let zh = ReportLabels(
    language: .zh,
    summary: "概要", attachment: "附件1 发展团员名额及编号号段分配表", ratios: "各类别团青比（发展前后）",
    districts: "各县（市、区）分类别指标", binding: "起约束作用的上限", unmet: "未完全达成的目标", notable: "值得关注的单位",
    strictControl: "严格控制（不分配）", closedDoor: "杜绝关门主义（至少 1 名）", largest: "指标最多的单位", sensitivity: "敏感性",
    category: "类别", district: "县（市、区）", school: "学校/单位", grade: "年级", quota: "指标", total: "合计",
    lastYear: "上年", change: "增减", units: "单位数", withQuota: "有指标", goals: "目标", level: "均衡水平", caps: "约束上限",
    rule: "规则", detail: "说明", firstNumber: "起始编号", lastNumber: "终止编号", headroom: "上限余量",
    nextMember: "总量加 1 名给", previousMember: "总量减 1 名减自", heldBack: "被上限压下的名额", none: "无",
    allHold: "硬性规则（R1–R10、R12）全部满足。", broken: "违反硬性规则：", notProven: "求解因时间限制停止，方案可行但未证明最优。",
    envelope: "全市下达", before: "发展前", after: "发展后", grades: "年级", limit: "上限人数", heldMembers: "压下名额",
    sensitivityNote: "上限余量：各单位都达到团青比上限时，本类别总量还能增加的名额（∞ 表示有单位不受上限约束）。"
      + "总量加 1 名给、减 1 名减自：本类别总量增加或减少 1 名时，这一名落在哪个年级，箭头后是该年级随之达到的团青比。",
    glossary: "规则与目标代码说明", glossaryNote: "R 为硬性规则，必须满足；G 为目标，在硬性规则允许的范围内依次尽量达成。",
    code: "代码", name: "名称", meaning: "含义",
    attachmentNote: "指标为 0 的县（市、区）与类别不列出；下发用的宽表（每个县（市、区）一行）见 attachment1.xlsx。",
    colon: "：", open: "（", close: "）")

  static let en = ReportLabels(
    language: .en,
    summary: "Summary", attachment: "Attachment 1: quotas and member-number ranges", ratios: "Member ratios before and after, by category",
    districts: "Quotas by district and category", binding: "Caps that bind", unmet: "Goals not fully met", notable: "Notable units",
    strictControl: "Strictly controlled (no quota)", closedDoor: "No closed door (at least 1)", largest: "Largest quotas",
    sensitivity: "Sensitivity", category: "Category", district: "District", school: "School / unit", grade: "Grade", quota: "Quota",
    total: "Total", lastYear: "Last year", change: "Change", units: "Units", withQuota: "With quota", goals: "Goals",
    level: "Balance level", caps: "Caps binding", rule: "Rule", detail: "Detail", firstNumber: "First number",
    lastNumber: "Last number", headroom: "Headroom", nextMember: "One more member goes to", previousMember: "One fewer is taken from",
    heldBack: "Members held back by caps", none: "none", allHold: "Every hard rule (R1–R10, R12) holds.", broken: "Hard rules broken: ",
    notProven: "A time limit stopped the solver; the plan is feasible but not proven optimal.",
    envelope: "City envelope", before: "before", after: "after", grades: "Grades", limit: "Cap (members)", heldMembers: "Held back",
    sensitivityNote: "Headroom: how many more members the category's total could take before every unit reaches its ratio cap "
      + "(∞: some unit has no cap). One more / one fewer: the grade that gains or loses the member when the category's total "
      + "rises or falls by one, and the ratio it then reaches.",
    glossary: "Rule and goal codes", glossaryNote: "R codes are hard rules and always hold; G codes are goals, met in order as far as the hard rules allow.",
    code: "Code", name: "Name", meaning: "Meaning",
    attachmentNote: "Districts and categories with no quota are left out; the table to send out (one row per district) is attachment1.xlsx.",
    colon: ": ", open: " (", close: ")")

  static func of(_ language: Language) -> ReportLabels { language == .zh ? zh : en }

  /// "合计 6360。" / "Total 6360."
  func totalSentence(_ total: Int) -> String { language == .zh ? "合计 \(total)。" : "Total \(total). " }

  /// A ratio chart's title, saying what its bars count: "初中（240 个年级）", "junior high (240 grades)".
  func ratioChartTitle(_ category: String, _ grades: Int) -> String {
    language == .zh ? "\(category)（\(grades) 个年级）" : "\(category) (\(grades) grade\(grades == 1 ? "" : "s"))"
  }

  /// "R4（初中团青比上限）4 处" / "R4 (junior-high ratio cap): 4".
  func capsBinding(_ rule: String, _ count: Int) -> String {
    language == .zh ? "\(rule)\(count) 处" : "\(rule): \(count)"
  }

  /// The line under a shortened table.
  func more(_ count: Int) -> String { language == .zh ? "另有 \(count) 条，见 plan.csv" : "\(count) more: see plan.csv" }

  /// What a code means, for the glossary.
  func meaning(_ rule: RuleID) -> String { rule.meaning(language) }

  /// What the held-back table says, with one of its rows as the example.
  func heldBackNote(_ row: ReportModel.HeldBackRow) -> String {
    language == .zh
      ? "压下名额：若没有该上限，这些年级按本类别的均衡水平还会多得的名额。例如第一行表示：\(row.rule)使\(row.school)\(row.grades)"
        + "只能发展到 \(row.limit) 名团员，比按均衡水平应得的少 \(row.members) 名。"
      : "Held back: the members these grades would receive at the category's balance level without the cap. For example, the "
        + "first row says that \(row.rule) keeps \(row.school) (\(row.grades)) at \(row.limit) members, \(row.members) fewer than "
        + "the balance level would give."
  }
}
