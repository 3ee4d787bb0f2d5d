# TAP for the shell suites (tests/cli/*.sh, tests/mpi/*.sh, tests/lint/*.sh):
# sourced, it counts the tests in $n and the failures in $failed. A suite
# prints its plan, "1..N", first or last (tap_end), and exits non-zero when
# anything failed.

n=0
failed=0

# pass DESC
pass() {
    n=$((n + 1))
    echo "ok $n - $1"
}

# fail DESC [DIAGNOSTIC | @FILE]...: each diagnostic's lines (at most 2000
# bytes of it) as TAP comments; @FILE adds the file's first 20 lines.
fail() {
    n=$((n + 1))
    failed=$((failed + 1))
    echo "not ok $n - $1"
    shift
    local d
    for d in "$@"; do
        if [ "${d#@}" != "$d" ]; then
            [ -s "${d#@}" ] && head -n 20 "${d#@}" | sed 's/^/# /'
        else
            printf '%s\n' "$d" | head -c 2000 | sed 's/^/# /'
        fi
    done
    return 0
}

# result DESC [REASON]...: passes when no reason is given, else fails with
# the reasons as diagnostics.
result() {
    local desc=$1
    shift
    if [ $# -eq 0 ]; then pass "$desc"; else fail "$desc" "$@"; fi
}

# status STATUS DESC: passes when STATUS (a command's $?) is 0.
status() {
    if [ "$1" -eq 0 ]; then pass "$2"; else fail "$2" "exit status $1"; fi
}

# check DESC COMMAND...: passes when COMMAND succeeds; its output (the first
# 20 lines) is the diagnostic when it fails.
check() {
    local desc=$1 out
    shift
    if out=$("$@" 2>&1); then
        pass "$desc"
    else
        fail "$desc" "$(printf '%s\n' "$out" | head -n 20)"
    fi
}

# tap_end: the plan, when it was not printed first, and the suite's
# status: 0 when nothing failed.
tap_end() {
    echo "1..$n"
    [ "$failed" -eq 0 ]
}
