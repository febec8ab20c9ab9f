package dev.ptshare.proc;

import static dev.ptshare.proc.PssAccumulator.PSS_SHIFT;

import java.util.List;
import java.util.Objects;

/** /proc/PID/smaps (show_smap()) and /proc/PID/smaps_rollup (show_smaps_rollup()), 6.18. */
public final class SmapsFormat {
    private SmapsFormat() {}

    /** One VMA and the stats smap_gather_stats() collected for it. */
    public record Entry(VmaInfo vma, SmapsStats stats) {
        public Entry {
            Objects.requireNonNull(vma, "vma");
            Objects.requireNonNull(stats, "stats");
        }
    }

    /** The whole smaps file: one block per entry, in the order given. */
    public static String smaps(List<Entry> entries, ProcConfig cfg) {
        Seq m = new Seq();
        for (Entry e : entries) {
            showSmap(m, e, cfg);
        }
        return m.toString();
    }

    /** show_smap(): maps line, sizes, __show_smap(), THPeligible, ProtectionKey, VmFlags. */
    static void showSmap(Seq m, Entry e, ProcConfig cfg) {
        VmaInfo v = e.vma();
        MapsFormat.showMapVma(m, v);
        kb(m, "Size:           ", v.size());
        kb(m, " kB\nKernelPageSize: ", v.pageSize());
        kb(m, " kB\nMMUPageSize:    ", v.pageSize());
        m.puts(" kB\n");
        showSmapStats(m, e.stats(), false);
        m.decimalWidth("THPeligible:    ", v.thpEligible() ? 1 : 0, 8).putc('\n');
        if (cfg.pkeys()) {
            m.decimalWidth("ProtectionKey:  ", VmFlags.pkey(v.flags()), 8).putc('\n');
        }
        m.puts("VmFlags: ").puts(VmFlags.mnemonics(v.flags())).putc('\n');
    }

    /**
     * show_smaps_rollup(): every VMA's stats summed under a header from the first VMA's start to
     * the last VMA's end, printed with flags 0 ("---p"), offset 0, dev 00:00, inode 0 and
     * "[rollup]". The gate VMA ([vsyscall]) is skipped, as the kernel's VMA iterator never visits
     * it; an mm without VMAs prints 00000000-00000000.
     */
    public static String rollup(List<Entry> entries) {
        SmapsStats sum = SmapsStats.ZERO;
        long start = 0;
        long end = 0;
        boolean first = true;
        for (Entry e : entries) {
            if (e.vma().name().equals(VmaName.VSYSCALL)) {
                continue;
            }
            if (first) {
                start = e.vma().start();
                first = false;
            }
            end = e.vma().end();
            sum = sum.plus(e.stats());
        }
        Seq m = new Seq();
        MapsFormat.showVmaHeaderPrefix(m, start, end, 0, 0, 0, 0, 0);
        m.pad(' ').puts("[rollup]\n");
        showSmapStats(m, sum, true);
        return m.toString();
    }

    /** __show_smap(): the lines smaps and smaps_rollup share; Pss_* only in rollup mode. */
    static void showSmapStats(Seq m, SmapsStats s, boolean rollup) {
        kb(m, "Rss:            ", s.resident());
        kb(m, " kB\nPss:            ", s.pss() >>> PSS_SHIFT);
        kb(m, " kB\nPss_Dirty:      ", s.pssDirty() >>> PSS_SHIFT);
        if (rollup) {
            kb(m, " kB\nPss_Anon:       ", s.pssAnon() >>> PSS_SHIFT);
            kb(m, " kB\nPss_File:       ", s.pssFile() >>> PSS_SHIFT);
            kb(m, " kB\nPss_Shmem:      ", s.pssShmem() >>> PSS_SHIFT);
        }
        kb(m, " kB\nShared_Clean:   ", s.sharedClean());
        kb(m, " kB\nShared_Dirty:   ", s.sharedDirty());
        kb(m, " kB\nPrivate_Clean:  ", s.privateClean());
        kb(m, " kB\nPrivate_Dirty:  ", s.privateDirty());
        kb(m, " kB\nReferenced:     ", s.referenced());
        kb(m, " kB\nAnonymous:      ", s.anonymous());
        kb(m, " kB\nKSM:            ", s.ksm());
        kb(m, " kB\nLazyFree:       ", s.lazyfree());
        kb(m, " kB\nAnonHugePages:  ", s.anonymousThp());
        kb(m, " kB\nShmemPmdMapped: ", s.shmemThp());
        kb(m, " kB\nFilePmdMapped:  ", s.fileThp());
        kb(m, " kB\nShared_Hugetlb: ", s.sharedHugetlb());
        m.decimalWidth(" kB\nPrivate_Hugetlb: ", s.privateHugetlb() >>> 10, 7);
        kb(m, " kB\nSwap:           ", s.swap());
        kb(m, " kB\nSwapPss:        ", s.swapPss() >>> PSS_SHIFT);
        kb(m, " kB\nLocked:         ", s.pssLocked() >>> PSS_SHIFT);
        m.puts(" kB\n");
    }

    /** SEQ_PUT_DEC of task_mmu.c's smaps part: bytes >> 10, width 8. */
    private static void kb(Seq m, String label, long bytes) {
        m.decimalWidth(label, bytes >>> 10, 8);
    }
}
