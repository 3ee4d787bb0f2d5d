#!/usr/bin/env python3
"""Compares two CSV files cell by cell, numbers to a tolerance.

    compare_csv.py [--rtol R] [--atol A] [--columns a,b,...] GOT EXPECTED

Both files must have the same rows in the same order. Without --columns both
headers must be equal; with it only the named columns are compared (each must
exist in both files). Two cells match when their texts are equal, or when both
are numbers and: both infinite with the same sign, or (finite) |got-expected|
<= max(rtol*max(|got|,|expected|), atol). Defaults: rtol 1e-9, atol 1e-12.
Exit 0 when every cell matches; else 1, after printing the first mismatch
(line, column, both values) and the number of mismatching cells.
"""

import argparse
import csv
import math
import sys


def number(text):
    try:
        return float(text)
    except ValueError:
        return None


def cells_match(a, b, rtol, atol):
    if a == b:
        return True
    x, y = number(a), number(b)
    if x is None or y is None or math.isnan(x) or math.isnan(y):
        return False
    if math.isinf(x) or math.isinf(y):
        return x == y
    return abs(x - y) <= max(rtol * max(abs(x), abs(y)), atol)


def read(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return [r for r in csv.reader(f) if r]


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rtol", type=float, default=1e-9)
    ap.add_argument("--atol", type=float, default=1e-12)
    ap.add_argument("--columns")
    ap.add_argument("got")
    ap.add_argument("expected")
    a = ap.parse_args(argv)

    got, exp = read(a.got), read(a.expected)
    if not got or not exp:
        print("compare_csv: empty file: %s" % (a.got if not got else a.expected))
        return 1
    hg, he = got[0], exp[0]
    if a.columns:
        names = [c.strip() for c in a.columns.split(",")]
        for n in names:
            for h, p in ((hg, a.got), (he, a.expected)):
                if n not in h:
                    print("compare_csv: %s has no column %s" % (p, n))
                    return 1
    else:
        if hg != he:
            print("compare_csv: headers differ:\n  got      %s\n  expected %s"
                  % (",".join(hg), ",".join(he)))
            return 1
        names = hg
    if len(got) != len(exp):
        print("compare_csv: %d data rows in %s, %d in %s"
              % (len(got) - 1, a.got, len(exp) - 1, a.expected))
        return 1
    ig = [hg.index(n) for n in names]
    ie = [he.index(n) for n in names]

    first = None
    bad = 0
    for r in range(1, len(got)):
        for n, i, j in zip(names, ig, ie):
            g = got[r][i] if i < len(got[r]) else ""
            e = exp[r][j] if j < len(exp[r]) else ""
            if not cells_match(g, e, a.rtol, a.atol):
                bad += 1
                if first is None:
                    key = ",".join(got[r][:3])
                    first = ("line %d (%s), column %s: got %s, expected %s"
                             % (r + 1, key, n, g, e))
                    x, y = number(g), number(e)
                    if x is not None and y is not None and \
                            math.isfinite(x) and math.isfinite(y) and y != 0:
                        first += " (relative difference %.3g)" % (abs(x - y) / abs(y))
    if bad:
        print("compare_csv: %s" % first)
        print("compare_csv: %d mismatching cells" % bad)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
