#!/usr/bin/env bash
# PtShareTest PageTableEfficiency at its own size (docs/designs/ptshare.md): a parent maps
# 1000 MiB (500 PMDs) of a file, forks 50 children, and each child reads the first byte of every
# PMD; once with MAP_SHARED|MAP_FIXED and once with MAP_SHARED_PT added, on
# machine map_shared_pt=ptshare. Prints the exact page-table memory each run adds
# (/proc/meminfo PageTables), a child's VmPTE and its faults. The test's theory: ~100,000 kB
# standard, ~2,400 kB shared, "savings should be ~97.5%". About 5 s.
#   scripts/repro/ptshare-efficiency.sh [CHILDREN [PMDS]]
set -euo pipefail
cd "$(dirname "$0")/../.."
n="${1:-50}"
pmds="${2:-500}"
tmp="${TMPDIR:-/tmp}/repro-ptshare"
mkdir -p "$tmp"
echo "== git $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $n children x $pmds PMDs"
printf '%-22s %14s %12s %8s\n' run PageTables_kB VmPTE_kB minflt
for flags in "MAP_SHARED|MAP_FIXED" "MAP_SHARED|MAP_FIXED|MAP_SHARED_PT"; do
    f="$tmp/efficiency.pts"
    cat > "$f" <<PTS
machine cpus=4 memory=8GiB map_shared_pt=ptshare
task init
init: fd = open /dev/shm/ptshare_test_file O_RDWR|O_CREAT 0666
init: ftruncate fd $((pmds * 2))MiB -> 0
mark m0
init: p = fork
p: a = mmap 0x600000000000 $((pmds * 2))MiB PROT_READ|PROT_WRITE $flags fd 0 -> 0x600000000000
for i in 1..$n
  p: c{i} = fork
  for j in 0..$((pmds - 1))
    c{i}: load a+j*2MiB 1 -> 0
  end
end
check meminfo.PageTables - m0.meminfo.PageTables >= 0
check c1.VmPTE >= 0
check c1.minflt >= 0
PTS
    mapfile -t v < <(./ptshare run "$f" | awk '/check/ { print $3 }')
    run=MAP_SHARED
    [[ $flags == *SHARED_PT* ]] && run=MAP_SHARED_PT
    printf '%-22s %14d %12d %8d\n' "$run" $((v[0] / 1024)) $((v[1] / 1024)) $((v[2]))
done
