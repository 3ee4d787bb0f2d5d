#!/usr/bin/env bash
# Out of memory everywhere: for small runs of run (Monte Carlo and
# deterministic), batch, sensitivity, plot, check and calibrate, the
# allocations of a good run are counted (N), then the run is made again N
# times, the n-th allocation failing in the n-th (tests/lib/failalloc.c).
# Each must end with exit status 4 and one line on stderr, "debtrisk:
# [FILE: ]out of memory[ for WHAT]", print nothing on stdout, and leave the
# --out folder (earlier results) as it was, byte for byte and inode for
# inode, with no OUT.tmp-* beside it (a new --out: not made; plot's folder:
# no *.tmp file in it). Built with AddressSanitizer, each must also free
# everything (a leak is a report on stderr and another exit status). TAP
# output, the plan at the end.
#
#   bash tests/cli/test_failalloc.sh PATH/TO/debtrisk-failalloc SOURCE_ROOT
#
# DEBTRISK_FAILALLOC_ONLY=TEXT runs only the sweeps whose name holds TEXT
# (e.g. batch); DEBTRISK_FAILALLOC_JOBS=K shares each sweep among K shells
# (default 2). One n by hand, e.g. the 57th allocation of a check, with
# the backtrace of the call that fails:
#   DEBTRISK_FAIL_ALLOC=57 DEBTRISK_FAIL_ALLOC_TRACE=1 DEBTRISK_DATADIR=. \
#       build/tests/debtrisk-failalloc check --data tests/data/failalloc
set -u

if [ $# -ne 2 ]; then
    echo "usage: bash tests/cli/test_failalloc.sh PATH/TO/debtrisk-failalloc SOURCE_ROOT" >&2
    exit 2
fi
abspath() { case $1 in /*) printf '%s\n' "$1" ;; *) printf '%s\n' "$PWD/$1" ;; esac; }
DR=$(abspath "$1")
ROOT=$(cd "$2" && pwd) || exit 2
FIX=$ROOT/tests/data/failalloc
# This binary is not build/src/debtrisk: it finds the bundled model here.
export DEBTRISK_DATADIR=$ROOT
unset DEBTRISK_FAIL_ALLOC DEBTRISK_FAIL_ALLOC_TRACE

TMP=$(mktemp -d "${TMPDIR:-/tmp}/debtrisk-failalloc.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
cd "$TMP" || exit 1

# shellcheck source=tests/lib/tap.sh
. "$ROOT/tests/lib/tap.sh"

# Fingerprint of a folder: every path with its inode, type, mode and size
# (a folder replaced by identical results is a change: the run claimed to
# have failed), and every file's checksum.
fingerprint() {
    (cd "$1" && find . -printf '%p %i %y %m %s\n' | LC_ALL=C sort &&
        find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum)
}

leftovers() { compgen -G "$1.tmp-*" | tr '\n' ' '; }

# The runs of a sweep are shared among this many shells at once (each
# with its own folders): most of a run with charts is spent waiting for
# gnuplot.
JOBS=${DEBTRISK_FAILALLOC_JOBS:-2}

# How a sweep's folder is used ($kind): "out", --out FOLDER holding the
# results of a good run, which a failed run leaves as it was; "new", --out
# FOLDER that does not exist, which a failed run does not make; "in", a
# copy of $TMP/src/NAME named by the argument @DIR (plot), redrawn in
# place, in which a failed run leaves no *.tmp file; none.
kind=

# count_run ARGS...: the allocations of a good run, in $count (empty when
# the run failed); its status in $rc.
count_run() {
    DEBTRISK_FAIL_ALLOC=count "$DR" "$@" >"$W/o" 2>"$W/e" </dev/null
    rc=$?
    restore
    count=$(sed -n 's/^failalloc: \([0-9]*\) allocations$/\1/p' "$W/e")
    [ "$rc" -eq 0 ] || count=
}

# restore: the folder as it was before a run.
restore() {
    case $kind in
    new) rm -rf "$out" ;;
    in) rm -rf "$out" && cp -a "$W/pristine" "$out" ;;
    esac
}

# prepare W NAME ARGS...: the folder W for runs on W/NAME (none when NAME
# is empty), as $kind says; sets args (ARGS, with --out or @DIR), out and,
# for a folder that is there before each run, W/pristine.
prepare() {
    W=$1
    local base=$2
    shift 2
    rm -rf "$W" && mkdir -p "$W"
    args=("$@")
    out=
    [ -n "$base" ] && out=$W/$base
    case $kind in
    out | new) args+=(--out "$out") ;;
    in) args=("${args[@]/#@DIR/$out}") ;;
    esac
    case $kind in
    out)
        "$DR" "${args[@]}" >/dev/null 2>&1 </dev/null
        cp -a "$out" "$W/pristine"
        ;;
    in) cp -a "$TMP/src/$base" "$W/pristine" && restore ;;
    esac
}

# shard J N NAME ARGS...: the runs with allocation J+1, J+1+JOBS, ... <= N
# failing, in the folder $TMP/jJ; prints a line "I<tab>REASONS" for each
# that does not end cleanly (then "I<tab>  LINE" for the first further
# lines of its stderr).
shard() {
    local j=$1 N=$2 base=$3
    shift 3
    local W args out count rc
    prepare "$TMP/j$j" "$base" "$@"
    count_run "${args[@]}"
    if [ "$count" != "$N" ]; then
        printf '0\tshard %s counts %s allocations, not %s\n' "$j" "$count" "$N"
        return
    fi
    local before= i why line
    [ "$kind" = out ] && before=$(fingerprint "$out")
    for ((i = j + 1; i <= N; i += JOBS)); do
        DEBTRISK_FAIL_ALLOC=$i "$DR" "${args[@]}" >"$W/o" 2>"$W/e" </dev/null
        rc=$?
        why=()
        [ "$rc" -eq 4 ] || why+=("exit status $rc")
        # warnings of the inputs come before the failure, as in a good run
        grep -v '^debtrisk: warning: ' "$W/e" >"$W/e2"
        mv "$W/e2" "$W/e"
        line=$(head -n 1 "$W/e")
        [ "$(wc -l <"$W/e")" -eq 1 ] || why+=("$(wc -l <"$W/e") lines on stderr")
        [[ $line =~ ^debtrisk:\ (.*:\ )?out\ of\ memory(\ for\ .*)?$ ]] ||
            why+=("stderr: '$line'")
        [ -s "$W/o" ] && why+=("stdout: '$(head -n 1 "$W/o")'")
        case $kind in
        out)
            if [ "$(fingerprint "$out")" != "$before" ]; then
                why+=("--out changed")
                rm -rf "$out" && cp -a "$W/pristine" "$out"
                before=$(fingerprint "$out")
            fi
            ;;
        new) [ -e "$out" ] && why+=("--out was made") ;;
        in)
            [ -n "$(find "$out" -name '*.tmp*')" ] &&
                why+=("left $(find "$out" -name '*.tmp*' | head -n 3)")
            ;;
        esac
        restore
        if [ -n "$out" ] && [ -n "$(leftovers "$out")" ]; then
            why+=("left $(leftovers "$out")")
            rm -rf "$out".tmp-*
        fi
        [ ${#why[@]} -eq 0 ] && continue
        (IFS=';' && printf '%s\t%s\n' "$i" "${why[*]}")
        [ "$(wc -l <"$W/e")" -gt 1 ] && sed -n "2,6s/^/$i\t  /p" "$W/e"
    done
}

# sweep NAME [KIND:]FOLDER ARGS...: the tests of one command line (ARGS;
# FOLDER, used as KIND says, default out; none when empty). Only those
# whose NAME holds $DEBTRISK_FAILALLOC_ONLY, when it is set.
sweep() {
    local name=$1 base=$2
    shift 2
    [[ $name == *"${DEBTRISK_FAILALLOC_ONLY:-}"* ]] || return 0
    kind=out
    case $base in
    '') kind= ;;
    *:*) kind=${base%%:*} base=${base#*:} ;;
    esac
    local W args out count rc

    # The count, twice: the same both times, or n would not mean the same
    # allocation in every run.
    prepare "$TMP/count" "$base" "$@"
    count_run "${args[@]}"
    local N=$count
    count_run "${args[@]}"
    if [ -z "$N" ] || [ "$N" -eq 0 ] || [ "$count" != "$N" ]; then
        fail "$name: a good run counts its allocations, the same twice" \
            "exit status $rc, counts '$N' and '$count'" "$(head -n 5 "$W/e")"
        return
    fi
    pass "$name: a good run makes $N allocations, the same twice"

    local t0=$SECONDS j
    for ((j = 0; j < JOBS; j++)); do
        shard "$j" "$N" "$base" "$@" >"$TMP/shard$j" &
    done
    wait
    sort -n -s -k1,1 "$TMP"/shard[0-9]* >"$TMP/bad"
    local bad
    bad=$(cut -f1 "$TMP/bad" | uniq | wc -l)
    local diags=()
    while IFS=$'\t' read -r i text; do
        diags+=("allocation $i: $text")
    done < <(awk -F'\t' '!seen[$1]++ { k++ } k <= 20' "$TMP/bad")
    local desc="$name: each of the $N allocations failing ends cleanly"
    if [ "$bad" -gt 0 ]; then
        fail "$desc" "$bad of $N runs did not (the first ones:)" "${diags[@]}"
    else
        pass "$desc"
    fi
    echo "# $name: $N allocations, $((SECONDS - t0)) s"

    # The run after the last allocation: nothing fails, so N was all.
    DEBTRISK_FAIL_ALLOC=$((N + 1)) "$DR" "${args[@]}" >"$W/o" 2>"$W/e" </dev/null
    rc=$?
    restore
    if [ "$rc" -eq 0 ]; then
        pass "$name: allocation $((N + 1)) is never made: the run succeeds"
    else
        fail "$name: allocation $((N + 1)) is never made: the run succeeds" \
            "exit status $rc" "$(head -n 3 "$W/e")"
    fi
}

# The charts' scripts and data are written, then run by a gnuplot that
# draws nothing (and allocates nothing of debtrisk's): quick, and the same
# allocations whether gnuplot is installed or not.
printf '#!/bin/sh\nexit 0\n' >"$TMP/gnuplot" && chmod +x "$TMP/gnuplot"
export GNUPLOT=$TMP/gnuplot

SMALL=(--data "$FIX" --years 3 --threads 1)
sweep "run, Monte Carlo" mc run "${SMALL[@]}" --charts none --paths 20
sweep "run --deterministic" det run "${SMALL[@]}" --charts none \
    --deterministic
sweep "run --deterministic --charts png,svg into a new folder" new:new \
    run "${SMALL[@]}" --charts png,svg --deterministic
# (the charts of a batch, 18 gnuplot runs, would double the suite's time)
sweep "batch, one scenario" batch batch "${SMALL[@]}" --charts none \
    --paths 20 "$FIX/scenario.ini"
# one parameter that moves every probability, so that the report names it
sweep "sensitivity, one parameter, --charts png" sens sensitivity \
    "${SMALL[@]}" --charts png --paths 20 \
    --param defaults.spending.mu=-0.1:0.2
# plot redraws a batch folder (written by the good run of debtrisk
# itself) in place: the scenarios' reports, the review and its report.
mkdir -p "$TMP/src" &&
    "$DR" batch "${SMALL[@]}" --charts none --paths 20 \
        --out "$TMP/src/batch" "$FIX/scenario.ini" >/dev/null 2>&1 </dev/null
sweep "plot of a batch folder, --charts none" in:batch plot @DIR \
    --charts none
sweep "check with a scenario" "" check --data "$FIX" --scenario "$FIX/scenario.ini"
# files converted to UTF-8: GB18030 named by --encoding, UTF-16 by its BOM
sweep "check --encoding gb18030, a UTF-16 model" "" check \
    --fiscal "$ROOT/tests/data/bad/fiscal_gbk.csv" --encoding gb18030 \
    --model "$ROOT/tests/data/bad/model_utf16_bom.ini"
HISTORY=(--history "$ROOT/tests/data/history/two_types.csv"
    --fiscal "$ROOT/data/sample-city/fiscal.csv" --threads 1 --charts none)
sweep "calibrate" cal calibrate "${HISTORY[@]}"
sweep "calibrate --by county" cal calibrate "${HISTORY[@]}" --by county
sweep "calibrate --charts png" cal calibrate --history \
    "$ROOT/tests/data/history/two_types.csv" --fiscal \
    "$ROOT/data/sample-city/fiscal.csv" --threads 1 --charts png
sweep "solve" solve solve --data "$FIX" --set run.years=3 \
    --threads 1 --lever spending \
    --target 'p_breach_end<=0.5' --tol 0.1 --paths 20 --charts none
sweep "backtest --charts png" bt backtest --data "$ROOT/data/sample-city" \
    --origin 2023 --horizon 1 --paths 20 --threads 1 --charts png

echo "1..$n"
[ "$failed" -eq 0 ]
