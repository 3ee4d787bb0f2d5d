#!/usr/bin/env python3
"""Independent reference implementation of `debtrisk calibrate` (MODEL.md 11)
and of the bootstrap innovation table (MODEL.md 12).

Written from MODEL.md sections 11-12, INTERFACE.md (history.csv, calibrate,
the model file) and the calibration decisions (tests/ref/CALIBRATION-NOTES.md,
whose last section lists the readings made here where the decisions left a
point open). Standard library only: the 4x4 Cholesky factorization, the
triangular solves and the symmetric (Jacobi) eigendecomposition are written
out below, in double precision.

    calibrate_ref.py --history H --fiscal F [--by type|city|county]
                     [--from Y] [--to Y] [--model M]

prints calibration.csv: `group,key,value,se,n,status`, the twelve keys of
`defaults`, then of each `type.LABEL` (types in order of first appearance in
fiscal.csv), then of each `county.ID` (fiscal.csv order, --by county only),
then the six `correlation` rows and the four `common` rows. Numbers with
repr(float) (shortest round trip); se empty where it is not defined.

    calibrate_ref.py --innovations --history H --fiscal F [--by ...] [--model M]

prints the standardized innovations that the bootstrap draws from (whole
history, no window; `county` standardizes as `type`):
`county_id,year,zg,zor,zl,ztr,complete`, an empty cell where an innovation
does not exist, zl = 0 for a county without land observations, then a last
line `# bootstrap years: Y Y ...` (the years in which every county of the
history is complete).

Errors raise InputError("FILE:LINE:COL: message"); the command line prints
it and exits 1.
"""

import argparse
import configparser
import difflib
import math
import re
import sys

# ---------------------------------------------------------------------------
# Tables (INTERFACE.md)
# ---------------------------------------------------------------------------

KEYS = ["growth.mu", "growth.sigma", "growth.rho",
        "own_revenue.mu", "own_revenue.beta", "own_revenue.sigma",
        "land.mu", "land.sigma", "land.rho",
        "transfers.mu", "transfers.sigma", "spending.mu"]

DEFAULTS = {"growth.mu": 0.045, "growth.sigma": 0.025, "growth.rho": 0.4,
            "own_revenue.mu": 0.0, "own_revenue.beta": 1.0,
            "own_revenue.sigma": 0.04, "land.mu": -0.05, "land.sigma": 0.22,
            "land.rho": 0.5, "transfers.mu": 0.03, "transfers.sigma": 0.03,
            "spending.mu": 0.035}

VARS = ["growth", "own_revenue", "land", "transfers"]
CORR_KEYS = [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)]
CORR_DEFAULTS = {"growth.own_revenue": 0.6, "growth.land": 0.5,
                 "growth.transfers": -0.3, "own_revenue.land": 0.4,
                 "own_revenue.transfers": -0.2, "land.transfers": -0.1}
COMMON_DEFAULTS = {"growth": 0.6, "own_revenue": 0.4, "land": 0.7,
                   "transfers": 0.8}

# history.csv columns: (name, required, rule); rule "pos" > 0, "nonneg" >= 0
HISTORY_COLUMNS = [
    ("county_id", True, "id"), ("year", True, "year"),
    ("gdp", True, "pos"), ("own_revenue", True, "nonneg"),
    ("transfers", True, "nonneg"), ("land_revenue", True, "nonneg"),
    ("primary_spending", False, "pos"), ("explicit_debt", False, "nonneg"),
    ("hidden_debt", False, "nonneg"), ("other_fund_revenue", False, "nonneg"),
    ("soe_revenue", False, "nonneg"), ("remittance", False, "nonneg"),
    ("contingent", False, "nonneg"),
]

MIN_YEARS = 6
CLIP = 0.9
EIGEN_FLOOR = 1e-3


class InputError(Exception):
    pass


def corr_name(j, k):
    return VARS[j] + "." + VARS[k]


def clip(x, lo=-CLIP, hi=CLIP):
    return min(hi, max(lo, x))


# ---------------------------------------------------------------------------
# CSV with byte positions (INTERFACE.md "Inputs": RFC 4180, header first,
# blank lines ignored, a leading BOM accepted; columns are 1-based bytes)
# ---------------------------------------------------------------------------

def read_csv(path):
    """Returns a list of records; a record is (line, [(text, col), ...])."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise InputError("%s: cannot open (%s)" % (path, e.strerror))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    records = []
    i, line, n = 0, 1, len(data)
    while i < n:
        j = data.find(b"\n", i)
        j = n if j < 0 else j
        chunk = data[i:j]
        if chunk.endswith(b"\r"):
            chunk = chunk[:-1]
        if not chunk:   # a blank line
            i, line = j + 1, line + 1
            continue
        if b'"' not in chunk:   # the common case: no quoting in this record
            fields, col = [], 1
            for part in chunk.split(b","):
                fields.append((decode(path, line, col, part), col))
                col += len(part) + 1
            records.append((line, fields))
            i, line = j + 1, line + 1
            continue
        rec, i, nline = quoted_record(path, data, i, line)
        records.append((line, rec))
        line = nline
    if not records:
        raise InputError("%s:1:1: empty file" % path)
    return records


def decode(path, line, col, raw):
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("%s:%d:%d: not UTF-8" % (path, line, col))


def quoted_record(path, data, i, line):
    """One record with quoted fields from data[i:]; returns (fields, the
    index after its line end, the line number after it)."""
    n, col, fields = len(data), 1, []
    while True:
        fcol, buf = col, bytearray()
        if i < n and data[i:i + 1] == b'"':
            i, col = i + 1, col + 1
            while True:
                if i >= n:
                    raise InputError("%s:%d:%d: unterminated quote"
                                     % (path, line, fcol))
                ch = data[i:i + 1]
                if ch == b'"':
                    if data[i + 1:i + 2] == b'"':
                        buf += b'"'
                        i, col = i + 2, col + 2
                        continue
                    i, col = i + 1, col + 1
                    break
                buf += ch
                i, col = i + 1, col + 1
                if ch == b"\n":
                    line, col = line + 1, 1
        else:
            while i < n and data[i:i + 1] not in (b",", b"\n") and \
                    data[i:i + 2] != b"\r\n":
                buf += data[i:i + 1]
                i, col = i + 1, col + 1
        fields.append((decode(path, line, fcol, bytes(buf)), fcol))
        if i < n and data[i:i + 1] == b",":
            i, col = i + 1, col + 1
            continue
        if i < n:
            i += 1 if data[i:i + 1] == b"\n" else 2
        return fields, i, line + 1


NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def parse_number(text, where, column):
    t = text.strip()
    if not NUMBER.match(t):
        raise InputError("%s: %s: '%s' is not a number" % (where, column, text))
    v = float(t)
    if not math.isfinite(v):
        raise InputError("%s: %s: %s is too large" % (where, column, text))
    return v


# ---------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------

def read_fiscal(path):
    """[(county_id, type)] in file order; only the columns calibration needs."""
    records = read_csv(path)
    header = [t.strip() for t, _ in records[0][1]]
    for need in ("county_id", "type"):
        if need not in header:
            raise InputError("%s:1:1: missing column %s" % (path, need))
    ci, ti = header.index("county_id"), header.index("type")
    out, seen = [], set()
    for line, fields in records[1:]:
        if len(fields) != len(header):
            raise InputError("%s:%d:1: expected %d fields, found %d"
                             % (path, line, len(header), len(fields)))
        cid, typ = fields[ci][0].strip(), fields[ti][0].strip()
        if cid in seen:
            raise InputError("%s:%d:%d: duplicate county %s"
                             % (path, line, fields[ci][1], cid))
        seen.add(cid)
        out.append((cid, typ))
    if not out:
        raise InputError("%s:1:1: no counties" % path)
    return out


def read_history(path, fiscal_ids):
    """county_id -> list of rows {year, line, id_col, gdp, ...} in year order.

    Checks, in this order: the header (unknown, then missing columns), each
    row in file order (field count, then cells left to right, then a
    duplicate (county, year)), then per county in order of first line: a gap
    in its years. The >= 6 years rule depends on the window: see window()."""
    records = read_csv(path)
    header = [(t.strip(), c) for t, c in records[0][1]]
    known = {name: (req, rule) for name, req, rule in HISTORY_COLUMNS}
    for name, c in header:
        if name not in known:
            near = difflib.get_close_matches(name, list(known), 1)
            raise InputError("%s:1:%d: unknown column '%s'%s"
                             % (path, c, name, " (did you mean '%s'?)" % near[0]
                                if near else ""))
    names = [h for h, _ in header]
    for name, req, _ in HISTORY_COLUMNS:
        if req and name not in names:
            raise InputError("%s:1:1: missing column %s" % (path, name))
    if len(set(names)) != len(names):
        raise InputError("%s:1:1: a column appears twice" % path)
    by_county, first, seen = {}, {}, {}
    for line, fields in records[1:]:
        if len(fields) != len(header):
            raise InputError("%s:%d:%d: expected %d fields, found %d"
                             % (path, line, fields[-1][1], len(header),
                                len(fields)))
        row = {"line": line}
        for (name, _), (text, c) in zip(header, fields):
            where = "%s:%d:%d" % (path, line, c)
            req, rule = known[name]
            t = text.strip()
            if t == "":
                if req:
                    raise InputError("%s: %s: empty" % (where, name))
                row[name] = None
                continue
            if rule == "id":
                if t not in fiscal_ids:
                    raise InputError("%s: unknown county '%s' (not in the "
                                     "fiscal file)" % (where, t))
                row[name], row["id_col"] = t, c
            elif rule == "year":
                if not re.match(r"^[+-]?\d+$", t):
                    raise InputError("%s: year: '%s' is not a whole number"
                                     % (where, t))
                row[name], row["year_col"] = int(t), c
            else:
                v = parse_number(t, where, name)
                if rule == "pos" and not v > 0:
                    raise InputError("%s: %s: %s must be > 0" % (where, name, t))
                if rule == "nonneg" and not v >= 0:
                    raise InputError("%s: %s: %s must be >= 0"
                                     % (where, name, t))
                row[name] = v
        key = (row["county_id"], row["year"])
        if key in seen:
            raise InputError("%s:%d:%d: duplicate county and year %s %d "
                             "(first at line %d)"
                             % (path, line, row["year_col"], key[0], key[1],
                                seen[key]))
        seen[key] = line
        first.setdefault(row["county_id"], row)
        by_county.setdefault(row["county_id"], []).append(row)
    for cid, rows in by_county.items():
        rows.sort(key=lambda r: r["year"])
        for a, b in zip(rows, rows[1:]):
            if b["year"] != a["year"] + 1:
                f = first[cid]
                raise InputError("%s:%d:%d: county %s: years not consecutive "
                                 "(%d then %d)" % (path, f["line"], f["id_col"],
                                                   cid, a["year"], b["year"]))
    for cid in by_county:
        by_county[cid][0]["first"] = first[cid]
    return by_county


def window(path, history, lo, hi):
    """Keeps lo <= year <= hi; each county needs MIN_YEARS years in it."""
    out = {}
    for cid, rows in history.items():
        kept = [r for r in rows if (lo is None or r["year"] >= lo)
                and (hi is None or r["year"] <= hi)]
        if len(kept) < MIN_YEARS:
            f = rows[0]["first"]
            raise InputError("%s:%d:%d: county %s: %d years in the window, "
                             "at least %d needed" % (path, f["line"],
                                                     f["id_col"], cid,
                                                     len(kept), MIN_YEARS))
        out[cid] = kept
    return out


class Model:
    """The model values calibration needs: kept keys and their sections."""

    def __init__(self, path=None):
        self.sec = {}
        if path is not None:
            cp = configparser.ConfigParser(interpolation=None,
                                           inline_comment_prefixes=(";",))
            cp.optionxform = str
            if not cp.read(path, encoding="utf-8-sig"):
                raise InputError("%s: cannot open" % path)
            for s in cp.sections():
                self.sec[s] = dict(cp.items(s))

    def get(self, section, key, default):
        return float(self.sec.get(section, {}).get(key, default))

    def in_force(self, key, typ=None, county=None):
        """[county.ID] over [type.LABEL] over [defaults] over the table."""
        for s in (("county." + county) if county else None,
                  ("type." + typ) if typ else None, "defaults"):
            if s and key in self.sec.get(s, {}):
                return float(self.sec[s][key])
        return DEFAULTS[key]


# ---------------------------------------------------------------------------
# County series (MODEL.md 11, the decisions' "Data and window")
# ---------------------------------------------------------------------------

class County:
    def __init__(self, cid, typ, rows):
        self.id, self.type = cid, typ
        self.years = [r["year"] for r in rows]
        gdp = [r["gdp"] for r in rows]
        orv = [r["own_revenue"] for r in rows]
        trv = [r["transfers"] for r in rows]
        lrv = [r["land_revenue"] for r in rows]
        ps = [r.get("primary_spending") for r in rows]
        T = len(rows)
        # g, o, r at year index k = 1..T-1 (list index k-1)
        self.g = [gdp[k] / gdp[k - 1] - 1 for k in range(1, T)]
        self.o = [orv[k] / orv[k - 1] - 1 for k in range(1, T)]
        self.r = [trv[k] / trv[k - 1] - 1 for k in range(1, T)]
        self.p = [ps[k] / ps[k - 1] - 1 for k in range(1, T)
                  if ps[k] is not None and ps[k - 1] is not None]
        if all(x > 0 for x in lrv):
            self.ell = [math.log(x) for x in lrv]
        else:
            self.ell = None


# ---------------------------------------------------------------------------
# Estimation in one group (MODEL.md 11.1-11.5, 11.8 standard errors)
# ---------------------------------------------------------------------------

class Row:
    """One key of one group: value in force, se (None: empty), n, status,
    and `made` (the group's own data made it)."""

    def __init__(self, value, se, n, status, made):
        self.value, self.se, self.n, self.status, self.made = \
            value, se, n, status, made


def ar_ratio(series, mu):
    """Sum d_s d_{s-1} / sum d_{s-1}^2 over pairs inside each series,
    d = x - mu (mu None: x itself). None when no pairs or denominator <= 0.
    Returns (ratio, number of pairs)."""
    num = den = 0.0
    pairs = 0
    for x in series:
        d = x if mu is None else [v - mu for v in x]
        for k in range(1, len(d)):
            num += d[k] * d[k - 1]
            den += d[k - 1] * d[k - 1]
            pairs += 1
    if pairs == 0 or not den > 0:
        return None, pairs
    return num / den, pairs


def mean_of(series):
    vals = [v for x in series for v in x]
    return (sum(vals) / len(vals) if vals else None), len(vals)


def mean_se(series, mu):
    """sd/sqrt(n), sd with n - 1, around the group's own mean."""
    vals = [v for x in series for v in x]
    n = len(vals)
    if n < 2:
        return None
    sd = math.sqrt(sum((v - mu) ** 2 for v in vals) / (n - 1))
    return sd / math.sqrt(n)


def jackknife(rho_hat, half_a, half_b):
    """The half-panel jackknife of MODEL.md 11.1/11.3, clipped."""
    if half_a is None or half_b is None:
        return clip(rho_hat)
    return clip(2 * rho_hat - (half_a + half_b) / 2)


class Group:
    """Estimates of one group G and each member county's innovations.

    fallback(key) -> Row: what a key that cannot be made takes (status pooled
    or kept, the parent's value, se and n)."""

    def __init__(self, name, counties, fallback):
        self.name, self.counties = name, counties
        self.rows = {}
        self.fallback = fallback
        self.e = {c.id: {} for c in counties}   # id -> year -> [eg,eor,el,etr]
        self._growth()
        self._own_revenue()
        self._land()
        self._transfers()
        self._spending()

    def _set(self, key, value, se, n):
        if value is None:
            self.rows[key] = self.fallback(key)
        else:
            self.rows[key] = Row(value, se, n, "estimated", True)
        return self.rows[key].value

    def _inn(self, c, year, j, value):
        self.e[c.id].setdefault(year, [None] * 4)[j] = value

    def _growth(self):
        gs = [c.g for c in self.counties]
        mu_own, n = mean_of(gs)
        mu = self._set("growth.mu", mu_own,
                       None if mu_own is None else mean_se(gs, mu_own), n)
        rho_hat, pairs = ar_ratio(gs, mu)
        rho_own = None
        if rho_hat is not None:
            halves = []
            for part in (lambda x: x[:len(x) // 2], lambda x: x[len(x) // 2:]):
                hs = [part(x) for x in gs]
                mu_h, nh = mean_of(hs)
                halves.append(None if nh == 0 else ar_ratio(hs, mu_h)[0])
            rho_own = jackknife(rho_hat, halves[0], halves[1])
        se = None if rho_own is None else \
            math.sqrt((1 - rho_own ** 2) / pairs)
        rho = self._set("growth.rho", rho_own, se, pairs)
        ss, ne = 0.0, 0
        for c in self.counties:
            d = [v - mu for v in c.g]
            for k in range(1, len(d)):
                e = d[k] - rho * d[k - 1]
                ss += e * e
                ne += 1
                self._inn(c, c.years[k + 1], 0, e)
        sigma = math.sqrt(ss / (ne - 2)) if ne - 2 > 0 else None
        self._set("growth.sigma", sigma,
                  None if sigma is None else sigma / math.sqrt(2 * (ne - 2)),
                  ne)

    def _own_revenue(self):
        xs = [v for c in self.counties for v in c.g]
        ys = [v for c in self.counties for v in c.o]
        n = len(xs)
        beta_own = mu_own = None
        if n > 0:
            xb, yb = sum(xs) / n, sum(ys) / n
            sxx = sum((x - xb) ** 2 for x in xs)
            if sxx > 0:
                beta_own = sum((x - xb) * (y - yb)
                               for x, y in zip(xs, ys)) / sxx
                mu_own = yb - beta_own * xb
        beta = beta_own if beta_own is not None else \
            self.fallback("own_revenue.beta").value
        mu = mu_own if mu_own is not None else \
            self.fallback("own_revenue.mu").value
        ss = 0.0
        for c in self.counties:
            for k in range(len(c.g)):
                e = c.o[k] - mu - beta * c.g[k]
                ss += e * e
                self._inn(c, c.years[k + 1], 1, e)
        sigma = math.sqrt(ss / (n - 2)) if n - 2 > 0 else None
        se_b = se_m = None
        if beta_own is not None and sigma is not None:
            se_b = sigma / math.sqrt(sxx)
            se_m = sigma * math.sqrt(1 / n + xb * xb / sxx)
        self._set("own_revenue.mu", mu_own, se_m, n)
        self._set("own_revenue.beta", beta_own, se_b, n)
        self._set("own_revenue.sigma", sigma,
                  None if sigma is None else sigma / math.sqrt(2 * (n - 2)), n)

    @staticmethod
    def _trend(parts):
        """parts: [(years, ell)] of one group; the within-county trend and
        the deviations u per part (None when the denominator is <= 0)."""
        sxy = sxx = 0.0
        for ys, ls in parts:
            sb, lb = sum(ys) / len(ys), sum(ls) / len(ls)
            for s, l in zip(ys, ls):
                sxx += (s - sb) ** 2
                sxy += (s - sb) * (l - lb)
        return (sxy / sxx if sxx > 0 else None), sxx

    @staticmethod
    def _deviations(parts, mu):
        out = []
        for ys, ls in parts:
            sb, lb = sum(ys) / len(ys), sum(ls) / len(ls)
            out.append([l - lb - mu * (s - sb) for s, l in zip(ys, ls)])
        return out

    def _land(self):
        lands = [c for c in self.counties if c.ell is not None]
        kg = len(lands)
        parts = [(c.years, c.ell) for c in lands]
        nobs = sum(len(c.years) for c in lands)
        mu_own, sxx = self._trend(parts)
        mu = mu_own if mu_own is not None else \
            self.fallback("land.mu").value
        us = self._deviations(parts, mu)
        rho_hat, pairs = ar_ratio(us, None)
        rho_own = None
        if rho_hat is not None:
            halves = []
            for h in (0, 1):
                hp = []
                for ys, ls in parts:
                    cut = len(ys) // 2
                    hp.append((ys[:cut], ls[:cut]) if h == 0
                              else (ys[cut:], ls[cut:]))
                hp = [p for p in hp if p[0]]
                mu_h = self._trend(hp)[0] if hp else None
                halves.append(None if mu_h is None else
                              ar_ratio(self._deviations(hp, mu_h), None)[0])
            rho_own = jackknife(rho_hat, halves[0], halves[1])
        rho = rho_own if rho_own is not None else \
            self.fallback("land.rho").value
        ss, ne = 0.0, 0
        for c, u in zip(lands, us):
            for k in range(1, len(u)):
                e = u[k] - rho * u[k - 1]
                ss += e * e
                ne += 1
                self._inn(c, c.years[k], 2, e)
        dof = ne - kg - 2
        sigma = math.sqrt(ss / dof) if dof > 0 else None
        se_mu = None if (mu_own is None or sigma is None) else \
            sigma / math.sqrt(sxx)
        self._set("land.mu", mu_own, se_mu, nobs)
        self._set("land.sigma", sigma,
                  None if sigma is None else sigma / math.sqrt(2 * dof), ne)
        self._set("land.rho", rho_own,
                  None if rho_own is None else
                  math.sqrt((1 - rho_own ** 2) / pairs), pairs)

    def _transfers(self):
        rs = [c.r for c in self.counties]
        mu_own, n = mean_of(rs)
        mu = self._set("transfers.mu", mu_own,
                       None if mu_own is None else mean_se(rs, mu_own), n)
        ss = 0.0
        for c in self.counties:
            for k, v in enumerate(c.r):
                e = v - mu
                ss += e * e
                self._inn(c, c.years[k + 1], 3, e)
        sigma = math.sqrt(ss / (n - 1)) if n - 1 > 0 else None
        self._set("transfers.sigma", sigma,
                  None if sigma is None else sigma / math.sqrt(2 * (n - 1)), n)

    def _spending(self):
        ps = [c.p for c in self.counties]
        mu_own, n = mean_of(ps)
        self._set("spending.mu", mu_own,
                  None if mu_own is None else mean_se(ps, mu_own), n)

    def sigmas(self):
        return [self.rows[k].value for k in
                ("growth.sigma", "own_revenue.sigma", "land.sigma",
                 "transfers.sigma")]


def pooled_from(parent, kept_value):
    """The fallback of a group below `parent`: the parent's row (status
    pooled), or, where the parent kept the model's value, the model's value
    in force for this group (status kept)."""
    def fallback(key):
        p = parent.rows[key]
        if p.status == "kept":
            return Row(kept_value(key), None, 0, "kept", False)
        return Row(p.value, p.se, p.n, "pooled", False)
    return fallback


# ---------------------------------------------------------------------------
# Shrinkage (MODEL.md 11.8)
# ---------------------------------------------------------------------------

def shrink(type_group, county_groups):
    """county_groups: [(County, Group of one)] of one type. Returns
    county_id -> {key: Row} with the shrunk values."""
    out = {c.id: {} for c, _ in county_groups}
    for key in KEYS:
        theta_g = type_group.rows[key].value
        made = [(c, g.rows[key]) for c, g in county_groups
                if g.rows[key].made and g.rows[key].se is not None]
        k = len(made)
        tau2 = 0.0
        if k >= 3:
            bar = sum(r.value for _, r in made) / k
            var = sum((r.value - bar) ** 2 for _, r in made) / (k - 1)
            tau2 = max(0.0, var - sum(r.se ** 2 for _, r in made) / k)
        made_ids = {c.id for c, _ in made}
        for c, g in county_groups:
            r = g.rows[key]
            if c.id not in made_ids:
                if r.made:   # made, but without a se: takes the type's value
                    r = type_group_fallback(type_group, key, c)
                out[c.id][key] = r
                continue
            if k < 3 or tau2 == 0:
                lam = 0.0
            elif r.se == 0:
                lam = 1.0
            else:
                lam = tau2 / (tau2 + r.se ** 2)
            out[c.id][key] = Row(lam * r.value + (1 - lam) * theta_g, r.se,
                                 r.n, "shrunk", True)
    return out


def type_group_fallback(type_group, key, county):
    p = type_group.rows[key]
    if p.status == "kept":
        return Row(county.kept(key), None, 0, "kept", False)
    return Row(p.value, p.se, p.n, "pooled", False)


# ---------------------------------------------------------------------------
# 4x4 linear algebra (double precision, written out)
# ---------------------------------------------------------------------------

def cholesky(a):
    """Lower L with L L^T = a, or None when a pivot is <= 0."""
    n = len(a)
    L = [[0.0] * n for _ in range(n)]
    for j in range(n):
        s = a[j][j] - sum(L[j][k] * L[j][k] for k in range(j))
        if not s > 0:
            return None
        L[j][j] = math.sqrt(s)
        for i in range(j + 1, n):
            t = a[i][j] - sum(L[i][k] * L[j][k] for k in range(j))
            L[i][j] = t / L[j][j]
    return L


def forward_solve(L, b):
    """x with L x = b (L lower triangular)."""
    n = len(b)
    x = [0.0] * n
    for i in range(n):
        x[i] = (b[i] - sum(L[i][k] * x[k] for k in range(i))) / L[i][i]
    return x


def jacobi_eigen(a, sweeps=100):
    """Eigenvalues and eigenvectors (columns of V) of a symmetric matrix by
    cyclic Jacobi rotations: a = V diag(w) V^T."""
    n = len(a)
    A = [row[:] for row in a]
    V = [[1.0 if i == j else 0.0 for j in range(n)] for i in range(n)]
    for _ in range(sweeps):
        off = sum(A[i][j] ** 2 for i in range(n) for j in range(n) if i != j)
        if off == 0.0:
            break
        for p in range(n - 1):
            for q in range(p + 1, n):
                if A[p][q] == 0.0:
                    continue
                theta = (A[q][q] - A[p][p]) / (2 * A[p][q])
                t = (1.0 if theta >= 0 else -1.0) / \
                    (abs(theta) + math.sqrt(theta * theta + 1))
                c = 1 / math.sqrt(t * t + 1)
                s = t * c
                for k in range(n):   # A <- A J (columns p, q)
                    akp, akq = A[k][p], A[k][q]
                    A[k][p], A[k][q] = c * akp - s * akq, s * akp + c * akq
                for k in range(n):   # A <- J^T A (rows p, q)
                    apk, aqk = A[p][k], A[q][k]
                    A[p][k], A[q][k] = c * apk - s * aqk, s * apk + c * aqk
                A[p][q] = A[q][p] = 0.0
                for k in range(n):
                    vkp, vkq = V[k][p], V[k][q]
                    V[k][p], V[k][q] = c * vkp - s * vkq, s * vkp + c * vkq
    return [A[i][i] for i in range(n)], V


def repair(C):
    """Eigenvalues raised to EIGEN_FLOOR, rebuilt, rescaled to a unit
    diagonal (the decisions' repair)."""
    w, V = jacobi_eigen(C)
    w = [max(x, EIGEN_FLOOR) for x in w]
    n = len(C)
    A = [[sum(V[i][k] * w[k] * V[j][k] for k in range(n)) for j in range(n)]
         for i in range(n)]
    return [[1.0 if i == j else A[i][j] / math.sqrt(A[i][i] * A[j][j])
             for j in range(n)] for i in range(n)]


# ---------------------------------------------------------------------------
# Correlation and common weights (MODEL.md 11.6-11.7)
# ---------------------------------------------------------------------------

def standardized(counties, group_of, bootstrap=False):
    """county_id -> year -> [zg, zor, zl, ztr] (None where it does not exist
    or its group's sigma is not > 0) and the set of complete (id, year).
    bootstrap: a county without land observations has zl = 0 (and the land
    sigma is not needed)."""
    z, complete = {}, set()
    for c in counties:
        g = group_of(c)
        sig = g.sigmas()
        z[c.id] = {}
        for year in c.years:
            e = g.e[c.id].get(year, [None] * 4)
            zz = [None if e[j] is None or not sig[j] > 0 else e[j] / sig[j]
                  for j in range(4)]
            if bootstrap and c.ell is None and year != c.years[0]:
                zz[2] = 0.0
            z[c.id][year] = zz
            if all(v is not None for v in zz):
                complete.add((c.id, year))
    return z, complete


def correlation(counties, z, complete, model):
    """Returns (C rows, L, repaired, n) or (kept rows, None, False, 0)."""
    keys = [(cid, y) for cid in [c.id for c in counties]
            for y in sorted(z[cid]) if (cid, y) in complete]
    n = len(keys)
    G = [[0.0] * 4 for _ in range(4)]
    for cid, y in keys:
        v = z[cid][y]
        for j in range(4):
            for k in range(4):
                G[j][k] += v[j] * v[k]
    if n == 0 or any(not G[j][j] > 0 for j in range(4)):
        return None, None, False, 0
    C = [[1.0 if j == k else G[j][k] / math.sqrt(G[j][j] * G[k][k])
          for k in range(4)] for j in range(4)]
    L = cholesky(C)
    repaired = L is None
    if repaired:
        C = repair(C)
        L = cholesky(C)
    return C, L, repaired, n


def common_weights(counties, z, complete, L):
    """w (clipped to [0, 1]) and n = sum of m_s over years with m_s >= 2,
    or (None, 0) when sum m_s (m_s - 1) = 0."""
    years = {}
    for c in counties:
        for y in sorted(z[c.id]):
            if (c.id, y) in complete:
                years.setdefault(y, []).append(z[c.id][y])
    M = [[0.0] * 4 for _ in range(4)]
    denom, n = 0, 0
    for y in sorted(years):
        vs = years[y]
        m = len(vs)
        if m < 2:
            continue
        bar = [sum(v[j] for v in vs) for j in range(4)]
        for j in range(4):
            for k in range(4):
                M[j][k] += bar[j] * bar[k] - sum(v[j] * v[k] for v in vs)
        denom += m * (m - 1)
        n += m
    if denom == 0:
        return None, 0
    M = [[M[j][k] / denom for k in range(4)] for j in range(4)]
    # W = L^-1 M L^-T = X L^-T with X = L^-1 M. Solving L x = (column k of
    # M) gives column k of X; solving L y = (row j of X) gives column j of
    # L^-1 X^T, which is row j of W (W = (L^-1 X^T)^T).
    Xcols = [forward_solve(L, [M[i][k] for i in range(4)]) for k in range(4)]
    W = [forward_solve(L, [Xcols[i][j] for i in range(4)]) for j in range(4)]
    return [clip(W[k][k], 0.0, 1.0) for k in range(4)], n


# ---------------------------------------------------------------------------
# The calibration
# ---------------------------------------------------------------------------

def load(history_path, fiscal_path, lo=None, hi=None):
    fiscal = read_fiscal(fiscal_path)
    types = dict(fiscal)
    hist = read_history(history_path, types)
    hist = window(history_path, hist, lo, hi)
    counties = [County(cid, typ, hist[cid]) for cid, typ in fiscal
                if cid in hist]
    missing = [cid for cid, _ in fiscal if cid not in hist]
    type_order = []
    for cid, typ in fiscal:
        if cid in hist and typ not in type_order:
            type_order.append(typ)
    return counties, type_order, missing


def estimate(counties, type_order, by, model):
    """(groups in output order [(name, Group)], group_of for innovations,
    county rows {id: {key: Row}} for --by county)."""
    for c in counties:
        c.kept = (lambda cc: lambda key: model.in_force(key, cc.type, cc.id))(c)

    def kept_defaults(key):
        return Row(model.in_force(key), None, 0, "kept", False)
    city = Group("defaults", counties, kept_defaults)
    groups = [("defaults", city)]
    types = {}
    if by in ("type", "county"):
        for t in type_order:
            members = [c for c in counties if c.type == t]
            types[t] = Group("type." + t, members, pooled_from(
                city, lambda key, t=t: model.in_force(key, t)))
            groups.append(("type." + t, types[t]))
    county_rows = {}
    if by == "county":
        for t in type_order:
            one = []
            for c in counties:
                if c.type != t:
                    continue
                one.append((c, Group("county." + c.id, [c], pooled_from(
                    types[t], c.kept))))
            county_rows.update(shrink(types[t], one))
    if by == "city":
        def group_of(c):
            return city
    else:
        def group_of(c):
            return types[c.type]
    return groups, group_of, county_rows


def fmt(x):
    return "" if x is None else repr(float(x))


def calibrate(history_path, fiscal_path, by="type", lo=None, hi=None,
              model_path=None, warn=sys.stderr):
    """calibration.csv as a list of [group, key, value, se, n, status] and
    whether the correlation matrix was repaired. Counties of fiscal.csv
    absent from the history take no part (a warning on `warn`, if any)."""
    model = Model(model_path)
    counties, type_order, missing = load(history_path, fiscal_path, lo, hi)
    for cid in missing if warn else []:
        print("calibrate_ref: warning: county %s of %s is not in %s and takes "
              "no part" % (cid, fiscal_path, history_path), file=warn)
    groups, group_of, county_rows = estimate(counties, type_order, by, model)
    out = []
    for name, g in groups:
        for key in KEYS:
            r = g.rows[key]
            out.append([name, key, fmt(r.value), fmt(r.se), str(r.n),
                        r.status])
    for c in counties:
        if c.id in county_rows:
            for key in KEYS:
                r = county_rows[c.id][key]
                out.append(["county." + c.id, key, fmt(r.value), fmt(r.se),
                            str(r.n), r.status])
    z, complete = standardized(counties, group_of)
    C, L, repaired, n = correlation(counties, z, complete, model)
    for j, k in CORR_KEYS:
        name = corr_name(j, k)
        if C is None:
            v = model.get("correlation", name, CORR_DEFAULTS[name])
            out.append(["correlation", name, fmt(v), "", "0", "kept"])
        else:
            out.append(["correlation", name, fmt(C[j][k]),
                        fmt((1 - C[j][k] ** 2) / math.sqrt(n)), str(n),
                        "estimated"])
    w, nw = (None, 0) if L is None else common_weights(counties, z, complete, L)
    for k, name in enumerate(VARS):
        if w is None:
            v = model.get("common", name, COMMON_DEFAULTS[name])
            out.append(["common", name, fmt(v), "", "0", "kept"])
        else:
            out.append(["common", name, fmt(w[k]), "", str(nw), "estimated"])
    return out, repaired


def innovations(history_path, fiscal_path, by="type", model_path=None):
    """The bootstrap table: [[county_id, year, zg, zor, zl, ztr, complete]]
    and the bootstrap years."""
    model = Model(model_path)
    counties, type_order, _ = load(history_path, fiscal_path)
    _, group_of, _ = estimate(counties, type_order,
                              "type" if by == "county" else by, model)
    z, complete = standardized(counties, group_of, bootstrap=True)
    rows, years = [], None
    for c in counties:
        for y in c.years:
            zz = z[c.id][y]
            rows.append([c.id, str(y)] + [fmt(v) for v in zz] +
                        ["1" if (c.id, y) in complete else "0"])
        mine = {y for y in c.years if (c.id, y) in complete}
        years = mine if years is None else years & mine
    return rows, sorted(years or [])


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--history", required=True)
    ap.add_argument("--fiscal", required=True)
    ap.add_argument("--by", choices=["type", "city", "county"], default="type")
    ap.add_argument("--from", dest="lo", type=int)
    ap.add_argument("--to", dest="hi", type=int)
    ap.add_argument("--model")
    ap.add_argument("--innovations", action="store_true")
    a = ap.parse_args(argv)
    try:
        if a.innovations:
            if a.lo is not None or a.hi is not None:
                ap.error("--innovations uses the whole history: no --from/--to")
            rows, years = innovations(a.history, a.fiscal, a.by, a.model)
            print("county_id,year,zg,zor,zl,ztr,complete")
            for r in rows:
                print(",".join(r))
            print("# bootstrap years:" + "".join(" %d" % y for y in years))
        else:
            out, repaired = calibrate(a.history, a.fiscal, a.by, a.lo, a.hi,
                                      a.model)
            print("group,key,value,se,n,status")
            for r in out:
                print(",".join(r))
            if repaired:
                print("calibrate_ref: the correlation matrix was not positive "
                      "definite and was repaired", file=sys.stderr)
    except InputError as e:
        print("calibrate_ref: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
