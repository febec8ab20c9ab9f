package dev.ptshare.kernel;

import dev.ptshare.arch.Cpu;
import dev.ptshare.arch.Mmu;
import dev.ptshare.mm.Memory;
import dev.ptshare.mm.MmCore;
import dev.ptshare.mm.Mutant;
import dev.ptshare.mm.VmFlags;
import dev.ptshare.mm.Vma;
import dev.ptshare.phys.PhysMem;

/**
 * User-space loads, stores and instruction fetches: through the TLB and page walk of the CPU
 * the task runs on, and on a page fault through do_user_addr_fault() (arch/x86/mm/fault.c):
 * find the VMA, access_error(), handle_mm_fault(), mm_account_fault(), then retry.
 *
 * <p>Each access returns a physical address, or a negative signal number.
 */
public final class UserAccess {
    /** A fault that does not resolve after this many retries is a model bug. */
    private static final int MAX_RETRIES = 16;

    /**
     * Not a signal: the access waits in handle_userfault() for a userfaultfd-wp fault (the
     * script sees {@code UFFD_WP}; nothing is written). {@link #uffdAddr} holds the address.
     */
    public static final int UFFD_WP = 1 << 16;

    /** The address of the last access stopped with {@link #UFFD_WP}. */
    public long uffdAddr;

    private final Kernel k;
    /** The kernel's CPUs, MMU and mm core, held here too: one load less on every access. */
    private final Cpu[] cpus;

    private final Mmu mmu;
    private final MmCore mm;

    UserAccess(Kernel k) {
        this.k = k;
        this.cpus = k.cpus;
        this.mmu = k.mmu;
        this.mm = k.mm;
    }

    /**
     * Or'ed into a FaultRedirect result when the fault only linked page tables and returned
     * before handle_mm_fault() (mshare V3-14 "goto done"): mm_account_fault() never saw it.
     */
    public static final int LINKED = 1 << 24;

    /** Hook for special mappings that redirect faults (mshare's find_shared_vma()). */
    public interface FaultRedirect {
        /** Returns a VM_FAULT result, or -1 to let the ordinary path handle it. */
        int fault(Task t, Vma vma, long addr, int errorCode);
    }

    /** Translates one access of {@code t} at va; physical address or -signal. */
    public long translate(Task t, long va, int access) {
        Cpu cpu = cpus[t.cpu];
        long r = mmu.translate(cpu, va, access);
        return r >= 0 ? r : fault(t, cpu, va, access, r);
    }

    /** The access faulted ({@code r}): handle the fault and retry, until it goes through. */
    private long fault(Task t, Cpu cpu, long va, int access, long r) {
        for (int tries = 1;; tries++) {
            int sig = doUserAddrFault(t, cpu, va, Mmu.errorCode(r));
            if (sig != 0) return -sig;
            r = mmu.auditor != null ? mmu.translate(cpu, va, access)
                    : mmu.translateMissed(cpu, va, access);
            if (r >= 0) return r;
            if (tries == MAX_RETRIES) {
                throw new IllegalStateException(
                        "fault loop at 0x" + Long.toHexString(va) + " in " + t.name);
            }
        }
    }

    /** do_user_addr_fault(): 0 to retry the access, or the signal to deliver. */
    int doUserAddrFault(Task t, Cpu cpu, long addr, int errorCode) {
        Vma vma = t.mm.vmas.find(addr);
        if (vma == null || vma.start > addr) return Signal.SIGSEGV; // bad_area (no stack growth)
        boolean redirected = vma.privateData instanceof FaultRedirect;
        if (!redirected && accessError(errorCode, vma) && !k.mm.mutant(Mutant.SKIP_ACCESS_ERROR))
            return Signal.SIGSEGV;
        int flags = Memory.FAULT_FLAG_USER;
        if ((errorCode & Mmu.PF_WRITE) != 0) flags |= Memory.FAULT_FLAG_WRITE;
        if ((errorCode & Mmu.PF_INSTR) != 0) flags |= Memory.FAULT_FLAG_INSTRUCTION;
        int r;
        if (vma.privateData instanceof FaultRedirect redirect) {
            r = redirect.fault(t, vma, addr, errorCode);
        } else {
            r = mm.memory.handleMmFault(vma, addr, flags);
        }
        if ((r & LINKED) == 0 && t.accountFault(r)) mm.faults++;
        r &= ~LINKED;
        if ((r & (Memory.VM_FAULT_ERROR | Memory.VM_FAULT_RETRY)) == 0) return 0;
        if ((r & Memory.VM_FAULT_OOM) != 0) {
            // pagefault_out_of_memory(): kill something and let the access retry.
            Task victim = k.oom.outOfMemory();
            if (victim == null || !t.alive) return Signal.SIGKILL;
            k.enter(t);
            return 0;
        }
        if ((r & Memory.VM_FAULT_SIGBUS) != 0) return Signal.SIGBUS;
        if ((r & Memory.VM_FAULT_SIGSEGV) != 0) return Signal.SIGSEGV;
        if ((r & Memory.VM_FAULT_RETRY) != 0) {
            uffdAddr = addr;
            return UFFD_WP;
        }
        return 0;
    }

    /** access_error() (arch/x86/mm/fault.c). */
    public static boolean accessError(int errorCode, Vma vma) {
        if ((errorCode & Mmu.PF_WRITE) != 0) return !vma.test(VmFlags.VM_WRITE);
        if ((errorCode & Mmu.PF_PROT) != 0) return true; // read, present
        return (vma.flags & VmFlags.VM_ACCESS_FLAGS) == 0; // read, not present: !vma_is_accessible
    }

    /** Reads {@code len} (1..8) bytes little-endian; the value, or sets {@link #signal}. */
    public long load(Task t, long addr, int len) {
        signal = 0;
        long v = 0;
        for (int i = 0; i < len;) {
            long pa = translate(t, addr + i, Mmu.READ);
            if (pa < 0) {
                signal = (int) -pa;
                return 0;
            }
            int pfn = (int) (pa >>> 12);
            int off = (int) (pa & 4095);
            for (; i < len && off < 4096; i++, off++)
                v |= (long) k.phys.readByte(pfn, off) << (8 * i);
        }
        return v;
    }

    /** Signal raised by the last access (0 if none). */
    public int signal;

    public byte[] loadBytes(Task t, long addr, int len) {
        signal = 0;
        byte[] out = new byte[len];
        for (int i = 0; i < len;) {
            long pa = translate(t, addr + i, Mmu.READ);
            if (pa < 0) {
                signal = (int) -pa;
                return null;
            }
            int pfn = (int) (pa >>> 12);
            int off = (int) (pa & 4095);
            for (; i < len && off < 4096; i++, off++) out[i] = (byte) k.phys.readByte(pfn, off);
        }
        return out;
    }

    /** Stores bytes; returns 0 or the signal. */
    public int storeBytes(Task t, long addr, byte[] data) {
        for (int i = 0; i < data.length;) {
            long pa = translate(t, addr + i, Mmu.WRITE);
            if (pa < 0) return (int) -pa;
            int pfn = (int) (pa >>> 12);
            int off = (int) (pa & 4095);
            for (; i < data.length && off < 4096; i++, off++) write(pfn, off, data[i]);
        }
        return 0;
    }

    private void write(int pfn, int off, byte b) {
        if (pfn == PhysMem.ZERO_PFN) {
            // Only reachable through a model bug or mutant: the zero page is never writable.
            throw new IllegalStateException("store reached the zero page");
        }
        k.phys.writeByte(pfn, off, b);
    }

    /** An instruction fetch at addr: 0 or the signal. */
    public int fetch(Task t, long addr) {
        long pa = translate(t, addr, Mmu.FETCH);
        return pa < 0 ? (int) -pa : 0;
    }

    /**
     * touch: every base page of [addr, addr+len) once, in order. A write touch is one
     * read-modify-write access (like x86 {@code add $0, (p)}): it faults as a write and stores back
     * the byte it finds, so contents stay as they were. Returns 0 or the first signal; {@link
     * #touchFailedAt} then holds the address.
     */
    public int touch(Task t, long addr, long len, boolean write) {
        if (len > 0 && ((addr ^ (addr + len - 1)) & ~4095L) == 0) {
            // One base page (a load or store, a partial touch): no bulk step can apply.
            long a = addr & ~4095L;
            long pa = translate(t, a, write ? Mmu.WRITE : Mmu.READ);
            if (pa >= 0) return 0;
            touchFailedAt = a;
            return (int) -pa;
        }
        return touchRange(t, addr, len, write);
    }

    private int touchRange(Task t, long addr, long len, boolean write) {
        long end = addr + len;
        int access = write ? Mmu.WRITE : Mmu.READ;
        long bulkEnd = -1;
        for (long a = addr & ~4095L; a < end;) {
            if ((a & (CHUNK - 1)) == 0 && a + CHUNK <= end) {
                Vma hv = t.mm.vmas.lookup(a);
                if (hv != null && hv.test(dev.ptshare.mm.VmFlags.VM_HUGETLB)
                        && hv.privateData == null) {
                    long stop = Math.min(end & ~(CHUNK - 1), hv.end);
                    long faults = k.mm.bulk.hugeFillRange(hv, a, stop, write);
                    if (faults >= 0) {
                        t.minFlt += faults;
                        k.mm.faults += faults;
                        a = stop;
                        bulkEnd = a;
                        continue;
                    }
                }
            }
            if ((a & (GIB - 1)) == 0 && a + GIB <= end && bulkGib(t, a, write)) {
                a += GIB;
                bulkEnd = a;
                continue;
            }
            if ((a & (CHUNK - 1)) == 0 && a + CHUNK <= end && bulkChunk(t, a, write)) {
                a += CHUNK;
                bulkEnd = a;
                continue;
            }
            long pa = translate(t, a, access);
            if (pa < 0) {
                touchFailedAt = a;
                return (int) -pa;
            }
            a += 4096;
        }
        if (bulkEnd > 0)
            replayTlb(t, Math.max(addr & ~4095L, bulkEnd - TLB_REPLAY), bulkEnd, access);
        return 0;
    }

    private static final long CHUNK = 1L << 21;
    private static final long GIB = 1L << 30;

    /** A whole mapped 1 GiB in one step (BulkAccess.touchGib); false to go chunk by chunk. */
    private boolean bulkGib(Task t, long a, boolean write) {
        Vma vma = t.mm.vmas.lookup(a);
        Vma.Target tg = vma != null && vma.privateData instanceof BulkRedirect r
                ? r.bulkTargetGib(t, vma, a, write)
                : bulkTarget(t, a);
        return tg != null && k.mm.bulk.touchGib(tg.vma(), tg.addr(), write);
    }

    /** Where the pages at a live for a bulk step (through a BulkRedirect), or null. */
    private static Vma.Target bulkTarget(Task t, long a) {
        Vma vma = t.mm.vmas.lookup(a);
        if (vma == null) return null;
        if (vma.privateData instanceof BulkRedirect r) return r.bulkTarget(t, vma, a);
        return vma.privateData == null ? new Vma.Target(vma, a) : null;
    }

    /** The last pages of a bulk touch go through the TLB, which then holds what it would. */
    private static final long TLB_REPLAY = 512L * 4096;

    /** Special mappings that let bulk touches reach the mm that owns the pages (mshare). */
    public interface BulkRedirect {
        /** The VMA and address the chunk's pages live at, linking first if needed; or null. */
        Vma.Target bulkTarget(Task t, Vma vma, long addr);

        /** As {@link #bulkTarget} for a whole GiB at addr, or null to go chunk by chunk. */
        default Vma.Target bulkTargetGib(Task t, Vma vma, long addr, boolean write) {
            return bulkTarget(t, vma, addr);
        }

        /** After a bulk step at addr succeeded: what the retried fault would still have done. */
        default void bulkDone(Task t, Vma vma, long addr) {}
    }

    /** One 2 MiB chunk a table at a time (BulkAccess); false to go page by page. */
    private boolean bulkChunk(Task t, long a, boolean write) {
        Vma.Target tg = bulkTarget(t, a);
        if (tg == null) return false;
        int faults = k.mm.bulk.touchChunk(tg.vma(), tg.addr(), write);
        if (faults < 0) return false;
        t.minFlt += faults;
        k.mm.faults += faults;
        Vma vma = t.mm.vmas.lookup(a);
        if (vma.privateData instanceof BulkRedirect r) r.bulkDone(t, vma, a);
        return true;
    }

    private void replayTlb(Task t, long from, long to, int access) {
        Vma v = t.mm.vmas.lookup(to - 1);
        long step = v != null && v.test(dev.ptshare.mm.VmFlags.VM_HUGETLB) ? v.inode().pageSize
                : 4096;
        for (long a = Math.max(from, to - TLB_REPLAY / 4096 * step); a < to; a += step)
            translate(t, a, access);
    }

    public long touchFailedAt;
}
