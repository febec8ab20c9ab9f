package dev.ptshare.proc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MeminfoFormatTest {

    /** /proc/meminfo of a 6.15+ x86_64 desktop (Ryzen 9800X3D, published benchmark notes). */
    static final String DESKTOP_SAMPLE = """
            MemTotal:       63315876 kB
            MemFree:        43484992 kB
            MemAvailable:   52526372 kB
            Buffers:          107096 kB
            Cached:          9197744 kB
            SwapCached:            0 kB
            Active:         11177880 kB
            Inactive:        7053900 kB
            Active(anon):    9098712 kB
            Inactive(anon):     6280 kB
            Active(file):    2079168 kB
            Inactive(file):  7047620 kB
            Unevictable:         108 kB
            Mlocked:               0 kB
            SwapTotal:       4194300 kB
            SwapFree:        4194300 kB
            Zswap:                 0 kB
            Zswapped:              0 kB
            Dirty:              2552 kB
            Writeback:             0 kB
            AnonPages:       8736128 kB
            Mapped:          1835704 kB
            Shmem:            178356 kB
            KReclaimable:     625076 kB
            Slab:             864624 kB
            SReclaimable:     625076 kB
            SUnreclaim:       239548 kB
            KernelStack:       35264 kB
            PageTables:       101220 kB
            SecPageTables:      5712 kB
            NFS_Unstable:          0 kB
            Bounce:                0 kB
            WritebackTmp:          0 kB
            CommitLimit:    35852236 kB
            Committed_AS:   22262448 kB
            VmallocTotal:   34359738367 kB
            VmallocUsed:      294712 kB
            VmallocChunk:          0 kB
            Percpu:             9344 kB
            HardwareCorrupted:     0 kB
            AnonHugePages:   1638400 kB
            ShmemHugePages:        0 kB
            ShmemPmdMapped:        0 kB
            FileHugePages:    827392 kB
            FilePmdMapped:    622592 kB
            CmaTotal:              0 kB
            CmaFree:               0 kB
            Unaccepted:            0 kB
            Balloon:               0 kB
            HugePages_Total:       0
            HugePages_Free:        0
            HugePages_Rsvd:        0
            HugePages_Surp:        0
            Hugepagesize:       2048 kB
            Hugetlb:               0 kB
            DirectMap4k:     3854072 kB
            DirectMap2M:    31332352 kB
            DirectMap1G:    30408704 kB
            """;

    /** kB to 4 KiB pages. */
    static long p(long kb) {
        return kb / 4;
    }

    static Meminfo desktop() {
        return Meminfo.builder()
                .memTotal(p(63315876))
                .memFree(p(43484992))
                .memAvailable(p(52526372))
                .buffers(p(107096))
                .filePages(p(9197744 + 107096))
                .activeAnon(p(9098712))
                .inactiveAnon(p(6280))
                .activeFile(p(2079168))
                .inactiveFile(p(7047620))
                .unevictable(p(108))
                .swapTotal(p(4194300))
                .swapFree(p(4194300))
                .dirty(p(2552))
                .anonPages(p(8736128))
                .mapped(p(1835704))
                .shmem(p(178356))
                .sReclaimable(p(625076))
                .sUnreclaim(p(239548))
                .kernelStackKb(35264)
                .pageTables(p(101220))
                .secPageTables(p(5712))
                .commitLimit(p(35852236))
                .committedAs(p(22262448))
                .vmallocUsed(p(294712))
                .percpu(p(9344))
                .anonHugePages(p(1638400))
                .fileHugePages(p(827392))
                .filePmdMapped(p(622592))
                .directMap(3854072 / 4, 31332352 / 2048, 30408704 / (1024 * 1024))
                .build();
    }

    @Test
    void reproducesDesktopSampleByteForByte() {
        assertThat(MeminfoFormat.format(desktop(), ProcConfig.DEFAULT)).isEqualTo(DESKTOP_SAMPLE);
    }

    @Test
    void configDropsGuardedLines() {
        ProcConfig noCma = ProcConfig.DEFAULT.withCma(false);
        String out = MeminfoFormat.format(desktop(), noCma);
        assertThat(out).doesNotContain("Cma");
        assertThat(out).contains("FilePmdMapped:    622592 kB\nUnaccepted:            0 kB\n");

        ProcConfig bare = new ProcConfig(false, false, false, false, false, false, false, false,
                false, false, 1, 1);
        String min = MeminfoFormat.format(desktop(), bare);
        assertThat(min).doesNotContain("Zswap", "HardwareCorrupted", "AnonHugePages", "Cma",
                "Unaccepted", "HugePages_", "Hugetlb", "DirectMap1G");
        assertThat(min).contains("SwapFree:        4194300 kB\nDirty:              2552 kB\n");
        assertThat(min).endsWith("Percpu:             9344 kB\nBalloon:               0 kB\n"
                + "DirectMap4k:     3854072 kB\nDirectMap2M:    31332352 kB\n");
    }

    @Test
    void hugetlbReportsTheDefaultPoolAndTheTotalOfAll() {
        Meminfo m = Meminfo.builder()
                .hugetlbPools(List.of(new HugetlbPool(2L << 20, 64, 60, 3, 1),
                        new HugetlbPool(1L << 30, 2, 2, 0, 0)))
                .hardwareCorrupted(3)
                .build();
        assertThat(MeminfoFormat.format(m, ProcConfig.DEFAULT)).contains(
                "HardwareCorrupted:    12 kB\n",
                "HugePages_Total:      64\nHugePages_Free:       60\nHugePages_Rsvd:        3\n"
                        + "HugePages_Surp:        1\nHugepagesize:       2048 kB\nHugetlb:         2228224 kB\n");
    }

    @Test
    void cachedExcludesSwapCacheAndBuffersAndNeverGoesNegative() {
        Meminfo m = Meminfo.builder().filePages(10).swapCached(4).buffers(8).build();
        assertThat(MeminfoFormat.format(m, ProcConfig.DEFAULT))
                .contains(
                        "Buffers:              32 kB\nCached:                0 kB\nSwapCached:           16 kB\n");
        Meminfo n = Meminfo.builder().filePages(100).swapCached(4).buffers(8).build();
        assertThat(MeminfoFormat.format(n, ProcConfig.DEFAULT))
                .contains("Cached:              352 kB\n");
    }

    @Test
    void wideValuesOverflowTheirFieldWithoutTruncation() {
        Meminfo m = Meminfo.builder().memTotal(1L << 32).build(); // 16 TiB
        assertThat(MeminfoFormat.format(m, ProcConfig.DEFAULT))
                .startsWith("MemTotal:       17179869184 kB\n");
    }
}
