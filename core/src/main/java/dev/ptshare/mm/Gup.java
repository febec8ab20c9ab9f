package dev.ptshare.mm;

import dev.ptshare.arch.PageTableStore;
import dev.ptshare.arch.Pte;
import dev.ptshare.kernel.Errno;

/**
 * Faulting pages in on behalf of the kernel (mm/gup.c): populate_vma_page_range() for
 * MAP_POPULATE and mlock, and faultin_page_range() for MADV_POPULATE_(READ|WRITE). Pages whose
 * PTE already allows the access are skipped (follow_page_mask); the rest go through
 * handle_mm_fault(), whose faults count in the task's min_flt/maj_flt like any other.
 */
public final class Gup {
    /**
     * What a GUP call returns when a fault waits in handle_userfault() (a write to a uffd-wp
     * page): the system call blocks until the userfaultfd reader resolves it; the script sees
     * {@code UFFD_WP}.
     */
    public static final int UFFD_BLOCKED = Integer.MIN_VALUE;

    /** The address of the last fault that returned {@link #UFFD_BLOCKED}. */
    public long blockedAt;

    private final MmCore core;

    Gup(MmCore core) {
        this.core = core;
    }

    /** __mm_populate(): errors are ignored by mmap, as the kernel does. */
    public void mmPopulate(Mm mm, long start, long len, FaultAccount acct) {
        long end = start + len;
        for (Vma vma : mm.vmas.range(start, end).toArray(new Vma[0])) {
            if (vma.test(VmFlags.VM_IO | VmFlags.VM_PFNMAP)) continue;
            if ((vma.flags & VmFlags.VM_ACCESS_FLAGS) == 0) continue;
            boolean write = (vma.flags & (VmFlags.VM_WRITE | VmFlags.VM_SHARED))
                    == VmFlags.VM_WRITE;
            faultin(vma, Math.max(start, vma.start), Math.min(end, vma.end), write, acct);
        }
    }

    /** faultin_page_range() for MADV_POPULATE_READ/WRITE: 0 or -errno. */
    public int populateRange(Mm mm, long start, long end, boolean write, FaultAccount acct) {
        long addr = start;
        while (addr < end) {
            Vma vma = mm.vmas.lookup(addr);
            if (vma == null) return -Errno.ENOMEM;
            if (vma.test(VmFlags.VM_IO | VmFlags.VM_PFNMAP)) return -Errno.EINVAL;
            long need = write ? VmFlags.VM_WRITE : VmFlags.VM_READ;
            if ((vma.flags & need) == 0) return -Errno.EINVAL;
            if (write && vma.privateData instanceof SpecialMapping s) {
                int err = s.gupWrite(vma);
                if (err != 0) return err;
            }
            long e = Math.min(end, vma.end);
            int r = faultin(vma, addr, e, write, acct);
            if (r != 0) return r;
            addr = e;
        }
        return 0;
    }

    /**
     * process_vm_rw_core() for a write: page by page, pin_user_pages_remote() with FOLL_WRITE
     * (check_vma_flags(): a VMA without VM_WRITE, or VM_IO/VM_PFNMAP, is EFAULT; no FOLL_FORCE),
     * then copy into the pinned page. Returns the bytes written before the first page that could
     * not be pinned, or -EFAULT if that was the first. Faults count for the caller ({@code
     * acct}, mm_account_fault() with no regs).
     */
    public long remoteWrite(Mm mm, long addr, byte[] data, FaultAccount acct) {
        long done = 0;
        while (done < data.length) {
            long a = addr + done;
            long page = a & ~4095L;
            Vma vma = mm.vmas.lookup(a);
            if (vma == null || !vma.test(VmFlags.VM_WRITE)
                    || vma.test(VmFlags.VM_IO | VmFlags.VM_PFNMAP))
                break;
            if (vma.privateData instanceof SpecialMapping s && s.gupWrite(vma) != 0) break;
            if (vma.test(VmFlags.VM_UFFD_WP))
                throw dev.ptshare.kernel.CallError
                        .notModelled("process_vm_writev into a userfaultfd-wp range");
            if (faultin(vma, page, page + 4096, true, acct) != 0) break;
            long p = followPfn(vma, a);
            if (p < 0) break;
            int pfn = (int) p;
            core.phys.set(pfn, dev.ptshare.phys.PhysMem.F_DIRTY); // unpin_user_pages_dirty_lock()
            int n = (int) Math.min(data.length - done, page + 4096 - a);
            for (int i = 0; i < n; i++)
                core.phys.writeByte(pfn, (int) (a - page) + i, data[(int) done + i] & 0xff);
            done += n;
        }
        return done > 0 ? done : -Errno.EFAULT;
    }

    /** __get_user_pages() over [start, end) of one VMA. */
    private int faultin(Vma vma, long start, long end, boolean write, FaultAccount acct) {
        for (long a = start; a < end; a += 4096) {
            while (!follow(vma, a, write)) {
                int r = core.memory.handleMmFault(vma, a, write ? Memory.FAULT_FLAG_WRITE : 0);
                // A fault that only linked page tables returned before mm_account_fault().
                if ((r & dev.ptshare.kernel.UserAccess.LINKED) == 0 && acct.accountFault(r))
                    core.faults++;
                if ((r & Memory.VM_FAULT_RETRY) != 0) {
                    blockedAt = a;
                    return UFFD_BLOCKED;
                }
                if ((r & Memory.VM_FAULT_OOM) != 0) return -Errno.ENOMEM;
                if ((r & (Memory.VM_FAULT_SIGBUS | Memory.VM_FAULT_SIGSEGV)) != 0)
                    return -Errno.EFAULT;
            }
        }
        return 0;
    }

    /** follow_page_pte(): is there a PTE that allows this access already? */
    private boolean follow(Vma vma, long addr, boolean write) {
        if (vma.test(VmFlags.VM_HUGETLB)) {
            long e = hugeEntry(vma, addr);
            return Pte.present(e) && (!write || Pte.writable(e));
        }
        int pt = core.pgtable.pteTable(vma.mm, addr);
        if (pt < 0) return false;
        long e = core.tables.get(pt, (int) (addr >>> 12) & 511);
        if (!Pte.present(e)) return false;
        // A COW-ed table refuses writes at the PMD: FOLL_WRITE must fault to break COW.
        return !write || Pte.writable(e) && !core.cowPte.isCowed(vma.mm, addr);
    }

    /** The PMD or PUD leaf that maps addr in a hugetlb VMA, or 0. */
    private long hugeEntry(Vma vma, long addr) {
        int level = vma.inode().pageSize == Hugetlb.SZ_1G ? PageTableStore.PUD : PageTableStore.PMD;
        int t = core.pgtable.table(vma.mm, addr, level, false);
        return t < 0 ? 0 : core.tables.get(t, PgtableAlloc.index(addr, level));
    }

    /** The frame that maps addr (follow_page_mask() after a successful faultin), or -1. */
    private long followPfn(Vma vma, long addr) {
        if (vma.test(VmFlags.VM_HUGETLB)) {
            long e = hugeEntry(vma, addr);
            long size = vma.inode().pageSize;
            return Pte.present(e)
                    ? (Pte.pfn(e) & ~((size >>> 12) - 1)) + ((addr & (size - 1)) >>> 12)
                    : -1;
        }
        int pt = core.pgtable.pteTable(vma.mm, addr);
        if (pt < 0) return -1;
        long e = core.tables.get(pt, (int) (addr >>> 12) & 511);
        return Pte.present(e) ? Pte.pfn(e) : -1;
    }
}
