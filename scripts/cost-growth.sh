#!/usr/bin/env bash
# How the model's own time and memory grow with the number of processes and the region size, per
# design (docs/cost-growth.md). One JVM per design and point, so each peak RSS is that run's own.
# Time: the simulator's wall time (compare --timing, elapsed_ms), JVM start-up excluded. Memory:
# the JVM's peak resident set (GNU time %M), an upper bound of the heap it needed (-Xmx16g here).
# memory=unbounded so that private is not stopped at its OOM. About 10 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
designs="${DESIGNS:-private hugetlb hugetlb-unshared mshare map-shared-pt}"
run() { # design, processes, sga -> "elapsed_ms peak_rss_kb page_tables_bytes"
    local out
    out=$( { PTSHARE_JAVA_OPTS="-XX:+UseG1GC -Xmx16g -XX:+UseCompactObjectHeaders" \
        /usr/bin/time -f "RSS %M" ./ptshare compare sga --designs "$1" --set processes="$2" \
        --set sga="$3" --set memory=unbounded --timing --format csv; } 2>&1)
    awk -F, '/^RSS/ {split($0, r, " "); rss = r[2]} /^sga,/ {ms = $NF; pt = $6}
        END {printf "%s %s %s", ms, rss, pt}' <<< "$out"
}
table() { # title, "processes sga" points...
    local title=$1; shift
    echo "### $title"
    echo
    echo "| design | processes | region | time (ms) | peak RSS (MiB) | PageTables (GiB) |"
    echo "|---|---:|---:|---:|---:|---:|"
    local points=("$@") d pt n sz ms rss ptb
    for d in $designs; do
        for pt in "${points[@]}"; do
            read -r n sz <<< "$pt"
            read -r ms rss ptb <<< "$(run "$d" "$n" "$sz")"
            printf "| %s | %s | %s | %s | %d | %.3f |\n" "$d" "$n" "$sz" "$ms" $((rss / 1024)) \
                "$(awk -v b="$ptb" 'BEGIN{print b/2^30}')"
        done
    done
    echo
}
echo "<!-- scripts/cost-growth.sh at git $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cpus -->"
table "Processes (region 300 GiB)" "250 300GiB" "500 300GiB" "1000 300GiB" "1500 300GiB"
table "Region size (500 processes)" "500 75GiB" "500 150GiB" "500 300GiB" "500 600GiB"
