import Foundation

/// Every sentence and label the page shows, in Chinese and English, as the first part of
/// `/app.js` (`TEXT[key] = [zh, en]`). The page never shows a key of its own: a setting without
/// a label here is shown by its key, so every setting the engine has is listed under `k.`.
enum PageText {
  /// Label keys → [Chinese, English].
  static let entries: [(String, String, String)] = [
    // Frame.
    ("app.title", "发展团员计划工作台", "Member quota workspace"),
    ("app.signOut", "退出登录", "Sign out"),
    ("app.lang", "English", "中文"),
    ("app.scenarios", "全部方案", "All scenarios"),
    ("app.loading", "正在载入…", "Loading…"),
    ("app.close", "关闭", "Close"),
    ("app.error", "出错了：", "Something went wrong: "),
    ("app.noRole", "您的角色只管理账号，本页没有可查看的方案。", "Your role manages accounts only; there are no plans to show here."),
    ("app.readOnly", "您的角色只能查看，不能修改。", "Your role may view, not change."),
    // Sign in.
    ("signin.title", "登录", "Sign in"),
    ("signin.name", "用户名", "Name"),
    ("signin.password", "密码", "Password"),
    ("signin.submit", "登录", "Sign in"),
    ("signin.hint", "请输入管理员为您建立的账号。", "Use the account your administrator made for you."),
    // Scenarios.
    ("sc.title", "方案", "Scenarios"),
    ("sc.name", "名称", "Name"),
    ("sc.caption", "标题", "Title"),
    ("sc.base", "基准方案", "Base"),
    ("sc.latest", "最新版本", "Latest version"),
    ("sc.outcome", "结果", "Outcome"),
    ("sc.actions", "操作", "Actions"),
    ("sc.open", "打开", "Open"),
    ("sc.whatIf", "新建假设方案", "New what-if"),
    ("sc.whatIfName", "假设方案名称", "What-if name"),
    ("sc.create", "建立", "Create"),
    ("sc.cancel", "取消", "Cancel"),
    ("sc.none", "还没有方案。", "There are no scenarios yet."),
    ("sc.versionN", "第 {0} 版", "version {0}"),
    ("sc.versions", "共 {0} 个版本", "{0} versions"),
    ("sc.upload", "上传数据新建方案", "New scenario from uploaded data"),
    ("sc.uploadHint", "上传学校表（CSV 或 XLSX），可另附社会领域表；设置取自所选方案。", "Upload the schools table (CSV or XLSX), optionally the social-sector table; settings come from the chosen scenario."),
    ("sc.settingsFrom", "设置取自", "Settings from"),
    ("sc.schoolsFile", "学校表", "Schools table"),
    ("sc.socialFile", "社会领域表（可选）", "Social-sector table (optional)"),
    ("sc.uploadSubmit", "上传并排出计划", "Upload and plan"),
    ("sc.uploadNeedsFile", "请选择学校表文件。", "Choose the schools table file."),
    ("sc.needName", "请填写名称。", "Fill in the name."),
    ("sc.problems", "数据中有 {0} 处问题，请在表格中修改后重新上传：", "The data has {0} problems; correct them in the table and upload again:"),
    ("sc.preview", "预览：{0}（行号与 Excel 相同，有问题的格子已标红）", "Preview: {0} (row numbers as in Excel; cells with a problem are marked red)"),
    ("sc.file", "文件", "File"),
    ("sc.row", "行", "Row"),
    ("sc.column", "列", "Column"),
    ("sc.rule", "规则", "Rule"),
    ("sc.message", "问题", "Problem"),
    ("sc.published", "已发布", "Published"),
    // Outcomes.
    ("out.planned", "已排出计划", "planned"),
    ("out.conflict", "规则冲突", "rules conflict"),
    ("out.failed", "求解失败", "solver failed"),
    // Version view.
    ("v.version", "版本", "Version"),
    ("v.history", "版本历史", "Version history"),
    ("v.by", "{0} 于 {1}", "{0} at {1}"),
    ("v.publishedBy", "已发布为「{0}」（{1}，{2}）", "Published as “{0}” ({1}, {2})"),
    ("v.whatIfOf", "假设方案，基准：{0}", "What-if of {0}"),
    ("tab.plan", "计划", "Plan"),
    ("tab.settings", "设置", "Settings"),
    ("tab.diff", "与基准的差异", "Differences"),
    ("tab.compare", "比较", "Compare"),
    ("tab.sweep", "扫描", "Sweep"),
    ("tab.files", "下载", "Downloads"),
    ("tab.publish", "发布", "Publish"),
    // Plan.
    ("p.summary", "各类别概况", "Per category"),
    ("p.category", "类别", "Category"),
    ("p.total", "总数", "Total"),
    ("p.units", "有指标单位", "Units with quota"),
    ("p.closedDoor", "G1 不关门", "G1 no closed door"),
    ("p.coverage", "G2 覆盖", "G2 coverage"),
    ("p.balance", "G3 均衡水平", "G3 balance level"),
    ("p.binding", "起约束的上限", "Binding caps"),
    ("p.attachment", "附件1 各区县分类指标及号段", "Attachment 1: quotas and number ranges"),
    ("p.district", "区县", "District"),
    ("p.quota", "指标", "Quota"),
    ("p.first", "起始号", "First number"),
    ("p.last", "终止号", "Last number"),
    ("p.sum", "合计", "Total"),
    ("p.pivot", "区县 × 类别 指标", "Quota by district × category"),
    ("p.charts", "各区县团青比：发展前 → 发展后（全部年级）", "Member ratio by district: before → after (all grades)"),
    ("p.before", "发展前", "before"),
    ("p.after", "发展后", "after"),
    ("p.schools", "学校与年级", "Schools and grades"),
    ("p.search", "搜索学校或区县", "Search school or district"),
    ("p.allDistricts", "全部区县", "All districts"),
    ("p.allCategories", "全部类别", "All categories"),
    ("p.sortQuotaDesc", "按指标从多到少", "Quota, largest first"),
    ("p.sortQuotaAsc", "按指标从少到多", "Quota, smallest first"),
    ("p.sortNone", "按原顺序", "Original order"),
    ("p.school", "学校", "School"),
    ("p.grade", "年级", "Grade"),
    ("p.classes", "班级", "Classes"),
    ("p.students", "学生", "Students"),
    ("p.members", "团员", "Members"),
    ("p.ratioAfter", "发展后比例", "Ratio after"),
    ("p.reason", "理由", "Reason"),
    ("p.rowsShown", "显示 {0} / {1} 行。点击一行查看说明。", "Showing {0} of {1} rows. Click a row for its explanation."),
    ("p.rowsCut", "只显示前 {0} 行，请用搜索或筛选缩小范围。", "Only the first {0} rows are shown; search or filter to narrow them."),
    ("p.social", "社会领域单位", "Social-sector units"),
    ("p.unit", "单位", "Unit"),
    ("p.type", "类型", "Type"),
    ("p.weight", "权重", "Weight"),
    ("p.conflictTitle", "硬性规则无法同时满足，未能排出合规计划", "The hard rules cannot all hold: no plan keeps them all"),
    ("p.nearestTitle", "最接近的方案（违反以下规则）", "Nearest plan (breaks the rules below)"),
    ("p.nearestNote", "此方案仅供参考，不能发布；请修改设置消除冲突。", "For reference only, it cannot be published; change the settings to remove the conflict."),
    ("p.noNearest", "没有可显示的最接近方案：", "No nearest plan to show: "),
    ("p.explain", "说明", "Explanation"),
    ("p.proven", "已证明最优", "proven optimal"),
    ("p.headline", "总量 {0} / {1}", "Total {0} / {1}"),
    ("p.grade.n", "{0} 年级", "grade {0}"),
    ("p.sensitivity", "敏感性：下一名 / 上一名", "Sensitivity: next and previous member"),
    ("p.headroom", "余量", "Headroom"),
    ("p.next", "下一名", "Next"),
    ("p.previous", "上一名", "Previous"),
    // Settings.
    ("s.save", "保存并排出计划", "Save and plan"),
    ("s.saving", "正在保存并排出计划…", "Saving and planning…"),
    ("s.default", "通知默认：{0}", "notice default: {0}"),
    ("s.published", "此版本已发布，不能修改。在最新版本上保存会生成新版本。", "This version is published and cannot change. Saving on the latest version makes a new version."),
    ("s.old", "这是旧版本（最新为第 {0} 版），不能在此修改设置；请打开最新版本。", "This is an older version (latest: version {0}); open the latest version to change the settings."),
    ("s.openLatest", "打开最新版本", "Open the latest version"),
    ("s.stale", "此方案已被他人修改（现为第 {0} 版），您的更改未保存。", "Someone else changed this scenario (now version {0}); your changes were not saved."),
    ("s.staleNoNumber", "此方案已被他人修改，您的更改未保存。", "Someone else changed this scenario; your changes were not saved."),
    ("s.reload", "重新载入", "Reload"),
    ("s.invalid", "以下设置有误，已在表单中标红：", "These settings are wrong and are marked red in the form:"),
    ("s.notNumber", "「{0}」不是数字。", "“{0}” is not a number."),
    ("s.up", "上移", "Up"),
    ("s.down", "下移", "Down"),
    ("s.listHint", "用逗号分隔", "separate with commas"),
    ("s.none", "（无）", "(none)"),
    ("s.saved", "已保存为第 {0} 版。", "Saved as version {0}."),
    // Differences.
    ("d.title", "与基准的差异", "Differences from the base"),
    ("d.setting", "设置", "Setting"),
    ("d.base", "基准", "Base"),
    ("d.value", "本方案", "This scenario"),
    ("d.data", "数据差异", "Data differences"),
    ("d.none", "与基准没有差异。", "No differences from the base."),
    ("d.noBase", "此方案不是假设方案，没有基准。", "This scenario is not a what-if; it has no base."),
    // Compare.
    ("c.pick", "与以下版本比较（可多选）：", "Compare with (choose one or more):"),
    ("c.run", "比较", "Compare"),
    ("c.kpis", "关键指标", "Key figures"),
    ("c.rows", "区县 × 类别 差值", "Differences by district × category"),
    ("c.changes", "决定规则发生变化的单位", "Units whose deciding rule changed"),
    ("c.text", "比较说明", "Comparison"),
    ("c.level", "层级", "Level"),
    ("c.value", "值", "Values"),
    ("c.delta", "差值", "Change"),
    ("c.none", "请至少选择一个版本。", "Choose at least one version."),
    ("c.paradox", "悖论提示", "Paradox flags"),
    ("c.onlyNonZero", "只显示有变化的行", "Only rows that changed"),
    // Sweep.
    ("w.setting", "扫描的设置", "Setting to sweep"),
    ("w.from", "从", "From"),
    ("w.to", "到", "To"),
    ("w.step", "步长", "Step"),
    ("w.run", "扫描", "Sweep"),
    ("w.running", "正在扫描…", "Sweeping…"),
    ("w.points", "各点结果", "Points"),
    // Files.
    ("f.title", "下载本版本的文件", "Download this version's files"),
    ("f.plan.xlsx", "计划工作簿（Excel，三张表）", "Plan workbook (Excel, three sheets)"),
    ("f.plan.csv", "学校与年级明细（CSV）", "Schools and grades (CSV)"),
    ("f.allocation.csv", "附件1 指标与号段（CSV）", "Attachment 1 (CSV)"),
    ("f.social.csv", "社会领域单位（CSV）", "Social-sector units (CSV)"),
    ("f.plan.json", "全部数据（JSON，供程序读取）", "Everything (JSON, for programs)"),
    ("f.report.html", "审核报告（网页）", "Review report (web page)"),
    ("f.report.md", "审核报告（Markdown）", "Review report (Markdown)"),
    ("f.scenario.json", "已解析的方案（设置与数据）", "The resolved scenario (settings and data)"),
    ("f.conflict", "此版本规则冲突，下载的是最接近的方案。", "This version's rules conflict; the downloads are the nearest plan."),
    // Publish.
    ("u.name", "发布名称", "Published name"),
    ("u.submit", "发布", "Publish"),
    ("u.hint", "发布后此版本不可再改，县级团委可看到其所在区县的部分。", "Once published, this version never changes, and county committees see their part."),
    ("u.done", "此版本已发布。", "This version is published."),
    ("u.cannot", "规则冲突的版本不能发布。", "A version whose rules conflict cannot be published."),
    ("u.onlyCity", "只有团市委可以发布。", "Only the city committee may publish."),
    ("u.needName", "请填写发布名称。", "Fill in the published name."),
    // Setting labels (the engine's Policy keys).
    ("k.name", "名称", "name"),
    ("k.title", "标题", "title"),
    ("k.year", "年份", "year"),
    ("k.total", "总数", "total"),
    ("k.firstNumber", "号段起点", "first number"),
    ("k.districts", "区县", "districts"),
    ("k.categories", "类别", "categories"),
    ("k.caps", "比例上限", "ratio caps"),
    ("k.ratio", "比例", "ratio"),
    ("k.grades", "年级", "grades"),
    ("k.grade", "年级", "grade"),
    ("k.eligibleGrades", "可分配年级", "eligible grades"),
    ("k.gradeCount", "年级数", "number of grades"),
    ("k.strictControl", "严控", "strict control"),
    ("k.above", "超过此比例严控", "strict above"),
    ("k.coverage", "覆盖目标", "coverage goals"),
    ("k.perClass", "每班", "per class"),
    ("k.perGrade", "每年级", "per grade"),
    ("k.previousYearFloor", "上年保底", "previous-year floor"),
    ("k.districtTotals", "区县总数", "district totals"),
    ("k.goalOrder", "目标顺序", "goal order"),
    ("k.protectPrivateAndRural", "保护民办与农村学校", "protect private and rural schools"),
    ("k.protectsAllSchools", "保护本类全部学校", "protect every school of the category"),
    ("k.social", "社会领域", "social sector"),
    ("k.densityExponent", "组织密度指数", "density exponent"),
    ("k.outflowBoost", "外流加权系数", "outflow boost"),
    ("k.outflowMemberRatioBelow", "外流：团员比例低于", "outflow: member ratio below"),
    ("k.outflowResidentShareBelow", "外流：常住青年占比低于", "outflow: resident share below"),
    ("k.language", "语言", "language"),
    ("k.nonNegotiable", "不可突破的规则", "non-negotiable rules"),
    ("k.closedDoorIsHard", "不关门作为硬性规则", "no closed door is a hard rule"),
    ("k.branchMinimum", "建团支部最少团员数", "members needed for a branch"),
    ("k.lastYearTotal", "上年总数", "last year's total"),
    ("k.aliases", "别名", "aliases"),
    ("k.id", "标识", "id"),
    ("k.kind", "种类", "kind"),
    ("k.rule", "规则", "rule"),
    // Goals and kinds.
    ("g.closed_door", "G1 不关门", "G1 no closed door"),
    ("g.coverage", "G2 覆盖", "G2 coverage"),
    ("g.balance", "G3 均衡", "G3 balance"),
    ("kind.school", "学校", "school"),
    ("kind.social", "社会领域", "social sector"),
    ("unit.community", "社区", "community"),
    ("unit.village", "村", "village"),
    ("unit.enterprise", "企业", "enterprise"),
    ("unit.organisation", "社会组织", "organisation"),
  ]

  /// The table as the script's first statement.
  static var script: String {
    var lines = ["'use strict';", "const TEXT = {"]
    for (key, zh, en) in entries {
      lines.append("  \(jsString(key)): [\(jsString(zh)), \(jsString(en))],")
    }
    lines.append("};")
    return lines.joined(separator: "\n") + "\n"
  }

  /// A JavaScript string literal.
  static func jsString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "<": out += "\\u003c"
      default:
        if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
          out += String(format: "\\u%04x", scalar.value)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }
}
