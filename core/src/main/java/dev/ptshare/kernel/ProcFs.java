package dev.ptshare.kernel;

import dev.ptshare.arch.PageTableStore;
import dev.ptshare.arch.Pte;
import dev.ptshare.fs.FsType;
import dev.ptshare.fs.Inode;
import dev.ptshare.mm.Mm;
import dev.ptshare.mm.PgtableAlloc;
import dev.ptshare.mm.VmFlags;
import dev.ptshare.mm.Vma;
import dev.ptshare.phys.PhysMem;
import dev.ptshare.proc.MapsFormat;
import dev.ptshare.proc.Meminfo;
import dev.ptshare.proc.MeminfoFormat;
import dev.ptshare.proc.MmStats;
import dev.ptshare.proc.PageKind;
import dev.ptshare.proc.ProcConfig;
import dev.ptshare.proc.PssAccumulator;
import dev.ptshare.proc.SmapsFormat;
import dev.ptshare.proc.StatFormat;
import dev.ptshare.proc.StatusFormat;
import dev.ptshare.proc.TaskStat;
import dev.ptshare.proc.TaskState;
import dev.ptshare.proc.TaskStatus;
import dev.ptshare.proc.VmaInfo;
import dev.ptshare.proc.VmaName;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * /proc as the model's tasks would see it: fills the dev.ptshare.proc records from kernel state
 * (task_mem(), show_map_vma(), smaps_pte_range(), meminfo_proc_show()) and formats them.
 */
public final class ProcFs {
    private final Kernel k;
    private final ProcConfig cfg;

    public ProcFs(Kernel k) {
        this.k = k;
        this.cfg = ProcConfig.DEFAULT.withNrCpuIds(k.cpus.length);
    }

    static MmStats mmStats(Mm mm) {
        return MmStats.builder()
                .totalVm(mm.totalVm)
                .lockedVm(mm.lockedVm)
                .pinnedVm(mm.pinnedVm)
                .hiwaterVm(mm.hiwaterVm)
                .hiwaterRss(mm.hiwaterRss)
                .anonPages(mm.rss[Mm.MM_ANONPAGES])
                .filePages(mm.rss[Mm.MM_FILEPAGES])
                .shmemPages(mm.rss[Mm.MM_SHMEMPAGES])
                .swapEnts(mm.rss[Mm.MM_SWAPENTS])
                .dataVm(mm.dataVm)
                .execVm(mm.execVm)
                .stackVm(mm.stackVm)
                .pgtablesBytes(mm.pgtablesBytes)
                .hugetlbUsage(mm.hugetlbUsage)
                .build();
    }

    private TaskStatus taskStatus(Task t) {
        BitSet cpus = new BitSet();
        cpus.set(0, k.cpus.length);
        return TaskStatus.builder()
                .name(t.name.length() > 15 ? t.name.substring(0, 15) : t.name)
                .state(t.alive ? TaskState.SLEEPING : TaskState.ZOMBIE)
                .tgid(t.group.tgid)
                .pid(t.pid)
                .ppid(t.parent == null ? 0 : t.parent.group.tgid)
                .pgid(t.group.tgid)
                .sid(t.group.tgid)
                .fdSize(64)
                .mm(t.mm == null ? null : mmStats(t.mm))
                .threads(Math.max(1, t.group.liveThreads()))
                .cpusAllowed(cpus)
                .build();
    }

    public String status(Task t) {
        return StatusFormat.format(taskStatus(t), cfg);
    }

    public String stat(Task t) {
        TaskStat s = TaskStat.DEFAULT.withFaults(t.group.minFlt(), t.group.majFlt());
        return StatFormat.format(taskStatus(t), s, true);
    }

    /** show_map_vma()'s view of one VMA. */
    static VmaInfo vmaInfo(Vma v) {
        Inode i = v.inode();
        long flags = v.flags & ~VmFlags.VM_MSHARE;
        if (i == null) {
            return VmaInfo.anon(v.start, v.end, flags,
                    v.anonName == null ? VmaName.NONE : VmaName.anon(v.anonName), false);
        }
        VmaName name = new VmaName.File(i.path, i.unlinked);
        return new VmaInfo(v.start, v.end, flags, v.pgoff << 12, i.fs.major, i.fs.minor, i.ino,
                name,
                i.pageSize, false);
    }

    public String maps(Task t) {
        List<VmaInfo> out = new ArrayList<>();
        for (Vma v : t.mm.vmas.all()) out.add(vmaInfo(v));
        return MapsFormat.format(out);
    }

    private List<SmapsFormat.Entry> smapsEntries(Task t) {
        List<SmapsFormat.Entry> out = new ArrayList<>();
        for (Vma v : t.mm.vmas.all())
            out.add(new SmapsFormat.Entry(vmaInfo(v), smapsOf(v).snapshot()));
        return out;
    }

    /** Pss of the whole process in bytes (smaps_rollup's Pss before the kB rounding). */
    public long pssBytes(Task t) {
        long fixed = 0;
        for (Vma v : t.mm.vmas.all()) fixed += smapsOf(v).snapshot().pss();
        return fixed >> dev.ptshare.proc.PssAccumulator.PSS_SHIFT;
    }

    public String smaps(Task t) {
        return SmapsFormat.smaps(smapsEntries(t), cfg);
    }

    public String smapsRollup(Task t) {
        return SmapsFormat.rollup(smapsEntries(t));
    }

    /** smaps_pte_range() over one VMA: every present, normal page it maps. */
    private PssAccumulator smapsOf(Vma v) {
        PssAccumulator acc = new PssAccumulator();
        if (v.privateData instanceof SmapsSource src) {
            if (memo != null) {
                SmapsSource.Key key = src.smapsKey(v);
                PssAccumulator hit = memo.get(key);
                if (hit != null) return hit;
                src.account(v, acc, this);
                memo.put(key, acc);
                return acc;
            }
            src.account(v, acc, this);
            return acc;
        }
        if (v.test(VmFlags.VM_HUGETLB)) {
            k.mm.hugetlb.accountSmaps(v, acc);
            return acc;
        }
        accountRange(v.mm, v.start, v.end, v.test(VmFlags.VM_LOCKED), acc);
        return acc;
    }

    /** smaps_pte_range() over [start, end) of mm; a compact table is one account call. */
    public void accountRange(Mm mm, long start, long end, boolean locked, PssAccumulator acc) {
        int pmd = PgtableAlloc.NONE;
        // Consecutive compact tables whose pages account alike are added as one run (the sums
        // are linear in the page count, so the result is the same to the byte).
        long runPages = 0;
        int runMapcount = 0;
        boolean runDirty = false, runYoung = false;
        PageKind runKind = null;
        // Foreign tables' accumulator being repeated, and how often.
        PssAccumulator foreignRun = null;
        long foreignRunLength = 0;
        for (long a = start; a < end;) {
            // walk_pmd_range(): one walk down to each PMD table, then its entries in turn.
            if (pmd == PgtableAlloc.NONE || (a & ((1L << 30) - 1)) < (1L << 21))
                pmd = k.mm.pgtable.table(mm, a, PageTableStore.PMD, false);
            if (pmd < 0) {
                a = Math.min((a + (1L << 30)) & ~((1L << 30) - 1), end);
                pmd = PgtableAlloc.NONE;
                continue;
            }
            long pmde = k.tables.get(pmd, PgtableAlloc.index(a, PageTableStore.PMD));
            int pt = pmde == 0 || (pmde & Pte.PSE) != 0 || !Pte.present(pmde) ? -1
                    : Pte.table(pmde);
            long next = Math.min((a + (1L << 21)) & ~((1L << 21) - 1), end);
            if (pt >= 0 && tableMemo != null && next - a == (1L << 21)
                    && k.tables.owner(pt) != mm.id) {
                // A table another mm owns (MAP_SHARED_PT host) is walked once per snapshot;
                // tables that account alike share one accumulator, added once per run of them.
                long key = (long) pt << 1 | (locked ? 1 : 0);
                PssAccumulator t = tableMemo.get(key);
                if (t == null) {
                    t = new PssAccumulator();
                    accountWhole(pt, a, next, locked, t);
                    if (lastWalked != null && lastWalked.sameSums(t)) t = lastWalked;
                    lastWalked = t;
                    tableMemo.put(key, t);
                }
                if (t != foreignRun) {
                    if (foreignRun != null) acc.add(foreignRun, foreignRunLength);
                    foreignRun = t;
                    foreignRunLength = 0;
                }
                foreignRunLength++;
                a = next;
                continue;
            }
            if (pt >= 0 && k.tables.isCompact(pt) && next - a == (1L << 21)
                    && k.phys.chunkUniform(k.tables.compactBase(pt))) {
                int base = k.tables.compactBase(pt);
                long bits = k.tables.compactBits(pt);
                int mapcount = k.phys.mapcount(base);
                boolean dirty = Pte.dirty(bits) || k.phys.test(base, PhysMem.F_DIRTY);
                boolean young = Pte.young(bits) || k.phys.test(base, PhysMem.F_REFERENCED);
                PageKind kind = kindOf(base);
                if (runPages > 0 && (mapcount != runMapcount || dirty != runDirty
                        || young != runYoung || kind != runKind)) {
                    acc.accountPages(runPages, 4096, runMapcount, runDirty, runYoung, runKind,
                            locked);
                    runPages = 0;
                }
                runPages += 512;
                runMapcount = mapcount;
                runDirty = dirty;
                runYoung = young;
                runKind = kind;
                a = next;
                continue;
            }
            if (runPages > 0) {
                acc.accountPages(runPages, 4096, runMapcount, runDirty, runYoung, runKind, locked);
                runPages = 0;
            }
            if (pt >= 0) accountTable(pt, a, next, locked, acc);
            a = next;
        }
        if (runPages > 0)
            acc.accountPages(runPages, 4096, runMapcount, runDirty, runYoung, runKind, locked);
        if (foreignRun != null) acc.add(foreignRun, foreignRunLength);
    }

    /** The memo entry of the foreign table walked last (tables that account alike share it). */
    private PssAccumulator lastWalked;

    /** A whole PTE table into acc: a compact one of uniform frames as one account call. */
    private void accountWhole(int pt, long a, long next, boolean locked, PssAccumulator acc) {
        if (!k.tables.isCompact(pt) || !k.phys.chunkUniform(k.tables.compactBase(pt))) {
            accountTable(pt, a, next, locked, acc);
            return;
        }
        int base = k.tables.compactBase(pt);
        long bits = k.tables.compactBits(pt);
        acc.accountPages(512, 4096, k.phys.mapcount(base),
                Pte.dirty(bits) || k.phys.test(base, PhysMem.F_DIRTY),
                Pte.young(bits) || k.phys.test(base, PhysMem.F_REFERENCED), kindOf(base),
                locked);
    }

    private void accountTable(int pt, long a, long next, boolean locked, PssAccumulator acc) {
        for (long x = a; x < next; x += 4096) {
            long e = k.tables.get(pt, (int) (x >>> 12) & 511);
            if (!Pte.mapped(e) || (e & Pte.SPECIAL) != 0) continue;
            accountPage(acc, (int) Pte.pfn(e), Pte.dirty(e), Pte.young(e), locked);
        }
    }

    /**
     * A ProcFs for one moment of the machine: what a special mapping reports (an mshare guest
     * walks the host's tables) is computed once per distinct source, since nothing changes
     * between the calls that use it.
     */
    public ProcFs snapshot() {
        ProcFs p = new ProcFs(k);
        p.memo = new java.util.HashMap<>();
        p.tableMemo = new it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap<>();
        return p;
    }

    private java.util.Map<SmapsSource.Key, PssAccumulator> memo;

    /** Per snapshot: foreign PTE tables already walked, by (table id, VM_LOCKED). */
    private it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap<PssAccumulator> tableMemo;

    /** One mapped page into smaps (smaps_account()). */
    public void accountPage(PssAccumulator acc, int pfn, boolean pteDirty, boolean pteYoung,
            boolean locked) {
        PhysMem p = k.phys;
        PageKind kind = kindOf(pfn);
        boolean dirty = pteDirty || p.test(pfn, PhysMem.F_DIRTY);
        boolean young = pteYoung || p.test(pfn, PhysMem.F_REFERENCED);
        acc.accountPage(4096, p.mapcount(pfn), dirty, young, kind, locked);
    }

    private PageKind kindOf(int pfn) {
        PhysMem p = k.phys;
        boolean anon = p.test(pfn, PhysMem.F_ANON);
        boolean swapbacked = p.test(pfn, PhysMem.F_SWAPBACKED);
        return anon ? (swapbacked ? PageKind.ANON : PageKind.ANON_LAZYFREE)
                : swapbacked ? PageKind.SHMEM : PageKind.FILE;
    }

    /** Special mappings account their own pages (mshare guest VMAs: the host's tables). */
    public interface SmapsSource {
        void account(Vma vma, PssAccumulator acc, ProcFs proc);

        /** Identifies what {@link #account} reports, so a snapshot can reuse it. */
        Key smapsKey(Vma vma);

        /** Equal keys report equal smaps. */
        record Key(Object source, boolean linked) {}
    }

    /** Page counts of the whole machine, by a scan of the frame metadata. */
    private record PageCounts(long anon, long fileCache, long shmem, long mapped, long dirty) {}

    private PageCounts counts() {
        PhysMem p = k.phys;
        long anon = 0, file = 0, shmem = 0, mapped = 0, dirty = 0;
        for (int pfn = 1; pfn < p.pfnLimit(); pfn++) {
            if (!p.live(pfn)) continue;
            if (p.test(pfn, PhysMem.F_ANON)) {
                if (p.mapcount(pfn) > 0) anon++;
                continue;
            }
            if (p.test(pfn, PhysMem.F_SWAPBACKED))
                shmem++;
            else {
                file++;
                if (p.test(pfn, PhysMem.F_DIRTY)) dirty++;
            }
            if (p.mapcount(pfn) > 0) mapped++;
        }
        return new PageCounts(anon, file, shmem, mapped, dirty);
    }

    public Meminfo meminfo() {
        PageCounts c = counts();
        long free = k.phys.freeFrames();
        long total = k.phys.totalFrames();
        return Meminfo.builder()
                .memTotal(total)
                .memFree(free)
                .memAvailable(free + c.fileCache())
                .filePages(c.fileCache() + c.shmem())
                .inactiveAnon(c.anon() + c.shmem())
                .inactiveFile(c.fileCache())
                .dirty(c.dirty())
                .anonPages(c.anon())
                .mapped(c.mapped())
                .shmem(c.shmem())
                .pageTables(k.phys.tableFrames())
                .commitLimit(total / 2)
                .directMap(0, 0, 0)
                .hugetlbPools(java.util.List.of(pool(k.mm.hugetlb.h2m), pool(k.mm.hugetlb.h1g)))
                .build();
    }

    private static dev.ptshare.proc.HugetlbPool pool(dev.ptshare.mm.Hstate h) {
        return new dev.ptshare.proc.HugetlbPool(h.pageSize, h.nrPages(), h.freePages(), h.reserved,
                0);
    }

    public String meminfoText() {
        return MeminfoFormat.format(meminfo(), cfg);
    }

    /** True when this file is shmem-backed (for callers that classify mappings). */
    static boolean shmem(Inode i) {
        return i != null && (i.fs == FsType.TMPFS || i.fs == FsType.SHM_INTERNAL);
    }
}
