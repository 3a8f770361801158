# shellcheck shell=bash
# Sourced by the bench scripts that write a table into BENCHMARKS.md
# (bench-analysis.sh, bench-cache.sh, bench-diff.sh).

# bench_args "$@": `--update-doc` sets UPDATE_DOC=1; `-h`/`--help` prints the
# calling script's header comment; anything else is a usage error (exit 2).
bench_args() {
    UPDATE_DOC=0
    local arg
    for arg in "$@"; do
        case $arg in
        --update-doc) UPDATE_DOC=1 ;;
        -h | --help)
            awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
            exit 0
            ;;
        *)
            echo "$(basename "$0"): unknown argument \`$arg\` (try --help)" >&2
            exit 2
            ;;
        esac
    done
}

# update_doc NAME TABLE: puts the file TABLE between the lines
# `<!-- NAME:begin -->` and `<!-- NAME:end -->` of BENCHMARKS.md, in place
# of what stood there; exit 1 when the markers are missing.
update_doc() {
    local name=$1 table=$2 doc
    doc=$(dirname "${BASH_SOURCE[0]}")/../BENCHMARKS.md
    if ! grep -qx "<!-- $name:begin -->" "$doc" || ! grep -qx "<!-- $name:end -->" "$doc"; then
        echo "$(basename "$0"): BENCHMARKS.md has no <!-- $name:begin --> / <!-- $name:end --> markers" >&2
        exit 1
    fi
    awk -v table="$table" -v begin="<!-- $name:begin -->" -v end="<!-- $name:end -->" '
        $0 == begin { print; while ((getline line < table) > 0) print line; skip = 1; next }
        $0 == end { skip = 0 }
        !skip' "$doc" >"$doc.tmp" && mv "$doc.tmp" "$doc"
    echo "updated the $name table in BENCHMARKS.md"
}
