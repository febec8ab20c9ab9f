package dev.ptshare.check;

import dev.ptshare.kernel.Signal;
import dev.ptshare.mm.Madvise;
import dev.ptshare.mm.MapFlags;
import dev.ptshare.mm.Mremap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference model: what each process must observe, from first principles. It knows
 * mappings page by page (protection, backing object, private copy) and object contents, and
 * nothing about page tables, TLBs, VMAs or frames. Accesses are predicted; system calls that
 * the model completed are replayed here with their documented effect.
 */
final class Reference {
    private final Map<String, RefSpace> spaces = new HashMap<>();
    private final Map<String, RefObject> names = new HashMap<>();
    private final Map<String, String> threadOf = new HashMap<>();
    /** Mappings larger than this are not followed page by page (the checker skips them). */
    static final long MAX_PAGES = 1L << 22;

    RefSpace space(String task) {
        String owner = threadOf.getOrDefault(task, task);
        return spaces.computeIfAbsent(owner, t -> new RefSpace());
    }

    void fork(String parent, String child) {
        spaces.put(child, space(parent).fork());
    }

    void thread(String task, String thread) {
        threadOf.put(thread, threadOf.getOrDefault(task, task));
    }

    void execve(String task) {
        String owner = threadOf.getOrDefault(task, task);
        RefSpace old = space(task);
        RefSpace fresh = new RefSpace();
        fresh.fds.putAll(old.fds);
        fresh.uffds.putAll(old.uffds);
        spaces.put(owner, fresh);
    }

    // Files.

    RefObject lookup(String path) {
        return names.get(path);
    }

    void open(String task, String path, long fd, int flags) {
        RefObject o = names.computeIfAbsent(path, p -> new RefObject(p, 0));
        int acc = flags & 3;
        if ((flags & 01000) != 0 && acc != 0) truncate(o, 0);
        space(task).fds.put(fd, new RefSpace.RefFd(o, acc == 0 || acc == 2, acc == 1 || acc == 2));
    }

    void memfd(String task, String name, long fd) {
        space(task).fds.put(fd, new RefSpace.RefFd(new RefObject("memfd:" + name, 0), true, true));
    }

    void unlink(String path) {
        names.remove(path);
    }

    /** A mount at dir covers the names below it; open descriptors keep their objects. */
    void mounted(String dir) {
        String under = dir.equals("/") ? "/" : dir + "/";
        names.keySet().removeIf(n -> n.startsWith(under));
    }

    RefObject obj(String task, long fd) {
        RefSpace.RefFd f = space(task).fds.get(fd);
        return f == null ? null : f.obj();
    }

    void close(String task, long fd) {
        space(task).fds.remove(fd);
        space(task).uffds.remove(fd);
    }

    /** ftruncate: contents beyond the end go, private copies of them too. */
    void truncate(RefObject o, long size) {
        long keep = (size + 4095) >>> 12;
        if (size < o.size) {
            o.drop(keep, Long.MAX_VALUE);
            if (size % 4096 != 0) {
                byte[] last = o.pages.get(keep - 1);
                if (last != null) java.util.Arrays.fill(last, (int) (size % 4096), 4096, (byte) 0);
            }
            for (RefSpace s : spaces.values()) {
                for (RefPage p : s.pages.values())
                    if (p.obj == o && p.index >= keep) p.dropPrivate();
            }
        }
        o.size = size;
    }

    void punchHole(RefObject o, long from, long to) {
        o.drop(from, to);
    }

    // Memory.

    /** Installs pages for a completed mmap. Returns a divergence message or null. */
    String mmap(String task, long addr, long len, int prot, int flags, long fd, long off,
            long hugeSize) {
        RefSpace s = space(task);
        // hugetlb: the length is rounded up to the huge page size (hugetlb_file_setup, ksys_mmap_pgoff)
        if (hugeSize > 0) len = (len + hugeSize - 1) & -hugeSize;
        long pages = (len + 4095) >>> 12;
        if ((addr & 4095) != 0)
            return "mmap returned an unaligned address 0x" + Long.toHexString(addr);
        s.dropPtMaps(addr, addr + pages * 4096);
        boolean anon = (flags & MapFlags.MAP_ANONYMOUS) != 0;
        RefObject file = anon ? null : obj(task, fd);
        if (file != null && file.region != null) {
            s.regions.put(addr, new RefSpace.RegionMap(addr, len, file.region, false));
            return null;
        }
        s.clearUntracked(addr, addr + pages * 4096);
        if (pages > MAX_PAGES) {
            s.unmapRange(addr, addr + pages * 4096);
            s.untracked.put(addr, addr + pages * 4096);
            return null;
        }
        boolean fixed = (flags & (MapFlags.MAP_FIXED | MapFlags.MAP_FIXED_NOREPLACE)) != 0;
        long vpn = addr >>> 12;
        if (!fixed || (flags & MapFlags.MAP_FIXED_NOREPLACE) != 0) {
            for (long i = 0; i < pages; i++) {
                if (s.pages.containsKey(vpn + i)) {
                    return "mmap placed [0x" + Long.toHexString(addr) + ", +" + len
                            + ") over an existing mapping";
                }
            }
        }
        boolean shared = (flags & MapFlags.MAP_TYPE) != MapFlags.MAP_PRIVATE;
        RefObject o = anon ? (shared ? new RefObject("shared-anon", pages * 4096) : null)
                : obj(task, fd);
        // do_mmap(): a shared mapping of a file opened read-only never gets VM_MAYWRITE.
        boolean mayWrite = anon || !shared || s.fds.get(fd).writable();
        // mm_populate() of a private writable mapping faults with FOLL_WRITE: COW copies now.
        boolean cowNow = o != null && !shared && (prot & MapFlags.PROT_WRITE) != 0
                && (flags & (MapFlags.MAP_POPULATE | MapFlags.MAP_LOCKED)) != 0;
        for (long i = 0; i < pages; i++) {
            RefPage p = new RefPage();
            p.prot = prot & RWX; // calc_vm_prot_bits(): other bits (PROT_SEM, junk) are ignored
            p.hugeSize = hugeSize;
            p.obj = o;
            p.index = anon ? i : (off >>> 12) + i;
            p.shared = shared;
            p.mayWrite = mayWrite;
            p.growsdown = (flags & MapFlags.MAP_GROWSDOWN) != 0;
            if (cowNow && p.index < (o.size + 4095) >>> 12) p.data = o.copyPage(p.index);
            s.pages.put(vpn + i, p);
        }
        return null;
    }

    void munmap(String task, long addr, long len) {
        RefSpace s = space(task);
        s.dropPtMaps(addr, addr + ((len + 4095) & ~4095L));
        s.regions.values().removeIf(r -> r.start() >= addr && r.start() + r.len() <= addr + len);
        s.unmapRange(addr, addr + ((len + 4095) & ~4095L));
    }

    /** Whether the reference leaves [addr, addr + len) of task unjudged (an untracked mapping). */
    boolean untracked(String task, long addr, long len) {
        return space(task).untrackedIn(addr, addr + Math.max(1, len));
    }

    /**
     * mprotect up to the first hole (what the kernel has changed when it returns ENOMEM) or the
     * first MAP_SHARED_PT mapping it would split (EINVAL). A MAP_SHARED_PT mapping it covers
     * changes for every sharer.
     */
    void mprotect(String task, long addr, long len, int prot) {
        RefSpace s = space(task);
        long end = addr + ((len + 4095) & ~4095L);
        if ((prot & MapFlags.PROT_GROWSDOWN) != 0) {
            // PROT_GROWSDOWN: from the bottom of the MAP_GROWSDOWN mapping at addr.
            while (s.pages.get((addr >>> 12) - 1) instanceof RefPage below && below.growsdown)
                addr -= 4096;
        }
        prot &= RWX; // PROT_SEM is valid and means nothing on x86
        for (long va = addr; va < end; va += 4096) {
            RefPtGroup g = s.ptGroupAt(va);
            if (g != null) {
                if (g.splitBy(addr, end)) return;
                setPtProt(g, prot);
                va = g.end() - 4096;
                continue;
            }
            RefPage p = s.pages.get(va >>> 12);
            if (p == null) return;
            // do_mprotect_pkey(): VMA by VMA; the first one refused (EACCES) stops the walk.
            if ((prot & MapFlags.PROT_WRITE) != 0 && !p.mayWrite) return;
            p.prot = prot;
        }
    }

    /** Whether mprotect would meet a MAP_SHARED_PT mapping it splits before any hole (EINVAL). */
    boolean mprotectSplitsPt(String task, long addr, long len) {
        RefSpace s = space(task);
        long end = addr + ((len + 4095) & ~4095L);
        for (long va = addr; va < end; va += 4096) {
            RefPtGroup g = s.ptGroupAt(va);
            if (g != null) {
                if (g.splitBy(addr, end)) return true;
                va = g.end() - 4096;
                continue;
            }
            if (!s.pages.containsKey(va >>> 12)) return false;
        }
        return false;
    }

    void madvise(String task, long addr, long len, int advice) {
        RefSpace s = space(task);
        if (advice == Madvise.MADV_DONTFORK || advice == Madvise.MADV_DOFORK) {
            // madvise_vma_behavior(): VM_DONTCOPY on a guest VMA the range covers whole (a part
            // would need a split, which mshare_vm_op_split() refuses).
            long end = addr + len;
            s.regions.replaceAll((k, r) -> r.start() >= addr && r.start() + r.len() <= end
                    ? new RefSpace.RegionMap(r.start(), r.len(), r.region(),
                            advice == Madvise.MADV_DONTFORK)
                    : r);
        }
        for (long vpn : s.vpnsIn(addr >>> 12, (addr >>> 12) + ((len + 4095) >>> 12))) {
            RefPage p = s.pages.get(vpn);
            // madvise_walk_vmas() stops at the first VMA refused: WIPEONFORK needs private anon.
            boolean wipe = advice == Madvise.MADV_WIPEONFORK || advice == Madvise.MADV_KEEPONFORK;
            if (wipe && p.obj != null) return;
            switch (advice) {
                case Madvise.MADV_DONTNEED, Madvise.MADV_DONTNEED_LOCKED -> {
                    if (!p.shared) p.dropPrivate();
                    // zap_pte_range(): uffd-wp survives as a marker in file VMAs only
                    if (p.obj == null) p.wp = RefUffd.NO;
                }
                case Madvise.MADV_FREE -> {
                    if (p.data != null) p.lazyfree = true;
                }
                case Madvise.MADV_REMOVE -> {
                    if (p.obj != null) p.obj.drop(p.index, p.index + 1);
                }
                case Madvise.MADV_DONTFORK -> p.dontfork = true;
                case Madvise.MADV_DOFORK -> p.dontfork = false;
                case Madvise.MADV_WIPEONFORK -> p.wipeonfork = true;
                case Madvise.MADV_KEEPONFORK -> p.wipeonfork = false;
                case Madvise.MADV_GUARD_INSTALL -> {
                    p.guard = true;
                    p.dropPrivate();
                    p.wp = RefUffd.NO;
                }
                case Madvise.MADV_GUARD_REMOVE -> p.guard = false;
                default -> {
                }
            }
        }
    }

    void mremap(String task, long old, long oldLen, long newLen, int flags, long got) {
        RefSpace s = space(task);
        s.dropPtMaps(got, got + ((newLen + 4095) & ~4095L));
        long op = (oldLen + 4095) >>> 12, np = (newLen + 4095) >>> 12;
        if (op > MAX_PAGES || np > MAX_PAGES || s.untrackedIn(old, old + op * 4096)) {
            // Too large to follow page by page: the new range is left unjudged.
            if ((flags & Mremap.MREMAP_DONTUNMAP) == 0) s.unmapRange(old, old + op * 4096);
            s.unmapRange(got, got + np * 4096);
            s.untracked.put(got, got + np * 4096);
            return;
        }
        List<RefPage> moved = new ArrayList<>();
        for (long i = 0; i < op; i++) moved.add(s.pages.get((old >>> 12) + i));
        if ((flags & Mremap.MREMAP_DONTUNMAP) != 0) {
            for (long i = 0; i < op; i++) {
                RefPage p = moved.get((int) i);
                if (p == null) continue;
                RefPage left = p.copy();
                left.dropPrivate();
                left.wp = RefUffd.NO;
                s.pages.put((old >>> 12) + i, left);
            }
        } else {
            for (long i = 0; i < op; i++) s.pages.remove((old >>> 12) + i);
        }
        // old_len 0 on a shared mapping: a second mapping of the same pages from old on.
        RefPage last = op == 0 ? s.pages.get(old >>> 12) : moved.get(moved.size() - 1);
        if (op == 0 && last != null) {
            last = last.copy();
            last.index--;
        }
        for (long i = 0; i < np; i++) {
            RefPage p;
            if (i < op) {
                p = moved.get((int) i);
                if (p == null) continue;
            } else {
                p = last.copy();
                p.dropPrivate();
                p.guard = false;
                p.wp = RefUffd.NO;
                p.index = last.index + (i - op + 1);
            }
            // mremap_userfaultfd_prep(): a moved VMA stays registered only with EVENT_REMAP,
            // and move_ptes() drops the uffd-wp state of one that does not.
            if (got != old && p.uffd != null && !p.uffd.has(RefUffd.EVENT_REMAP)) {
                p.uffd = null;
                p.wp = RefUffd.NO;
            }
            s.pages.put((got >>> 12) + i, p);
        }
    }

    /**
     * A multi-VMA MREMAP_FIXED move (remap_move()) that failed with EFAULT: the VMAs before the
     * first one armed with a userfaultfd moved (vma_multi_allowed()), unless the range starts in a
     * gap or the first VMA is the armed one; nothing moved then.
     */
    void remapMoveStopped(String task, long old, long len, long newAddr) {
        RefSpace s = space(task);
        long first = -1, armed = -1;
        for (long i = 0; i < (len + 4095) >>> 12; i++) {
            RefPage p = s.pages.get((old >>> 12) + i);
            if (p == null) continue;
            if (first < 0) first = i;
            if (p.uffd != null) {
                armed = i;
                break;
            }
        }
        if (first != 0 || armed <= 0) return;
        mremap(task, old, armed << 12, armed << 12, Mremap.MREMAP_FIXED | Mremap.MREMAP_MAYMOVE,
                newAddr);
    }

    // MAP_SHARED_PT (RFC v2, April 2023).

    private static final long PMD_SIZE = 1L << 21;
    /** The MAP_SHARED_PT mapping of each file (address_space->ptshare_data). */
    private final Map<RefObject, RefPtGroup> ptGroups = new HashMap<>();
    /** The address spaces of the live tasks (set by the checker). */
    java.util.function.Supplier<java.util.Collection<RefSpace>> liveSpaces = List::of;

    /** The file's MAP_SHARED_PT mapping, if some live process still maps it. */
    private RefPtGroup liveGroup(RefObject o) {
        RefPtGroup g = ptGroups.get(o);
        if (g == null) return null;
        for (RefSpace s : liveSpaces.get()) if (g.memberOf(s)) return g;
        ptGroups.remove(o); // the last sharer went: the host mm is freed
        return null;
    }

    /**
     * Which MAP_SHARED_PT mapping a completed mmap must have joined (a new one for the first
     * mapper), or null when it must be an ordinary mapping: the rules of RFC v2 3/4 (a file that is
     * not hugetlbfs, PMD-aligned start and size; a later mapper with the same start, size and
     * permissions).
     */
    RefPtGroup sharedPtTarget(String task, long addr, long len, int prot, int flags, long fd,
            boolean hugetlb) {
        if ((flags & MapFlags.MAP_ANONYMOUS) != 0 || hugetlb) return null;
        RefSpace.RefFd f = space(task).fds.get(fd);
        if (f == null || f.obj().region != null) return null;
        long alen = (len + 4095) & ~4095L;
        if (((addr | alen) & (PMD_SIZE - 1)) != 0) return null;
        RefPtGroup g = liveGroup(f.obj());
        if (g == null) return new RefPtGroup(f.obj(), addr, alen, prot & 7, f.writable());
        boolean same = g.start == addr && g.len == alen && g.prot == (prot & 7)
                && g.writable == f.writable();
        return same ? g : null;
    }

    /** The completed mmap joined (or created) {@code g}. */
    void sharedPtJoin(String task, RefPtGroup g) {
        ptGroups.put(g.obj, g);
        space(task).ptMaps.put(g.start, g);
    }

    /** One sharer's mprotect of the whole mapping: every sharer's pages get the protection. */
    private void setPtProt(RefPtGroup g, int prot) {
        g.prot = prot & 7;
        long pages = Math.min(g.len >>> 12, MAX_PAGES);
        for (RefSpace s : liveSpaces.get()) {
            if (!g.memberOf(s)) continue;
            for (long i = 0; i < pages; i++) {
                RefPage p = s.pages.get((g.start >>> 12) + i);
                if (p != null) p.prot = prot;
            }
        }
    }

    // mshare.

    final java.util.List<RefRegion> regions = new java.util.ArrayList<>();

    /** A region file created on msharefs: its creator owns it. */
    void regionCreated(RefObject file, String owner) {
        file.region = new RefRegion(owner);
        regions.add(file.region);
    }

    /** exit_mshare(): the owner's regions lose every object. */
    void ownerExited(String task) {
        for (RefRegion r : regions) {
            if (r.owner.equals(task) && r.ownerAlive) {
                r.ownerAlive = false;
                r.objs.clear();
            }
        }
    }

    private static final int RWX = MapFlags.PROT_READ | MapFlags.PROT_WRITE | MapFlags.PROT_EXEC;

    private static boolean permitted(int prot, int access) {
        return switch (access) {
            case 0 -> prot != 0;
            case 1 -> (prot & MapFlags.PROT_WRITE) != 0;
            default -> (prot & MapFlags.PROT_EXEC) != 0;
        };
    }

    // Accesses.

    /** The signal an access must raise at va, or 0. */
    int fault(String task, long va, int access) {
        RefSpace.RegionMap rm = space(task).regionAt(va);
        if (rm != null) {
            RefRegion.Obj o = rm.region().find(va - rm.start());
            if (o == null) return Signal.SIGSEGV; // no host VMA: bad_area
            if (!permitted(o.prot(), access)) return Signal.SIGSEGV;
            // shmem_fault() in the host VMA: a page beyond a truncated object's EOF -> SIGBUS.
            long at = o.objOffset() + (va - rm.start() - o.start());
            return at >>> 12 >= (o.obj().size + 4095) >>> 12 ? Signal.SIGBUS : 0;
        }
        RefPage p = space(task).pages.get(va >>> 12);
        if (p == null || p.guard) return Signal.SIGSEGV;
        boolean ok = switch (access) {
            case 0 -> p.prot != 0; // x86: any of R, W, X makes a page readable
            case 1 -> (p.prot & MapFlags.PROT_WRITE) != 0;
            default -> (p.prot & MapFlags.PROT_EXEC) != 0;
        };
        if (!ok) return Signal.SIGSEGV;
        if (p.obj != null && p.data == null && p.index >= (p.obj.size + 4095) >>> 12)
            return Signal.SIGBUS;
        return 0;
    }

    /** The byte at va, or -1 if it may be either its old value or zero (MADV_FREE). */
    int read(String task, long va) {
        RefSpace.RegionMap rm = space(task).regionAt(va);
        if (rm != null) {
            RefRegion.Obj o = rm.region().find(va - rm.start());
            long at = o.objOffset() + (va - rm.start() - o.start());
            return o.obj().read(at >>> 12, (int) (at & 4095));
        }
        RefPage p = space(task).pages.get(va >>> 12);
        int off = (int) (va & 4095);
        int v;
        if (p.data != null)
            v = p.data[off] & 0xff;
        else
            v = p.obj != null ? p.obj.read(p.index, off) : 0;
        if (p.cowMaybe && v != p.obj.read(p.index, off)) return -1;
        if (p.alt != null && v != (p.alt[off] & 0xff)) return -1;
        return p.lazyfree && v != 0 ? -1 : v;
    }

    void write(String task, long va, int b) {
        RefSpace.RegionMap rm = space(task).regionAt(va);
        if (rm != null) {
            RefRegion.Obj o = rm.region().find(va - rm.start());
            long at = o.objOffset() + (va - rm.start() - o.start());
            o.obj().write(at >>> 12, (int) (at & 4095), b);
            return;
        }
        RefPage p = space(task).pages.get(va >>> 12);
        int off = (int) (va & 4095);
        p.lazyfree = false;
        p.wp = RefUffd.NO; // a write that went through left no uffd-wp entry behind
        if (p.shared) {
            p.obj.write(p.index, off, b);
            return;
        }
        if (p.cowMaybe) {
            // The page-cache page is copied now, or the copy made at the stop is reused.
            p.alt = p.obj.copyPage(p.index);
            p.cowMaybe = false;
        }
        if (p.data == null) p.data = p.obj != null ? p.obj.copyPage(p.index) : new byte[4096];
        p.data[off] = (byte) b;
        if (p.alt != null) p.alt[off] = (byte) b;
    }

    // userfaultfd write-protection (fs/userfaultfd.c, mm/userfaultfd.c).

    /** Every context with a file, for release. */
    private final List<RefUffd> uffds = new ArrayList<>();

    void userfaultfd(String task, long fd) {
        RefSpace s = space(task);
        RefUffd u = new RefUffd(s, true);
        uffds.add(u);
        s.uffds.put(fd, u);
    }

    RefUffd uffd(String task, long fd) {
        return space(task).uffds.get(fd);
    }

    /** userfaultfd_release() of every context with a file no live process holds any more. */
    void releaseUnreferenced() {
        java.util.Collection<RefSpace> live = liveSpaces.get();
        for (RefUffd u : uffds) {
            if (u.released) continue;
            boolean held = false;
            for (RefSpace s : live) held |= s.uffds.containsValue(u);
            if (held) continue;
            u.released = true;
            for (RefPage p : u.space.pages.values()) {
                if (p.uffd == u) {
                    p.uffd = null;
                    p.wp = RefUffd.NO;
                }
            }
        }
    }

    /** Must a write at va stop on userfaultfd write protection: NO, YES or MAYBE. */
    byte wpAt(String task, long va) {
        RefPage p = space(task).pages.get(va >>> 12);
        if (p == null || p.uffd == null || p.uffd.has(RefUffd.WP_ASYNC)) return RefUffd.NO;
        return p.wp;
    }

    /** The context whose protection stops a write at va (for its SIGBUS feature), or null. */
    RefUffd uffdAt(String task, long va) {
        RefPage p = space(task).pages.get(va >>> 12);
        return p == null ? null : p.uffd;
    }

    /**
     * A write stopped at va. A private file page may have been copied first (a marker faults
     * the page in with do_cow_fault() before the retried write stops); nothing is written.
     */
    void trapped(String task, long va) {
        RefPage p = space(task).pages.get(va >>> 12);
        p.wp = RefUffd.YES;
        if (!p.shared && p.obj != null && p.data == null) {
            p.data = p.obj.copyPage(p.index);
            p.cowMaybe = true;
        }
    }

    /**
     * A write access at va that went through and stored back what it read (touch, populate):
     * no uffd-wp left, and a private file page now has its own copy (do_cow_fault(),
     * wp_page_copy()).
     */
    void touchedWrite(String task, long va) {
        RefPage p = space(task).pages.get(va >>> 12);
        if (p == null) return;
        p.wp = RefUffd.NO;
        p.lazyfree = false;
        if (p.shared || p.obj == null) return;
        if (p.cowMaybe) {
            p.alt = p.obj.copyPage(p.index);
            p.cowMaybe = false;
        }
        if (p.data == null) p.data = p.obj.copyPage(p.index);
    }

    /** A write at va went through without stopping: an unknown protection was not there. */
    void notTrapped(String task, long va) {
        RefPage p = space(task).pages.get(va >>> 12);
        if (p != null && p.wp == RefUffd.MAYBE) p.wp = RefUffd.NO;
    }
}
