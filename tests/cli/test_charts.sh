#!/usr/bin/env bash
# End-to-end tests of the charts and the briefing report, TAP.
#
#   bash tests/cli/test_charts.sh PATH/TO/debtrisk SOURCE_ROOT
#
# Runs debtrisk on the bundled sample city and checks what it draws: every
# chart in every format, at its size, beside the .gp and .dat that redraw
# it; the .dat numbers against the CSV statistics they come from (read
# here independently, with python3); the Chinese labels; `plot`; the
# report; and the exit status and message when gnuplot is missing or fails.
set -u

exe="$1"
src="$2"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "1..22"
# shellcheck source=tests/lib/tap.sh
. "$src/tests/lib/tap.sh"

# The charts of an output folder: fan_<county_id> for every county of
# summary.csv, then the five charts of the whole city.
chart_names() {
    python3 - "$1/summary.csv" <<'EOF'
import csv, sys
with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:
    for row in csv.DictReader(f):
        print('fan_' + row['county_id'])
for name in ('fan_city', 'heatmap', 'ranking', 'grades', 'counties_above'):
    print(name)
EOF
}

# Width and height of a PNG, from its IHDR chunk (bytes 16..23, big
# endian).
png_size() {
    od -A n -t u1 -j 16 -N 8 "$1" |
        awk '{ printf "%dx%d\n", $1*16777216 + $2*65536 + $3*256 + $4,
                                 $5*16777216 + $6*65536 + $7*256 + $8 }'
}

mc="$tmp/mc"
err="$tmp/err"

# 1. A Monte Carlo run drawing every format.
check "run --charts png,svg,pdf succeeds" \
    "$exe" run --charts png,svg,pdf --out "$mc"
names=()
[[ -f "$mc/summary.csv" ]] && mapfile -t names < <(chart_names "$mc")

# 2. Every chart has its script, data and pictures.
every_file() {
    local name ext missing=()
    ((${#names[@]} == 18)) || { echo "expected 18 charts, found ${#names[@]}"; return 1; }
    for name in "${names[@]}"; do
        for ext in gp dat png svg pdf; do
            [[ -s "$mc/charts/$name.$ext" ]] || missing+=("$name.$ext")
        done
    done
    ((${#missing[@]} == 0)) || { echo "missing: ${missing[*]}"; return 1; }
}
check "every chart of the sample city: .gp, .dat, .png, .svg, .pdf" every_file

# 3. Sizes: PNG 1600x900 pixels, SVG 1600x900 (well-formed, and without
# the zero-scaled point symbols that SVG renderers reject), PDF 16x9 cm
# (453x255 pt).
sizes() {
    local name bad=()
    for name in "${names[@]}"; do
        [[ "$(png_size "$mc/charts/$name.png")" == 1600x900 ]] ||
            bad+=("$name.png $(png_size "$mc/charts/$name.png")")
        grep -q 'width="1600" height="900"' "$mc/charts/$name.svg" &&
            python3 -c 'import sys, xml.dom.minidom as m; m.parse(sys.argv[1])' \
                "$mc/charts/$name.svg" &&
            ! grep -q 'scale(0.00)' "$mc/charts/$name.svg" ||
            bad+=("$name.svg")
        head -c 5 "$mc/charts/$name.pdf" | grep -q '%PDF-' &&
            grep -aq 'MediaBox \[ 0 0 45[34] 255' "$mc/charts/$name.pdf" ||
            bad+=("$name.pdf")
    done
    ((${#bad[@]} == 0)) || { echo "wrong size: ${bad[*]}"; return 1; }
}
check "PNG and SVG 1600x900, SVG well-formed, PDF 16x9 cm" sizes

# 4. No script names a file by an absolute path, nor the output folder.
no_abs() {
    ! grep -nE "(^|[^A-Za-z0-9_])['\"]/" "$mc"/charts/*.gp &&
        ! grep -nF "$tmp" "$mc"/charts/*.gp
}
check "no absolute path in any .gp" no_abs

# 5. gnuplot NAME.gp alone, in a copy of the folder with the pictures
# removed, draws them again: the same PNG bytes (pngcairo writes no date),
# and every format again.
redraw() {
    local copy="$tmp/redraw" name ext bad=()
    mkdir -p "$copy" && cp "$mc"/charts/*.gp "$mc"/charts/*.dat "$copy"/
    for name in "${names[@]}"; do
        (cd "$copy" && gnuplot "$name.gp") || bad+=("$name: gnuplot failed")
        cmp -s "$copy/$name.png" "$mc/charts/$name.png" ||
            bad+=("$name.png differs")
        for ext in svg pdf; do
            [[ -s "$copy/$name.$ext" ]] || bad+=("$name.$ext not drawn")
        done
    done
    ((${#bad[@]} == 0)) || { printf '%s\n' "${bad[@]}"; return 1; }
}
if command -v gnuplot >/dev/null; then
    check "gnuplot NAME.gp alone redraws every picture, PNG byte for byte" redraw
else
    pass "# SKIP gnuplot not on PATH"
fi

# 6-10. The numbers of the .dat files, against the CSV files.
cat >"$tmp/dat.py" <<'EOF'
"""Checks the .dat files of OUT/charts against the CSV files of OUT.

usage: dat.py OUT fan|heatmap|ranking|grades|counties_above
Ratios and probabilities are fractions in the CSV files and percent in the
.dat files; every number must agree to 1e-9 (relative).
"""
import csv
import math
import sys

out, what = sys.argv[1], sys.argv[2]


def rows(name):
    with open(f'{out}/{name}', newline='', encoding='utf-8-sig') as f:
        return list(csv.DictReader(f))


def num(s):
    return float(s)  # accepts inf and nan too


def dat(name):
    """Blocks of a .dat file: lists of rows of fields, comments dropped;
    a blank line ends a row group, two end a block (gnuplot's index)."""
    blocks, block, blank = [], [], 0
    with open(f'{out}/charts/{name}', encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if line.startswith('#'):
                continue
            if not line:
                blank += 1
                if blank == 2 and block:
                    blocks.append(block)
                    block = []
                continue
            blank = 0
            block.append(line.split())
    if block:
        blocks.append(block)
    return blocks


def same(a, b, what):
    if math.isinf(a) or math.isinf(b):
        ok = a == b
    else:
        ok = abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))
    if not ok:
        sys.exit(f'{what}: .dat has {a!r}, the CSV gives {b!r}')


summary = rows('summary.csv')
ratios = [r for r in rows('ratios.csv') if r['measure'] == 'broad']
years = sorted({int(r['year']) for r in ratios})
end = years[-1]
pcts = ['p05', 'p10', 'p25', 'p50', 'p75', 'p90', 'p95']
# riskiest first: p_breach_end, then the median at the end, then file order
order = sorted(range(len(summary)),
               key=lambda i: (-num(summary[i]['p_breach_end']),
                              -num(summary[i]['broad_p50_end']), i))
ranked = [summary[i] for i in order]

if what == 'fan':
    for c in summary:
        got = dat(f"fan_{c['county_id']}.dat")[0]
        want = {int(r['year']): r for r in ratios
                if r['county_id'] == c['county_id']}
        if [int(r[0]) for r in got] != years:
            sys.exit(f"fan_{c['county_id']}.dat: years {[r[0] for r in got]}")
        for r in got:
            for k, p in enumerate(pcts):
                same(num(r[k + 1]), 100 * num(want[int(r[0])][p]),
                     f"fan_{c['county_id']}.dat {r[0]} {p}")
    city = {int(r['year']): r for r in rows('city.csv')}
    for r in dat('fan_city.dat')[0]:
        for k, p in enumerate(pcts):
            same(num(r[k + 1]), 100 * num(city[int(r[0])][p]),
                 f'fan_city.dat {r[0]} {p}')
elif what == 'heatmap':
    cells = [r for b in dat('heatmap.dat') for r in b]
    if len(cells) != len(summary) * len(years):
        sys.exit(f'heatmap.dat: {len(cells)} cells')
    p_above = {(r['county_id'], int(r['year'])): num(r['p_above'])
               for r in ratios}
    for row, year, p, cid in cells:
        if ranked[int(row)]['county_id'] != cid:
            sys.exit(f'heatmap.dat: row {row} is {cid}, expected '
                     f"{ranked[int(row)]['county_id']}")
        same(num(p), 100 * p_above[(cid, int(year))],
             f'heatmap.dat {cid} {year}')
elif what == 'ranking':
    got = dat('ranking.dat')[0]
    if [r[5] for r in got] != [c['county_id'] for c in ranked]:
        sys.exit(f'ranking.dat: order {[r[5] for r in got]}')
    # grade of the median at the end against the grade lines of model.ini
    lines = None
    section = None
    with open(f'{out}/model.ini', encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if line.startswith('['):
                section = line
            elif section == '[thresholds]' and line.startswith('grades'):
                lines = [float(x) for x in line.split('=')[1].split(',')]
    for r, c in zip(got, ranked):
        p, se = num(c['p_breach_end']), num(c['p_breach_end_se'])
        same(num(r[1]), 100 * p, f"ranking.dat {c['county_id']} p")
        same(num(r[2]), max(0.0, 100 * (p - 2 * se)), f"{c['county_id']} low")
        same(num(r[3]), min(100.0, 100 * (p + 2 * se)),
             f"{c['county_id']} high")
        median = num(c['broad_p50_end'])
        grade = sum(median >= x for x in lines)
        if int(r[4]) != grade:
            sys.exit(f"ranking.dat {c['county_id']}: grade {r[4]}, "
                     f'median {median} gives {grade}')
elif what == 'grades':
    want = {r['county_id']: r for r in rows('grades.csv')
            if int(r['year']) == end}
    got = dat('grades.dat')[0]
    if [r[5] for r in got] != [c['county_id'] for c in ranked]:
        sys.exit(f'grades.dat: order {[r[5] for r in got]}')
    for r in got:
        for k, g in enumerate(['p_green', 'p_yellow', 'p_orange', 'p_red']):
            same(num(r[k + 1]), 100 * num(want[r[5]][g]),
                 f'grades.dat {r[5]} {g}')
elif what == 'counties_above':
    dist, expected = dat('counties_above.dat')
    want = {int(r['counties_above']): num(r['probability'])
            for r in rows('city_counts.csv') if int(r['year']) == end}
    if len(dist) != len(summary) + 1:
        sys.exit(f'counties_above.dat: {len(dist)} counts')
    for k, p in dist:
        same(num(p), 100 * want.get(int(k), 0.0), f'counties_above.dat {k}')
    city = {int(r['year']): r for r in rows('city.csv')}
    if [int(r[0]) for r in expected] != years:
        sys.exit('counties_above.dat: years of index 1')
    for y, e in expected:
        same(num(e), num(city[int(y)]['expected_counties_above']),
             f'counties_above.dat expected {y}')
EOF
for what in fan heatmap ranking grades counties_above; do
    check "$what .dat numbers equal the CSV statistics" \
        python3 "$tmp/dat.py" "$mc" "$what"
done

# 11. The report: the headline names the counties whose ratio is likely
# (p_above at least 50%) above the line at the horizon, and their number;
# the table has every county; every linked picture exists.
cat >"$tmp/report.py" <<'EOF'
import csv
import os
import re
import sys

out = sys.argv[1]
with open(f'{out}/report.md', encoding='utf-8') as f:
    text = f.read()
with open(f'{out}/summary.csv', newline='', encoding='utf-8-sig') as f:
    summary = list(csv.DictReader(f))
with open(f'{out}/ratios.csv', newline='', encoding='utf-8-sig') as f:
    broad = [r for r in csv.DictReader(f) if r['measure'] == 'broad']
end = max(int(r['year']) for r in broad)
likely = [r['name'] for r in broad
          if int(r['year']) == end and float(r['p_above']) >= 0.5]
head = next(p for p in text.split('\n\n') if p.startswith('**'))
if not re.search(rf'\b{len(likely)} of {len(summary)} counties', head):
    sys.exit(f'headline without "{len(likely)} of {len(summary)}": {head}')
for name in likely:
    if name not in head:
        sys.exit(f'headline without {name}: {head}')
for c in summary:
    if f"| {c['name']} |" not in text:
        sys.exit(f"no table row for {c['name']}")
links = re.findall(r'\]\((charts/[^)]+)\)', text)
if not links:
    sys.exit('no picture linked')
for link in links:
    if not os.path.exists(f'{out}/{link}'):
        sys.exit(f'linked picture missing: {link}')
EOF
check "report.md: headline, every county, the linked pictures exist" \
    python3 "$tmp/report.py" "$mc"

# 12-14. gnuplot missing: exit 3, the results in place, the message.
nognu="$tmp/nognu"
status=0
GNUPLOT=/nonexistent/gnuplot "$exe" run --out "$nognu" >/dev/null 2>"$err" ||
    status=$?
check "GNUPLOT=/nonexistent/gnuplot: exit status 3" test "$status" -eq 3
results() {
    local f
    for f in ratios.csv grades.csv summary.csv city.csv city_counts.csv \
        run.ini model.ini report.md; do
        [[ -s "$1/$f" ]] || { echo "$1/$f missing"; return 1; }
    done
    ! grep -q '](charts/' "$1/report.md" || { echo "report links charts"; return 1; }
}
check "gnuplot missing: the results and the report are written" \
    results "$nognu"
message() {
    grep -q 'gnuplot' "$err" && grep -q 'apt-get install gnuplot-nox' "$err" ||
        { cat "$err"; return 1; }
}
check "gnuplot missing: the message names gnuplot and the install" message

# 15. No gnuplot on PATH (and no GNUPLOT) is the same.
status=0
env -u GNUPLOT PATH=/nonexistent "$exe" run --out "$tmp/nopath" \
    >/dev/null 2>"$err" || status=$?
check "gnuplot not on PATH: exit status 3 and the message" \
    bash -c "test $status -eq 3 && grep -q 'apt-get install gnuplot-nox' '$err'"

# 16. gnuplot failing: exit 3, the message says so.
status=0
GNUPLOT=false "$exe" run --out "$tmp/fails" >/dev/null 2>"$err" || status=$?
check "gnuplot failing: exit status 3, the message names gnuplot" \
    bash -c "test $status -eq 3 && grep -q 'gnuplot.*failed' '$err' &&
             grep -q 'exit status 1' '$err'"

# 17-18. --lang zh: Chinese labels in the scripts and the report.
zh="$tmp/zh"
check "run --lang zh succeeds" "$exe" run --lang zh --out "$zh"
chinese() {
    grep -q '债务率' "$zh/charts/fan_wancheng.gp" &&
        grep -q '警戒线' "$zh/charts/fan_wancheng.gp" &&
        grep -q '概率' "$zh/charts/heatmap.gp" &&
        grep -q '警戒线' "$zh/charts/ranking.gp" &&
        grep -q '绿色' "$zh/charts/grades.gp" &&
        grep -q '年份' "$zh/charts/counties_above.gp" &&
        grep -q '债务风险简报' "$zh/report.md" &&
        ! grep -q 'Warning line' "$zh/charts/fan_wancheng.gp" &&
        [[ "$(png_size "$zh/charts/heatmap.png")" == 1600x900 ]]
}
check "--lang zh: Chinese titles, labels and report" chinese

# 19-20. plot redraws an output folder from its CSV files.
plot_again() {
    rm -rf "$mc/charts" &&
        "$exe" plot "$mc" &&
        for name in "${names[@]}"; do
            [[ -s "$mc/charts/$name.png" && -s "$mc/charts/$name.gp" ]] ||
                { echo "$name not redrawn"; return 1; }
        done
}
check "plot OUTDIR draws the deleted charts again" plot_again
plot_svg() {
    "$exe" plot "$mc" --charts svg --lang zh &&
        [[ -s "$mc/charts/heatmap.svg" && ! -e "$mc/charts/heatmap.png" ]] &&
        grep -q '警戒线' "$mc/charts/fan_city.gp"
}
check "plot --charts svg --lang zh replaces the charts" plot_svg

# 21. A deterministic run (one path) draws every chart too.
det() {
    "$exe" run --deterministic --out "$tmp/det" >/dev/null &&
        for name in "${names[@]}"; do
            [[ -s "$tmp/det/charts/$name.png" ]] ||
                { echo "$name.png missing"; return 1; }
        done &&
        python3 "$tmp/dat.py" "$tmp/det" fan
}
check "--deterministic: every chart drawn, bands on the line" det

# 22. --charts none: no charts, a report without pictures.
none() {
    "$exe" run --charts none --out "$tmp/none" >/dev/null &&
        [[ ! -e "$tmp/none/charts" && -s "$tmp/none/report.md" ]] &&
        ! grep -q '](charts/' "$tmp/none/report.md"
}
check "--charts none: no charts, report without pictures" none
[ "$failed" -eq 0 ]
