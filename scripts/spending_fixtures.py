#!/usr/bin/env python3
"""Writes the spending test fixtures (tests/fixtures/spending/): the same rows as CSV (money as
"1,234,567.89" text, Buddhist-era dates) and as XLSX (numbers and a real date cell, the way a
GFMIS export opened in Excel looks). Standard library only. Run from the repository root.

Only the province totals of the year-end file are the seed's (Lampang, FY2560: allocated
274,504,700.00; disbursed 221,286,706.85 = 80.61 %; committed 8,695,744.26); the split over
units and budget types is constructed, and the last row takes the remainder so the sums are
exact. The 30 June file is constructed too.

`spending_fixtures.py --rows N FILE` instead writes one large CSV of N rows (N/2 units, each
with both budget types), for measuring an import: `clinic spending import FILE`.
"""
import sys
import zipfile
from decimal import Decimal as D

HEAD = ["หน่วยงาน", "ประเภทงบประมาณ", "งบประมาณที่ได้รับจัดสรร", "เบิกจ่าย", "ผูกพัน (PO)", "ข้อมูล ณ วันที่"]
TITLE = "รายงานผลการเบิกจ่ายงบประมาณ จังหวัดลำปาง (ข้อมูลจาก GFMIS)"

# (unit, budget type, allocated, disbursed at 30 Sep 2560, committed at 30 Sep, disbursed at 30 Jun)
ROWS = [
    ("สำนักงานจังหวัดลำปาง", "งบประจำ", "10000000.00", "9950000.00", "0.00", "7900000.00"),
    ("สำนักงานจังหวัดลำปาง", "งบลงทุน", "32500000.00", "30400000.00", "950000.00", "23000000.00"),
    ("สำนักงานโยธาธิการและผังเมืองจังหวัดลำปาง", "งบลงทุน", "58700000.00", "40155000.00", "3200000.00", "21000000.00"),
    ("แขวงทางหลวงชนบทลำปาง", "งบลงทุน", "41250000.00", "29340000.00", "1800000.00", "19500000.00"),
    ("สำนักงานเกษตรจังหวัดลำปาง", "งบประจำ", "6300000.00", "6210000.00", "0.00", "4900000.00"),
    ("สำนักงานเกษตรจังหวัดลำปาง", "งบลงทุน", "14800000.00", "12950000.00", "420000.00", "9800000.00"),
    ("สำนักงานพัฒนาชุมชนจังหวัดลำปาง", "งบประจำ", "8900000.00", "8790000.00", "0.00", "6950000.00"),
    ("สำนักงานการท่องเที่ยวและกีฬาจังหวัดลำปาง", "งบประจำ", "5400000.00", "4650000.00", "120000.00", "3100000.00"),
    ("สำนักงานการท่องเที่ยวและกีฬาจังหวัดลำปาง", "งบลงทุน", "18600000.00", "13900000.00", "850000.00", "8700000.00"),
    ("สำนักงานทรัพยากรธรรมชาติและสิ่งแวดล้อมจังหวัดลำปาง", "งบลงทุน", "16200000.00", "13850000.00", "300000.00", "10900000.00"),
    ("สำนักงานพาณิชย์จังหวัดลำปาง", "งบประจำ", "4600000.00", "4530000.00", "0.00", "3600000.00"),
    ("สำนักงานแรงงานจังหวัดลำปาง", "งบประจำ", "3900000.00", "3720000.00", "45000.00", "2850000.00"),
    ("สำนักงานสาธารณสุขจังหวัดลำปาง", "งบลงทุน", "22400000.00", "18870000.00", "610000.00", "12100000.00"),
    ("สำนักงานวัฒนธรรมจังหวัดลำปาง", "งบประจำ", "4100000.00", "4060000.00", "0.00", "3250000.00"),
    ("สำนักงานป้องกันและบรรเทาสาธารณภัยจังหวัดลำปาง", "งบลงทุน", "12300000.00", "9100000.00", "250000.00", "6400000.00"),
    ("สำนักงานปศุสัตว์จังหวัดลำปาง", "งบลงทุน", None, None, None, "3900000.00"),
]
ALLOCATED, DISBURSED, COMMITTED = D("274504700.00"), D("221286706.85"), D("8695744.26")


def rows():
    done = [r for r in ROWS if r[2] is not None]
    last = ROWS[-1]
    rest = (
        ALLOCATED - sum(D(r[2]) for r in done),
        DISBURSED - sum(D(r[3]) for r in done),
        COMMITTED - sum(D(r[4]) for r in done),
    )
    out = [(u, t, D(a), D(d), D(c), D(j)) for (u, t, a, d, c, j) in done]
    out.append((last[0], last[1], rest[0], rest[1], rest[2], D(last[5])))
    assert all(d + c <= a for (_, _, a, d, c, _) in out), "disbursed + committed over allocation"
    assert all(j <= d for (_, _, _, d, _, j) in out), "30 June above 30 September"
    return out


def grouped(x):
    return f"{x:,.2f}"


def write_csv(path, when_be, figures):
    lines = [TITLE, ",".join(HEAD)]
    for unit, kind, allocated, disbursed, committed in figures:
        money = [f'"{grouped(v)}"' for v in (allocated, disbursed, committed)]
        lines.append(",".join([unit, kind, *money, when_be]))
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("\ufeff" + "\r\n".join(lines) + "\r\n")


def cell(ref, value, date=False):
    if isinstance(value, str):
        text = value.replace("&", "&amp;").replace("<", "&lt;")
        return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'
    style = ' s="1"' if date else ""
    return f'<c r="{ref}"{style}><v>{value}</v></c>'


def write_xlsx(path, serial_date, figures):
    cols = "ABCDEF"
    sheet = [f'<row r="1">{cell("A1", TITLE)}</row>']
    sheet.append('<row r="2">' + "".join(cell(f"{cols[i]}2", h) for i, h in enumerate(HEAD)) + "</row>")
    for n, (unit, kind, allocated, disbursed, committed) in enumerate(figures, start=3):
        values = [unit, kind, str(allocated), str(disbursed), str(committed)]
        cells = "".join(cell(f"{cols[i]}{n}", v if i < 2 else D(v)) for i, v in enumerate(values))
        sheet.append(f'<row r="{n}">{cells}{cell(f"F{n}", serial_date, date=True)}</row>')
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="GFMIS" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
        "xl/styles.xml": '<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>',
        "xl/worksheets/sheet1.xml": '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' + "".join(sheet) + "</sheetData></worksheet>",
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            # A fixed timestamp keeps the file byte-identical across runs.
            info = zipfile.ZipInfo(name, date_time=(2017, 9, 30, 0, 0, 0))
            z.writestr(info, text, compress_type=zipfile.ZIP_DEFLATED)


def write_large(n, path):
    figures = []
    for i in range(n):
        unit = f"หน่วยงานทดสอบ {i // 2:07d} จังหวัดลำปาง"
        kind = "งบประจำ" if i % 2 == 0 else "งบลงทุน"
        allocated = D(1_000_000 + i)
        figures.append((unit, kind, allocated, allocated * D("0.6"), allocated * D("0.1")))
    write_csv(path, "30/09/2560", figures)


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--rows":
        write_large(int(sys.argv[2]), sys.argv[3])
        return
    out = "tests/fixtures/spending/"
    all_rows = rows()
    year_end = [(u, t, a, d, c) for (u, t, a, d, c, _) in all_rows]
    # At 30 June nothing is committed in the file; disbursement is the constructed mid-year figure.
    june = [(u, t, a, j, D(0)) for (u, t, a, _, _, j) in all_rows]
    write_csv(out + "lampang-2560-09-30.csv", "30/09/2560", year_end)
    write_xlsx(out + "lampang-2560-09-30.xlsx", 43008, year_end)  # 2017-09-30
    write_csv(out + "lampang-2560-06-30.csv", "30 มิ.ย. 2560", june)
    print("totals:", sum(r[2] for r in year_end), sum(r[3] for r in year_end), sum(r[4] for r in year_end))


main()
