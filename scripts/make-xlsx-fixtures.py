#!/usr/bin/env python3
"""Writes the Yangzhou data as Excel workbooks with openpyxl (an independent XLSX writer, the way
Excel stores shared strings and numbers), for the test that XLSX input gives the identical plan.

Usage: pip install openpyxl && python3 scripts/make-xlsx-fixtures.py
Writes Tests/QuotaPlanTests/Fixtures/yangzhou-schools.xlsx (data on a sheet named 学校, after an
empty first sheet) and yangzhou-social.xlsx (data on the first sheet, Chinese headers)."""
import csv
import datetime
import pathlib

import openpyxl

root = pathlib.Path(__file__).resolve().parent.parent
source = root / "scenarios" / "yangzhou-2022"
target = root / "Tests" / "QuotaPlanTests" / "Fixtures"
target.mkdir(parents=True, exist_ok=True)


def typed(value):
    return int(value) if value.isdigit() else value


def save(book, path):
    fixed = datetime.datetime(2022, 3, 21)
    book.properties.created = fixed
    book.properties.modified = fixed
    book.save(path)


with open(source / "schools.csv", encoding="utf-8") as handle:
    rows = list(csv.reader(handle))
book = openpyxl.Workbook()
book.active.title = "说明"
book.active["A1"] = "学校数据在“学校”工作表"
sheet = book.create_sheet("学校")
for row in rows:
    sheet.append([typed(v) for v in row])
save(book, target / "yangzhou-schools.xlsx")

with open(source / "social.csv", encoding="utf-8") as handle:
    rows = list(csv.reader(handle))
chinese = {"district": "区县", "unit": "单位", "type": "类型", "members": "团员数", "resident_youth": "常住青年",
           "registered_youth": "户籍青年", "organisations": "团组织数"}
book = openpyxl.Workbook()
sheet = book.active
sheet.title = "社会领域"
sheet.append([chinese[h] for h in rows[0]])
for row in rows[1:]:
    sheet.append([typed(v) for v in row])
save(book, target / "yangzhou-social.xlsx")
print("written", sorted(p.name for p in target.glob("*.xlsx")))
