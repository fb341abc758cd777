/// The notice's values (团扬委组字〔2022〕7号), used wherever a scenario is silent.
///
/// This is the one place where the policy's numbers are written down; everything else
/// reads them from the scenario's `Policy`.
extension Policy {
  /// The policy of the 2022 notice, with the six categories (the sixth, five-year higher
  /// vocational, is this product's reading of the unnamed category).
  public static let notice = Policy(
    name: "notice-2022", title: "2022 年发展团员调控", year: 2022, total: 6360,
    firstNumber: 2022_0000_0001,
    districts: [],
    categories: CategoryPolicy.noticeCategories,
    goalOrder: [.closedDoor, .coverage, .balance],
    protectPrivateAndRural: true,
    social: SocialPolicy(
      densityExponent: 0.5, outflowResidentShareBelow: 0.5, outflowMemberRatioBelow: 0.2,
      outflowBoost: 1.5),
    language: .zh,
    // The notice: "分领域分类别指标及新发展团员编号号段不得相互挤占、挪用" — never borrow.
    nonNegotiable: [.r3], closedDoorIsHard: false, branchMinimum: 3)
}

extension CategoryPolicy {
  /// 中职: grade 1 ≤ 10 %, grade 2 ≤ 20 %, year end ≤ 20 % (R7); the five-year reading shares them.
  static let vocationalCaps = [
    RatioCap(rule: .r7, grades: [1], ratio: 0.10),
    RatioCap(rule: .r7, grades: [2], ratio: 0.20),
    RatioCap(rule: .r7, grades: nil, ratio: 0.20),
  ]

  /// 中职: grade 1 at least one per class, grade 2 a branch per class (G2).
  static let vocationalCoverage = [
    CoverageTarget(grade: 1, perClass: 1, perGrade: 1),
    CoverageTarget(grade: 2, perClass: 3, perGrade: 3),
  ]

  /// The notice's six categories with its caps, eligible grades and coverage targets.
  public static let noticeCategories: [CategoryPolicy] = [
    CategoryPolicy(
      id: "junior_high", name: "初中", aliases: ["初级中学", "junior high"],
      gradeCount: 3, eligibleGrades: [2, 3],
      caps: [RatioCap(rule: .r4, grades: nil, ratio: 0.10)],
      coverage: [
        CoverageTarget(grade: 2, perClass: 1, perGrade: 3),
        CoverageTarget(grade: 3, perClass: 3, perGrade: 3),
      ], englishName: "junior high"),
    CategoryPolicy(
      id: "senior_high", name: "普通高中", aliases: ["高中", "senior high"],
      gradeCount: 3, eligibleGrades: [1, 2],
      caps: [
        RatioCap(rule: .r5, grades: [1, 2], ratio: 0.30),
        RatioCap(rule: .r6, grades: [3], ratio: 0.40),
      ],
      strictControl: [
        StrictControlTrigger(grades: [1], above: 0.50),
        StrictControlTrigger(grades: [3], above: 0.40),
      ], englishName: "senior high"),
    CategoryPolicy(
      id: "secondary_vocational", name: "中职", aliases: ["中专", "技工学校", "secondary vocational"],
      gradeCount: 3, eligibleGrades: [1, 2],
      caps: vocationalCaps, coverage: vocationalCoverage,
      protectsAllSchools: true, englishName: "secondary vocational"),
    CategoryPolicy(
      id: "higher_vocational", name: "高职", aliases: ["高职院校", "专科", "higher vocational"],
      gradeCount: 3, eligibleGrades: [1, 2], previousYearFloor: 0.6, englishName: "higher vocational"),
    CategoryPolicy(
      id: "five_year_higher_vocational", name: "五年制高职", aliases: ["五年一贯制高职"],
      gradeCount: 5, eligibleGrades: [1, 2],
      caps: vocationalCaps, coverage: vocationalCoverage,
      protectsAllSchools: true, englishName: "five-year higher vocational"),
    CategoryPolicy(
      id: "social", name: "社会领域", aliases: ["社会", "social sector"], kind: .social,
      gradeCount: 0, eligibleGrades: [], englishName: "social sector"),
  ]
}
