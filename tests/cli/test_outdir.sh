#!/usr/bin/env bash
# Nothing lost: what --out may replace, inputs inside it, the modes of the
# results, temporary folders left by killed runs, SIGINT and SIGTERM
# wherever the run is, and inputs read once (FIFOs, <(...), /dev/zero).
# TAP output, the plan at the end.
#
#   bash tests/test_outdir.sh PATH/TO/debtrisk SOURCE_ROOT
#
# Everything is written under a mktemp -d folder, removed on exit. Waits
# poll for the condition they wait for; the time limits are generous
# (a stop must come within 1.5 s of the signal) for a loaded machine.
set -u

if [ $# -ne 2 ]; then
    echo "usage: bash tests/test_outdir.sh PATH/TO/debtrisk SOURCE_ROOT" >&2
    exit 2
fi
abspath() { case $1 in /*) printf '%s\n' "$1" ;; *) printf '%s\n' "$PWD/$1" ;; esac; }
DR=$(abspath "$1")
ROOT=$(cd "$2" && pwd) || exit 2
SAMPLE=$ROOT/data/sample-city
SCEN=$ROOT/models/scenarios

TMP=$(mktemp -d "${TMPDIR:-/tmp}/debtrisk-outdir.XXXXXX") || exit 1
BG=
cleanup() {
    # BG leads its own process group (set -m): end the whole job.
    [ -n "$BG" ] && kill -KILL -- "-$BG" 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT
cd "$TMP" || exit 1

# shellcheck source=tests/lib/tap.sh
. "$ROOT/tests/lib/tap.sh"

# dr ARGS...: runs the program (at most 60 s); status in $rc, output in
# $TMP/o and $TMP/e.
dr() {
    timeout 60 "$DR" "$@" >"$TMP/o" 2>"$TMP/e" </dev/null
    rc=$?
}

# Fingerprint of a folder: every path in it with its type and mode, and
# every file's checksum.
fingerprint() {
    (cd "$1" && find . -printf '%p %y %m\n' | LC_ALL=C sort &&
        find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum)
}

leftovers() { compgen -G "$1.tmp-*" | tr '\n' ' '; }

now_ms() { date +%s%3N; }

# wait_until SECONDS COMMAND...: polls COMMAND every 20 ms; 1 on timeout.
wait_until() {
    local limit=$(($(now_ms) + $1 * 1000))
    shift
    until "$@"; do
        [ "$(now_ms)" -lt "$limit" ] || return 1
        sleep 0.02
    done
}

# results DIR: an earlier run's results in DIR (a small run, no charts).
results() {
    rm -rf "$1"
    "$DR" run --paths 50 --charts none --out "$1" >/dev/null 2>&1 </dev/null
}

# --- what --out may replace ------------------------------------------------

# try_refused DIR NAMED [ARGS...]: a run into DIR (set up by the caller,
# holding earlier results and something that is not debtrisk's) must exit
# 2 naming NAMED, leave DIR byte for byte as it was, and nothing beside
# it; what it did not do is added to why.
try_refused() {
    local dir=$1 named=$2
    shift 2
    fingerprint "$dir" >"$TMP/before"
    local cmd=(run --paths 50 --charts none)
    [ $# -gt 0 ] && cmd=("$@")
    dr "${cmd[@]}" --out "$dir"
    fingerprint "$dir" >"$TMP/after"
    [ "$rc" -eq 2 ] || why+=("exit status $rc, expected 2")
    grep -qF -- "debtrisk: $named: " "$TMP/e" || why+=("stderr does not begin with '$named:'")
    cmp -s "$TMP/before" "$TMP/after" ||
        why+=("the folder changed" "$(diff "$TMP/before" "$TMP/after" | head -n 5)")
    [ -z "$(leftovers "$dir")" ] || why+=("left: $(leftovers "$dir")")
}

# refused DESC DIR NAMED [ARGS...]: try_refused as one test.
refused() {
    local desc=$1
    shift
    why=()
    try_refused "$@"
    [ ${#why[@]} -eq 0 ] || why+=("@$TMP/e")
    result "$desc" "${why[@]}"
}

D=$TMP/r/out
mkdir -p "$TMP/r"

results "$D" && echo "my notes" >"$D/notes.txt"
refused "a note beside earlier results: exit 2 naming it, the folder untouched" \
    "$D" "$D/notes.txt"

results "$D" && echo a >"$D/a.txt" && echo z >"$D/z.txt"
refused "two foreign files: the first in name order is named" "$D" "$D/a.txt"

results "$D" && echo x >"$D/.keep"
refused "a hidden file is not debtrisk's" "$D" "$D/.keep"

results "$D" && mkdir "$D/inputs" && cp "$SAMPLE/fiscal.csv" "$D/inputs/"
refused "a folder of inputs (no run.ini): exit 2 naming the folder" "$D" "$D/inputs"

results "$D" && mkdir "$D/Backup" && cp "$D/run.ini" "$D/Backup/"
refused "a folder named Backup is no scenario's, even with run.ini" "$D" "$D/Backup"

results "$D" && mkdir "$D/charts" && touch "$D/charts/fan_city.png" &&
    echo "draft" >"$D/charts/readme.txt"
refused "a text file in charts/: exit 2 naming it" "$D" "$D/charts/readme.txt"

results "$D" && rm "$D/summary.csv" && echo mine >"$TMP/mine.csv" &&
    ln -s "$TMP/mine.csv" "$D/summary.csv"
refused "summary.csv as a link to another file: exit 2 naming it" "$D" "$D/summary.csv"

B=$TMP/b/out
mkdir -p "$TMP/b"
"$DR" batch --paths 50 --charts none --out "$B" "$SCEN/land-slump.ini" >/dev/null 2>&1 </dev/null
echo note >"$B/baseline/notes.txt"
refused "a note inside a batch's baseline/: exit 2 naming it" "$B" "$B/baseline/notes.txt"
refused "batch into that folder: exit 2, untouched" "$B" "$B/baseline/notes.txt" \
    batch --paths 50 --charts none "$SCEN/land-slump.ini"
refused "sensitivity into that folder: exit 2, untouched" "$B" "$B/baseline/notes.txt" \
    sensitivity --paths 50 --charts none --param policy.quota=0.03:0.07

# Every kind of output of the table (today's and those of the commands to
# come) may be replaced.
A=$TMP/all/out
mkdir -p "$TMP/all"
"$DR" batch --paths 50 --charts none --out "$A" "$SCEN/land-slump.ini" >/dev/null 2>&1 </dev/null
for f in sensitivity.csv calibration.csv calibration.md backtest.csv backtest.md \
    solve.csv solve.md scenario.ini report.html briefing.pptx results.xlsx \
    review.xlsx solve.xlsx report.md.tmp model.ini run.ini; do
    echo x >"$A/$f"
done
mkdir -p "$A/charts" "$A/solved/charts" "$A/land-slump/charts"
for ext in png svg pdf gp dat; do
    echo x >"$A/charts/compare_breach.$ext"
    echo x >"$A/land-slump/charts/fan_wancheng.$ext"
done
cp "$A/baseline/run.ini" "$A/baseline/model.ini" "$A/solved/"
echo x >"$A/solved/scenario.ini"
dr run --paths 50 --charts none --out "$A"
why=()
[ "$rc" -eq 0 ] || why+=("exit status $rc" "@$TMP/e")
[ -e "$A/baseline" ] && why+=("the old baseline/ is still there")
[ -f "$A/summary.csv" ] || why+=("no summary.csv: not the new results")
result "a folder of every output in the table (batch, future commands, charts) is replaced" "${why[@]}"

rm -rf "$TMP/empty" && mkdir "$TMP/empty"
dr run --paths 50 --charts none --out "$TMP/empty"
why=()
[ "$rc" -eq 0 ] || why+=("exit status $rc" "@$TMP/e")
[ -f "$TMP/empty/run.ini" ] || why+=("no run.ini")
result "an empty folder is replaced" "${why[@]}"

# --- inputs inside --out ---------------------------------------------------

# input_refused DESC DIR NAMED ARGS...: like refused, and quickly: the run
# asks for 10^9 paths, so a refusal after simulating would time out.
input_refused() {
    local desc=$1 t0 ms
    shift
    why=()
    t0=$(now_ms)
    try_refused "$@" --paths 1000000000
    ms=$(($(now_ms) - t0))
    grep -q 'is an input of this run' "$TMP/e" || why+=("the message does not say it is an input")
    [ "$ms" -lt 20000 ] || why+=("took $ms ms: not refused before simulating")
    [ ${#why[@]} -eq 0 ] || why+=("@$TMP/e")
    result "$desc" "${why[@]}"
}

results "$D"
input_refused "--model OUT/model.ini: exit 2 naming it, before simulating" \
    "$D" "$D/model.ini" run --charts none --model "$D/model.ini"
ln "$D/model.ini" "$TMP/linked.ini"
input_refused "a hard link to OUT/model.ini elsewhere: refused (same file)" \
    "$D" "$D/model.ini" run --charts none --model "$TMP/linked.ini"
rm -f "$TMP/linked.ini"
ln -sfn "$D" "$TMP/alias"
input_refused "OUT/model.ini through a linked folder: refused" \
    "$D" "$D/model.ini" run --charts none --model "$TMP/alias/model.ini"
cp "$SCEN/land-slump.ini" "$D/scenario.ini"
input_refused "--scenario OUT/scenario.ini: refused" \
    "$D" "$D/scenario.ini" run --charts none --scenario "$D/scenario.ini"
input_refused "batch OUT/scenario.ini: refused" \
    "$D" "$D/scenario.ini" batch --charts none "$D/scenario.ini"
rm -f "$D/scenario.ini"
cp "$SAMPLE/fiscal.csv" "$D/fiscal.csv"
input_refused "--fiscal OUT/fiscal.csv: refused as an input" \
    "$D" "$D/fiscal.csv" run --charts none --fiscal "$D/fiscal.csv"
rm -f "$D/fiscal.csv"

# --- modes: those of mkdir and fopen under the umask ---------------------

# A fake gnuplot that draws nothing: charts/ then holds the .gp and .dat
# files debtrisk writes.
FAKE=$TMP/fakebin
mkdir -p "$FAKE"
printf '#!/bin/sh\nexit 0\n' >"$FAKE/gnuplot"
chmod 755 "$FAKE/gnuplot"

# modes UMASK DIRMODE FILEMODE
modes() {
    local mask=$1 dmode=$2 fmode=$3 M=$TMP/m$1/out
    rm -rf "$TMP/m$1"
    mkdir -p "$TMP/m$1"
    (umask "$mask" && PATH=$FAKE:$PATH "$DR" batch --paths 50 --charts png \
        --out "$M" "$SCEN/land-slump.ini" >"$TMP/o" 2>"$TMP/e" </dev/null)
    rc=$?
    local why=() dm fm
    [ "$rc" -eq 0 ] || why+=("exit status $rc" "@$TMP/e")
    dm=$(find "$M" -type d -printf '%m\n' | sort -u | tr '\n' ' ')
    fm=$(find "$M" -type f -printf '%m\n' | sort -u | tr '\n' ' ')
    [ "$dm" = "$dmode " ] || why+=("folder modes: $dm, expected $dmode")
    [ "$fm" = "$fmode " ] || why+=("file modes: $fm, expected $fmode")
    [ -d "$M/land-slump/charts" ] || why+=("no land-slump/charts/ folder")
    result "umask $mask: folders $dmode, files $fmode (the folder, scenario folders, charts/)" "${why[@]}"
}
modes 022 755 644
modes 077 700 600
modes 027 750 640

# --- temporary folders of killed runs --------------------------------------

results "$D"
mkdir "$D.tmp-Ab12Cd" && echo partial >"$D.tmp-Ab12Cd/ratios.csv"
mkdir "$D.tmp-notmine"
fingerprint "$D.tmp-Ab12Cd" >"$TMP/stale.before"
dr run --paths 50 --charts none --out "$D"
why=()
[ "$rc" -eq 0 ] || why+=("exit status $rc")
grep -F -- "$D.tmp-Ab12Cd" "$TMP/e" | grep -q 'deleted' ||
    why+=("no warning naming $D.tmp-Ab12Cd that says it can be deleted")
grep -qF -- "$D.tmp-notmine" "$TMP/e" && why+=("$D.tmp-notmine is no temporary folder of debtrisk's")
fingerprint "$D.tmp-Ab12Cd" >"$TMP/stale.after" 2>/dev/null
cmp -s "$TMP/stale.before" "$TMP/stale.after" || why+=("the stale folder was changed or removed")
[ ${#why[@]} -eq 0 ] || why+=("@$TMP/e")
result "a stale OUT.tmp-XXXXXX is reported on stderr and left alone" "${why[@]}"
rm -rf "$D.tmp-Ab12Cd" "$D.tmp-notmine"

# The folder a killed run (SIGKILL: nothing can clean up) leaves behind is
# reported by the next run.
set -m
"$DR" run --paths 100000000 --charts none --out "$D" >/dev/null 2>&1 </dev/null &
BG=$!
set +m
have_tmp() { [ -n "$(leftovers "$D")" ]; }
wait_until 20 have_tmp
left=$(leftovers "$D")
kill -KILL -- "-$BG" 2>/dev/null
wait "$BG" 2>/dev/null
BG=
dr run --paths 50 --charts none --out "$D"
why=()
[ -n "$left" ] || why+=("the killed run made no temporary folder")
[ "$rc" -eq 0 ] || why+=("exit status $rc")
for t in $left; do
    grep -qF -- "warning: $t " "$TMP/e" || why+=("no warning naming $t")
done
[ ${#why[@]} -eq 0 ] || why+=("@$TMP/e")
result "the temporary folder of a run killed with SIGKILL is reported by the next run" "${why[@]}"
rm -rf "$D".tmp-*

# --- SIGINT and SIGTERM ------------------------------------------------------

# stopped DESC SIG READY ARGS...: starts debtrisk ARGS into $D (which holds
# earlier results) in its own process group, waits until the function
# READY succeeds (at most 30 s), sends SIG and checks: exit 128+signal
# within 1.5 s, stderr says interrupted, $D as it was, no $D.tmp-* left.
stopped() {
    local desc=$1 sig=$2 ready=$3
    shift 3
    results "$D"
    fingerprint "$D" >"$TMP/sig.before"
    set -m
    "$DR" "$@" --out "$D" >"$TMP/sig.o" 2>"$TMP/sig.e" </dev/null &
    BG=$!
    set +m
    local why=() t0 ms st
    wait_until 30 "$ready" || why+=("never ready to be signalled")
    kill -0 "$BG" 2>/dev/null || why+=("the run ended before the signal (too fast to test)")
    t0=$(now_ms)
    kill -s "$sig" "$BG" 2>/dev/null
    stopped_yet() { ! kill -0 "$BG" 2>/dev/null; }
    wait_until 10 stopped_yet
    ms=$(($(now_ms) - t0))
    if ! stopped_yet; then
        why+=("still running 10 s after SIG$sig")
        kill -KILL -- "-$BG" 2>/dev/null
    fi
    wait "$BG" 2>/dev/null
    st=$?
    BG=
    local want=$((128 + $(kill -l "$sig")))
    [ "$st" -eq "$want" ] || why+=("exit status $st, expected $want")
    [ "$ms" -le 1500 ] || why+=("stopped $ms ms after the signal")
    grep -q 'interrupted' "$TMP/sig.e" || why+=("stderr does not say interrupted")
    grep -q 'Interrupted system call' "$TMP/sig.e" && why+=("a system call's error reached the user")
    fingerprint "$D" >"$TMP/sig.after"
    cmp -s "$TMP/sig.before" "$TMP/sig.after" ||
        why+=("the earlier results changed" "$(diff "$TMP/sig.before" "$TMP/sig.after" | head -n 5)")
    [ -z "$(leftovers "$D")" ] || why+=("left: $(leftovers "$D")")
    [ ${#why[@]} -eq 0 ] || why+=("@$TMP/sig.e")
    result "$desc" "${why[@]}"
}

# A long chunk: one county with 2,000 projects over 200 years, so that its
# 4,096 paths of one chunk take seconds; the stop must come from inside it.
head -n 2 "$SAMPLE/fiscal.csv" >"$TMP/one.csv"
county=$(sed -n 2p "$SAMPLE/fiscal.csv" | cut -d, -f1)
{
    head -n 1 "$SAMPLE/projects.csv"
    for i in $(seq 1 2000); do
        echo "p$i,$county,p$i,lgfv,2025,0.01,3,0.05,20,0.4,0.15,0.15,0.10"
    done
} >"$TMP/many.csv"
# Simulating: the temporary folder is made just before, then 0.3 s more.
simulating() { [ -n "$(leftovers "$D")" ] && sleep 0.3; }
for sig in INT TERM; do
    stopped "SIG$sig inside a long chunk of paths: exit $((128 + $(kill -l $sig))) within 1.5 s, results intact" \
        "$sig" simulating run --fiscal "$TMP/one.csv" --projects "$TMP/many.csv" \
        --years 200 --paths 100000 --charts none
done

# Drawing: a gnuplot on PATH that records its pid and sleeps in a child,
# so that only ending its process group ends it all.
SLOW=$TMP/slowbin
mkdir -p "$SLOW"
cat >"$SLOW/gnuplot" <<'EOF'
#!/bin/sh
echo $$ >>"$GNUPLOT_PIDS"
sleep 30
EOF
chmod 755 "$SLOW/gnuplot"
export GNUPLOT_PIDS=$TMP/gnuplot.pids
drawing() { [ -s "$GNUPLOT_PIDS" ]; }
# Live (not zombie) processes in the process groups of the recorded pids.
live_in_groups() {
    local p q s
    for p in $(cat "$GNUPLOT_PIDS" 2>/dev/null); do
        for q in $(pgrep -g "$p"); do
            s=$(awk '{print $3}' "/proc/$q/stat" 2>/dev/null)
            [ -n "$s" ] && [ "$s" != Z ] && echo "$q"
        done
    done
}
none_live() { [ -z "$(live_in_groups)" ]; }
for sig in INT TERM; do
    rm -f "$GNUPLOT_PIDS"
    PATH=$SLOW:$PATH stopped "SIG$sig while gnuplot draws: exit $((128 + $(kill -l $sig))) within 1.5 s, results intact" \
        "$sig" drawing run --paths 50 --charts png --threads 2
    why=()
    wait_until 2 none_live || why+=("still running: $(live_in_groups | tr '\n' ' ')")
    started=$(wc -l <"$GNUPLOT_PIDS")
    [ "$started" -le 2 ] || why+=("$started gnuplots started, more than --threads 2: launching went on")
    result "SIG$sig while gnuplot draws: no gnuplot (nor its child) left running" "${why[@]}"
done

# Blocked opening a FIFO that has no writer.
rm -f "$TMP/fifo" && mkfifo "$TMP/fifo"
blocked() {
    local w
    w=$(cat "/proc/$BG/wchan" 2>/dev/null)
    case $w in
    *fifo* | *partner* | *pipe*) return 0 ;;
    '' | 0) sleep 0.5 ;; # no wchan here: give it time to block
    *) return 1 ;;
    esac
}
for sig in INT TERM; do
    stopped "SIG$sig while blocked on a FIFO input: exit $((128 + $(kill -l $sig))) within 1.5 s" \
        "$sig" blocked run --fiscal "$TMP/fifo" --charts none
done

# A file put into --out while the results are made (here while gnuplot
# draws) is kept, and the results are not lost either.
HOLD=$TMP/holdbin
mkdir -p "$HOLD"
cat >"$HOLD/gnuplot" <<'EOF'
#!/bin/sh
echo $$ >>"$GNUPLOT_PIDS"
while [ ! -e "$GNUPLOT_GO" ]; do sleep 0.02; done
EOF
chmod 755 "$HOLD/gnuplot"
export GNUPLOT_GO=$TMP/go
rm -f "$GNUPLOT_PIDS" "$GNUPLOT_GO"
results "$D"
PATH=$HOLD:$PATH "$DR" run --paths 50 --charts png --out "$D" >"$TMP/o" 2>"$TMP/e" </dev/null &
BG=$!
wait_until 30 drawing
echo "written during the run" >"$D/late.txt"
touch "$GNUPLOT_GO"
wait "$BG"
rc=$?
BG=
why=()
[ "$rc" -eq 4 ] || why+=("exit status $rc, expected 4")
grep -qF -- "$D/late.txt" "$TMP/e" || why+=("the message does not name $D/late.txt")
[ "$(cat "$D/late.txt" 2>/dev/null)" = "written during the run" ] || why+=("late.txt was lost")
kept=$(leftovers "$D")
[ -n "$kept" ] && grep -qF -- "${kept% }" "$TMP/e" || why+=("the message does not name the folder of the results")
[ -n "$kept" ] && [ -f "${kept% }/summary.csv" ] || why+=("the new results are not kept")
[ ${#why[@]} -eq 0 ] || why+=("@$TMP/e")
result "a file put into --out during the run: exit 4, it stays, the results wait in OUT.tmp-*" "${why[@]}"
rm -rf "$D".tmp-* "$D/late.txt"

# --- inputs read once --------------------------------------------------------

sum() { sha256sum "$1" | cut -d' ' -f1; }
# ini_sum FILE KEY: the KEY.sha256 recorded in run.ini FILE.
ini_sum() { sed -n "s/^$2\\.sha256 *= *//p" "$1" 2>/dev/null; }

"$DR" run --seed 7 --paths 200 --charts none --out "$TMP/plain" >/dev/null 2>&1 </dev/null
timeout 60 "$DR" run --seed 7 --paths 200 --charts none --out "$TMP/subst" \
    --fiscal <(cat "$SAMPLE/fiscal.csv") --projects <(cat "$SAMPLE/projects.csv") \
    >"$TMP/o" 2>"$TMP/e" </dev/null
rc=$?
why=()
[ "$rc" -eq 0 ] || why+=("exit status $rc" "@$TMP/e")
[ "$(ini_sum "$TMP/subst/run.ini" fiscal)" = "$(sum "$SAMPLE/fiscal.csv")" ] ||
    why+=("fiscal.sha256 is $(ini_sum "$TMP/subst/run.ini" fiscal)")
[ "$(ini_sum "$TMP/subst/run.ini" projects)" = "$(sum "$SAMPLE/projects.csv")" ] ||
    why+=("projects.sha256 is $(ini_sum "$TMP/subst/run.ini" projects)")
cmp -s "$TMP/plain/summary.csv" "$TMP/subst/summary.csv" ||
    why+=("summary.csv differs from a run on the files themselves")
result "<(cat fiscal.csv) and <(cat projects.csv): same results, run.ini has sha256sum's hashes" "${why[@]}"

rm -f "$TMP/ff" && mkfifo "$TMP/ff"
cat "$SAMPLE/fiscal.csv" >"$TMP/ff" &
W=$!
dr batch --paths 200 --charts none --fiscal "$TMP/ff" --out "$TMP/fifo-batch" "$SCEN/land-slump.ini"
kill "$W" 2>/dev/null
wait "$W" 2>/dev/null
why=()
[ "$rc" -eq 0 ] || why+=("exit status $rc" "@$TMP/e")
for s in baseline land-slump; do
    [ "$(ini_sum "$TMP/fifo-batch/$s/run.ini" fiscal)" = "$(sum "$SAMPLE/fiscal.csv")" ] ||
        why+=("$s/run.ini: fiscal.sha256 is '$(ini_sum "$TMP/fifo-batch/$s/run.ini" fiscal)'")
done
result "batch --fiscal FIFO: read once for every scenario, each run.ini has sha256sum's hash" "${why[@]}"

t0=$(now_ms)
dr run --fiscal /dev/zero --charts none --out "$TMP/zero"
ms=$(($(now_ms) - t0))
why=()
[ "$rc" -eq 1 ] || why+=("exit status $rc, expected 1")
grep -q '^debtrisk: /dev/zero: .*256 MiB' "$TMP/e" || why+=("the message does not name /dev/zero and the limit")
[ "$ms" -lt 10000 ] || why+=("took $ms ms")
[ -e "$TMP/zero" ] && why+=("--out was created")
[ ${#why[@]} -eq 0 ] || why+=("@$TMP/e")
result "--fiscal /dev/zero: exit 1 quickly, naming it and the 256 MiB limit" "${why[@]}"

truncate -s 300M "$TMP/huge.csv"
dr check --fiscal "$TMP/huge.csv"
why=()
[ "$rc" -eq 1 ] || why+=("exit status $rc, expected 1")
grep -qF "debtrisk: $TMP/huge.csv: larger than 256 MiB" "$TMP/e" || why+=("@$TMP/e")
result "a 300 MiB fiscal.csv: exit 1 naming it, without reading it" "${why[@]}"

echo "1..$n"
[ "$failed" -eq 0 ]
