#!/usr/bin/env python3
"""debtrisk solve against plain runs and hand-worked answers. TAP output.

    python3 tests/cli/test_solve.py PATH/TO/debtrisk SOURCE_ROOT

1. By hand, deterministic: four counties with no growth, no interest and
   no shocks, whose debt rises each year by the gap P (1 - x) - C, so that
   broad in B+5 is (D0 + 5 (P (1 - x) - C)) / C, linear in the cut x. For
   broad@2029 <= 1.2 with C = 100 and D0 = 100 the answer is
   x* = 1 - 104 / P: P = 110 gives 0.054545..., P = 105 gives 0.0095238...,
   P = 100 meets it with no cut, and P = 200 needs 0.48, beyond the range
   0:0.3 (not reachable; at 0.3 broad is 3). The solve finds each within
   its tolerance above x*.
2. The sample city, Monte Carlo: every solved county meets the target at
   its value and misses it one tolerance less, checked by plain runs of
   scenarios written here (one adjustment per county) on the same seed;
   met counties meet it with no cut; the not-reachable miss it at the full
   cut. The achieved values and standard errors are those of the plain
   run, sqrt(p (1 - p) / N).
3. solved/scenario.ini reproduces solved/: run --scenario and batch give
   the same CSV bytes; baseline/ is the run without it.
4. --scope city: one value for all; counties_above_end met at it and not
   one tolerance less.
5. Levers, targets and scopes that are malformed exit 2 naming the flag,
   and the previous results stay.
"""

import csv
import math
import os
import shutil
import subprocess
import sys
import tempfile

DR, ROOT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
TMP = tempfile.mkdtemp(prefix="debtrisk-solve.")
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


def dr(args, out=None):
    if out:
        shutil.rmtree(out, ignore_errors=True)
        args = args + ["--out", out]
    return subprocess.run([DR] + args, capture_output=True, text=True)


def solve_rows(out):
    return {r["county_id"]: r for r in csv.DictReader(
        open(os.path.join(out, "solve.csv"), encoding="utf-8"))}


def summary(out):
    return {r["county_id"]: r for r in csv.DictReader(
        open(os.path.join(out, "summary.csv"), encoding="utf-8"))}


# 1. by hand ----------------------------------------------------------------
hand = os.path.join(TMP, "hand")
os.makedirs(hand)
spend = {"a": 110, "b": 105, "c": 100, "d": 200}
with open(os.path.join(hand, "fiscal.csv"), "w", encoding="utf-8") as f:
    f.write("county_id,name,type,gdp,own_revenue,transfers,land_revenue,"
            "primary_spending,explicit_debt,hidden_debt,rate_explicit,"
            "rate_hidden\n")
    for cid, ps in spend.items():
        f.write("%s,County %s,urban,500,50,30,20,%d,50,50,0,0\n" % (cid, cid.upper(), ps))
with open(os.path.join(hand, "model.ini"), "w", encoding="utf-8") as f:
    f.write("[run]\nbase_year = 2024\nyears = 5\npaths = 100\n"
            "[rates]\nyield = 0\nsigma = 0\nhidden_spread = 0\n"
            "premium_slope = 0\n"
            "[policy]\nquota = 0.5\nconsolidation = 0\n"
            "[defaults]\ngrowth.mu = 0\ngrowth.sigma = 0\n"
            "own_revenue.mu = 0\nown_revenue.sigma = 0\nland.mu = 0\n"
            "land.sigma = 0\ntransfers.mu = 0\ntransfers.sigma = 0\n"
            "spending.mu = 0\ncontingent.prob = 0\nrate.explicit = 0\n"
            "rate.hidden = 0\n")
out = os.path.join(TMP, "hand-out")
p = dr(["solve", "--data", hand, "--model", os.path.join(hand, "model.ini"),
        "--deterministic", "--lever", "spending", "--target",
        "broad@2029<=1.2", "--charts", "none"], out)
result(p.returncode == 0, "a deterministic solve by hand runs", p.stderr)
if p.returncode == 0:
    rows = solve_rows(out)
    tol = 0.3 / 1000
    ok = True
    detail = ""
    for cid, ps in (("a", 110), ("b", 105)):
        want = 1 - 104 / ps
        v = float(rows[cid]["value"])
        good = (rows[cid]["status"] == "solved" and want <= v <= want + tol
                and abs(float(rows[cid]["achieved"]) -
                        (100 + 5 * (ps * (1 - v) - 100)) / 100) < 1e-9)
        ok &= good
        detail += "%s: %s want %.9f\n" % (cid, rows[cid], want)
    result(ok, "the smallest cut is 1 - 104/P within the tolerance above, "
           "and achieves (D0 + 5 (P (1 - x) - C)) / C", detail)
    result(rows["c"]["status"] == "met" and float(rows["c"]["value"]) == 0
           and abs(float(rows["c"]["baseline"]) - 1.0) < 1e-12,
           "P = C meets the target with no cut (broad stays 1.0)",
           rows["c"])
    result(rows["d"]["status"] == "not-reachable" and
           float(rows["d"]["value"]) == 0.3 and
           abs(float(rows["d"]["achieved"]) - 3.0) < 1e-9,
           "P = 200 needs 0.48: not reachable in 0:0.3, broad 3 at 0.3",
           rows["d"])
    result(rows["a"]["achieved_se"] == "",
           "a deterministic answer has no standard error", rows["a"])

# 2. the sample city, checked by plain runs -------------------------------
out = os.path.join(TMP, "city-out")
N = 2000
p = dr(["solve", "--lever", "spending", "--target", "p_breach_end<=0.3",
        "--paths", str(N), "--charts", "png"], out)
result(p.returncode == 0, "solve --lever spending --target "
       "'p_breach_end<=0.3' on the sample city", p.stderr)


def package(rows, shift, name):
    """A scenario of our own: each county's cut, less `shift`."""
    path = os.path.join(TMP, name + ".ini")
    with open(path, "w", encoding="utf-8") as f:
        f.write("[scenario]\nname = %s\n" % name)
        for cid, r in rows.items():
            x = float(r["value"]) - (shift if r["status"] == "solved" else 0)
            f.write("[adjust.c-%s]\ncounties = %s\nvariable = "
                    "primary_spending\nyears = 2025-2034\nop = mul\n"
                    "value = %r\n" % (cid, cid, 1 - x))
    return path


if p.returncode == 0:
    rows = solve_rows(out)
    statuses = {r["status"] for r in rows.values()}
    result(len(rows) == 13 and statuses <= {"solved", "met", "not-reachable"}
           and "solved" in statuses and "met" in statuses,
           "a row per county, solved and met among them", statuses)
    tol = 0.3 / 1000
    at = dr(["run", "--scenario", package(rows, 0.0, "at"), "--paths", str(N),
             "--charts", "none"], os.path.join(TMP, "at"))
    less = dr(["run", "--scenario", package(rows, tol, "less"), "--paths",
               str(N), "--charts", "none"], os.path.join(TMP, "less"))
    ok = at.returncode == 0 and less.returncode == 0
    detail = at.stderr + less.stderr
    if ok:
        sa, sl = summary(os.path.join(TMP, "at")), summary(
            os.path.join(TMP, "less"))
        for cid, r in rows.items():
            pa, pl = float(sa[cid]["p_breach_end"]), float(sl[cid]["p_breach_end"])
            if r["status"] == "solved":
                good = pa <= 0.3 < pl
            elif r["status"] == "met":
                good = pa <= 0.3
            else:
                good = pa > 0.3
            se = math.sqrt(pa * (1 - pa) / N)
            good &= (float(r["achieved"]) == pa and
                     abs(float(r["achieved_se"]) - se) < 1e-12)
            ok &= good
            if not good:
                detail += "%s %s: at %s, less %s\n" % (cid, r, pa, pl)
    result(ok, "each solved cut meets the target and one tolerance less "
           "misses it; met meets it uncut; not reachable misses it at 30%; "
           "achieved and se are the plain run's", detail)
    sb = summary(os.path.join(out, "baseline"))
    result(all(float(r["baseline"]) == float(sb[c]["p_breach_end"])
               for c, r in rows.items()),
           "the baseline column is baseline/summary.csv's p_breach_end")
    # 3. reproduction
    scen = os.path.join(out, "solved", "scenario.ini")
    rep = dr(["run", "--scenario", scen, "--paths", str(N), "--charts",
              "none"], os.path.join(TMP, "rep"))
    same = rep.returncode == 0 and all(
        open(os.path.join(TMP, "rep", f), "rb").read() ==
        open(os.path.join(out, "solved", f), "rb").read()
        for f in ("ratios.csv", "grades.csv", "summary.csv", "city.csv",
                  "city_counts.csv", "model.ini"))
    result(same, "run --scenario solved/scenario.ini reproduces solved/ "
           "byte for byte", rep.stderr)
    bat = dr(["batch", "--paths", str(N), "--charts", "none", scen],
             os.path.join(TMP, "bat"))
    same = bat.returncode == 0 and all(
        open(os.path.join(TMP, "bat", "solved", f), "rb").read() ==
        open(os.path.join(out, "solved", f), "rb").read()
        for f in ("ratios.csv", "summary.csv")) and open(
        os.path.join(TMP, "bat", "baseline", "ratios.csv"), "rb").read() == \
        open(os.path.join(out, "baseline", "ratios.csv"), "rb").read()
    result(same, "batch with solved/scenario.ini gives solved/ and "
           "baseline/ again", bat.stderr)
    md = open(os.path.join(out, "solve.md"), encoding="utf-8").read()
    charts = os.listdir(os.path.join(out, "charts"))
    result("must spend" in md and "cannot within the range" in md and
           "Meeting it already" in md and "solve_effort.png" in charts and
           "solve_city.png" in charts,
           "solve.md says who must do what, and the two charts are drawn",
           md[:400])
    ini = open(os.path.join(out, "solved", "run.ini"), encoding="utf-8").read()
    result("scenario = %s/solved/scenario.ini" % out in ini,
           "solved/run.ini names the package where it is")

# 4. city scope ---------------------------------------------------------------
out = os.path.join(TMP, "scope-out")
p = dr(["solve", "--lever", "spending", "--scope", "city", "--target",
        "counties_above_end<=2", "--paths", "1000", "--charts", "none"], out)
ok = p.returncode == 0
detail = p.stderr
if ok:
    r = solve_rows(out)["city"]
    x = float(r["value"])
    ok = r["status"] == "solved"
    for shift, want_ok in ((0.0, True), (0.3 / 1000, False)):
        path = os.path.join(TMP, "all.ini")
        open(path, "w").write("[scenario]\nname = all\n[adjust.c]\n"
                              "counties = *\nvariable = primary_spending\n"
                              "years = 2025-2034\nop = mul\nvalue = %r\n" %
                              (1 - (x - shift)))
        q = dr(["run", "--scenario", path, "--paths", "1000", "--charts",
                "none"], os.path.join(TMP, "all"))
        rows = list(csv.DictReader(open(os.path.join(TMP, "all", "city.csv"))))
        e = float(rows[-1]["expected_counties_above"])
        ok &= q.returncode == 0 and (e <= 2) == want_ok
        detail += "shift %g: %s\n" % (shift, e)
result(ok, "--scope city: one cut for all; counties_above_end met at it "
       "and not one tolerance less", detail)

# 5. usage errors -------------------------------------------------------------
keep = os.path.join(TMP, "keep")
os.makedirs(keep)
open(os.path.join(keep, "solve.csv"), "w").write("previous\n")
T = ["--target", "p_breach_end<=0.3"]
L = ["--lever", "spending"]
cases = [
    (T, "--lever"),
    (L, "--target"),
    (["--lever", "cuts"] + T, "unknown lever 'cuts'"),
    (["--lever", "adjust:land:mul", "--range", "0:1"] + T, "unknown variable"),
    (["--lever", "adjust:yield:mul", "--range", "0:1"] + T, "takes add only"),
    (["--lever", "adjust:land_revenue:mul"] + T, "needs --range"),
    (["--lever", "set:rates.hidden_spread", "--range", "0.03:0"] + T,
     "--scope city"),
    (["--lever", "set:run.seed", "--range", "1:2"] + T, "[run]"),
    (["--lever", "set:rates.hiden_spread", "--range", "0:1"] + T,
     "hidden_spread"),
    (L + ["--range", "0.3"] + T, "--range"),
    (L + ["--range", "0:0"] + T, "--range"),
    (L + ["--years", "2020-2026"] + T, "--years 2020-2026"),
    (L + ["--years", "10"] + T, "--set run.years"),
    (L + ["--tol", "-1"] + T, "--tol"),
    (L + ["--tol", "0.5"] + T, "--tol"),
    (L + ["--target", "p_breach<=0.3"], "unknown measure 'p_breach'"),
    (L + ["--target", "p_breach_end<=30"], "write 0.3 for 30%"),
    (L + ["--target", "p_above<=0.3"], "needs a year"),
    (L + ["--target", "p_above@2040<=0.3"], "outside the projection"),
    (L + ["--target", "broad@2030<=1"], "--deterministic"),
    (L + ["--target", "city_p50@2030<=1"], "--scope city"),
    (L + ["--target", "p_breach_end>=0.3"], "MEASURE<=BOUND"),
    (L + T + ["--scope", "province"], "--scope"),
    (["--lever", "adjust:primary_spending:mul", "--range", "1:20"] + T,
     "high end"),
]
for args, text in cases:
    p = dr(["solve", "--paths", "100", "--charts", "none", "--out", keep] +
           args)
    same = open(os.path.join(keep, "solve.csv")).read() == "previous\n"
    result(p.returncode == 2 and text in p.stderr and same,
           "solve %s: exit 2 naming %s, the previous results kept" %
           (" ".join(args), text), "exit %d: %s" % (p.returncode, p.stderr))

shutil.rmtree(TMP, ignore_errors=True)
print("1..%d" % n)
sys.exit(1 if failed else 0)
