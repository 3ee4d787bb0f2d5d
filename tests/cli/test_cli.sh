#!/usr/bin/env bash
# The command line of the README: help and version, usage errors (exit 2),
# check, run's output folder, reproducibility, --set, run.ini, batch, and
# interrupted runs that must leave the previous results as they were.
# TAP output.
#
#   bash tests/cli/test_cli.sh PATH/TO/debtrisk SOURCE_ROOT
#
# Everything is written under a mktemp -d folder, removed on exit; nothing
# is written into SOURCE_ROOT. The two interrupt tests start a long run
# (2,000,000 paths) and signal it after about a second.
set -u

if [ $# -ne 2 ]; then
    echo "usage: bash tests/cli/test_cli.sh PATH/TO/debtrisk SOURCE_ROOT" >&2
    exit 2
fi
abspath() { case $1 in /*) printf '%s\n' "$1" ;; *) printf '%s\n' "$PWD/$1" ;; esac; }
DR=$(abspath "$1")
ROOT=$(cd "$2" && pwd) || exit 2
SAMPLE=$ROOT/data/sample-city
SCEN=$ROOT/models/scenarios

TMP=$(mktemp -d "${TMPDIR:-/tmp}/debtrisk-cli.XXXXXX") || exit 1
cleanup() {
    # BG leads its own process group (set -m below): end the whole job.
    [ -n "${BG:-}" ] && kill -KILL -- "-$BG" 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT
# Run from the scratch folder: a default out/ would land here, not in ROOT.
cd "$TMP" || exit 1

PLAN=48
echo "1..$PLAN"
# shellcheck source=tests/lib/tap.sh
. "$ROOT/tests/lib/tap.sh"

# dr ARGS...: runs the program; status in $rc, output in $TMP/o and $TMP/e.
dr() {
    "$DR" "$@" >"$TMP/o" 2>"$TMP/e" </dev/null
    rc=$?
}

# Fingerprint of a folder: every path in it, and every file's checksum.
fingerprint() {
    (cd "$1" && find . -print | LC_ALL=C sort &&
        find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
}

# Leftover temporary folders beside output folder $1.
leftovers() {
    local d=$1
    compgen -G "$d.tmp-*" | tr '\n' ' '
}

# Names in folder $1 other than "out", space-separated.
others() {
    find "$1" -mindepth 1 -maxdepth 1 ! -name out -printf '%f ' 2>/dev/null
}

# Column NAME of a CSV header line.
colnum() {
    head -n 1 "$1" | tr -d '\r' | tr ',' '\n' | grep -nx -- "$2" | cut -d: -f1
}

# --- help and version --------------------------------------------------

dr --version
why=()
[ "$rc" -eq 0 ] || why+=("exit status $rc")
grep -Eq '^debtrisk [0-9]+\.[0-9]+' "$TMP/o" || why+=("stdout: $(head -c 200 "$TMP/o")")
result "--version prints 'debtrisk VERSION' and exits 0" "${why[@]}"

# has_all FILE WORD...: the words FILE lacks, in $missing.
has_all() {
    local f=$1 w
    shift
    missing=()
    for w in "$@"; do grep -qF -- "$w" "$f" || missing+=("$w"); done
}

dr --help
has_all "$TMP/o" run check --help --version
why=()
[ "$rc" -eq 0 ] || why+=("exit status $rc")
[ ${#missing[@]} -eq 0 ] || why+=("help does not mention: ${missing[*]}")
result "--help exits 0 and lists the commands" "${why[@]}"

dr run --help
has_all "$TMP/o" --data --fiscal --projects --model --scenario --paths --years \
    --seed --threads --deterministic --set --out --charts --lang
why=()
[ "$rc" -eq 0 ] || why+=("exit status $rc")
[ ${#missing[@]} -eq 0 ] || why+=("run --help does not mention: ${missing[*]}")
result "run --help exits 0 and describes every run flag" "${why[@]}"

dr check --help
has_all "$TMP/o" --data --fiscal --projects --model --scenario --set
why=()
[ "$rc" -eq 0 ] || why+=("exit status $rc")
[ ${#missing[@]} -eq 0 ] || why+=("check --help does not mention: ${missing[*]}")
result "check --help exits 0 and describes every check flag" "${why[@]}"

# batch is a command of the README and works: the help must say so.
dr --help
cp "$TMP/o" "$TMP/help.txt"
dr batch --help
why=()
[ "$rc" -eq 0 ] || why+=("batch --help: exit status $rc")
grep -q batch "$TMP/help.txt" || why+=("--help does not list batch")
grep -q 'SCENARIO' "$TMP/o" || why+=("batch --help does not describe its SCENARIO.ini arguments")
result "batch is documented: --help lists it and batch --help describes it" "${why[@]}"

# --- usage errors: exit 2, the culprit named, the short usage, nothing written

# usage_error DESC WORD ARGS...: exit 2, stderr names WORD and holds the usage,
# stdout empty, and no --out folder appeared.
usage_error() {
    local desc=$1 word=$2
    shift 2
    rm -rf "$TMP/u"
    mkdir "$TMP/u"
    (cd "$TMP/u" && "$DR" "$@" >"$TMP/o" 2>"$TMP/e" </dev/null)
    rc=$?
    local why=()
    [ "$rc" -eq 2 ] || why+=("exit status $rc, expected 2")
    [ -z "$word" ] || grep -qF -- "$word" "$TMP/e" || why+=("stderr does not name '$word'")
    grep -q 'usage:' "$TMP/e" || why+=("stderr has no usage")
    [ -s "$TMP/o" ] && why+=("stdout not empty")
    [ -z "$(ls -A "$TMP/u")" ] || why+=("something was written: $(ls -A "$TMP/u")")
    [ ${#why[@]} -eq 0 ] || why+=("command: debtrisk $*" "@$TMP/e")
    result "$desc" "${why[@]}"
}

usage_error "no command: exit 2 with usage on stderr" ""
usage_error "unknown command: exit 2 naming it" frobnicate frobnicate
usage_error "unknown option: exit 2 naming it, with the short usage" --frob run --frob
usage_error "check, unknown option: exit 2 naming it" --frob check --frob
# did you mean, as for every other list of names (case ignored)
usage_error "command 'rn': exit 2, did you mean 'run'" "did you mean 'run'?" rn
usage_error "run --Fiscl: exit 2, did you mean '--fiscal'" "did you mean '--fiscal'?" \
    run --Fiscl x
usage_error "run --out with no value: exit 2" --out run --out
usage_error "--paths abc: exit 2 naming --paths" --paths run --paths abc
usage_error "--paths 0: exit 2 naming --paths" --paths run --paths 0
usage_error "--years 0: exit 2 naming --years" --years run --years 0
usage_error "--threads 0: exit 2 naming --threads" --threads run --threads 0
usage_error "--charts gif: exit 2 naming --charts" --charts run --charts gif
usage_error "--lang fr: exit 2 naming --lang" --lang run --lang fr
usage_error "run --data X --fiscal Y: exit 2" --data run --data X --fiscal Y
usage_error "run extra-arg: exit 2 naming it" extra-arg run extra-arg
usage_error "--out .: exit 2, the folder would replace the current one" --out run --out .
# sensitivity checks every --param before it simulates anything (no out/
# appears): a [run] key would break the common draws, a parameter given
# twice is a mistake, a value out of range is one too (2.5 for 2.5%).
usage_error "sensitivity --param run.seed=1:2: exit 2 naming --param, nothing run" \
    --param sensitivity --paths 10 --charts none --param run.seed=1:2
usage_error "sensitivity, one --param twice: exit 2 naming it" "already varied by --param" \
    sensitivity --paths 10 --charts none --param rates.yield=0.02:0.03 \
    --param rates.yield=0.01:0.04
usage_error "sensitivity --param rates.yield=0.01:3: exit 2, 3 looks like 3%" \
    "3 looks like a percentage: write 0.03 for 3%" \
    sensitivity --paths 10 --charts none --param rates.yield=0.01:3
# --set is a bad input (exit 1), with the same hint, and no usage.
dr run --paths 10 --charts none --out "$TMP/setpct" --set rates.yield=2.5
why=()
[ "$rc" -eq 1 ] || why+=("exit status $rc, expected 1")
grep -qF -- "debtrisk: --set: [rates] yield: expected a number in [-0.05, 0.3], found '2.5'; 2.5 looks like a percentage: write 0.025 for 2.5%" "$TMP/e" ||
    why+=("@$TMP/e")
[ -e "$TMP/setpct" ] && why+=("--out was written")
result "--set rates.yield=2.5: exit 1, the range and 'write 0.025 for 2.5%'" "${why[@]}"
# A folder of other files is never replaced by results: exit 2, and its
# files (and no temporary folder beside it) are left as they were.
mkdir -p "$TMP/docs" && echo keep >"$TMP/docs/letter.txt"
usage_error "--out a folder of other files: exit 2, it is left alone" docs \
    run --paths 10 --charts none --out "$TMP/docs"
why=()
[[ "$(ls -A "$TMP/docs")" == letter.txt && "$(cat "$TMP/docs/letter.txt")" == keep ]] ||
    why+=("$TMP/docs was changed: $(ls -A "$TMP/docs")")
[[ -z "$(find "$TMP" -maxdepth 1 -name 'docs.tmp-*')" ]] || why+=("a temporary folder was left")
result "--out a folder of other files: its files stay, nothing beside it" "${why[@]}"

# --- check on the bundled data ----------------------------------------

dr check
cp "$TMP/o" "$TMP/check.txt"
why=()
[ "$rc" -eq 0 ] || why+=("exit status $rc" "@$TMP/e")
ids=$(tail -n +2 "$SAMPLE/fiscal.csv" | cut -d, -f1)
for id in $ids; do
    grep -qw -- "$id" "$TMP/check.txt" || why+=("no county $id")
done
[ "$(printf '%s\n' "$ids" | wc -l)" -eq 13 ] || why+=("the sample city should have 13 counties")
grep -q 'all inputs are good' "$TMP/check.txt" || why+=("no 'all inputs are good'")
result "check on the bundled data: exit 0, the 13 counties, 'all inputs are good'" "${why[@]}"

# Base-year broad ratio, by hand from data/sample-city/fiscal.csv:
#   broad = (explicit_debt + hidden_debt) /
#           (own_revenue + transfers + land_revenue + other_fund_revenue
#            + soe_revenue - remittance)
#   wancheng (52+35)/(22+30+35+4+1.0-2.0)    = 87/90   = 96.67%  -> 96.7%
#   wolong   (46+34)/(20+28+30+3+1.0-1.8)    = 80/80.2 = 99.75%  -> 99.8% (just below)
#   sheqi    (25+20)/(7+30+6+0.8+0.2-0.4)    = 45/43.6 = 103.21% -> 103.2%, above
row() { grep -E "^$1[[:space:]]" "$TMP/check.txt"; }
why=()
row wancheng | grep -q '96\.7%' || why+=("wancheng: $(row wancheng)")
row wancheng | grep -q 'above the line' && why+=("wancheng is not above the line")
row wolong | grep -q '99\.8%' || why+=("wolong: $(row wolong)")
row wolong | grep -q 'above the line' && why+=("wolong (99.75%) is not above the line")
row sheqi | grep -q '103\.2%' || why+=("sheqi: $(row sheqi)")
row sheqi | grep -q 'above the line' || why+=("sheqi (103.2%) is above the line")
[ "$(grep -c 'above the line' "$TMP/check.txt")" -eq 1 ] ||
    why+=("only sheqi is above the line in the base year")
result "check: base-year broad ratios wancheng 96.7%, wolong 99.8%, sheqi 103.2% above the line" "${why[@]}"

dr check --scenario "$SCEN/land-slump.ini"
why=()
[ "$rc" -eq 0 ] || why+=("exit status $rc" "@$TMP/e")
grep -q 'land-slump' "$TMP/o" || why+=("no scenario name")
# land-slump.ini: land_revenue x 0.7 in 2025-2026, x 0.85 in 2027
grep -Eq 'land_revenue.*0\.7([^0-9]|$).*2025-2026' "$TMP/o" || why+=("no 'land_revenue ... 0.7 ... 2025-2026'")
grep -Eq 'land_revenue.*0\.85.*2027' "$TMP/o" || why+=("no 'land_revenue ... 0.85 ... 2027'")
[ ${#why[@]} -eq 0 ] || why+=("@$TMP/o")
result "check --scenario land-slump.ini lists its adjustments" "${why[@]}"

# --- run: the output folder ------------------------------------------

OUTPUTS="summary.csv projection.csv ratios.csv grades.csv city.csv city_counts.csv run.ini"
D=$TMP/det/out
mkdir -p "$TMP/det"
dr run --deterministic --charts none --years 5 --out "$D"
why=()
[ "$rc" -eq 0 ] || why+=("exit status $rc" "@$TMP/e")
for f in $OUTPUTS; do [ -f "$D/$f" ] || why+=("no $f"); done
result "run --deterministic --charts none --out DIR: exit 0, every output file" "${why[@]}"

# A second run into the same folder replaces the results.
dr run --deterministic --charts none --years 10 --out "$D"
why=()
[ "$rc" -eq 0 ] || why+=("exit status $rc" "@$TMP/e")
grep -Eq '^years *= *10$' "$D/run.ini" 2>/dev/null || why+=("run.ini is not the second run's (years = 10)")
y=$(colnum "$D/projection.csv" year)
last=$(tail -n +2 "$D/projection.csv" | cut -d, -f"${y:-1}" | sort -n | tail -n 1)
[ "$last" = 2034 ] || why+=("projection.csv ends in $last, not 2034")
for f in $OUTPUTS; do [ -f "$D/$f" ] || why+=("no $f"); done
result "a second run into the same --out replaces the results" "${why[@]}"

left=$(leftovers "$D")
extra=$(others "$TMP/det")
why=()
[ -z "$left" ] || why+=("left: $left")
[ -z "$extra" ] || why+=("beside the output folder: $extra")
result "no DIR.tmp-* or anything else left beside --out" "${why[@]}"

# --- reproducibility (Monte Carlo) -----------------------------------

mc() { # mc OUT ARGS...
    local out=$1
    shift
    dr run --paths 2000 --charts none --out "$out" "$@"
    [ "$rc" -eq 0 ] || fail_mc="$out: exit status $rc: $(head -c 300 "$TMP/e")"
}
# same_csvs A B: the CSV files that differ (or are missing), in $diffs.
same_csvs() {
    diffs=()
    local f
    [ -n "$(compgen -G "$1/*.csv")" ] || diffs+=("no CSV files in $1")
    for f in "$1"/*.csv; do
        [ -e "$f" ] || continue
        cmp -s "$f" "$2/${f##*/}" || diffs+=("${f##*/} differs")
    done
}
fail_mc=
mc "$TMP/mc1"
mc "$TMP/mc2"
same_csvs "$TMP/mc1" "$TMP/mc2"
why=()
[ -z "$fail_mc" ] || why+=("$fail_mc")
[ ${#diffs[@]} -eq 0 ] || why+=("${diffs[@]}")
result "same seed, two runs: byte-identical CSVs" "${why[@]}"

fail_mc=
mc "$TMP/t1" --threads 1
mc "$TMP/t2" --threads 2
same_csvs "$TMP/t1" "$TMP/t2"
why=()
[ -z "$fail_mc" ] || why+=("$fail_mc")
[ ${#diffs[@]} -eq 0 ] || why+=("${diffs[@]}")
result "same seed, --threads 1 and --threads 2: byte-identical CSVs" "${why[@]}"

# The seed matters (else the two tests above would prove nothing).
fail_mc=
mc "$TMP/s2" --seed 2
mc "$TMP/s3" --seed 3
why=()
[ -z "$fail_mc" ] || why+=("$fail_mc")
cmp -s "$TMP/s2/summary.csv" "$TMP/s3/summary.csv" && why+=("--seed 2 and --seed 3 give the same summary.csv")
result "a different seed gives a different summary.csv" "${why[@]}"

# --- --set ------------------------------------------------------------

dr run --deterministic --charts none --out "$TMP/base"
rc1=$rc
dr run --deterministic --charts none --set rates.hidden_spread=0.05 --out "$TMP/spread"
why=()
[ "$rc1" -eq 0 ] && [ "$rc" -eq 0 ] || why+=("exit status $rc1 and $rc" "@$TMP/e")
[ -f "$TMP/spread/summary.csv" ] && cmp -s "$TMP/base/summary.csv" "$TMP/spread/summary.csv" &&
    why+=("summary.csv unchanged")
result "--set rates.hidden_spread=0.05 changes summary.csv" "${why[@]}"

dr run --deterministic --charts none --set rates.nope=1 --out "$TMP/nope"
why=()
[ "$rc" -eq 1 ] || why+=("exit status $rc, expected 1")
grep -q nope "$TMP/e" || why+=("stderr does not name 'nope'")
[ -e "$TMP/nope" ] && why+=("--out was created")
[ ${#why[@]} -eq 0 ] || why+=("@$TMP/e")
result "--set rates.nope=1: exit 1 naming 'nope', nothing written" "${why[@]}"

# --- run.ini ----------------------------------------------------------

dr run --seed 42 --paths 700 --years 7 --charts none --out "$TMP/ri"
sum=$(sha256sum "$SAMPLE/fiscal.csv" | cut -d' ' -f1)
why=()
[ "$rc" -eq 0 ] || why+=("exit status $rc" "@$TMP/e")
for kv in 'seed *= *42' 'paths *= *700' 'years *= *7' "fiscal\\.sha256 *= *$sum"; do
    grep -Eq "^$kv\$" "$TMP/ri/run.ini" 2>/dev/null || why+=("run.ini has no line /$kv/")
done
[ ${#why[@]} -eq 0 ] || why+=("@$TMP/ri/run.ini")
result "run.ini records seed, paths, years and fiscal.csv's sha256" "${why[@]}"

# --- batch ------------------------------------------------------------

B=$TMP/batch
dr batch --charts none --paths 500 --out "$B" "$SCEN/land-slump.ini" "$SCEN/project-freeze.ini"
why=()
[ "$rc" -eq 0 ] || why+=("exit status $rc" "@$TMP/e")
for s in baseline land-slump project-freeze; do
    [ -f "$B/$s/summary.csv" ] || why+=("no $s/summary.csv")
done
[ -f "$B/compare.csv" ] || why+=("no compare.csv")
result "batch: exit 0, baseline, land-slump, project-freeze and compare.csv" "${why[@]}"

# deltas CSV SCENARIO COLUMN...: the values of those columns in the rows of
# SCENARIO that are not exactly "0" (and the row count), in $bad and $rows.
deltas() {
    local csv=$1 scen=$2 c k
    shift 2
    bad=()
    rows=0
    [ -f "$csv" ] || { bad+=("no $csv"); return; }
    local sc
    sc=$(colnum "$csv" scenario)
    rows=$(tail -n +2 "$csv" | cut -d, -f"${sc:-1}" | grep -cx -- "$scen")
    for c in "$@"; do
        k=$(colnum "$csv" "$c")
        if [ -z "$k" ]; then bad+=("no column $c"); continue; fi
        # name may be quoted with commas: count columns from the end too
        local fromend=$(( $(head -n 1 "$csv" | tr -d '\r' | tr ',' '\n' | wc -l) - k ))
        while IFS= read -r v; do
            [ "$v" = 0 ] || bad+=("$c = '$v'")
        done < <(tail -n +2 "$csv" | tr -d '\r' | awk -F, -v s="$scen" -v e="$fromend" \
            '$1 == s { print $(NF - e) }')
    done
}

deltas "$B/compare.csv" baseline p_breach_delta
why=()
[ "$rows" -gt 0 ] || why+=("no baseline rows")
[ ${#bad[@]} -eq 0 ] || why+=("${bad[@]:0:5}")
result "batch: compare.csv baseline rows have p_breach_delta exactly 0" "${why[@]}"

printf '[scenario]\nname = nothing\n' >"$TMP/nothing.ini"
dr batch --charts none --paths 500 --out "$TMP/nothing" "$TMP/nothing.ini"
rc1=$rc
deltas "$TMP/nothing/compare.csv" nothing p_breach_delta p_breach_delta_se broad_p50_delta
why=()
[ "$rc1" -eq 0 ] || why+=("exit status $rc1" "@$TMP/e")
[ "$rows" -gt 0 ] || why+=("no rows for scenario nothing")
[ ${#bad[@]} -eq 0 ] || why+=("${bad[@]:0:5}")
result "batch: a scenario that changes nothing has deltas of exactly 0" "${why[@]}"

# A broken scenario among good ones: reported before anything is written.
printf '[scenario]\nname = broken\n\n[adjust.x]\nvariable = no_such_variable\nyears = 2026\nop = add\nvalue = 1\n' \
    >"$TMP/broken.ini"
dr batch --charts none --paths 500 --out "$TMP/bb" \
    "$SCEN/land-slump.ini" "$TMP/broken.ini" "$SCEN/project-freeze.ini"
why=()
[ "$rc" -eq 1 ] || why+=("exit status $rc, expected 1")
grep -q 'broken.ini' "$TMP/e" || why+=("stderr does not name broken.ini")
[ -e "$TMP/bb" ] && why+=("$TMP/bb was created")
left=$(leftovers "$TMP/bb")
[ -z "$left" ] || why+=("left: $left")
[ ${#why[@]} -eq 0 ] || why+=("@$TMP/e")
result "batch with a broken scenario: exit 1, naming it, --out not created" "${why[@]}"

# ... and an earlier batch in --out is left as it was.
fingerprint "$B" >"$TMP/b.before"
dr batch --charts none --paths 500 --out "$B" \
    "$SCEN/land-slump.ini" "$TMP/broken.ini" "$SCEN/project-freeze.ini"
fingerprint "$B" >"$TMP/b.after"
why=()
[ "$rc" -eq 1 ] || why+=("exit status $rc, expected 1")
cmp -s "$TMP/b.before" "$TMP/b.after" || why+=("the earlier batch changed" "$(diff "$TMP/b.before" "$TMP/b.after" | head)")
left=$(leftovers "$B")
[ -z "$left" ] || why+=("left: $left")
result "batch with a broken scenario leaves an earlier batch untouched" "${why[@]}"

# --- interrupted runs ---------------------------------------------------

# interrupt SIGNAL: a long run into a folder holding an earlier result,
# signalled after ~1 s, must exit non-zero and leave the folder as it was.
interrupt() {
    local sig=$1 I=$TMP/int-$1/out
    mkdir -p "$TMP/int-$1"
    dr run --paths 500 --charts none --out "$I"
    if [ "$rc" -ne 0 ]; then
        fail "SIG$sig during a run: earlier results untouched" "the earlier run failed" "@$TMP/e"
        fail "SIG$sig during a run: no DIR.tmp-* left" "skipped"
        return
    fi
    fingerprint "$I" >"$TMP/int.before"
    # Job control on: the background run gets its own process group and
    # SIGINT is not ignored in it (bash ignores SIGINT in background jobs
    # of a non-interactive shell).
    set -m
    "$DR" run --paths 2000000 --charts none --out "$I" >"$TMP/int.o" 2>"$TMP/int.e" </dev/null &
    BG=$!
    set +m
    sleep 1
    local why=() early=0
    kill -0 "$BG" 2>/dev/null || early=1
    kill -s "$sig" "$BG" 2>/dev/null
    # Give it 30 s to stop; then it did not honour the signal.
    local waited=0
    while kill -0 "$BG" 2>/dev/null && [ $waited -lt 300 ]; do
        sleep 0.1
        waited=$((waited + 1))
    done
    if kill -0 "$BG" 2>/dev/null; then
        why+=("still running 30 s after SIG$sig")
        kill -KILL -- "-$BG" 2>/dev/null
    fi
    wait "$BG" 2>/dev/null
    local st=$?
    BG=
    [ $early -eq 0 ] || why+=("the run ended before the signal was sent (too fast to test)")
    [ "$st" -ne 0 ] || why+=("exit status 0 after SIG$sig")
    fingerprint "$I" >"$TMP/int.after"
    cmp -s "$TMP/int.before" "$TMP/int.after" ||
        why+=("the earlier results changed" "$(diff "$TMP/int.before" "$TMP/int.after" | head)")
    [ ${#why[@]} -eq 0 ] || why+=("exit status $st" "@$TMP/int.e")
    result "SIG$sig during a run: non-zero exit, earlier results untouched" "${why[@]}"
    left=$(leftovers "$I")
    extra=$(others "$TMP/int-$sig")
    why=()
    [ -z "$left" ] || why+=("left: $left")
    [ -z "$extra" ] || why+=("beside the output folder: $extra")
    result "SIG$sig during a run: no DIR.tmp-* left" "${why[@]}"
}
interrupt INT
interrupt TERM

if [ "$n" -ne "$PLAN" ]; then
    echo "# ran $n tests, but the plan said $PLAN"
    exit 1
fi
[ "$failed" -eq 0 ]
