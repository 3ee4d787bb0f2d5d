#!/usr/bin/env python3
"""debtrisk backtest against independent computations. TAP output.

    python3 tests/cli/test_backtest.py PATH/TO/debtrisk SOURCE_ROOT

The calibration at each origin comes from tests/ref/calibrate_ref.py, the
year step from tests/ref/ref_model.py, the synthetic histories from
tests/ref/gen_history.py; nothing here is taken from the program's output.

1. The whole chain with every shock switched off (all four sigmas, the rate
   shock and contingent calls 0, set after calibration): every path is the
   reference's deterministic projection from the history's origin year
   under the reference's calibration, so p10 = p50 = p90 = that value to
   1e-9, the PIT is exactly 1 or 0 as the realized value lies above or
   below it, and the realized values are the history's (cfr and broad
   worked out from its columns).
2. PIT under bootstrap shocks, one county: the first projected year takes
   one of m values, one per bootstrap year (the reference's year step under
   that year's innovations, from the reference's calibration on the years
   up to the origin), each with probability 1/m; the PIT of the realized
   value is the share of those below it, within Monte Carlo error.
3. Coverage on histories drawn from the model itself (gen_history.py, no
   persistence, independent counties), rolling origins 2010-2018 of four
   histories pooled: the 10-90% band holds 80% of GDP, own revenue and
   transfer outcomes and the 5-95% band 90%, within 8 points (the outcomes
   of a county are correlated over the years and a calibration error is
   shared by a type's counties, so the effective sample is far smaller
   than the count). Land revenue starts from the origin year's level as if
   it were on its trend (MODEL.md section 3), so a history whose land
   shocks do not persist puts twice the model's variance on the log change
   and its 10-90% band holds 2 Phi(1.2816 / sqrt 2) - 1 = 63.5%: within 7
   points of that.
4. A rolling backtest of the sample city with three families: every origin,
   year, variable and family has its row, the report compares the families
   side by side and names the best, the charts are drawn, and the CSV is
   the same bytes for one and two threads.
5. Usage and input errors: exit 2 or 1, a message naming the flag or the
   file, the previous results untouched.
"""

import csv
import math
import os
import shutil
import subprocess
import sys
import tempfile

DR, ROOT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
sys.path.insert(0, os.path.join(ROOT, "tests", "ref"))
import calibrate_ref  # noqa: E402
import ref_model  # noqa: E402

SAMPLE = os.path.join(ROOT, "data", "sample-city")
MODEL = os.path.join(ROOT, "models", "baseline.ini")
GEN = os.path.join(ROOT, "tests", "ref", "gen_history.py")
TMP = tempfile.mkdtemp(prefix="debtrisk-backtest.")
VARS = ["gdp", "own_revenue", "transfers", "land_revenue", "cfr", "broad"]
SIGMAS = ["defaults.growth.sigma=0", "defaults.own_revenue.sigma=0",
          "defaults.land.sigma=0", "defaults.transfers.sigma=0"]
QUIET = ["rates.sigma=0", "defaults.contingent.prob=0"]
HISTORY_COLS = ["gdp", "own_revenue", "transfers", "land_revenue",
                "primary_spending", "explicit_debt", "hidden_debt",
                "other_fund_revenue", "soe_revenue", "remittance",
                "contingent"]

n = 0
failed = 0


def result(ok, name, detail=""):
    global n, failed
    n += 1
    failed += not ok
    print("%s %d - %s" % ("ok" if ok else "not ok", n, name))
    if not ok and detail:
        for line in str(detail).splitlines()[:12]:
            print("# " + line)


def backtest(args, out, charts="none"):
    shutil.rmtree(out, ignore_errors=True)
    return subprocess.run([DR, "backtest", "--charts", charts, "--out", out]
                          + args, capture_output=True, text=True)


def sets(assignments):
    out = []
    for a in assignments:
        out += ["--set", a]
    return out


def rows_of(out):
    return list(csv.DictReader(open(os.path.join(out, "backtest.csv"),
                                    encoding="utf-8")))


def read_history(path):
    """{(county, year): {column: float}} (absent optional columns 0)."""
    out = {}
    for r in csv.DictReader(open(path, encoding="utf-8")):
        out[(r["county_id"], int(r["year"]))] = {
            k: float(r[k]) if r.get(k) not in (None, "") else 0.0
            for k in HISTORY_COLS}
    return out


def truncated(path, last, name):
    """The history's years up to `last`, as a file of its own."""
    lines = open(path, encoding="utf-8").read().splitlines()
    keep = [lines[0]] + [l for l in lines[1:]
                         if int(l.split(",")[1]) <= last]
    dest = os.path.join(TMP, name)
    open(dest, "w", encoding="utf-8").write("\n".join(keep) + "\n")
    return dest


def calibrated_model(history, fiscal, by, origin, assignments):
    """The reference model: the baseline with the reference's estimates on
    the history's years up to the origin (MODEL.md section 11: an
    estimated key leaves every section below its grouping), then the
    assignments, the origin as base year."""
    model = ref_model.load_model(MODEL)
    out, _ = calibrate_ref.calibrate(history, fiscal, by, None, origin,
                                     MODEL, warn=None)
    estimated = set()
    for group, key, value, _se, _n, _status in out:
        if group in ("correlation", "common", "defaults"):
            model.set(group, key, value, "calibration")
        else:  # type.LABEL or county.ID
            model.set(group, key, value, "calibration")
        if group not in ("correlation", "common"):
            estimated.add(key)
    for key in estimated:
        if by == "city":
            for t in model.types.values():
                t.pop(key, None)
        for c in model.counties.values():
            if by != "county":
                c.pop(key, None)
    for a in assignments:
        model.set_dotted(a, "--set")
    model.set("run", "base_year", str(origin), "--origin")
    return model


def base_counties(fiscal, hist, origin):
    counties = ref_model.read_fiscal(fiscal)
    for c in counties:
        c.update(hist[(c["id"], origin)])
    return counties


def realized(h):
    cfr = (h["own_revenue"] + h["transfers"] + h["land_revenue"] +
           h["other_fund_revenue"] + h["soe_revenue"] - h["remittance"])
    return {"gdp": h["gdp"], "own_revenue": h["own_revenue"],
            "transfers": h["transfers"], "land_revenue": h["land_revenue"],
            "cfr": cfr, "broad": (h["explicit_debt"] + h["hidden_debt"]) / cfr}


def close(a, b, tol=1e-9):
    return abs(a - b) <= tol * max(1.0, abs(b))


# 1. the whole chain, every shock off --------------------------------------
hist_path = os.path.join(SAMPLE, "history.csv")
fiscal_path = os.path.join(SAMPLE, "fiscal.csv")
hist = read_history(hist_path)
O, H = 2019, 3
quiet = SIGMAS + QUIET
out = os.path.join(TMP, "still")
p = backtest(["--data", SAMPLE, "--origin", str(O), "--horizon", str(H),
              "--by", "city", "--paths", "50"] + sets(quiet), out)
ok_run = p.returncode == 0
result(ok_run, "a backtest with every shock off runs", p.stderr)
if ok_run:
    model = calibrated_model(hist_path, fiscal_path, "city", O, quiet)
    _, proj = ref_model.project(base_counties(fiscal_path, hist, O), [],
                                model, ref_model.Scenario(), H)
    want = {}
    for c, _d0, years in proj:
        for year, row in years:
            want[(c["id"], year)] = row
    rows = rows_of(out)
    bad_value, bad_pit, bad_real = [], [], []
    for r in rows:
        key = (r["county_id"], int(r["year"]))
        ref = want[key][r["variable"]]
        real = realized(hist[key])[r["variable"]]
        if not all(close(float(r[q]), ref) for q in ("p10", "p50", "p90")):
            bad_value.append((key, r["variable"], r["p50"], ref))
        if float(r["pit"]) != (1.0 if real > ref else 0.0):
            bad_pit.append((key, r["variable"], r["pit"], real, ref))
        if not close(float(r["realized"]), real, 1e-12):
            bad_real.append((key, r["variable"], r["realized"], real))
    result(len(rows) == 13 * H * len(VARS),
           "every county, year and variable has its row", len(rows))
    result(not bad_value, "p10 = p50 = p90 = the reference's projection "
           "under the reference's calibration up to the origin",
           bad_value[:5])
    result(not bad_pit, "PIT is 1 above the projection and 0 below it",
           bad_pit[:5])
    result(not bad_real, "the realized values are the history's",
           bad_real[:5])
    result(all(r["origin"] == str(O) and r["family"] == "normal"
               for r in rows), "origin and family columns")

# 2. PIT under bootstrap shocks, one county --------------------------------
one = os.path.join(TMP, "one")
subprocess.run([sys.executable, GEN, "--out", one, "--counties", "1",
                "--types", "1", "--years", "9", "--first-year", "2010",
                "--seed", "5"], check=True, capture_output=True)
O1 = 2017
h1, f1 = os.path.join(one, "history.csv"), os.path.join(one, "fiscal.csv")
hist1 = read_history(h1)
upto = truncated(h1, O1, "one-upto.csv")
zrows, years = calibrate_ref.innovations(upto, f1, "type", MODEL)
z = {int(r[1]): [float(v) if v else 0.0 for v in r[2:6]] for r in zrows}
model = calibrated_model(h1, f1, "type", O1, QUIET)
values = {v: [] for v in VARS}
for y in years:
    shock = {"g": z[y][0], "or": z[y][1], "l": z[y][2], "tr": z[y][3],
             "r": 0.0}
    _, proj = ref_model.project(base_counties(f1, hist1, O1), [], model,
                                ref_model.Scenario(), 1,
                                lambda c, t, s=shock: s)
    for v in VARS:
        values[v].append(proj[0][2][0][1][v])
N = 20000
out = os.path.join(TMP, "boot")
p = backtest(["--history", h1, "--fiscal", f1, "--origin", str(O1),
              "--horizon", "1", "--family", "bootstrap", "--paths", str(N)]
             + sets(QUIET), out)
ok = p.returncode == 0 and len(years) >= 4
detail = p.stderr + " years %s" % years
if ok:
    real = realized(hist1[("c0000", O1 + 1)])
    for r in rows_of(out):
        v = r["variable"]
        m = len(values[v])
        below = sum(x < real[v] for x in values[v]) / m
        se = math.sqrt(below * (1 - below) / N)
        good = (float(r["pit"]) == below if below in (0.0, 1.0)
                else abs(float(r["pit"]) - below) <= 4.5 * se)
        # the band ends are among the m values (to the percentiles' 0.5%)
        inband = all(any(abs(float(r[q]) - x) <= max(0.002, 0.005 * abs(x))
                         for x in values[v]) for q in ("p10", "p90"))
        ok &= good and inband
        detail += "\n%s pit %s want %.4f p10 %s p90 %s values %s" % (
            v, r["pit"], below, r["p10"], r["p90"], sorted(values[v]))
result(ok, "bootstrap: the first year's PIT is the share of the m "
       "bootstrap years' outcomes below what happened", detail)

# 3. coverage on histories drawn from the model ----------------------------
pits = {v: [] for v in VARS}
ok = True
detail = ""
for seed in (1, 2, 3, 4):
    d = os.path.join(TMP, "syn%d" % seed)
    subprocess.run([sys.executable, GEN, "--out", d, "--counties", "30",
                    "--types", "3", "--years", "16", "--first-year", "2005",
                    "--seed", str(seed), "--set", "growth.rho=0", "--set",
                    "land.rho=0"], check=True, capture_output=True)
    out = os.path.join(TMP, "synbt%d" % seed)
    p = backtest(["--data", d, "--origin", "2010-2018", "--paths", "1000"],
                 out)
    ok &= p.returncode == 0
    detail += p.stderr
    if p.returncode == 0:
        for r in rows_of(out):
            pits[r["variable"]].append(float(r["pit"]))


def coverage(ps, lo):
    return sum(lo <= x <= 1 - lo for x in ps) / len(ps) if ps else float("nan")


result(ok, "rolling backtests of four synthetic histories run", detail)
if ok:
    for v in ("gdp", "own_revenue", "transfers"):
        c80, c90 = coverage(pits[v], 0.1), coverage(pits[v], 0.05)
        result(abs(c80 - 0.8) <= 0.08 and abs(c90 - 0.9) <= 0.08,
               "%s: the 10-90%% band holds about 80%% and the 5-95%% band "
               "about 90%% of %d outcomes" % (v, len(pits[v])),
               "%.3f %.3f" % (c80, c90))
    phi = 0.5 * (1 + math.erf(1.2815515655446004 / math.sqrt(2) /
                              math.sqrt(2)))
    want = 2 * phi - 1
    c80 = coverage(pits["land_revenue"], 0.1)
    result(abs(c80 - want) <= 0.07, "land revenue: the 10-90%% band holds "
           "about %.1f%%, as the origin year taken for the trend implies" %
           (100 * want), "%.3f" % c80)

# 4. the sample city, rolling, three families ------------------------------
out = os.path.join(TMP, "city")
fams = ["normal", "student_t", "bootstrap"]
p = backtest(["--origin", "2018-2021", "--family", ",".join(fams),
              "--paths", "500", "--threads", "1"], out, charts="png")
ok = p.returncode == 0
result(ok, "the sample city: a rolling backtest 2018-2021 with three "
       "families", p.stderr)
if ok:
    rows = rows_of(out)
    keys = {(r["origin"], r["county_id"], r["year"], r["variable"],
             r["family"]) for r in rows}
    want = {(str(o), c, str(y), v, f) for o in range(2018, 2022)
            for c in {k[0] for k in hist} for y in range(o + 1, 2025)
            for v in VARS for f in fams}
    result(keys == want and len(rows) == len(want),
           "a row for every origin, county, year, variable and family",
           "%d rows, %d wanted" % (len(rows), len(want)))
    md = open(os.path.join(out, "backtest.md"), encoding="utf-8").read()
    result(all(("With %s shocks" % name) in md
               for name in ("normal", "Student-t", "bootstrap")) and
           "fits this city's past best" in md and
           md.count("| GDP | ") == 3,
           "the report gives each family's verdict, one table side by "
           "side, and the best family")
    charts = os.listdir(os.path.join(out, "charts"))
    result("backtest_pit.png" in charts and
           sum(c.startswith("backtest_") and c.endswith(".png")
               for c in charts) == 14,
           "the PIT histograms and a fan chart per county",
           sorted(charts))
    out2 = os.path.join(TMP, "city2")
    p2 = backtest(["--origin", "2018-2021", "--family", ",".join(fams),
                   "--paths", "500", "--threads", "2"], out2)
    same = p2.returncode == 0 and open(
        os.path.join(out, "backtest.csv"), "rb").read() == open(
        os.path.join(out2, "backtest.csv"), "rb").read()
    result(same, "backtest.csv is the same bytes for one and two threads")
    p3 = backtest(["--origin", "2018-2021", "--paths", "500", "--set",
                   "shocks.family=student_t"], out2)
    result(p3.returncode == 0 and
           {r["family"] for r in rows_of(out2)} == {"student_t"},
           "--set shocks.family picks the family when --family is not given",
           p3.stderr)

# 5. errors ----------------------------------------------------------------
keep = os.path.join(TMP, "keep")
os.makedirs(keep)
open(os.path.join(keep, "backtest.csv"), "w").write("previous\n")
nops = os.path.join(TMP, "nops.csv")
with open(hist_path, encoding="utf-8") as f, open(nops, "w") as g:
    for line in f:
        g.write(",".join(line.rstrip("\n").split(",")[:6]) + "\n")
cases = [
    ([], 2, "--origin"),
    (["--origin", "2024"], 2, "--origin 2024"),
    (["--origin", "2019-2018"], 2, "--origin 2019-2018"),
    (["--origin", "20x9"], 2, "--origin"),
    (["--origin", "2018", "--horizon", "11"], 2, "--horizon"),
    (["--origin", "2018", "--family", "normal,cauchy"], 2, "cauchy"),
    (["--origin", "2018", "--from", "2019"], 2, "--from 2019"),
    (["--origin", "2018", "--by", "province"], 2, "--by"),
    (["--origin", "2014"], 1, "history.csv:"),
    (["--origin", "2018", "--history", nops, "--fiscal", fiscal_path], 1,
     "nops.csv:1:1: "),
    (["--origin", "2018", "--set", "defaults.growth.sigma=-1"], 1,
     "growth.sigma"),
]
for args, code, text in cases:
    p = subprocess.run([DR, "backtest", "--charts", "none", "--out", keep]
                       + args, capture_output=True, text=True)
    same = open(os.path.join(keep, "backtest.csv")).read() == "previous\n"
    result(p.returncode == code and text in p.stderr and same,
           "backtest %s: exit %d naming %s, the previous results kept" %
           (" ".join(args) or "(no origin)", code, text),
           "exit %d: %s" % (p.returncode, p.stderr))

shutil.rmtree(TMP, ignore_errors=True)
print("1..%d" % n)
sys.exit(1 if failed else 0)
