#!/usr/bin/env bash
# Ranked item 3 of shared/reference/published-numbers.md: Chih-En Lin's COW PTE series, RFC v2
# (Sep 2022, no per-page accounting at fork: design cow-pte) against v3..v5 (per-page accounting
# kept: cow-pte-acct) and normal fork (private). Memory after fork, fork latency against size,
# the cost per write after fork, and fork-server throughput (AFL). Workloads redis-fork and
# fuzz-fork; modelled times (COSTS=bare-metal by default, or fc-vm; docs/cost-model.md).
# Prints markdown tables: published, modelled. About half a minute.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/repro/lib.sh
costs="${COSTS:-bare-metal}"
t="${TMPDIR:-/tmp}/repro-cowpte"
D=private,cow-pte,cow-pte-acct
cp=""
[ "$costs" = bare-metal ] && cp=" (calibration point)"
echo "<!-- git $(git rev-parse --short HEAD 2>/dev/null || echo '?'), cost model $costs -->"

echo
echo "**Memory after forking a process with 1 GB of written anonymous memory**"
echo
run "$t-vm.csv" ./ptshare compare redis-fork --set size=1GiB --set write=0 --designs "$D" \
    --costs "$costs" --format csv
echo "| VmPTE after fork | published (RFC v2 cover letter) | modelled |"
echo "|---|---:|---:|"
echo "| normal fork, parent / child | 2096 / 2096 kB | $(kb "$(get "$t-vm.csv" vmpte_max private)") / $(kb "$(get "$t-vm.csv" vmpte_min private)") |"
echo "| COW PTE (RFC v2), child | 44 kB | $(kb "$(get "$t-vm.csv" vmpte_min cow-pte)") |"
echo "| COW PTE with accounting (v5), child | - | $(kb "$(get "$t-vm.csv" vmpte_min cow-pte-acct)") |"
echo "| COW PTE (RFC v2), child VmRSS | 2576 kB | $(kb "$(get "$t-vm.csv" rss_min cow-pte)") |"

echo
echo "**Fork latency against mapped size**"
echo
run "$t-lat.csv" ./ptshare sweep redis-fork --vary size=64MiB,128MiB,256MiB,512MiB \
    --set write=0 --designs "$D" --costs "$costs" --format csv
echo "| size | normal fork | COW PTE (RFC v2) | COW PTE with accounting (v5) |"
echo "|---|---:|---:|---:|"
for s in 64MiB 128MiB 256MiB 512MiB; do
    echo "| $s | $(ms "$(get "$t-lat.csv" modelled_fork_us_median private "$s")") | $(ms "$(get "$t-lat.csv" modelled_fork_us_median cow-pte "$s")") | $(ms "$(get "$t-lat.csv" modelled_fork_us_median cow-pte-acct "$s")") |"
done
n=$(get "$t-lat.csv" modelled_fork_us_median private 512MiB)
c=$(get "$t-lat.csv" modelled_fork_us_median cow-pte 512MiB)
a=$(get "$t-lat.csv" modelled_fork_us_median cow-pte-acct 512MiB)
echo
echo "| fork of 512 MB | published | modelled |"
echo "|---|---:|---:|"
echo "| normal fork | ~10 ms (QEMU) | $(ms "$n") |"
echo "| COW PTE (RFC v2) | ~0.625 ms, flat after 200 MB | $(ms "$c") |"
echo "| change | -93% | $(calc "100 * ($c - $n) / $n")% |"
echo "| COW PTE with accounting (v5) | ~10 ms, as normal fork | $(ms "$a") ($(calc "100 * ($a - $n) / $n")%) |"

echo
echo "**Writing all of 512 MB sequentially after fork, per access**"
echo
run "$t-live.csv" ./ptshare compare redis-fork --set size=512MiB --set write=1.0 \
    --set pattern=sequential --designs "$D" --costs "$costs" --format csv
run "$t-exit.csv" ./ptshare compare redis-fork --set size=512MiB --set write=1.0 \
    --set pattern=sequential --set child=exit --designs "$D" --costs "$costs" --format csv
pages=131072
per() { calc "$(get "$1" modelled_fault_us "$2") / $pages"; }
echo "| per write access | published (RFC v2) | modelled, child alive | modelled, child exited |"
echo "|---|---:|---:|---:|"
echo "| normal fork | 0.742 us$cp | $(per "$t-live.csv" private) us | $(per "$t-exit.csv" private) us |"
echo "| COW PTE (RFC v2) | 0.045 us | $(per "$t-live.csv" cow-pte) us | $(per "$t-exit.csv" cow-pte) us |"
echo "| COW PTE with accounting (v5) | - | $(per "$t-live.csv" cow-pte-acct) us | $(per "$t-exit.csv" cow-pte-acct) us |"

echo
echo "**A fork server: 1 GiB written, each child writes 16 pages spread over it and exits**"
echo
run "$t-afl.csv" ./ptshare compare fuzz-fork --set size=1GiB --set iterations=20 \
    --set child_pages=16 --designs "$D" --costs "$costs" --format csv
eps() {
    local x="$(get "$t-afl.csv" modelled_fork_us_sum "$1") + $(get "$t-afl.csv" modelled_fault_us "$1") + $(get "$t-afl.csv" modelled_exit_us "$1")"
    calc "20 / (($x) / 1000000)"
}
np=$(eps private) nc=$(eps cow-pte) na=$(eps cow-pte-acct)
echo "| executions per second (fork + child + exit) | published (AFL + SQLite, QEMU) | modelled |"
echo "|---|---:|---:|"
echo "| normal fork | 53.86 (v2 run), 53.50 (v5 run) | $np |"
echo "| COW PTE (RFC v2) | 503.67 (9.3x) | $nc ($(calc "$nc / $np")x) |"
echo "| COW PTE with accounting (v5) | 52.15 (0.97x) | $na ($(calc "$na / $np")x) |"
