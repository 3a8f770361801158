# shellcheck shell=bash
# Sourced by the benches that run the explorer in tmux (bench-reload.sh,
# bench-capture.sh), from the crate's root, with NAME (the script's name,
# for messages) and RESULTS (its TSV's name) set. Sets TARGET, BIN, GEN,
# OUT, DATA and TSV (emptied); fails without tmux; builds the program and
# the generator when missing.
TARGET=${CARGO_TARGET_DIR:-$PWD/target}
BIN=$TARGET/release/linkchart
GEN=${LINKCHART_GEN:-$TARGET/release/examples/gen}
OUT=${LINKCHART_BENCH_OUT:-$TARGET/bench-results}
DATA=${LINKCHART_BENCH_DATA:-$TARGET/bench-data}
mkdir -p "$OUT" "$DATA"
TSV=$OUT/$RESULTS
: >"$TSV"
command -v tmux >/dev/null || {
    echo "$NAME: needs tmux (apt-get install tmux)" >&2
    exit 1
}
[[ -x $BIN && -x $GEN ]] || cargo build --release --bins --examples
