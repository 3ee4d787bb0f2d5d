#!/usr/bin/python3
"""The office formats (--report html,pptx,xlsx) of run, batch, sensitivity,
solve and plot, read back with independent readers. TAP output.

    /usr/bin/python3 tests/cli/test_office.py PATH/TO/debtrisk SOURCE_ROOT

Needs openpyxl (Debian python3-openpyxl) and pandoc; a check that needs a
missing one is skipped.

1. The workbook: every CSV of the folder is a sheet with exactly its
   numbers (each cell the double the CSV text reads as), its text as text,
   blanks blank, inf as a text cell with a note; the overview lists the
   counties riskiest first with summary.csv's values, each ratio filled by
   its grade (worked out here from the bounds in model.ini) and bold when
   at or above the warning line; the header is frozen; the settings sheet
   holds run.ini. Headers in the language of --lang.
2. The deck: 16:9, the East Asian font in its theme, the slides and
   pictures listed for the run (title, in brief, ranking, heat map,
   grades, counties above, city, three riskiest fans, method), Chinese
   text with --lang zh.
3. The HTML: one file, every picture embedded, no link to charts/, a
   county called <script>...</script> shown as text.
4. batch: review.xlsx with the comparison matrix equal to compare.csv and
   a colour scale; sensitivity and solve workbooks equal to their CSVs.
5. pandoc missing: exit 3, the message names pandoc and how to install
   it, the results kept. plot OUTDIR --report all makes every format
   again, for a run, a batch and a solve folder. A number column that is
   not a number in a received folder: exit 1 naming file, line, column.
"""

import csv
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

DR, ROOT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
TMP = tempfile.mkdtemp(prefix="debtrisk-office.")
n = 0
failed = 0

try:
    import openpyxl
except ImportError:
    openpyxl = None
HAVE_PANDOC = shutil.which("pandoc") is not None


def result(ok, name, detail=""):
    global n, failed
    n += 1
    failed += not ok
    print("%s %d - %s" % ("ok" if ok else "not ok", n, name))
    if not ok and detail:
        for line in str(detail).splitlines()[:12]:
            print("# " + line)


def skip(name, why):
    global n
    n += 1
    print("ok %d - %s # SKIP %s" % (n, name, why))


def dr(args, out=None, env=None):
    if out:
        shutil.rmtree(out, ignore_errors=True)
        args = args + ["--out", out]
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run([DR] + args, capture_output=True, text=True, env=e)


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


# Which CSV columns hold text (ids, names, labels): the rest are numbers.
TEXT = {"scenario", "county_id", "name", "type", "measure", "parameter",
        "low", "high", "group", "key", "status", "variable", "family",
        "lever", "target"}


def same(got, want):
    """The workbook holds numbers to 16 significant digits (the format of
    libxlsxwriter; Excel itself shows 15): equal within a unit of the 16th
    digit."""
    return got == want or abs(got - want) <= 1e-15 * abs(want)


def sheet_matches_csv(ws, path):
    """Every cell of the sheet below the header equals the CSV's."""
    header, rows = read_csv(path)
    cells = list(ws.iter_rows(min_row=2, values_only=True))
    if len(cells) != len(rows):
        return False, "%d rows, CSV %d" % (len(cells), len(rows))
    for r, (got, want) in enumerate(zip(cells, rows)):
        for k, col in enumerate(header):
            g, w = got[k] if k < len(got) else None, want[k]
            if w == "":
                ok = g is None
            elif col in TEXT:
                ok = g == w
            elif w in ("inf", "-inf", "nan"):
                ok = g == w
            else:
                ok = isinstance(g, (int, float)) and not isinstance(g, bool) \
                    and same(g, float(w))
            if not ok:
                return False, "row %d %s: sheet %r, CSV %r" % (r + 2, col,
                                                             g, w)
    return True, ""


def model_bounds(folder):
    """warning line and grade bounds from model.ini, read here."""
    text = open(os.path.join(folder, "model.ini"), encoding="utf-8").read()
    sec = re.search(r"\[thresholds\](.*?)(\n\[|\Z)", text, re.S)
    vals = dict(re.findall(r"^\s*(\w+)\s*=\s*([^;#\n]+)", sec.group(1),
                           re.M))
    grades = [float(g) for g in vals["grades"].split(",")]
    return float(vals["warning"]), grades


FILL = ["C6EFCE", "FFEB9C", "F8CBAD", "FFC7CE"]


def grade_fill(v, bounds):
    g = 0
    while g < 3 and not v < bounds[g]:
        g += 1
    return FILL[g]


def pptx_parts(path):
    z = zipfile.ZipFile(path)
    names = z.namelist()
    slides = sorted((x for x in names
                     if re.fullmatch(r"ppt/slides/slide\d+\.xml", x)),
                    key=lambda x: int(re.search(r"(\d+)", x).group(1)))
    return z, names, slides


def slide_texts(z, slides):
    out = []
    for s in slides:
        xml = z.read(s).decode("utf-8")
        out.append("".join(re.findall(r"<a:t>([^<]*)</a:t>", xml)))
    return out


# ---------------------------------------------------------------------
run = os.path.join(TMP, "run")
p = dr(["run", "--paths", "400", "--report", "all"], out=run)
result(p.returncode == 0, "run --report all succeeds", p.stderr)
made = [f for f in ("report.md", "report.html", "briefing.pptx",
                    "results.xlsx") if os.path.exists(os.path.join(run, f))]
result(len(made) == 4, "run --report all writes report.md, report.html, "
       "briefing.pptx and results.xlsx", made)
left = [f for f in os.listdir(run) if f.endswith(".tmp") or
        f.startswith(".briefing")]
result(not left, "no temporary file or deck source is left", left)

if openpyxl:
    wb = openpyxl.load_workbook(os.path.join(run, "results.xlsx"))
    want = ["Overview", "summary", "ratios", "grades", "city", "city_counts",
            "Settings", "Model"]
    result(wb.sheetnames == want, "results.xlsx has the overview, a sheet "
           "per CSV and the settings", wb.sheetnames)
    for s in ["summary", "ratios", "grades", "city", "city_counts"]:
        ok, why = sheet_matches_csv(wb[s], os.path.join(run, s + ".csv"))
        result(ok, "sheet %s holds the numbers of %s.csv" % (s, s),
               why)
    ws = wb["summary"]
    result(ws.freeze_panes == "A2" and ws["A1"].value == "Scenario" and
           ws["I1"].value == "P(breach by the horizon)",
           "a CSV sheet has its English header frozen",
           (ws.freeze_panes, ws["A1"].value, ws["I1"].value))
    result(ws["I2"].number_format == "0.0%" and
           ws["E2"].number_format == "0.0%",
           "probabilities and ratios are shown as percentages",
           ws["I2"].number_format)
    # the overview: ranked by p_breach_end (then the median), fills by grade
    header, rows = read_csv(os.path.join(run, "summary.csv"))
    h = {c: i for i, c in enumerate(header)}
    rows.sort(key=lambda r: (-float(r[h["p_breach_end"]]),
                             -float(r[h["broad_p50_end"]])))
    warning, bounds = model_bounds(run)
    ov = wb["Overview"]
    top = 5  # title, run, legend, blank, header
    names_ok = all(ov.cell(top + 1 + k, 2).value == r[h["name"]]
                   for k, r in enumerate(rows))
    result(names_ok, "the overview lists the counties riskiest first",
           [ov.cell(top + 1 + k, 2).value for k in range(len(rows))])
    vals_ok, fills_ok, bold_ok, why = True, True, True, ""
    for k, r in enumerate(rows):
        for col, name in ((5, "broad_base"), (6, "broad_p50_end"),
                          (7, "broad_p10_end"), (8, "broad_p90_end")):
            c = ov.cell(top + 1 + k, col)
            v = float(r[h[name]])
            vals_ok &= same(c.value, v)
            fill = (c.fill.fgColor.rgb or "")[-6:]
            if fill != grade_fill(v, bounds):
                fills_ok = False
                why = "%s %s %r: fill %s" % (r[h["name"]], name, v, fill)
            bold_ok &= bool(c.font.b) == (v > warning)
        vals_ok &= same(ov.cell(top + 1 + k, 9).value,
                        float(r[h["p_breach_end"]]))
    result(vals_ok, "the overview's numbers are summary.csv's")
    result(fills_ok, "each ratio is filled by its grade (bounds of "
           "model.ini)", why)
    result(bold_ok, "ratios above the warning line are bold")
    result(ov.freeze_panes == "C6", "the overview's header and names are "
           "frozen", ov.freeze_panes)
    settings = [tuple(r) for r in wb["Settings"].iter_rows(values_only=True)]
    result(("run", "paths", "400") in settings and
           ("run", "seed", "20241231") in settings,
           "the settings sheet holds run.ini", settings[:6])
else:
    skip("results.xlsx read back", "no openpyxl")

if os.path.exists(os.path.join(run, "briefing.pptx")):
    z, names, slides = pptx_parts(os.path.join(run, "briefing.pptx"))
    pres = z.read("ppt/presentation.xml").decode()
    m = re.search(r'<p:sldSz cx="(\d+)" cy="(\d+)"', pres)
    result(m and abs(int(m.group(1)) / int(m.group(2)) - 16 / 9) < 1e-3,
           "the deck is 16:9", m and m.groups())
    theme = z.read("ppt/theme/theme1.xml").decode()
    result('<a:ea typeface="Noto Sans CJK SC"/>' in theme and
           'script="Hans" typeface="Microsoft YaHei"' in theme,
           "its theme sets the East Asian font (Noto Sans CJK SC, Microsoft "
           "YaHei for Simplified Chinese)")
    texts = slide_texts(z, slides)
    want = ["Debt risk briefing", "In brief", "Probability of a breach by",
            "Probability above the line", "Grades in", "Counties above the "
            "line", "The city"]
    order_ok = len(texts) == 11 and all(w in t for w, t in zip(want, texts))
    result(order_ok, "11 slides: title, in brief, ranking, heat map, grades, "
           "counties above, city, three counties, method",
           [t[:40] for t in texts])
    # the three riskiest counties by summary.csv
    _, rows = read_csv(os.path.join(run, "summary.csv"))
    rows.sort(key=lambda r: (-float(r[8]), -float(r[5])))
    result(len(texts) == 11 and all(rows[k][2] in texts[7 + k]
                                    for k in range(3)) and
           "Method" in texts[10],
           "slides 8-10 are the three riskiest counties, then the method",
           [t[:30] for t in texts[7:]])
    media = [x for x in names if x.startswith("ppt/media/")]
    result(len(media) == 8, "eight pictures: the charts of the slides", media)
else:
    skip("briefing.pptx read back", "no deck")

html = os.path.join(run, "report.html")
if os.path.exists(html):
    text = open(html, encoding="utf-8").read()
    imgs = re.findall(r'<img[^>]*src="([^"]*)"', text)
    result(len(imgs) >= 5 and all(s.startswith("data:image/png;base64,")
                                  for s in imgs),
           "report.html embeds every picture", [s[:30] for s in imgs])
    result('src="charts/' not in text and "@media print" in text,
           "it links to no file and carries the print stylesheet")

# Chinese deck and workbook
zh = os.path.join(TMP, "zh")
p = dr(["run", "--paths", "200", "--report", "pptx,xlsx", "--lang", "zh"],
       out=zh)
result(p.returncode == 0 and not os.path.exists(os.path.join(zh,
                                                             "report.html")),
       "--report pptx,xlsx makes those two (and report.md) only",
       p.stderr)
if p.returncode == 0 and HAVE_PANDOC:
    z, names, slides = pptx_parts(os.path.join(zh, "briefing.pptx"))
    texts = slide_texts(z, slides)
    result("债务风险简报" in texts[0] and "要点" in texts[1] and
           "方法说明" in texts[-1], "with --lang zh the slides are in Chinese",
           [t[:20] for t in texts])
if openpyxl and p.returncode == 0:
    wb = openpyxl.load_workbook(os.path.join(zh, "results.xlsx"))
    result(wb.sheetnames[0] == "概览" and
           wb["summary"]["I1"].value == "期内突破概率",
           "and the workbook's headers", wb.sheetnames)

# text from inputs stays text
xss = os.path.join(TMP, "xss-data")
shutil.copytree(os.path.join(ROOT, "data", "sample-city"), xss)
fp = os.path.join(xss, "fiscal.csv")
body = open(fp, encoding="utf-8").read().replace(
    "社旗县", "<script>alert(1)</script>")
open(fp, "w", encoding="utf-8").write(body)
xo = os.path.join(TMP, "xss")
p = dr(["run", "--data", xss, "--paths", "200", "--report", "html"], out=xo)
if p.returncode == 0:
    text = open(os.path.join(xo, "report.html"), encoding="utf-8").read()
    result("<script>alert" not in text and
           "&lt;script&gt;alert(1)&lt;/script&gt;" in text,
           "a county called <script>...</script> shows as text in the HTML")
else:
    result(False, "a run with a county called <script>", p.stderr)

# ---------------------------------------------------------------------
bt = os.path.join(TMP, "batch")
sc = [os.path.join(ROOT, "models", "scenarios", s + ".ini")
      for s in ("land-slump", "debt-swap")]
p = dr(["batch", "--paths", "300", "--report", "xlsx,pptx"] + sc, out=bt)
result(p.returncode == 0 and os.path.exists(os.path.join(bt, "review.xlsx"))
       and os.path.exists(os.path.join(bt, "briefing.pptx")),
       "batch --report xlsx,pptx writes review.xlsx and briefing.pptx",
       p.stderr)
if openpyxl and p.returncode == 0:
    wb = openpyxl.load_workbook(os.path.join(bt, "review.xlsx"))
    ok, why = sheet_matches_csv(wb["compare"], os.path.join(bt,
                                                            "compare.csv"))
    result(ok, "review.xlsx's compare sheet is compare.csv", why)
    header, rows = read_csv(os.path.join(bt, "compare.csv"))
    h = {c: i for i, c in enumerate(header)}
    cmp_ws = wb["Comparison"]
    by = {(r[h["scenario"]], r[h["name"]]): r for r in rows}
    ok, why = True, ""
    for row in cmp_ws.iter_rows(min_row=5, values_only=True):
        name = row[0]
        key = "city" if name == "City (all counties)" else name
        base = by.get(("baseline", key))
        ls = by.get(("land-slump", key))
        if not base or not ls:
            ok, why = False, "no row for %r" % name
            break
        if not (same(row[1], float(base[h["p_breach_end"]])) and
                same(row[2], float(ls[h["p_breach_delta"]])) and
                same(row[3], float(ls[h["p_breach_delta_se"]]))):
            ok, why = False, "%s: %r" % (name, row[:4])
    result(ok, "the comparison matrix holds compare.csv's probabilities, "
           "changes and standard errors", why)
    cf = cmp_ws.conditional_formatting
    scales = [r for rng in cf for r in rng.rules if r.type == "colorScale"]
    result(len(scales) == 2, "a colour scale on each scenario's changes",
           len(scales))
    result(["summary_baseline", "summary_land-slump", "summary_debt-swap"] ==
           [s for s in wb.sheetnames if s.startswith("summary_")],
           "and each scenario's summary", wb.sheetnames)

se = os.path.join(TMP, "sens")
p = dr(["sensitivity", "--paths", "200", "--report", "xlsx",
        "--param", "defaults.land.mu=-0.1:0.0",
        "--param", "defaults.growth.mu=0.02:0.06"],
       out=se)
result(p.returncode == 0, "sensitivity --report xlsx", p.stderr)
if openpyxl and p.returncode == 0:
    wb = openpyxl.load_workbook(os.path.join(se, "results.xlsx"))
    ok, why = sheet_matches_csv(wb["sensitivity"],
                                os.path.join(se, "sensitivity.csv"))
    result(ok and wb.sheetnames[0] == "Drivers",
           "its workbook opens on the ranking, sensitivity.csv in a sheet",
           why or wb.sheetnames)

so = os.path.join(TMP, "solve")
p = dr(["solve", "--paths", "200", "--lever", "spending", "--target",
        "p_breach_end<=0.5", "--report", "all"], out=so)
result(p.returncode == 0 and all(os.path.exists(os.path.join(so, f)) for f in
                                 ("solve.xlsx", "report.html",
                                  "briefing.pptx")),
       "solve --report all writes solve.xlsx, report.html, briefing.pptx",
       p.stderr)
if openpyxl and p.returncode == 0:
    wb = openpyxl.load_workbook(os.path.join(so, "solve.xlsx"))
    ok, why = sheet_matches_csv(wb["solve"], os.path.join(so, "solve.csv"))
    result(ok, "solve.xlsx's solve sheet is solve.csv", why)
    header, rows = read_csv(os.path.join(so, "solve.csv"))
    eff = wb["Effort"]
    got = [eff.cell(5 + k, 3).value for k in range(len(rows))]
    result(all(same(g, float(r[3])) for g, r in zip(got, rows)) and
           eff.cell(5, 3).number_format == "0.00%",
           "the effort sheet shows each value needed as a percentage", got)

# ---------------------------------------------------------------------
miss = os.path.join(TMP, "nopandoc")
p = dr(["run", "--paths", "200", "--report", "all"], out=miss,
       env={"PANDOC": "/nonexistent/pandoc"})
result(p.returncode == 3 and "pandoc" in p.stderr and
       "apt-get install pandoc" in p.stderr,
       "pandoc missing: exit 3 naming pandoc and how to install it",
       p.stderr)
result(os.path.exists(os.path.join(miss, "summary.csv")) and
       os.path.exists(os.path.join(miss, "results.xlsx")) and
       not os.path.exists(os.path.join(miss, "report.html")),
       "and the results and the workbook are kept")

for folder, files in ((run, ("report.html", "briefing.pptx", "results.xlsx")),
                      (bt, ("report.html", "briefing.pptx", "review.xlsx")),
                      (so, ("report.html", "briefing.pptx", "solve.xlsx"))):
    if not os.path.isdir(folder):
        continue
    for f in files:
        if os.path.exists(os.path.join(folder, f)):
            os.remove(os.path.join(folder, f))
    p = dr(["plot", folder, "--report", "all"])
    back = [f for f in files if os.path.exists(os.path.join(folder, f))]
    result(p.returncode == 0 and len(back) == 3,
           "plot %s --report all makes every format again" %
           os.path.basename(folder), p.stderr or back)

# a received deterministic folder whose projection.csv was edited
det = os.path.join(TMP, "det")
p = dr(["run", "--deterministic"], out=det)
pj = os.path.join(det, "projection.csv")
lines = open(pj, encoding="utf-8").read().split("\n")
cells = lines[3].split(",")
cells[4] = "12x"
lines[3] = ",".join(cells)
open(pj, "w", encoding="utf-8").write("\n".join(lines))
p = dr(["plot", det, "--report", "xlsx"])
col = len(",".join(cells[:4])) + 2
result(p.returncode == 1 and
       ("projection.csv:4:%d: own_revenue: expected a number, found '12x'" %
        col) in p.stderr and
       not os.path.exists(os.path.join(det, "results.xlsx")),
       "a number column holding text: exit 1 at its file, line and column, "
       "no workbook", p.stderr)

p = dr(["run", "--report", "docx"], out=os.path.join(TMP, "bad"))
result(p.returncode == 2 and "--report" in p.stderr,
       "--report docx is a usage error", p.stderr)

shutil.rmtree(TMP, ignore_errors=True)
print("1..%d" % n)
sys.exit(1 if failed else 0)
