#!/usr/bin/env python3
"""Makes data/sample-city/history.csv: an illustrative 2013-2024 history of the
13 counties of fiscal.csv, ending exactly at fiscal.csv's 2024 figures.

    python3 data/sample-city/make_history.py     (writes history.csv beside it)

Deterministic (Python's random with a fixed seed). Every series is built
backwards from its 2024 value: a national shape of the decade, a county
offset or amplitude, and the county's own noise, so that calibrate has
something to estimate. Not official data (README.md). Shapes:

- GDP (nominal): 7-9% a year to 2019, a 2020 dip, 4-5% lately; per county an
  AR(1) deviation (rho 0.4, sd 1.2 points).
- own revenue (一般公共预算收入): about 6% a year to 2019, -3% in 2020, 1-3%
  since; moves with the county's growth deviation, plus its own noise.
- transfers (上级补助): 5-8% a year, plus noise.
- land revenue (土地出让收入): the national series (trillion yuan: 4.1 in 2013,
  3.3 in 2015, 8.7 at the 2021 peak, 4.9 in 2024) in logs around its 2021
  peak, the rise scaled by a county amplitude of 0.6-0.9 and the fall by one
  of 0.9-1.3 (county swings differ, and counties fell harder than they
  rose), times a county AR(1) deviation; positive every year.
- hidden debt: up through 2019, flat to 2022, swapped down in 2023-2024;
  explicit debt: faster from 2015 (bonds replaced LGFV borrowing) and with
  the 2023-2024 refinancing bonds; contingent liabilities up 8% a year to
  2019, 3% since.
- other fund and state-capital revenue grow with GDP, remittances with own
  revenue; primary spending is what the county had (综合财力), less
  interest at fiscal.csv's rates, plus what it borrowed that year (the
  change in its debt), plus a little noise: the gap of MODEL.md section 7
  run backwards, so that the debt grew because spending outran the
  resources.
Values are rounded to 2 decimals (亿元); the 2024 row copies fiscal.csv's text.
"""

import csv
import math
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
YEARS = list(range(2013, 2025))
SEED = 20130101

# year-on-year national shapes, in percent, for 2014..2024
GDP = [8.5, 7.0, 7.5, 8.0, 7.5, 7.0, 2.0, 9.5, 4.5, 4.5, 4.0]
OWN = [7.0, 6.5, 5.5, 6.0, 6.5, 5.0, -3.0, 3.0, 1.0, 2.5, 1.5]
TRANSFERS = [6.0, 7.0, 6.0, 7.5, 7.0, 8.0, 8.0, 5.0, 7.5, 6.0, 5.5]
HIDDEN = [15.0, 10.0, 12.0, 12.0, 8.0, 5.0, 3.0, 2.0, 1.0, -12.0, -15.0]
EXPLICIT = [8.0, 25.0, 22.0, 15.0, 14.0, 13.0, 16.0, 12.0, 12.0, 17.0, 18.0]
CONTINGENT = [8.0] * 6 + [3.0] * 5
# national land-sale revenue, trillion yuan, 2013..2024
LAND = [4.1, 4.3, 3.3, 3.7, 5.2, 6.5, 7.2, 8.4, 8.7, 6.7, 5.8, 4.9]
TYPE_GROWTH = {"urban": 0.5, "agricultural": 0.0, "ecological": -0.5}

COLUMNS = ["county_id", "year", "gdp", "own_revenue", "transfers",
           "land_revenue", "primary_spending", "explicit_debt", "hidden_debt",
           "other_fund_revenue", "soe_revenue", "remittance", "contingent"]


def backwards(last, rates):
    """Levels for 2013..2024 ending at `last`, from 2014..2024 rates."""
    out = [last]
    for r in reversed(rates):
        out.append(out[-1] / (1 + r))
    return out[::-1]


def ar1(rng, n, rho, sd):
    x, out = rng.gauss(0, sd / math.sqrt(1 - rho * rho)), []
    for _ in range(n):
        x = rho * x + rng.gauss(0, sd)
        out.append(x)
    return out


def number(v):
    s = "%.2f" % v
    return s.rstrip("0").rstrip(".") if "." in s else s


def county(rng, row):
    """The 12 years of one county: {column: [2013..2024 values]}."""
    f = {k: float(v) for k, v in row.items()
         if k not in ("county_id", "name", "type")}
    dev = ar1(rng, 11, 0.4, 1.2)
    g = [(GDP[t] + TYPE_GROWTH[row["type"]] + dev[t]) / 100 for t in range(11)]
    beta = rng.uniform(0.8, 1.2)
    o = [(OWN[t] + beta * dev[t] + rng.gauss(0, 2.0)) / 100 for t in range(11)]
    tr = [(TRANSFERS[t] + rng.gauss(0, 2.0)) / 100 for t in range(11)]
    # the log of the national series around its 2021 peak, the rise scaled
    # by a_up and the fall by a_down (counties fell harder than they rose)
    a_up, a_down = rng.uniform(0.6, 0.9), rng.uniform(0.9, 1.3)
    peak = YEARS.index(2021)
    shape = [(a_up if t <= peak else a_down) * math.log(LAND[t] / LAND[peak])
             for t in range(12)]
    u = ar1(rng, 12, 0.5, 0.12)
    land = [f["land_revenue"] * math.exp(shape[t] - shape[-1] + u[t] - u[-1])
            for t in range(12)]
    s = {"gdp": backwards(f["gdp"], g),
         "own_revenue": backwards(f["own_revenue"], o),
         "transfers": backwards(f["transfers"], tr),
         "land_revenue": land,
         "hidden_debt": backwards(f["hidden_debt"], [
             (h + rng.gauss(0, 2.0)) / 100 for h in HIDDEN]),
         "explicit_debt": backwards(f["explicit_debt"], [
             (e + rng.gauss(0, 2.0)) / 100 for e in EXPLICIT]),
         "contingent": backwards(f["contingent"], [
             (c + rng.gauss(0, 1.0)) / 100 for c in CONTINGENT]),
         "other_fund_revenue": backwards(f["other_fund_revenue"], [
             x + rng.gauss(0, 0.02) for x in g]),
         "soe_revenue": backwards(f["soe_revenue"], [
             0.05 + rng.gauss(0, 0.03) for _ in g])}
    s["remittance"] = [f["remittance"] * x / f["own_revenue"]
                       for x in s["own_revenue"]]
    cfr = [s["own_revenue"][t] + s["transfers"][t] + s["land_revenue"][t] +
           s["other_fund_revenue"][t] + s["soe_revenue"][t] -
           s["remittance"][t] for t in range(12)]
    # what the county spent is what it had, less interest, plus what it
    # borrowed (MODEL.md section 7's gap, run backwards): the debt grew
    # because spending outran the fiscal resources
    re, rh = f["rate_explicit"], f["rate_hidden"]
    debt = [s["explicit_debt"][t] + s["hidden_debt"][t] for t in range(12)]
    ps = [0.0] * 12
    for t in range(1, 12):
        interest = re * s["explicit_debt"][t - 1] + rh * s["hidden_debt"][t - 1]
        ps[t] = (cfr[t] + debt[t] - debt[t - 1] - interest) * (
            1 + rng.gauss(0, 0.005))
    ps[0] = ps[1] * cfr[0] / cfr[1]
    s["primary_spending"] = ps
    return s


def main():
    rng = random.Random(SEED)
    with open(os.path.join(HERE, "fiscal.csv"), encoding="utf-8") as f:
        fiscal = list(csv.DictReader(f))
    lines = [",".join(COLUMNS)]
    for row in fiscal:
        s = county(rng, row)
        for t, year in enumerate(YEARS):
            cells = [row["county_id"], str(year)]
            for col in COLUMNS[2:]:
                # the base year is fiscal.csv itself, as written there
                cells.append(row[col] if year == YEARS[-1] else
                             number(s[col][t]))
            lines.append(",".join(cells))
    with open(os.path.join(HERE, "history.csv"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
