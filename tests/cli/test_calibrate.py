#!/usr/bin/env python3
"""debtrisk calibrate against values worked out by hand and against the
independent reference implementation of MODEL.md section 11
(tests/ref/calibrate_ref.py). TAP output.

    python3 tests/cli/test_calibrate.py PATH/TO/debtrisk SOURCE_ROOT

1. Every hand-worked calibration of tests/data/history/ (NAME.BY.expected,
   derivations in its README.md): each row of the program's
   calibration.csv equals the exact expression, to 1e-10.
2. Every history of tests/data/history/, every grouping, and the sample
   city's history by type, city and county over three windows: the
   program's calibration.csv equals the reference's, value and se to 1e-9
   relative, n and status exactly, the same rows in the same order.
3. Synthetic histories (tests/ref/gen_history.py: 40 counties of three
   types, two without land, 12 years) in every grouping, the same.
4. Parameter recovery: 300 counties over 30 years drawn from known
   parameters; every estimate within 4 of its reported standard errors of
   the truth, but land.rho, whose jackknife over-corrects on 30-year
   series (tests/ref/CALIBRATION-NOTES.md), within 0.04.
5. Every bad history of tests/data/bad/HISTORY-CASES.md: exit 1, one line
   `debtrisk: FILE:LINE:COL: ...` at the place worked out there, holding
   its phrases, and the --out folder untouched.
6. model.ini runs: `debtrisk run --model OUT/model.ini` takes it as it is.
7. model.ini holds calibration.csv's values in force, and no lower section
   overrides an estimate.
8. models/calibrated.ini is the output of calibrate on the sample city.
9. calibration.md in both languages, its sections, every chart drawn and
   linked; exit 3 with the results kept when gnuplot fails.
"""

import csv
import filecmp
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

DR, ROOT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
sys.path.insert(0, os.path.join(ROOT, "tests", "ref"))
import test_calibrate_ref as hand  # noqa: E402  (its expected-file reader)

DATA = os.path.join(ROOT, "tests", "data", "history")
BAD = os.path.join(ROOT, "tests", "data", "bad")
SAMPLE = os.path.join(ROOT, "data", "sample-city")
FISCAL = os.path.join(SAMPLE, "fiscal.csv")
MODEL = os.path.join(ROOT, "models", "baseline.ini")
REF = os.path.join(ROOT, "tests", "ref", "calibrate_ref.py")
GEN = os.path.join(ROOT, "tests", "ref", "gen_history.py")
TMP = tempfile.mkdtemp(prefix="debtrisk-calibrate.")

n = 0
failed = 0


def result(ok, name, detail=""):
    global n, failed
    n += 1
    if not ok:
        failed += 1
    print("%s %d - %s" % ("ok" if ok else "not ok", n, name))
    if not ok and detail:
        for line in str(detail).splitlines()[:12]:
            print("# " + line)


def calibrate(history, fiscal, args, out=None):
    """Runs the program; returns (status, stderr, rows of calibration.csv)."""
    out = out or tempfile.mkdtemp(dir=TMP)
    shutil.rmtree(out, ignore_errors=True)
    p = subprocess.run([DR, "calibrate", "--history", history, "--fiscal",
                        fiscal, "--out", out, "--charts", "none"] + args,
                       capture_output=True, text=True)
    rows = None
    path = os.path.join(out, "calibration.csv")
    if p.returncode == 0 and os.path.exists(path):
        rows = list(csv.reader(open(path, encoding="utf-8")))
    return p.returncode, p.stderr, rows


def reference(history, fiscal, args):
    p = subprocess.run([sys.executable, REF, "--history", history, "--fiscal",
                        fiscal] + args, capture_output=True, text=True)
    if p.returncode != 0:
        return None, p.stderr
    return list(csv.reader(p.stdout.splitlines())), ""


def same_table(got, want):
    """Value and se to 1e-9 relative (1e-12 absolute), the rest exactly."""
    if got is None or want is None:
        return False, "no output"
    if len(got) != len(want):
        return False, "%d rows, the reference has %d" % (len(got), len(want))
    for g, w in zip(got, want):
        if g[:2] != w[:2] or g[4:] != w[4:]:
            return False, "row %s differs from %s" % (g, w)
        for k in (2, 3):
            if (g[k] == "") != (w[k] == ""):
                return False, "row %s: cell %d %r, reference %r" % (
                    g[:2], k, g[k], w[k])
            if g[k] and g[0] != "group":
                a, b = float(g[k]), float(w[k])
                if abs(a - b) > max(1e-9 * abs(b), 1e-12):
                    return False, "row %s: %r, reference %r" % (g[:2], a, b)
    return True, ""


# 1. hand-worked values
for name in sorted(os.listdir(DATA)):
    if not name.endswith(".expected") or ".innovations." in name:
        continue
    case = name.split(".")[0]
    args, header, rows = hand.read_expected(os.path.join(DATA, name))
    model = None
    extra = []
    i = 0
    while i < len(args):
        if args[i] == "--model":
            model = os.path.join(ROOT, args[i + 1])
            extra += ["--model", model]
            i += 2
        else:
            extra.append(args[i])
            i += 1
    rc, err, got = calibrate(os.path.join(DATA, case + ".csv"), FISCAL, extra)
    if got is None:
        result(False, "%s: calibrate runs" % name, err)
        continue
    table = {(r[0], r[1]): r for r in got[1:]}
    bad = []
    for kind, r in rows:
        if kind != "row":
            continue
        g = table.get((r[0], r[1]))
        if g is None:
            bad.append("no row %s,%s" % (r[0], r[1]))
            continue
        for col in range(2, 6):
            want = r[col]
            if col >= 4:
                if want != "*" and g[col] != want:
                    bad.append("%s,%s col %d: %s, by hand %s" % (
                        r[0], r[1], col, g[col], want))
            elif not hand.cell_ok(g[col], want,
                                  lambda grp, key=r[1]: table[(grp, key)],
                                  col):
                bad.append("%s,%s col %d: %s, by hand %s" % (
                    r[0], r[1], col, g[col], want))
    result(not bad, "%s: every row as worked by hand" % name, "\n".join(bad))

# 2. the reference, on every history fixture and the sample city
cases = []
for name in sorted(os.listdir(DATA)):
    if name.endswith(".csv"):
        case = name[:-4]
        ini = os.path.join(DATA, case + ".ini")
        model = ini if os.path.exists(ini) else MODEL
        for by in ("type", "city", "county"):
            cases.append(("%s --by %s" % (case, by), os.path.join(DATA, name),
                          FISCAL, ["--by", by, "--model", model]))
for by in ("type", "city", "county"):
    for window in ([], ["--from", "2016"], ["--from", "2015", "--to", "2021"]):
        cases.append(("sample city --by %s %s" % (by, " ".join(window)),
                      os.path.join(SAMPLE, "history.csv"), FISCAL,
                      ["--by", by, "--model", MODEL] + window))

# 3. synthetic histories
syn = os.path.join(TMP, "synthetic")
subprocess.run([sys.executable, GEN, "--out", syn, "--counties", "40",
                "--types", "3", "--years", "12", "--seed", "7",
                "--zero-land", "2", "--digits", "6"], check=True,
               capture_output=True)
for by in ("type", "city", "county"):
    cases.append(("synthetic 40 x 12 --by %s" % by,
                  os.path.join(syn, "history.csv"),
                  os.path.join(syn, "fiscal.csv"),
                  ["--by", by, "--model", MODEL]))

for name, history, fiscal, args in cases:
    rc, err, got = calibrate(history, fiscal, args)
    want, rerr = reference(history, fiscal, args)
    ok, why = same_table(got, want)
    result(ok, "%s: equals the reference" % name, why or err or rerr)

# 4. recovery
rec = os.path.join(TMP, "recovery")
subprocess.run([sys.executable, GEN, "--out", rec, "--counties", "300",
                "--types", "1", "--years", "30", "--seed", "1", "--params",
                os.path.join(ROOT, "tests", "ref", "gen_default.json")],
               check=True, capture_output=True)
truth = json.load(open(os.path.join(rec, "truth.json")))
tv = dict(next(iter(truth["types"].values())))
tv.update({("correlation", k): v for k, v in truth["correlation"].items()})
rc, err, got = calibrate(os.path.join(rec, "history.csv"),
                         os.path.join(rec, "fiscal.csv"), ["--by", "city"])
bad = []
for r in (got or [])[1:]:
    key = r[1] if r[0] == "defaults" else (r[0], r[1])
    if key not in tv or r[0] not in ("defaults", "correlation"):
        continue
    est, se = float(r[2]), float(r[3])
    if key == "land.rho":
        ok = abs(est - tv[key]) <= 0.04
    else:
        ok = abs(est - tv[key]) <= 4 * se
    if not ok:
        bad.append("%s: %.5f, truth %.5f, se %.5f" % (key, est, tv[key], se))
result(got is not None and not bad,
       "recovery: 300 counties x 30 years, every estimate near the truth",
       "\n".join(bad) or err)

# 5. bad histories
text = open(os.path.join(BAD, "HISTORY-CASES.md"), encoding="utf-8").read()
cases = re.findall(r"^\| (history_\w+\.csv) \| (\d+) \| (\d+) \| ([^|]*) \|",
                   text, re.M)
out = os.path.join(TMP, "kept")
subprocess.run([DR, "calibrate", "--data", SAMPLE, "--out", out, "--charts",
                "none"], check=True, capture_output=True)
before = os.path.join(TMP, "kept-before")
shutil.copytree(out, before)
for fixture, line, col, phrases in cases:
    path = os.path.join(BAD, fixture)
    p = subprocess.run([DR, "calibrate", "--history", path, "--fiscal",
                        FISCAL, "--out", out, "--charts", "none"],
                       capture_output=True, text=True)
    lines = p.stderr.splitlines()
    prefix = "debtrisk: %s:%s:%s: " % (path, line, col)
    why = []
    if p.returncode != 1:
        why.append("exit %d" % p.returncode)
    if len(lines) != 1 or not lines[0].startswith(prefix):
        why.append("stderr %r, expected %r..." % (p.stderr, prefix))
    for ph in phrases.split(";"):
        if ph.strip() and ph.strip().lower() not in p.stderr.lower():
            why.append("message lacks %r" % ph.strip())
    cmp = filecmp.dircmp(out, before)
    if cmp.diff_files or cmp.left_only or cmp.right_only:
        why.append("--out changed")
    result(not why, "%s: exit 1 at %s:%s, --out untouched" % (
        fixture, line, col), "\n".join(why))

# 6. model.ini runs as it is
mi = os.path.join(out, "model.ini")
p = subprocess.run([DR, "run", "--model", mi, "--paths", "200", "--charts",
                    "none", "--out", os.path.join(TMP, "run")],
                   capture_output=True, text=True)
result(os.path.exists(mi) and p.returncode == 0,
       "run --model OUT/model.ini takes the calibrated model", p.stderr)

# 7. model.ini holds the estimates in force: every row of calibration.csv
# that is not `kept` is the value of its key in its section, and with
# --by city (type) no [type.*] or [county.*] ([county.*]) section may
# override an estimate. The model given has [type.*] sections of its own.
import configparser  # noqa: E402
for by in ("city", "type", "county"):
    out = os.path.join(TMP, "model-" + by)
    rc, err, got = calibrate(os.path.join(SAMPLE, "history.csv"), FISCAL,
                             ["--by", by, "--from", "2016"], out)
    ini = configparser.ConfigParser(comment_prefixes=(";", "#"),
                                    inline_comment_prefixes=(" ;",))
    ini.optionxform = str
    bad = []
    try:
        ini.read(os.path.join(out, "model.ini"), encoding="utf-8")
    except configparser.Error as e:
        bad.append(str(e))
    for r in (got or [])[1:]:
        if r[5] == "kept":
            continue
        have = ini.get(r[0], r[1], fallback=None)
        if have is None or float(have) != float(r[2]):
            bad.append("[%s] %s = %s, calibration.csv %s" % (r[0], r[1], have,
                                                             r[2]))
    lower = {"city": ("type.", "county."), "type": ("county.",),
             "county": ()}[by]
    est = {r[1] for r in (got or [])[1:] if r[0] == "defaults" or
           r[0].startswith("type.")}
    for sec in ini.sections():
        if sec.startswith(lower):
            for key in ini[sec]:
                if key in est and (by == "city" or sec.startswith("county.")):
                    bad.append("[%s] %s overrides the estimate" % (sec, key))
    result(got is not None and not bad,
           "--by %s: model.ini holds calibration.csv's estimates in force" % by,
           "\n".join(bad[:10]) or err)

# 8. models/calibrated.ini is what calibrate gives on the sample city.
out = os.path.join(TMP, "shipped")
p = subprocess.run([DR, "calibrate", "--data", SAMPLE, "--by", "county",
                    "--from", "2016", "--out", out, "--charts", "none"],
                   capture_output=True, text=True)
shipped = os.path.join(ROOT, "models", "calibrated.ini")
same = p.returncode == 0 and filecmp.cmp(os.path.join(out, "model.ini"),
                                         shipped, shallow=False)
result(same, "models/calibrated.ini equals calibrate --data data/sample-city "
       "--by county --from 2016, byte for byte", p.stderr)

# 9. The report and the charts: calibration.md in both languages, with
# its sections and every county's chart; without gnuplot the results stay
# and the exit status is 3.
for lang, words in (("en", ["## In brief", "## Estimates", "## Warnings",
                             "## Method", "structural break"]),
                    ("zh", ["## 要点", "## 估计值", "## 提示", "## 方法"])):
    out = os.path.join(TMP, "report-" + lang)
    p = subprocess.run([DR, "calibrate", "--data", SAMPLE, "--by", "county",
                        "--lang", lang, "--out", out], capture_output=True,
                       text=True)
    md = os.path.join(out, "calibration.md")
    text = open(md, encoding="utf-8").read() if os.path.exists(md) else ""
    missing = [w for w in words if w not in text]
    pics = ["calib_%s.png" % r["county_id"]
            for r in csv.DictReader(open(FISCAL, encoding="utf-8-sig"))]
    pics += ["calib_correlation.png", "calib_shrinkage.png"]
    absent = [x for x in pics
              if not os.path.exists(os.path.join(out, "charts", x))]
    unlinked = [x for x in pics if "charts/" + x not in text]
    result(p.returncode == 0 and not missing and not absent and not unlinked,
           "--lang %s: calibration.md with its sections, every chart drawn "
           "and linked" % lang,
           "%s missing %s absent %s unlinked %s" % (p.stderr, missing, absent,
                                                   unlinked))
out = os.path.join(TMP, "nognuplot")
env = dict(os.environ, GNUPLOT="/bin/false")
p = subprocess.run([DR, "calibrate", "--data", SAMPLE, "--out", out],
                   capture_output=True, text=True, env=env)
result(p.returncode == 3 and "gnuplot" in p.stderr and
       os.path.exists(os.path.join(out, "model.ini")) and
       os.path.exists(os.path.join(out, "calibration.md")),
       "gnuplot failing: exit 3, model.ini and calibration.md kept", p.stderr)

shutil.rmtree(TMP, ignore_errors=True)
print("1..%d" % n)
sys.exit(1 if failed else 0)
