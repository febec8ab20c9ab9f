# Helpers for the fork repro scripts (odf-fork.sh, cow-pte.sh, mccracken-fork.sh), sourced.
# get FILE COLUMN DESIGN [VARY_VALUE]: one value of a `compare`/`sweep --format csv` output.
get() {
    awk -F, -v col="$2" -v d="$3" -v v="${4:-}" '
        NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; if (!(col in c)) exit 2; next }
        $c["design"] == d && (v == "" || $c["vary_value"] == v) { print $c[col]; exit }' "$1"
}
# Arithmetic on decimals: calc EXPR (awk syntax), printed with up to 3 decimals.
calc() { awk "BEGIN { x = $1; printf((x == int(x)) ? \"%d\" : \"%.3f\", x) }"; }
# Microseconds as milliseconds with 3 decimals.
ms() { awk -v x="$1" 'BEGIN { printf "%.3f ms", x / 1000 }'; }
# Bytes as kB (what /proc prints).
kb() { awk -v x="$1" 'BEGIN { printf "%d kB", x / 1024 }'; }
# Runs a ptshare command line, echoing it as a markdown comment first, output to FILE.
run() {
    local file="$1"
    shift
    echo "<!-- $* -->"
    "$@" > "$file"
}
