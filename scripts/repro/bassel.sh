#!/usr/bin/env bash
# Ranked item 6 of shared/reference/published-numbers.md: Larry Bassel (2019), a 6 TiB mapping of
# 2 MiB pages shared by 10,000 processes, with and without PMD sharing. The model has no DAX/PMEM:
# a hugetlbfs file of 2 MiB pages stands in (the same page-table shape: one PMD entry per 2 MiB).
#   hugetlb           1 GiB-aligned MAP_SHARED mapping: mainline huge_pmd_share() shares PMD tables
#   hugetlb-unshared  VMAs of 1 GiB - 2 MiB: no VMA covers a whole PUD slot, nothing is shared
# See docs/published.md.
#   scripts/repro/bassel.sh                 # about 1 minute
#   REPRO_FULL=1 scripts/repro/bassel.sh    # also hugetlb with all 10,000 processes (~3 minutes)
# hugetlb-unshared at 10,000 is not run: its 61 million PMD pages would need ~240 GiB of Java
# heap (a PMD page of huge entries is stored in full). Its per-process cost is measured at
# N = 1, 10, 100, shown to be exactly constant, and the N = 10,000 figure is labelled DERIVED.
set -euo pipefail
cd "$(dirname "$0")/../.."
fmt() { awk -v mode="${1:-table}" -f scripts/repro/format.awk; }
tmp="${TMPDIR:-/tmp}"
echo "== git $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "== 6 TiB, memory=unbounded (6 TiB of huge pages do not fit the default 512 GiB machine)"
cmd="./ptshare sweep sga --vary processes=1,10,100 --set sga=6TiB --set memory=unbounded --designs hugetlb,hugetlb-unshared --format csv"
echo "   $cmd"
$cmd > "$tmp/repro-bassel.csv"
if [[ "${REPRO_FULL:-0}" == 1 ]]; then
    cmd="./ptshare sweep sga --vary processes=1000,10000 --set sga=6TiB --set memory=unbounded --designs hugetlb --format csv"
    echo "   $cmd"
    $cmd | tail -n +2 >> "$tmp/repro-bassel.csv"
fi
fmt table < "$tmp/repro-bassel.csv"
echo
fmt linear < "$tmp/repro-bassel.csv" | sed 's/^/   /'
echo
echo "== hugetlb-unshared at N = 10,000, DERIVED (not run): PageTables(100) + 9,900 x the constant increment"
awk -F, 'NR==1{for(i=1;i<=NF;i++)c[$i]=i;next}
    $c["design"]=="hugetlb-unshared"{n[++k]=$c["processes"];p[k]=$c["page_tables_bytes"];v=$c["vmpte_median"]}
    END{inc=(p[k]-p[k-1])/(n[k]-n[k-1]); t=p[k]+(10000-n[k])*inc;
        printf "   per process: VmPTE %.0f B = %.3f MiB, PageTables increment %.0f B\n", v, v/2^20, inc;
        printf "   PageTables(10000) = %.0f B = %.1f MiB = %.2f GiB\n", t, t/2^20, t/2^30}' "$tmp/repro-bassel.csv"
