package dev.ptshare.proc;

/**
 * struct mem_size_stats (fs/proc/task_mmu.c): the numbers of one smaps block, or of
 * smaps_rollup. Sizes are bytes; the pss fields are fixed point, bytes << {@link
 * PssAccumulator#PSS_SHIFT}, exactly as the kernel accumulates them. Build it with {@link
 * PssAccumulator}.
 */
public record SmapsStats(
        long resident,
        long sharedClean,
        long sharedDirty,
        long privateClean,
        long privateDirty,
        long referenced,
        long anonymous,
        long lazyfree,
        long anonymousThp,
        long shmemThp,
        long fileThp,
        long swap,
        long sharedHugetlb,
        long privateHugetlb,
        long ksm,
        long pss,
        long pssAnon,
        long pssFile,
        long pssShmem,
        long pssDirty,
        long pssLocked,
        long swapPss) {

    public static final SmapsStats ZERO = new SmapsStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0);

    /** Field-wise sum: what smaps_rollup gets by gathering every VMA into one mem_size_stats. */
    public SmapsStats plus(SmapsStats o) {
        return new SmapsStats(
                resident + o.resident,
                sharedClean + o.sharedClean,
                sharedDirty + o.sharedDirty,
                privateClean + o.privateClean,
                privateDirty + o.privateDirty,
                referenced + o.referenced,
                anonymous + o.anonymous,
                lazyfree + o.lazyfree,
                anonymousThp + o.anonymousThp,
                shmemThp + o.shmemThp,
                fileThp + o.fileThp,
                swap + o.swap,
                sharedHugetlb + o.sharedHugetlb,
                privateHugetlb + o.privateHugetlb,
                ksm + o.ksm,
                pss + o.pss,
                pssAnon + o.pssAnon,
                pssFile + o.pssFile,
                pssShmem + o.pssShmem,
                pssDirty + o.pssDirty,
                pssLocked + o.pssLocked,
                swapPss + o.swapPss);
    }

    /** The Pss line's value in kB: (pss >> PSS_SHIFT) >> 10. */
    public long pssKb() {
        return (pss >>> PssAccumulator.PSS_SHIFT) >>> 10;
    }
}
