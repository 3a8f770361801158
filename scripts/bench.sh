#!/usr/bin/env bash
# Reproduces every figure of BENCHMARKS.md, in one command:
#
#   scripts/bench.sh                 # everything (about 10 minutes on 2 cores)
#   scripts/bench.sh --update-doc    # …and rewrite the table in BENCHMARKS.md
#   scripts/bench.sh --no-profile    # skip the callgrind profiles
#   scripts/bench.sh --charts-only   # only the chart cases below (about 3 minutes)
#   LINKCHART_BENCH_SIZES=10k,100k scripts/bench.sh   # fewer sizes
#
# Steps: build (release); generate the 10k/100k/1M-claim dossiers with
# examples/gen.rs (kept in target/bench-data, regenerated when the generator
# changes; the load bench writes each as the format's JSON, the floor, with
# `export::json`: `linkchart export` adds effective dates); run the
# criterion benches (benches/load.rs, benches/interact.rs); whole-process
# comparisons with hyperfine (check/render vs `jq empty`, find vs
# `fzf --filter`); peak RSS with /usr/bin/time -v; callgrind profiles of the
# slow paths; then the table, printed and written to
# target/bench-results/table.md. Medians throughout; the machine may be
# shared and noisy, so figures move by some percent from run to run.
#
# Chart cases (issue 10), with 100k among the sizes: the 100k dossier, the
# same with 118 actors in no relation (118 warnings, w100k.ron), and the same
# chart as a folder of 50 files (f100k/): `check`'s load against ron's typed
# parse and serde_json in process, whole-process `check`, peak RSS. Their
# table goes to target/bench-results/charts.md and between the
# <!-- charts:begin --> markers of BENCHMARKS.md.
#
# Needs: cargo, hyperfine, jq, fzf, GNU time (/usr/bin/time), valgrind (for
# profiles). Missing ones are installed with apt-get when run as root.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD

UPDATE_DOC=0
PROFILE=1
CHARTS_ONLY=0
for arg in "$@"; do
    case $arg in
    --update-doc) UPDATE_DOC=1 ;;
    --no-profile) PROFILE=0 ;;
    --charts-only) CHARTS_ONLY=1 PROFILE=0 ;;
    -h | --help)
        sed -n '2,30p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    *)
        echo "bench.sh: unknown argument \`$arg\` (try --help)" >&2
        exit 2
        ;;
    esac
done

TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
# The parsed cache of the runs below: here, not in the user's.
export XDG_CACHE_HOME=$TARGET/bench-results/xdg-cache
export LINKCHART_BENCH_DATA=${LINKCHART_BENCH_DATA:-$TARGET/bench-data}
export LINKCHART_BENCH_OUT=${LINKCHART_BENCH_OUT:-$TARGET/bench-results}
export LINKCHART_BENCH_SIZES=${LINKCHART_BENCH_SIZES:-10k,100k,1m}
((CHARTS_ONLY)) && LINKCHART_BENCH_SIZES=100k
DATA=$LINKCHART_BENCH_DATA
OUT=$LINKCHART_BENCH_OUT
IFS=, read -r -a SIZES <<<"$LINKCHART_BENCH_SIZES"
BIN=$TARGET/release/linkchart
GEN=$TARGET/release/examples/gen
QUERIES=(government:government typo:govrenment)

step() { printf '\n==> %s\n' "$*"; }
has_size() { [[ ",$LINKCHART_BENCH_SIZES," == *",$1,"* ]]; }

gen_args() {
    case $1 in
    10k) echo "--actors 1000 --relations 3000 --claims 10000" ;;
    100k) echo "--actors 10000 --relations 30000 --claims 100000" ;;
    1m) echo "--actors 100000 --relations 300000 --claims 1000000" ;;
    *)
        echo "bench.sh: unknown size \`$1\` (10k, 100k, 1m)" >&2
        exit 2
        ;;
    esac
}
for s in "${SIZES[@]}"; do gen_args "$s" >/dev/null; done

# ------------------------------------------------------------------ tools --
step "Checking tools"
need=(hyperfine:hyperfine jq:jq fzf:fzf /usr/bin/time:time)
((PROFILE)) && need+=(valgrind:valgrind callgrind_annotate:valgrind)
missing=()
for pair in "${need[@]}"; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
done
if ! command -v cargo >/dev/null 2>&1; then
    echo "bench.sh: cargo not found; install Rust from https://rustup.rs" >&2
    exit 1
fi
if ((${#missing[@]})); then
    # Unique package names.
    mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
        echo "installing: ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        echo "bench.sh: missing tools; install the packages: ${missing[*]}" >&2
        echo "  e.g. sudo apt-get install -y ${missing[*]}" >&2
        echo "  (or run with --no-profile to do without valgrind)" >&2
        exit 1
    fi
fi
hyperfine --version
jq --version
echo "fzf $(fzf --version)"
rustc --version

# ------------------------------------------------------------------ build --
step "Building (release)"
cargo build --release --bins --examples
cargo bench --no-run 2>&1 | grep -v '^\s*Compiling' || true

# ------------------------------------------------------------------- data --
step "Generating dossiers into $DATA"
mkdir -p "$DATA" "$OUT"
stamp=$(cat examples/gen.rs src/dossier/model.rs src/export/mod.rs | sha256sum | cut -c1-16)
for s in "${SIZES[@]}"; do
    ron=$DATA/d$s.ron json=$DATA/d$s.json
    if [[ -s $ron && "$(cat "$DATA/d$s.stamp" 2>/dev/null)" == "$stamp" ]]; then
        echo "d$s: up to date"
        continue
    fi
    # shellcheck disable=SC2046 # word splitting of the arguments is meant
    "$GEN" $(gen_args "$s") >"$ron.tmp" && mv "$ron.tmp" "$ron"
    # The load bench writes the JSON again from this dossier (benches/support).
    rm -f "$json"
    echo "$stamp" >"$DATA/d$s.stamp"
    echo "d$s: $(du -h "$ron" | cut -f1) RON"
done
# The chart cases: the same arguments as benches/support (UNRELATED, FILES).
if has_size 100k; then
    if [[ -s $DATA/w100k.ron && -d $DATA/f100k && "$(cat "$DATA/charts.stamp" 2>/dev/null)" == "$stamp" ]]; then
        echo "w100k, f100k: up to date"
    else
        # shellcheck disable=SC2046 # word splitting of the arguments is meant
        "$GEN" $(gen_args 100k) --unrelated 118 >"$DATA/w100k.ron.tmp" && mv "$DATA/w100k.ron.tmp" "$DATA/w100k.ron"
        rm -rf "$DATA/f100k" "$DATA/f100k.tmp"
        # shellcheck disable=SC2046
        "$GEN" $(gen_args 100k) --split 50 --out "$DATA/f100k.tmp" && mv "$DATA/f100k.tmp" "$DATA/f100k"
        echo "$stamp" >"$DATA/charts.stamp"
        echo "w100k: $(du -h "$DATA/w100k.ron" | cut -f1) RON; f100k: $(ls "$DATA/f100k" | wc -l) files, $(du -sh "$DATA/f100k" | cut -f1)"
    fi
fi

# ---------------------------------------------------------------- results --
RESULTS=$OUT/results.tsv
rm -f "$RESULTS"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
put() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "${4:-}" >>"$RESULTS"; }

# --------------------------------------------------------------- criterion --
if ((CHARTS_ONLY)); then
    step "criterion: chart cases (benches/load.rs, charts)"
    LINKCHART_BENCH_CHARTS=only cargo bench --bench load 2>&1 | grep -v '^\s*Compiling'
else
step "criterion: load (benches/load.rs)"
cargo bench --bench load 2>&1 | grep -v '^\s*Compiling'
step "criterion: keystrokes and find (benches/interact.rs)"
cargo bench --bench interact 2>&1 | grep -v '^\s*Compiling'
fi

# --------------------------------------------------------------- hyperfine --
hf_median() { jq -r --arg n "$2" '.results[] | select(.command == $n) | .median' "$1"; }

# ----------------------------------------------------------- chart cases --
rss_kb() {
    /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }'
}
if has_size 100k; then
    cases=(-n clean "$BIN check --no-cache $DATA/d100k.ron" -n warnings "$BIN check --no-cache $DATA/w100k.ron")
    # The folder needs a linkchart that opens folders.
    FOLDER=0
    "$BIN" check --no-cache "$DATA/f100k" >/dev/null 2>&1 && FOLDER=1 && cases+=(-n folder "$BIN check --no-cache $DATA/f100k")
    step "hyperfine: check of one file, one with warnings$( ((FOLDER)) && echo ", 50 files"), 100k claims"
    # `check` exits 0 with warnings; -N runs without a shell.
    hyperfine -N --warmup 1 --runs 10 --export-json "$OUT/hf-charts.json" "${cases[@]}"
    for n in clean warnings folder; do
        ((FOLDER)) || [[ $n != folder ]] || continue
        put "charts.hf.$n.100k" "$(hf_median "$OUT/hf-charts.json" $n)" s "median of 10"
    done
    put charts.size.clean.100k "$(stat -c %s "$DATA/d100k.ron")" B
    put charts.size.warnings.100k "$(stat -c %s "$DATA/w100k.ron")" B
    put charts.size.folder.100k "$(du -sb "$DATA/f100k" | cut -f1)" B
    put charts.rss.clean.100k $(($(rss_kb "$BIN" check --no-cache "$DATA/d100k.ron") * 1024)) B
    put charts.rss.warnings.100k $(($(rss_kb "$BIN" check --no-cache "$DATA/w100k.ron") * 1024)) B
    ((FOLDER)) && put charts.rss.folder.100k $(($(rss_kb "$BIN" check --no-cache "$DATA/f100k") * 1024)) B
    # Issue 21 (the parsed cache, both cores): scripts/bench-cache.sh.
fi

if ((!CHARTS_ONLY)); then
step "hyperfine: first frame on the bundled dossier"
hyperfine -N --warmup 3 --runs 40 --export-json "$OUT/hf-bundled.json" \
    -n render_bundled "$BIN render --size 120x40" \
    -n version "$BIN --version"
put hf.render.bundled "$(hf_median "$OUT/hf-bundled.json" render_bundled)" s
put hf.version "$(hf_median "$OUT/hf-bundled.json" version)" s

for s in "${SIZES[@]}"; do
    ron=$DATA/d$s.ron json=$DATA/d$s.json
    case $s in 10k) runs=20 warm=2 ;; 100k) runs=10 warm=1 ;; *) runs=3 warm=0 ;; esac
    step "hyperfine: check / render / jq empty, $s claims"
    hyperfine -N --warmup $warm --runs $runs --export-json "$OUT/hf-load-$s.json" \
        -n check "$BIN check --no-cache $ron" \
        -n render "$BIN render --no-cache --size 120x40 $ron" \
        -n jq "jq empty $json"
    for n in check render jq; do
        put "hf.$n.$s" "$(hf_median "$OUT/hf-load-$s.json" $n)" s "median of $runs"
    done
    put "file.ron.$s" "$(stat -c %s "$ron")" B
    put "file.json.$s" "$(stat -c %s "$json")" B

    lines=$DATA/candidates-$s.txt
    if [[ -s $lines ]]; then
        step "hyperfine: fzf --filter on the $(wc -l <"$lines") candidate lines, $s claims"
        for q in "${QUERIES[@]}"; do
            label=${q%%:*} query=${q#*:}
            # fzf reads its input from a file: a shell is needed for `<`.
            hyperfine --warmup $warm --runs $((runs < 5 ? 5 : runs)) \
                --export-json "$OUT/hf-fzf-$label-$s.json" \
                -n fzf "fzf --filter $query < $lines > /dev/null"
            put "hf.fzf.$label.$s" "$(hf_median "$OUT/hf-fzf-$label-$s.json" fzf)" s
            put "fzf.hits.$label.$s" "$(fzf --filter "$query" <"$lines" | wc -l)" n
        done
    fi
done

# --------------------------------------------------------------------- RSS --
step "Peak RSS (/usr/bin/time -v)"
rb=$(rss_kb "$BIN" render --size 120x40)
put rss.render.bundled $((rb * 1024)) B
for s in "${SIZES[@]}"; do
    ron=$DATA/d$s.ron json=$DATA/d$s.json
    c=$(rss_kb "$BIN" check --no-cache "$ron")
    r=$(rss_kb "$BIN" render --no-cache --size 120x40 "$ron")
    j=$(rss_kb jq empty "$json")
    put "rss.check.$s" $((c * 1024)) B
    put "rss.render.$s" $((r * 1024)) B
    put "rss.jq.$s" $((j * 1024)) B
    echo "$s: file $(stat -c %s "$ron") B; check ${c} KiB, render ${r} KiB, jq ${j} KiB"
done

# ------------------------------------------------------- CPU time (perf) --
# CPU time (task-clock) and page faults of whole processes: software events,
# which work where hardware counters do not (as in many VMs); CPU time is
# what a busy neighbour on a shared machine disturbs least.
if command -v perf >/dev/null 2>&1 && perf stat -e task-clock true >/dev/null 2>&1; then
    step "CPU time and page faults (perf stat, median of 3)"
    perf_fig() { # event, command…: median over 3 runs
        local ev=$1
        shift
        for _ in 1 2 3; do
            perf stat -x, -e "$ev" -- "$@" 2>&1 >/dev/null | awk -F, -v e="$ev" '$3 == e { print $1 }'
        done | sort -g | sed -n 2p
    }
    for s in "${SIZES[@]}"; do
        for cmd in check render; do
            args=("$cmd" --no-cache "$DATA/d$s.ron")
            [[ $cmd == render ]] && args=(render --no-cache --size 120x40 "$DATA/d$s.ron")
            ms=$(perf_fig task-clock "$BIN" "${args[@]}")
            pf=$(perf_fig page-faults "$BIN" "${args[@]}")
            put "cpu.$cmd.$s" "$(awk -v m="$ms" 'BEGIN { print m / 1000 }')" s "perf task-clock"
            put "faults.$cmd.$s" "$pf" n
            echo "$cmd $s: ${ms} ms CPU, $pf page faults"
        done
    done
else
    echo "(perf stat unavailable: no CPU-time figures)"
fi

# --------------------------------------------------------------- edit loop --
# Save → new frame and keys during a reload, from outside (tmux); figures in
# $OUT/reload.tsv, quoted in BENCHMARKS.md's "Edit loop" section.
step "Edit loop: save → new frame (scripts/bench-reload.sh)"
scripts/bench-reload.sh 30 || echo "(bench-reload.sh failed: no edit-loop figures)"

# ----------------------------------------------------------------- capture --
# A claim recorded from the explorer's form, key by key, saved and undone,
# from outside (tmux); figures in $OUT/capture.tsv, quoted in BENCHMARKS.md's
# "Capture" section.
step "Capture: a claim typed, saved and undone (scripts/bench-capture.sh)"
scripts/bench-capture.sh 10 || echo "(bench-capture.sh failed: no capture figures)"

# ---------------------------------------------------------------- profiles --
if ((PROFILE)); then
    exe() {
        cargo bench --no-run --message-format=json --bench "$1" 2>/dev/null |
            jq -r --arg t "$1" 'select(.reason == "compiler-artifact" and .target.name == $t and .executable != null) | .executable' |
            tail -1
    }
    LOAD_EXE=$(exe load)
    INTERACT_EXE=$(exe interact)
    # bench:scenario:size. Scenarios in benches/*.rs (`profile`): only the
    # `profiled_*` function is collected.
    for p in load:load:100k load:json:100k interact:find:10k interact:space:100k; do
        IFS=: read -r bench scenario size <<<"$p"
        has_size "$size" || size=${SIZES[0]}
        [[ $bench == load ]] && e=$LOAD_EXE || e=$INTERACT_EXE
        f=$OUT/callgrind.$scenario.$size.out
        step "callgrind: $scenario, $size claims"
        LINKCHART_BENCH_PROFILE=$scenario LINKCHART_BENCH_SIZES=$size \
            valgrind --tool=callgrind --callgrind-out-file="$f" \
            --collect-atstart=no --toggle-collect='*profiled_*' "$e" 2>&1 | tail -1
        callgrind_annotate --inclusive=no "$f" 2>/dev/null | sed -n '1,60p' >"$OUT/profile.$scenario.$size.self.txt"
        callgrind_annotate --inclusive=yes "$f" 2>/dev/null | sed -n '1,60p' >"$OUT/profile.$scenario.$size.incl.txt"
        grep -m1 -E '^ *[0-9,]+ \(100' "$OUT/profile.$scenario.$size.self.txt" || true
        grep -E '^ *[0-9,]+ \( *[0-9.]+%\)' "$OUT/profile.$scenario.$size.self.txt" | sed -n '2,9p' |
            sed -E 's/\[[^]]*\]//; s/::h[0-9a-f]{16}//g' | cut -c1-150
    done
    # Where the peak RSS goes: massif's peak snapshot, top-level allocation sites.
    msize=100k
    has_size $msize || msize=${SIZES[0]}
    f=$OUT/massif.render.$msize.out
    step "massif: render, $msize claims"
    valgrind --tool=massif --massif-out-file="$f" "$BIN" render --size 120x40 "$DATA/d$msize.ron" 2>&1 >/dev/null | tail -1
    ms_print --threshold=2 "$f" >"$OUT/profile.massif.render.$msize.txt"
    peak=$(grep -o '[0-9]* (peak)' "$OUT/profile.massif.render.$msize.txt" | cut -d' ' -f1)
    awk -v p="$peak" '
        $1 == p && $2 ~ /^[0-9,]+$/ { f = 1; print; next }
        f && /^ *[0-9]+ +[0-9,]+ +[0-9,]+/ { exit }
        f && (/^->/ || /heap allocation functions/) { print }' \
        "$OUT/profile.massif.render.$msize.txt" | cut -c1-160 | tee "$OUT/profile.massif.render.$msize.peak.txt"
fi
fi # not --charts-only

# ------------------------------------------------------------------- table --
step "Table"
fig() { awk -F'\t' -v k="$1" '$1 == k { v = $2 } END { if (v != "") print v }' "$RESULTS"; }
# A duration in seconds, for people.
t() {
    [[ -z ${1:-} ]] && {
        echo "–"
        return
    }
    awk -v s="$1" 'BEGIN {
        if (s >= 1) printf "%.2f s", s; else if (s >= 0.001) printf "%.2f ms", s * 1e3; else printf "%.0f µs", s * 1e6 }'
}
mb() { [[ -z ${1:-} ]] && echo "–" || awk -v b="$1" 'BEGIN { if (b >= 1e7) printf "%.0f MB", b / 1e6; else if (b >= 1e6) printf "%.1f MB", b / 1e6; else printf "%.0f kB", b / 1e3 }'; }
ratio() { [[ -z ${1:-} || -z ${2:-} ]] && echo "–" || awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f×", a / b; else print "–" }'; }
# verdict VALUE LIMIT: met, or missed by VALUE/LIMIT.
verdict() {
    [[ -z ${1:-} || -z ${2:-} ]] && {
        echo "not run"
        return
    }
    awk -v v="$1" -v l="$2" 'BEGIN {
        if (v <= l) print "**met**"
        else if (v / l < 1.1) printf "**missed** by %.1f%%", (v / l - 1) * 100
        else if (v / l < 2) printf "**missed** by %.0f%%", (v / l - 1) * 100
        else printf "**missed**: %.1f× the target", v / l }'
}
mul() { [[ -z ${1:-} || -z ${2:-} ]] && echo "" || awk -v a="$1" -v b="$2" 'BEGIN { print a * b }'; }

# What was measured: LINKCHART_BENCH_REV names it when this is not a git
# checkout (e.g. a `git archive` of a commit).
revision() {
    if [[ -n ${LINKCHART_BENCH_REV:-} ]]; then
        echo "$LINKCHART_BENCH_REV"
    elif git rev-parse --short HEAD >/dev/null 2>&1; then
        printf 'commit %s' "$(git rev-parse --short HEAD)"
        git diff --quiet HEAD -- src 2>/dev/null || printf ' + uncommitted changes in src/'
    else
        echo "not a git checkout"
    fi
}

run_line() {
    echo "Run: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(rustc --version), $(revision). Load average (1/5/15 min) before the run: $LOAD_BEFORE; after: $(cut -d' ' -f1-3 /proc/loadavg)."
}

CHARTS=$OUT/charts.md
if has_size 100k; then
    {
        run_line
        echo
        echo "### A chart: one file, the same with warnings, the same as 50 files (100k claims)"
        echo
        echo "*Load in process* (criterion medians): what \`check\` does before it prints, from the text to the validated chart with every diagnostic placed, against ron's own typed parse of the same text (\`ron::Options::from_str\` into the same types) and the serde_json floor (the same dossier as JSON). *Whole process*: \`linkchart check\`, hyperfine median of 10. *Peak RSS*: \`/usr/bin/time -v linkchart check\`. The dossier with warnings has 118 actors in no relation (\`gen … --unrelated 118\`); the folder is the clean dossier split by \`gen … --split 50\`: a registry of reports, sources and actors, and 49 files of relations."
        echo
        echo "| case | load in process | ron typed parse, same text | load / ron parse | the same in CPU time: load | ron parse | load / ron parse | \`check\`, whole process | / one clean file | size | peak RSS | RSS / size |"
        echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
        for n in clean warnings folder; do
            case $n in
            clean) name="one file, clean" ;;
            warnings) name="one file, 118 warnings" ;;
            folder) name="50 files" ;;
            esac
            rp=$(fig charts.ron_parse_$n.100k) crp=$(fig charts.cpu.ron_parse_$n.100k)
            [[ $n == folder ]] && rp="" crp=""
            echo "| $name | $(t "$(fig charts.check_$n.100k)") | $(t "$rp") | $(ratio "$(fig charts.check_$n.100k)" "$rp") | $(t "$(fig charts.cpu.check_$n.100k)") | $(t "$crp") | $(ratio "$(fig charts.cpu.check_$n.100k)" "$crp") | $(t "$(fig charts.hf.$n.100k)") | $(ratio "$(fig charts.hf.$n.100k)" "$(fig charts.hf.clean.100k)") | $(mb "$(fig charts.size.$n.100k)") | $(mb "$(fig charts.rss.$n.100k)") | $(ratio "$(fig charts.rss.$n.100k)" "$(fig charts.size.$n.100k)") |"
        done
        echo "| anchor: serde_json floor (clean, as JSON) | $(t "$(fig charts.serde_json.100k)") | – | $(ratio "$(fig charts.serde_json.100k)" "$(fig charts.ron_parse_clean.100k)") of ron's parse | – | – | – | – | – | – | – | – |"
        echo
        echo "The 50 files against the one, in process from disk (\`load_paths\`, median of 5, wall time): files are read and parsed on every core, then merged and checked as a whole on one."
        echo
        echo "| case | read and parse | merge and check | total | total / one file |"
        echo "|---|---|---|---|---|"
        for n in file folder; do
            echo "| $([[ $n == file ]] && echo "one file" || echo "50 files") | $(t "$(fig charts.load_paths.read_parse.$n.100k)") | $(t "$(fig charts.load_paths.assemble.$n.100k)") | $(t "$(fig charts.load_paths.total.$n.100k)") | $(ratio "$(fig charts.load_paths.total.$n.100k)" "$(fig charts.load_paths.total.file.100k)") |"
        done
        echo
        echo "Placing diagnostics costs nothing when there are none, and at most one walk of the text otherwise. Its worst case, a problem in the last claim of the file (\`locate::find_many\` reads all of it): $(t "$(fig charts.find_many_whole_file.100k)"), $(ratio "$(fig charts.find_many_whole_file.100k)" "$(fig charts.ron_parse_clean.100k)") of ron's parse."
        echo
        echo "| target | figure | verdict |"
        echo "|---|---|---|"
        echo "| with warnings, load ≤ 1.3× ron's typed parse (wall) | $(ratio "$(fig charts.check_warnings.100k)" "$(fig charts.ron_parse_warnings.100k)") | $(verdict "$(fig charts.check_warnings.100k)" "$(mul "$(fig charts.ron_parse_warnings.100k)" 1.3)") |"
        echo "| … in CPU time | $(ratio "$(fig charts.cpu.check_warnings.100k)" "$(fig charts.cpu.ron_parse_warnings.100k)") | $(verdict "$(fig charts.cpu.check_warnings.100k)" "$(mul "$(fig charts.cpu.ron_parse_warnings.100k)" 1.3)") |"
        echo "| with warnings, peak RSS ≤ 2.5× the file | $(ratio "$(fig charts.rss.warnings.100k)" "$(fig charts.size.warnings.100k)") | $(verdict "$(fig charts.rss.warnings.100k)" "$(mul "$(fig charts.size.warnings.100k)" 2.5)") |"
        echo "| 50 files, \`check\` ≤ 0.75× the single file (2 cores, whole process) | $(ratio "$(fig charts.hf.folder.100k)" "$(fig charts.hf.clean.100k)") | $(verdict "$(fig charts.hf.folder.100k)" "$(mul "$(fig charts.hf.clean.100k)" 0.75)") |"
        echo "| … in process (\`load_paths\`) | $(ratio "$(fig charts.load_paths.total.folder.100k)" "$(fig charts.load_paths.total.file.100k)") | $(verdict "$(fig charts.load_paths.total.folder.100k)" "$(mul "$(fig charts.load_paths.total.file.100k)" 0.75)") |"
    } >"$CHARTS"
    cat "$CHARTS"
    echo
fi

TABLE=$OUT/table.md
if ((!CHARTS_ONLY)); then
{
    run_line
    echo
    echo "### Load, validate and index to a ready model (in process, criterion medians; 1M: median of 3)"
    echo
    echo "| claims | RON file | ready model (with find index) | serde_json floor (same dossier as JSON) | ratio (target ≤ 2×) | first-screen model (index deferred) | ratio |"
    echo "|---|---|---|---|---|---|---|"
    for s in "${SIZES[@]}"; do
        echo "| $s | $(mb "$(fig file.ron.$s)") | $(t "$(fig load.ready.$s)") | $(t "$(fig load.json_floor.$s)") | $(ratio "$(fig load.ready.$s)" "$(fig load.json_floor.$s)") | $(t "$(fig load.first_screen.$s)") | $(ratio "$(fig load.first_screen.$s)" "$(fig load.json_floor.$s)") |"
    done
    echo
    echo "Where the ready model's time goes (median of 3–10 runs of each stage):"
    echo
    echo "| claims | ron parse | + sanitise | validate | Chart::new | Model::new | Counts::compute (part of Model::new) | SearchIndex::new (lazy) |"
    echo "|---|---|---|---|---|---|---|---|"
    for s in "${SIZES[@]}"; do
        rp=$(fig load.stage.ron_parse.$s) ps=$(fig load.stage.parse_sanitise.$s)
        san=$([[ -n $rp && -n $ps ]] && awk -v a="$ps" -v b="$rp" 'BEGIN { print a - b }')
        echo "| $s | $(t "$rp") | $(t "$san") | $(t "$(fig load.stage.validate.$s)") | $(t "$(fig load.stage.chart.$s)") | $(t "$(fig load.stage.model_new.$s)") | $(t "$(fig load.stage.counts.$s)") | $(t "$(fig load.stage.search_index.$s)") |"
    done
    echo
    echo "### Whole process (hyperfine medians)"
    echo
    echo "| claims | \`linkchart check\` | \`linkchart render --size 120x40\` (load to first frame) | \`jq empty\` on the JSON | check / jq | render / jq | CPU time: check | render |"
    echo "|---|---|---|---|---|---|---|---|"
    for s in "${SIZES[@]}"; do
        echo "| $s | $(t "$(fig hf.check.$s)") | $(t "$(fig hf.render.$s)") | $(t "$(fig hf.jq.$s)") | $(ratio "$(fig hf.check.$s)" "$(fig hf.jq.$s)") | $(ratio "$(fig hf.render.$s)" "$(fig hf.jq.$s)") | $(t "$(fig cpu.check.$s)") | $(t "$(fig cpu.render.$s)") |"
    done
    echo
    echo "CPU time: \`perf stat -e task-clock\`, median of 3 (the time the process ran, whatever else the machine was doing)."
    echo
    echo "| first frame, bundled dossier | \`linkchart render --size 120x40\` | anchor: \`linkchart --version\` (process start) | target |"
    echo "|---|---|---|---|"
    echo "| bundled | $(t "$(fig hf.render.bundled)") | $(t "$(fig hf.version)") | ≤ 20 ms: $(verdict "$(fig hf.render.bundled)" 0.020) |"
    echo
    echo "### One keystroke → updated model → rendered 120×40 frame (per-keystroke samples)"
    echo
    echo "Anchor: drawing the same frame with no key (\`render_buffer\` alone). *p99 on-CPU*: the 99th percentile of the thread's CPU time over the same samples (\`CLOCK_THREAD_CPUTIME_ID\`), which leaves out time spent waiting for a core; where wall p99 and on-CPU p99 differ, the tail is the shared machine, not the code."
    echo
    echo "| key | claims | p50 | p99 | p99 on-CPU | anchor: frame alone p50 | p99 | p50 / anchor |"
    echo "|---|---|---|---|---|---|---|---|"
    for k in frame key.j key.tab key.enter_follow key.s_open key.space_toggle key.esc_close \
        key.t_open_hub key.timeline_j key.timeline_pgdn; do
        for s in "${SIZES[@]}"; do
            case $k in
            frame) name="(no key: frame alone)" ;;
            key.j) name="\`j\` in the actor list" ;;
            key.tab) name="\`Tab\` to relations" ;;
            key.enter_follow) name="\`Enter\`: follow the relation" ;;
            key.s_open) name="\`s\`: open sources" ;;
            key.space_toggle) name="\`Space\`: toggle a source" ;;
            key.esc_close) name="\`Esc\`: close sources" ;;
            key.t_open_hub) name="\`t\`: timeline of the hub actor ($(fig timeline.hub_claims.$s) claims)" ;;
            key.timeline_j) name="\`j\` in the hub's timeline" ;;
            key.timeline_pgdn) name="\`PgDn\` in the hub's timeline" ;;
            esac
            echo "| $name | $s | $(t "$(fig $k.p50.$s)") | $(t "$(fig $k.p99.$s)") | $(t "$(fig $k.cpu_p99.$s)") | $(t "$(fig frame.p50.$s)") | $(t "$(fig frame.p99.$s)") | $(ratio "$(fig $k.p50.$s)" "$(fig frame.p50.$s)") |"
        done
    done
    echo
    echo "### Fuzzy find"
    echo
    echo "Answered at once (headless: no background searcher, so every keystroke scans every candidate): the query typed one character at a time into find (\`/\`), each keystroke to its rendered frame, and the search alone (\`SearchIndex::search\`) for the same prefixes."
    echo
    echo "| query | claims | candidates | keystroke → frame p50 | p99 | search alone p50 | p99 | hits (of 200 max) |"
    echo "|---|---|---|---|---|---|---|---|"
    for q in "${QUERIES[@]}"; do
        label=${q%%:*} query=${q#*:}
        for s in "${SIZES[@]}"; do
            echo "| \`$query\` | $s | $(fig find.candidates.$s) | $(t "$(fig find.key.$label.p50.$s)") | $(t "$(fig find.key.$label.p99.$s)") | $(t "$(fig find.search.$label.p50.$s)") | $(t "$(fig find.search.$label.p99.$s)") | $(fig find.hits.$label.$s) |"
        done
    done
    echo
    echo "Off the input path, as the terminal runs find (\`Model::search_in_background\`: a worker thread narrows a growing query to its prefix's matches and drops stale queries): *keystroke → frame* is the input path (the frame shows the previous results while the query runs); *results* is a keystroke to the frame showing its own results, typing one character at a time and waiting for each; *burst* is the whole query typed without waiting, then the last key to the frame with its results."
    echo
    echo "| query | claims | keystroke → frame p50 | p99 | results p50 | p99 | burst: last key → results p50 |"
    echo "|---|---|---|---|---|---|---|"
    for q in "${QUERIES[@]}"; do
        label=${q%%:*} query=${q#*:}
        for s in "${SIZES[@]}"; do
            echo "| \`$query\` | $s | $(t "$(fig find.async.key.$label.p50.$s)") | $(t "$(fig find.async.key.$label.p99.$s)") | $(t "$(fig find.async.results.$label.p50.$s)") | $(t "$(fig find.async.results.$label.p99.$s)") | $(t "$(fig find.async.burst.$label.p50.$s)") |"
        done
    done
    echo
    echo "One-shot: the whole query at once, in process (criterion median; 1M: median of 3), against \`fzf --filter QUERY < lines\` over the same candidate lines (hyperfine median, whole process: fzf uses every core)."
    echo
    echo "| query | claims | \`SearchIndex::search\` | \`fzf --filter\` | ratio | fzf lines matched |"
    echo "|---|---|---|---|---|---|"
    for q in "${QUERIES[@]}"; do
        label=${q%%:*} query=${q#*:}
        for s in "${SIZES[@]}"; do
            echo "| \`$query\` | $s | $(t "$(fig find.oneshot.$label.$s)") | $(t "$(fig hf.fzf.$label.$s)") | $(ratio "$(fig find.oneshot.$label.$s)" "$(fig hf.fzf.$label.$s)") | $(fig fzf.hits.$label.$s) |"
        done
    done
    echo
    echo "### Peak memory (maximum RSS, /usr/bin/time -v)"
    echo
    echo "| claims | RON file | \`check\` RSS | RSS / file | \`render\` RSS | RSS / file (target ≤ 2.5×) | (render RSS − bundled render RSS) / file | \`jq empty\` RSS (JSON) |"
    echo "|---|---|---|---|---|---|---|---|"
    base=$(fig rss.render.bundled)
    echo "| bundled | $(mb "$(stat -c %s data/tunisia-israel.ron)") | – | – | $(mb "$base") | – | – | – |"
    for s in "${SIZES[@]}"; do
        f=$(fig file.ron.$s) r=$(fig rss.render.$s)
        echo "| $s | $(mb "$f") | $(mb "$(fig rss.check.$s)") | $(ratio "$(fig rss.check.$s)" "$f") | $(mb "$r") | $(ratio "$r" "$f") | $(ratio "$(awk -v a="$r" -v b="$base" 'BEGIN { print a - b }')" "$f") | $(mb "$(fig rss.jq.$s)") |"
    done
    if has_size 100k && has_size 1m; then
        echo
        echo "### Growth: 1M claims against 100k (target: every figure within 10×)"
        echo
        echo "| figure | 100k | 1M | 1M / 100k | verdict |"
        echo "|---|---|---|---|---|"
        for k in load.ready load.first_screen load.json_floor:anchor hf.check hf.render hf.jq:anchor cpu.check cpu.render \
            frame.p50 frame.p99 frame.cpu_p99 \
            key.j.p50 key.j.p99 key.j.cpu_p99 key.tab.p50 key.tab.p99 key.tab.cpu_p99 \
            key.enter_follow.p50 key.enter_follow.p99 key.enter_follow.cpu_p99 \
            key.s_open.p50 key.s_open.p99 key.s_open.cpu_p99 \
            key.space_toggle.p50 key.space_toggle.p99 key.space_toggle.cpu_p99 \
            key.esc_close.p50 key.esc_close.p99 key.esc_close.cpu_p99 \
            key.t_open_hub.p50 key.t_open_hub.p99 key.timeline_j.p50 key.timeline_j.p99 \
            find.key.government.p50 find.key.government.p99 find.key.typo.p50 find.key.typo.p99 \
            find.async.key.government.p50 find.async.key.government.p99 \
            find.async.results.government.p50 find.async.results.government.p99 find.async.burst.government.p50 \
            find.async.key.typo.p50 find.async.key.typo.p99 \
            find.async.results.typo.p50 find.async.results.typo.p99 find.async.burst.typo.p50 \
            find.oneshot.government find.oneshot.typo hf.fzf.government:anchor hf.fzf.typo:anchor \
            rss.check rss.render rss.jq:anchor; do
            anchor=0
            [[ $k == *:anchor ]] && anchor=1 k=${k%:anchor}
            a=$(fig $k.100k) b=$(fig $k.1m)
            if [[ $k == rss.* ]]; then va=$(mb "$a") vb=$(mb "$b"); else va=$(t "$a") vb=$(t "$b"); fi
            if ((anchor)); then
                echo "| $k (anchor) | $va | $vb | $(ratio "$b" "$a") | – |"
            else
                echo "| $k | $va | $vb | $(ratio "$b" "$a") | $(verdict "$b" "$(mul "$a" 10)") |"
            fi
        done
    fi
    echo
    echo "### Targets"
    echo
    echo "| target | figure | verdict |"
    echo "|---|---|---|"
    for s in "${SIZES[@]}"; do
        echo "| load ≤ 2× serde_json floor ($s) | $(ratio "$(fig load.ready.$s)" "$(fig load.json_floor.$s)") | $(verdict "$(fig load.ready.$s)" "$(mul "$(fig load.json_floor.$s)" 2)") |"
    done
    echo "| first frame, bundled ≤ 20 ms | $(t "$(fig hf.render.bundled)") | $(verdict "$(fig hf.render.bundled)" 0.020) |"
    if has_size 100k; then
        for k in key.j key.tab key.enter_follow key.s_open key.space_toggle key.esc_close; do
            echo "| $k p50 ≤ 1 ms (100k) | $(t "$(fig $k.p50.100k)") | $(verdict "$(fig $k.p50.100k)" 0.001) |"
            echo "| $k p99 ≤ 4 ms (100k) | $(t "$(fig $k.p99.100k)") (on-CPU $(t "$(fig $k.cpu_p99.100k)")) | $(verdict "$(fig $k.p99.100k)" 0.004) |"
        done
        for k in key.t_open_hub key.timeline_j key.timeline_pgdn; do
            echo "| $k p99 ≤ 4 ms (100k, hub actor's timeline) | $(t "$(fig $k.p99.100k)") (on-CPU $(t "$(fig $k.cpu_p99.100k)")) | $(verdict "$(fig $k.p99.100k)" 0.004) |"
        done
        for q in "${QUERIES[@]}"; do
            label=${q%%:*}
            echo "| typing never waits: find keystroke → frame ≤ 16 ms, \`${q#*:}\` p99 (100k, in background) | $(t "$(fig find.async.key.$label.p99.100k)") | $(verdict "$(fig find.async.key.$label.p99.100k)" 0.016) |"
            echo "| find ≤ 16 ms per keystroke while typing: results, \`${q#*:}\` p50 (100k, in background) | $(t "$(fig find.async.results.$label.p50.100k)") (p99 $(t "$(fig find.async.results.$label.p99.100k)")) | $(verdict "$(fig find.async.results.$label.p50.100k)" 0.016) |"
            echo "| … answered at once (headless), \`${q#*:}\` p50 (100k) | $(t "$(fig find.key.$label.p50.100k)") | $(verdict "$(fig find.key.$label.p50.100k)" 0.016) |"
        done
    fi
    for s in "${SIZES[@]}"; do
        echo "| RSS ≤ 2.5× file ($s, render) | $(ratio "$(fig rss.render.$s)" "$(fig file.ron.$s)") | $(verdict "$(fig rss.render.$s)" "$(mul "$(fig file.ron.$s)" 2.5)") |"
    done
} >"$TABLE"
cat "$TABLE"
echo
echo "table: $TABLE; raw figures: $RESULTS; criterion reports: $OUT/criterion/report/index.html"
fi

# replace_between DOC MARKER FILE: the lines between <!-- MARKER:begin -->
# and <!-- MARKER:end --> of DOC become FILE.
replace_between() {
    local doc=$1 marker=$2 file=$3
    if grep -q "<!-- $marker:begin -->" "$doc" && grep -q "<!-- $marker:end -->" "$doc"; then
        awk -v table="$file" -v b="<!-- $marker:begin -->" -v e="<!-- $marker:end -->" '
            $0 == b { print; while ((getline line < table) > 0) print line; skip = 1; next }
            $0 == e { skip = 0 }
            !skip' "$doc" >"$doc.tmp" && mv "$doc.tmp" "$doc"
        echo "updated the $marker table in $doc"
    else
        echo "bench.sh: $doc has no <!-- $marker:begin --> / <!-- $marker:end --> markers; not updated" >&2
    fi
}

if ((UPDATE_DOC)); then
    ((CHARTS_ONLY)) || replace_between "$ROOT/BENCHMARKS.md" bench "$TABLE"
    has_size 100k && replace_between "$ROOT/BENCHMARKS.md" charts "$CHARTS"
fi
