#!/usr/bin/env python3
"""Checks the calibration reference (calibrate_ref.py) against values worked
out by hand and against an independent 50-digit reading.

    python3 tests/ref/test_calibrate_ref.py        (from anywhere; TAP output)

1. tests/data/history/NAME.BY.expected: rows of calibration.csv (or of the
   --innovations table) worked by hand, README.md there has the derivations.
   A value or se cell is an exact expression (fractions, sqrt, log, L =
   ln(5/4)), `*` (not checked), empty (must be empty) or `=GROUP` (the same
   cell as GROUP's row for the same key: a pooled value). Numbers must agree
   to 1e-10 relative (1e-13 absolute).
2. Every calibration case, all rows, against calibrate_decimal.py (50 digits):
   1e-11 relative.
3. The order of the rows (defaults, types in order of first appearance in
   fiscal.csv, counties in fiscal.csv order; the twelve keys; six
   correlation and four common rows), derived here from the files.
4. tests/data/bad/HISTORY-CASES.md: each bad history fails at the LINE:COL
   worked out there, with the phrases listed.
5. The repair of a correlation matrix that is not positive definite, worked
   by hand (README.md, section (d)).
6. The window (--from/--to) and its six-year rule.
7. Synthetic histories (gen_history.py), every grouping, against the
   50-digit reading.
8. data/sample-city/history.csv: ends at fiscal.csv's values, every land
   revenue positive, and calibrates.
"""

import math
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import calibrate_ref as ref  # noqa: E402

DATA = os.path.join(ROOT, "tests", "data", "history")
BAD = os.path.join(ROOT, "tests", "data", "bad")
FISCAL = os.path.join(ROOT, "data", "sample-city", "fiscal.csv")
NAMES = {"sqrt": math.sqrt, "log": math.log, "L": math.log(5 / 4)}

results = []


def check(ok, name, detail=""):
    results.append((bool(ok), name, detail))


def value(expr):
    return float(eval(expr, {"__builtins__": {}}, NAMES))


def close(got, want, rtol=1e-10, atol=1e-13):
    return abs(got - want) <= max(rtol * max(abs(got), abs(want)), atol)


def read_expected(path):
    args, rows, header = None, [], None
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("# args:"):
            args = line[len("# args:"):].split()
        elif line.startswith("# bootstrap years:"):
            rows.append(("years", line))
        elif not line or line.startswith("#"):
            continue
        elif header is None:
            header = line.split(",")
        else:
            rows.append(("row", line.split(",")))
    return args, header, rows


def options(args):
    o = {"by": "type", "model": None, "innovations": False, "lo": None,
         "hi": None}
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--innovations":
            o["innovations"] = True
        elif a in ("--by", "--model", "--from", "--to"):
            v = args[i + 1]
            i += 1
            if a == "--model":
                o["model"] = os.path.join(ROOT, v)
            elif a == "--by":
                o["by"] = v
            else:
                o["lo" if a == "--from" else "hi"] = int(v)
        i += 1
    return o


def cell_ok(got, want, row_of, col):
    """want: '*', '', '=GROUP' or an expression."""
    if want == "*":
        return True
    if want.startswith("="):
        return got == row_of(want[1:])[col]
    if want == "":
        return got == ""
    if got == "":
        return False
    return close(float(got), value(want))


def calibration_case(name, path):
    args, header, rows = read_expected(path)
    o = options(args)
    hist = os.path.join(DATA, name + ".csv")
    if o["innovations"]:
        got, years = ref.innovations(hist, FISCAL, o["by"], o["model"])
        table = {(r[0], r[1]): r for r in got}
        for kind, r in rows:
            if kind == "years":
                want = r.split(":", 1)[1].split()
                check([str(y) for y in years] == want,
                      "%s: bootstrap years" % os.path.basename(path),
                      "got %s" % years)
                continue
            g = table.get((r[0], r[1]))
            ok = g is not None and all(
                cell_ok(g[j], r[j], None, j) if j < 6 else g[j] == r[j]
                for j in range(2, 7))
            check(ok, "%s: %s %s" % (os.path.basename(path), r[0], r[1]),
                  "got %s, want %s" % (g, r))
        return
    got, _ = ref.calibrate(hist, FISCAL, o["by"], o["lo"], o["hi"], o["model"],
                           warn=None)
    table = {(r[0], r[1]): r for r in got}
    for kind, r in rows:
        g = table.get((r[0], r[1]))
        if g is None:
            check(False, "%s: %s %s present" % (os.path.basename(path), r[0],
                                                r[1]))
            continue
        row_of = (lambda key: lambda grp: table[(grp, key)])(r[1])
        ok = cell_ok(g[2], r[2], row_of, 2) and cell_ok(g[3], r[3], row_of, 3) \
            and (r[4] == "*" or g[4] == r[4]) and g[5] == r[5]
        check(ok, "%s: %s %s = %s" % (os.path.basename(path), r[0], r[1],
                                      r[2]), "got %s" % ",".join(g))
    order_check(name, got, o, hist)
    decimal_check(name, got, o, hist)


def order_check(name, got, o, hist):
    """Rows in the order INTERFACE.md and the decisions give, derived here."""
    fiscal = [l.split(",")[:3] for l in
              open(FISCAL, encoding="utf-8").read().splitlines()[1:]]
    present = {l.split(",")[0] for l in
               open(hist, encoding="utf-8").read().splitlines()[1:] if l}
    groups = ["defaults"]
    if o["by"] != "city":
        for cid, _, typ in fiscal:
            if cid in present and "type." + typ not in groups:
                groups.append("type." + typ)
    if o["by"] == "county":
        groups += ["county." + cid for cid, _, _ in fiscal if cid in present]
    want = [(g, k) for g in groups for k in ref.KEYS]
    want += [("correlation", ref.VARS[j] + "." + ref.VARS[k])
             for j, k in ref.CORR_KEYS]
    want += [("common", v) for v in ref.VARS]
    check([(r[0], r[1]) for r in got] == want,
          "%s --by %s: rows in the contract's order" % (name, o["by"]))


def decimal_check(name, got, o, hist):
    cmd = [sys.executable, os.path.join(HERE, "calibrate_decimal.py"),
           "--history", hist, "--fiscal", FISCAL, "--by", o["by"]]
    if o["model"]:
        cmd += ["--model", o["model"]]
    for flag, key in (("--from", "lo"), ("--to", "hi")):
        if o[key] is not None:
            cmd += [flag, str(o[key])]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    dec = [l.split(",") for l in out.stdout.splitlines()[1:]]
    bad = []
    for g, d in zip(got, dec):
        if g[:2] != d[:2] or g[4:] != d[4:]:
            bad.append((g, d))
            continue
        for j in (2, 3):
            if (g[j] == "") != (d[j] == "") or \
                    (g[j] and not close(float(g[j]), float(d[j]), 1e-11,
                                        1e-14)):
                bad.append((g, d))
                break
    check(len(got) == len(dec) and not bad,
          "%s --by %s: every row agrees with the 50-digit reading"
          % (name, o["by"]), "first: %s" % (bad[:1],))


def bad_cases():
    text = open(os.path.join(BAD, "HISTORY-CASES.md"), encoding="utf-8").read()
    n = 0
    for m in re.finditer(r"^\| (history_\w+\.csv) \| (\d+) \| (\d+) \| ([^|]*) \|",
                         text, re.M):
        fixture, line, col, phrases = m.groups()
        n += 1
        path = os.path.join(BAD, fixture)
        try:
            ref.load(path, FISCAL)
            check(False, "%s is rejected" % fixture, "it was accepted")
            continue
        except ref.InputError as e:
            msg = str(e)
        prefix = "%s:%s:%s: " % (path, line, col)
        ok = msg.startswith(prefix) and all(
            p.strip() in msg for p in phrases.split(";"))
        check(ok, "%s: %s:%s, %s" % (fixture, line, col, phrases.strip()),
              "got: %s" % msg)
    listed = sorted(f for f in os.listdir(BAD) if f.startswith("history_"))
    check(n == len(listed) and n >= 9,
          "HISTORY-CASES.md has a case for every history_*.csv",
          "%d cases, %d files" % (n, len(listed)))


def repair_cases():
    # README.md (d): unit diagonal, every other entry -0.6. Eigenvalues
    # 1 + 3(-0.6) = -0.8 (vector (1,1,1,1)) and 1.6 three times; the third
    # Cholesky pivot is det3/det2 = 1.6^2 (1 - 1.2) / (1.6 * 0.4) = -0.8.
    c = -0.6
    C = [[1.0 if i == j else c for j in range(4)] for i in range(4)]
    check(ref.cholesky(C) is None, "repair: C(-0.6) is not positive definite")
    w, V = ref.jacobi_eigen(C)
    check(all(close(a, b, 1e-12, 1e-12) for a, b in
              zip(sorted(w), [-0.8, 1.6, 1.6, 1.6])),
          "repair: eigenvalues -0.8, 1.6, 1.6, 1.6", "got %s" % w)
    R = ref.repair(C)
    # A = 1.6 (I - J/4) + 0.001 J/4: diagonal 1.6 - 1.599/4 = 1.20025,
    # off-diagonal -0.39975, so C' = -0.39975/1.20025 = -1599/4801.
    ok = all(close(R[i][j], 1.0 if i == j else -1599 / 4801, 1e-12)
             for i in range(4) for j in range(4))
    check(ok, "repair: C' has -1599/4801 off the diagonal", "got %s" % R)
    check(ref.cholesky(R) is not None, "repair: C' is positive definite")
    # A positive definite matrix has a Cholesky factor L with L L^T = C.
    P = [[1.0, 0.5, 0.25, 0.0], [0.5, 1.0, 0.5, 0.25],
         [0.25, 0.5, 1.0, 0.5], [0.0, 0.25, 0.5, 1.0]]
    L = ref.cholesky(P)
    ok = L is not None and all(
        close(sum(L[i][k] * L[j][k] for k in range(4)), P[i][j], 1e-14, 1e-15)
        for i in range(4) for j in range(4))
    check(ok, "cholesky: L L^T = C")


def window_cases():
    hist = os.path.join(DATA, "two_types.csv")
    model = os.path.join(ROOT, "models", "baseline.ini")
    a, _ = ref.calibrate(hist, FISCAL, "type", 2019, 2024, model, warn=None)
    b, _ = ref.calibrate(hist, FISCAL, "type", None, None, model, warn=None)
    check(a == b, "window 2019-2024 keeps the whole of two_types.csv")
    try:
        ref.calibrate(hist, FISCAL, "type", 2020, None, warn=None)
        check(False, "--from 2020 leaves five years: rejected")
    except ref.InputError as e:
        # wancheng's first line is line 2
        check(str(e).startswith(hist + ":2:1: ") and "wancheng" in str(e),
              "--from 2020 leaves five years: the first line of wancheng",
              str(e))


def sample_city():
    hist = os.path.join(ROOT, "data", "sample-city", "history.csv")
    if not os.path.exists(hist):
        check(False, "data/sample-city/history.csv exists")
        return
    lines = open(hist, encoding="utf-8").read().splitlines()
    head = lines[0].split(",")
    rows = [dict(zip(head, l.split(","))) for l in lines[1:]]
    flines = open(FISCAL, encoding="utf-8").read().splitlines()
    fhead = flines[0].split(",")
    fiscal = [dict(zip(fhead, l.split(","))) for l in flines[1:]]
    want_cols = ["county_id", "year", "gdp", "own_revenue", "transfers",
                 "land_revenue", "primary_spending", "explicit_debt",
                 "hidden_debt", "other_fund_revenue", "soe_revenue",
                 "remittance", "contingent"]
    check(head == want_cols, "sample history: every column of INTERFACE.md")
    ok = True
    for f in fiscal:
        last = [r for r in rows if r["county_id"] == f["county_id"]
                and r["year"] == "2024"]
        years = sorted(int(r["year"]) for r in rows
                       if r["county_id"] == f["county_id"])
        ok &= years == list(range(2013, 2025)) and len(last) == 1
        for col in want_cols[2:]:
            if col in f and last and last[0][col] != f[col]:
                ok = False
    check(ok, "sample history: 2013-2024 for all 13 counties, 2024 = "
          "fiscal.csv's text")
    check(all(float(r["land_revenue"]) > 0 for r in rows),
          "sample history: land revenue positive everywhere")
    out, _ = ref.calibrate(hist, FISCAL, "county", 2016, None,
                           os.path.join(ROOT, "models", "baseline.ini"),
                           warn=None)
    d = {(r[0], r[1]): float(r[2]) for r in out}
    # 2016-2024 is a rise to 2021 and a fall: about no trend, one long
    # excursion (land.rho at or near its clip)
    check(abs(d[("defaults", "land.mu")]) < 0.03 and
          d[("defaults", "land.rho")] > 0.7,
          "sample city 2016-2024: land trend about flat, land.rho high",
          "land.mu %s, land.rho %s" % (d[("defaults", "land.mu")],
                                       d[("defaults", "land.rho")]))


def synthetic_cases():
    """Synthetic histories (gen_history.py: 8 counties of 3 types, one of
    them without land, rounded to 2 decimals), every grouping, against the
    50-digit reading."""
    import tempfile
    for seed, years in ((1, 7), (2, 9)):
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run([sys.executable, os.path.join(HERE, "gen_history.py"),
                            "--out", tmp, "--counties", "8", "--types", "3",
                            "--years", str(years), "--seed", str(seed),
                            "--zero-land", "1", "--digits", "2", "--params",
                            os.path.join(HERE, "gen_common.json")], check=True)
            hist = os.path.join(tmp, "history.csv")
            fiscal = os.path.join(tmp, "fiscal.csv")
            for by in ("type", "county", "city"):
                got, _ = ref.calibrate(hist, fiscal, by, warn=None)
                out = subprocess.run(
                    [sys.executable, os.path.join(HERE, "calibrate_decimal.py"),
                     "--history", hist, "--fiscal", fiscal, "--by", by],
                    capture_output=True, text=True, check=True).stdout
                dec = [l.split(",") for l in out.splitlines()[1:]]
                ok = len(got) == len(dec) and all(
                    g[:2] == d[:2] and g[4:] == d[4:] and all(
                        (g[j] == "") == (d[j] == "") and
                        (not g[j] or close(float(g[j]), float(d[j]), 1e-9,
                                           1e-13)) for j in (2, 3))
                    for g, d in zip(got, dec))
                check(ok, "synthetic seed %d, %d years, --by %s: agrees with "
                      "the 50-digit reading" % (seed, years, by))


def main():
    for f in sorted(os.listdir(DATA)):
        m = re.match(r"(\w+)\.(\w+)\.expected$", f)
        if m:
            calibration_case(m.group(1), os.path.join(DATA, f))
    bad_cases()
    repair_cases()
    window_cases()
    synthetic_cases()
    sample_city()
    print("1..%d" % len(results))
    failed = 0
    for i, (ok, name, detail) in enumerate(results, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
        if not ok:
            failed += 1
            if detail:
                print("# " + detail.replace("\n", "\n# "))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
