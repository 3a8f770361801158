#!/usr/bin/env bash
# Capture's speed, measured from outside the program:
#
#   scripts/bench-capture.sh [RUNS]     # RUNS captures per case (default 10)
#
# The issue's yardstick: an analyst records "X met Y, per source S, B2" in
# ten seconds. The explorer runs in tmux (100x30, a tmux server of its own,
# session `capture`) on a copy of a chart, with LINKCHART_TRACE=FILE, which logs
# for every frame drawn after a key, a reload or a save's outcome
# `key|reload|saved START_NS DRAWN_NS` (a save's START is its Ctrl-s).
# Each run records that claim as an analyst would: `a` on the
# relation, the text typed a key at a time, Tab, the source's id typed,
# Enter, Tab, `2`, Ctrl-s; then `u` takes it back (the file is checked to be
# byte for byte as before, so every run starts from the same file).
#
# Measured, per case:
# - key -> frame in the form (every key of the run but Ctrl-s);
# - Ctrl-s -> frame: the frame that says "saving…" (the save runs on a
#   thread of its own);
# - Ctrl-s -> saved: the save itself, to the frame with its outcome (read
#   the file again, insert, check that it loads back as the old contents
#   plus the claim, write a temporary file, fsync, rename);
# - Ctrl-s -> the reload's frame with the new claim selected: the save, the
#   watcher's debounce, the reload, the selection;
# - the program's share of the ten seconds: the sum of all of the above for
#   one run (the rest is the analyst's typing), and the keys it took;
# - u -> frame (the undo's write) and u -> the reload's frame.
#
# Cases: the test chart (tests/data/chart, 4 files, 6 claims); the
# 100k-claim dossier of examples/gen in one file (49 MB); the same as a
# folder of 50 files (gen --split 50).
#
# Prints medians and the 90th percentiles (ms), and writes them as TSV to
# $LINKCHART_BENCH_OUT/capture.tsv. Needs tmux.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
RUNS=${1:-10}
NAME=bench-capture.sh RESULTS=capture.tsv
# shellcheck source=scripts/tmux-bench-env.sh
. scripts/tmux-bench-env.sh

WORK=$(mktemp -d)
T=(tmux -L "lc-capture-$$" -f /dev/null)
SESSION=capture-bench
cleanup() {
    "${T[@]}" kill-server 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

# The claim: "X met Y, per source S, B2" (B is the source's reliability).
TEXT='Officials of both sides met in Tunis on 3 May to discuss border security.'

# stats NAME < values (ns): prints and records median and p90 in ms.
stats() {
    sort -n | awk -v name="$1" -v tsv="$TSV" '
        { v[NR] = $1 / 1e6 }
        END {
            if (NR == 0) { printf "%-52s no samples\n", name; exit }
            m = v[int((NR + 1) / 2)]; p90 = v[int(NR * 0.9 + 0.999)]
            printf "%-52s median %8.1f ms  p90 %8.1f ms  (n=%d)\n", name, m, p90, NR
            printf "%s\t%.1f\t%.1f\t%d\n", name, m, p90, NR >> tsv
        }'
}

screen() { "${T[@]}" capture-pane -p -t "$SESSION" 2>/dev/null; }

# wait_screen TEXT: until the screen shows TEXT (60 s at most).
wait_screen() {
    for _ in $(seq 1 3000); do
        screen | grep -qF -- "$1" && return
        sleep 0.02
    done
    echo "bench-capture.sh: the screen never showed \`$1\`:" >&2
    screen >&2
    exit 1
}

# count KIND TRACE: how many KIND lines (key, reload) the trace holds.
count() { grep -c "^$1 " "$2" || true; }

# wait_count KIND TRACE N: until the trace holds more than N KIND lines.
wait_count() {
    for _ in $(seq 1 6000); do
        (($(count "$1" "$2") > $3)) && return
        sleep 0.01
    done
    echo "bench-capture.sh: no $1 frame" >&2
    exit 1
}

# line KIND TRACE N: the Nth KIND line's START and DRAWN.
line() { grep "^$1 " "$2" | sed -n "${3}p" | cut -d' ' -f2,3; }

# start TRACE PATH: the explorer in tmux, once its first frame is drawn.
start() {
    : >"$1"
    "${T[@]}" kill-server 2>/dev/null || true
    "${T[@]}" new-session -d -s "$SESSION" -x 100 -y 30 \
        "LINKCHART_TRACE=$1 NO_COLOR=1 XDG_CONFIG_HOME=/nonexistent $BIN $(printf '%q' "$2")"
    wait_screen 'Actors'
}

key() { "${T[@]}" send-keys -t "$SESSION" "$@"; }

# type TEXT: one key at a time, as typed (20 ms apart).
type_slowly() {
    local s=$1 i
    for ((i = 0; i < ${#s}; i++)); do
        key -l -- "${s:i:1}"
        sleep 0.02
    done
}

# captures NAME PATH SOURCE: RUNS captures of the claim on the first
# actor's first relation, citing SOURCE, each undone; PATH (a file or a
# folder) is checked byte for byte after each save (one file changed) and
# after each undo (all as before).
captures() {
    local name=$1 path=$2 src=$3 trace=$WORK/trace-$RANDOM i k0 ks r0 v0 s e d
    local form=$WORK/form save=$WORK/save saved=$WORK/saved shown=$WORK/shown total=$WORK/total
    local undo=$WORK/undo unshown=$WORK/unshown
    : >"$saved"
    : >"$form"; : >"$save"; : >"$shown"; : >"$total"; : >"$undo"; : >"$unshown"
    rm -rf "$WORK/before"
    cp -r "$path" "$WORK/before"
    start "$trace" "$path"
    key l
    wait_screen 'Relations of'
    sleep 0.3
    for ((i = 0; i < RUNS; i++)); do
        k0=$(count key "$trace")
        key a
        wait_screen 'Add a claim'
        type_slowly "$TEXT"
        key Tab
        type_slowly "$src"
        wait_screen "› $src"
        key Enter
        sleep 0.02
        key Tab
        sleep 0.02
        key -l 2
        sleep 0.3
        ks=$(count key "$trace")
        r0=$(count reload "$trace")
        v0=$(count saved "$trace")
        # Ctrl-s, timed to its frame, its outcome's and the reload's.
        key C-s
        wait_count key "$trace" "$ks"
        wait_count saved "$trace" "$v0"
        wait_count reload "$trace" "$r0"
        wait_screen '+1 claim'
        read -r s e < <(line key "$trace" $((ks + 1)))
        echo $((e - s)) >>"$save"
        read -r _ e < <(line saved "$trace" $((v0 + 1)))
        echo $((e - s)) >>"$saved"
        read -r _ _ d < <(grep '^reload ' "$trace" | tail -1)
        echo $((d - s)) >>"$shown"
        changed=$(diff -r -q "$path" "$WORK/before" | wc -l || true)
        ((changed == 1)) || {
            echo "bench-capture.sh: the save changed $changed files, not one" >&2
            exit 1
        }
        # The keys of the form, each to its frame; their sum with the
        # capture's makes the program's share of the run.
        grep '^key ' "$trace" | sed -n "$((k0 + 1)),${ks}p" | awk '{ print $3 - $2 }' >>"$form"
        grep '^key ' "$trace" | sed -n "$((k0 + 1)),${ks}p" |
            awk -v cap=$((d - s)) '{ t += $3 - $2 } END { print t + cap }' >>"$total"
        # u, to its frame and the reload's; the file as it was.
        sleep 0.3
        ks=$(count key "$trace")
        r0=$(count reload "$trace")
        key u
        wait_count key "$trace" "$ks"
        wait_count reload "$trace" "$r0"
        read -r s e < <(line key "$trace" $((ks + 1)))
        echo $((e - s)) >>"$undo"
        read -r _ _ d < <(grep '^reload ' "$trace" | tail -1)
        echo $((d - s)) >>"$unshown"
        diff -r -q "$path" "$WORK/before" >/dev/null || {
            echo "bench-capture.sh: $path is not as before the capture after u" >&2
            exit 1
        }
        sleep 0.3
    done
    "${T[@]}" kill-server 2>/dev/null || true
    # a, the text, Tab, the source, Enter, Tab, 2, Ctrl-s.
    echo "-- $name: $((${#TEXT} + ${#src} + 6)) keys a run; load average $(cut -d' ' -f1-3 /proc/loadavg)"
    stats "key→frame in the form, $name" <"$form"
    stats "Ctrl-s→frame (saving…), $name" <"$save"
    stats "Ctrl-s→saved (the save, on its thread), $name" <"$saved"
    stats "Ctrl-s→claim shown (save + reload), $name" <"$shown"
    stats "the program's share of a run, $name" <"$total"
    stats "u→frame, $name" <"$undo"
    stats "u→reload shown, $name" <"$unshown"
}

echo "==> Capture: \"X met Y, per source S, B2\", $RUNS runs a case"
cp -r tests/data/chart "$WORK/chart"
captures "test chart (4 files, 6 claims)" "$WORK/chart" ledger-il

big=$DATA/reload-100k.ron
[[ -s $big ]] || "$GEN" --actors 10000 --relations 30000 --claims 100000 >"$big"
cp "$big" "$WORK/big.ron"
captures "100k claims in one file" "$WORK/big.ron" S0000

dir=$WORK/chart50
"$GEN" --actors 10000 --relations 30000 --claims 100000 --split 50 --out "$dir"
captures "100k claims in 50 files" "$dir" S0000
echo "(figures also in $TSV)"
