#!/usr/bin/env bash
# Out of memory everywhere: for small runs of run (Monte Carlo and
# deterministic), batch, sensitivity, check and calibrate, the allocations
# of a good run are counted (N), then the run is made again N times, the
# n-th allocation failing in the n-th (tests/lib/failalloc.c). Each must end
# with exit status 4 and one line on stderr, "debtrisk: [FILE: ]out of
# memory[ for WHAT]", print nothing on stdout, and leave the --out folder
# (earlier results) as it was, byte for byte and inode for inode, with no
# OUT.tmp-* beside it. Built with AddressSanitizer, each must also free
# everything (a leak is a report on stderr and another exit status). TAP
# output, the plan at the end.
#
#   bash tests/cli/test_failalloc.sh PATH/TO/debtrisk-failalloc SOURCE_ROOT
#
# One n by hand, e.g. the 57th allocation of a check, with the backtrace
# of the call that fails:
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

n=0
failed=0
pass() { n=$((n + 1)); echo "ok $n - $1"; }
# fail DESC [DIAGNOSTIC LINE]...
fail() {
    n=$((n + 1)); failed=$((failed + 1))
    echo "not ok $n - $1"
    shift
    local d
    for d in "$@"; do printf '# %s\n' "$d"; done
}
result() {
    local desc=$1
    shift
    if [ $# -eq 0 ]; then pass "$desc"; else fail "$desc" "$@"; fi
}

# Fingerprint of a folder: every path with its inode, type, mode and size
# (a folder replaced by identical results is a change: the run claimed to
# have failed), and every file's checksum.
fingerprint() {
    (cd "$1" && find . -printf '%p %i %y %m %s\n' | LC_ALL=C sort &&
        find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum)
}

leftovers() { compgen -G "$1.tmp-*" | tr '\n' ' '; }

# sweep NAME OUT ARGS...: the test of one run (ARGS, with --out OUT unless
# OUT is empty; OUT "new:DIR" is a folder that does not exist before).
sweep() {
    local name=$1 out=$2
    shift 2
    local fresh=
    case $out in new:*) out=${out#new:} fresh=1 ;; esac
    local args=("$@")
    [ -n "$out" ] && args+=(--out "$out")
    rm -rf "$out" "$TMP/pristine"
    if [ -n "$out" ] && [ -z "$fresh" ]; then
        "$DR" "${args[@]}" >/dev/null 2>&1 </dev/null
        cp -a "$out" "$TMP/pristine"
    fi

    # The count, twice: the same both times, or n would not mean the same
    # allocation in every run.
    local counts=() k rc
    for k in 1 2; do
        DEBTRISK_FAIL_ALLOC=count "$DR" "${args[@]}" >"$TMP/o" 2>"$TMP/e" </dev/null
        rc=$?
        [ -n "$fresh" ] && rm -rf "$out"
        counts+=("$(sed -n 's/^failalloc: \([0-9]*\) allocations$/\1/p' "$TMP/e")")
        [ "$rc" -eq 0 ] || break
    done
    local N=${counts[0]:-0}
    if [ "$rc" -ne 0 ] || [ "$N" -eq 0 ] || [ "${counts[1]:-}" != "$N" ]; then
        fail "$name: a good run counts its allocations, the same twice" \
            "exit status $rc, counts ${counts[*]}" "$(head -n 5 "$TMP/e")"
        return
    fi
    pass "$name: a good run makes $N allocations, the same twice"

    local before=
    [ -z "$fresh" ] && [ -n "$out" ] && before=$(fingerprint "$out")
    local t0=$SECONDS bad=0 shown=0 i why line
    for ((i = 1; i <= N; i++)); do
        DEBTRISK_FAIL_ALLOC=$i "$DR" "${args[@]}" >"$TMP/o" 2>"$TMP/e" </dev/null
        rc=$?
        why=()
        [ "$rc" -eq 4 ] || why+=("exit status $rc")
        line=$(head -n 1 "$TMP/e")
        [ "$(wc -l <"$TMP/e")" -eq 1 ] || why+=("$(wc -l <"$TMP/e") lines on stderr")
        [[ $line =~ ^debtrisk:\ (.*:\ )?out\ of\ memory(\ for\ .*)?$ ]] ||
            why+=("stderr: '$line'")
        [ -s "$TMP/o" ] && why+=("stdout: '$(head -n 1 "$TMP/o")'")
        if [ -n "$fresh" ]; then
            [ -e "$out" ] && why+=("$out was made") && rm -rf "$out"
        elif [ -n "$out" ] && [ "$(fingerprint "$out")" != "$before" ]; then
            why+=("$out changed")
            rm -rf "$out" && cp -a "$TMP/pristine" "$out"
            before=$(fingerprint "$out")
        fi
        if [ -n "$out" ] && [ -n "$(leftovers "$out")" ]; then
            why+=("left $(leftovers "$out")")
            rm -rf "$out".tmp-*
        fi
        if [ ${#why[@]} -gt 0 ]; then
            bad=$((bad + 1))
            if [ "$shown" -lt 20 ]; then
                shown=$((shown + 1))
                why[0]="allocation $i: ${why[0]}"
                local IFS=';'
                diags+=("${why[*]}")
                unset IFS
                [ "$(wc -l <"$TMP/e")" -gt 1 ] &&
                    while IFS= read -r l; do diags+=("  $l"); done < <(sed -n '2,6p' "$TMP/e")
            fi
        fi
    done
    diags+=("$name: $N allocations, $((SECONDS - t0)) s")
    if [ "$bad" -gt 0 ]; then
        diags=("$bad of $N runs failed badly (the first $shown:)" "${diags[@]}")
        fail "$name: each of the $N allocations failing ends cleanly" "${diags[@]}"
    else
        pass "$name: each of the $N allocations failing ends cleanly"
        printf '# %s\n' "${diags[@]}"
    fi
    diags=()

    # The run after the last allocation: nothing fails, so N was all.
    DEBTRISK_FAIL_ALLOC=$((N + 1)) "$DR" "${args[@]}" >"$TMP/o" 2>"$TMP/e" </dev/null
    rc=$?
    [ -n "$fresh" ] && rm -rf "$out"
    if [ "$rc" -eq 0 ]; then
        pass "$name: allocation $((N + 1)) is never made: the run succeeds"
    else
        fail "$name: allocation $((N + 1)) is never made: the run succeeds" \
            "exit status $rc" "$(head -n 3 "$TMP/e")"
    fi
}
diags=()

SMALL=(--data "$FIX" --years 3 --threads 1 --charts none)
sweep "run, Monte Carlo" "$TMP/mc" run "${SMALL[@]}" --paths 20
sweep "run --deterministic" "$TMP/det" run "${SMALL[@]}" --deterministic
sweep "run --deterministic into a new folder" "new:$TMP/new" \
    run "${SMALL[@]}" --deterministic
sweep "batch, one scenario" "$TMP/batch" batch "${SMALL[@]}" --paths 20 \
    "$FIX/scenario.ini"
# one parameter that moves every probability, so that the report names it
sweep "sensitivity, one parameter" "$TMP/sens" sensitivity "${SMALL[@]}" \
    --paths 20 --param defaults.spending.mu=-0.1:0.2
sweep "check with a scenario" "" check --data "$FIX" --scenario "$FIX/scenario.ini"
sweep "calibrate" "$TMP/cal" calibrate \
    --history "$ROOT/tests/data/history/two_types.csv" \
    --fiscal "$ROOT/data/sample-city/fiscal.csv" --threads 1 --charts none

echo "1..$n"
[ "$failed" -eq 0 ]
