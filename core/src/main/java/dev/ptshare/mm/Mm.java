package dev.ptshare.mm;

import dev.ptshare.arch.MmContext;

/** An mm_struct: page tables (via {@link MmContext}), VMAs and the counters /proc reads. */
public final class Mm {
    /** mm_counter indices (include/linux/mm_types_task.h). */
    public static final int MM_FILEPAGES = 0, MM_ANONPAGES = 1, MM_SWAPENTS = 2, MM_SHMEMPAGES = 3;

    /** TASK_SIZE_MAX for 4-level paging (arch/x86/include/asm/page_64_types.h). */
    public static final long TASK_SIZE_4L = (1L << 47) - 4096;

    public static final long TASK_SIZE_5L = (1L << 56) - 4096;

    public final int id;
    public final MmContext ctx;
    public final VmaTree vmas = new VmaTree();
    public final long taskSize;
    /** mmap_base (arch/x86/mm/mmap.c) with ASLR off and no stack: TASK_SIZE - 128 MiB. */
    public long mmapBase;
    /** Addresses above 128 TiB are handed out only for high hints (5-level paging). */
    public final long defaultLimit;

    /**
     * Page-table entries the fork that created this mm wrote into its PTE tables (copy_pte_range()
     * in dup_mmap()); {@code TASK.fork_ptes_copied}. 0 for an mm that no fork created.
     */
    public long forkPtesCopied;

    /** mm_pgtables_bytes(): PTE, PMD and PUD tables charged to this mm (not PGD/P4D). */
    public long pgtablesBytes;

    public final long[] rss = new long[4];
    public long hiwaterRss;
    public long hiwaterVm;
    public long totalVm;
    public long lockedVm;
    public long pinnedVm;
    public long dataVm;
    public long execVm;
    public long stackVm;
    /** mm->hugetlb_usage in base pages (status HugetlbPages). */
    public long hugetlbUsage;
    /**
     * MMU notifier invalidate hook (mmu_notifier_arch_invalidate_secondary_tlbs): the mshare host
     * mm runs on no CPU, so its page-table changes are flushed on every CPU through it.
     */
    public Runnable invalidateHook;
    /** mm_users: tasks using this mm. */
    public int users = 1;
    /** MMF_* flags. */
    public long mmFlags;

    public Mm(int id, MmContext ctx) {
        this.id = id;
        this.ctx = ctx;
        this.taskSize = ctx.levels == 5 ? TASK_SIZE_5L : TASK_SIZE_4L;
        this.defaultLimit = TASK_SIZE_4L;
        this.mmapBase = TASK_SIZE_4L - (128L << 20);
    }

    public long rssPages() {
        return rss[MM_FILEPAGES] + rss[MM_ANONPAGES] + rss[MM_SHMEMPAGES];
    }

    /** update_hiwater_rss(). */
    public void updateHiwaterRss() {
        long r = rssPages();
        if (r > hiwaterRss) hiwaterRss = r;
    }

    /** update_hiwater_vm(). */
    public void updateHiwaterVm() {
        if (totalVm > hiwaterVm) hiwaterVm = totalVm;
    }

    /** vm_stat_account(): total_vm and the data/exec/stack split of /proc/PID/status. */
    public void vmStatAccount(long flags, long npages) {
        totalVm += npages;
        if ((flags & (VmFlags.VM_EXEC | VmFlags.VM_WRITE)) == VmFlags.VM_EXEC) {
            execVm += npages;
        } else if ((flags & VmFlags.VM_GROWSDOWN) != 0) {
            stackVm += npages;
        } else if ((flags & (VmFlags.VM_WRITE | VmFlags.VM_SHARED | VmFlags.VM_GROWSDOWN))
                == VmFlags.VM_WRITE) {
            dataVm += npages;
        }
    }
}
