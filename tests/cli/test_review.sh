#!/usr/bin/env bash
# End-to-end tests of the review of a batch and of the sensitivity report
# TAP.
#
#   bash tests/cli/test_review.sh PATH/TO/debtrisk SOURCE_ROOT
#
# Runs a small batch (three scenarios, 1000 paths) and a sensitivity run
# with two parameters on the bundled sample city, and checks what they
# draw and write: the comparison and tornado charts in every format beside
# the .gp and .dat that redraw them; the .dat numbers against compare.csv,
# each scenario's city.csv and sensitivity.csv (read here independently,
# with python3); the reports; the Chinese labels; and exit status 3 with
# the results in place when gnuplot is missing.
set -u

exe="$1"
src="$2"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "1..22"
# shellcheck source=tests/lib/tap.sh
. "$src/tests/lib/tap.sh"

# Width and height of a PNG, from its IHDR chunk.
png_size() {
    od -A n -t u1 -j 16 -N 8 "$1" |
        awk '{ printf "%dx%d\n", $1*16777216 + $2*65536 + $3*256 + $4,
                                 $5*16777216 + $6*65536 + $7*256 + $8 }'
}

# Three scenarios: two of the library, and one that raises only wancheng's
# land revenue (so it must move wancheng and no other county).
scen=("$src/models/scenarios/land-slump.ini"
      "$src/models/scenarios/debt-swap.ini"
      "$src/tests/data/scenarios/wancheng-land.ini")
rv="$tmp/rv"
sv="$tmp/sv"
err="$tmp/err"

# 1. The batch, drawing every format.
check "batch --charts png,svg,pdf succeeds" \
    "$exe" batch --paths 1000 --charts png,svg,pdf --out "$rv" "${scen[@]}"

# 2. The comparison charts: script, data and a picture per format, the PNG
# 1600x900.
files() {
    local dir="$1" name ext missing=()
    shift
    for name in "$@"; do
        for ext in gp dat png svg pdf; do
            [[ -s "$dir/charts/$name.$ext" ]] || missing+=("$name.$ext")
        done
        [[ ! -s "$dir/charts/$name.png" ||
            "$(png_size "$dir/charts/$name.png")" == 1600x900 ]] ||
            missing+=("$name.png is $(png_size "$dir/charts/$name.png")")
    done
    ((${#missing[@]} == 0)) || { echo "missing: ${missing[*]}"; return 1; }
}
check "OUT/charts: compare_breach and compare_city in png, svg, pdf with .gp, .dat" \
    files "$rv" compare_breach compare_city

# 3. No script names a file by an absolute path.
no_abs() {
    ! grep -nE "(^|[^A-Za-z0-9_])['\"]/" "$rv"/charts/*.gp &&
        ! grep -nF "$tmp" "$rv"/charts/*.gp
}
check "no absolute path in the comparison .gp files" no_abs

# 4. gnuplot NAME.gp alone, in a copy of the folder, draws the same PNG.
redraw() {
    local copy="$tmp/redraw" name bad=()
    mkdir -p "$copy" && cp "$rv"/charts/*.gp "$rv"/charts/*.dat "$copy"/
    for name in compare_breach compare_city; do
        (cd "$copy" && gnuplot "$name.gp") || bad+=("$name: gnuplot failed")
        cmp -s "$copy/$name.png" "$rv/charts/$name.png" ||
            bad+=("$name.png differs")
        [[ -s "$copy/$name.pdf" ]] || bad+=("$name.pdf not drawn")
    done
    ((${#bad[@]} == 0)) || { printf '%s\n' "${bad[@]}"; return 1; }
}
if command -v gnuplot >/dev/null; then
    check "gnuplot NAME.gp alone redraws the comparison charts" redraw
else
    pass "# SKIP gnuplot not on PATH"
fi

# 5-6. The numbers of the .dat files against the CSV files.
cat >"$tmp/dat.py" <<'EOF'
"""Checks the comparison .dat files of a review folder OUT.

usage: dat.py OUT compare_breach|compare_city
Probabilities and ratios are fractions in the CSV files and percent in the
.dat files; every number must agree to 1e-9 (relative).
"""
import csv
import sys

out, what = sys.argv[1], sys.argv[2]


def rows(name):
    with open(f'{out}/{name}', newline='', encoding='utf-8-sig') as f:
        return list(csv.DictReader(f))


def dat(name):
    with open(f'{out}/charts/{name}', encoding='utf-8') as f:
        return [line.split() for line in f
                if line.strip() and not line.startswith('#')]


def same(a, b, what):
    if abs(a - b) > 1e-9 * max(1.0, abs(a), abs(b)):
        sys.exit(f'{what}: .dat has {a!r}, the CSV gives {b!r}')


compare = rows('compare.csv')
scenarios = list(dict.fromkeys(r['scenario'] for r in compare))
if scenarios[0] != 'baseline':
    sys.exit(f'compare.csv does not start with the baseline: {scenarios}')

if what == 'compare_breach':
    # rows: the baseline's counties, riskiest first (p_breach_end, then
    # the median at the horizon, then file order), then the city;
    # columns: row county_id min max, then one per scenario in the order
    # of compare.csv
    summary = rows('baseline/summary.csv')
    order = sorted(range(len(summary)),
                   key=lambda i: (-float(summary[i]['p_breach_end']),
                                  -float(summary[i]['broad_p50_end']), i))
    ids = [summary[i]['county_id'] for i in order] + ['city']
    p = {(r['scenario'], r['county_id']): float(r['p_breach_end'])
         for r in compare}
    got = dat('compare_breach.dat')
    if [r[1] for r in got] != ids:
        sys.exit(f'compare_breach.dat: rows {[r[1] for r in got]}, '
                 f'expected {ids}')
    for k, (r, cid) in enumerate(zip(got, ids)):
        if int(r[0]) != k:
            sys.exit(f'compare_breach.dat: row number {r[0]}, expected {k}')
        want = [100 * p[(s, cid)] for s in scenarios]
        if len(r) != 4 + len(scenarios):
            sys.exit(f'compare_breach.dat {cid}: {len(r)} columns')
        same(float(r[2]), min(want), f'{cid} min')
        same(float(r[3]), max(want), f'{cid} max')
        for s, v, w in zip(scenarios, r[4:], want):
            same(float(v), w, f'compare_breach.dat {cid} {s}')
elif what == 'compare_city':
    got = dat('compare_city.dat')
    for k, s in enumerate(scenarios):
        city = {int(r['year']): float(r['p50'])
                for r in rows(f'{s}/city.csv')}
        if [int(r[0]) for r in got] != sorted(city):
            sys.exit(f'compare_city.dat: years {[r[0] for r in got]}')
        for r in got:
            same(float(r[1 + k]), 100 * city[int(r[0])],
                 f'compare_city.dat {r[0]} {s}')
EOF
for what in compare_breach compare_city; do
    check "$what.dat equals compare.csv and the scenarios' city.csv" \
        python3 "$tmp/dat.py" "$rv" "$what"
done

# 7. The review's report: every scenario by name and title (the English
# side of its title in run.ini), the baseline's headline, and every link
# to a file that exists, the charts and each scenario's report among them.
cat >"$tmp/review.py" <<'EOF'
import csv
import os
import re
import sys

out = sys.argv[1]
with open(f'{out}/report.md', encoding='utf-8') as f:
    text = f.read()
with open(f'{out}/compare.csv', newline='', encoding='utf-8') as f:
    scenarios = list(dict.fromkeys(r['scenario'] for r in csv.DictReader(f)))


def ini_title(path):
    for line in open(path, encoding='utf-8'):
        if line.startswith('title = '):
            return line[8:].strip().split(' / ')[0]
    sys.exit(f'{path}: no title')


for s in scenarios:
    if f'`{s}`' not in text:
        sys.exit(f'scenario {s} not named')
    title = ini_title(f'{out}/{s}/run.ini')
    if title not in text:
        sys.exit(f'title {title!r} of {s} not in the report')
    if f'({s}/report.md)' not in text:
        sys.exit(f'no link to {s}/report.md')
with open(f'{out}/baseline/report.md', encoding='utf-8') as f:
    head = next(p for p in f.read().split('\n\n') if p.startswith('**'))
if head not in text:
    sys.exit('the baseline headline is not in the review')
links = re.findall(r'\]\(([^)]+)\)', text)
for want in ('charts/compare_breach.png', 'charts/compare_city.png'):
    if want not in links:
        sys.exit(f'no link to {want}')
for link in links:
    if not os.path.exists(f'{out}/{link}'):
        sys.exit(f'linked file missing: {link}')
EOF
check "report.md: every scenario and title, the baseline headline, links to existing files" \
    python3 "$tmp/review.py" "$rv"

# 8. The city line of each scenario and the counties it moves: the city's
# probability as compare.csv gives it, and wancheng-land moves 宛城区
# only (common draws: no other county changes by a single path).
cat >"$tmp/moves.py" <<'EOF'
import csv
import sys

out = sys.argv[1]
with open(f'{out}/report.md', encoding='utf-8') as f:
    lines = f.read().split('\n')
with open(f'{out}/compare.csv', newline='', encoding='utf-8') as f:
    compare = list(csv.DictReader(f))
moved = [r['county_id'] for r in compare
         if r['scenario'] == 'wancheng-land' and r['county_id'] != 'city'
         and float(r['p_breach_delta']) != 0]
if moved != ['wancheng']:
    sys.exit(f'compare.csv: wancheng-land moves {moved}')
titles = {'land-slump': 'Land slump', 'debt-swap': 'Hidden-debt swap',
          'wancheng-land': 'More land revenue in one district'}
for r in compare:
    if r['county_id'] != 'city' or r['scenario'] == 'baseline':
        continue
    p = f"{100 * float(r['p_breach_end']):.1f}%"
    row = [l for l in lines if l.startswith(f"| {titles[r['scenario']]} | {p} |")]
    if not row:
        sys.exit(f"no city row '{titles[r['scenario']]} | {p}'")
row = [l for l in lines
       if l.startswith('| More land revenue in one district | ') and '±' in l
       and '%' not in l]
if len(row) != 1 or '宛城区' not in row[0] or row[0].count('±') != 1:
    sys.exit(f'moves of wancheng-land: {row}')
EOF
check "report.md: the city under each scenario; wancheng-land moves 宛城区 alone" \
    python3 "$tmp/moves.py" "$rv"

# 9. Sensitivity with two parameters.
check "sensitivity --param x2 --charts png,svg,pdf succeeds" \
    "$exe" sensitivity --paths 1000 --charts png,svg,pdf \
    --param rates.hidden_spread=0.01:0.05 --param defaults.land.mu=-0.08:-0.02 \
    --out "$sv"

# The riskiest county: the highest p_breach_base of sensitivity.csv, the
# first such in file order.
riskiest="$(python3 - "$sv/sensitivity.csv" <<'EOF'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1], encoding='utf-8'))
        if r['county_id'] != 'city']
best = max(float(r['p_breach_base']) for r in rows)
print(next(r['county_id'] for r in rows if float(r['p_breach_base']) == best))
EOF
)"

# 10. The tornado charts.
check "OUT/charts: tornado_city and tornado_$riskiest in png, svg, pdf with .gp, .dat" \
    files "$sv" tornado_city "tornado_$riskiest"

# 11. Their numbers: one row per parameter, the largest swing (the larger
# of |delta_low| and |delta_high|) first, in percent.
cat >"$tmp/tornado.py" <<'EOF'
import csv
import sys

out, county, chart = sys.argv[1], sys.argv[2], sys.argv[3]
with open(f'{out}/sensitivity.csv', newline='', encoding='utf-8') as f:
    rows = [r for r in csv.DictReader(f) if r['county_id'] == county]
want = sorted(rows, key=lambda r: -max(abs(float(r['delta_low'])),
                                       abs(float(r['delta_high']))))
with open(f'{out}/charts/{chart}.dat', encoding='utf-8') as f:
    got = [l.split() for l in f if l.strip() and not l.startswith('#')]
if [g[6] for g in got] != [w['parameter'] for w in want]:
    sys.exit(f'{chart}.dat: parameters {[g[6] for g in got]}, expected '
             f"{[w['parameter'] for w in want]}")
for k, (g, w) in enumerate(zip(got, want)):
    if int(g[0]) != k:
        sys.exit(f'{chart}.dat: row {g[0]}')
    for col, name in enumerate(['p_breach_base', 'delta_low', 'delta_high',
                                'p_breach_low', 'p_breach_high'], 1):
        a, b = float(g[col]), 100 * float(w[name])
        if abs(a - b) > 1e-9 * max(1.0, abs(b)):
            sys.exit(f"{chart}.dat {w['parameter']} {name}: {a} vs {b}")
EOF
tornado_dat() {
    python3 "$tmp/tornado.py" "$sv" city tornado_city &&
        python3 "$tmp/tornado.py" "$sv" "$riskiest" "tornado_$riskiest"
}
check "tornado .dat files equal sensitivity.csv, largest swing first" tornado_dat

# 12. The sensitivity report: both parameters, the tornado pictures, the
# baseline's own report and charts.
sens_report() {
    local r="$sv/report.md" link
    [[ -s "$r" ]] || { echo "no report.md"; return 1; }
    grep -q '`rates.hidden_spread`' "$r" && grep -q '`defaults.land.mu`' "$r" &&
        grep -q 'Hidden-debt spread' "$r" &&
        grep -q '](charts/tornado_city.png)' "$r" &&
        grep -q "](charts/tornado_$riskiest.png)" "$r" ||
        { echo "report.md lacks a parameter or a tornado"; return 1; }
    while read -r link; do
        [[ -e "$sv/$link" ]] || { echo "linked file missing: $link"; return 1; }
    done < <(grep -oE '\]\([^)]+\)' "$r" | sed 's/^](//; s/)$//')
    [[ -s "$sv/baseline/report.md" && -s "$sv/baseline/charts/ranking.png" ]] ||
        { echo "baseline/ without its report or charts"; return 1; }
}
check "sensitivity report.md: parameters, tornado pictures, baseline briefing" \
    sens_report

# 13-14. --lang zh: Chinese labels in the comparison and tornado charts and
# in both reports; the scenario titles on their Chinese side.
zh="$tmp/zh"
check "batch and sensitivity --lang zh succeed" bash -c "
    '$exe' batch --lang zh --paths 1000 --out '$zh/rv' '${scen[0]}' '${scen[1]}' &&
    '$exe' sensitivity --lang zh --paths 1000 --param defaults.land.mu=-0.08:-0.02 \
        --param policy.quota=0.03:0.07 --out '$zh/sv'"
chinese() {
    grep -q '突破警戒线' "$zh/rv/charts/compare_breach.gp" &&
        grep -q '全市合计' "$zh/rv/charts/compare_breach.gp" &&
        grep -q '土地市场下滑' "$zh/rv/charts/compare_breach.gp" &&
        grep -q '中位数' "$zh/rv/charts/compare_city.gp" &&
        grep -q '警戒线' "$zh/rv/charts/compare_city.gp" &&
        ! grep -q 'Land slump' "$zh/rv/charts/compare_city.gp" &&
        grep -q '年度评审' "$zh/rv/report.md" &&
        grep -q '土地市场下滑' "$zh/rv/report.md" &&
        ! grep -q 'Annual review' "$zh/rv/report.md" &&
        grep -q '低值' "$zh/sv/charts/tornado_city.gp" &&
        grep -q '土地出让收入趋势' "$zh/sv/charts/tornado_city.gp" &&
        grep -q '敏感性分析' "$zh/sv/report.md" &&
        [[ "$(png_size "$zh/rv/charts/compare_breach.png")" == 1600x900 ]]
}
check "--lang zh: Chinese titles, labels and reports" chinese

# 15-17. gnuplot missing: exit 3, compare.csv and the reports written.
status=0
GNUPLOT=/nonexistent/gnuplot "$exe" batch --paths 1000 --out "$tmp/nognu" \
    "${scen[0]}" >/dev/null 2>"$err" || status=$?
check "batch, GNUPLOT=/nonexistent/gnuplot: exit status 3, gnuplot named" \
    bash -c "test $status -eq 3 && grep -q 'gnuplot' '$err'"
nognu() {
    local d="$tmp/nognu"
    [[ -s "$d/compare.csv" && -s "$d/report.md" &&
        -s "$d/baseline/summary.csv" && -s "$d/land-slump/summary.csv" ]] ||
        { echo "results missing"; return 1; }
    ! grep -q '](charts/' "$d/report.md" ||
        { echo "report links a picture that was not drawn"; return 1; }
}
check "gnuplot missing: compare.csv, the scenario folders and report.md written" nognu
status=0
GNUPLOT=/nonexistent/gnuplot "$exe" sensitivity --paths 1000 \
    --param defaults.land.mu=-0.08:-0.02 --out "$tmp/nognu-sv" >/dev/null 2>"$err" ||
    status=$?
check "sensitivity, gnuplot missing: exit 3, sensitivity.csv and report.md written" \
    bash -c "test $status -eq 3 && test -s '$tmp/nognu-sv/sensitivity.csv' &&
             test -s '$tmp/nognu-sv/report.md'"

# 18. gnuplot failing: exit 3, the message names the failure.
status=0
GNUPLOT=false "$exe" batch --paths 1000 --charts png --out "$tmp/fails" \
    "${scen[0]}" >/dev/null 2>"$err" || status=$?
check "gnuplot failing: exit status 3, compare.csv written" \
    bash -c "test $status -eq 3 && grep -q 'gnuplot.*failed' '$err' &&
             test -s '$tmp/fails/compare.csv'"

# 19. --charts none: no comparison charts, a report without pictures.
none() {
    "$exe" batch --charts none --paths 1000 --out "$tmp/none" "${scen[2]}" \
        >/dev/null &&
        [[ ! -e "$tmp/none/charts" && -s "$tmp/none/report.md" ]] &&
        ! grep -q '](charts/' "$tmp/none/report.md"
}
check "--charts none: no OUT/charts, report.md without pictures" none

# 20. A scenario that changes nothing: its markers sit on the baseline
# (every number of its .dat column equals the baseline's), its key says so.
nothing() {
    printf '[scenario]\nname = nothing\ntitle = Nothing changes\n' \
        >"$tmp/nothing.ini"
    "$exe" batch --charts png --paths 1000 --out "$tmp/noop" "$tmp/nothing.ini" \
        >/dev/null &&
        awk '!/^#/ && $5 != $6 { bad = 1 } END { exit bad }' \
            "$tmp/noop/charts/compare_breach.dat" &&
        grep -q 'Nothing changes  ±0' "$tmp/noop/charts/compare_breach.gp"
}
check "a scenario that changes nothing: on the baseline, ±0 in the key" nothing

# 21-22. `plot` redraws a batch folder and a sensitivity folder: the
# comparison, every scenario's charts, the tornado charts and the reports.
replot_batch() {
    rm -rf "$tmp/noop/charts" "$tmp/noop/nothing/charts" "$tmp/noop/report.md" &&
        "$exe" plot "$tmp/noop" >/dev/null &&
        [[ -s "$tmp/noop/charts/compare_breach.png" &&
            -s "$tmp/noop/nothing/charts/fan_city.png" &&
            -s "$tmp/noop/report.md" ]]
}
check "plot redraws a batch folder" replot_batch
replot_sensitivity() {
    "$exe" sensitivity --charts none --paths 300 --out "$tmp/sens2" \
        --param policy.quota=0.02:0.08 >/dev/null &&
        "$exe" plot "$tmp/sens2" >/dev/null &&
        [[ -s "$tmp/sens2/charts/tornado_city.png" &&
            -s "$tmp/sens2/baseline/charts/ranking.png" ]]
}
check "plot redraws a sensitivity folder" replot_sensitivity
[ "$failed" -eq 0 ]
