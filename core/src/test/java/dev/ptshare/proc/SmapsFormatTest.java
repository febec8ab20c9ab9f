package dev.ptshare.proc;

import static dev.ptshare.proc.VmFlags.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SmapsFormatTest {
    static final long RW_ACC = VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC
            | VM_ACCOUNT | VM_SOFTDIRTY;

    /** The .data VMA of a published Ubuntu 6.x smaps sample. */
    static final String DATA_SAMPLE = """
            5e5580ad9000-5e5581ada000 rw-p 00003000 08:01 57568414                   \
            /home/oicnanev/Projects/TVS-ISEL2425/CourseWorks/cw2/ex3/prog
            Size:              16388 kB
            KernelPageSize:        4 kB
            MMUPageSize:           4 kB
            Rss:                  64 kB
            Pss:                  64 kB
            Pss_Dirty:             8 kB
            Shared_Clean:          0 kB
            Shared_Dirty:          0 kB
            Private_Clean:        56 kB
            Private_Dirty:         8 kB
            Referenced:           64 kB
            Anonymous:             8 kB
            KSM:                   0 kB
            LazyFree:              0 kB
            AnonHugePages:         0 kB
            ShmemPmdMapped:        0 kB
            FilePmdMapped:         0 kB
            Shared_Hugetlb:        0 kB
            Private_Hugetlb:       0 kB
            Swap:                  0 kB
            SwapPss:               0 kB
            Locked:                0 kB
            THPeligible:           0
            VmFlags: rd wr mr mw me ac sd\s
            """;

    /** The [stack] VMA of the same sample. */
    static final String STACK_SAMPLE = """
            7ffc31626000-7ffc31647000 rw-p 00000000 00:00 0                          [stack]
            Size:                132 kB
            KernelPageSize:        4 kB
            MMUPageSize:           4 kB
            Rss:                  16 kB
            Pss:                  16 kB
            Pss_Dirty:            16 kB
            Shared_Clean:          0 kB
            Shared_Dirty:          0 kB
            Private_Clean:         0 kB
            Private_Dirty:        16 kB
            Referenced:           16 kB
            Anonymous:            16 kB
            KSM:                   0 kB
            LazyFree:              0 kB
            AnonHugePages:         0 kB
            ShmemPmdMapped:        0 kB
            FilePmdMapped:         0 kB
            Shared_Hugetlb:        0 kB
            Private_Hugetlb:       0 kB
            Swap:                  0 kB
            SwapPss:               0 kB
            Locked:                0 kB
            THPeligible:           0
            VmFlags: rd wr mr mw me gd ac\s
            """;

    static SmapsFormat.Entry dataEntry() {
        VmaInfo v = VmaInfo.file(0x5e5580ad9000L, 0x5e5581ada000L, RW_ACC, 3, 8, 1, 57568414,
                VmaName.file("/home/oicnanev/Projects/TVS-ISEL2425/CourseWorks/cw2/ex3/prog"));
        SmapsStats s = new PssAccumulator()
                .accountPages(14, 4096, 1, false, true, PageKind.FILE, false)
                .accountPages(2, 4096, 1, true, true, PageKind.ANON, false)
                .snapshot();
        return new SmapsFormat.Entry(v, s);
    }

    static SmapsFormat.Entry stackEntry() {
        long flags = VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC | VM_GROWSDOWN
                | VM_ACCOUNT;
        VmaInfo v = VmaInfo.anon(0x7ffc31626000L, 0x7ffc31647000L, flags, VmaName.STACK, false);
        SmapsStats s = new PssAccumulator()
                .accountPages(4, 4096, 1, true, true, PageKind.ANON, false)
                .snapshot();
        return new SmapsFormat.Entry(v, s);
    }

    @Test
    void reproducesUbuntuSampleBlocks() {
        assertThat(SmapsFormat.smaps(List.of(dataEntry(), stackEntry()), ProcConfig.DEFAULT))
                .isEqualTo(DATA_SAMPLE + STACK_SAMPLE);
    }

    @Test
    void sharedPagesPssDirtyHugetlbSwapLockedAndProtectionKey() {
        long flags = VM_READ | VM_WRITE | VM_SHARED | VM_MAYREAD | VM_MAYWRITE | VM_MAYSHARE
                | VM_LOCKED | VM_PKEY_BIT0 | VM_PKEY_BIT2 | VM_SEALED | (1L << 11);
        VmaInfo v = VmaInfo.file(0x7f0000000000L, 0x7f0000400000L, flags, 0, 0, 1, 5,
                VmaName.memfd("buf"));
        SmapsStats s = new PssAccumulator()
                .accountPage(4096, 2, true, true, PageKind.SHMEM, true)
                .accountPage(4096, 3, false, false, PageKind.SHMEM, true)
                .accountPage(4096, 7, false, true, PageKind.SHMEM, true)
                .accountSwapEntry(2)
                .addShmemSwap(8192)
                .accountHugetlb(2 << 20, false)
                .accountHugetlb(2 << 20, true)
                .snapshot();
        String out = SmapsFormat.smaps(List.of(new SmapsFormat.Entry(v, s)),
                ProcConfig.DEFAULT.withPkeys(true));
        assertThat(out).isEqualTo(
                "7f0000000000-7f0000400000 rw-s 00000000 00:01 5                          "
                        + "/memfd:buf (deleted)\n"
                        + "Size:               4096 kB\n"
                        + "KernelPageSize:        4 kB\n"
                        + "MMUPageSize:           4 kB\n"
                        + "Rss:                  12 kB\n"
                        + "Pss:                   3 kB\n"
                        + "Pss_Dirty:             2 kB\n"
                        + "Shared_Clean:          8 kB\n"
                        + "Shared_Dirty:          4 kB\n"
                        + "Private_Clean:         0 kB\n"
                        + "Private_Dirty:         0 kB\n"
                        + "Referenced:            8 kB\n"
                        + "Anonymous:             0 kB\n"
                        + "KSM:                   0 kB\n"
                        + "LazyFree:              0 kB\n"
                        + "AnonHugePages:         0 kB\n"
                        + "ShmemPmdMapped:        0 kB\n"
                        + "FilePmdMapped:         0 kB\n"
                        + "Shared_Hugetlb:     2048 kB\n"
                        + "Private_Hugetlb:    2048 kB\n"
                        + "Swap:                 12 kB\n"
                        + "SwapPss:               2 kB\n"
                        + "Locked:                3 kB\n"
                        + "THPeligible:           0\n"
                        + "ProtectionKey:         5\n"
                        + "VmFlags: rd wr sh mr mw ms ?? lo sl \n");
    }

    /** A published smaps_rollup (arm64, 6.x): 8-digit start, sums, Pss_* lines. */
    static final String ROLLUP_SAMPLE = """
            f8000000-ffffe5c27000 ---p 00000000 00:00 0                              [rollup]
            Rss:              198904 kB
            Pss:              197331 kB
            Pss_Dirty:        181900 kB
            Pss_Anon:         181880 kB
            Pss_File:          15451 kB
            Pss_Shmem:             0 kB
            Shared_Clean:       1864 kB
            Shared_Dirty:          0 kB
            Private_Clean:     15140 kB
            Private_Dirty:    181900 kB
            Referenced:       198904 kB
            Anonymous:        181880 kB
            KSM:                   0 kB
            LazyFree:              0 kB
            AnonHugePages:         0 kB
            ShmemPmdMapped:        0 kB
            FilePmdMapped:         0 kB
            Shared_Hugetlb:        0 kB
            Private_Hugetlb:       0 kB
            Swap:                  0 kB
            SwapPss:               0 kB
            Locked:                0 kB
            """;

    @Test
    void rollupSumsVmasUnderAStartEndHeaderAndSkipsTheGateVma() {
        long k = 1024;
        long fp = 1L << (10 + PssAccumulator.PSS_SHIFT); // one kB of pss, fixed point
        SmapsStats a = new SmapsStats(198000 * k, 1864 * k, 0, 15140 * k, 181000 * k, 198000 * k,
                181880 * k - 900 * k, 0, 0, 0, 0, 0, 0, 0, 0, 196431 * fp, 180980 * fp, 15451 * fp,
                0,
                181000 * fp, 0, 0);
        SmapsStats b = new SmapsStats(904 * k, 0, 0, 0, 900 * k, 904 * k, 900 * k, 0, 0, 0, 0, 0, 0,
                0, 0, 900 * fp, 900 * fp, 0, 0, 900 * fp, 0, 0);
        List<SmapsFormat.Entry> entries = List.of(
                new SmapsFormat.Entry(
                        VmaInfo.anon(0xf8000000L, 0xf8100000L, VM_READ, VmaName.NONE, false), a),
                new SmapsFormat.Entry(
                        VmaInfo.anon(0xffffe5c06000L, 0xffffe5c27000L, VM_READ, VmaName.STACK,
                                false),
                        b),
                new SmapsFormat.Entry(
                        VmaInfo.anon(0xffffffffff600000L, 0xffffffffff601000L, VM_EXEC,
                                VmaName.VSYSCALL, false),
                        new PssAccumulator().accountPage(4096, 1, true, true,
                                PageKind.FILE, false).snapshot()));
        assertThat(SmapsFormat.rollup(entries)).isEqualTo(ROLLUP_SAMPLE);
    }

    @Test
    void emptyRollup() {
        assertThat(SmapsFormat.rollup(List.of()))
                .startsWith(
                        "00000000-00000000 ---p 00000000 00:00 0" + " ".repeat(34) + "[rollup]\n"
                                + "Rss:                   0 kB\n");
    }

    @Test
    void pmdMappedThpAndHugetlbPageSizes() {
        VmaInfo v = new VmaInfo(0x7f0000000000L, 0x7f0000400000L,
                VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_HUGEPAGE, 0, 0, 0, 0,
                VmaName.NONE,
                4096, true);
        SmapsStats s = new PssAccumulator()
                .accountPage(2 << 20, 1, true, true, PageKind.ANON, false)
                .accountPage(2 << 20, 3, false, true, PageKind.ANON, false)
                .snapshot();
        String out = SmapsFormat.smaps(List.of(new SmapsFormat.Entry(v, s)), ProcConfig.DEFAULT);
        assertThat(out).contains("Rss:                4096 kB\nPss:                2730 kB\n"
                + "Pss_Dirty:          2048 kB\nShared_Clean:       2048 kB\n");
        assertThat(out).contains("AnonHugePages:      4096 kB\n");
        assertThat(out).contains("THPeligible:           1\nVmFlags: rd wr mr mw hg \n");

        VmaInfo huge = new VmaInfo(0x7f0000000000L, 0x7f0040000000L,
                VM_READ | VM_WRITE | VM_SHARED | VM_MAYREAD | VM_MAYWRITE | VM_MAYSHARE | VM_HUGETLB
                        | VM_DONTEXPAND,
                0, 0, 16, 1, VmaName.file("/dev/hugepages/x"), 1L << 30, false);
        String hugeOut = SmapsFormat.smaps(
                List.of(new SmapsFormat.Entry(huge, SmapsStats.ZERO)), ProcConfig.DEFAULT);
        assertThat(hugeOut).contains(
                "Size:            1048576 kB\nKernelPageSize:  1048576 kB\nMMUPageSize:     1048576 kB\n");
        assertThat(hugeOut).endsWith("VmFlags: rd wr sh mr mw ms de ht \n");
    }
}
