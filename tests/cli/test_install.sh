#!/usr/bin/env bash
# After `meson install`, the installed program finds the bundled model and
# sample city in its data folder and gives the same results as the build
# tree. TAP. Usage: test_install.sh BUILD-TREE-debtrisk INSTALLED-debtrisk
set -u
built="$1" installed="$2"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=tests/lib/tap.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")/../lib" && pwd)/tap.sh"
echo "1..2"
cd "$tmp" || exit 1
if "$installed" run --deterministic --charts none --out inst >/dev/null 2>&1 &&
    grep -q "share/debtrisk/models/baseline.ini" inst/run.ini; then
    pass "the installed program runs on its bundled data"
else
    fail "the installed program runs on its bundled data"
fi
"$built" run --deterministic --charts none --out tree >/dev/null 2>&1
if cmp -s inst/projection.csv tree/projection.csv &&
    cmp -s inst/summary.csv tree/summary.csv; then
    pass "installed and build-tree results are identical"
else
    fail "installed and build-tree results are identical"
fi
[ "$failed" -eq 0 ]
