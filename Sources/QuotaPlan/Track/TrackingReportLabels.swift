/// The words of tracking.html and tracking.xlsx, in Chinese and English.
struct TrackingReportLabels {
  var title, asOf, records, files, city, milestones, milestone, target, rate, now, needed, perDay, daysLeft, passed, reached,
    districtsBehind, noneBehind, districtCharts, moreCharts, overTime, allDistricts, byCategory, schools, problems, noProblems,
    problemCounts, definitions, settings, district, category, unit, quota, entered, inRange, uploaded, certified, complete,
    useRate, completeness, effectiveRate, status, neededNumbers, neededComplete, neededPace, currentPace, code, count, row,
    memberNumber, maskedID, name, sentence, more, milestoneLine, snapshots, total, file, summary, history, day, kind, notReached: String
  var definitionUseRate, definitionCompleteness, definitionEffectiveRate, definitionTarget, definitionStatus,
    definitionPace, definitionProblems, privacy: String

  static let zh = TrackingReportLabels(
    title: "发展团员工作跟踪", asOf: "截至", records: "花名册记录", files: "花名册文件", city: "全市", milestones: "对照两个时间节点",
    milestone: "时间节点", target: "目标", rate: "指标", now: "当前", needed: "尚需", perDay: "每天", daysLeft: "剩余天数", passed: "已过",
    reached: "已达到", districtsBehind: "进度落后的县（市、区）", noneBehind: "没有进度落后的县（市、区）。",
    districtCharts: "各县（市、区）进度", moreCharts: "其余县（市、区）的数据见 tracking.xlsx 与 tracking.csv。",
    overTime: "全年进度（各次花名册快照）", allDistricts: "各县（市、区）", byCategory: "各县（市、区）分类别（tracking.csv）",
    schools: "各学校/单位（tracking_schools.csv）", problems: "问题清单（按县（市、区）和问题类型）", noProblems: "未发现问题。",
    problemCounts: "问题数量", definitions: "口径说明", settings: "参数", district: "县（市、区）", category: "类别", unit: "学校/单位",
    quota: "指标", entered: "已录入", inRange: "本单位号段内", uploaded: "已上传档案", certified: "已认证", complete: "已上传且认证",
    useRate: "编号使用率", completeness: "录入完整率", effectiveRate: "有效录入率", status: "状态", neededNumbers: "尚需使用编号",
    neededComplete: "尚需上传并认证", neededPace: "今后每天需使用编号", currentPace: "年初以来每天使用编号", code: "问题代码",
    count: "数量", row: "行", memberNumber: "发展团员编号", maskedID: "身份证号（脱敏）", name: "姓名", sentence: "说明",
    more: "条未列出，见 problems.csv", milestoneLine: "节点目标线", snapshots: "快照", total: "合计", file: "文件", summary: "概要",
    history: "历次快照", day: "日期", kind: "问题类型", notReached: "到期未达到",
    definitionUseRate: "编号使用率 = 已录入且编号在本单位号段内的记录数 ÷ 本单位指标。",
    definitionCompleteness: "录入完整率 = 已上传电子档案且已认证的记录数 ÷ 已录入的记录数。",
    definitionEffectiveRate: "有效录入率 = 已认证的记录数 ÷ 指标（未认证的团员不计入）。",
    definitionTarget: "目标为截至日所处时间节点的要求：",
    definitionStatus:
      "状态：已达标 = 各项考核指标均已达到目标；进度正常 = 按年初以来的速度，到节点时能达到目标；进度落后 = 按年初以来的速度，到节点时达不到目标；未达标 = 节点已到而未达到目标。",
    definitionPace: "今后每天需使用编号 = 到截至日之后的下一个时间节点尚需使用的编号数 ÷ 距该节点的天数。",
    definitionProblems: "问题代码在各语言中相同；每条问题写明文件、行号与处理办法。",
    privacy: "本报告不含完整身份证号（仅保留前6位和后4位）；姓名仅在使用 --names 时显示。")

  static let en = TrackingReportLabels(
    title: "Tracking new League members", asOf: "as of", records: "register records", files: "register files", city: "City",
    milestones: "Against both milestones", milestone: "Milestone", target: "Target", rate: "Rate", now: "Now", needed: "Still needed",
    perDay: "a day", daysLeft: "Days left", passed: "passed", reached: "reached", districtsBehind: "Districts behind pace",
    noneBehind: "No district is behind pace.", districtCharts: "Progress by district",
    moreCharts: "The other districts are in tracking.xlsx and tracking.csv.", overTime: "Progress over the year (register snapshots)",
    allDistricts: "Districts", byCategory: "Districts by category (tracking.csv)", schools: "Schools and units (tracking_schools.csv)",
    problems: "Problems by district and code", noProblems: "No problem found.", problemCounts: "Problems", definitions: "Definitions",
    settings: "Settings", district: "District", category: "Category", unit: "School / unit", quota: "Quota", entered: "Entered",
    inRange: "In own range", uploaded: "Uploaded", certified: "Certified", complete: "Uploaded and certified", useRate: "Use rate",
    completeness: "Completeness", effectiveRate: "Effective rate", status: "Status", neededNumbers: "Numbers still to use",
    neededComplete: "Still to upload and certify", neededPace: "Numbers needed a day from now on", currentPace: "Numbers a day since 1 January",
    code: "Code", count: "Count", row: "Row", memberNumber: "Member number", maskedID: "ID (masked)", name: "Name", sentence: "What to do",
    more: "more not listed; see problems.csv", milestoneLine: "milestone line", snapshots: "snapshots", total: "Total", file: "File",
    summary: "Summary", history: "Snapshots", day: "Day", kind: "Problem", notReached: "due, not reached",
    definitionUseRate: "use_rate = records entered with a number of the unit's own range ÷ the unit's quota.",
    definitionCompleteness: "completeness = records whose e-record is uploaded and certified ÷ records entered.",
    definitionEffectiveRate: "effective_rate = certified records ÷ quota (a member whose e-record is not certified is not counted).",
    definitionTarget: "target = the milestone in force on the as-of date: ",
    definitionStatus:
      "status: met = every assessed rate has reached the target; on_track = at the pace since 1 January the target is reached by the milestone; behind = at that pace it is not; missed = the milestone's day has come and the target is not reached.",
    definitionPace: "Numbers needed a day = numbers still to use by the next milestone after the as-of date ÷ days left to it.",
    definitionProblems: "Problem codes are the same in every language; each problem names the file, the row and what to do.",
    privacy: "No full ID number is in this report (first 6 and last 4 characters only); names only with --names.")
}
