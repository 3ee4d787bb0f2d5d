#!/usr/bin/env bash
# debtrisk under mpirun (a build with -Dmpi=enabled): the same bytes as one
# process for K = 1, 2, 3 ranks and 1 or 2 threads a rank, for run, batch
# (its paired errors and compare.csv), sensitivity, solve, backtest and a
# deterministic run; calibrate on rank 0 alone; a bad input ending every
# rank with exit 1 and its message once; a stop leaving the previous
# results; rank 0's refusal of --out and missing gnuplot on every rank;
# nothing of the other ranks beside --out. TAP output, the plan
# at the end; skipped (1..0) when mpirun is not installed.
#
#   bash tests/mpi/test_mpi.sh PATH/TO/debtrisk SOURCE_ROOT
#
# The reference is the one-process run of the same program without
# mpirun, and also the plain build's program when DR_PLAIN_DEBTRISK names
# it (scripts/test does). Few paths (2000) keep it fast.
set -u

if [ $# -ne 2 ]; then
    echo "usage: bash tests/mpi/test_mpi.sh PATH/TO/debtrisk SOURCE_ROOT" >&2
    exit 2
fi
abspath() { case $1 in /*) printf '%s\n' "$1" ;; *) printf '%s\n' "$PWD/$1" ;; esac; }
DR=$(abspath "$1")
ROOT=$(cd "$2" && pwd) || exit 2
SCEN=$ROOT/models/scenarios
PLAIN=${DR_PLAIN_DEBTRISK:-}

MPIRUN=$(command -v mpirun || true)
if [ -z "$MPIRUN" ]; then
    echo "1..0 # SKIP mpirun not found (scripts/setup installs openmpi-bin)"
    exit 0
fi
# CI runs as root; 3 ranks on 2 cores need --oversubscribe.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_rmaps_base_oversubscribe=1

TMP=$(mktemp -d "${TMPDIR:-/tmp}/debtrisk-mpi.XXXXXX") || exit 1
BG=
cleanup() {
    [ -n "$BG" ] && kill -KILL "$BG" 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT
cd "$TMP" || exit 1

# shellcheck source=tests/lib/tap.sh
. "$ROOT/tests/lib/tap.sh"

# one OUT ARGS...: one process, no mpirun; status in $rc.
one() {
    local out=$1
    shift
    rm -rf "$out"
    rc=0
    timeout 120 "$DR" "$@" --out "$out" >"$TMP/o" 2>"$TMP/e" || rc=$?
}
# ranks K OUT ARGS...: under mpirun -np K; status in $rc, output in
# $TMP/o and $TMP/e.
ranks() {
    local k=$1 out=$2
    shift 2
    rm -rf "$out"
    rc=0
    timeout 120 "$MPIRUN" --oversubscribe -np "$k" "$DR" "$@" --out "$out" \
        >"$TMP/o" 2>"$TMP/e" || rc=$?
}
# same_csv A B: nothing, or why the CSV files of folder B (every one of A,
# in every subfolder) are not A's byte for byte.
same_csv() {
    local a=$1 b=$2 f count=0
    while IFS= read -r f; do
        count=$((count + 1))
        cmp -s "$a/$f" "$b/$f" || { echo "$b/$f differs from $a/$f"; return; }
    done < <(cd "$a" && find . -name '*.csv' | sort)
    [ "$count" -gt 0 ] || echo "no CSV in $a"
}

# check NAME ARGS...: the one-process run, then K = 1, 2, 3 ranks, every
# CSV the same bytes; and the plain build's run when given.
check() {
    local name=$1
    shift
    one "$TMP/$name-ref" "$@"
    if [ "$rc" -ne 0 ]; then
        fail "$name: the one-process run" "exit $rc" "@$TMP/e"
        return
    fi
    if [ -n "$PLAIN" ]; then
        rm -rf "$TMP/$name-plain"
        "$PLAIN" "$@" --out "$TMP/$name-plain" >/dev/null 2>&1
        result "$name: the MPI build alone, the plain build's bytes" \
            $(same_csv "$TMP/$name-plain" "$TMP/$name-ref")
    fi
    local k
    for k in 1 2 3; do
        ranks "$k" "$TMP/$name-$k" "$@"
        if [ "$rc" -ne 0 ]; then
            fail "$name: mpirun -np $k" "exit $rc" "@$TMP/e"
            continue
        fi
        result "$name: mpirun -np $k, the one-process bytes" \
            $(same_csv "$TMP/$name-ref" "$TMP/$name-$k")
    done
}

P=(--paths 2000 --charts none)

# 1. run, its messages once
check run run "${P[@]}" --threads 1
grep -c "results in" "$TMP/o" >"$TMP/count"
result "run: mpirun -np 3 prints its lines once (rank 0 alone speaks)" \
    $([ "$(cat "$TMP/count")" = 1 ] || echo "'results in' $(cat "$TMP/count") times")
ls -d "$TMP"/run-3.tmp-* 2>/dev/null >"$TMP/beside"
result "run: nothing left beside --out by any rank" \
    $([ -s "$TMP/beside" ] && echo "found $(cat "$TMP/beside")")
ls -A "$TMP/run-3" | sort | tr '\n' ' ' >"$TMP/names"
result "run: --out holds the outputs of one run" \
    $([ "$(cat "$TMP/names")" = "city.csv city_counts.csv grades.csv model.ini ratios.csv report.md run.ini summary.csv " ] ||
        echo "found $(cat "$TMP/names")")

# 2. threads per rank
ranks 2 "$TMP/threads-2" run "${P[@]}" --threads 2
result "run: 2 ranks of 2 threads, the bytes of 2 ranks of 1" \
    $([ "$rc" -eq 0 ] || echo "exit $rc") $(same_csv "$TMP/run-ref" "$TMP/threads-2")

# 3. batch: every scenario's files, the paired errors and compare.csv
check batch batch "${P[@]}" --threads 1 "$SCEN/land-slump.ini" \
    "$SCEN/debt-swap.ini"
result "batch: compare.csv (the paired errors) the same with 3 ranks" \
    $(cmp -s "$TMP/batch-ref/compare.csv" "$TMP/batch-3/compare.csv" ||
        echo "compare.csv differs")

# 4. the deterministic run: no paths to split
check deterministic run --deterministic --charts none

# 5. sensitivity, solve, backtest
check sensitivity sensitivity "${P[@]}" --threads 1
check solve solve "${P[@]}" --threads 1 --lever spending \
    --target 'p_breach_end<=0.3'
result "solve: solved/scenario.ini the same with 3 ranks" \
    $(cmp -s "$TMP/solve-ref/solved/scenario.ini" \
        "$TMP/solve-3/solved/scenario.ini" || echo "it differs")
check backtest backtest --paths 2000 --charts none --origin 2018

# 6. calibrate runs no paths: rank 0 alone
one "$TMP/calib-ref" calibrate --charts none
ranks 2 "$TMP/calib-2" calibrate --charts none
result "calibrate: mpirun -np 2, rank 0 alone, the one-process bytes" \
    $([ "$rc" -eq 0 ] || echo "exit $rc") $(same_csv "$TMP/calib-ref" "$TMP/calib-2")

# 7. a malformed cell: every rank ends with exit 1, the message once, the
# --out folder untouched. Row 3 of fiscal.csv is county 2; its gdp is its
# fourth field, at byte column len(id) + len(name) + len(type) + 3 + 1.
mkdir -p "$TMP/bad"
cp "$ROOT"/data/sample-city/*.csv "$TMP/bad/"
LC_ALL=C awk -F, -v OFS=, 'NR == 3 { $4 = "12x" } { print }' \
    "$ROOT/data/sample-city/fiscal.csv" >"$TMP/bad/fiscal.csv"
col=$(LC_ALL=C awk -F, 'NR == 3 { print length($1) + length($2) + length($3) + 4 }' \
    "$TMP/bad/fiscal.csv")
mkdir -p "$TMP/kept"
echo previous >"$TMP/kept/summary.csv"
rc=0
timeout 120 "$MPIRUN" --oversubscribe -np 3 "$DR" run --data "$TMP/bad" \
    "${P[@]}" --out "$TMP/kept" >"$TMP/o" 2>"$TMP/e" || rc=$?
want="debtrisk: $TMP/bad/fiscal.csv:3:$col: gdp:"
result "a malformed cell under 3 ranks: exit 1" \
    $([ "$rc" -eq 1 ] || echo "exit $rc")
result "a malformed cell: the message naming file:line:col once" \
    $([ "$(grep -cF "$want" "$TMP/e")" = 1 ] || echo "want once: $want" "@$TMP/e")
result "a malformed cell: --out untouched, nothing beside it" \
    $([ "$(cat "$TMP/kept/summary.csv")" = previous ] || echo "changed") \
    $([ "$(ls -A "$TMP/kept")" = summary.csv ] || echo "holds $(ls -A "$TMP/kept")") \
    $(ls -d "$TMP"/kept.* 2>/dev/null)

# 8. rank 0's own failures reach every rank: an --out holding a file not
# debtrisk's (a usage error, exit 2, before any path) and a gnuplot that
# cannot be started (the results kept, exit 3).
mkdir -p "$TMP/foreign"
echo mine >"$TMP/foreign/notes.txt"
rc=0
timeout 120 "$MPIRUN" --oversubscribe -np 3 "$DR" run "${P[@]}" \
    --out "$TMP/foreign" >"$TMP/o" 2>"$TMP/e" || rc=$?
result "an --out holding a foreign file, 3 ranks: exit 2, named once, untouched" \
    $([ "$rc" -eq 2 ] || echo "exit $rc") \
    $([ "$(grep -c "foreign/notes.txt" "$TMP/e")" = 1 ] || echo "@$TMP/e") \
    $([ "$(ls -A "$TMP/foreign")" = notes.txt ] || echo "holds $(ls -A "$TMP/foreign")")
rm -rf "$TMP/nognu"
rc=0
GNUPLOT=/nonexistent/gnuplot timeout 120 "$MPIRUN" --oversubscribe -np 2 \
    -x GNUPLOT "$DR" run --paths 2000 --threads 1 --out "$TMP/nognu" \
    >"$TMP/o" 2>"$TMP/e" || rc=$?
result "no gnuplot, 2 ranks: exit 3, the results kept, the run's bytes" \
    $([ "$rc" -eq 3 ] || echo "exit $rc") $(same_csv "$TMP/run-ref" "$TMP/nognu")

# 9. SIGINT on mpirun while the paths run: the previous results stay.
rm -rf "$TMP/stop"
mkdir -p "$TMP/stop"
echo previous >"$TMP/stop/summary.csv"
"$MPIRUN" --oversubscribe -np 2 "$DR" run --paths 2000000 --threads 1 \
    --charts none --out "$TMP/stop" >"$TMP/o" 2>"$TMP/e" &
BG=$!
# until the ranks are on their paths (rank 0's temporary folder is there)
for _ in $(seq 1 100); do
    ls -d "$TMP"/stop.tmp-* >/dev/null 2>&1 && break
    sleep 0.1
done
sleep 0.5
kill -INT "$BG"
rc=0
wait "$BG" || rc=$?
BG=
result "SIGINT on mpirun: a failure, the previous results unchanged" \
    $([ "$rc" -ne 0 ] || echo "exit 0") \
    $([ "$(cat "$TMP/stop/summary.csv")" = previous ] || echo "changed")
result "SIGINT on mpirun: no temporary folder left" \
    $(ls -d "$TMP"/stop.tmp-* 2>/dev/null)

echo "1..$n"
[ "$failed" -eq 0 ]
