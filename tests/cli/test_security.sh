#!/usr/bin/env bash
# Text from inputs is data, never code. TAP output.
#
#   bash tests/cli/test_security.sh PATH/TO/debtrisk SOURCE_ROOT
#
# Every name, title and label a file gives goes into gnuplot scripts, CSV
# files and Markdown reports. Here each county of the sample city gets a
# name that tries to run a command when gnuplot reads it (a quote that
# ends the string, backquotes, @macros, system(), a trailing backslash in a
# comment, a pipe as a file name, a format, a very long name), each trying
# to create its own marker file; scenario titles and descriptions do the
# same. `run`, `batch` and `sensitivity` draw every chart with gnuplot, and
# then `plot` redraws output folders edited the same way. Checked:
#   - no marker file ever appears;
#   - every chart is drawn (a picture beside every script);
#   - no comment line of a script or data file holds text from an input,
#     and a data file's rows hold only numbers and ids;
#   - gnuplot itself reads each name back as the literal name (its own
#     `print` of the string constant taken from the script);
#   - the CSV outputs hold the names as given, the reports show them as
#     literal text (every Markdown markup character escaped);
#   - what must be refused is refused: a name with a line break, a
#     carriage return, another control character (C0, DEL, C1), U+2028 or
#     U+2029, invalid UTF-8, or a spreadsheet formula (= + - @) stops
#     run, batch and sensitivity with exit 1 and FILE:LINE:COL, writing
#     nothing; an output folder whose files were edited with such text, or
#     with numbers out of their range, stops `plot` the same way, nothing
#     redrawn.
set -u

if [ $# -ne 2 ]; then
    echo "usage: bash tests/cli/test_security.sh PATH/TO/debtrisk SOURCE_ROOT" >&2
    exit 2
fi
abspath() { case $1 in /*) printf '%s\n' "$1" ;; *) printf '%s\n' "$PWD/$1" ;; esac; }
DR=$(abspath "$1")
ROOT=$(cd "$2" && pwd) || exit 2
TMP=$(mktemp -d "${TMPDIR:-/tmp}/debtrisk-sec.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
cd "$TMP" || exit 1
M=$TMP/markers # every payload tries to create a file in here
mkdir -p "$M"

PLAN=33
echo "1..$PLAN"
if ! command -v gnuplot >/dev/null; then
    for k in $(seq 1 $PLAN); do echo "ok $k # SKIP gnuplot not on PATH"; done
    exit 0
fi

# shellcheck source=tests/lib/tap.sh
. "$ROOT/tests/lib/tap.sh"
no_marker() {
    local left
    left=$(ls -A "$M")
    [ -z "$left" ] || { echo "marker files: $left"; return 1; }
}

# ------------------------------------------------------------------------
# The inputs: names and titles that gnuplot would run if they were not
# quoted right. Written by Python so that every byte is exact.
python3 - "$ROOT" "$M" <<'EOF'
import csv, io, sys
root, m = sys.argv[1], sys.argv[2]
t = lambda tag: "touch %s/%s" % (m, tag)
names = [
    "A'; system(\"%s\") #" % t("quote"),            # end the '...' string
    "B`%s`" % t("backquote"),                         # backquote substitution
    "C @FORMATS @INK @x",                             # macros
    "D a trailing backslash\\",                       # continues a comment
    "E\"; system('%s'); \"" % t("dquote"),           # end a "..." string
    "F'.system('%s').'" % t("concat"),               # string concatenation
    "G %s %d %n %% 100% {/:Bold x} ^2 _3",           # formats, enhanced text
    "|%s" % t("pipe"),                                # a pipe, as a file name
    "<%s" % t("popen"),                               # plot '<cmd'
    "J $(%s) ; %s; ls" % (t("shell"), t("semicolon")),# a shell, a ;
    "K a\\nsystem('%s') \\\\ \\'" % t("escape"),     # backslash escapes
    "L *bold* [x](http://evil.example) <script>alert(1)</script> a|b "
    "`c` &amp; $x$ www.evil.example @me #tag",        # Markdown
    "M" + "长" * 1300 + "'`%s`'" % t("long"),        # a very long name
]
rows = list(csv.reader(open(root + "/data/sample-city/fiscal.csv",
                            encoding="utf-8")))
assert len(rows) - 1 == len(names)
for r, name in zip(rows[1:], names):
    r[1] = name
with open("fiscal.csv", "w", encoding="utf-8", newline="") as f:
    csv.writer(f, lineterminator="\n").writerows(rows)
with open("names.txt", "w", encoding="utf-8") as f:
    f.write("\n".join(names) + "\n")
# projects named the same way (they reach no chart, but run reads them)
rows = list(csv.reader(open(root + "/data/sample-city/projects.csv",
                            encoding="utf-8")))
for k, r in enumerate(rows[1:]):
    r[2] = names[k % len(names)]
with open("projects.csv", "w", encoding="utf-8", newline="") as f:
    csv.writer(f, lineterminator="\n").writerows(rows)
# scenarios whose titles and descriptions try the same
land = open(root + "/models/scenarios/land-slump.ini", encoding="utf-8").read()
def scenario(fname, name, title, desc):
    body = land.split("[adjust.slump]", 1)[1]
    with open(fname, "w", encoding="utf-8") as f:
        f.write("[scenario]\nname = %s\ntitle = %s\ndescription = %s\n"
                "\n[adjust.slump]%s" % (name, title, desc, body))
titles = ["Land`%s` '\"x\\ / 土地'" % t("title1"),
          "Rates'; system('%s') #" % t("title2")]
scenario("s1.ini", "land-x", titles[0],
         "$(%s) @INK `%s` \\" % (t("desc1"), t("desc2")))
scenario("s2.ini", "rate-x", titles[1],
         "*x* [a](http://evil.example) <b>|</b>")
with open("titles.txt", "w", encoding="utf-8") as f:
    f.write("\n".join(titles) + "\n")
EOF
mapfile -t NAMES <names.txt

# Python helpers, reading the outputs independently of the program.
cat >helpers.py <<'EOF'
import csv, os, re, subprocess, sys

def gp_strings(text):
    """The single-quoted string constants of a gnuplot script, as written
    (their quotes doubled)."""
    return re.findall(r"'((?:[^'\n]|'')*)'", text)

def gnuplot_print(literals):
    """What gnuplot itself makes of each single-quoted constant: it prints
    them one per line."""
    script = "".join("print '%s'\n" % s for s in literals)
    p = subprocess.run(["gnuplot"], input=script.encode("utf-8"),
                       capture_output=True)
    out = p.stderr.decode("utf-8", "replace").split("\n")
    if p.returncode != 0:
        raise SystemExit("gnuplot failed: " + "\n".join(out[-5:]))
    return out[:len(literals)]

def comment_lines(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return [l for l in f if l.lstrip().startswith("#")]

# CommonMark: a backslash before ASCII punctuation shows that character.
PUNCT = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
MARKUP = "\\`*_[]{}<>()#!~|&$@^"

def md_literal(md, name):
    """1 when the report md shows name as literal text: somewhere name is
    written with every markup character escaped, each ':' of '://' and
    '.' of 'www.' too."""
    pat = ""
    for ch in name:
        if ch in PUNCT:
            pat += r"\\?" + re.escape(ch)
        else:
            pat += re.escape(ch)
    for m in re.finditer(pat, md):
        s, ok, k = m.group(0), True, 0
        while k < len(s):
            if s[k] == "\\" and k + 1 < len(s) and s[k + 1] in PUNCT:
                k += 2
                continue
            if (s[k] in MARKUP or s.startswith("://", k) or
                    (s[k] == "." and s[max(0, k - 3):k].lower() == "www")):
                ok = False
                break
            k += 1
        if ok:
            return True
    return False
EOF

# every NAME.gp of DIR has its pictures EXTS (comma-separated)
drawn() {
    local dir=$1 exts=$2 gp base e bad=()
    [ -n "$(ls "$dir"/*.gp 2>/dev/null)" ] || { echo "no script in $dir"; return 1; }
    for gp in "$dir"/*.gp; do
        base=${gp%.gp}
        for e in ${exts//,/ }; do
            [ -s "$base.$e" ] || bad+=("${base##*/}.$e")
        done
    done
    [ ${#bad[@]} -eq 0 ] || { echo "not drawn: ${bad[*]}"; return 1; }
}

# no comment line of any script or data file in DIR holds input text, and
# the data rows hold no text but ids
clean_comments() {
    python3 - "$1" <<'EOF'
import glob, sys
sys.path.insert(0, ".")
from helpers import comment_lines
names = open("names.txt", encoding="utf-8").read().split("\n")[:-1]
titles = open("titles.txt", encoding="utf-8").read().split("\n")[:-1]
bad = []
for path in sorted(glob.glob(sys.argv[1] + "/*.gp") +
                   glob.glob(sys.argv[1] + "/*.dat")):
    for line in comment_lines(path):
        if ("touch" in line or "system" in line or "`" in line or
                any(n[:12] in line for n in names + titles)):
            bad.append("%s: %s" % (path, line.strip()[:200]))
# the rows of the data files: numbers, and ids or parameter keys only,
# so that no name can break a row (a space, a quote, a #)
import re
word = re.compile(r"^(-?inf|nan|[-+0-9.eE]+|[A-Za-z0-9_][A-Za-z0-9_.-]*)$")
for path in sorted(glob.glob(sys.argv[1] + "/*.dat")):
    for line in open(path, encoding="utf-8"):
        if line.lstrip().startswith("#"):
            continue
        bad += ["%s: %r" % (path, w) for w in line.split() if not word.match(w)]
if bad:
    raise SystemExit("\n".join(bad[:10]))
EOF
}

# gnuplot reads every county name of the run folder DIR back, exactly:
# as the title of its fan chart and as a tic label (a format: % doubled)
# of the ranking, the heat map and the grades.
names_read_back() {
    python3 - "$1" <<'EOF'
import csv, re, sys
sys.path.insert(0, ".")
from helpers import gp_strings, gnuplot_print
d = sys.argv[1]
rows = list(csv.DictReader(open(d + "/summary.csv", encoding="utf-8")))
bad = []
for r in rows:
    gp = open(d + "/charts/fan_%s.gp" % r["county_id"], encoding="utf-8").read()
    m = re.search(r"^set label 1 '((?:[^'\n]|'')*)'", gp, re.M)
    if not m or gnuplot_print([m.group(1)])[0] != r["name"]:
        bad.append("fan_%s: title is not %r" % (r["county_id"], r["name"][:80]))
for chart in ("ranking", "heatmap", "grades"):
    gp = open(d + "/charts/%s.gp" % chart, encoding="utf-8").read()
    line = [l for l in gp.split("\n") if l.startswith("set ytics (")][0]
    got = set(gnuplot_print(gp_strings(line)))
    for r in rows:
        if r["name"].replace("%", "%%") not in got:
            bad.append("%s: no tic label %r" % (chart, r["name"][:80]))
if bad:
    raise SystemExit("\n".join(bad))
EOF
}

# ------------------------------------------------------------------------
# 1-7. run: every chart drawn, in every format, nothing run.
"$DR" run --fiscal fiscal.csv --projects projects.csv --paths 200 \
    --charts png,svg,pdf --out run >run.log 2>&1
rc=$?
if [ $rc -eq 0 ]; then pass "run with names that try to run commands: exit 0"
else fail "run with names that try to run commands: exit 0" "exit $rc" "$(cat run.log)"; fi
check "run: no payload ran (no marker file)" no_marker
check "run: every chart drawn, png, svg and pdf" drawn run/charts png,svg,pdf
check "run: no comment line of a script or data file holds input text; data rows hold ids only" \
    clean_comments run/charts
check "run: gnuplot reads every name back literally (titles, tic labels)" \
    names_read_back run
csv_names() {
    python3 - "$1" <<'EOF'
import csv, sys
names = open("names.txt", encoding="utf-8").read().split("\n")[:-1]
for f in ("summary.csv", "ratios.csv"):
    got = {r["name"] for r in csv.DictReader(open(sys.argv[1] + "/" + f,
                                                  encoding="utf-8"))}
    if not set(names) <= got:
        raise SystemExit("%s: names changed: %s" % (f, set(names) - got))
EOF
}
check "run: summary.csv and ratios.csv hold the names as given" csv_names run
md_names() {
    python3 - "$1" <<'EOF'
import sys
sys.path.insert(0, ".")
from helpers import md_literal
names = open("names.txt", encoding="utf-8").read().split("\n")[:-1]
md = open(sys.argv[1], encoding="utf-8").read()
bad = [n[:80] for n in names if not md_literal(md, n)]
if bad:
    raise SystemExit("not shown literally: %r" % bad)
EOF
}
check "run: report.md shows every name as literal text" md_names run/report.md

# 8-13. batch: scenario titles and descriptions try too.
"$DR" batch --fiscal fiscal.csv --paths 200 --charts png --out batch \
    s1.ini s2.ini >batch.log 2>&1
rc=$?
if [ $rc -eq 0 ]; then pass "batch with such names, titles and descriptions: exit 0"
else fail "batch with such names, titles and descriptions: exit 0" "exit $rc" "$(cat batch.log)"; fi
check "batch: no payload ran" no_marker
batch_drawn() {
    drawn batch/charts png && drawn batch/baseline/charts png &&
        drawn batch/land-x/charts png && drawn batch/rate-x/charts png
}
check "batch: every chart drawn (comparison and each scenario)" batch_drawn
batch_comments() {
    clean_comments batch/charts && clean_comments batch/land-x/charts &&
        clean_comments batch/rate-x/charts
}
check "batch: no comment line holds input text" batch_comments
titles_read_back() {
    python3 <<'EOF'
import sys
sys.path.insert(0, ".")
from helpers import gp_strings, gnuplot_print
titles = open("titles.txt", encoding="utf-8").read().split("\n")[:-1]
bad = []
# the English side of "English / 中文", as the charts in English show it
want = [t.split(" / ")[0] for t in titles]
for chart in ("compare_breach", "compare_city"):
    got = gnuplot_print(gp_strings(open("batch/charts/%s.gp" % chart,
                                        encoding="utf-8").read()))
    for w in want:
        # a key entry is the title, shortened to fit: its first characters
        if not any(g.startswith(w[:15]) for g in got):
            bad.append("%s: no key entry %r" % (chart, w))
for sub, w in (("land-x", want[0]), ("rate-x", want[1])):
    got = gnuplot_print(gp_strings(open("batch/%s/charts/ranking.gp" % sub,
                                        encoding="utf-8").read()))
    if not any(("Scenario: " + w) in g for g in got):
        bad.append("%s/ranking: the run line does not name %r" % (sub, w))
if bad:
    raise SystemExit("\n".join(bad))
EOF
}
check "batch: gnuplot reads the scenario titles back literally" titles_read_back
review_md() {
    python3 <<'EOF'
import sys
sys.path.insert(0, ".")
from helpers import md_literal
md = open("batch/report.md", encoding="utf-8").read()
want = ["Land`touch", "Rates'; system(", "*x* [a](http://evil.example) <b>|</b>"]
bad = [w for w in want if not md_literal(md, w)]
if bad:
    raise SystemExit("not shown literally: %r" % bad)
EOF
}
check "batch: the review shows titles and descriptions literally" review_md

# 14-16. sensitivity.
"$DR" sensitivity --fiscal fiscal.csv --paths 200 --charts png \
    --param rates.hidden_spread=0.02:0.04 --param type.urban.land.mu=-0.1:0 \
    --out sens >sens.log 2>&1
rc=$?
if [ $rc -eq 0 ]; then pass "sensitivity with such names: exit 0"
else fail "sensitivity with such names: exit 0" "exit $rc" "$(cat sens.log)"; fi
check "sensitivity: no payload ran" no_marker
sens_drawn() {
    drawn sens/charts png && drawn sens/baseline/charts png &&
        clean_comments sens/charts
}
check "sensitivity: tornado and baseline charts drawn, no input text in comments" \
    sens_drawn

# ------------------------------------------------------------------------
# 17-19. Refused: each class of character in a county name (line 3, col 8,
# after 卧龙区), through run, batch and sensitivity, then through a
# scenario title. Exit 1, one line FILE:LINE:COL, nothing written.
python3 - "$ROOT" "$M" <<'EOF'
import sys
root, m = sys.argv[1], sys.argv[2]
lines = open(root + "/data/sample-city/fiscal.csv", "rb").read().split(b"\n")
sysc = ("system('touch %s/refused')" % m).encode()
cases = {
    "newline": b'"\xe5\x8d\xa7\xe9\xbe\x99\xe5\x8c\xba\n' + sysc + b'"',
    "cr": b'"\xe5\x8d\xa7\xe9\xbe\x99\xe5\x8c\xba\r' + sysc + b'"',
    "tab": "卧龙区\t".encode() + sysc,
    "esc": "卧龙区\x1b]0;x\x07".encode() + sysc,
    "nul-like": "卧龙区\x01".encode() + sysc,
    "del": "卧龙区\x7f".encode() + sysc,
    "c1": "卧龙区\u0085".encode() + sysc,
    "u2028": "卧龙区\u2028".encode() + sysc,
    "u2029": "卧龙区\u2029".encode() + sysc,
    "not-utf8": "卧龙区".encode() + b"\xff" + sysc,
    "eq": b'"=HYPERLINK(""http://evil.example"")"',
    "plus": b"+" + sysc,
    "minus": b"-" + sysc,
    "at": b"@" + sysc,
}
for name, cell in cases.items():
    f = lines[2].split(b",")
    f[1] = cell
    out = lines[:2] + [b",".join(f)] + lines[3:]
    open("refused_%s.csv" % name, "wb").write(b"\n".join(out))
open("refused.txt", "w").write("\n".join(cases) + "\n")
land = open(root + "/models/scenarios/land-slump.ini", "rb").read()
open("refused_title.ini", "wb").write(land.replace(
    b"title = Land slump", b"title = Land\x1b[2J slump", 1))
EOF
mapfile -t REFUSED <refused.txt
refused_all() {
    local c cmd want why=()
    for c in "${REFUSED[@]}"; do
        # invalid UTF-8 is refused for the whole file, at its byte: col 8
        # plus the 9 bytes of 卧龙区
        want="debtrisk: refused_$c.csv:3:8: name: "
        [ "$c" = not-utf8 ] && want="debtrisk: refused_$c.csv:3:17: "
        for cmd in run batch sensitivity; do
            rm -rf out
            local more=()
            [ $cmd = batch ] && more=(s2.ini)
            "$DR" $cmd --fiscal "refused_$c.csv" --paths 100 --charts png \
                --out out "${more[@]}" >r.out 2>r.err </dev/null
            local rc=$? msg
            msg=$(cat r.err)
            [ $rc -eq 1 ] || why+=("$c, $cmd: exit $rc")
            [ "$(wc -l <r.err)" -eq 1 ] || why+=("$c, $cmd: stderr not one line")
            case $msg in
            "$want"*) ;;
            *) why+=("$c, $cmd: $msg") ;;
            esac
            [ -e out ] && why+=("$c, $cmd: --out written")
            ls -d out.tmp* >/dev/null 2>&1 && why+=("$c, $cmd: a temporary folder left")
        done
    done
    no_marker || why+=("a payload ran")
    [ ${#why[@]} -eq 0 ] || { printf '%s\n' "${why[@]}"; return 1; }
}
check "refused: a name with a control character, U+2028/9, invalid UTF-8 or a formula stops run, batch and sensitivity (exit 1, FILE:3:8, nothing written)" \
    refused_all
refused_title() {
    rm -rf out
    "$DR" batch --paths 100 --charts png --out out refused_title.ini \
        >r.out 2>r.err </dev/null
    local rc=$?
    [ $rc -eq 1 ] || { echo "exit $rc"; return 1; }
    # 'title = ' is 8 bytes; ESC is the 5th character of 'Land<ESC>[2J'
    grep -q '^debtrisk: refused_title.ini:4:9: title: U+001B (a control character) at character 5' r.err ||
        { cat r.err; return 1; }
    [ ! -e out ]
}
check "refused: a scenario title with a terminal escape stops batch at 4:9" refused_title
refused_check() {
    local c
    for c in newline eq; do
        "$DR" check --fiscal "refused_$c.csv" >/dev/null 2>r.err
        [ $? -eq 1 ] && grep -q "refused_$c.csv:3:8:" r.err || { cat r.err; return 1; }
    done
}
check "refused: check says the same" refused_check

# ------------------------------------------------------------------------
# 20-33. plot on output folders edited after the run.
fingerprint() {
    (cd "$1" && find . -print | LC_ALL=C sort &&
        find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
}

# edit SRC DST SPEC: DST a copy of the output folder SRC with one value
# changed: SPEC is FILE|ROW|COLUMN|VALUE for a CSV file (ROW counts data
# rows from 1; VALUE a Python literal of bytes) or FILE|KEY|VALUE for an
# INI file. Prints LINE:COL where the changed value starts, worked out
# from the bytes written.
edit() {
    rm -rf "$2"
    cp -r "$1" "$2"
    python3 - "$2" "$3" <<'EOF'
import ast, sys
d, spec = sys.argv[1], sys.argv[2].split("|")
path = d + "/" + spec[0]
data = open(path, "rb").read()
if spec[0].endswith(".csv"):
    row, colname, value = int(spec[1]), spec[2].encode(), ast.literal_eval(spec[3])
    lines = data.split(b"\n")
    header = lines[0].split(b",")
    j = header.index(colname)
    fields = lines[row].split(b",")  # the outputs quote no field here
    fields[j] = value
    lines[row] = b",".join(fields)
    col = sum(len(f) + 1 for f in fields[:j]) + 1
    open(path, "wb").write(b"\n".join(lines))
    print("%d:%d" % (row + 1, col))
else:
    key, value = spec[1].encode(), ast.literal_eval(spec[2])
    lines = data.split(b"\n")
    k = [i for i, l in enumerate(lines) if l.startswith(key + b" = ")][0]
    lines[k] = key + b" = " + value
    open(path, "wb").write(b"\n".join(lines))
    print("%d:%d" % (k + 1, len(key) + 4))
EOF
}

# plot_refused DESCRIPTION SRC SPEC PHRASE [FILE]: plot on the edited copy
# exits 1 with 'debtrisk: COPY/FILE:LINE:COL: ...PHRASE...', redraws
# nothing, runs nothing.
plot_refused() {
    local desc=$1 src=$2 spec=$3 phrase=$4 file=${5:-${3%%|*}} at why=()
    at=$(edit "$src" ed "$spec") || { fail "$desc" "edit failed: $spec"; return; }
    fingerprint ed >before.fp
    "$DR" plot ed >p.out 2>p.err </dev/null
    local rc=$? msg
    msg=$(cat p.err)
    [ $rc -eq 1 ] || why+=("exit $rc, expected 1")
    [ "$(wc -l <p.err)" -eq 1 ] || why+=("stderr is not one line")
    case $msg in
    "debtrisk: ed/$file:$at: "*"$phrase"*) ;;
    *) why+=("expected 'debtrisk: ed/$file:$at: ...$phrase...'") ;;
    esac
    fingerprint ed >after.fp
    cmp -s before.fp after.fp || why+=("the folder changed: $(diff before.fp after.fp | head -5)")
    no_marker >/dev/null || why+=("a payload ran: $(ls "$M")")
    if [ ${#why[@]} -eq 0 ]; then pass "$desc"; else fail "$desc" "${why[@]}" "stderr: $msg"; fi
}

SYS="system('touch $M/plot')"
plot_refused "plot: a name edited to hold a line break and system() is refused" \
    run "summary.csv|1|name|b\"\\\"X\\n$SYS\\\"\"" "name: U+000A (a line break)"
plot_refused "plot: a name edited into a formula is refused" \
    run "summary.csv|2|name|b'=1+2'" "name: it starts with '='"
plot_refused "plot: a county_id edited to leave the charts folder is refused" \
    run "summary.csv|3|county_id|b'../x'" "county_id: expected an id"
plot_refused "plot: a probability of 1.5 is refused" \
    run "summary.csv|1|p_breach_end|b'1.5'" "p_breach_end: expected a probability from 0 to 1"
plot_refused "plot: a median of nan is refused (a ratio may be inf, never nan)" \
    run "summary.csv|1|broad_p50_end|b'nan'" "broad_p50_end: expected a finite number or inf"
plot_refused "plot: a year of 2024.5 is refused" \
    run "ratios.csv|1|year|b'2024.5'" "year: expected a whole number"
plot_refused "plot: an expected count above the number of counties is refused" \
    run "city.csv|1|expected_counties_above|b'99'" "more than the 13 counties"
plot_refused "plot: a run.ini title edited to hold a control character and backquotes is refused" \
    run "run.ini|title|b'T\\x07\`touch $M/t\`'" "title: U+0007"
plot_refused "plot: a run.ini seed edited into a command is refused" \
    run "run.ini|seed|b\"1; $SYS\"" "seed: expected a whole number"
plot_refused "plot: a model.ini warning edited into backquotes is refused" \
    run "model.ini|warning|b'\`touch $M/w\`'" "warning: expected a number > 0"
# a line break in a value of run.ini makes a line of its own: not INI
edit run ed "run.ini|version|b\"0.1.0\\n$SYS\"" >/dev/null
line=$(grep -n '^system' ed/run.ini | cut -d: -f1)
"$DR" plot ed >p.out 2>p.err </dev/null
rc=$?
if [ $rc -eq 1 ] && grep -q "^debtrisk: ed/run.ini:$line:1: not a valid INI file" p.err && no_marker; then
    pass "plot: a line injected into run.ini is refused at its line"
else
    fail "plot: a line injected into run.ini is refused at its line" "exit $rc" "$(cat p.err)"
fi
plot_refused "plot: a compare.csv scenario edited to leave the folder is refused" \
    batch "compare.csv|1|scenario|b'..'" "scenario: expected a scenario name"
plot_refused "plot: a sensitivity.csv parameter edited into gnuplot code is refused" \
    sens "sensitivity.csv|1|parameter|b\"land.mu'.system('touch $M/s').'\"" "parameter: expected SECTION.KEY"

# 33. Edits that are only text: plot draws them literally, runs nothing.
accepted_plot() {
    rm -rf ed
    cp -r run ed
    python3 - "$M" <<'EOF'
import csv, sys
m = sys.argv[1]
rows = list(csv.reader(open("ed/summary.csv", encoding="utf-8")))
new = ["P'`touch %s/p%d`' @INK \\" % (m, k) for k in range(len(rows) - 1)]
for r, name in zip(rows[1:], new):
    r[2] = name
with open("ed/summary.csv", "w", encoding="utf-8", newline="") as f:
    csv.writer(f, lineterminator="\n").writerows(rows)
ini = open("ed/run.ini", encoding="utf-8").read().replace(
    "title = ", "title = T'; system('touch %s/t') # `touch %s/u` " % (m, m), 1)
open("ed/run.ini", "w", encoding="utf-8").write(ini)
EOF
    rm -f ed/charts/*.png
    "$DR" plot ed --charts png >p.out 2>p.err </dev/null || { cat p.err; return 1; }
    no_marker && drawn ed/charts png && names_read_back ed
}
check "plot: names and a title edited into gnuplot code are drawn literally, nothing runs" \
    accepted_plot

if [ "$n" -ne "$PLAN" ]; then
    echo "# ran $n tests, but the plan said $PLAN"
    exit 1
fi
[ "$failed" -eq 0 ]
