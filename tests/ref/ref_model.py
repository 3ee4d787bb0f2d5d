#!/usr/bin/env python3
"""Independent reference implementation of the deterministic debtrisk model.

Written from models/MODEL.md, version 2 ("the contract") and the README only, as a
second reading of the equations against which the C program's deterministic
projection.csv is checked (tests/test_e2e.sh). Standard library only.

    ref_model.py --fiscal F [--projects F] --model F [--scenario F]
                 [--set SECTION.KEY=VALUE]... [--years T] [--summary]

prints the projection CSV of the README (one row per county, in file order,
and projected year B+1..B+T; numbers with repr(), `inf` for infinity). With
--summary it prints instead what summary.csv must hold in deterministic mode:
county_id,p_breach_end,first_year_p50.

Readings of points MODEL.md leaves open (the lead's, see the task brief):
  (a) deterministic contingent stock: CL_t = CL_{t-1} - pi_c*ell*CL_{t-1} (+ dCL_t)
  (b) MODEL.md 7.8 (version 2): when a stock is <= 0 its carried-forward
      rate is the year's effective rate, re+_t = re_t, rh+_t = rh_t
  (c) a measure whose denominator is <= 0 is +inf
  (d) premium and consolidation terms are 0 when their slope is 0, even if d = inf
  (e) several adjustments of one flow in one year: X*(m1*m2*...) + (a1+a2+...)
  (f) type parameters: [defaults] overlaid by the keys set in [type.LABEL];
      base rates from fiscal.csv rate_explicit/rate_hidden when non-empty,
      else the type's rate.explicit / rate.hidden
  (g) projects of the scenario's [projects] file are all active; `enable`
      selects among those of projects.csv
  (h) swap only in its years and counties (default all):
      X_t = min(share*H_0, H_{t-1}+PH_t+CH_t+GH_t), at rate y_t + spread
  (i) adjustment and swap years are calendar years.
Own reading (not settled by MODEL.md): a `yield` adjustment names counties,
so y_t is computed per county: y_t = max(0, y_0 + dy_{i,t}).
"""

import argparse
import csv
import math
import os
import sys

INF = math.inf


class InputError(Exception):
    pass


# ---------------------------------------------------------------------------
# INI dialect (the README "Model file", "Scenario file"): [section] headers,
# `key = value`, comment lines starting with ';' or '#', inline comments
# introduced by whitespace followed by ';'.
# ---------------------------------------------------------------------------

def read_ini(path):
    """Returns a list of (section, [(key, value, line), ...]) in file order."""
    sections = []
    current = None
    with open(path, encoding="utf-8-sig") as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.strip()
            if not line or line[0] in ";#":
                continue
            # a continuation line (indented, after a key) extends the value
            if raw[0] in " \t" and current is not None and current[1]:
                k, v, ln = current[1][-1]
                current[1][-1] = (k, (v + " " + line).strip(), ln)
                continue
            # inline comment: ';' preceded by whitespace
            for i in range(1, len(line)):
                if line[i] == ";" and line[i - 1] in " \t":
                    line = line[:i].rstrip()
                    break
            if line.startswith("["):
                if not line.endswith("]"):
                    raise InputError("%s:%d: bad section header" % (path, lineno))
                current = (line[1:-1].strip(), [])
                sections.append(current)
                continue
            pos = [p for p in (line.find("="), line.find(":")) if p >= 0]
            if not pos or current is None:
                raise InputError("%s:%d: expected key = value in a section"
                                 % (path, lineno))
            p = min(pos)
            current[1].append((line[:p].strip(), line[p + 1:].strip(), lineno))
    return sections


# ---------------------------------------------------------------------------
# Model parameters (the README "Model file" and its defaults table)
# ---------------------------------------------------------------------------

MODEL_DEFAULTS = {
    "run": {"base_year": "2024", "years": "10", "paths": "10000", "seed": "1"},
    "thresholds": {"warning": "1.0", "grades": "1.2, 2.0, 3.0",
                   "official_warning": "1.0", "interest_warning": "0.10",
                   "debt_gdp_warning": "0.60"},
    "shocks": {"family": "normal", "df": "5", "history": "", "by": "type",
               "block": "1"},
    "correlation": {"growth.own_revenue": "0.6", "growth.land": "0.5",
                    "growth.transfers": "-0.3", "own_revenue.land": "0.4",
                    "own_revenue.transfers": "-0.2", "land.transfers": "-0.1"},
    "common": {"growth": "0.6", "own_revenue": "0.4", "land": "0.7",
               "transfers": "0.8"},
    "rates": {"yield": "0.025", "sigma": "0.004", "rho": "0.7",
              "growth_corr": "0.3", "hidden_spread": "0.03",
              "premium_slope": "0.01", "premium_start": "1.2",
              "premium_max": "0.05", "reprice_explicit": "0.10",
              "reprice_hidden": "0.30"},
    "policy": {"quota": "0.05", "consolidation": "0.0",
               "consolidation_max": "0.03", "debt_target": "1.0",
               "surplus_spend": "0.5"},
    "defaults": {"growth.mu": "0.045", "growth.sigma": "0.025",
                 "growth.rho": "0.4", "own_revenue.mu": "0.0",
                 "own_revenue.beta": "1.0", "own_revenue.sigma": "0.04",
                 "land.mu": "-0.05", "land.sigma": "0.22", "land.rho": "0.5",
                 "transfers.mu": "0.03", "transfers.sigma": "0.03",
                 "spending.mu": "0.035", "contingent.prob": "0.05",
                 "contingent.loss": "0.3", "rate.explicit": "0.032",
                 "rate.hidden": "0.062"},
}


class Model:
    """Section -> key -> string value, with the defaults underneath.
    Type sections hold only the keys they set (reading (f))."""

    def __init__(self):
        self.sec = {s: dict(kv) for s, kv in MODEL_DEFAULTS.items()}
        self.types = {}  # label -> {key: value}
        self.counties = {}  # county id -> {key: value} (MODEL.md 3, v2)

    def set(self, section, key, value, where):
        if section.startswith("county."):
            cid = section[7:]
            if not cid or key not in MODEL_DEFAULTS["defaults"]:
                raise InputError("%s: unknown key %s.%s" % (where, section, key))
            self.counties.setdefault(cid, {})[key] = value
        elif section.startswith("type."):
            label = section[5:]
            if not label or key not in MODEL_DEFAULTS["defaults"]:
                raise InputError("%s: unknown key %s.%s" % (where, section, key))
            self.types.setdefault(label, {})[key] = value
        elif section in MODEL_DEFAULTS:
            if key not in MODEL_DEFAULTS[section]:
                raise InputError("%s: unknown key %s.%s" % (where, section, key))
            self.sec[section][key] = value
        else:
            raise InputError("%s: unknown section [%s]" % (where, section))

    def set_dotted(self, assignment, where):
        """SECTION.KEY=VALUE, as --set and a scenario's [set]."""
        if "=" not in assignment:
            raise InputError("%s: expected SECTION.KEY=VALUE" % where)
        name, value = assignment.split("=", 1)
        name, value = name.strip(), value.strip()
        parts = name.split(".")
        if parts[0] in ("type", "county"):
            if len(parts) < 3:
                raise InputError("%s: bad key %s" % (where, name))
            section, key = parts[0] + "." + parts[1], ".".join(parts[2:])
        else:
            if len(parts) < 2:
                raise InputError("%s: bad key %s" % (where, name))
            section, key = parts[0], ".".join(parts[1:])
        self.set(section, key, value, where)

    def num(self, section, key):
        return float(self.sec[section][key])

    def type_param(self, label, key):
        """Reading (f): [defaults] overlaid by [type.LABEL]."""
        t = self.types.get(label, {})
        return float(t[key] if key in t else self.sec["defaults"][key])

    def county_param(self, cid, label, key):
        """MODEL.md 3 (version 2): [county.ID] over [type.LABEL] over
        [defaults], each key from the first section that has it."""
        c = self.counties.get(cid, {})
        return float(c[key]) if key in c else self.type_param(label, key)


def load_model(path):
    m = Model()
    for section, pairs in read_ini(path):
        if section.startswith("type.") and section not in m.types:
            m.types[section[5:]] = {}
        if section.startswith("county.") and section[7:] not in m.counties:
            m.counties[section[7:]] = {}
        for key, value, line in pairs:
            m.set(section, key, value, "%s:%d" % (path, line))
    return m


# ---------------------------------------------------------------------------
# CSV inputs (the README "Inputs")
# ---------------------------------------------------------------------------

FISCAL_REQUIRED = ["gdp", "own_revenue", "transfers", "land_revenue",
                   "primary_spending", "explicit_debt", "hidden_debt"]
FISCAL_OPTIONAL = ["other_fund_revenue", "soe_revenue", "remittance",
                   "contingent"]


def read_csv_rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = [r for r in csv.reader(f) if any(c.strip() for c in r)]
    if not rows:
        raise InputError("%s: empty file" % path)
    header = [h.strip() for h in rows[0]]
    out = []
    for r in rows[1:]:
        out.append({h: (r[i].strip() if i < len(r) else "")
                    for i, h in enumerate(header)})
    return out


def read_fiscal(path):
    counties = []
    for r in read_csv_rows(path):
        c = {"id": r["county_id"], "name": r["name"], "type": r["type"]}
        for k in FISCAL_REQUIRED:
            c[k] = float(r[k])
        for k in FISCAL_OPTIONAL:
            c[k] = float(r[k]) if r.get(k, "") != "" else 0.0
        for k in ("rate_explicit", "rate_hidden"):
            c[k] = float(r[k]) if r.get(k, "") != "" else None
        counties.append(c)
    return counties


def read_projects(path):
    projects = []
    for r in read_csv_rows(path):
        def opt(k, d):
            return float(r[k]) if r.get(k, "") != "" else d
        projects.append({
            "id": r["project_id"], "county": r["county_id"],
            "channel": r["channel"], "start": int(r["start_year"]),
            "capex": float(r["capex"]), "build": int(r["build_years"]),
            "yield": opt("revenue_yield", 0.0),
            "rev_years": int(opt("revenue_years", 20)),
            "fail": opt("fail_prob", 0.0),
            "overrun": opt("overrun_mean", 0.0),
        })
    return projects


# ---------------------------------------------------------------------------
# Scenario file (the README "Scenario file", MODEL.md section 8)
# ---------------------------------------------------------------------------

FLOW_VARS = ["own_revenue", "transfers", "land_revenue", "other_fund_revenue",
             "soe_revenue", "remittance", "primary_spending"]
ADD_VARS = ["gdp_growth", "yield", "hidden_spread"]
STOCK_VARS = ["explicit_debt", "hidden_debt", "contingent"]


def parse_years(text):
    """`2026` or `2026-2028`: a set of calendar years (reading (i))."""
    text = text.strip()
    if "-" in text[1:]:
        a, b = text.split("-", 1)
        return set(range(int(a), int(b) + 1))
    return {int(text)}


def parse_selector(text):
    """`*`, `id,id,...` or `type:LABEL`: a predicate on a county."""
    text = text.strip()
    if text == "*":
        return lambda c: True
    if text.startswith("type:"):
        label = text[5:].strip()
        return lambda c: c["type"] == label
    ids = {s.strip() for s in text.split(",") if s.strip()}
    return lambda c: c["id"] in ids


class Scenario:
    def __init__(self):
        self.name = "baseline"
        self.sets = []          # "SECTION.KEY=VALUE"
        self.adjust = []        # dicts: select, variable, years, op, value
        self.swap = None        # dict: years, share, spread, select
        self.enable = None      # None = all; else a set of project ids
        self.extra_projects = None


def load_scenario(path):
    s = Scenario()
    for section, pairs in read_ini(path):
        kv = {k: v for k, v, _ in pairs}
        if section == "scenario":
            if kv.get("name"):
                s.name = kv["name"]
        elif section == "set":
            for k, v, line in pairs:
                s.sets.append(("%s=%s" % (k, v), "%s:%d" % (path, line)))
        elif section.startswith("adjust."):
            var = kv["variable"]
            op = kv.get("op", "add")
            if var not in FLOW_VARS + ADD_VARS + STOCK_VARS:
                raise InputError("%s: [%s] unknown variable %s"
                                 % (path, section, var))
            if op == "mul" and var not in FLOW_VARS:
                raise InputError("%s: [%s] %s takes add only"
                                 % (path, section, var))
            per = kv.get("per", "none").strip()
            if per not in ("none", "cfr_base"):
                raise InputError("%s: [%s] unknown per %s" % (path, section, per))
            s.adjust.append({"select": parse_selector(kv["counties"]),
                             "variable": var,
                             "years": parse_years(kv["years"]),
                             "op": op, "value": float(kv["value"]),
                             "per_cfr_base": per == "cfr_base"})
        elif section == "swap":
            s.swap = {"years": parse_years(kv["years"]),
                      "share": float(kv.get("share", "0")),
                      "spread": float(kv.get("spread", "0")),
                      "select": parse_selector(kv.get("counties", "*"))}
        elif section == "projects":
            en = kv.get("enable", "all").strip()
            if en == "all":
                s.enable = None
            elif en == "none":
                s.enable = set()
            else:
                s.enable = {x.strip() for x in en.split(",") if x.strip()}
            if kv.get("file"):
                s.extra_projects = os.path.join(os.path.dirname(path),
                                                kv["file"])
        else:
            raise InputError("%s: unknown section [%s]" % (path, section))
    return s


# ---------------------------------------------------------------------------
# MODEL.md section 8: scenario adjustments of one county in one year
# ---------------------------------------------------------------------------

def adjustments_for(scenario, county, year):
    """Returns (flow_adj, add, stock) for county in calendar year `year`:
    flow_adj[var] = (product of mul, sum of add)   (reading (e))
    add[var]      = sum of adds for gdp_growth, yield, hidden_spread
    stock[var]    = sum of adds for explicit_debt, hidden_debt, contingent."""
    flow = {v: [1.0, 0.0] for v in FLOW_VARS}
    add = {v: 0.0 for v in ADD_VARS}
    stock = {v: 0.0 for v in STOCK_VARS}
    for a in scenario.adjust:
        if year not in a["years"] or not a["select"](county):
            continue
        v = a["variable"]
        value = a["value"]
        if a["per_cfr_base"]:
            # README: the value is a share of the county's base-year CFR_0
            value *= cfr(county["own_revenue"], county["transfers"],
                         county["land_revenue"], county["other_fund_revenue"],
                         county["soe_revenue"], county["remittance"])
        if v in FLOW_VARS:
            if a["op"] == "mul":
                flow[v][0] *= value
            else:
                flow[v][1] += value
        elif v in ADD_VARS:
            add[v] += value
        else:
            stock[v] += value
    return flow, add, stock


def adj(flow_adj, var, level):
    """X_t = adj(X*_t): mul then add, on that year's flow only (section 8)."""
    m, a = flow_adj[var]
    return level * m + a


# ---------------------------------------------------------------------------
# MODEL.md section 1: comprehensive resources and measures
# ---------------------------------------------------------------------------

def cfr(own, transfers, land, other_fund, soe, remittance):
    return own + transfers + land + other_fund + soe - remittance


def ratio(num, den):
    """Reading (c): a measure with denominator <= 0 is +inf."""
    return num / den if den > 0 else INF


def measures(E, H, GDP, CFR, interest):
    return {"broad": ratio(E + H, CFR), "official": ratio(E, CFR),
            "debt_gdp": ratio(E + H, GDP), "interest_burden": ratio(interest, CFR)}


# ---------------------------------------------------------------------------
# MODEL.md sections 2 and 9: shocks. Deterministic mode: every z, eps, nu is 0.
# ---------------------------------------------------------------------------

def deterministic_shocks():
    return {"g": 0.0, "or": 0.0, "l": 0.0, "tr": 0.0, "r": 0.0}


# ---------------------------------------------------------------------------
# MODEL.md section 3: county processes (underlying starred levels)
# ---------------------------------------------------------------------------

def processes(state, p, t, z, dg):
    """Advances the starred levels of one county to year t; returns g_t."""
    state["ug"] = p["growth.rho"] * state["ug"] + p["growth.sigma"] * z["g"]
    g = p["growth.mu"] + state["ug"] + dg
    state["GDP"] = state["GDP"] * (1 + g)
    state["OR*"] = state["OR*"] * max(0.0, 1 + p["own_revenue.mu"]
                                      + p["own_revenue.beta"] * g
                                      + p["own_revenue.sigma"] * z["or"])
    state["ul"] = p["land.rho"] * state["ul"] + p["land.sigma"] * z["l"]
    state["LR*"] = state["LR0"] * math.exp(p["land.mu"] * t + state["ul"])
    state["TR*"] = state["TR*"] * max(0.0, 1 + p["transfers.mu"]
                                      + p["transfers.sigma"] * z["tr"])
    state["OF*"] = state["OF*"] * (1 + g)
    state["SOE*"] = state["SOE*"] * (1 + g)
    if state["OR0"] == 0:
        state["REM*"] = state["REM0"]
    else:
        state["REM*"] = state["REM0"] * state["OR*"] / state["OR0"]
    return g


# ---------------------------------------------------------------------------
# MODEL.md section 4: interest
# ---------------------------------------------------------------------------

def interest(state, rates, p, z, dy, ds):
    """Returns y_t, h_t, re_t, rh_t, I_t (deterministic: u^r stays 0)."""
    state["ur"] = rates["rho"] * state["ur"] + rates["sigma"] * z["r"]
    y = max(0.0, rates["yield"] + state["ur"] + dy)
    d = state["d"]
    if rates["premium_slope"] == 0:          # reading (d)
        premium = 0.0
    else:
        premium = min(rates["premium_max"],
                      rates["premium_slope"] * max(0.0, d - rates["premium_start"]))
    h = y + rates["hidden_spread"] + premium + ds
    re = (1 - rates["reprice_explicit"]) * state["re+"] + rates["reprice_explicit"] * y
    rh = (1 - rates["reprice_hidden"]) * state["rh+"] + rates["reprice_hidden"] * h
    I = re * state["E"] + rh * state["H"]
    return y, h, re, rh, I


# ---------------------------------------------------------------------------
# MODEL.md section 5: spending
# ---------------------------------------------------------------------------

def spending(state, policy, p, flow_adj):
    """Advances PS*; returns PS_t."""
    if policy["consolidation"] == 0:         # reading (d)
        c = 0.0
    else:
        c = min(policy["consolidation_max"],
                policy["consolidation"] * max(0.0, state["d"] - policy["debt_target"]))
    state["PS*"] = state["PS*"] * (1 + p["spending.mu"]) * (1 - c)
    return adj(flow_adj, "primary_spending", state["PS*"])


# ---------------------------------------------------------------------------
# MODEL.md section 6: projects and contingent liabilities (deterministic, sec. 9)
# ---------------------------------------------------------------------------

def project_flows(projects, year):
    """PE_t, PH_t, PB_t, PR_t of one county's projects in calendar year `year`.
    Deterministic: O_p = 1+o_p, Y_p = 1, revenue times (1-pi_p)."""
    PE = PH = PB = PR = 0.0
    for pr in projects:
        S, b, L = pr["start"], pr["build"], pr["rev_years"]
        if S <= year <= S + b - 1:
            K = pr["capex"] * (1 + pr["overrun"]) / b
            if pr["channel"] == "special_bond":
                PE += K
            elif pr["channel"] in ("lgfv", "ppp"):
                PH += K
            elif pr["channel"] == "budget":
                PB += K
            else:
                raise InputError("unknown channel %s" % pr["channel"])
        if S + b <= year <= S + b + L - 1:
            PR += (1 - pr["fail"]) * pr["yield"] * pr["capex"] * 1.0
    return PE, PH, PB, PR


def contingent_call(state, p):
    """Deterministic call (sections 6, 9, reading (a)): moves pi_c*ell*CL_{t-1}."""
    CH = p["contingent.prob"] * p["contingent.loss"] * state["CL"]
    return CH


# ---------------------------------------------------------------------------
# MODEL.md section 7: one year of financing, swaps and stocks
# ---------------------------------------------------------------------------

def year_step(state, t, year, p, rates, policy, scenario, county, projects,
              z=None):
    """One year of MODEL.md section 7; z the county's shocks z_{i,t}
    (g, or, l, tr, and r the rate shock), all 0 (deterministic) when None."""
    flow_adj, add, stock = adjustments_for(scenario, county, year)
    if z is None:
        z = deterministic_shocks()

    # 1. processes and flows, CFR_t
    g = processes(state, p, t, z, add["gdp_growth"])
    OR = adj(flow_adj, "own_revenue", state["OR*"])
    TR = adj(flow_adj, "transfers", state["TR*"])
    LR = adj(flow_adj, "land_revenue", state["LR*"])
    OF = adj(flow_adj, "other_fund_revenue", state["OF*"])
    SOE = adj(flow_adj, "soe_revenue", state["SOE*"])
    REM = adj(flow_adj, "remittance", state["REM*"])
    CFR = cfr(OR, TR, LR, OF, SOE, REM)

    # 2. rates and interest
    y, h, re, rh, I = interest(state, rates, p, z, add["yield"], add["hidden_spread"])

    # 3. consolidation and spending
    PS = spending(state, policy, p, flow_adj)

    # 4. projects and contingent call
    PE, PH, PB, PR = project_flows(projects, year)
    CH = contingent_call(state, p)

    # 5. gap and its financing
    E0, H0 = state["E"], state["H"]
    G = PS + PB + I - CFR - PR
    Q = policy["quota"] * max(0.0, CFR)
    if G > 0:
        GE = min(G, Q)
        GH = G - GE
    else:
        S = -(1 - policy["surplus_spend"]) * G
        GH = -min(S, H0 + PH + CH)
        GE = -min(S + GH, E0 + PE)

    # 6. debt swap (reading (h))
    X = 0.0
    r_sw = 0.0
    sw = scenario.swap
    if sw is not None and year in sw["years"] and sw["select"](county):
        X = min(sw["share"] * state["H_base"], H0 + PH + CH + GH)
        r_sw = y + sw["spread"]

    # 7. stocks (version 2): an adjustment never takes a stock below zero,
    # E = E° + max(dE, -E°); contingent takes its adjustment after the call
    E_pre = E0 + PE + GE + X
    H_pre = H0 + PH + CH + GH - X
    CL_pre = state["CL"] - CH
    E = E_pre + max(stock["explicit_debt"], -E_pre)
    H = H_pre + max(stock["hidden_debt"], -H_pre)
    CL = CL_pre + max(stock["contingent"], -CL_pre)

    # 8. rates carried forward (reading (b): an empty stock takes the
    # year's effective rate)
    NE = PE + max(0.0, GE)
    NH = PH + CH + max(0.0, GH)
    state["re+"] = (re * (E - NE - X) + y * NE + r_sw * X) / E if E > 0 else re
    state["rh+"] = (rh * (H - NH) + h * NH) / H if H > 0 else rh

    state["E"], state["H"], state["CL"] = E, H, CL

    # 9. measures; d_t feeds next year's premium and consolidation
    m = measures(E, H, state["GDP"], CFR, I)
    state["d"] = m["broad"]

    return {"gdp": state["GDP"], "own_revenue": OR, "transfers": TR,
            "land_revenue": LR, "other_fund_revenue": OF, "soe_revenue": SOE,
            "remittance": REM, "cfr": CFR, "primary_spending": PS,
            "interest": I, "explicit_debt": E, "hidden_debt": H,
            "contingent": CL, "rate_explicit": state["re+"],
            "rate_hidden": state["rh+"], **m}


COLUMNS = ["gdp", "own_revenue", "transfers", "land_revenue",
           "other_fund_revenue", "soe_revenue", "remittance", "cfr",
           "primary_spending", "interest", "explicit_debt", "hidden_debt",
           "contingent", "rate_explicit", "rate_hidden", "broad", "official",
           "debt_gdp", "interest_burden"]

TYPE_KEYS = list(MODEL_DEFAULTS["defaults"].keys())


def initial_state(c, p):
    CFR0 = cfr(c["own_revenue"], c["transfers"], c["land_revenue"],
               c["other_fund_revenue"], c["soe_revenue"], c["remittance"])
    return {
        "GDP": c["gdp"], "OR*": c["own_revenue"], "OR0": c["own_revenue"],
        "TR*": c["transfers"], "LR0": c["land_revenue"], "LR*": c["land_revenue"],
        "OF*": c["other_fund_revenue"], "SOE*": c["soe_revenue"],
        "REM0": c["remittance"], "REM*": c["remittance"],
        "PS*": c["primary_spending"],
        "E": c["explicit_debt"], "H": c["hidden_debt"], "CL": c["contingent"],
        "H_base": c["hidden_debt"],
        "re+": c["rate_explicit"] if c["rate_explicit"] is not None else p["rate.explicit"],
        "rh+": c["rate_hidden"] if c["rate_hidden"] is not None else p["rate.hidden"],
        "ug": 0.0, "ul": 0.0, "ur": 0.0,   # AR states start at 0 (section 3)
        "d": ratio(c["explicit_debt"] + c["hidden_debt"], CFR0),  # d_0
    }


def project(counties, projects, model, scenario, years, shocks=None):
    """Projection: {county_id: (d_0, [row per year])}, deterministic, or
    with shocks(county, t) giving the county's z of year t."""
    B = int(model.num("run", "base_year"))
    rates = {k: model.num("rates", k) for k in MODEL_DEFAULTS["rates"]}
    policy = {k: model.num("policy", k) for k in MODEL_DEFAULTS["policy"]}
    out = []
    for c in counties:
        p = {k: model.county_param(c["id"], c["type"], k) for k in TYPE_KEYS}
        mine = [pr for pr in projects if pr["county"] == c["id"]]
        state = initial_state(c, p)
        d0 = state["d"]
        rows = []
        for t in range(1, years + 1):
            z = shocks(c, t) if shocks else None
            rows.append((B + t, year_step(state, t, B + t, p, rates, policy,
                                          scenario, c, mine, z)))
        out.append((c, d0, rows))
    return B, out


def fmt(x):
    if isinstance(x, float):
        if x == INF:
            return "inf"
        return repr(x)
    return str(x)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--fiscal", required=True)
    ap.add_argument("--projects")
    ap.add_argument("--model", required=True)
    ap.add_argument("--scenario")
    ap.add_argument("--set", action="append", default=[], dest="sets")
    ap.add_argument("--years", type=int)
    ap.add_argument("--summary", action="store_true",
                    help="print county_id,p_breach_end,first_year_p50 instead")
    a = ap.parse_args(argv)

    try:
        model = load_model(a.model)
        scenario = load_scenario(a.scenario) if a.scenario else Scenario()
        # the scenario's [set], then --set (the README / debtrisk run --help)
        for assignment, where in scenario.sets:
            model.set_dotted(assignment, where)
        for s in a.sets:
            model.set_dotted(s, "--set")
        counties = read_fiscal(a.fiscal)
        projects = []
        if a.projects:
            projects = read_projects(a.projects)
            if scenario.enable is not None:
                projects = [pr for pr in projects if pr["id"] in scenario.enable]
        if scenario.extra_projects:
            projects += read_projects(scenario.extra_projects)  # reading (g)
    except (InputError, KeyError, ValueError, OSError) as e:
        print("ref_model.py: %s" % e, file=sys.stderr)
        return 1

    years = a.years if a.years is not None else int(model.num("run", "years"))
    B, result = project(counties, projects, model, scenario, years)

    w = csv.writer(sys.stdout, lineterminator="\n")
    if a.summary:
        warning = model.num("thresholds", "warning")
        w.writerow(["county_id", "p_breach_end", "first_year_p50"])
        for c, d0, rows in result:
            breach = any(r["broad"] > warning for _, r in rows)
            first = ""
            for year, b in [(B, d0)] + [(yr, r["broad"]) for yr, r in rows]:
                if b > warning:
                    first = str(year)
                    break
            w.writerow([c["id"], 1 if breach else 0, first])
        return 0

    w.writerow(["scenario", "county_id", "year"] + COLUMNS)
    for c, _, rows in result:
        for year, r in rows:
            w.writerow([scenario.name, c["id"], year] + [fmt(r[k]) for k in COLUMNS])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
