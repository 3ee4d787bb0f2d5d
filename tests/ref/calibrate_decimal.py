#!/usr/bin/env python3
"""A second reading of MODEL.md section 11 in 50-digit decimal arithmetic.

Only for the small histories of tests/data/history/: it cross-checks
calibrate_ref.py (double precision) on every row those fixtures make, where
hand values cover only part of them (correlation, common weights,
shrinkage). Written separately from calibrate_ref.py, in another shape: every
observation is a (county, year, value) entry, each estimate is one formula
over those entries, and W = L^-1 M L^-T is formed from an LDL^T
factorization (W_kk = (U^-1 M U^-T)_kk / D_kk) instead of a Cholesky factor.
It reads its inputs with the csv module and trusts them (no checks).

    calibrate_decimal.py --history H --fiscal F [--by type|city|county]
                         [--from Y] [--to Y] [--model M]

prints the same calibration.csv as calibrate_ref.py, numbers with 17
significant digits.
"""

import argparse
import configparser
import csv
import sys
from decimal import Decimal as D, getcontext

getcontext().prec = 50
ZERO, ONE, TWO = D(0), D(1), D(2)
KEYS = ["growth.mu", "growth.sigma", "growth.rho",
        "own_revenue.mu", "own_revenue.beta", "own_revenue.sigma",
        "land.mu", "land.sigma", "land.rho",
        "transfers.mu", "transfers.sigma", "spending.mu"]
TABLE = {"growth.mu": "0.045", "growth.sigma": "0.025", "growth.rho": "0.4",
         "own_revenue.mu": "0.0", "own_revenue.beta": "1.0",
         "own_revenue.sigma": "0.04", "land.mu": "-0.05", "land.sigma": "0.22",
         "land.rho": "0.5", "transfers.mu": "0.03", "transfers.sigma": "0.03",
         "spending.mu": "0.035"}
PAIRS = ["growth.own_revenue", "growth.land", "growth.transfers",
         "own_revenue.land", "own_revenue.transfers", "land.transfers"]
CTABLE = {"growth.own_revenue": "0.6", "growth.land": "0.5",
          "growth.transfers": "-0.3", "own_revenue.land": "0.4",
          "own_revenue.transfers": "-0.2", "land.transfers": "-0.1"}
WTABLE = {"growth": "0.6", "own_revenue": "0.4", "land": "0.7",
          "transfers": "0.8"}
VAR = ["growth", "own_revenue", "land", "transfers"]


def clip(x, lo=D("-0.9"), hi=D("0.9")):
    return max(lo, min(hi, x))


def avg(xs):
    return sum(xs, ZERO) / len(xs)


def ratio_ar(series):
    """series: {county: [values in year order]}; sum x_s x_{s-1} over
    sum x_{s-1}^2 on pairs inside each county; None if not made."""
    top = sum((v[k] * v[k - 1] for v in series.values()
               for k in range(1, len(v))), ZERO)
    bot = sum((v[k - 1] ** 2 for v in series.values()
               for k in range(1, len(v))), ZERO)
    npairs = sum(max(0, len(v) - 1) for v in series.values())
    return (top / bot if npairs and bot > 0 else None), npairs


class Est:
    def __init__(self, value, se, n, status):
        self.value, self.se, self.n, self.status = value, se, n, status


def estimate(ids, obs, fallback):
    """obs: per county {'years', 'g', 'o', 'r', 'p', 'ell'} (lists, year
    order; g/o/r/p start at the second year; ell None without land).
    fallback(key) -> Est. Returns ({key: Est}, {county: {year: [e x4]}},
    {key: made?})."""
    est, made = {}, {}
    inn = {c: {} for c in ids}

    def put(key, value, se, n):
        made[key] = value is not None
        est[key] = Est(value, se, n, "estimated") if value is not None \
            else fallback(key)
        return est[key].value

    # growth
    allg = [x for c in ids for x in obs[c]["g"]]
    mu = put("growth.mu", avg(allg) if allg else None,
             ((sum((x - avg(allg)) ** 2 for x in allg) / (len(allg) - 1)).sqrt()
              / D(len(allg)).sqrt()) if len(allg) > 1 else None, len(allg))
    dev = {c: [x - mu for x in obs[c]["g"]] for c in ids}
    rh, npairs = ratio_ar(dev)
    rho_made = None
    if rh is not None:
        parts = []
        for first in (True, False):
            h = {c: (obs[c]["g"][:len(obs[c]["g"]) // 2] if first else
                     obs[c]["g"][len(obs[c]["g"]) // 2:]) for c in ids}
            vals = [x for v in h.values() for x in v]
            if not vals:
                parts.append(None)
                continue
            m = avg(vals)
            parts.append(ratio_ar({c: [x - m for x in v]
                                   for c, v in h.items()})[0])
        rho_made = clip(rh) if None in parts else \
            clip(TWO * rh - (parts[0] + parts[1]) / TWO)
    rho = put("growth.rho", rho_made,
              ((ONE - rho_made ** 2) / npairs).sqrt()
              if rho_made is not None else None, npairs)
    sse, ne = ZERO, 0
    for c in ids:
        d, ys = dev[c], obs[c]["years"]
        for k in range(1, len(d)):
            e = d[k] - rho * d[k - 1]
            inn[c].setdefault(ys[k + 1], [None] * 4)[0] = e
            sse += e * e
            ne += 1
    sg = (sse / (ne - 2)).sqrt() if ne > 2 else None
    put("growth.sigma", sg, sg / (TWO * (ne - 2)).sqrt() if sg else
        (ZERO if sg == 0 else None), ne)

    # own revenue
    xy = [(x, y) for c in ids for x, y in zip(obs[c]["g"], obs[c]["o"])]
    n = len(xy)
    b_m = m_m = None
    if n:
        xb = avg([x for x, _ in xy])
        yb = avg([y for _, y in xy])
        sxx = sum(((x - xb) ** 2 for x, _ in xy), ZERO)
        if sxx > 0:
            b_m = sum(((x - xb) * (y - yb) for x, y in xy), ZERO) / sxx
            m_m = yb - b_m * xb
    beta = b_m if b_m is not None else fallback("own_revenue.beta").value
    mor = m_m if m_m is not None else fallback("own_revenue.mu").value
    sse = ZERO
    for c in ids:
        ys = obs[c]["years"]
        for k, (x, y) in enumerate(zip(obs[c]["g"], obs[c]["o"])):
            e = y - mor - beta * x
            inn[c].setdefault(ys[k + 1], [None] * 4)[1] = e
            sse += e * e
    so = (sse / (n - 2)).sqrt() if n > 2 else None
    put("own_revenue.mu", m_m, so * (ONE / n + xb * xb / sxx).sqrt()
        if m_m is not None and so is not None else None, n)
    put("own_revenue.beta", b_m, so / sxx.sqrt()
        if b_m is not None and so is not None else None, n)
    put("own_revenue.sigma", so, so / (TWO * (n - 2)).sqrt()
        if so is not None else None, n)

    # land
    lc = [c for c in ids if obs[c]["ell"] is not None]

    def trend(sel):
        """sel: {county: (years, ell)} -> (mu or None, Sxx)."""
        top = bot = ZERO
        for ys, ls in sel.values():
            sb, lb = avg([D(y) for y in ys]), avg(ls)
            top += sum(((D(y) - sb) * (l - lb) for y, l in zip(ys, ls)), ZERO)
            bot += sum(((D(y) - sb) ** 2 for y in ys), ZERO)
        return (top / bot if bot > 0 else None), bot

    def devs(sel, m):
        out = {}
        for c, (ys, ls) in sel.items():
            sb, lb = avg([D(y) for y in ys]), avg(ls)
            out[c] = [l - lb - m * (D(y) - sb) for y, l in zip(ys, ls)]
        return out

    full = {c: (obs[c]["years"], obs[c]["ell"]) for c in lc}
    ml_m, sxx_l = trend(full)
    ml = ml_m if ml_m is not None else fallback("land.mu").value
    u = devs(full, ml)
    rh, npl = ratio_ar(u)
    rl_m = None
    if rh is not None:
        parts = []
        for first in (True, False):
            sel = {}
            for c, (ys, ls) in full.items():
                h = len(ys) // 2
                sel[c] = (ys[:h], ls[:h]) if first else (ys[h:], ls[h:])
            mh = trend(sel)[0]
            parts.append(None if mh is None else ratio_ar(devs(sel, mh))[0])
        rl_m = clip(rh) if None in parts else \
            clip(TWO * rh - (parts[0] + parts[1]) / TWO)
    rl = rl_m if rl_m is not None else fallback("land.rho").value
    sse, ne = ZERO, 0
    for c in lc:
        ys = obs[c]["years"]
        for k in range(1, len(u[c])):
            e = u[c][k] - rl * u[c][k - 1]
            inn[c].setdefault(ys[k], [None] * 4)[2] = e
            sse += e * e
            ne += 1
    dof = ne - len(lc) - 2
    sl = (sse / dof).sqrt() if dof > 0 else None
    put("land.mu", ml_m, sl / sxx_l.sqrt()
        if ml_m is not None and sl is not None else None,
        sum(len(obs[c]["years"]) for c in lc))
    put("land.sigma", sl, sl / (TWO * dof).sqrt() if sl is not None else None,
        ne)
    put("land.rho", rl_m, ((ONE - rl_m ** 2) / npl).sqrt()
        if rl_m is not None else None, npl)

    # transfers, spending
    allr = [x for c in ids for x in obs[c]["r"]]
    mt = put("transfers.mu", avg(allr) if allr else None,
             ((sum((x - avg(allr)) ** 2 for x in allr) / (len(allr) - 1)).sqrt()
              / D(len(allr)).sqrt()) if len(allr) > 1 else None, len(allr))
    sse = ZERO
    for c in ids:
        ys = obs[c]["years"]
        for k, x in enumerate(obs[c]["r"]):
            inn[c].setdefault(ys[k + 1], [None] * 4)[3] = x - mt
            sse += (x - mt) ** 2
    st = (sse / (len(allr) - 1)).sqrt() if len(allr) > 1 else None
    put("transfers.sigma", st, st / (TWO * (len(allr) - 1)).sqrt()
        if st is not None else None, len(allr))
    allp = [x for c in ids for x in obs[c]["p"]]
    put("spending.mu", avg(allp) if allp else None,
        ((sum((x - avg(allp)) ** 2 for x in allp) / (len(allp) - 1)).sqrt()
         / D(len(allp)).sqrt()) if len(allp) > 1 else None, len(allp))
    return est, inn, made


def jacobi(a):
    n = len(a)
    A = [r[:] for r in a]
    V = [[ONE if i == j else ZERO for j in range(n)] for i in range(n)]
    tiny = D(10) ** -45
    for _ in range(200):
        if max(abs(A[i][j]) for i in range(n) for j in range(n) if i != j) \
                < tiny:
            break
        for p in range(n):
            for q in range(p + 1, n):
                if abs(A[p][q]) < tiny:
                    continue
                th = (A[q][q] - A[p][p]) / (TWO * A[p][q])
                t = (ONE if th >= 0 else -ONE) / (abs(th) + (th * th + 1).sqrt())
                c = ONE / (t * t + 1).sqrt()
                s = t * c
                for k in range(n):
                    A[k][p], A[k][q] = c * A[k][p] - s * A[k][q], \
                        s * A[k][p] + c * A[k][q]
                for k in range(n):
                    A[p][k], A[q][k] = c * A[p][k] - s * A[q][k], \
                        s * A[p][k] + c * A[q][k]
                for k in range(n):
                    V[k][p], V[k][q] = c * V[k][p] - s * V[k][q], \
                        s * V[k][p] + c * V[k][q]
    return [A[i][i] for i in range(n)], V


def ldl(C):
    """Unit lower U and diagonal d with C = U diag(d) U^T; None if a d <= 0."""
    n = len(C)
    U = [[ZERO] * n for _ in range(n)]
    d = [ZERO] * n
    for j in range(n):
        d[j] = C[j][j] - sum((U[j][k] ** 2 * d[k] for k in range(j)), ZERO)
        if not d[j] > 0:
            return None
        U[j][j] = ONE
        for i in range(j + 1, n):
            U[i][j] = (C[i][j] - sum((U[i][k] * U[j][k] * d[k]
                                      for k in range(j)), ZERO)) / d[j]
    return U, d


def fixed_point(C, z, complete, ids, model):
    """correlation and common rows."""
    rows = []
    keys = [(c, y) for c in ids for y in sorted(z[c]) if (c, y) in complete]
    G = [[sum((z[c][y][j] * z[c][y][k] for c, y in keys), ZERO)
          for k in range(4)] for j in range(4)]
    if not keys or any(G[j][j] == 0 for j in range(4)):
        for p in PAIRS:
            rows.append(["correlation", p, D(model("correlation", p,
                                                   CTABLE[p])), None, 0,
                         "kept"])
        for v in VAR:
            rows.append(["common", v, D(model("common", v, WTABLE[v])), None,
                         0, "kept"])
        return rows
    C = [[G[j][k] / (G[j][j] * G[k][k]).sqrt() for k in range(4)]
         for j in range(4)]
    f = ldl(C)
    if f is None:
        lam, V = jacobi(C)
        lam = [max(x, D("0.001")) for x in lam]
        A = [[sum((V[i][k] * lam[k] * V[j][k] for k in range(4)), ZERO)
              for j in range(4)] for i in range(4)]
        C = [[A[i][j] / (A[i][i] * A[j][j]).sqrt() for j in range(4)]
             for i in range(4)]
        f = ldl(C)
    n = len(keys)
    idx = [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)]
    for p, (j, k) in zip(PAIRS, idx):
        rows.append(["correlation", p, C[j][k],
                     (ONE - C[j][k] ** 2) / D(n).sqrt(), n, "estimated"])
    years = sorted({y for _, y in keys})
    M = [[ZERO] * 4 for _ in range(4)]
    den, nw = 0, 0
    for y in years:
        who = [c for c in ids if (c, y) in complete]
        m = len(who)
        if m < 2:
            continue
        den += m * (m - 1)
        nw += m
        for a in who:
            for b in who:
                if a != b:
                    for j in range(4):
                        for k in range(4):
                            M[j][k] += z[a][y][j] * z[b][y][k]
    if den == 0:
        for v in VAR:
            rows.append(["common", v, D(model("common", v, WTABLE[v])), None,
                         0, "kept"])
        return rows
    M = [[M[j][k] / den for k in range(4)] for j in range(4)]
    U, d = f
    # Ui = U^-1 (unit lower), then W = D^-1/2 Ui M Ui^T D^-1/2
    Ui = [[ZERO] * 4 for _ in range(4)]
    for i in range(4):
        Ui[i][i] = ONE
        for j in range(i):
            Ui[i][j] = -sum((U[i][k] * Ui[k][j] for k in range(j, i)), ZERO)
    for k, v in enumerate(VAR):
        wkk = sum((Ui[k][a] * M[a][b] * Ui[k][b]
                   for a in range(4) for b in range(4)), ZERO) / d[k]
        rows.append(["common", v, clip(wkk, ZERO, ONE), None, nw,
                     "estimated"])
    return rows


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--history", required=True)
    ap.add_argument("--fiscal", required=True)
    ap.add_argument("--by", default="type")
    ap.add_argument("--from", dest="lo", type=int)
    ap.add_argument("--to", dest="hi", type=int)
    ap.add_argument("--model")
    a = ap.parse_args(argv)
    cp = configparser.ConfigParser(interpolation=None,
                                   inline_comment_prefixes=(";",))
    cp.optionxform = str
    if a.model:
        cp.read(a.model, encoding="utf-8")

    def model(section, key, default):
        return cp.get(section, key) if cp.has_option(section, key) else default

    def in_force(key, typ=None, cid=None):
        for s in ([("county." + cid)] if cid else []) + \
                ([("type." + typ)] if typ else []) + ["defaults"]:
            if cp.has_option(s, key):
                return D(cp.get(s, key))
        return D(TABLE[key])

    with open(a.fiscal, encoding="utf-8-sig", newline="") as f:
        fiscal = [(r["county_id"], r["type"]) for r in csv.DictReader(f)]
    rows = {}
    with open(a.history, encoding="utf-8-sig", newline="") as f:
        for r in csv.DictReader(f):
            y = int(r["year"])
            if (a.lo is None or y >= a.lo) and (a.hi is None or y <= a.hi):
                rows.setdefault(r["county_id"], []).append(r)
    ids = [c for c, _ in fiscal if c in rows]
    typ = dict(fiscal)
    obs = {}
    for c in ids:
        rs = sorted(rows[c], key=lambda r: int(r["year"]))

        def col(name):
            return [D(r[name]) if r.get(name, "").strip() else None for r in rs]

        def growth(v):
            return [v[k] / v[k - 1] - 1 for k in range(1, len(v))
                    if v[k] is not None and v[k - 1] is not None]
        lr = col("land_revenue")
        obs[c] = {"years": [int(r["year"]) for r in rs],
                  "g": growth(col("gdp")), "o": growth(col("own_revenue")),
                  "r": growth(col("transfers")),
                  "p": growth(col("primary_spending")),
                  "ell": [x.ln() for x in lr] if all(x > 0 for x in lr)
                  else None}

    def below(parent, kept):
        def fb(key):
            p = parent[key]
            if p.status == "kept":
                return Est(kept(key), None, 0, "kept")
            return Est(p.value, p.se, p.n, "pooled")
        return fb

    out = []
    city, city_inn, _ = estimate(ids, obs, lambda k: Est(in_force(k), None, 0,
                                                         "kept"))
    out += [["defaults", k, city[k].value, city[k].se, city[k].n,
             city[k].status] for k in KEYS]
    types = []
    for c in ids:
        if typ[c] not in types:
            types.append(typ[c])
    tg, tinn = {}, {}
    if a.by != "city":
        for t in types:
            mem = [c for c in ids if typ[c] == t]
            tg[t], tinn[t], _ = estimate(mem, obs, below(
                city, lambda k, t=t: in_force(k, t)))
            out += [["type." + t, k, tg[t][k].value, tg[t][k].se, tg[t][k].n,
                     tg[t][k].status] for k in KEYS]
    if a.by == "county":
        own = {}
        for c in ids:
            e, _, made = estimate([c], obs, below(
                tg[typ[c]], lambda k, c=c: in_force(k, typ[c], c)))
            own[c] = (e, made)
        for c in ids:
            e, made = own[c]
            for k in KEYS:
                r = e[k]
                if not made[k] or r.se is None:
                    if made[k]:
                        p = tg[typ[c]][k]
                        r = Est(p.value, p.se, p.n, "pooled") \
                            if p.status != "kept" else \
                            Est(in_force(k, typ[c], c), None, 0, "kept")
                    out.append(["county." + c, k, r.value, r.se, r.n,
                                r.status])
                    continue
                peers = [own[x][0][k] for x in ids if typ[x] == typ[c]
                         and own[x][1][k] and own[x][0][k].se is not None]
                lam = ZERO
                if len(peers) >= 3:
                    bar = avg([p.value for p in peers])
                    tau2 = max(ZERO, sum(((p.value - bar) ** 2 for p in peers),
                                         ZERO) / (len(peers) - 1)
                               - avg([p.se ** 2 for p in peers]))
                    if tau2 > 0:
                        lam = ONE if r.se == 0 else tau2 / (tau2 + r.se ** 2)
                theta = lam * r.value + (ONE - lam) * tg[typ[c]][k].value
                out.append(["county." + c, k, theta, r.se, r.n, "shrunk"])
    # innovations standardized by the county's group
    z, complete = {}, set()
    for c in ids:
        if a.by == "city":
            grp, inn = city, city_inn
        else:
            grp, inn = tg[typ[c]], tinn[typ[c]]
        sig = [grp[k].value for k in ("growth.sigma", "own_revenue.sigma",
                                      "land.sigma", "transfers.sigma")]
        z[c] = {}
        for y, e in inn[c].items():
            z[c][y] = [None if e[j] is None or not sig[j] > 0 else e[j] / sig[j]
                       for j in range(4)]
            if None not in z[c][y]:
                complete.add((c, y))
    out += fixed_point(None, z, complete, ids, model)
    print("group,key,value,se,n,status")
    for g, k, v, se, n, st in out:
        print("%s,%s,%s,%s,%d,%s" % (g, k, "%.17g" % v,
                                     "" if se is None else "%.17g" % se, n,
                                     st))


if __name__ == "__main__":
    sys.exit(main())
