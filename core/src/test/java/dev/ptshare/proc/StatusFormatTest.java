package dev.ptshare.proc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatusFormatTest {

    /**
     * /proc/PID/status of a busy loop on an Ubuntu 6.x x86_64 laptop (published as a course
     * exercise, Aug 2025). Every byte must come back from the records.
     */
    static final String UBUNTU_SAMPLE = """
            Name:\ta.out
            Umask:\t0002
            State:\tR (running)
            Tgid:\t7033
            Ngid:\t0
            Pid:\t7033
            PPid:\t5681
            TracerPid:\t0
            Uid:\t1000\t1000\t1000\t1000
            Gid:\t1000\t1000\t1000\t1000
            FDSize:\t256
            Groups:\t4 24 27 30 46 100 114 1000\s
            NStgid:\t7033
            NSpid:\t7033
            NSpgid:\t7033
            NSsid:\t5681
            Kthread:\t0
            VmPeak:\t    2604 kB
            VmSize:\t    2548 kB
            VmLck:\t       0 kB
            VmPin:\t       0 kB
            VmHWM:\t    1044 kB
            VmRSS:\t    1044 kB
            RssAnon:\t       0 kB
            RssFile:\t    1044 kB
            RssShmem:\t       0 kB
            VmData:\t      92 kB
            VmStk:\t     132 kB
            VmExe:\t       4 kB
            VmLib:\t    1748 kB
            VmPTE:\t      40 kB
            VmSwap:\t       0 kB
            HugetlbPages:\t       0 kB
            CoreDumping:\t0
            THP_enabled:\t1
            untag_mask:\t0xffffffffffffffff
            Threads:\t1
            SigQ:\t0/62423
            SigPnd:\t0000000000000000
            ShdPnd:\t0000000000000000
            SigBlk:\t0000000000000000
            SigIgn:\t0000000000000000
            SigCgt:\t0000000000000000
            CapInh:\t0000000000000000
            CapPrm:\t0000000000000000
            CapEff:\t0000000000000000
            CapBnd:\t000001ffffffffff
            CapAmb:\t0000000000000000
            NoNewPrivs:\t0
            Seccomp:\t0
            Seccomp_filters:\t0
            Speculation_Store_Bypass:\tthread vulnerable
            SpeculationIndirectBranch:\tconditional enabled
            Cpus_allowed:\tff
            Cpus_allowed_list:\t0-7
            Mems_allowed:\t00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,\
            00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,\
            00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,\
            00000000,00000000,00000000,00000001
            Mems_allowed_list:\t0
            voluntary_ctxt_switches:\t0
            nonvoluntary_ctxt_switches:\t597
            x86_Thread_features:\t
            x86_Thread_features_locked:\t
            """;

    static MmStats sampleMm() {
        long code = 0x5ffe2a3c1000L;
        return MmStats.builder()
                .totalVm(637)
                .hiwaterVm(651)
                .hiwaterRss(261)
                .filePages(261)
                .dataVm(23)
                .stackVm(33)
                .execVm(438)
                .startCode(code)
                .endCode(code + 0x151)
                .pgtablesBytes(40 * 1024)
                .build();
    }

    static TaskStatus sampleTask() {
        return TaskStatus.builder()
                .name("a.out")
                .umask(0002)
                .state(TaskState.RUNNING)
                .tgid(7033)
                .pid(7033)
                .ppid(5681)
                .pgid(7033)
                .sid(5681)
                .uid(1000)
                .gid(1000)
                .fdSize(256)
                .groups(List.of(4, 24, 27, 30, 46, 100, 114, 1000))
                .mm(sampleMm())
                .ctxtSwitches(0, 597)
                .build();
    }

    @Test
    void reproducesUbuntuSampleByteForByte() {
        assertThat(StatusFormat.format(sampleTask(), ProcConfig.DEFAULT)).isEqualTo(UBUNTU_SAMPLE);
    }

    @Test
    void kernelThreadHasNoMmLinesAndABareGroupsLine() {
        TaskStatus kthreadd = TaskStatus.builder()
                .name("kthreadd")
                .umask(0)
                .tgid(2).pid(2).ppid(0).pgid(0).sid(0)
                .kthread(true)
                .sigIgn(-1L)
                .caps(0, TaskStatus.CAP_FULL_SET, TaskStatus.CAP_FULL_SET, TaskStatus.CAP_FULL_SET,
                        0)
                .ctxtSwitches(120, 3)
                .build();
        String out = StatusFormat.format(kthreadd, ProcConfig.DEFAULT);
        assertThat(out).startsWith(
                "Name:\tkthreadd\nUmask:\t0000\nState:\tS (sleeping)\nTgid:\t2\nNgid:\t0\nPid:\t2\n"
                        + "PPid:\t0\nTracerPid:\t0\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nFDSize:\t64\n"
                        + "Groups:\t \nNStgid:\t2\nNSpid:\t2\nNSpgid:\t0\nNSsid:\t0\nKthread:\t1\n"
                        + "Threads:\t1\nSigQ:\t0/62423\nSigPnd:\t0000000000000000\n");
        assertThat(out).contains("SigIgn:\tffffffffffffffff\n", "CapEff:\t000001ffffffffff\n");
        assertThat(out).doesNotContain("Vm", "THP_enabled", "untag_mask", "CoreDumping");
        assertThat(out).contains("voluntary_ctxt_switches:\t120\nnonvoluntary_ctxt_switches:\t3\n");
    }

    @Test
    void noUmaskLineWithoutFsStruct() {
        TaskStatus t = TaskStatus.builder().umask(-1).build();
        assertThat(StatusFormat.format(t, ProcConfig.DEFAULT)).startsWith("Name:\tinit\nState:\t");
    }

    @Test
    void nameEscapesOnlyNewlineAndBackslash() {
        TaskStatus t = TaskStatus.builder().name("a b\\c\nd\te").build();
        assertThat(StatusFormat.format(t, ProcConfig.DEFAULT))
                .startsWith("Name:\ta b\\\\c\\nd\te\nUmask:\t0022\n");
    }

    @Test
    void vmPeakAndHwmTakeTheMaximumAndTextIsCappedByExecVm() {
        MmStats mm = MmStats.builder()
                .totalVm(100).hiwaterVm(50) // VmPeak = max = 100 pages
                .anonPages(10).filePages(5).shmemPages(1).hiwaterRss(20)
                .execVm(1).startCode(0x400000).endCode(0x402001) // 3 pages of text, 1 page executable
                .swapEnts(7).pinnedVm(2).lockedVm(3).pgtablesBytes(12288).hugetlbUsage(512)
                .build();
        String out = StatusFormat.format(TaskStatus.builder().mm(mm).build(), ProcConfig.DEFAULT);
        assertThat(out).contains(
                "VmPeak:\t     400 kB\nVmSize:\t     400 kB\nVmLck:\t      12 kB\nVmPin:\t       8 kB\n"
                        + "VmHWM:\t      80 kB\nVmRSS:\t      64 kB\nRssAnon:\t      40 kB\n"
                        + "RssFile:\t      20 kB\nRssShmem:\t       4 kB\nVmData:\t       0 kB\n"
                        + "VmStk:\t       0 kB\nVmExe:\t       4 kB\nVmLib:\t       0 kB\nVmPTE:\t      12 kB\n"
                        + "VmSwap:\t      28 kB\nHugetlbPages:\t    2048 kB\n");
    }

    @Test
    void configControlsOptionalLines() {
        ProcConfig bare = new ProcConfig(false, false, false, false, false, false, false, false,
                false, false, 4, 64);
        TaskStatus t = TaskStatus.builder().mm(sampleMm()).cpusAllowed(3).build();
        String out = StatusFormat.format(t, bare);
        assertThat(out).doesNotContain("HugetlbPages", "Seccomp_filters", "x86_Thread_features");
        assertThat(out).contains("THP_enabled:\t0\n", "Seccomp:\t0\nSpeculation_Store_Bypass:");
        assertThat(out).contains("Cpus_allowed:\t7\nCpus_allowed_list:\t0-2\n");
        assertThat(out).contains("Mems_allowed:\t00000000,00000001\nMems_allowed_list:\t0\n");
    }

    @Test
    void signalMasksPutSignalNAtBitNMinusOne() {
        long sigint = 1L << (2 - 1);
        long sigrtmax = 1L << (64 - 1);
        TaskStatus t = TaskStatus.builder().sigBlk(sigint | sigrtmax).shdPnd(1L << 8).build();
        String out = StatusFormat.format(t, ProcConfig.DEFAULT);
        assertThat(out).contains("ShdPnd:\t0000000000000100\nSigBlk:\t8000000000000002\n");
    }
}
