#!/usr/bin/env bash
# Ranked item 2 of shared/reference/published-numbers.md: On-demand-fork (Zhao, Gong, Fonseca,
# EuroSys 2021), fork latency against memory size: stock fork of 1 GB and 50 GB with 4 KiB pages,
# 1 GB with 2 MiB pages, and ODF (the cow-pte design: PTE tables shared at fork, no per-page work).
# Workload redis-fork with write=0: a process writes S of anonymous memory and forks; the child
# reads it. Modelled times (COSTS=bare-metal, the default, or fc-vm; docs/cost-model.md).
# Prints a markdown table: published, modelled. About a minute (50 GiB is 13 million pages).
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/repro/lib.sh
costs="${COSTS:-bare-metal}"
t="${TMPDIR:-/tmp}/repro-odf"
cp=""
[ "$costs" = bare-metal ] && cp=" (calibration point)"
echo "<!-- git $(git rev-parse --short HEAD 2>/dev/null || echo '?'), cost model $costs -->"
run "$t-4k.csv" ./ptshare sweep redis-fork --vary size=1GiB,50GiB --set write=0 \
    --set memory=unbounded --designs private,cow-pte --costs "$costs" --format csv
run "$t-2m.csv" ./ptshare compare redis-fork --set size=1GiB --set write=0 --set pages=2m \
    --designs private --costs "$costs" --format csv
f() { get "$t-4k.csv" modelled_fork_us_median "$1" "$2"; }
s1=$(f private 1GiB) o1=$(f cow-pte 1GiB) s50=$(f private 50GiB) o50=$(f cow-pte 50GiB)
h1=$(get "$t-2m.csv" modelled_fork_us_median private)
echo
echo "| fork latency | published (ODF paper) | modelled |"
echo "|---|---:|---:|"
echo "| 1 GB, 4 KiB pages, stock fork | 6.5 ms | $(ms "$s1") |"
echo "| 1 GB, ODF (cow-pte) | 0.10 ms$cp | $(ms "$o1") |"
echo "| speedup at 1 GB | 65x | $(calc "$s1 / $o1")x |"
echo "| 50 GB, 4 KiB pages, stock fork | 253.9 ms | $(ms "$s50") |"
echo "| 50 GB, ODF (cow-pte) | 0.94 ms$cp | $(ms "$o50") |"
echo "| speedup at 50 GB | ~270x | $(calc "$s50 / $o50")x |"
echo "| stock fork, 50 GB / 1 GB | 39.1x | $(calc "$s50 / $s1")x |"
echo "| 1 GB, 2 MiB pages, stock fork | 0.17 ms | $(ms "$h1") |"
echo "| 4 KiB / 2 MiB pages at 1 GB | 38x | $(calc "$s1 / $h1")x |"
echo "| 3 concurrent 1 GB forks, average | 22.4 ms | not modelled (no contention between CPUs) |"
