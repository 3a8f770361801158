#!/usr/bin/env bash
# The diff of two 100k-claim charts that differ in 1% of their claims,
# against loading both (the target of BENCHMARKS.md: at most 1.2×):
#
#   scripts/bench-diff.sh                # about 3 minutes on 2 cores
#   scripts/bench-diff.sh --update-doc   # …and rewrite the diff table in BENCHMARKS.md
#
# Steps: build (release); `cargo bench --bench diff`, which generates the
# 100k-claim dossier with examples/gen (target/bench-data/d100k.ron) and its
# variant with 1% of the claims edited by a deterministic edit
# (v100k.ron: of every hundred claims the 38th regraded, reworded, removed
# or joined by a new one, in turn), checks that the diff finds exactly
# those edits, and times in process (criterion medians) loading both
# against the whole diff; then whole processes with hyperfine, both sides
# parsed (--no-cache): `linkchart check` of each file against `linkchart
# diff` of the two (Markdown and JSON), and the same two versions
# committed to a temporary git repository, read back as `HEAD~1:chart.ron`
# and `HEAD:chart.ron`; then both re-opened from a parsed cache of the
# script's own. The table goes to target/bench-results/diff-table.md; the
# figures stay in target/bench-results/ (results.tsv, hf-diff.json,
# hf-diff-cached.json).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
# shellcheck source=bench-doc.sh
source scripts/bench-doc.sh
bench_args "$@"

TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
export LINKCHART_BENCH_DATA=${LINKCHART_BENCH_DATA:-$TARGET/bench-data}
export LINKCHART_BENCH_OUT=${LINKCHART_BENCH_OUT:-$TARGET/bench-results}
export LINKCHART_BENCH_SIZES=100k
DATA=$LINKCHART_BENCH_DATA
OUT=$LINKCHART_BENCH_OUT
BIN=$TARGET/release/linkchart
step() { printf '\n==> %s\n' "$*"; }

for tool in hyperfine jq git; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
            apt-get update -qq
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tool" >/dev/null
        else
            echo "bench-diff.sh: \`$tool\` not found; install the package $tool" >&2
            exit 1
        fi
    fi
done

step "Building (release)"
cargo build --release --bins --examples
mkdir -p "$OUT"
RESULTS=$OUT/results.tsv
sed -i '/^diff\./d' "$RESULTS" 2>/dev/null || true

step "In process: cargo bench --bench diff"
cargo bench --bench diff 2>&1 | grep -v '^\s*Compiling'
OLD=$DATA/d100k.ron
NEW=$DATA/v100k.ron

step "The same two versions in a git repository"
REPO=$OUT/diff-repo
rm -rf "$REPO"
mkdir -p "$REPO"
git_() {
    git -C "$REPO" -c user.name=bench -c user.email=bench@example.invalid "$@"
}
git_ init -q -b main
cp "$OLD" "$REPO/chart.ron"
git_ add chart.ron
git_ commit -q -m old
cp "$NEW" "$REPO/chart.ron"
git_ commit -q -a -m new

step "Whole processes: hyperfine"
# Both sides parse (--no-cache): the target compares the diff with loading
# both. The parsed cache (issue 21) then serves both sides alike: a second
# run re-opens them from a cache of its own, never the user's.
export XDG_CACHE_HOME=$OUT/diff-xdg
NC=--no-cache
hyperfine --warmup 1 --runs 10 --export-json "$OUT/hf-diff.json" \
    -n check_old "$BIN check $NC $OLD" \
    -n check_new "$BIN check $NC $NEW" \
    -n diff_md "$BIN diff $NC $OLD $NEW" \
    -n diff_json "$BIN diff $NC --format json $OLD $NEW" \
    -n diff_git "$BIN diff $NC HEAD~1:$REPO/chart.ron HEAD:$REPO/chart.ron" \
    -n diff_git_vs_file "$BIN diff $NC HEAD~1:$REPO/chart.ron $REPO/chart.ron"
hyperfine --warmup 1 --runs 10 --export-json "$OUT/hf-diff-cached.json" \
    -n check_old "$BIN check $OLD" \
    -n check_new "$BIN check $NEW" \
    -n diff_md "$BIN diff $OLD $NEW"
fig() { jq -r --arg n "$1" '.results[] | select(.command == $n) | .median' "${2:-$OUT/hf-diff.json}"; }
for n in check_old check_new diff_md diff_json diff_git diff_git_vs_file; do
    printf 'diff.hf.%s.100k\t%s\ts\thyperfine median\n' "$n" "$(fig $n)" >>"$RESULTS"
done

t() { awk -v s="$1" 'BEGIN { if (s >= 1) printf "%.2f s", s; else printf "%.0f ms", s * 1000 }'; }
r() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f×", a / b }'; }
v() { awk -v x="$1" 'BEGIN { print (x <= 1.2) ? "**met**" : "**missed**" }'; }
get() { awk -F'\t' -v k="$1" '$1 == k { v = $2 } END { print v }' "$RESULTS"; }

both_hf=$(awk -v a="$(fig check_old)" -v b="$(fig check_new)" 'BEGIN { print a + b }')
TABLE=$OUT/diff-table.md
{
    echo "| measure (100k claims, 1% edited: $(get diff.edits.100k) claims) | time | / loading both | target ≤ 1.2× |"
    echo "|---|---|---|---|"
    echo "| in process: load both, one after the other (\`load_paths\` ×2) | $(t "$(get diff.load_both.100k)") | 1.00× | – |"
    for k in diff_total:"\`linkchart diff\` in process: both loaded at once, indexed, compared, briefing written" \
        diff_total_sequential:"the same, the two loaded one after the other"; do
        x=$(get "diff.${k%%:*}.100k")
        q=$(awk -v a="$x" -v b="$(get diff.load_both.100k)" 'BEGIN { print a / b }')
        echo "| ${k#*:} | $(t "$x") | $(r "$x" "$(get diff.load_both.100k)") | $(v "$q") |"
    done
    echo "| of which: comparing the two dossiers (\`diff\`) | $(t "$(get diff.compare.100k)") | $(r "$(get diff.compare.100k)" "$(get diff.load_both.100k)") | – |"
    echo "| of which: the report and its Markdown | $(t "$(get diff.briefing.100k)") | $(r "$(get diff.briefing.100k)" "$(get diff.load_both.100k)") | – |"
    echo "| whole process, both parsed (\`--no-cache\`): \`linkchart check\` old + \`check\` new (hyperfine) | $(t "$both_hf") | 1.00× | – |"
    for n in diff_md:"\`linkchart diff OLD NEW\` (Markdown)" diff_json:"\`linkchart diff --format json OLD NEW\`" \
        diff_git:"\`linkchart diff HEAD~1:REPO/chart.ron HEAD:REPO/chart.ron\` (both read from git)" \
        diff_git_vs_file:"\`linkchart diff HEAD~1:REPO/chart.ron REPO/chart.ron\` (old from git)"; do
        x=$(fig "${n%%:*}")
        q=$(awk -v a="$x" -v b="$both_hf" 'BEGIN { print a / b }')
        echo "| ${n#*:} | $(t "$x") | $(r "$x" "$both_hf") | $(v "$q") |"
    done
    cached=$OUT/hf-diff-cached.json
    both_c=$(awk -v a="$(fig check_old "$cached")" -v b="$(fig check_new "$cached")" 'BEGIN { print a + b }')
    echo "| whole process, both re-opened from the parsed cache: \`check\` old + \`check\` new | $(t "$both_c") | 1.00× | – |"
    x=$(fig diff_md "$cached")
    q=$(awk -v a="$x" -v b="$both_c" 'BEGIN { print a / b }')
    echo "| \`linkchart diff OLD NEW\` (Markdown), both re-opened from the cache | $(t "$x") | $(r "$x" "$both_c") | $(v "$q") |"
} >"$TABLE"
cat "$TABLE"

if ((UPDATE_DOC)); then
    update_doc diff "$TABLE"
fi
