#!/usr/bin/env bash
# The reference table of docs/numbers.md (issue "mshare ... Numbers"): N sharers of a 1 GiB object,
# each process maps all of it and reads every 4 KiB of it once (touch=1.0, access=read), N = 1, 8, 128.
# Designs: private (4 KiB shmem, today's Linux), hugetlb (2 MiB pages, PMD tables shared),
# hugetlb-unshared, mshare (msharefs v3), and map-shared-pt when `./ptshare designs` lists it.
# Prints a markdown table; every byte count is exact. About 30 seconds.
#   PageTables  /proc/meminfo PageTables at the end: every page-table page that exists, counted
#               once, including each process's PGD, the parent "db" process and any host mm
#   VmPTE       /proc/PID/status VmPTE of one sharer (PTE+PMD+PUD pages its mm accounts; no PGD)
#   minflt      /proc/PID/stat minflt summed over the N sharers
set -euo pipefail
cd "$(dirname "$0")/../.."
designs=private,hugetlb,hugetlb-unshared,mshare
if ./ptshare designs | awk '{print $1}' | grep -qx map-shared-pt; then
    designs="$designs,map-shared-pt"
fi
echo "<!-- ./ptshare sweep sga --vary processes=1,8,128 --set sga=1GiB --designs $designs --format csv"
echo "     (git $(git rev-parse --short HEAD 2>/dev/null || echo '?')) -->"
./ptshare sweep sga --vary processes=1,8,128 --set sga=1GiB --designs "$designs" --format csv \
    | awk -v mode=markdown -f scripts/repro/format.awk
