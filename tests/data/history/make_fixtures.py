#!/usr/bin/env python3
"""Writes the hand-worked history fixtures of this folder from their yearly
rates (README.md has the derivations).

Each series is a first level and its growth rates in percent, compounded in
exact decimal arithmetic, so every level is a terminating decimal and the
rates calibrate recovers are those below (to the rounding of a double).
Land revenue is given as levels. A county without primary_spending rates has
empty cells. Run from anywhere: python3 tests/data/history/make_fixtures.py
"""

import os
from decimal import Decimal as D

HERE = os.path.dirname(os.path.abspath(__file__))
YEARS = list(range(2019, 2025))

# county: (gdp0, g%, or0, o%, tr0, r%, ps0 or None, p% or None, land levels)
A = {
    "wancheng": ("100", [6, 10, 8, 8, 3],
                 "20", ["4.75", "12.25", 10, 8, "3.75"],
                 "30", [5, 7, 6, 8, 4],
                 "50", [4, 6, 5, 3, 7],
                 ["15.625", "15.625", 10, 10, 10, 8]),
    "wolong": ("90", [4, 6, 8, 4, 8],
               "18", [3, 7, 9, 2, 9],
               "28", [6, 6, 5, 7, 6],
               "45", [5, 5, 4, 6, 5],
               [10, "12.5", "12.5", 10, 8, 8]),
    "fangcheng": ("60", [7, 5, 6, 9, 8],
                  "10", [8, 4, 5, 10, 8],
                  "40", [8, 7, 9, 6, 5],
                  None, None,
                  [5, "6.25", 5, 4, 4, "3.2"]),
    "zhenping": ("70", [5, 7, 4, 6, 3],
                 "12", [6, 6, 3, 7, 2],
                 "35", [7, 9, 8, 8, 8],
                 None, None,
                 [8, 10, 10, "12.5", 8, "6.4"]),
}

# (c): constant growth of 12.5% (exact in binary), zero land, no spending
C = {
    "wancheng": A["wancheng"][:6] + (None, None, A["wancheng"][8]),
    "wolong": A["wolong"][:6] + (None, None, A["wolong"][8]),
    "fangcheng": ("64", ["12.5"] * 5, "10", [10, 14, 12, 16, 8],
                  "40", [8, 7, 9, 6, 5], None, None,
                  [5, "6.25", 5, 4, 4, "3.2"]),
    "zhenping": ("128", ["12.5"] * 5, "12", [12, 10, 15, 11, 12],
                 "35", [7, 9, 8, 8, 8], None, None, [0] * 6),
    "xixia": ("80", [5, 7, 4, 6, 3], "9", [6, 6, 3, 7, 2],
              "25", [6, 8, 7, 7, 7], None, None, [3, 4, 0, 2, 3, 3]),
}

# (e): four agricultural counties for the shrinkage of --by county
E = {
    "fangcheng": ("60", [7, 5, 6, 9, 8], "10", [8, 4, 5, 10, 8],
                  "40", [6, 7, 5, 6, 6], "30", [4, 5, 3, 4, 4],
                  [5, "6.25", 5, 4, 4, "3.2"]),
    "zhenping": ("70", [5, 7, 4, 6, 3], "12", [6, 6, 3, 7, 2],
                 "35", [5, 6, 7, 6, 7], "32", [3, 4, 4, 5, 4],
                 [8, 10, 10, "12.5", 8, "6.4"]),
    "sheqi": ("40", [10, 9, 11, 8, 12], "6", [12, 8, 14, 9, 15],
              "25", [6, 6, 6, 7, 5], "20", [6, 5, 5, 6, 5],
              [4, 5, 5, 4, "3.2", "3.2"]),
    "tanghe": ("75", [4, 6, 5, 3, 2], "11", [3, 7, 5, 2, 1],
               "38", [7, 5, 6, 6, 5], "36", [3, 3, 4, 4, 3],
               ["12.5", 10, 10, 8, 8, "6.4"]),
}

# no land revenue anywhere: land keys, correlation and common are kept
N = {
    "wancheng": A["wancheng"][:8] + ([0] * 6,),
    "wolong": A["wolong"][:8] + ([0] * 6,),
}


def levels(first, rates):
    out = [D(first)]
    for r in rates:
        out.append(out[-1] * (1 + D(str(r)) / 100))
    return out


def text(x):
    s = format(D(x).normalize(), "f")
    return s


def write(name, spec, spending):
    cols = ["county_id", "year", "gdp", "own_revenue", "transfers",
            "land_revenue"] + (["primary_spending"] if spending else [])
    lines = [",".join(cols)]
    for cid, (g0, g, o0, o, t0, r, p0, p, land) in spec.items():
        series = [levels(g0, g), levels(o0, o), levels(t0, r),
                  [D(str(x)) for x in land]]
        if spending:
            series.append(levels(p0, p) if p0 else [None] * 6)
        for k, y in enumerate(YEARS):
            cells = [cid, str(y)] + ["" if s[k] is None else text(s[k])
                                     for s in series]
            lines.append(",".join(cells))
    with open(os.path.join(HERE, name), "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    write("one_county.csv", {"wancheng": A["wancheng"]}, True)
    write("two_types.csv", A, True)
    write("cannot.csv", C, False)
    write("shrink.csv", E, True)
    write("no_land.csv", N, True)


if __name__ == "__main__":
    main()
