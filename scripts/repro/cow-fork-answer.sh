#!/usr/bin/env bash
# The tables of docs/cow-fork-answer.md: when copy-on-write page tables at fork (designs cow-pte,
# RFC v2 / On-demand-fork, and cow-pte-acct, v3..v5) win, lose or make no difference against
# normal fork (private). Workloads redis-fork and fuzz-fork; modelled times from the cost model
# (COSTS=bare-metal by default, or fc-vm; docs/cost-model.md). Prints markdown. About 2 minutes.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/repro/lib.sh
costs="${COSTS:-bare-metal}"
t="${TMPDIR:-/tmp}/repro-answer"
D=private,cow-pte,cow-pte-acct
us() { awk -v x="$1" 'BEGIN { if (x >= 1000000) printf "%.2f s", x / 1e6; else if (x >= 1000) printf "%.3f ms", x / 1000; else printf "%.1f us", x }'; }
# after-fork time: every fork, the faults after the first fork and the exits
aft() { calc "$(get "$1" modelled_fork_us_sum "$2" "${3:-}") + $(get "$1" modelled_fault_us "$2" "${3:-}") + $(get "$1" modelled_exit_us "$2" "${3:-}")"; }
rel() { calc "$1 / $2"; }
echo "<!-- git $(git rev-parse --short HEAD 2>/dev/null || echo '?'), cost model $costs -->"

echo
echo "### A. Size: fork latency and page tables (redis-fork, write=0)"
echo
run "$t-a.csv" ./ptshare sweep redis-fork --vary size=1MiB,64MiB,1GiB,16GiB --set write=0 \
    --set memory=64GiB --designs "$D" --costs "$costs" --format csv
echo "| size | private fork | cow-pte fork | cow-pte-acct fork | private PageTables | cow-pte PageTables |"
echo "|---|---:|---:|---:|---:|---:|"
for s in 1MiB 64MiB 1GiB 16GiB; do
    echo "| $s | $(us "$(get "$t-a.csv" modelled_fork_us_median private "$s")") | $(us "$(get "$t-a.csv" modelled_fork_us_median cow-pte "$s")") | $(us "$(get "$t-a.csv" modelled_fork_us_median cow-pte-acct "$s")") | $(kb "$(get "$t-a.csv" page_tables_bytes private "$s")") | $(kb "$(get "$t-a.csv" page_tables_bytes cow-pte "$s")") |"
done

for pattern in spread sequential; do
    echo
    echo "### B. Writes after fork, $pattern (redis-fork, 1 GiB, child alive): fork + faults"
    echo
    run "$t-b-$pattern.csv" ./ptshare sweep redis-fork \
        --vary write=0,0.0001,0.001,0.01,0.1,1.0 --set size=1GiB --set pattern=$pattern \
        --designs "$D" --costs "$costs" --format csv
    echo "| parent writes | private | cow-pte | cow-pte / private | cow-pte-acct / private | tables cow-pte copied |"
    echo "|---|---:|---:|---:|---:|---:|"
    for w in 0 0.0001 0.001 0.01 0.1 1.0; do
        p=$(aft "$t-b-$pattern.csv" private "$w") c=$(aft "$t-b-$pattern.csv" cow-pte "$w")
        a=$(aft "$t-b-$pattern.csv" cow-pte-acct "$w")
        copied=$(calc "$(get "$t-b-$pattern.csv" ops_table_allocated cow-pte "$w") - $(get "$t-b-$pattern.csv" ops_table_allocated cow-pte 0)")
        echo "| $w | $(us "$p") | $(us "$c") | $(rel "$c" "$p") | $(rel "$a" "$p") | $copied |"
    done
done

echo
echo "### C. Writes after the snapshot is done (redis-fork, 1 GiB, child=exit, spread)"
echo
run "$t-c.csv" ./ptshare sweep redis-fork --vary write=0.01,0.1,1.0 --set size=1GiB \
    --set child=exit --designs "$D" --costs "$costs" --format csv
# faults after the fork: all minor faults less the 262,144 that wrote the memory first
pf() { calc "$(get "$t-c.csv" minor_faults "$1" "$2") - 262144"; }
echo "| parent writes (pages) | faults after fork: private | cow-pte | cow-pte-acct | fork + exit + faults: private | cow-pte | cow-pte-acct |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for w in 0.01 0.1 1.0; do
    echo "| $w ($(calc "int(262144 * $w)")) | $(pf private "$w") | $(pf cow-pte "$w") | $(pf cow-pte-acct "$w") | $(us "$(aft "$t-c.csv" private "$w")") | $(us "$(aft "$t-c.csv" cow-pte "$w")") | $(us "$(aft "$t-c.csv" cow-pte-acct "$w")") |"
done

echo
echo "### D. 2 MiB pages (redis-fork, 1 GiB, pages=2m, write=0.1)"
echo
run "$t-d.csv" ./ptshare compare redis-fork --set size=1GiB --set pages=2m --set write=0.1 \
    --designs "$D" --costs "$costs" --format csv
echo "| design | fork | fork + faults | tables shared |"
echo "|---|---:|---:|---:|"
for d in private cow-pte cow-pte-acct; do
    echo "| $d | $(us "$(get "$t-d.csv" modelled_fork_us_median "$d")") | $(us "$(aft "$t-d.csv" "$d")") | $(get "$t-d.csv" ops_table_shared "$d") |"
done

echo
echo "### E. Short-lived children: a fork server (fuzz-fork, 1 GiB, 20 runs)"
echo
run "$t-e.csv" ./ptshare sweep fuzz-fork --vary child_pages=0,16,256,4096 --set size=1GiB \
    --set iterations=20 --designs "$D" --costs "$costs" --format csv
echo "| pages each child writes | private, per run | cow-pte, per run | cow-pte-acct, per run | cow-pte speedup |"
echo "|---|---:|---:|---:|---:|"
for n in 0 16 256 4096; do
    p=$(calc "$(aft "$t-e.csv" private "$n") / 20") c=$(calc "$(aft "$t-e.csv" cow-pte "$n") / 20")
    a=$(calc "$(aft "$t-e.csv" cow-pte-acct "$n") / 20")
    echo "| $n | $(us "$p") | $(us "$c") | $(us "$a") | $(rel "$p" "$c")x |"
done

echo
echo "### F. fork + exec (fuzz-fork, child=exec, child_pages=0, 20 runs)"
echo
run "$t-f.csv" ./ptshare sweep fuzz-fork --vary size=64MiB,1GiB,16GiB --set child=exec \
    --set child_pages=0 --set iterations=20 --set memory=64GiB --designs "$D" --costs "$costs" \
    --format csv
echo "| size | private, per fork + exec | cow-pte | cow-pte-acct | cow-pte speedup |"
echo "|---|---:|---:|---:|---:|"
for s in 64MiB 1GiB 16GiB; do
    p=$(calc "$(aft "$t-f.csv" private "$s") / 20") c=$(calc "$(aft "$t-f.csv" cow-pte "$s") / 20")
    a=$(calc "$(aft "$t-f.csv" cow-pte-acct "$s") / 20")
    echo "| $s | $(us "$p") | $(us "$c") | $(us "$a") | $(rel "$p" "$c")x |"
done
