package dev.ptshare.proc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatFormatTest {

    /** /proc/PID/stat of an idle python3 on a 6.x x86_64 host, from a published test fixture. */
    static final String PYTHON_SAMPLE = "512532 (python3) S 512449 512532 512449 34817 512532 4194304 3041 0 0 0 28 16 0 0 20 0 1"
            + " 0 18339043 24719360 4473 18446744073709551615 4325376 7709849 140734741595264 0 0"
            + " 0 0 16781312 134348802 1 0 0 17 0 0 0 0 0 0 11042232 11634816 538783744"
            + " 140734741603281 140734741603289 140734741603289 140734741606375 0\n";

    @Test
    void reproducesAllFiftyTwoFieldsOfASample() {
        MmStats mm = MmStats.builder()
                .totalVm(24719360 / 4096)
                .anonPages(4000)
                .filePages(473)
                .startCode(4325376)
                .endCode(7709849)
                .startStack(140734741595264L)
                .startData(11042232)
                .endData(11634816)
                .startBrk(538783744)
                .argStart(140734741603281L)
                .argEnd(140734741603289L)
                .envStart(140734741603289L)
                .envEnd(140734741606375L)
                .build();
        TaskStatus t = TaskStatus.builder()
                .name("python3")
                .pid(512532).tgid(512532).ppid(512449).pgid(512532).sid(512449)
                .sigIgn(16781312).sigCgt(134348802)
                .mm(mm)
                .build();
        TaskStat s = new TaskStat(34817, 512532, TaskStat.PF_RANDOMIZE, 3041, 0, 0, 0, 28, 16, 0, 0,
                20, 0, 18339043, -1L, 0, 0, 17, 0, 0, 0, 0, 0, 0, 0);
        String out = StatFormat.format(t, s, true);
        assertThat(out).isEqualTo(PYTHON_SAMPLE);
        assertThat(out.strip().replaceFirst("\\(python3\\)", "comm").split(" ", -1)).hasSize(52);
    }

    @Test
    void kernelThreadWithoutMmPrintsZeros() {
        TaskStatus kthreadd = TaskStatus.builder()
                .name("kthreadd").pid(2).tgid(2).ppid(0).pgid(0).sid(0).kthread(true).sigIgn(-1L)
                .build();
        TaskStat s = new TaskStat(0, -1, 0x208040, 0, 0, 0, 0, 0, 0, 0, 0, 20, 0, 7, -1L, 0, 0, 17,
                1, 0, 0, 0, 0, 0, 0);
        assertThat(StatFormat.format(kthreadd, s, true)).isEqualTo(
                "2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 0 0 0 0 0 20 0 1 0 7 0 0 18446744073709551615"
                        + " 0 0 0 0 0 0 0 2147483647 0 1 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n");
    }

    @Test
    void modelCountersLandInTheirFields() {
        MmStats mm = MmStats.builder().totalVm(10).anonPages(3).filePages(2).shmemPages(1).build();
        TaskStatus t = TaskStatus.builder().pid(42).state(TaskState.RUNNING).mm(mm).build();
        String[] f = StatFormat.format(t, TaskStat.DEFAULT.withFaults(77, 5), true).strip()
                .split(" ", -1);
        assertThat(f[9]).isEqualTo("77"); // 10 minflt
        assertThat(f[11]).isEqualTo("5"); // 12 majflt
        assertThat(f[22]).isEqualTo("40960"); // 23 vsize, bytes
        assertThat(f[23]).isEqualTo("6"); // 24 rss, pages
        assertThat(f[34]).isEqualTo("0"); // 35 wchan: running
        assertThat(f[2]).isEqualTo("R");
    }

    @Test
    void wchanFlagFollowsWholeAndThreadCount() {
        TaskStatus multi = TaskStatus.builder().threads(4).build(); // sleeping
        String[] whole = StatFormat.format(multi, TaskStat.DEFAULT, true).strip().split(" ", -1);
        String[] thread = StatFormat.format(multi, TaskStat.DEFAULT, false).strip().split(" ", -1);
        assertThat(whole[34]).isEqualTo("0");
        assertThat(thread[34]).isEqualTo("1");
        assertThat(whole[19]).isEqualTo("4");
    }

    @Test
    void commIsNotEscapedInStat() {
        TaskStatus t = TaskStatus.builder().name("a) b").build();
        assertThat(StatFormat.format(t, TaskStat.DEFAULT, true))
                .startsWith("1 (a) b) S 0 1 1 0 -1 ");
    }
}
