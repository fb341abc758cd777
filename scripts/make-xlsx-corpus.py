#!/usr/bin/env python3
"""Writes small crafted workbooks that once crashed or misled the XLSX reader, for the fuzz
corpus (Tests/QuotaPlanTests/FuzzCorpus/xlsx-*.xlsx) and BadFileCorpusTests: cell references
beyond Excel's sheet, a zip bomb (honest and lying sizes), t="s" cells without shared strings,
a shared-string index out of range, a sheet with more cells than the bound.

Usage: python3 scripts/make-xlsx-corpus.py (standard library only; output is deterministic)."""
import pathlib
import struct
import zipfile

root = pathlib.Path(__file__).resolve().parent.parent
target = root / "Tests" / "QuotaPlanTests" / "FuzzCorpus"
target.mkdir(parents=True, exist_ok=True)

HEADER = ["district", "school", "category", "grade", "classes", "students", "members"]
GOOD = ["甲区", "甲中学", "junior_high", "2", "2", "80", "2"]
COLUMNS = "ABCDEFG"


def cell(ref, value):
    if value.isdigit():
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def row(number, values):
    return f'<row r="{number}">' + "".join(cell(f"{COLUMNS[i]}{number}", v) for i, v in enumerate(values)) + "</row>"


def sheet(body):
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            + body + "</sheetData></worksheet>")


def write(name, sheet_xml, shared=None, compress=zipfile.ZIP_DEFLATED):
    path = target / name
    with zipfile.ZipFile(path, "w", compress) as book:
        def add(entry, text):
            info = zipfile.ZipInfo(entry, date_time=(2022, 3, 21, 0, 0, 0))
            info.compress_type = compress
            book.writestr(info, text)
        add("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        add("xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            '<sheet name="学校" sheetId="1" r:id="rId1"/></sheets></workbook>')
        add("xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '</Relationships>')
        add("xl/worksheets/sheet1.xml", sheet_xml)
        if shared is not None:
            add("xl/sharedStrings.xml",
                '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                + "".join(f"<si><t>{s}</t></si>" for s in shared) + "</sst>")
    return path


good = row(1, HEADER) + row(2, GOOD)
write("xlsx-cell-row-2000000000.xlsx", sheet(good + '<row r="3"><c r="A2000000000"><v>1</v></c></row>'))
write("xlsx-cell-row-int64-max.xlsx", sheet(good + '<row r="3"><c r="A9223372036854775807"><v>1</v></c></row>'))
write("xlsx-cell-column-overflow.xlsx", sheet(good + '<row r="3"><c r="ZZZZZZZZZZZZZZZ1"><v>1</v></c></row>'))
write("xlsx-row-number-int64-max.xlsx", sheet(good + '<row r="9223372036854775807"><c><v>1</v></c></row><row><c><v>2</v></c></row>'))
write("xlsx-row-beyond-excel.xlsx", sheet(good + '<row r="1048577"><c><v>1</v></c></row>'))
# t="s" cells but no xl/sharedStrings.xml: the text of the header cannot be read.
write("xlsx-shared-strings-missing.xlsx",
      sheet('<row r="1">' + "".join(f'<c r="{COLUMNS[i]}1" t="s"><v>{i}</v></c>' for i in range(7)) + "</row>" + row(2, GOOD)))
write("xlsx-shared-string-out-of-range.xlsx",
      sheet('<row r="1">' + "".join(f'<c r="{COLUMNS[i]}1" t="s"><v>{i}</v></c>' for i in range(7)) + "</row>"
            + '<row r="2"><c r="A2" t="s"><v>99</v></c></row>'), shared=HEADER)
# 40,000 filled cells on 2 rows of data: above the cell bound when limits.max_rows is 100 (× 50).
wide = '<row r="3">' + "".join(f"<c><v>{i % 10}</v></c>" for i in range(16000)) + "</row>"
write("xlsx-many-cells.xlsx", sheet(good + wide + wide.replace('r="3"', 'r="4"') + wide.replace('r="3"', 'r="5"')))
# Entity expansion (“billion laughs”) in the sheet: libxml2 refuses it; the sheet is not well-formed.
laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lollollollollollollollollollol">'
          + "".join(f'<!ENTITY lol{i} "' + (f"&lol{i - 1};" if i > 1 else "&lol;") * 10 + '">' for i in range(1, 10)) + "]>")
write("xlsx-billion-laughs.xlsx", laughs + sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>')[len('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'):])
# A zip bomb: 24 MB of spaces inside the sheet, a few tens of KB on disk. With limits.max_file_megabytes
# 1 a part may inflate to 8 MB; the honest entry says 24 MB, the lying one claims 1 KB.
padding = " " * (24 * 1_048_576)
bomb = write("xlsx-zip-bomb.xlsx", sheet(good + padding))
data = bytearray((target / "xlsx-zip-bomb.xlsx").read_bytes())
entry = b"xl/worksheets/sheet1.xml"
# Local header: signature PK\3\4, sizes at offset 22 (uncompressed) ; central directory: PK\1\2, at offset 24.
at = 0
while True:
    at = data.find(b"PK\x03\x04", at)
    if at < 0:
        break
    name_length = struct.unpack_from("<H", data, at + 26)[0]
    if data[at + 30: at + 30 + name_length] == entry:
        struct.pack_into("<I", data, at + 22, 1024)
    at += 4
at = 0
while True:
    at = data.find(b"PK\x01\x02", at)
    if at < 0:
        break
    name_length = struct.unpack_from("<H", data, at + 28)[0]
    if data[at + 46: at + 46 + name_length] == entry:
        struct.pack_into("<I", data, at + 24, 1024)
    at += 4
(target / "xlsx-zip-bomb-lying-size.xlsx").write_bytes(bytes(data))
print("written", sorted(p.name for p in target.glob("xlsx-*.xlsx")))
