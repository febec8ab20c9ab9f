#!/usr/bin/env bash
# Ranked item 4 of shared/reference/published-numbers.md: Kevin Closson (2009), Oracle 11g with
# 500 dedicated server processes attaching an 8000 MiB SGA, with and without hugepages.
# Private 4 KiB shmem vs 2 MiB hugetlb with mainline PMD sharing (hugetlb) and without it
# (hugetlb-unshared). Each process reads the whole SGA (touch=1.0); the model has no per-process
# private memory (Oracle's PGA, binary, stack), so only the SGA's page tables are modelled.
# See docs/published.md. A few seconds.
set -euo pipefail
cd "$(dirname "$0")/../.."
fmt() { awk -v mode="${1:-table}" -f scripts/repro/format.awk; }

echo "== git $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "== 500 sessions x 8000 MiB SGA (touch=1.0 read, 512 GiB machine)"
echo "   ./ptshare sweep sga --vary processes=1,500 --set sga=8000MiB --designs private,hugetlb,hugetlb-unshared --format csv"
./ptshare sweep sga --vary processes=1,500 --set sga=8000MiB \
    --designs private,hugetlb,hugetlb-unshared --format csv > "${TMPDIR:-/tmp}/repro-closson.csv"
fmt table < "${TMPDIR:-/tmp}/repro-closson.csv"
echo
fmt linear < "${TMPDIR:-/tmp}/repro-closson.csv" | sed 's/^/   /'
