package dev.ptshare.proc;

/**
 * The mm_struct numbers that task_mem() (status), do_task_stat() (stat) and task_statm() read.
 * Counters are in 4 KiB pages, as the kernel keeps them; addresses are bytes.
 *
 * @param totalVm       mm->total_vm (pages)
 * @param lockedVm      mm->locked_vm (pages)
 * @param pinnedVm      mm->pinned_vm (pages)
 * @param hiwaterVm     mm->hiwater_vm (pages; VmPeak prints max(this, totalVm))
 * @param hiwaterRss    mm->hiwater_rss (pages; VmHWM prints max(this, rss))
 * @param anonPages     MM_ANONPAGES (pages)
 * @param filePages     MM_FILEPAGES (pages)
 * @param shmemPages    MM_SHMEMPAGES (pages)
 * @param swapEnts      MM_SWAPENTS (pages)
 * @param dataVm        mm->data_vm (pages)
 * @param execVm        mm->exec_vm (pages)
 * @param stackVm       mm->stack_vm (pages)
 * @param pgtablesBytes mm_pgtables_bytes() (bytes)
 * @param hugetlbUsage  mm->hugetlb_usage (base pages)
 * @param startCode     mm->start_code
 * @param endCode       mm->end_code
 * @param startData     mm->start_data
 * @param endData       mm->end_data
 * @param startBrk      mm->start_brk
 * @param startStack    mm->start_stack
 * @param argStart      mm->arg_start
 * @param argEnd        mm->arg_end
 * @param envStart      mm->env_start
 * @param envEnd        mm->env_end
 */
public record MmStats(
        long totalVm,
        long lockedVm,
        long pinnedVm,
        long hiwaterVm,
        long hiwaterRss,
        long anonPages,
        long filePages,
        long shmemPages,
        long swapEnts,
        long dataVm,
        long execVm,
        long stackVm,
        long pgtablesBytes,
        long hugetlbUsage,
        long startCode,
        long endCode,
        long startData,
        long endData,
        long startBrk,
        long startStack,
        long argStart,
        long argEnd,
        long envStart,
        long envEnd) {

    /** get_mm_rss(): anon + file + shmem pages. */
    public long rss() {
        return anonPages + filePages + shmemPages;
    }

    /** task_vsize(): total_vm in bytes. */
    public long vsizeBytes() {
        return totalVm * 4096;
    }

    /** task_mem(): text = min(PAGE_ALIGN(end_code) - (start_code & PAGE_MASK), exec_vm pages). */
    public long textBytes() {
        long text = ((endCode + 4095) & ~4095L) - (startCode & ~4095L);
        return Math.min(text, execVm << 12);
    }

    /** task_mem(): lib = exec_vm bytes - text. */
    public long libBytes() {
        return (execVm << 12) - textBytes();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds an MmStats; every field starts at 0. */
    public static final class Builder {
        private long totalVm, lockedVm, pinnedVm, hiwaterVm, hiwaterRss;
        private long anonPages, filePages, shmemPages, swapEnts;
        private long dataVm, execVm, stackVm, pgtablesBytes, hugetlbUsage;
        private long startCode, endCode, startData, endData, startBrk, startStack;
        private long argStart, argEnd, envStart, envEnd;

        public Builder totalVm(long v) {
            totalVm = v;
            return this;
        }

        public Builder lockedVm(long v) {
            lockedVm = v;
            return this;
        }

        public Builder pinnedVm(long v) {
            pinnedVm = v;
            return this;
        }

        public Builder hiwaterVm(long v) {
            hiwaterVm = v;
            return this;
        }

        public Builder hiwaterRss(long v) {
            hiwaterRss = v;
            return this;
        }

        public Builder anonPages(long v) {
            anonPages = v;
            return this;
        }

        public Builder filePages(long v) {
            filePages = v;
            return this;
        }

        public Builder shmemPages(long v) {
            shmemPages = v;
            return this;
        }

        public Builder swapEnts(long v) {
            swapEnts = v;
            return this;
        }

        public Builder dataVm(long v) {
            dataVm = v;
            return this;
        }

        public Builder execVm(long v) {
            execVm = v;
            return this;
        }

        public Builder stackVm(long v) {
            stackVm = v;
            return this;
        }

        public Builder pgtablesBytes(long v) {
            pgtablesBytes = v;
            return this;
        }

        public Builder hugetlbUsage(long v) {
            hugetlbUsage = v;
            return this;
        }

        public Builder startCode(long v) {
            startCode = v;
            return this;
        }

        public Builder endCode(long v) {
            endCode = v;
            return this;
        }

        public Builder startData(long v) {
            startData = v;
            return this;
        }

        public Builder endData(long v) {
            endData = v;
            return this;
        }

        public Builder startBrk(long v) {
            startBrk = v;
            return this;
        }

        public Builder startStack(long v) {
            startStack = v;
            return this;
        }

        public Builder argStart(long v) {
            argStart = v;
            return this;
        }

        public Builder argEnd(long v) {
            argEnd = v;
            return this;
        }

        public Builder envStart(long v) {
            envStart = v;
            return this;
        }

        public Builder envEnd(long v) {
            envEnd = v;
            return this;
        }

        public MmStats build() {
            return new MmStats(totalVm, lockedVm, pinnedVm, hiwaterVm, hiwaterRss, anonPages,
                    filePages, shmemPages, swapEnts, dataVm, execVm, stackVm, pgtablesBytes,
                    hugetlbUsage,
                    startCode, endCode, startData, endData, startBrk, startStack, argStart, argEnd,
                    envStart, envEnd);
        }
    }
}
