#!/usr/bin/env python3
"""Bootstrap shocks ([shocks] family = bootstrap, MODEL.md section 12)
against independent computations. TAP output.

    python3 tests/cli/test_bootstrap.py PATH/TO/debtrisk SOURCE_ROOT

The innovations come from the calibration reference
(tests/ref/calibrate_ref.py --innovations), the year step from the model
reference (tests/ref/ref_model.py); the rate shock is switched off
(rates.sigma = 0) and contingent calls too, so the only randomness is the
historical year each path draws.

1. One county, a six-year history with four bootstrap years (2021-2024):
   the first projected year takes exactly one of four values, each the
   reference's year step under one year's innovations, with probability
   1/4: the lowest and highest percentiles are the lowest and highest of
   them (to the percentiles' 0.5%), the mean their average within Monte
   Carlo error.
2. block = 2: a block starts at 2021, 2022 or 2023, never 2024, so the
   first year takes only three of the four values.
3. The sample city, 2,000 paths: every county's mean broad ratio and
   P(breach) at the horizon agree with an independent Monte Carlo of the
   reference (its own random years) within 4 standard errors.
4. The same bytes for one and two threads; a batch keeps common random
   numbers (a scenario that changes nothing has deltas of exactly 0).
5. check counts the years and warns below 8, and gives the lag-1
   autocorrelation of the innovations (the evidence for block = 2), as
   worked out here from the reference's innovations; a history missing a county of
   the run, and a bootstrap model without a history, are input errors; a
   relative history is found beside the model file that names it.
"""

import csv
import math
import os
import random
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
HIST = os.path.join(ROOT, "tests", "data", "history")
TMP = tempfile.mkdtemp(prefix="debtrisk-bootstrap.")
QUIET = ["--set", "rates.sigma=0", "--set", "defaults.contingent.prob=0"]

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


def run(args, out):
    shutil.rmtree(out, ignore_errors=True)
    return subprocess.run([DR, "run", "--model", MODEL, "--charts", "none",
                           "--out", out] + args, capture_output=True,
                          text=True)


def ratios(out, measure="broad"):
    rows = {}
    for r in csv.DictReader(open(os.path.join(out, "ratios.csv"),
                                 encoding="utf-8")):
        if r["measure"] == measure:
            rows[(r["county_id"], int(r["year"]))] = r
    return rows


def reference_model(sets):
    model = ref_model.load_model(MODEL)
    for s in sets:
        model.set_dotted(s, "--set")
    return model


def table(history, fiscal, by="type"):
    rows, years = calibrate_ref.innovations(history, fiscal, by, MODEL)
    z = {(r[0], int(r[1])): [float(v) if v else 0.0 for v in r[2:6]]
         for r in rows}
    return z, years


# 1 and 2: one county, the discrete distribution of the first year
one = os.path.join(TMP, "one")
os.makedirs(one)
lines = open(os.path.join(SAMPLE, "fiscal.csv"), encoding="utf-8").read().split("\n")
open(os.path.join(one, "fiscal.csv"), "w", encoding="utf-8").write(
    "\n".join(lines[:2]) + "\n")  # the header and wancheng
fiscal1 = os.path.join(one, "fiscal.csv")
hist1 = os.path.join(HIST, "one_county.csv")
z1, years1 = table(hist1, fiscal1)
sets = [s for s in QUIET if s != "--set"] + ["run.years=1"]
model = reference_model(sets)
counties = ref_model.read_fiscal(fiscal1)
values = []
for y in years1:
    zz = z1[("wancheng", y)]
    shock = {"g": zz[0], "or": zz[1], "l": zz[2], "tr": zz[3], "r": 0.0}
    _, res = ref_model.project(counties, [], model, ref_model.Scenario(), 1,
                               lambda c, t, s=shock: s)
    values.append(res[0][2][0][1]["broad"])
N = 40000
boot = ["--set", "shocks.family=bootstrap", "--set",
        "shocks.history=" + hist1, "--years", "1", "--paths", str(N)] + QUIET
p = run(["--fiscal", fiscal1] + boot, os.path.join(TMP, "one-run"))
r = ratios(os.path.join(TMP, "one-run")).get(("wancheng", 2025)) if \
    p.returncode == 0 else None
ok = r is not None and years1 == [2021, 2022, 2023, 2024]
if ok:
    lo, hi = min(values), max(values)
    mean = sum(values) / 4
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / 4)
    close = lambda a, b: abs(a - b) <= max(0.002, 0.005 * abs(b))  # noqa
    ok = (close(float(r["p05"]), lo) and close(float(r["p95"]), hi) and
          abs(float(r["mean"]) - mean) <= 4 * sd / math.sqrt(N))
result(ok, "one county: the first year takes the four values the "
       "reference gives under each year's innovations, 1/4 each",
       "%s %s values %s row %s" % (p.stderr, years1, values, r))
p = run(["--fiscal", fiscal1] + boot + ["--set", "shocks.block=2"],
        os.path.join(TMP, "one-block"))
r = ratios(os.path.join(TMP, "one-block")).get(("wancheng", 2025)) if \
    p.returncode == 0 else None
three = values[:3]  # blocks start at 2021, 2022, 2023
ok = r is not None and abs(float(r["p95"]) - max(three)) <= max(
    0.002, 0.005 * max(three)) and abs(float(r["p05"]) - min(three)) <= max(
        0.002, 0.005 * min(three))
result(ok, "block = 2: the first year never takes 2024 (no block starts "
       "there)", "%s three %s row %s" % (p.stderr, three, r))

# 3: the sample city against an independent Monte Carlo of the reference
Nc = 2000
hist = os.path.join(SAMPLE, "history.csv")
fiscal = os.path.join(SAMPLE, "fiscal.csv")
bootc = ["--set", "shocks.family=bootstrap", "--set", "shocks.history=" + hist,
         "--paths", str(Nc), "--fiscal", fiscal] + QUIET
p = run(bootc, os.path.join(TMP, "city"))
got = ratios(os.path.join(TMP, "city")) if p.returncode == 0 else {}
zc, yearsc = table(hist, fiscal)
model = reference_model([s for s in QUIET if s != "--set"])
T = int(model.num("run", "years"))
B = int(model.num("run", "base_year"))
warning = model.num("thresholds", "warning")
counties = ref_model.read_fiscal(fiscal)
rng = random.Random(20261201)
ends = {c["id"]: [] for c in counties}
breach = {c["id"]: 0 for c in counties}
for path in range(Nc):
    drawn = [rng.choice(yearsc) for _ in range(T)]

    def shocks(c, t, drawn=drawn):
        zz = zc[(c["id"], drawn[t - 1])]
        return {"g": zz[0], "or": zz[1], "l": zz[2], "tr": zz[3], "r": 0.0}
    _, res = ref_model.project(counties, [], model, ref_model.Scenario(), T,
                               shocks)
    for c, d0, rows in res:
        ends[c["id"]].append(rows[-1][1]["broad"])
        breach[c["id"]] += any(rr["broad"] > warning for _, rr in rows)
bad = []
for c in counties:
    r = got.get((c["id"], B + T))
    if r is None:
        bad.append("no row for %s" % c["id"])
        continue
    v = ends[c["id"]]
    m = sum(v) / Nc
    s = math.sqrt(sum((x - m) ** 2 for x in v) / (Nc - 1))
    se = math.sqrt(s ** 2 / Nc + float(r["sd"]) ** 2 / Nc)
    if abs(float(r["mean"]) - m) > 4 * se:
        bad.append("%s mean %s, reference %.4f (se %.4f)" % (
            c["id"], r["mean"], m, se))
    pb, pr = float(r["p_breached_by"]), breach[c["id"]] / Nc
    sep = math.sqrt(pb * (1 - pb) / Nc + pr * (1 - pr) / Nc)
    if abs(pb - pr) > 4 * max(sep, 1 / Nc):
        bad.append("%s p_breach %s, reference %.4f" % (c["id"], pb, pr))
result(p.returncode == 0 and not bad,
       "sample city: means and P(breach) at the horizon agree with the "
       "reference's own Monte Carlo", "\n".join(bad) or p.stderr)

# 4: threads and common random numbers
p1 = run(bootc + ["--threads", "1"], os.path.join(TMP, "t1"))
p2 = run(bootc + ["--threads", "2"], os.path.join(TMP, "t2"))
same = p1.returncode == 0 and p2.returncode == 0 and all(
    open(os.path.join(TMP, "t1", f), "rb").read() ==
    open(os.path.join(TMP, "t2", f), "rb").read()
    for f in ("ratios.csv", "grades.csv", "summary.csv", "city.csv"))
result(same, "one and two threads: the same bytes")
scen = os.path.join(TMP, "same.ini")
open(scen, "w").write("[scenario]\nname = same\ntitle = Nothing changes\n")
out = os.path.join(TMP, "batch")
p = subprocess.run([DR, "batch", "--model", MODEL, "--charts", "none",
                    "--out", out] + bootc[:-4] + ["--paths", "500", scen],
                   capture_output=True, text=True)
deltas = [r["p_breach_delta"] for r in csv.DictReader(
    open(os.path.join(out, "compare.csv"), encoding="utf-8"))] \
    if p.returncode == 0 else ["missing"]
result(all(d == "0" for d in deltas), "batch: common random numbers, a "
       "scenario that changes nothing has deltas of 0", p.stderr)

# 5: check and errors
p = subprocess.run([DR, "check", "--fiscal", fiscal1, "--model", MODEL] +
                   boot[:4], capture_output=True, text=True)
result(p.returncode == 0 and "4 historical years" in p.stdout and
       "warning" in p.stderr and "fewer than 8" in p.stderr,
       "check: 4 years to draw from, and a warning below 8",
       p.stdout + p.stderr)
p = run(["--set", "shocks.family=bootstrap", "--set",
         "shocks.history=" + os.path.join(HIST, "two_types.csv")],
        os.path.join(TMP, "missing"))
result(p.returncode == 1 and "fiscal.csv:4:1:" in p.stderr and
       "'nanzhao'" in p.stderr,
       "a county of the run missing from the history: exit 1 at its line",
       p.stderr)
p = run(["--set", "shocks.family=bootstrap"], os.path.join(TMP, "nohist"))
result(p.returncode == 1 and "[shocks] history" in p.stderr,
       "bootstrap without a history: exit 1 naming [shocks] history",
       p.stderr)
mdir = os.path.join(TMP, "models")
os.makedirs(mdir)
shutil.copy(hist, os.path.join(mdir, "past.csv"))
text = open(MODEL, encoding="utf-8").read().replace(
    "\nfamily = normal\n", "\nfamily = bootstrap\n").replace(
    "\nhistory =\n", "\nhistory = past.csv\n")
open(os.path.join(mdir, "boot.ini"), "w", encoding="utf-8").write(text)
p = subprocess.run([DR, "run", "--model", os.path.join(mdir, "boot.ini"),
                    "--paths", "200", "--charts", "none", "--out",
                    os.path.join(TMP, "rel")], capture_output=True, text=True,
                   cwd=TMP)
result(p.returncode == 0, "history = past.csv is found beside the model "
       "file", p.stderr)

# the lag-1 autocorrelation check prints, from the reference's innovations
zs, yrs = table(os.path.join(SAMPLE, "history.csv"),
                os.path.join(SAMPLE, "fiscal.csv"))
want = []
for k in range(4):
    num = den = 0.0
    for (c, y), v in zs.items():
        if y in yrs and y - 1 in yrs and (c, y - 1) in zs:
            u = zs[(c, y - 1)]
            if v[k] == 0.0 and u[k] == 0.0:
                continue
            num += v[k] * u[k]
            den += u[k] * u[k]
    want.append("%+.2f" % (num / den))
p = subprocess.run([DR, "check", "--model", MODEL, "--set",
                    "shocks.family=bootstrap", "--set", "shocks.history=" +
                    os.path.join(SAMPLE, "history.csv")],
                   capture_output=True, text=True)
line = [l for l in p.stdout.splitlines() if "lag-1" in l]
got = line[0].split(":", 1)[1].split("(")[0].split(",") if line else []
got = [g.split()[-1] for g in got]
result(p.returncode == 0 and got == want and "block = 2" in p.stdout,
       "check: the innovations' lag-1 autocorrelation per variable, and "
       "block = 2 suggested when one is beyond two standard errors",
       "%s want %s" % (p.stdout, want))

shutil.rmtree(TMP, ignore_errors=True)
print("1..%d" % n)
sys.exit(1 if failed else 0)
