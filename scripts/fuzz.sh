#!/usr/bin/env bash
# Runs the fuzz targets under fuzz/ for a while each (issue 6):
#
#   scripts/fuzz.sh              # each target 60 s
#   scripts/fuzz.sh 600          # each target 10 minutes
#   scripts/fuzz.sh 300 load     # only the loader, 5 minutes
#   scripts/fuzz.sh --plain 60   # no libFuzzer: the plain harness (see below)
#
# Targets: `load` (bytes → load_str: the RON parser, sanitising, validation,
# and the explorer on whatever loads), `keys` (bytes → parse_keys, the
# notation of `render --keys`) and `capture` (bytes → capture's text edit,
# each kind of item). The corpus is seeded at every run from the
# repository's dossiers (data/*.ron, tests/data/**/*.ron) and a few key
# sequences; it grows in fuzz/corpus/<target>/ (ignored by git). A crash
# leaves its input in fuzz/artifacts/<target>/; replay it with
#   RUSTC_BOOTSTRAP=1 cargo fuzz run <target> fuzz/artifacts/<target>/crash-…
# (from fuzz/), or with the plain harness:
#   cargo run --release --manifest-path fuzz/Cargo.toml --no-default-features \
#       --bin <target> -- fuzz/artifacts/<target>/crash-…
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`, installed here when missing)
# and a C++ compiler. cargo-fuzz wants a nightly compiler; on a stable one
# this sets RUSTC_BOOTSTRAP=1, which lets stable take the -Z flags
# (sanitizer=address, coverage) that it passes. With --plain, nothing of
# that is needed: each target builds as an ordinary program that replays
# the corpus and then mutates it at random for the time given (slower and
# blind to coverage, but it runs anywhere).
set -euo pipefail

cd "$(dirname "$0")/.."
root=$PWD

plain=0
if [[ ${1:-} == --plain ]]; then
    plain=1
    shift
fi
secs=${1:-60}
shift || true
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
    targets=(load keys capture)
fi

seed_corpus() {
    mkdir -p fuzz/corpus/load fuzz/corpus/keys fuzz/corpus/capture
    find data tests/data -name '*.ron' -print0 |
        while IFS= read -r -d '' f; do
            cp "$f" "fuzz/corpus/load/seed-$(echo "$f" | tr '/' '_')"
            cp "$f" "fuzz/corpus/capture/seed-$(echo "$f" | tr '/' '_')"
        done
    local i=0
    for k in 'j j Enter /dubai<Enter> C-c <Esc>' 'Tab l j PageDown G g' \
        '/gov<Down><Enter>' 's<Space><Esc>' 'p US Enter d' 'v + + - Esc' \
        'C-A-x A-<Enter> <F12> F1 <C-->' '? j PageDown q' 'b B y i r c A K F'; do
        i=$((i + 1))
        printf '%s' "$k" >"fuzz/corpus/keys/seed-$i"
    done
}

seed_corpus

if [[ $plain == 1 ]]; then
    cargo build --release --manifest-path fuzz/Cargo.toml --no-default-features
    for t in "${targets[@]}"; do
        echo "== $t: plain harness, ${secs}s"
        "fuzz/target/release/$t" --seconds "$secs" --seed "$RANDOM" "fuzz/corpus/$t"
    done
    exit 0
fi

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi
if ! rustc --version | grep -q nightly; then
    export RUSTC_BOOTSTRAP=1
fi

cd fuzz
for t in "${targets[@]}"; do
    echo "== $t: libFuzzer, ${secs}s"
    extra=()
    if [[ $t == load || $t == capture ]]; then
        extra=(-dict="$root/fuzz/ron.dict" -max_len=65536)
    else
        extra=(-max_len=256)
    fi
    # -timeout: an input taking over 10 s is reported as a hang;
    # -rss_limit_mb: one over 4 GiB as a leak or a blow-up.
    cargo fuzz run --release "$t" "corpus/$t" -- \
        -max_total_time="$secs" -timeout=10 -rss_limit_mb=4096 \
        -print_final_stats=1 "${extra[@]}"
done
