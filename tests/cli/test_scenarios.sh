#!/usr/bin/env bash
# Scenario comparisons (batch, common random numbers) and the direction of
# each library scenario's effect. TAP.
# Usage: test_scenarios.sh PATH/TO/debtrisk SOURCE_ROOT
set -u
bin="$1" root="$2"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=tests/lib/tap.sh
. "$root/tests/lib/tap.sh"
lib="$root/models/scenarios"

echo "1..15"

# 1-2. One county's land revenue: that county moves, no other by a byte.
"$bin" batch --charts none --paths 3000 --out "$tmp/one" \
    "$root/tests/data/scenarios/wancheng-land.ini" >/dev/null 2>&1
status $? "batch with a one-county scenario"
strip() { cut -d, -f2- "$1" | grep -v '^wancheng,'; }
same=0
for f in ratios.csv grades.csv summary.csv; do
    cmp -s <(strip "$tmp/one/baseline/$f") <(strip "$tmp/one/wancheng-land/$f") ||
        same=1
done
moved=1
cmp -s <(grep '^[^,]*,wancheng,' "$tmp/one/baseline/ratios.csv" | cut -d, -f2-) \
    <(grep '^[^,]*,wancheng,' "$tmp/one/wancheng-land/ratios.csv" | cut -d, -f2-) ||
    moved=0
status $((same + moved)) "only wancheng's rows differ, and they do"

# 3. compare.csv: every other county's deltas are exactly 0.
awk -F, '$1 == "wancheng-land" && $2 != "wancheng" && $2 != "city" &&
         ($5 != "0" || $6 != "0" || $8 != "0") { bad = 1 }
         END { exit bad }' "$tmp/one/compare.csv"
status $? "compare.csv: other counties' deltas are exactly 0"

# 4. The library in one batch, on common draws.
"$bin" batch --charts none --paths 4000 --out "$tmp/lib" "$lib"/*.ini >/dev/null 2>&1
status $? "batch of the whole scenario library"

# The city row of a scenario: p_breach_delta and broad_p50_delta.
city() { awk -F, -v s="$1" '$1 == s && $2 == "city" { print $'"$2"' }' \
    "$tmp/lib/compare.csv"; }
positive() { awk -v x="$1" 'BEGIN { exit !(x > 0) }'; }
negative() { awk -v x="$1" 'BEGIN { exit !(x < 0) }'; }

# 5. Stress tests raise the city's P(breach).
bad=0
for s in growth-shock land-slump rate-shock transfer-cut contingent-shock combined \
    investment-incentives; do
    d="$(city "$s" 5)"
    positive "$d" || { echo "# $s: city p_breach_delta $d, expected > 0"; bad=1; }
done
status $bad "stress tests and incentives raise the city's P(breach)"

# 6. Policies that cut debt lower it.
bad=0
for s in debt-swap consolidation project-freeze; do
    d="$(city "$s" 5)"
    negative "$d" || { echo "# $s: city p_breach_delta $d, expected < 0"; bad=1; }
done
status $bad "swap, consolidation and project freeze lower the city's P(breach)"

# 7. A land slump never lowers any county's P(breach) (same draws: a
# county can only do worse).
awk -F, '$1 == "land-slump" && $5 + 0 < 0 { bad = 1 } END { exit bad }' \
    "$tmp/lib/compare.csv"
status $? "land slump: no county's P(breach) falls"

# 8. The asset transfer pushes the median ratio at the horizon up.
positive "$(city asset-transfer 8)"
status $? "asset transfer: the city's median ratio at the horizon rises"

# 9. Paired standard errors are smaller than independent ones.
awk -F, -v N=4000 '
    NR == FNR { if ($1 == "baseline") base[$2] = $4; next }
    $1 == "land-slump" && $2 in base {
        p0 = base[$2]; p1 = $4
        ind = sqrt(p0 * (1 - p0) / N + p1 * (1 - p1) / N)
        if (ind > 0) { cases++; if (!($6 < ind)) bad = 1 }
    }
    END { exit bad || cases == 0 }' "$tmp/lib/compare.csv" "$tmp/lib/compare.csv"
status $? "paired standard errors are below the independent ones"

# 10-12. Deterministic swap: hidden debt down in the swap years, explicit
# up, interest down from the year after the first swap.
"$bin" run --deterministic --charts none --out "$tmp/base" >/dev/null 2>&1 &&
    "$bin" run --deterministic --charts none --out "$tmp/swap" \
        --scenario "$lib/debt-swap.ini" >/dev/null 2>&1
status $? "deterministic baseline and swap"
col() { awk -F, -v c="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i; next }
        { print $2 "," $3 "," $k }' "$1"; }
join -t, <(col "$tmp/base/projection.csv" hidden_debt | sed 's/,/:/') \
    <(col "$tmp/swap/projection.csv" hidden_debt | sed 's/,/:/') |
    awk -F, '{ split($1, k, ":"); if (k[2] >= 2025 && !($3 < $2)) bad = 1 }
             END { exit bad }'
status $? "swap: hidden debt lower in every county and year"
join -t, <(col "$tmp/base/projection.csv" interest | sed 's/,/:/') \
    <(col "$tmp/swap/projection.csv" interest | sed 's/,/:/') |
    awk -F, '{ split($1, k, ":"); if (k[2] >= 2026 && !($3 < $2)) bad = 1 }
             END { exit bad }'
status $? "swap: interest lower in every county from 2026"

# 13. A scenario that changes nothing: deltas exactly 0 (common draws).
printf '[scenario]\nname = nothing\n' >"$tmp/nothing.ini"
"$bin" batch --charts none --paths 2000 --out "$tmp/none" "$tmp/nothing.ini" \
    >/dev/null 2>&1 &&
    awk -F, '$1 == "nothing" && ($5 != "0" || $6 != "0" || $8 != "0") { bad = 1 }
             END { exit bad }' "$tmp/none/compare.csv"
status $? "a scenario that changes nothing gives deltas of exactly 0"

# 14-15. All revenue collapsing to zero: defined results, never NaN; in the
# collapse years every county is red with probability 1 and its ratio inf.
"$bin" run --charts none --paths 500 --out "$tmp/collapse" \
    --scenario "$root/tests/data/scenarios/collapse.ini" >/dev/null 2>&1 &&
    ! grep -qiE '(^|,)-?nan(,|$)' "$tmp/collapse"/*.csv
status $? "revenue collapse: results written, no NaN anywhere"
awk -F, '($3 == 2026 || $3 == 2027) && $7 != "1" { bad = 1 } END { exit bad }' \
    "$tmp/collapse/grades.csv" &&
    awk -F, '($4 == 2026 || $4 == 2027) && $5 == "broad" && ($6 != "inf" || $12 != "inf") { bad = 1 }
             END { exit bad }' "$tmp/collapse/ratios.csv"
status $? "revenue collapse: red with probability 1, ratios inf"

exit $((failed > 0))
