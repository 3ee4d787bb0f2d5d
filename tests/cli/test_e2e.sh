#!/usr/bin/env bash
# End-to-end test of `debtrisk run --deterministic` against the independent
# Python reference implementation of MODEL.md (tests/ref/ref_model.py). TAP output.
#
#   bash tests/test_e2e.sh PATH/TO/debtrisk SOURCE_ROOT
#
# For every case it runs the program, then checks that
#   - it exits 0 and its output folder holds every file of the README
#     (ratios.csv grades.csv summary.csv city.csv city_counts.csv run.ini
#     projection.csv),
#   - projection.csv equals ref_model.py's projection (tests/ref/compare_csv.py:
#     relative tolerance 1e-9, absolute 1e-12 near 0, inf only equals inf),
#   - summary.csv's p_breach_end is 1 exactly for the counties whose broad
#     ratio is above the warning line in some projected year (else 0), and
#     first_year_p50 is the first year from the base year on with broad above
#     the line (empty if none), per ref_model.py --summary.
# Environment: PYTHON (default python3).
set -u

if [ $# -ne 2 ]; then
    echo "usage: bash tests/test_e2e.sh PATH/TO/debtrisk SOURCE_ROOT" >&2
    exit 2
fi
DR=$1
ROOT=$2
PY=${PYTHON:-python3}
TESTS=$ROOT/tests/ref
E2E=$ROOT/tests/data/e2e
SAMPLE=$ROOT/data/sample-city
MODEL=$ROOT/models/baseline.ini

TMP=$(mktemp -d "${TMPDIR:-/tmp}/debtrisk-e2e.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT

OUTPUTS="ratios.csv grades.csv summary.csv city.csv city_counts.csv run.ini projection.csv"

# Cases: NAME|DATA DIR|SCENARIO (or empty)|EXTRA ARGUMENTS (--set, --years)
CASES=(
    "sample|$SAMPLE||"
    "everything|$SAMPLE|$E2E/everything.ini|"
    "sets|$SAMPLE||--set policy.quota=0.02 --set type.urban.land.mu=-0.1 --years 15"
    "everything-sets|$SAMPLE|$E2E/everything.ini|--set rates.hidden_spread=0.04 --set defaults.growth.mu=0.03 --years 12"
    "edge|$E2E/edge||"
    "edge-shock|$E2E/edge|$E2E/edge/shock.ini|"
    "edge-asset|$E2E/edge|$ROOT/models/scenarios/asset-transfer.ini|"
    "huge|$E2E/huge||"
    # [county.ID] over [type.LABEL] over [defaults], by --set and in a
    # scenario's [set]
    "county-sets|$SAMPLE||--set county.sheqi.land.mu=-0.2 --set county.wancheng.growth.mu=0.01 --set type.urban.growth.mu=0.07 --set county.nanzhao.contingent.prob=0.5"
    "county-scenario|$SAMPLE|$E2E/county.ini|"
    # Every range of the README at its end (money at 1e12 and near 0, the
    # trends at +-0.5, rates at 0.3 and -0.05, beta +-10) for 200 years: the
    # arithmetic stays finite (inf only where resources are 0), and equal to
    # the reference's.
    "extremes-high|$E2E/extremes||--years 200 --set rates.yield=0.3 --set rates.hidden_spread=0.3 --set rates.premium_max=0.3 --set rates.premium_slope=1 --set policy.quota=1 --set policy.consolidation=1 --set policy.consolidation_max=0.999 --set defaults.growth.mu=0.5 --set defaults.own_revenue.mu=0.5 --set defaults.own_revenue.beta=10 --set defaults.land.mu=0.5 --set defaults.transfers.mu=0.5 --set defaults.spending.mu=0.5 --set defaults.rate.explicit=0.3 --set defaults.rate.hidden=0.3 --set defaults.contingent.prob=1 --set defaults.contingent.loss=1"
    "extremes-low|$E2E/extremes||--years 200 --set rates.yield=-0.05 --set rates.hidden_spread=-0.05 --set rates.premium_max=0.3 --set rates.premium_slope=1 --set policy.quota=1 --set policy.consolidation=1 --set policy.consolidation_max=0.999 --set defaults.growth.mu=-0.5 --set defaults.own_revenue.mu=-0.5 --set defaults.own_revenue.beta=-10 --set defaults.land.mu=-0.5 --set defaults.transfers.mu=-0.5 --set defaults.spending.mu=-0.5 --set defaults.rate.explicit=0.3 --set defaults.rate.hidden=0.3 --set defaults.contingent.prob=1 --set defaults.contingent.loss=1"
)
TESTS_PER_CASE=4
EXTRA_TESTS=10  # two checks of fixtures, six on edge output, one comparator self-test,
                # no NaN at the ends of the ranges

echo "1..$(( ${#CASES[@]} * TESTS_PER_CASE + EXTRA_TESTS ))"

# shellcheck source=tests/lib/tap.sh
. "$ROOT/tests/lib/tap.sh"

# The fixtures themselves must be valid inputs.
if "$DR" check --data "$SAMPLE" --model "$MODEL" --scenario "$E2E/everything.ini" \
        >"$TMP/check1.log" 2>&1; then
    pass "check accepts tests/data/e2e/everything.ini"
else
    fail "check accepts tests/data/e2e/everything.ini" "@$TMP/check1.log"
fi
if "$DR" check --data "$E2E/edge" --model "$MODEL" --scenario "$E2E/edge/shock.ini" \
        >"$TMP/check2.log" 2>&1; then
    pass "check accepts tests/data/e2e/edge and edge/shock.ini"
else
    fail "check accepts tests/data/e2e/edge and edge/shock.ini" "@$TMP/check2.log"
fi

for case in "${CASES[@]}"; do
    IFS='|' read -r name data scenario extra <<<"$case"
    out=$TMP/$name
    log=$TMP/$name.log
    # shellcheck disable=SC2206  # extra is a list of words
    extra_args=($extra)
    dr_args=(--data "$data" --model "$MODEL")
    ref_args=(--fiscal "$data/fiscal.csv" --model "$MODEL")
    if [ -f "$data/projects.csv" ]; then
        ref_args+=(--projects "$data/projects.csv")
    fi
    if [ -n "$scenario" ]; then
        dr_args+=(--scenario "$scenario")
        ref_args+=(--scenario "$scenario")
    fi

    # 1. the run
    if "$DR" run "${dr_args[@]}" "${extra_args[@]}" --deterministic --charts none \
            --out "$out" >"$log" 2>&1; then
        pass "$name: debtrisk run --deterministic exits 0"
    else
        fail "$name: debtrisk run --deterministic exits 0 (status $?)" "@$log"
    fi

    # 2. the output folder
    missing=""
    for f in $OUTPUTS; do
        [ -f "$out/$f" ] || missing="$missing $f"
    done
    if [ -z "$missing" ]; then
        pass "$name: output folder holds $OUTPUTS"
    else
        echo "missing:$missing" >"$log.missing"
        fail "$name: output folder holds $OUTPUTS" "@$log.missing"
    fi

    # 3. projection.csv against the reference
    if ! "$PY" "$TESTS/ref_model.py" "${ref_args[@]}" "${extra_args[@]}" \
            >"$TMP/$name.ref.csv" 2>"$log.ref"; then
        fail "$name: projection.csv equals ref_model.py (reference failed)" "@$log.ref"
    elif "$PY" "$TESTS/compare_csv.py" "$out/projection.csv" "$TMP/$name.ref.csv" \
            >"$log.cmp" 2>&1; then
        pass "$name: projection.csv equals ref_model.py to 1e-9"
    else
        fail "$name: projection.csv equals ref_model.py to 1e-9" "@$log.cmp"
    fi

    # 4. summary.csv: p_breach_end and first_year_p50 of a deterministic run
    if ! "$PY" "$TESTS/ref_model.py" "${ref_args[@]}" "${extra_args[@]}" --summary \
            >"$TMP/$name.sum.csv" 2>"$log.ref"; then
        fail "$name: summary.csv p_breach_end, first_year_p50 (reference failed)" "@$log.ref"
    elif "$PY" "$TESTS/compare_csv.py" --rtol 0 --atol 0 \
            --columns county_id,p_breach_end,first_year_p50 \
            "$out/summary.csv" "$TMP/$name.sum.csv" >"$log.sum" 2>&1; then
        pass "$name: summary.csv p_breach_end, first_year_p50 as the reference's broad"
    else
        fail "$name: summary.csv p_breach_end, first_year_p50 as the reference's broad" "@$log.sum"
    fi
done

# The edge cases must really reach what they are for: infinite measures
# (resources <= 0) and stocks at exactly zero (debt repaid by a surplus).
proj=$TMP/edge-shock/projection.csv
if [ -f "$proj" ] && grep -q '^edge-shock,negcfr,2025,.*,inf,inf,[^,]*,inf$' "$proj" &&
        grep -q '^edge-shock,swing,2026,.*,inf,inf,[^,]*,inf$' "$proj"; then
    pass "edge: counties with resources <= 0 have broad, official, interest_burden inf"
else
    fail "edge: counties with resources <= 0 have broad, official, interest_burden inf"
fi
if [ -f "$proj" ] && "$PY" - "$proj" >"$TMP/zero.log" 2>&1 <<'EOF'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig"))
        if r["county_id"] == "rich" and r["year"] == "2026"]
assert rows, "no row rich,2026"
r = rows[0]
assert float(r["explicit_debt"]) == 0 and float(r["hidden_debt"]) == 0, \
    "rich 2026: explicit %s hidden %s, expected 0 and 0" % (r["explicit_debt"], r["hidden_debt"])
EOF
then
    pass "edge: a surplus repays all of a county's debt (stocks exactly 0)"
else
    fail "edge: a surplus repays all of a county's debt (stocks exactly 0)" "@$TMP/zero.log"
fi

# Model version 2: a write-off never takes a stock below zero (the bundled
# asset-transfer scenario retires hidden debt worth 5% of CFR_0 in 2025 even
# where there is none, as for `nohidden`), and an empty stock's rate keeps
# repricing toward the market instead of freezing at its base value.
proj=$TMP/edge-asset/projection.csv
if [ -f "$proj" ] && "$PY" - "$TMP/edge-shock/projection.csv" "$proj" >"$TMP/v2.log" 2>&1 <<'EOF'
import csv, sys
for path in sys.argv[1:]:
    for r in csv.DictReader(open(path, encoding="utf-8-sig")):
        for k in ("explicit_debt", "hidden_debt", "contingent"):
            assert float(r[k]) >= 0, "%s %s %s: %s = %s" % (
                path, r["county_id"], r["year"], k, r[k])
EOF
then
    pass "v2: no stock below zero under write-offs larger than the stock"
else
    fail "v2: no stock below zero under write-offs larger than the stock" "@$TMP/v2.log"
fi
if [ -f "$proj" ] && "$PY" - "$proj" >"$TMP/v2rate.log" 2>&1 <<'EOF'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig"))
        if r["county_id"] == "nohidden"]
rates = [float(r["rate_hidden"]) for r in rows]
hidden = [float(r["hidden_debt"]) for r in rows]
assert len(rates) == 10, rates
assert hidden[0] == 0, hidden
# The base rate is the type default 0.062; with no hidden debt the rate is
# the year's effective rate, which moves toward y_t + s_h year by year.
assert len(set(rates)) > 1 and rates[0] != 0.062, rates
EOF
then
    pass "v2: an empty hidden stock's rate reprices (nohidden under asset-transfer)"
else
    fail "v2: an empty hidden stock's rate reprices (nohidden under asset-transfer)" "@$TMP/v2rate.log"
fi

# Money in the billions of units: the city's ratio stays finite and exact,
# deterministic and Monte Carlo. Base year by hand: (5e9 + 3e9 + 20 + 10) /
# (3e9 + 1e9 + 0 + 10 + 20 + 5) = (8e9 + 30) / (4e9 + 35).
if [ -f "$TMP/huge/city.csv" ] && "$PY" - "$TMP/huge/city.csv" >"$TMP/huge.log" 2>&1 <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")))
want = (8e9 + 30) / (4e9 + 35)
got = float(rows[0]["mean"])
assert abs(got - want) <= 1e-12 * want, (got, want)
assert all(r["mean"] != "inf" for r in rows), [r["mean"] for r in rows]
EOF
then
    pass "huge: the city ratio of billions is finite and exact"
else
    fail "huge: the city ratio of billions is finite and exact" "@$TMP/huge.log"
fi
if "$DR" run --data "$E2E/huge" --model "$MODEL" --paths 200 --charts none \
        --out "$TMP/huge-mc" >"$TMP/huge-mc.log" 2>&1 &&
        "$PY" - "$TMP/huge-mc" >>"$TMP/huge-mc.log" 2>&1 <<'EOF'
import csv, sys
for r in csv.DictReader(open(sys.argv[1] + "/ratios.csv", encoding="utf-8-sig")):
    if r["county_id"] == "giant" and r["measure"] == "broad":
        assert r["mean"] != "inf" and r["sd"] != "inf", r
for r in csv.DictReader(open(sys.argv[1] + "/city.csv", encoding="utf-8-sig")):
    assert r["mean"] != "inf", r
EOF
then
    pass "huge: Monte Carlo means of billions are finite"
else
    fail "huge: Monte Carlo means of billions are finite" "@$TMP/huge-mc.log"
fi

# At the ends of the ranges no output holds a NaN (the money of a county
# big enough to overflow would give inf - inf).
nan=$(grep -il nan "$TMP"/extremes-high/*.csv "$TMP"/extremes-low/*.csv 2>&1)
if [ -f "$TMP/extremes-high/projection.csv" ] && [ -f "$TMP/extremes-low/projection.csv" ] &&
        [ -z "$nan" ]; then
    pass "extremes: 200 years at the ends of every range write no NaN"
else
    echo "NaN in: $nan" >"$TMP/nan.log"
    fail "extremes: 200 years at the ends of every range write no NaN" "@$TMP/nan.log"
fi

# The comparator must not be vacuous: a change in the 10th digit fails.
if [ -f "$TMP/sample.ref.csv" ]; then
    "$PY" - "$TMP/sample.ref.csv" "$TMP/perturbed.csv" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
rows[5][10] = repr(float(rows[5][10]) * (1 + 1e-8))
csv.writer(open(sys.argv[2], "w"), lineterminator="\n").writerows(rows)
EOF
    if "$PY" "$TESTS/compare_csv.py" "$TMP/perturbed.csv" "$TMP/sample.ref.csv" \
            >"$TMP/perturbed.log" 2>&1; then
        fail "compare_csv.py rejects a relative change of 1e-8"
    else
        pass "compare_csv.py rejects a relative change of 1e-8"
    fi
else
    fail "compare_csv.py rejects a relative change of 1e-8 (no reference output)"
fi

[ "$failed" -eq 0 ]
