#!/usr/bin/env bash
# The copying the posted VM_COPY_ON_FORK rule did for nothing (docs/fork-rules.md): a shmem
# mapping of SIZE, every page mapped, registered for userfaultfd-wp by a userfaultfd without
# UFFD_FEATURE_EVENT_FORK and write-protected, then one fork, under each machine fork_rule.
# The child loses VM_UFFD_WP (dup_userfaultfd()), so what fork copies it cannot use: it would
# have faulted the pages in from the page cache anyway.
#   scripts/repro/fork-rules.sh            # 2 MiB and 1 GiB, about 30 s
# Columns: entries fork wrote into the child's PTE tables (TASK.fork_ptes_copied), pages it
# accounted (ops.page_accounted), page-table pages it allocated (ops.table_allocated, the
# child's PGD included), the child's VmPTE, and the fork's page-table work priced with the
# bare-metal calibration of docs/cost-model.md (1.5 ns a PTE, 13.1 ns a page, 219 ns a table):
# MODELLED time, not a measurement.
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp="${TMPDIR:-/tmp}/repro-fork-rules"
mkdir -p "$tmp"
echo "== git $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
printf '%-8s %-7s %10s %10s %8s %10s %14s\n' size rule ptes pages tables VmPTE "modelled_us"
for size in 2MiB 1GiB; do
    for rule in 6.18 posted fixed; do
        f="$tmp/$rule-$size.pts"
        cat > "$f" <<PTS
machine cpus=2 memory=4GiB fork_rule=$rule
task p
p: fd = memfd_create "m" 0
p: ftruncate fd $size -> 0
p: m = mmap 0x40000000 $size PROT_READ|PROT_WRITE MAP_SHARED fd 0 -> 0x40000000
p: touch m $size write -> 0
p: u = userfaultfd O_CLOEXEC
p: ioctl u UFFDIO_API api=UFFD_API features=0 -> 0
p: ioctl u UFFDIO_REGISTER start=m len=$size mode=UFFDIO_REGISTER_MODE_WP -> 0
p: ioctl u UFFDIO_WRITEPROTECT start=m len=$size mode=UFFDIO_WRITEPROTECT_MODE_WP -> 0
mark m0
p: c = fork
check c.fork_ptes_copied >= 0
check ops.page_accounted - m0.ops.page_accounted >= 0
check ops.table_allocated - m0.ops.table_allocated >= 0
check c.VmPTE >= 0
PTS
        ./ptshare run "$f" | awk -v size="$size" -v rule="$rule" '
            /check/ { v[++n] = $3 }
            END { us = (v[1] * 1.5 + v[2] * 13.1 + v[3] * 219) / 1000
                  printf "%-8s %-7s %10d %10d %8d %7d kB %14.1f\n", size, rule, v[1], v[2], v[3], v[4] / 1024, us }'
    done
done
