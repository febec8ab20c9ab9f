#!/usr/bin/env bash
# Ranked item 5 of shared/reference/published-numbers.md: fork with a touched memory segment of
# 400 KB, 4 MB and 40 MB under three kernels (Dave McCracken / Daniel Phillips, 2.5.41-mm2, Oct
# 2002): fork only, fork + child exit, fork + exec + exit. Published times in ms are for stock
# 2.5.41 (which copied the segment's PTEs at fork), mm2 unshared and mm2 with shared page tables.
# Modelled (fuzz-fork, child_pages=0, one round; COSTS=bare-metal by default, or fc-vm):
#   copy   private design, segment=anon: fork copies every PTE and accounts every page, as 2.5.41
#          did for its shared segment (today only for private memory with an anon_vma)
#   share  cow-pte design, segment=anon: PTE tables shared at fork
#   today  private design, segment=shm: Linux since 2.6.14 does not copy a shared mapping's
#          PTEs at fork (vma_needs_copy()); the child faults them in if it uses them
# exec's loading of a new program is not modelled: execve here only tears the old mm down.
# Prints a markdown table. A few seconds.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/repro/lib.sh
costs="${COSTS:-bare-metal}"
t="${TMPDIR:-/tmp}/repro-mccracken"
sizes=400KiB,4MiB,40MiB
common=(--vary "size=$sizes" --set iterations=1 --set child_pages=0 --costs "$costs" --format csv)
echo "<!-- git $(git rev-parse --short HEAD 2>/dev/null || echo '?'), cost model $costs -->"
for child in exit exec; do
    run "$t-anon-$child.csv" ./ptshare sweep fuzz-fork "${common[@]}" --set child=$child \
        --set segment=anon --designs private,cow-pte
    run "$t-shm-$child.csv" ./ptshare sweep fuzz-fork "${common[@]}" --set child=$child \
        --set segment=shm --designs private
done
# mode SIZE FILE DESIGN: fork only, fork + exit (or exec + exit)
fk() { get "$2" modelled_fork_us_median "$3" "$1"; }
fx() { calc "$(fk "$1" "$2" "$3") + $(get "$2" modelled_exit_us "$3" "$1")"; }
m() { awk -v x="$1" 'BEGIN { printf "%.3f", x / 1000 }'; }
row() {  # MODE SIZE PUBLISHED
    local mode="$1" size="$2" pub="$3" copy share today
    case "$mode" in
        "fork only")
            copy=$(fk "$size" "$t-anon-exit.csv" private)
            share=$(fk "$size" "$t-anon-exit.csv" cow-pte)
            today=$(fk "$size" "$t-shm-exit.csv" private) ;;
        "fork + child exit")
            copy=$(fx "$size" "$t-anon-exit.csv" private)
            share=$(fx "$size" "$t-anon-exit.csv" cow-pte)
            today=$(fx "$size" "$t-shm-exit.csv" private) ;;
        *)
            copy=$(fx "$size" "$t-anon-exec.csv" private)
            share=$(fx "$size" "$t-anon-exec.csv" cow-pte)
            today=$(fx "$size" "$t-shm-exec.csv" private) ;;
    esac
    echo "| $mode | $size | $pub | $(m "$copy") / $(m "$share") / $(m "$today") |"
}
echo
echo "| mode | segment | published, ms: 2.5.41 / mm2 unshared / mm2 shared | modelled, ms: copy / share / today |"
echo "|---|---|---:|---:|"
row "fork only" 400KiB "1.7 / 1.6 / 0.5"
row "fork only" 4MiB "5.0 / 5.0 / 3.4"
row "fork only" 40MiB "28.4 / 29.5 / 3.4"
row "fork + child exit" 400KiB "1.7 / 1.6 / 1.6"
row "fork + child exit" 4MiB "4.9 / 5.3 / 4.1"
row "fork + child exit" 40MiB "44.2 / 45.1 / 4.1"
row "fork + exec + exit" 400KiB "6.5 / 7.5 / 7.7"
row "fork + exec + exit" 4MiB "10.3 / 11.9 / 10.7"
row "fork + exec + exit" 40MiB "49.3 / 51.4 / 10.7"
c4=$(fk 4MiB "$t-anon-exit.csv" private) c40=$(fk 40MiB "$t-anon-exit.csv" private)
echo
echo "Copy cost per added MB of segment (4 MB to 40 MB): published 2.5.41 $(calc "(28.4 - 5.0) / 36") ms/MB"
echo "(Piggin: ~23 ms per 100 MB); modelled $(calc "($c40 - $c4) / 1000 / 36") ms/MB."
