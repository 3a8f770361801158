#!/usr/bin/env bash
# Issue 21's figures, in one run: re-opening the 100k-claim chart from the
# parsed cache, the first open of the one big file parsed on both cores, and
# the 50-file chart, each beside ron's typed parse and serde_json measured in
# the same run; the cache's binary form against others; peak RSS.
#
#   scripts/bench-cache.sh                # about 3 minutes on 2 cores
#   scripts/bench-cache.sh --update-doc   # …and rewrite its table in BENCHMARKS.md
#   RUNS=25 scripts/bench-cache.sh        # hyperfine runs per command (default 15)
#   ALT=31 scripts/bench-cache.sh         # alternating rounds (default 21)
#
# Steps: build (release: the binary, examples/floor.rs, examples/gen.rs,
# examples/cache_formats.rs); the data, as scripts/bench.sh makes it, in
# target/bench-data (d100k.ron; f100k/, the same chart as 50 files;
# d100k.json, its twin in the format's JSON); then
# - `floor inproc`: in one process, texts in memory, alternating runs:
#   ron's typed parse, serde_json's parse, and `check`'s load on one thread
#   and on every core;
# - `cache_formats`: the dossier through bitcode, postcard and serde_json;
# - one hyperfine run (-N, RUNS runs, medians) of the whole processes:
#   the two floors (`floor ron`, `floor json`), `check --no-cache` on one
#   core (`taskset -c 0`) and on both, `check` re-opening from the cache,
#   the 50 files without and with the cache;
# - ALT alternating rounds, each running `floor ron` and `check --no-cache`
#   of the file and of the folder once, in turn:
#   medians that drifting load cannot set apart (the verdicts on both
#   cores use them);
# - the first open (`check` after `cache clear`, hyperfine --prepare);
# - peak RSS (GNU time) with and without the cache.
# The table goes to target/bench-results/cache/table.md and, with
# --update-doc, between the <!-- cache:begin --> markers of BENCHMARKS.md.
# Its cache folder is target/bench-results/cache/xdg (never the user's).
#
# Needs: cargo, hyperfine, jq, GNU time (/usr/bin/time), taskset.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
# shellcheck source=bench-doc.sh
source scripts/bench-doc.sh
bench_args "$@"
RUNS=${RUNS:-15}
ALT=${ALT:-21}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
DATA=${LINKCHART_BENCH_DATA:-$TARGET/bench-data}
OUT=${LINKCHART_BENCH_OUT:-$TARGET/bench-results}/cache
BIN=$TARGET/release/linkchart
EX=$TARGET/release/examples
export XDG_CACHE_HOME=$OUT/xdg
unset LINKCHART_CACHE_SIZE

for tool in hyperfine jq /usr/bin/time taskset; do
    command -v "$tool" >/dev/null || {
        echo "bench-cache.sh: needs $tool" >&2
        exit 1
    }
done
step() { printf '\n==> %s\n' "$*"; }

step "Building (release)"
cargo build --release --bin linkchart --example floor --example gen --example cache_formats

step "Data in $DATA"
mkdir -p "$DATA" "$OUT"
GEN_ARGS=(--actors 10000 --relations 30000 --claims 100000)
[[ -s $DATA/d100k.ron ]] || { "$EX/gen" "${GEN_ARGS[@]}" >"$DATA/d100k.ron.tmp" && mv "$DATA/d100k.ron.tmp" "$DATA/d100k.ron"; }
[[ -d $DATA/f100k ]] || {
    rm -rf "$DATA/f100k.tmp"
    "$EX/gen" "${GEN_ARGS[@]}" --split 50 --out "$DATA/f100k.tmp" && mv "$DATA/f100k.tmp" "$DATA/f100k"
}
[[ -s $DATA/d100k.json ]] || "$EX/floor" to-json "$DATA/d100k.ron" "$DATA/d100k.json"
RON=$DATA/d100k.ron JSON=$DATA/d100k.json FOLDER=$DATA/f100k

RESULTS=$OUT/results.tsv
rm -f "$RESULTS"
put() { printf '%s\t%s\n' "$1" "$2" >>"$RESULTS"; }
fig() { awk -F'\t' -v k="$1" '$1 == k { v = $2 } END { if (v != "") print v }' "$RESULTS"; }
hf_median() { jq -r --arg n "$2" '.results[] | select(.command == $n) | .median' "$1"; }
hf_cpu() { jq -r --arg n "$2" '.results[] | select(.command == $n) | .user + .system' "$1"; }
rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 * 1024 }'; }
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
STARTED=$(date -u '+%Y-%m-%d %H:%M UTC')

step "In process: ron's typed parse, serde_json, check's load on one thread and on every core"
"$EX/floor" inproc "$RON" "$JSON" 7 | tee "$OUT/inproc.tsv"
while IFS=$'\t' read -r k v; do put "inproc.$k" "$v"; done <"$OUT/inproc.tsv"

step "The cache's binary form: bitcode, postcard, serde_json"
"$EX/cache_formats" "$RON" 5 | tee "$OUT/formats.tsv"

step "Whole processes, one hyperfine run ($RUNS runs each)"
"$BIN" cache clear
# Entries for both charts; the stat of a file is trusted once it is 2 s old.
"$BIN" check "$RON" >/dev/null 2>&1
"$BIN" check "$FOLDER" >/dev/null 2>&1
sleep 2.1
"$BIN" check "$RON" >/dev/null 2>&1
"$BIN" check "$FOLDER" >/dev/null 2>&1
hyperfine -N --warmup 2 --runs "$RUNS" --export-json "$OUT/hf.json" \
    -n floor_ron "$EX/floor ron $RON" \
    -n floor_json "$EX/floor json $JSON" \
    -n one_core "taskset -c 0 $BIN check --no-cache $RON" \
    -n no_cache "$BIN check --no-cache $RON" \
    -n cached "$BIN check $RON" \
    -n folder_one_core "taskset -c 0 $BIN check --no-cache $FOLDER" \
    -n folder_no_cache "$BIN check --no-cache $FOLDER" \
    -n folder_cached "$BIN check $FOLDER"
for n in floor_ron floor_json one_core no_cache cached folder_one_core folder_no_cache folder_cached; do
    put "hf.$n" "$(hf_median "$OUT/hf.json" $n)"
    put "cpu.$n" "$(hf_cpu "$OUT/hf.json" $n)"
done

step "Alternating whole processes ($ALT rounds): each round runs every one once"
# A shared machine's load drifts within a run: hyperfine's blocks of runs
# (one command, then the next) can catch a floor and `check` at different
# moments. Here every round runs each in turn, and medians are compared.
ALT_TSV=$OUT/alt.tsv
: >"$ALT_TSV"
clock() {
    local s e
    s=$(date +%s%N)
    "$@" >/dev/null 2>&1
    e=$(date +%s%N)
    echo $((e - s))
}
for ((i = 0; i < ALT; i++)); do
    printf 'floor_ron\t%s\n' "$(clock "$EX/floor" ron "$RON")" >>"$ALT_TSV"
    printf 'no_cache\t%s\n' "$(clock "$BIN" check --no-cache "$RON")" >>"$ALT_TSV"
    printf 'folder_no_cache\t%s\n' "$(clock "$BIN" check --no-cache "$FOLDER")" >>"$ALT_TSV"
done
for n in floor_ron no_cache folder_no_cache; do
    put "alt.$n" "$(awk -F'\t' -v n="$n" '$1 == n { print $2 / 1e9 }' "$ALT_TSV" | sort -g |
        awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')"
done

step "The first open: parsed, then kept"
hyperfine -N --runs 5 --prepare "$BIN cache clear" --export-json "$OUT/hf-miss.json" \
    -n miss "$BIN check $RON"
put hf.miss "$(hf_median "$OUT/hf-miss.json" miss)"
put cpu.miss "$(hf_cpu "$OUT/hf-miss.json" miss)"

step "Peak RSS"
"$BIN" check "$RON" >/dev/null 2>&1
"$BIN" check "$FOLDER" >/dev/null 2>&1
put rss.no_cache "$(rss "$BIN" check --no-cache "$RON")"
put rss.cached "$(rss "$BIN" check "$RON")"
put rss.folder_no_cache "$(rss "$BIN" check --no-cache "$FOLDER")"
put rss.folder_cached "$(rss "$BIN" check "$FOLDER")"
put rss.floor_json "$(rss "$EX/floor" json "$JSON")"
put rss.floor_ron "$(rss "$EX/floor" ron "$RON")"
put size.ron "$(stat -c %s "$RON")"
put size.cache "$(du -sb "$XDG_CACHE_HOME/linkchart" | cut -f1)"
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# ------------------------------------------------------------------ table --
t() { [[ -z ${1:-} ]] && echo "–" || awk -v s="$1" 'BEGIN { if (s >= 1) printf "%.2f s", s; else printf "%.1f ms", s * 1e3 }'; }
mb() { [[ -z ${1:-} ]] && echo "–" || awk -v b="$1" 'BEGIN { printf "%.0f MB", b / 1e6 }'; }
ratio() { [[ -z ${1:-} || -z ${2:-} ]] && echo "–" || awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f×", a / b; else print "–" }'; }
verdict() { awk -v v="$1" -v l="$2" 'BEGIN { if (v <= l) print "**met**"; else printf "**missed** (%.2f× the limit)", v / l }'; }
TABLE=$OUT/table.md
ron=$(fig inproc.ron_parse) json=$(fig inproc.serde_json)
pron=$(fig hf.floor_ron) pjson=$(fig hf.floor_json)
{
    echo "Run: $STARTED, $(nproc) cores, rustc $(rustc --version | cut -d' ' -f2), commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD 2>/dev/null || echo ' (with changes)'), by \`scripts/bench-cache.sh --update-doc\` (RUNS=$RUNS). Load average (1/5/15 min) before: $LOAD_BEFORE; after: $LOAD_AFTER."
    echo
    echo "In process, texts in memory, medians of 7 alternating runs (\`floor inproc\`): ron's typed parse $(t "$ron"), serde_json $(t "$json"); \`check\`'s load (parse, sanitise, merge, check) on one thread $(t "$(fig inproc.check_one_thread)") ($(ratio "$(fig inproc.check_one_thread)" "$ron") of ron's parse), on every core $(t "$(fig inproc.check_every_core)") ($(ratio "$(fig inproc.check_every_core)" "$ron"))."
    echo
    echo "| whole process (hyperfine -N, median of $RUNS) | time | / ron typed parse (process) | / ron typed parse (in process) | / serde_json (process) | / serde_json (in process) | CPU time (user + system, mean) | peak RSS |"
    echo "|---|---|---|---|---|---|---|---|"
    for n in floor_ron floor_json one_core no_cache miss cached folder_one_core folder_no_cache folder_cached; do
        case $n in
        floor_ron) name="ron typed parse, one thread (\`floor ron\`)" r=$(fig rss.floor_ron) ;;
        floor_json) name="serde_json, the same as JSON (\`floor json\`)" r=$(fig rss.floor_json) ;;
        one_core) name="\`check --no-cache\`, one core (\`taskset -c 0\`)" r="" ;;
        no_cache) name="\`check --no-cache\`, both cores" r=$(fig rss.no_cache) ;;
        miss) name="\`check\`, first open (parse, then keep)" r="" ;;
        cached) name="\`check\`, re-opened from the cache" r=$(fig rss.cached) ;;
        folder_one_core) name="50 files, \`check --no-cache\`, one core" r="" ;;
        folder_no_cache) name="50 files, \`check --no-cache\`, both cores" r=$(fig rss.folder_no_cache) ;;
        folder_cached) name="50 files, \`check\`, re-opened" r=$(fig rss.folder_cached) ;;
        esac
        v=$(fig "hf.$n")
        echo "| $name | $(t "$v") | $(ratio "$v" "$pron") | $(ratio "$v" "$ron") | $(ratio "$v" "$pjson") | $(ratio "$v" "$json") | $(t "$(fig "cpu.$n")") | $(mb "$r") |"
    done
    echo
    echo "The cache held $(mb "$(fig size.cache)") for both charts (the file is $(mb "$(fig size.ron)") of RON)."
    echo
    echo "The cache's binary form (\`cache_formats\`, the 100k dossier in memory, medians of 5):"
    echo
    echo "| format | encode | decode | size |"
    echo "|---|---|---|---|"
    while IFS=$'\t' read -r name enc dec size why; do
        if [[ $enc == - ]]; then
            echo "| $name | – | – | $(mb "$size") | ${why:-} |"
        else
            echo "| $name | $(t "$enc") | $(t "$dec") | $(mb "$size") |"
        fi
    done <"$OUT/formats.tsv"
    echo
    aron=$(fig alt.floor_ron) anc=$(fig alt.no_cache) afo=$(fig alt.folder_no_cache)
    echo "Alternating whole processes, medians of $ALT rounds (each round runs all three in turn): \`floor ron\` $(t "$aron"), \`check --no-cache\` of the file $(t "$anc") ($(ratio "$anc" "$aron")), of the 50 files $(t "$afo") ($(ratio "$afo" "$aron"))."
    echo
    cached=$(fig hf.cached) nocache=$(fig hf.no_cache) folder=$(fig hf.folder_no_cache)
    echo "| target | figure | verdict |"
    echo "|---|---|---|"
    echo "| re-opened: \`check\` (whole process) ≤ serde_json's parse, in process | $(ratio "$cached" "$json") | $(verdict "$cached" "$json") |"
    echo "| … ≤ serde_json as a whole process | $(ratio "$cached" "$pjson") | $(verdict "$cached" "$pjson") |"
    echo "| \`check --no-cache\` ≤ 0.6× ron's typed parse in one thread, both whole processes, alternating | $(ratio "$anc" "$aron") | $(verdict "$anc" "$(awk -v a="$aron" 'BEGIN { print a * 0.6 }')") |"
    echo "| 50 files, \`check --no-cache\` ≤ 0.6× ron's typed parse of the single file, both whole processes, alternating | $(ratio "$afo" "$aron") | $(verdict "$afo" "$(awk -v a="$aron" 'BEGIN { print a * 0.6 }')") |"
    echo "| \`check --no-cache\` (whole process) ≤ 0.6× ron's typed parse in one thread, in process | $(ratio "$nocache" "$ron") | $(verdict "$nocache" "$(awk -v a="$ron" 'BEGIN { print a * 0.6 }')") |"
    echo "| … against ron's typed parse as a whole process | $(ratio "$nocache" "$pron") | $(verdict "$nocache" "$(awk -v a="$pron" 'BEGIN { print a * 0.6 }')") |"
    echo "| … the load alone, in process (every core / ron's parse) | $(ratio "$(fig inproc.check_every_core)" "$ron") | $(verdict "$(fig inproc.check_every_core)" "$(awk -v a="$ron" 'BEGIN { print a * 0.6 }')") |"
    echo "| 50 files, \`check --no-cache\` ≤ 0.6× ron's typed parse of the single file, in process | $(ratio "$folder" "$ron") | $(verdict "$folder" "$(awk -v a="$ron" 'BEGIN { print a * 0.6 }')") |"
    echo "| … against ron's typed parse of the single file as a whole process | $(ratio "$folder" "$pron") | $(verdict "$folder" "$(awk -v a="$pron" 'BEGIN { print a * 0.6 }')") |"
    echo "| … against the single file's \`check --no-cache\` on one core | $(ratio "$folder" "$(fig hf.one_core)") | $(verdict "$folder" "$(awk -v a="$(fig hf.one_core)" 'BEGIN { print a * 0.6 }')") |"
    echo "| re-opened: peak RSS ≤ the load without the cache | $(ratio "$(fig rss.cached)" "$(fig rss.no_cache)") | $(verdict "$(fig rss.cached)" "$(fig rss.no_cache)") |"
} >"$TABLE"
echo
cat "$TABLE"

if ((UPDATE_DOC)); then
    update_doc cache "$TABLE"
fi
