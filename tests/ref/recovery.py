#!/usr/bin/env python3
"""Parameter recovery of the calibration reference on synthetic histories.

    recovery.py [--counties N] [--years T] [--reps R] [--params JSON]
                [--set KEY=VALUE]... [--by city|type]

simulates R histories (gen_history.py, seeds 1..R) from known parameters,
calibrates each (calibrate_ref.py, one type, whole history) and prints per
key: the truth, the mean estimate over the R runs, its Monte Carlo sd, the
mean se calibrate reports, the z-score of run 1 ((estimate - truth) / se) and
the z-score of the mean bias ((mean - truth) / (sd / sqrt(R))). A key is
recovered when the run-1 z is within a few units; a large bias z with a
small run-1 z is a small-sample bias of the estimator (not of the
implementation), which a longer history (--years) shrinks.
"""

import argparse
import json
import math
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import calibrate_ref as ref  # noqa: E402
import gen_history as gen  # noqa: E402


def one(params, n, years, seed, by, tmp):
    """One synthetic history (gen_history's command line), calibrated."""
    gen.main(["--out", tmp, "--counties", str(n), "--types", "1",
              "--years", str(years), "--seed", str(seed),
              "--params", params["_path"]] +
             sum((["--set", s] for s in params["_set"]), []))
    out, _ = ref.calibrate(os.path.join(tmp, "history.csv"),
                           os.path.join(tmp, "fiscal.csv"), by, warn=None)
    return {(r[0], r[1]): (float(r[2]), float(r[3]) if r[3] else None)
            for r in out}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--counties", type=int, default=200)
    ap.add_argument("--years", type=int, default=12)
    ap.add_argument("--reps", type=int, default=20)
    ap.add_argument("--params", default=os.path.join(HERE, "gen_default.json"))
    ap.add_argument("--set", action="append", default=[])
    ap.add_argument("--by", default="city")
    a = ap.parse_args()
    with open(a.params) as f:
        params = json.load(f)
    for s in a.set:
        gen.apply_set(params, s)
    params["_set"], params["_path"] = a.set, a.params
    label = list(params["types"])[0]
    truth = dict(params["types"][label])
    for k, v in params["correlation"].items():
        truth[("correlation", k)] = v
    for k, v in params["common"].items():
        truth[("common", k)] = v
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(1, a.reps + 1):
            runs.append(one(params, a.counties, a.years, seed, a.by, tmp))
    print("%-32s %9s %9s %9s %9s %7s %7s" % ("key", "truth", "mean", "mc_sd",
                                            "mean_se", "z_run1", "z_bias"))
    rows = [("defaults", k) for k in ref.KEYS] + \
        [("correlation", k) for k in params["correlation"]] + \
        [("common", k) for k in params["common"]]
    for g, k in rows:
        t = truth[k] if g == "defaults" else truth[(g, k)]
        est = [r[(g, k)][0] for r in runs]
        ses = [r[(g, k)][1] for r in runs if r[(g, k)][1] is not None]
        m = sum(est) / len(est)
        sd = math.sqrt(sum((x - m) ** 2 for x in est) / max(1, len(est) - 1))
        se = sum(ses) / len(ses) if ses else float("nan")
        z1 = (est[0] - t) / runs[0][(g, k)][1] if runs[0][(g, k)][1] else \
            float("nan")
        zb = (m - t) / (sd / math.sqrt(len(est))) if sd > 0 else float("nan")
        print("%-32s %9.4f %9.4f %9.4f %9.4f %7.2f %7.2f"
              % (g + "." + k, t, m, sd, se, z1, zb))


if __name__ == "__main__":
    main()
