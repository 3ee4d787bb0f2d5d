#!/usr/bin/env python3
"""Synthetic county histories from known parameters (MODEL.md sections 2-3),
for parameter-recovery and backtest-coverage tests of `debtrisk calibrate`.

    gen_history.py --out DIR [--counties N] [--types K] [--years T]
                   [--first-year Y] [--seed S] [--params JSON] [--burn-in B]
                   [--zero-land N] [--digits D]
                   [--set KEY=VALUE]...

writes DIR/history.csv (every column of INTERFACE.md's history.csv),
DIR/fiscal.csv (the last year's values as the base year) and DIR/truth.json
(the parameters used, the options, and each county's type).

The parameters (default: gen_default.json beside this script) are per type
the twelve [defaults] keys, the [correlation] matrix C and the [common]
weights w, as in the model file. County i (i = 0..N-1) has type i mod K
(the first K types of the file). Per year t, with F_t (4) and eta_{i,t} (4)
iid N(0,1):
    x_{i,t,k} = sqrt(w_k) F_{t,k} + sqrt(1 - w_k) eta_{i,t,k},  z = L x,
    L L^T = C (section 2), and
    u^g_t = rho_g u^g_{t-1} + sigma_g z^g_t,      g_t = mu_g + u^g_t,
    GDP_t = GDP_{t-1} (1 + g_t),
    OR_t  = OR_{t-1} max(0, 1 + mu_or + beta_or g_t + sigma_or z^or_t),
    u^l_t = rho_l u^l_{t-1} + sigma_l z^l_t,      LR_t = A_i exp(mu_l t + u^l_t),
    TR_t  = TR_{t-1} max(0, 1 + mu_tr + sigma_tr z^tr_t),
    PS_t  = PS_{t-1} (1 + mu_ps + spending_noise eps_t)    (eps iid N(0,1)),
(section 3) with t = 0 the first year. The AR states u^g, u^l run
--burn-in years (default 50) before the first year, so the history starts
from their stationary distribution. The other columns are only plausible:
other fund and state-capital revenue grow with GDP, remittance with own
revenue, explicit debt 6% a year and hidden debt 2% a year (each with a
little noise), contingent liabilities flat.

Two parameter sets are shipped. gen_default.json, for parameter recovery:
independent counties (every [common] weight 0), so that the standard errors
calibrate reports (which treat county-years as independent) mean something;
gen_common.json, the same with common weights, for bootstrap and backtest
tests (with w > 0 a 12-year panel holds only 11 draws of each common factor,
and the city-wide means, trends and correlations are known only to within
that). Both have growth.own_revenue = 0: calibrate's least squares of o on
g gives beta all of own revenue's co-movement with growth (MODEL.md 11.2), so
a history simulated with C_{g,or} != 0 is recovered as
beta + sigma_or C_{g,or} (1 - rho_g^2) / sigma_g with C_{g,or} near 0.

--set KEY=VALUE changes one parameter: `TYPE.growth.rho=0.6` (one type),
`growth.rho=0.6` (every type), `correlation.growth.land=0.1`,
`common.land=0`, `spending_noise=0`. Python's random with --seed: the same
options give the same files.
"""

import argparse
import json
import math
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
KEYS = ["growth.mu", "growth.sigma", "growth.rho",
        "own_revenue.mu", "own_revenue.beta", "own_revenue.sigma",
        "land.mu", "land.sigma", "land.rho",
        "transfers.mu", "transfers.sigma", "spending.mu"]
VARS = ["growth", "own_revenue", "land", "transfers"]
PAIRS = [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)]
COLUMNS = ["county_id", "year", "gdp", "own_revenue", "transfers",
           "land_revenue", "primary_spending", "explicit_debt", "hidden_debt",
           "other_fund_revenue", "soe_revenue", "remittance", "contingent"]
FISCAL = ["county_id", "name", "type", "gdp", "own_revenue", "transfers",
          "land_revenue", "other_fund_revenue", "soe_revenue", "remittance",
          "primary_spending", "explicit_debt", "hidden_debt", "contingent"]


def cholesky(a):
    n = len(a)
    L = [[0.0] * n for _ in range(n)]
    for j in range(n):
        s = a[j][j] - sum(L[j][k] ** 2 for k in range(j))
        if not s > 0:
            sys.exit("gen_history: the correlation matrix is not positive "
                     "definite")
        L[j][j] = math.sqrt(s)
        for i in range(j + 1, n):
            L[i][j] = (a[i][j] - sum(L[i][k] * L[j][k]
                                     for k in range(j))) / L[j][j]
    return L


def apply_set(params, assignment):
    name, _, value = assignment.partition("=")
    v = float(value)
    if name == "spending_noise":
        params["spending_noise"] = v
        return
    head, _, rest = name.partition(".")
    if head in ("correlation", "common"):
        if rest not in params[head]:
            sys.exit("gen_history: unknown key %s" % name)
        params[head][rest] = v
    elif head in params["types"] and rest in KEYS:
        params["types"][head][rest] = v
    elif name in KEYS:
        for t in params["types"].values():
            t[name] = v
    else:
        sys.exit("gen_history: unknown key %s" % name)


def simulate(params, n_counties, n_types, n_years, burn_in, zero_land, rng):
    """Per county: (type, {column: [values per year]})."""
    labels = list(params["types"])[:n_types]
    if len(labels) < n_types:
        sys.exit("gen_history: the parameters hold only %d types"
                 % len(labels))
    C = [[1.0] * 4 for _ in range(4)]
    for j, k in PAIRS:
        C[j][k] = C[k][j] = params["correlation"][VARS[j] + "." + VARS[k]]
    L = cholesky(C)
    w = [params["common"][v] for v in VARS]
    sw = [math.sqrt(x) for x in w]
    sr = [math.sqrt(1 - x) for x in w]
    noise = params.get("spending_noise", 0.01)

    counties = []
    for i in range(n_counties):
        t = labels[i % n_types]
        gdp0 = rng.uniform(100, 600)
        land = 0.0 if i >= n_counties - zero_land else \
            gdp0 * rng.uniform(0.01, 0.08)
        orv = gdp0 * rng.uniform(0.03, 0.06)
        trv = gdp0 * rng.uniform(0.05, 0.15)
        counties.append({
            "type": t, "p": params["types"][t], "ug": 0.0, "ul": 0.0,
            "A": land, "gdp": gdp0, "or": orv, "tr": trv,
            "ps": 0.95 * (orv + trv + land), "of": gdp0 * 0.004,
            "soe": gdp0 * 0.001, "rem": orv * 0.08, "rem0": orv * 0.08,
            "or0": orv, "E": 0.1 * gdp0, "H": 0.06 * gdp0, "CL": 0.02 * gdp0,
            "rows": {c: [] for c in COLUMNS[2:]}})

    def shocks():
        F = [rng.gauss(0, 1) for _ in range(4)]
        out = []
        for _ in counties:
            x = [sw[k] * F[k] + sr[k] * rng.gauss(0, 1) for k in range(4)]
            out.append([sum(L[j][k] * x[k] for k in range(j + 1))
                        for j in range(4)])
        return out

    for _ in range(burn_in):
        for c, z in zip(counties, shocks()):
            p = c["p"]
            c["ug"] = p["growth.rho"] * c["ug"] + p["growth.sigma"] * z[0]
            c["ul"] = p["land.rho"] * c["ul"] + p["land.sigma"] * z[2]
    for t in range(n_years):
        zs = shocks()
        for c, z in zip(counties, zs):
            p = c["p"]
            if t > 0:
                c["ug"] = p["growth.rho"] * c["ug"] + p["growth.sigma"] * z[0]
                c["ul"] = p["land.rho"] * c["ul"] + p["land.sigma"] * z[2]
                g = p["growth.mu"] + c["ug"]
                c["gdp"] *= 1 + g
                c["or"] *= max(0.0, 1 + p["own_revenue.mu"] +
                               p["own_revenue.beta"] * g +
                               p["own_revenue.sigma"] * z[1])
                c["tr"] *= max(0.0, 1 + p["transfers.mu"] +
                               p["transfers.sigma"] * z[3])
                c["ps"] *= 1 + p["spending.mu"] + noise * rng.gauss(0, 1)
                c["of"] *= 1 + g
                c["soe"] *= 1 + g
                c["rem"] = c["rem0"] * c["or"] / c["or0"]
                c["E"] *= 1.06 + 0.01 * rng.gauss(0, 1)
                c["H"] *= max(0.0, 1.02 + 0.02 * rng.gauss(0, 1))
            lr = c["A"] * math.exp(p["land.mu"] * t + c["ul"])
            for col, v in (("gdp", c["gdp"]), ("own_revenue", c["or"]),
                           ("transfers", c["tr"]), ("land_revenue", lr),
                           ("primary_spending", c["ps"]),
                           ("explicit_debt", c["E"]), ("hidden_debt", c["H"]),
                           ("other_fund_revenue", c["of"]),
                           ("soe_revenue", c["soe"]), ("remittance", c["rem"]),
                           ("contingent", c["CL"])):
                c["rows"][col].append(v)
    return [(c["type"], c["rows"]) for c in counties]


def number(v, digits):
    if digits is None:
        return repr(float(v))
    return "%.*f" % (digits, v)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--counties", type=int, default=200)
    ap.add_argument("--types", type=int, default=1)
    ap.add_argument("--years", type=int, default=12)
    ap.add_argument("--first-year", type=int, default=2013)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--params", default=os.path.join(HERE, "gen_default.json"))
    ap.add_argument("--burn-in", type=int, default=50)
    ap.add_argument("--zero-land", type=int, default=0,
                    help="the last N counties have no land revenue")
    ap.add_argument("--digits", type=int,
                    help="round every value to D decimals (default: exact)")
    ap.add_argument("--set", action="append", default=[])
    a = ap.parse_args(argv)
    with open(a.params) as f:
        params = json.load(f)
    for s in a.set:
        apply_set(params, s)
    rng = random.Random(a.seed)
    counties = simulate(params, a.counties, a.types, a.years, a.burn_in,
                        a.zero_land, rng)
    os.makedirs(a.out, exist_ok=True)
    ids = ["c%04d" % i for i in range(len(counties))]
    with open(os.path.join(a.out, "history.csv"), "w") as f:
        f.write(",".join(COLUMNS) + "\n")
        for cid, (_, rows) in zip(ids, counties):
            for t in range(a.years):
                f.write(",".join([cid, str(a.first_year + t)] +
                                 [number(rows[c][t], a.digits)
                                  for c in COLUMNS[2:]]) + "\n")
    with open(os.path.join(a.out, "fiscal.csv"), "w") as f:
        f.write(",".join(FISCAL) + "\n")
        for cid, (typ, rows) in zip(ids, counties):
            vals = {c: number(rows[c][-1], a.digits) for c in COLUMNS[2:]}
            f.write(",".join([cid, "County " + cid[1:], typ] +
                             [vals[c] for c in FISCAL[3:]]) + "\n")
    truth = {"options": {"counties": a.counties, "types": a.types,
                         "years": a.years, "first_year": a.first_year,
                         "seed": a.seed, "burn_in": a.burn_in,
                         "zero_land": a.zero_land, "digits": a.digits,
                         "set": a.set},
             "types": {t: params["types"][t]
                       for t in list(params["types"])[:a.types]},
             "correlation": params["correlation"], "common": params["common"],
             "spending_noise": params.get("spending_noise", 0.01),
             "county_type": {cid: typ for cid, (typ, _) in zip(ids, counties)}}
    with open(os.path.join(a.out, "truth.json"), "w") as f:
        json.dump(truth, f, indent=1, sort_keys=False)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
