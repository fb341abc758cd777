#!/usr/bin/env python3
"""Generate the SYNTHETIC school and social-sector tables of the yangzhou-2022 scenario.

District names are real; schools, units and every count are invented.
Standard library only; a fixed seed makes the output byte-identical on every run.

    python3 scenarios/yangzhou-2022/generate.py

Writes schools.csv and social.csv next to this script (UTF-8, no BOM, LF) and
prints capacity sums to stderr so the planning engine's feasibility can be checked.
"""

import csv
import math
import os
import random
import sys

SEED = 2022
HERE = os.path.dirname(os.path.abspath(__file__))

DISTRICTS = [
    "广陵区",
    "邗江区",
    "江都区",
    "仪征市",
    "高邮市",
    "宝应县",
    "经济技术开发区",
    "生态科技新城",
    "蜀冈\u2014瘦西湖风景名胜区",  # em-dash U+2014
    "市直",
]
SCENIC = DISTRICTS[8]

# Prefix used to build school names in each district.
PREFIX = {
    "广陵区": "扬州市广陵区",
    "邗江区": "扬州市邗江区",
    "江都区": "扬州市江都区",
    "仪征市": "仪征市",
    "高邮市": "高邮市",
    "宝应县": "宝应县",
    "经济技术开发区": "扬州经济技术开发区",
    "生态科技新城": "扬州市生态科技新城",
    SCENIC: "扬州市",
    "市直": "扬州市",
}

SCHOOL_COLUMNS = [
    "district", "school", "category", "grade", "classes", "students",
    "members", "private", "rural", "last_year_quota",
]
SOCIAL_COLUMNS = [
    "district", "unit", "type", "members", "resident_youth",
    "registered_youth", "organisations",
]

# --------------------------------------------------------------------------
# Junior highs (初中): 120 schools. Kind: u = urban, r = rural (small), p = private.
# A trailing "!" marks a school whose whole-school member ratio is already above 10 %.
# --------------------------------------------------------------------------
JUNIOR = {
    "市直": [
        "梅岭中学:u", "文津中学:u!", "竹西中学:u", "翠岗中学:u", "邗沟中学:u",
        "广储中学:u", "汉广外国语学校:p",
    ],
    "广陵区": [
        "汶河中学:u", "东关中学:u", "文峰中学:u", "曲江中学:u", "湾头中学:u",
        "汤汪中学:u", "李典中学:r", "沙头中学:r", "徐凝门中学:u", "康山中学:u",
        "宝塔湾中学:u", "运河中学:u", "渡江中学:u", "外国语学校:p",
    ],
    "邗江区": [
        "蒋王中学:u", "邗上中学:u", "汊河中学:u", "瓜洲中学:u", "杨寿中学:r",
        "方巷中学:r", "槐泗中学:r", "公道中学:r", "甘泉中学:u", "西湖中学:u",
        "新盛中学:u", "杨庙中学:r", "实验学校:u", "维扬实验中学:u", "双桥中学:u",
        "刘庄中学:u", "育英学校:p",
    ],
    "江都区": [
        "实验初级中学:u", "第三中学:u", "第五中学:u", "城南中学:u", "龙川初级中学:u",
        "华君外国语学校:p", "小纪镇中学:r", "武坚镇中学:r", "樊川镇中学:u",
        "真武镇中学:r", "宜陵镇中学:u", "丁沟镇中学:u", "郭村镇中学:r",
        "邵伯镇中学:u", "丁伙镇中学:u", "大桥镇中学:u", "吴桥镇中学:r",
        "浦头镇中学:r", "麾村中学:u", "仙城中学:u", "花荡中学:r", "砖桥中学:u",
    ],
    "仪征市": [
        "实验中学:u", "第三中学:u", "城南中学:u", "新集初级中学:u", "新城初级中学:u",
        "马集中学:r", "刘集初级中学:u", "陈集中学:r", "大仪中学:r", "月塘中学:r",
        "英才学校:p!",
    ],
    "高邮市": [
        "城北实验中学:u", "南海中学:u", "城南中学:u", "赞化学校:p", "卸甲镇中学:u",
        "三垛镇中学:u", "甘垛镇中学:r", "汤庄镇中学:r", "临泽镇中学:u",
        "界首镇中学:r", "车逻镇中学:u", "送桥镇中学:u", "菱塘回族乡中学:r",
        "龙虬镇中学:u", "周山镇中学:r!", "马棚中学:u", "八桥镇中学:r",
        "司徒镇中学:r",
    ],
    "宝应县": [
        "实验初级中学:u", "城北初级中学:u", "城南初级中学:u", "安宜实验学校:u",
        "画川外国语学校:p", "范水镇中学:u", "夏集镇中学:u", "柳堡镇中学:r",
        "射阳湖镇中学:r", "广洋湖镇中学:r", "鲁垛镇中学:r!", "小官庄镇中学:r",
        "望直港镇中学:r", "曹甸镇中学:u", "西安丰镇中学:r", "山阳镇中学:u",
        "黄塍镇中学:r", "泾河镇中学:u", "氾水镇中学:u", "开发区初级中学:u",
    ],
    "经济技术开发区": [
        "文汇中学:u", "扬子津中学:u", "八里中学:u", "朴席中学:u", "新世纪学校:p",
    ],
    "生态科技新城": [
        "杭集中学:u", "泰安中学:u", "头桥中学:u", "凤凰岛学校:u",
    ],
    SCENIC: [
        "平山中学:u", "城北中学:u",
    ],
}

# --------------------------------------------------------------------------
# Senior highs (普通高中): 35 schools. (district, name, private, rural, profile)
# profile: normal | elite (grade 1 > 50 %) | grad (grade 3 > 40 %) | high12 (grades 1+2 > 30 %)
# --------------------------------------------------------------------------
SENIOR = [
    ("市直", "扬州市文昌高级中学", "no", "no", "elite"),
    ("市直", "扬州市维扬高级中学", "no", "no", "grad_high12"),
    ("市直", "扬州市梅岭高级中学", "no", "no", "high12"),
    ("市直", "扬州市竹西高级中学", "no", "no", "normal"),
    ("市直", "扬州市东关高级中学", "no", "no", "normal"),
    ("市直", "扬州市汉广高级中学", "yes", "no", "normal"),
    ("广陵区", "扬州市广陵区湾头高级中学", "no", "no", "normal"),
    ("广陵区", "扬州市广陵区汤汪高级中学", "no", "no", "normal"),
    ("广陵区", "扬州市广陵区曲江高级中学", "no", "no", "normal"),
    ("邗江区", "江苏省邗江中学", "no", "no", "normal"),
    ("邗江区", "扬州市邗江区瓜洲高级中学", "no", "no", "normal"),
    ("邗江区", "扬州市邗江区公道高级中学", "no", "yes", "normal"),
    ("邗江区", "扬州市邗江区蒋王高级中学", "no", "no", "normal"),
    ("江都区", "江苏省江都中学", "no", "no", "normal"),
    ("江都区", "扬州市江都区大桥高级中学", "no", "no", "normal"),
    ("江都区", "扬州市江都区丁沟高级中学", "no", "no", "normal"),
    ("江都区", "扬州市江都区邵伯高级中学", "no", "no", "normal"),
    ("江都区", "扬州市江都区樊川高级中学", "no", "yes", "normal"),
    ("仪征市", "江苏省仪征中学", "no", "no", "normal"),
    ("仪征市", "仪征市真州高级中学", "no", "no", "high12"),
    ("仪征市", "仪征市新城高级中学", "no", "no", "normal"),
    ("仪征市", "仪征市月塘高级中学", "no", "yes", "normal"),
    ("高邮市", "江苏省高邮中学", "no", "no", "normal"),
    ("高邮市", "高邮市界首高级中学", "no", "yes", "normal"),
    ("高邮市", "高邮市临泽高级中学", "no", "yes", "normal"),
    ("高邮市", "高邮市三垛高级中学", "no", "no", "normal"),
    ("宝应县", "江苏省宝应中学", "no", "no", "normal"),
    ("宝应县", "宝应县安宜高级中学", "no", "no", "grad"),
    ("宝应县", "宝应县氾水高级中学", "no", "no", "normal"),
    ("宝应县", "宝应县曹甸高级中学", "no", "yes", "normal"),
    ("宝应县", "宝应县射阳湖高级中学", "no", "yes", "normal"),
    ("经济技术开发区", "扬州经济技术开发区朴席高级中学", "no", "no", "normal"),
    ("经济技术开发区", "扬州经济技术开发区扬子津高级中学", "yes", "no", "normal"),
    ("生态科技新城", "扬州市生态科技新城泰安高级中学", "no", "no", "normal"),
    (SCENIC, "扬州市蜀冈高级中学", "yes", "no", "normal"),
]

# Secondary vocational (中职): 14 schools. (district, name, private, rural, grade-2 above 20 %)
SECONDARY_VOCATIONAL = [
    ("市直", "扬州市旅游商贸学校", "no", "no", False),
    ("市直", "扬州市交通运输职业学校", "no", "no", False),
    ("市直", "扬州市卫生职业学校", "no", "no", True),
    ("市直", "扬州市文化艺术学校", "no", "no", False),
    ("广陵区", "扬州市广陵区职业教育中心", "no", "no", False),
    ("邗江区", "扬州市邗江区中等专业学校", "no", "no", False),
    ("江都区", "扬州市江都区职业教育中心", "no", "no", False),
    ("江都区", "扬州市江都区丁沟职业学校", "no", "yes", False),
    ("仪征市", "仪征市职业教育中心", "no", "no", False),
    ("高邮市", "高邮市职业教育中心", "no", "no", False),
    ("高邮市", "高邮市临泽职业学校", "no", "yes", False),
    ("宝应县", "宝应县职业教育中心", "no", "no", False),
    ("经济技术开发区", "扬州市扬子津职业学校", "no", "no", False),
    ("生态科技新城", "扬州市杭集职业技术学校", "yes", "no", False),
]

# Five-year higher vocational (五年制高职): 4 schools. (district, name, private, rural)
FIVE_YEAR = [
    ("市直", "扬州高等职业技术学校", "no", "no"),
    ("市直", "扬州商务高等职业学校", "no", "no"),
    ("高邮市", "江苏联合职业技术学院高邮分院", "no", "no"),
    ("江都区", "江苏联合职业技术学院江都分院", "no", "no"),
]

# Higher vocational colleges (高职院校), all 市直. (name, private, students per grade, 2021 quota)
HIGHER_VOCATIONAL = [
    ("扬州市职业大学", "no", 5000, 700),
    ("扬州工业职业技术学院", "no", 4500, 600),
    ("江苏旅游职业学院", "no", 3400, 450),
    ("扬州环境资源职业技术学院", "no", 3000, 400),
    ("扬州中瑞酒店职业学院", "yes", 2200, 250),
]

# --------------------------------------------------------------------------
# Social sector (社会领域)
# --------------------------------------------------------------------------
# Villages: (district, town, village, heavy youth outflow)
VILLAGES = [
    ("宝应县", "射阳湖镇", "王兴村", True),
    ("宝应县", "射阳湖镇", "荡朱村", False),
    ("宝应县", "广洋湖镇", "红星村", True),
    ("宝应县", "柳堡镇", "永丰村", False),
    ("宝应县", "鲁垛镇", "联合村", True),
    ("宝应县", "望直港镇", "东风村", False),
    ("宝应县", "西安丰镇", "新河村", True),
    ("高邮市", "界首镇", "陈庄村", True),
    ("高邮市", "汤庄镇", "李庄村", False),
    ("高邮市", "甘垛镇", "民主村", True),
    ("高邮市", "菱塘回族乡", "永安村", False),
    ("高邮市", "周山镇", "双桥村", False),
    ("高邮市", "司徒镇", "朱庄村", True),
    ("江都区", "小纪镇", "三星村", False),
    ("江都区", "武坚镇", "刘集村", True),
    ("江都区", "真武镇", "新民村", False),
    ("江都区", "吴桥镇", "八桥村", False),
    ("江都区", "浦头镇", "东湖村", False),
    ("江都区", "丁伙镇", "锦西村", False),
    ("仪征市", "马集镇", "合心村", True),
    ("仪征市", "陈集镇", "红光村", False),
    ("仪征市", "大仪镇", "尹山村", False),
    ("仪征市", "月塘镇", "四庄村", True),
    ("邗江区", "杨寿镇", "宝女村", False),
    ("邗江区", "方巷镇", "沿湖村", False),
    ("邗江区", "公道镇", "赤岸村", False),
    ("邗江区", "槐泗镇", "东兴村", False),
    ("广陵区", "李典镇", "新坝村", False),
    ("广陵区", "沙头镇", "三江营村", False),
    ("生态科技新城", "泰安镇", "金桥村", False),
    ("生态科技新城", "杭集镇", "曙光村", False),
    ("经济技术开发区", "朴席镇", "冯庄村", False),
    ("经济技术开发区", "八里镇", "新华村", False),
    (SCENIC, "城北街道", "黄金村", False),
    ("宝应县", "曹甸镇", "刘舍村", False),
    ("高邮市", "临泽镇", "朱堆村", False),
]

# Communities: (district, street, community)
COMMUNITIES = [
    ("广陵区", "汶河街道", "东关社区"),
    ("广陵区", "东关街道", "琼花观社区"),
    ("广陵区", "文峰街道", "宝塔社区"),
    ("广陵区", "曲江街道", "京华城社区"),
    ("广陵区", "汤汪街道", "运河社区"),
    ("邗江区", "蒋王街道", "蒋王社区"),
    ("邗江区", "邗上街道", "三星社区"),
    ("邗江区", "汊河街道", "长青社区"),
    ("邗江区", "甘泉街道", "山河社区"),
    ("邗江区", "西湖街道", "金槐社区"),
    ("江都区", "仙女镇", "龙城社区"),
    ("江都区", "仙女镇", "芒稻社区"),
    ("江都区", "邵伯镇", "古镇社区"),
    ("仪征市", "真州镇", "胥浦社区"),
    ("仪征市", "真州镇", "鼓楼社区"),
    ("仪征市", "新城镇", "滨江社区"),
    ("高邮市", "高邮街道", "文游社区"),
    ("高邮市", "高邮街道", "盂城社区"),
    ("高邮市", "马棚街道", "秦邮社区"),
    ("宝应县", "安宜镇", "叶挺社区"),
    ("宝应县", "安宜镇", "宝丰社区"),
    ("宝应县", "范水镇", "运西社区"),
    ("经济技术开发区", "文汇街道", "文汇社区"),
    ("经济技术开发区", "扬子津街道", "施桥社区"),
    ("经济技术开发区", "八里镇", "新星社区"),
    ("生态科技新城", "杭集镇", "伊山社区"),
    ("生态科技新城", "泰安镇", "凤凰岛社区"),
    (SCENIC, "城北街道", "锦绣社区"),
    (SCENIC, "城北街道", "平山社区"),
    (SCENIC, "平山街道", "堡城社区"),
]

# Enterprises: (district, name, size) size: s small, m medium, l large
ENTERPRISES = [
    ("市直", "扬州市城建国有资产控股集团有限公司", "l"),
    ("市直", "扬州市交通产业集团有限责任公司", "l"),
    ("市直", "扬州市运河文旅集团有限公司", "m"),
    ("广陵区", "扬州华宇机械制造有限公司", "m"),
    ("广陵区", "扬州东关智能装备有限公司", "s"),
    ("邗江区", "扬州维扬汽车零部件有限公司", "l"),
    ("邗江区", "扬州润扬电子科技有限公司", "m"),
    ("邗江区", "扬州瓜洲新材料有限公司", "s"),
    ("江都区", "扬州江都船舶重工有限公司", "l"),
    ("江都区", "扬州龙川电气集团有限公司", "m"),
    ("江都区", "扬州邵伯食品有限公司", "s"),
    ("仪征市", "仪征真州化纤有限公司", "l"),
    ("仪征市", "仪征枣林湾汽车配件有限公司", "m"),
    ("高邮市", "高邮秦邮电缆有限公司", "m"),
    ("高邮市", "高邮湖光照明科技有限公司", "s"),
    ("宝应县", "宝应安宜荷藕食品有限公司", "s"),
    ("宝应县", "宝应运西电力设备有限公司", "m"),
    ("经济技术开发区", "扬州扬子津光电科技有限公司", "l"),
    ("经济技术开发区", "扬州施桥港务有限公司", "m"),
    ("生态科技新城", "扬州杭集旅游日化集团有限公司", "l"),
    ("生态科技新城", "扬州泰安医疗器械有限公司", "s"),
    (SCENIC, "扬州瘦西湖文化旅游发展有限公司", "m"),
]

# Organisations (社会组织): (district, name)
ORGANISATIONS = [
    ("市直", "扬州市青年企业家协会"),
    ("市直", "扬州市青年志愿者协会"),
    ("广陵区", "广陵区青年志愿者协会"),
    ("邗江区", "邗江区青年创业者协会"),
    ("江都区", "江都区青年志愿者协会"),
    ("江都区", "江都区青年律师协会"),
    ("仪征市", "仪征市青年志愿者协会"),
    ("高邮市", "高邮市青年创业者协会"),
    ("高邮市", "高邮市青年志愿者协会"),
    ("宝应县", "宝应县青年志愿者协会"),
    ("宝应县", "宝应县青年电商协会"),
    ("经济技术开发区", "扬州经济技术开发区青年人才联谊会"),
    ("生态科技新城", "扬州市生态科技新城青年志愿者协会"),
]


# --------------------------------------------------------------------------
# Generation helpers
# --------------------------------------------------------------------------
def grade_row(rng, classes, lo, hi):
    """Students (40-50 per class) and members (a ratio drawn in [lo, hi]) of one grade.

    Members are clamped so that members / students stays inside [lo, hi] after rounding.
    """
    students = sum(rng.randint(40, 50) for _ in range(classes))
    members = round(rng.uniform(lo, hi) * students)
    members = max(math.ceil(lo * students), min(math.floor(hi * students), members))
    return classes, students, members


def school_rows(district, name, category, private, rural, quota, grades):
    rows = []
    for g, (classes, students, members) in enumerate(grades, start=1):
        rows.append({
            "district": district, "school": name, "category": category,
            "grade": g, "classes": classes, "students": students,
            "members": members, "private": private, "rural": rural,
            "last_year_quota": quota,
        })
    return rows


def junior_schools(rng):
    schools = []
    for district in DISTRICTS:
        for entry in JUNIOR.get(district, []):
            short, tag = entry.split(":")
            kind = tag.rstrip("!")
            above_cap = tag.endswith("!")
            name = PREFIX[district] + short
            if kind == "r":
                lo, hi, base = 2, 4, rng.randint(2, 4)
            elif kind == "p":
                lo, hi, base = 4, 10, rng.randint(5, 9)
            else:
                lo, hi, base = 6, 14, rng.choice([6, 7, 7, 8, 8, 8, 9, 9, 10, 10, 11, 12, 13, 14])
            if above_cap:
                classes = [base] * 3
            else:
                classes = [max(lo, min(hi, base + rng.randint(-1, 1))) for _ in range(3)]
            g1 = grade_row(rng, classes[0], 0.0, 0.0)
            if above_cap:
                # Already above 10 % across grades 1-3 (strict control shows).
                g2 = grade_row(rng, classes[1], 0.06, 0.09)
                g3 = grade_row(rng, classes[2], 0.30, 0.34)
            else:
                g2 = grade_row(rng, classes[1], 0.0, 0.01)
                g3 = grade_row(rng, classes[2], 0.028, 0.058)
            schools.append(school_rows(
                district, name, "junior_high",
                "yes" if kind == "p" else "no",
                "yes" if kind == "r" else "no",
                0, [g1, g2, g3]))
    return schools


def senior_schools(rng):
    schools = []
    for district, name, private, rural, profile in SENIOR:
        lo, hi = (8, 14) if rural == "yes" or private == "yes" else (10, 20)
        classes = rng.randint(lo, hi)
        cls = [max(8, min(20, classes + rng.randint(-1, 1))) for _ in range(3)]
        r1, r2, r3 = (0.19, 0.28), (0.22, 0.30), (0.30, 0.39)
        if profile == "elite":
            r1, r2, r3 = (0.52, 0.58), (0.45, 0.55), (0.36, 0.39)
        if "high12" in profile:
            r1, r2 = (0.28, 0.30), (0.33, 0.34)
        if "grad" in profile:
            r3 = (0.41, 0.44)
        grades = [grade_row(rng, c, *r) for c, r in zip(cls, (r1, r2, r3))]
        schools.append(school_rows(district, name, "senior_high", private, rural, 0, grades))
    return schools


def secondary_vocational_schools(rng):
    schools = []
    for district, name, private, rural, g2_high in SECONDARY_VOCATIONAL:
        lo, hi = (7, 11) if rural == "yes" or private == "yes" else (11, 16)
        base = rng.randint(lo, hi)
        cls = [max(6, min(16, base + rng.randint(-1, 1))) for _ in range(3)]
        r1, r3 = (0.02, 0.04), (0.12, 0.20)
        r2 = (0.21, 0.24) if g2_high else (0.08, 0.10)
        grades = [grade_row(rng, c, *r) for c, r in zip(cls, (r1, r2, r3))]
        schools.append(school_rows(
            district, name, "secondary_vocational", private, rural, 0, grades))
    return schools


def five_year_schools(rng):
    schools = []
    for district, name, private, rural in FIVE_YEAR:
        # Enrolment grew: 8 classes in grades 1-2, 6-8 in the older grades.
        cls = [8, 8] + [rng.randint(6, 8) for _ in range(3)]
        ratios = [(0.03, 0.04), (0.10, 0.11)] + [(0.18, 0.22)] * 3
        grades = [grade_row(rng, c, *r) for c, r in zip(cls, ratios)]
        schools.append(school_rows(
            district, name, "five_year_higher_vocational", private, rural, 0, grades))
    return schools


def higher_vocational_schools(rng):
    schools = []
    for name, private, size, quota in HIGHER_VOCATIONAL:
        grades = []
        for _ in range(3):
            target = size * rng.uniform(0.97, 1.03)
            classes = max(40, min(120, round(target / 45)))
            grades.append(grade_row(rng, classes, 0.25, 0.45))
            assert 2000 <= grades[-1][1] <= 5500, (name, grades[-1])
        schools.append(school_rows(
            "市直", name, "higher_vocational", private, "no", quota, grades))
    return schools


def social_units(rng):
    units = []
    for district, town, village, outflow in VILLAGES:
        registered = rng.randint(150, 800)
        if outflow:
            resident = round(registered * rng.uniform(0.25, 0.45))
            # members / resident below 20 %
            members = rng.randint(5, max(5, min(60, resident // 5 - 1)))
        else:
            resident = round(registered * rng.uniform(0.55, 0.95))
            members = rng.randint(5, min(60, resident // 3))
        units.append((district, social_prefix(district) + town + village, "village",
                      members, resident, registered, rng.randint(1, 2)))
    for district, street, community in COMMUNITIES:
        resident = rng.randint(300, 2500)
        registered = round(resident * rng.uniform(0.6, 1.1))
        members = rng.randint(10, 80)
        units.append((district, social_prefix(district) + street + community, "community",
                      members, resident, registered, rng.randint(1, 4)))
    for district, name, size in ENTERPRISES:
        lo, hi = {"s": (10, 40), "m": (30, 100), "l": (90, 200)}[size]
        members = rng.randint(lo, hi)
        youth = round(members * rng.uniform(2.5, 6.0))
        orgs = max(1, min(12, members // 18 + rng.randint(0, 2)))
        # Enterprises: youth employees; registered = resident (no household-registration split).
        units.append((district, name, "enterprise", members, youth, youth, orgs))
    for district, name in ORGANISATIONS:
        members = rng.randint(5, 40)
        youth = round(members * rng.uniform(2.0, 5.0))
        units.append((district, name, "organisation", members, youth, youth, rng.randint(1, 3)))
    return units


def social_prefix(district):
    """Villages and communities are named after their county-level unit."""
    return {
        "经济技术开发区": "扬州经济技术开发区",
        "生态科技新城": "扬州市生态科技新城",
        SCENIC: "扬州市" + SCENIC,
    }.get(district, district)


# --------------------------------------------------------------------------
# Capacity sums (printed to stderr)
# --------------------------------------------------------------------------
def capacity_report(schools):
    by_cat = {}
    for rows in schools:
        by_cat.setdefault(rows[0]["category"], []).append(rows)

    def tot(rows, key, grades=None):
        return sum(r[key] for r in rows if grades is None or r["grade"] in grades)

    junior_room = 0
    junior_cov = 0
    junior_above = []
    for rows in by_cat["junior_high"]:
        s, m = tot(rows, "students"), tot(rows, "members")
        cap = math.floor(0.10 * s)
        junior_room += max(0, cap - m)
        if m > cap:
            junior_above.append("%s %.1f%%" % (rows[0]["school"], 100 * m / s))
            continue
        g2, g3 = rows[1], rows[2]
        junior_cov += max(0, max(g2["classes"], 3) - g2["members"])
        junior_cov += max(0, 3 * g3["classes"] - g3["members"])

    senior_room = 0
    senior_strict = []
    senior_over12 = []
    for rows in by_cat["senior_high"]:
        g1, g3 = rows[0], rows[2]
        s12, m12 = tot(rows, "students", (1, 2)), tot(rows, "members", (1, 2))
        if m12 > 0.30 * s12:
            senior_over12.append(rows[0]["school"])
        if g1["members"] / g1["students"] > 0.50 or g3["members"] / g3["students"] > 0.40:
            senior_strict.append(rows[0]["school"])
            continue
        senior_room += max(0, math.floor(0.30 * s12) - m12)

    def vocational_room(rows):
        g1, g2 = rows[0], rows[1]
        by_grade = (max(0, math.floor(0.10 * g1["students"]) - g1["members"])
                    + max(0, math.floor(0.20 * g2["students"]) - g2["members"]))
        whole = max(0, math.floor(0.20 * tot(rows, "students")) - tot(rows, "members"))
        return min(by_grade, whole)

    sv_room = sum(vocational_room(rows) for rows in by_cat["secondary_vocational"])
    fy_room = sum(vocational_room(rows) for rows in by_cat["five_year_higher_vocational"])
    quota = sum(rows[0]["last_year_quota"] for rows in by_cat["higher_vocational"])

    out = sys.stderr

    def line(label, value, lo, hi):
        ok = lo <= value and (hi is None or value <= hi)
        target = ">= %d" % lo if hi is None else "%d-%d" % (lo, hi)
        print("%-46s %6d  target %-10s %s" % (label, value, target, "ok" if ok else "OUT OF TARGET"),
              file=out)
        return ok

    print("schools: " + ", ".join("%s %d" % (c, len(v)) for c, v in by_cat.items()), file=out)
    ok = line("junior_high room", junior_room, 4000, None)
    line("junior_high coverage demand (informational)", junior_cov, 1500, 1750)
    print("  junior schools above 10 %%: %s" % "; ".join(junior_above), file=out)
    ok &= line("senior_high room, not strictly controlled", senior_room, 1700, 2300)
    print("  strictly controlled: %s" % "; ".join(senior_strict), file=out)
    print("  grades 1+2 above 30 %%: %s" % "; ".join(senior_over12), file=out)
    ok &= line("secondary_vocational room", sv_room, 1250, 1600)
    ok &= line("five_year_higher_vocational room", fy_room, 200, None)
    ok &= line("higher_vocational last_year_quota sum", quota, 2400, 2400)
    if not ok:
        print("WARNING: a capacity target is not met; tune the generator's ranges.", file=out)
    return junior_room, senior_room, sv_room, fy_room, quota


def write_csv(path, columns, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(columns)
        w.writerows(rows)


def main():
    rng = random.Random(SEED)
    schools = []
    schools += junior_schools(rng)
    schools += senior_schools(rng)
    schools += secondary_vocational_schools(rng)
    schools += five_year_schools(rng)
    schools += higher_vocational_schools(rng)
    units = social_units(rng)

    names = [rows[0]["school"] for rows in schools]
    assert len(names) == len(set(names)), "school names must be unique"
    unit_names = [u[1] for u in units]
    assert len(unit_names) == len(set(unit_names)), "unit names must be unique"

    # Rows ordered by district (list order), then category, then school, then grade.
    cat_order = ["junior_high", "senior_high", "secondary_vocational",
                 "five_year_higher_vocational", "higher_vocational"]
    order = sorted(range(len(schools)), key=lambda i: (
        DISTRICTS.index(schools[i][0]["district"]),
        cat_order.index(schools[i][0]["category"]), i))
    school_table = [[r[c] for c in SCHOOL_COLUMNS] for i in order for r in schools[i]]
    unit_order = sorted(range(len(units)), key=lambda i: (DISTRICTS.index(units[i][0]), i))
    social_table = [list(units[i]) for i in unit_order]

    write_csv(os.path.join(HERE, "schools.csv"), SCHOOL_COLUMNS, school_table)
    write_csv(os.path.join(HERE, "social.csv"), SOCIAL_COLUMNS, social_table)
    print("wrote schools.csv (%d rows) and social.csv (%d rows)"
          % (len(school_table), len(social_table)), file=sys.stderr)
    capacity_report(schools)


if __name__ == "__main__":
    main()
