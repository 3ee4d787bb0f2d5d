#!/usr/bin/env bash
# After `meson install`, the installed program finds the bundled model and
# sample city in its data folder and gives the same results as the build
# tree. TAP. Usage: test_install.sh BUILD-TREE-debtrisk INSTALLED-debtrisk
set -u
built="$1" installed="$2"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
echo "1..2"
cd "$tmp" || exit 1
if "$installed" run --deterministic --charts none --out inst >/dev/null 2>&1 &&
    grep -q "share/debtrisk/models/baseline.ini" inst/run.ini; then
    echo "ok 1 - the installed program runs on its bundled data"
else
    echo "not ok 1 - the installed program runs on its bundled data"
fi
"$built" run --deterministic --charts none --out tree >/dev/null 2>&1
if cmp -s inst/projection.csv tree/projection.csv &&
    cmp -s inst/summary.csv tree/summary.csv; then
    echo "ok 2 - installed and build-tree results are identical"
else
    echo "not ok 2 - installed and build-tree results are identical"
    exit 1
fi
