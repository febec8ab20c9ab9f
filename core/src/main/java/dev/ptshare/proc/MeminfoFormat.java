package dev.ptshare.proc;

/** /proc/meminfo as meminfo_proc_show() (fs/proc/meminfo.c, 6.18, x86_64) prints it. */
public final class MeminfoFormat {
    private MeminfoFormat() {}

    /**
     * meminfo_proc_show(), then hugetlb_report_meminfo() (mm/hugetlb.c) and x86's
     * arch_report_meminfo() (arch/x86/mm/pat/set_memory.c). Lines that depend on the build follow
     * {@link ProcConfig}; no HIGHMEM, no nommu MmapCopy, no ShadowCallStack (arm64), and no
     * EarlyMemtestBad (printed only after a memtest= boot).
     */
    public static String format(Meminfo i, ProcConfig cfg) {
        Seq m = new Seq();
        kb(m, "MemTotal:       ", i.memTotal());
        kb(m, "MemFree:        ", i.memFree());
        kb(m, "MemAvailable:   ", i.memAvailable());
        kb(m, "Buffers:        ", i.buffers());
        kb(m, "Cached:         ", i.cached());
        kb(m, "SwapCached:     ", i.swapCached());
        kb(m, "Active:         ", i.activeAnon() + i.activeFile());
        kb(m, "Inactive:       ", i.inactiveAnon() + i.inactiveFile());
        kb(m, "Active(anon):   ", i.activeAnon());
        kb(m, "Inactive(anon): ", i.inactiveAnon());
        kb(m, "Active(file):   ", i.activeFile());
        kb(m, "Inactive(file): ", i.inactiveFile());
        kb(m, "Unevictable:    ", i.unevictable());
        kb(m, "Mlocked:        ", i.mlocked());
        kb(m, "SwapTotal:      ", i.swapTotal());
        kb(m, "SwapFree:       ", i.swapFree());
        if (cfg.zswap()) {
            kb(m, "Zswap:          ", i.zswap());
            kb(m, "Zswapped:       ", i.zswapped());
        }
        kb(m, "Dirty:          ", i.dirty());
        kb(m, "Writeback:      ", i.writeback());
        kb(m, "AnonPages:      ", i.anonPages());
        kb(m, "Mapped:         ", i.mapped());
        kb(m, "Shmem:          ", i.shmem());
        kb(m, "KReclaimable:   ", i.sReclaimable() + i.kernelMiscReclaimable());
        kb(m, "Slab:           ", i.sReclaimable() + i.sUnreclaim());
        kb(m, "SReclaimable:   ", i.sReclaimable());
        kb(m, "SUnreclaim:     ", i.sUnreclaim());
        line(m, "KernelStack:    ", i.kernelStackKb(), 8);
        kb(m, "PageTables:     ", i.pageTables());
        kb(m, "SecPageTables:  ", i.secPageTables());
        kb(m, "NFS_Unstable:   ", 0);
        kb(m, "Bounce:         ", 0);
        kb(m, "WritebackTmp:   ", 0);
        kb(m, "CommitLimit:    ", i.commitLimit());
        kb(m, "Committed_AS:   ", i.committedAs());
        line(m, "VmallocTotal:   ", i.vmallocTotalBytes() >>> 10, 8);
        kb(m, "VmallocUsed:    ", i.vmallocUsed());
        kb(m, "VmallocChunk:   ", 0);
        kb(m, "Percpu:         ", i.percpu());
        if (cfg.memoryFailure()) {
            line(m, "HardwareCorrupted: ", i.hardwareCorrupted() << 2, 5);
        }
        if (cfg.thp()) {
            kb(m, "AnonHugePages:  ", i.anonHugePages());
            kb(m, "ShmemHugePages: ", i.shmemHugePages());
            kb(m, "ShmemPmdMapped: ", i.shmemPmdMapped());
            kb(m, "FileHugePages:  ", i.fileHugePages());
            kb(m, "FilePmdMapped:  ", i.filePmdMapped());
        }
        if (cfg.cma()) {
            kb(m, "CmaTotal:       ", i.cmaTotal());
            kb(m, "CmaFree:        ", i.cmaFree());
        }
        if (cfg.unacceptedMemory()) {
            kb(m, "Unaccepted:     ", i.unaccepted());
        }
        kb(m, "Balloon:        ", i.balloon());
        if (cfg.hugetlb()) {
            hugetlbReportMeminfo(m, i);
        }
        line(m, "DirectMap4k:    ", i.directMap4k() << 2, 8);
        line(m, "DirectMap2M:    ", i.directMap2M() << 11, 8);
        if (cfg.directGbpages()) {
            line(m, "DirectMap1G:    ", i.directMap1G() << 20, 8);
        }
        return m.toString();
    }

    /** hugetlb_report_meminfo(): the default hstate's counts, then all hstates' total size. */
    private static void hugetlbReportMeminfo(Seq m, Meminfo i) {
        long totalBytes = 0;
        boolean first = true;
        for (HugetlbPool h : i.hugetlbPools()) {
            totalBytes += h.pageSizeBytes() * h.total();
            if (first) {
                m.decimalWidth("HugePages_Total:   ", h.total(), 5).putc('\n');
                m.decimalWidth("HugePages_Free:    ", h.free(), 5).putc('\n');
                m.decimalWidth("HugePages_Rsvd:    ", h.reserved(), 5).putc('\n');
                m.decimalWidth("HugePages_Surp:    ", h.surplus(), 5).putc('\n');
                line(m, "Hugepagesize:   ", h.pageSizeBytes() / 1024, 8);
                first = false;
            }
        }
        line(m, "Hugetlb:        ", totalBytes / 1024, 8);
    }

    /** show_val_kb(): pages << (PAGE_SHIFT - 10), width 8, " kB\n". */
    private static void kb(Seq m, String label, long pages) {
        line(m, label, pages << 2, 8);
    }

    /** A "%Nlu kB\n" line of a value already in kB. */
    private static void line(Seq m, String label, long kb, int width) {
        m.decimalWidth(label, kb, width).puts(" kB\n");
    }
}
