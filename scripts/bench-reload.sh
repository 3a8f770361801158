#!/usr/bin/env bash
# The edit loop's speed, measured from outside the program:
#
#   scripts/bench-reload.sh [RUNS]      # RUNS saves per case (default 30)
#
# The explorer runs in tmux (100x30) on a copy of a dossier, with
# LINKCHART_TRACE=FILE: it then logs, for every frame drawn after a key or a
# reload, `key|reload START_NS DRAWN_NS` (wall clock). The script saves the
# copy as vim and `sed -i` do (write a new file, rename it over), noting the
# time just before the rename, and takes "save → new frame" as DRAWN_NS of
# the reload's frame minus that time: the debounce, the read, the parse, the
# checks, indexing, keeping the place and drawing, all included.
#
# Cases: the bundled dossier (50 claims); the 100k-claim dossier of
# examples/gen in one file; and, when the program opens folders and the
# generator can split (`--split`), the same 100k claims as a folder of 50
# files with one relations file (about 2,000 claims) changed. Keys: `j`/`k`
# sent every 10 ms while the 100k chart reloads, against the same keys sent
# while idle; a key's latency is from its arrival to its frame.
#
# Prints medians and the 90th/99th percentiles (ms), and writes them as TSV
# to $LINKCHART_BENCH_OUT/reload.tsv. Needs tmux.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
RUNS=${1:-30}
NAME=bench-reload.sh RESULTS=reload.tsv
# shellcheck source=scripts/tmux-bench-env.sh
. scripts/tmux-bench-env.sh

WORK=$(mktemp -d)
SESSION=lc-reload-$$
cleanup() {
    tmux kill-session -t "$SESSION" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

now() { date +%s%N; }
# stats NAME < values (ns): prints and records median, p90, p99 in ms.
stats() {
    sort -n | awk -v name="$1" -v tsv="$TSV" '
        { v[NR] = $1 / 1e6 }
        END {
            if (NR == 0) { printf "%-44s no samples\n", name; exit }
            m = v[int((NR + 1) / 2)]; p90 = v[int(NR * 0.9 + 0.999)]; p99 = v[int(NR * 0.99 + 0.999)]
            printf "%-44s median %7.1f ms  p90 %7.1f ms  p99 %7.1f ms  (n=%d)\n", name, m, p90, p99, NR
            printf "%s\t%.1f\t%.1f\t%.1f\t%d\n", name, m, p90, p99, NR >> tsv
        }'
}

# start TRACE ARGS...: the explorer in tmux, once its first frame is drawn.
start() {
    local trace=$1
    shift
    : >"$trace"
    tmux kill-session -t "$SESSION" 2>/dev/null || true
    tmux new-session -d -s "$SESSION" -x 100 -y 30 \
        "LINKCHART_TRACE=$trace $BIN $(printf '%q ' "$@")"
    for _ in $(seq 1 600); do
        tmux capture-pane -p -t "$SESSION" 2>/dev/null | grep -q 'Actors' && return
        sleep 0.05
    done
    echo "bench-reload.sh: the explorer did not start on $*" >&2
    exit 1
}

# reloads TRACE: how many reload frames the trace holds.
reloads() { grep -c '^reload ' "$1" || true; }

# wait_reload TRACE N: waits until the trace holds more than N reload frames.
wait_reload() {
    for _ in $(seq 1 2000); do
        (($(reloads "$1") > $2)) && return
        sleep 0.002
    done
    echo "bench-reload.sh: no reload frame after a save" >&2
    exit 1
}

# saves FILE A B TRACE NAME: RUNS rename-saves of FILE, alternating between
# the contents of A and B, each timed to its frame.
saves() {
    local file=$1 a=$2 b=$3 trace=$4 name=$5 i n t0 src
    local lat=$WORK/lat
    : >"$lat"
    for ((i = 0; i < RUNS; i++)); do
        ((i % 2)) && src=$a || src=$b
        cp "$src" "$file.new"
        n=$(reloads "$trace")
        t0=$(now)
        mv "$file.new" "$file"
        wait_reload "$trace" "$n"
        drawn=$(grep '^reload ' "$trace" | tail -1 | cut -d' ' -f3)
        echo $((drawn - t0)) >>"$lat"
        sleep 0.15
    done
    stats "$name" <"$lat"
    # Of which: the reload thread's work, and the swap on the input thread.
    for what in work swap; do
        grep "^$what " "$trace" | tail -n "$RUNS" | awk '{ print $3 - $2 }' | stats "  $name: $what"
    done
}

# keys TRACE NAME [FILE A]: 100 keys, 10 ms apart; with FILE, each batch of
# ten is sent just after a save of FILE (so they land during its reload).
keys() {
    local trace=$1 name=$2 file=${3:-} a=${4:-} i from
    from=$(grep -c '^key ' "$trace" || true)
    for ((i = 0; i < 100; i++)); do
        if [[ -n $file ]] && ((i % 10 == 0)); then
            sleep 0.3
            cp "$a" "$file.new" && mv "$file.new" "$file"
            sleep 0.06 # past the debounce: the reload is under way
        fi
        ((i % 2)) && tmux send-keys -t "$SESSION" k || tmux send-keys -t "$SESSION" j
        sleep 0.01
    done
    sleep 1
    # Keys drawn while a reload was in flight (its first event before the
    # key, its frame after), or, for the idle case, all of them.
    awk -v from="$from" -v during="${file:+1}" '
        $1 == "reload" { rs[++nr] = $2; re[nr] = $3; next }
        $1 == "key" { k++; if (k <= from) next; ks[++nk] = $2; ke[nk] = $3 }
        END {
            for (i = 1; i <= nk; i++) {
                hit = 0
                for (j = 1; j <= nr; j++) if (ks[i] >= rs[j] && ks[i] <= re[j]) hit = 1
                if (!during || hit) print ke[i] - ks[i]
            }
        }' "$trace" | stats "$name"
}

echo "==> Save to new frame (rename saves, $RUNS each)"
# The bundled dossier: two versions differing in one claim.
cp data/tunisia-israel.ron "$WORK/a.ron"
sed 's/An earlier JaFaJ report, cited as reftel, holds/An earlier report holds/' \
    data/tunisia-israel.ron >"$WORK/b.ron"
cp "$WORK/a.ron" "$WORK/bundled.ron"
start "$WORK/t1" "$WORK/bundled.ron"
saves "$WORK/bundled.ron" "$WORK/a.ron" "$WORK/b.ron" "$WORK/t1" "save→frame, bundled (50 claims)"

# 100k claims in one file.
big=$DATA/reload-100k.ron
[[ -s $big ]] || "$GEN" --actors 10000 --relations 30000 --claims 100000 >"$big"
cp "$big" "$WORK/a100k.ron"
# One claim's text changed: the first `text: "` becomes `text: "EDITED `.
sed '0,/text: "/s//text: "EDITED /' "$big" >"$WORK/b100k.ron"
cp "$big" "$WORK/big.ron"
start "$WORK/t2" "$WORK/big.ron"
saves "$WORK/big.ron" "$WORK/a100k.ron" "$WORK/b100k.ron" "$WORK/t2" "save→frame, 100k claims in one file"

echo "==> Keys while the 100k chart reloads"
keys "$WORK/t2" "key→frame, idle (100k chart)"
keys "$WORK/t2" "key→frame, during a reload (100k chart)" "$WORK/big.ron" "$WORK/b100k.ron"

# 100k claims in 50 files, one of them changed.
if "$GEN" --help 2>&1 | grep -q -- '--split' && "$BIN" check --help 2>&1 | grep -q 'PATH\|FOLDER\|\.\.\.'; then
    dir=$WORK/chart50
    "$GEN" --actors 10000 --relations 30000 --claims 100000 --split 50 --out "$dir"
    if "$BIN" check "$dir" >/dev/null 2>&1; then
        one=$(find "$dir" -name '*.ron' | sort | sed -n 25p)
        cp "$one" "$WORK/f-a.ron"
        sed '0,/text: "/s//text: "EDITED /' "$one" >"$WORK/f-b.ron"
        echo "changed file: $(basename "$one"), $(grep -c 'text: "' "$one") claims"
        start "$WORK/t3" "$dir"
        saves "$one" "$WORK/f-a.ron" "$WORK/f-b.ron" "$WORK/t3" "save→frame, 100k claims in 50 files"
    else
        echo "save→frame, 100k claims in 50 files: not measured (this build cannot open the folder)"
    fi
else
    echo "save→frame, 100k claims in 50 files: not measured (no --split in the generator, or no folders in linkchart)"
fi
echo "(figures also in $TSV)"
