#!/usr/bin/env bash
# Builds and runs scripts/calibrate/forkcost.c on this machine's kernel: the measurements behind
# the per-operation costs of docs/cost-model.md. Usage: measure.sh [MIB (1024)] [REPEAT (9)].
# Needs gcc, about 5 GiB of free memory at MIB=1024 and a minute or two.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="$(mktemp -d)/forkcost"
gcc -O2 -Wall -Wextra -pthread -o "$bin" "$here/forkcost.c"
echo "# kernel $(uname -r), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) CPUs"
echo "# THP $(cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null || echo '?')"
"$bin" "$@"
rm -rf "$(dirname "$bin")"
