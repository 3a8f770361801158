#!/usr/bin/env bash
# The analysis measures at 100k claims, beside igraph, in one run:
#
#   scripts/bench-analysis.sh                # print the table
#   scripts/bench-analysis.sh --update-doc   # …and rewrite it in BENCHMARKS.md
#   LINKCHART_BENCH_REPEAT=5 scripts/bench-analysis.sh
#
# Steps: build (release) the binary and examples/measures.rs; generate the
# 100k-claim dossier with examples/gen.rs as scripts/bench.sh does (kept in
# target/bench-data); time every measure on it with examples/measures.rs on
# 2 threads (medians of 31 runs of the quick ones), with rustworkx-core's
# betweenness and closeness beside them, writing the measure graph as an
# edge list and its scores; check igraph's values against those and run
# networkx's louvain_communities with seeds 0-4 for the modularity; then
# betweenness by turns, LINKCHART_BENCH_REPEAT times (default 3): linkchart
# on 2 threads, igraph's betweenness() on one, each with its CPU time, so
# that both meet the same load on a shared machine; peak RSS of
# `linkchart rank` where the command exists. The table goes to
# target/bench-results/analysis.md and, with --update-doc, between the
# <!-- analysis:begin --> markers of BENCHMARKS.md.
#
# Needs: cargo, python3 with networkx and igraph in target/analysis-venv
# (.ci/run installs them), GNU time (/usr/bin/time).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
# shellcheck source=bench-doc.sh
source scripts/bench-doc.sh
bench_args "$@"

TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
DATA=${LINKCHART_BENCH_DATA:-$TARGET/bench-data}
OUT=${LINKCHART_BENCH_OUT:-$TARGET/bench-results}
REPEAT=${LINKCHART_BENCH_REPEAT:-3}
PY=${LINKCHART_NETWORKX_PYTHON:-$ROOT/target/analysis-venv/bin/python}
THREADS=2
mkdir -p "$DATA" "$OUT"

step() { printf '\n==> %s\n' "$*" >&2; }

if ! "$PY" -c 'import networkx, igraph' 2>/dev/null; then
    echo "bench-analysis.sh: networkx and igraph are missing from $PY; run .ci/run (it makes target/analysis-venv)" >&2
    exit 1
fi

step "Building (release)"
cargo build --release --bin linkchart --example measures --example gen 2>&1 | grep -v '^\s*Compiling' >&2 || true

CHART=$DATA/100k.ron
if [[ ! -s $CHART ]]; then
    step "Generating $CHART"
    "$TARGET/release/examples/gen" --actors 10000 --relations 30000 --claims 100000 >"$CHART.tmp"
    mv "$CHART.tmp" "$CHART"
fi

step "linkchart's measures ($THREADS threads), rustworkx-core's"
"$TARGET/release/examples/measures" "$CHART" --threads "$THREADS" --repeat 1 --rustworkx \
    --edges "$OUT/analysis.edges" --scores "$OUT/analysis.scores" | tee "$OUT/analysis-linkchart.tsv" >&2

step "igraph and networkx on the same graph"
"$PY" scripts/bench-analysis.py "$OUT/analysis.edges" --scores "$OUT/analysis.scores" \
    --louvain-seeds 5 | tee "$OUT/analysis-reference.tsv" >&2

# Betweenness side by side: linkchart and igraph by turns, so that both
# meet the same load on a shared machine.
step "Betweenness by turns, $REPEAT times: linkchart on $THREADS threads, igraph on one"
: >"$OUT/analysis-turns.tsv"
for _ in $(seq "$REPEAT"); do
    "$TARGET/release/examples/measures" "$CHART" --paths-only --threads "$THREADS" --repeat 1 |
        tee -a "$OUT/analysis-turns.tsv" >&2
    "$PY" scripts/bench-analysis.py "$OUT/analysis.edges" --only-betweenness |
        tee -a "$OUT/analysis-turns.tsv" >&2
done

RSS=""
if "$TARGET/release/linkchart" help rank >/dev/null 2>&1; then
    step "Peak RSS: linkchart check, and linkchart rank --by betweenness"
    rss() { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1; }
    RSS="$(rss "$TARGET/release/linkchart" check "$CHART") $(rss "$TARGET/release/linkchart" rank --by betweenness --top 5 "$CHART")"
fi

VERSIONS=$("$PY" -c 'import networkx, igraph; print(f"networkx {networkx.__version__}, igraph {igraph.__version__}")')
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
COMMIT=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo "+changes")

python3 - "$OUT/analysis-linkchart.tsv" "$OUT/analysis-reference.tsv" "$OUT/analysis-turns.tsv" "$THREADS" "$REPEAT" "$VERSIONS" "$LOAD" "$COMMIT" "$RSS" >"$OUT/analysis.md" <<'EOF'
import statistics
import sys

ours_path, ref_path, turns_path, threads, repeat, versions, load, commit, rss = sys.argv[1:10]
turns = {}
for line in open(turns_path):
    f = line.rstrip("\n").split("\t")
    turns.setdefault(f[0], []).append((float(f[1]), float(f[4])))
ours, cpu, memory, info = {}, {}, {}, {}
for line in open(ours_path):
    f = line.rstrip("\n").split("\t")
    if f[0] == "memory":
        memory[f[1]] = int(f[2])
    elif f[0] == "modularity" or not f[1][0].isdigit():
        info[f[0]] = f[1:]
    else:
        ours[f[0]] = float(f[1])
        cpu[f[0]] = float(f[4])
ref, louvain = {}, []
for line in open(ref_path):
    f = line.rstrip("\n").split("\t")
    if f[0] == "nx-louvain":
        louvain.append(float(f[2]))
    elif f[0].startswith("max |"):
        info["agree"] = f[1:]
    else:
        ref[f[0]] = float(f[1])
        cpu[f[0]] = float(f[4])

def ms(x):
    return f"{x / 1000:.2f} s" if x >= 1000 else f"{x:.2f} ms" if x >= 0.1 else f"{x * 1000:.0f} µs"

def kib(b):
    return f"{b / 1024:.0f} KiB" if b < 1 << 20 else f"{b / (1 << 20):.1f} MiB"

ig_key, bt_key = "igraph betweenness (1 thread)", f"betweenness+closeness ({threads} threads)"
ig = statistics.median(t for t, _ in turns[ig_key])
bt = statistics.median(t for t, _ in turns[bt_key])
ig_cpu = statistics.median(c for _, c in turns[ig_key])
bt_cpu = statistics.median(c for _, c in turns[bt_key])
rx = ours.get(f"rustworkx-core betweenness ({threads} threads)")
nodes, edges = info["graph"][0].split()[1], info["graph"][1].split()[1]
print(f"Commit {commit}; load average at the end {load}; {versions}. Graph: {nodes} actors, {edges} edges (100k claims).")
print()
print("| step | wall (median) | CPU | target |")
print("|---|---|---|---|")
print(f"| betweenness and closeness, linkchart, {threads} threads (median of {repeat}, by turns with igraph) | {ms(bt)} | {ms(bt_cpu)} | ≤ 0.6× igraph: **{bt / ig:.2f}×** {'met' if bt <= 0.6 * ig else 'missed'} |")
print(f"| betweenness, igraph `betweenness()`, 1 thread (median of {repeat}) | {ms(ig)} | {ms(ig_cpu)} | |")
if rx is not None:
    print(f"| betweenness, rustworkx-core 0.18, {threads} threads (1 run) | {ms(rx)} | {ms(cpu[f'rustworkx-core betweenness ({threads} threads)'])} | {rx / ig:.2f}× igraph |")
    rc = f"rustworkx-core closeness ({threads} threads)"
    print(f"| closeness, rustworkx-core 0.18, {threads} threads (1 run) | {ms(ours[rc])} | {ms(cpu[rc])} | |")
print(f"| closeness, igraph `closeness()`, 1 thread (1 run) | {ms(ref['igraph closeness (1 thread)'])} | {ms(cpu['igraph closeness (1 thread)'])} | |")
for step, target in [
    ("degree", "≤ 5 ms"),
    ("pagerank", "≤ 5 ms"),
    ("counts (with corroboration)", "≤ 5 ms"),
    ("min-sources 1 -> 2 (incremental)", ""),
    ("eigenvector", ""),
    ("graph", ""),
    ("groups (louvain)", ""),
]:
    label = {"counts (with corroboration)": "corroboration: every count of the filter, origins included (`Counts::compute`)",
             "min-sources 1 -> 2 (incremental)": "min-sources set to 2 and back (`Counts::update`, twice)",
             "graph": "the measure graph from the counts",
             "eigenvector": "eigenvector (rustworkx-core, graph conversion included)",
             "groups (louvain)": "groups: Louvain, 8 orders (median of 3)"}.get(step, step)
    met = "" if not target else (" met" if ours[step] <= 5 else " **missed**")
    print(f"| {label} | {ms(ours[step])} | | {target}{met} |")
print()
q = float(info["modularity"][0])
print(f"Groups: modularity {q:.4f} ({info['modularity'][1]} groups); networkx `louvain_communities`, seeds 0–4: "
      + ", ".join(f"{x:.4f}" for x in louvain) + f" (best {max(louvain):.4f}).")
if "agree" in info:
    print(f"Largest difference from igraph's values: {info['agree'][0]}, {info['agree'][1]}.")
print()
print("Memory the measures take (computed from the structures' sizes):")
print()
print(f"- the measure graph: {kib(memory['graph'])}; the five scores: {kib(memory['scores'])};")
print(f"- while betweenness and closeness run on {threads} threads: {kib(memory[f'searches ({threads} threads)'])} "
      "(each thread's search arrays, and 32 partial sums of betweenness);")
print(f"- corroboration: {kib(memory['corroboration counts'])} (one count per relation).")
if rss.strip():
    check, rank = rss.split()
    print(f"- peak RSS: `linkchart check` {int(check) / 1024:.0f} MiB, `linkchart rank --by betweenness` {int(rank) / 1024:.0f} MiB.")
EOF

cat "$OUT/analysis.md"

if ((UPDATE_DOC)); then
    update_doc analysis "$OUT/analysis.md"
fi
