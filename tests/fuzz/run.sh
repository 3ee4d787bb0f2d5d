#!/usr/bin/env bash
# Runs one libFuzzer harness for a bounded time on a copy of its seed
# corpus, as a TAP test. Usage: run.sh FUZZER SEED-DIR SECONDS
# A crash makes the test fail; libFuzzer leaves the crashing input as
# crash-* in the scratch folder and the log shows it. Turn such an input
# into a regression test by adding it to tests/data/bad/ or the corpus.
set -u
fuzzer="$1" seeds="$2" seconds="$3"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/corpus"
echo "1..1"
if "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$scratch/" "$scratch/corpus" "$seeds" \
    >"$scratch/log" 2>&1; then
    echo "ok 1 - $(basename "$fuzzer") ran ${seconds}s without a crash ($(grep -c . <(ls "$scratch/corpus")) new inputs)"
else
    echo "not ok 1 - $(basename "$fuzzer") found a crash"
    sed 's/^/# /' "$scratch/log" | tail -40
    for f in "$scratch"/crash-* "$scratch"/leak-* "$scratch"/timeout-*; do
        [[ -e "$f" ]] && { echo "# input $f:"; od -c "$f" | head -20 | sed 's/^/# /'; }
    done
    exit 1
fi
