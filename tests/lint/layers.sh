#!/usr/bin/env bash
# The shape of src/ (STYLE.md, README "Development"). TAP output.
#
#   bash tests/lint/layers.sh SOURCE_ROOT
#
# 1. Every source file sits in a layer folder (main.c alone at src/), and
#    includes project headers only of its own layer and the layers below:
#      base < inputs < calib < model < stats < engine < outputs
#           < present < charts < run < cli
#    (charts and present stand side by side; charts take their words from
#    present's texts, never the other way round).
# 2. No file of src/ or tests/unit/ is over 1,000 lines.
# 3. clang-format agrees with every C file of src/ and tests/ (when
#    clang-format is installed; skipped otherwise).
set -u
ROOT=$(cd "${1:-.}" && pwd) || exit 2
cd "$ROOT" || exit 2

LAYERS="base inputs calib model stats engine outputs present charts run cli"
rank() {
    local r=0 l
    for l in $LAYERS; do
        [ "$l" = "$1" ] && { echo "$r"; return; }
        r=$((r + 1))
    done
    echo -1
}

# shellcheck source=tests/lib/tap.sh
. "$ROOT/tests/lib/tap.sh"

# 1. layers
bad=""
while IFS= read -r f; do
    rel=${f#src/}
    if [ "$rel" = main.c ]; then
        continue
    fi
    layer=${rel%%/*}
    me=$(rank "$layer")
    if [ "$me" -lt 0 ] || [ "$layer" = "$rel" ]; then
        bad="$bad\n$f: not in a layer folder"
        continue
    fi
    while IFS= read -r inc; do
        dep=${inc%%/*}
        [ "$dep" = "$inc" ] && continue # config.h, system headers
        r=$(rank "$dep")
        if [ "$r" -lt 0 ]; then
            bad="$bad\n$f: includes $inc, not a layer"
        elif [ "$r" -gt "$me" ]; then
            bad="$bad\n$f: includes $inc from a higher layer ($dep above $layer)"
        fi
    done < <(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f")
done < <(find src -name '*.[ch]' | sort)
if [ -z "$bad" ]; then
    pass "every file in its layer, including only its layer and those below"
else
    fail "every file in its layer, including only its layer and those below"
    printf "$bad\n" | sed '/^$/d; s/^/# /'
fi

# 2. length
long=$(find src tests/unit -name '*.[ch]' -exec wc -l {} + | awk '$2 != "total" && $1 > 1000 {print "# " $2 ": " $1 " lines"}')
if [ -z "$long" ]; then
    pass "no file over 1,000 lines"
else
    fail "no file over 1,000 lines"
    echo "$long"
fi

# 3. format
if command -v clang-format >/dev/null 2>&1; then
    diff=""
    while IFS= read -r f; do
        if ! clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then
            diff="$diff\n$f"
        fi
    done < <(find src tests -name '*.[ch]' | sort)
    if [ -z "$diff" ]; then
        pass "clang-format agrees with every C file (.clang-format)"
    else
        fail "clang-format agrees with every C file (.clang-format): run clang-format -i on"
        printf "$diff\n" | sed '/^$/d; s/^/# /'
    fi
else
    pass "# SKIP clang-format not installed"
fi

echo "1..$n"
[ "$failed" -eq 0 ]
