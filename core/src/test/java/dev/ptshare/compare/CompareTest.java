package dev.ptshare.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * compare on small workloads whose page-table counts follow from x86_64 paging alone, so every
 * number below is derived by hand, not read off the model.
 */
class CompareTest {
    private static Result run(Design d, String... sets) {
        return Compare.run(Workload.SGA, d, Params.of(Workload.SGA.params, List.of(sets)), false,
                Compare.Progress.NONE);
    }

    private static final String[] FOUR_BY_1G = { "processes=4", "sga=1GiB", "memory=8GiB" };

    @Test
    void privateSharersEachHave512PteTablesPlusPmdAndPud() {
        Result r = run(Design.PRIVATE, FOUR_BY_1G);
        // 1 GiB = 512 PTE tables, + 1 PMD + 1 PUD per process.
        assertThat(r.vmPteBytes().median()).isEqualTo(514 * 4096L);
        // PageTables also counts the PGD of the 4 sharers and of db.
        assertThat(r.pageTablesBytes()).isEqualTo((4 * 514 + 5) * 4096L);
        // The first sharer allocates every page (one fault each), the others fault around 16.
        assertThat(r.minorFaults()).isEqualTo(262144 + 3 * 262144 / 16);
        assertThat(r.rssBytes().median()).isEqualTo(1L << 30);
        assertThat(r.pssBytes().median()).isEqualTo((1L << 30) / 4);
        assertThat(r.oom()).isNull();
    }

    @Test
    void cowPteDesignsSetTheMachineModeAndSkipSharedObjectWorkloads() {
        Params p = Params.of(Workload.SGA.params, List.of(FOUR_BY_1G));
        assertThat(Workload.SGA.script(Design.COW_PTE, p)).contains(" cow_pte=on");
        assertThat(Workload.SGA.script(Design.COW_PTE_ACCOUNTING, p))
                .contains(" cow_pte=accounting");
        assertThat(Workload.SGA.script(Design.PRIVATE, p)).doesNotContain("cow_pte");
        // The shared-object workloads fork before anything private is written: nothing for COW
        // PTE to share. (zygote runs them: its heap parameter is private memory it writes.)
        for (Workload w : List.of(Workload.SGA, Workload.POSTGRES, Workload.MULTIVM)) {
            assertThat(w.supports(Design.COW_PTE)).as(w.id).isFalse();
            assertThat(w.supports(Design.PRIVATE)).as(w.id).isTrue();
        }
        assertThat(run(Design.COW_PTE, FOUR_BY_1G).applicable()).isFalse();
    }

    @Test
    void mshareSharersHaveNoPageTablesOfTheirOwn() {
        Result r = run(Design.MSHARE, FOUR_BY_1G);
        assertThat(r.vmPteBytes().max()).isZero();
        // The host: 512 PTE + 1 PMD + 1 PUD + its PGD; plus the 5 process PGDs.
        assertThat(r.pageTablesBytes()).isEqualTo((514 + 1 + 5) * 4096L);
        // Only the first toucher's host faults count; link faults are not accounted.
        assertThat(r.minorFaults()).isEqualTo(262144);
    }

    @Test
    void hugetlbSharesOnePmdTableAndCountsItInEveryVmPte() {
        Result r = run(Design.HUGETLB, FOUR_BY_1G);
        assertThat(r.vmPteBytes().median()).isEqualTo(2 * 4096L);
        // One shared PMD table, 4 PUD tables, 5 PGDs.
        assertThat(r.pageTablesBytes()).isEqualTo((1 + 4 + 5) * 4096L);
        // First sharer: 512 huge page faults; the others one fault each to share the table.
        assertThat(r.minorFaults()).isEqualTo(512 + 3);
    }

    @Test
    void hugetlbUnsharedHasAPmdTablePerVmaPerProcess() {
        Result r = run(Design.HUGETLB_UNSHARED, FOUR_BY_1G);
        // 1 GiB in VMAs of 1022 MiB: two VMAs, two PMD tables, one PUD.
        assertThat(r.vmPteBytes().median()).isEqualTo(3 * 4096L);
        assertThat(r.minorFaults()).isEqualTo(4 * 512);
    }

    @Test
    void runningOutOfMemoryNamesTheFirstProcessThatCouldNotAttach() {
        // 1 GiB of shmem on a 2 GiB machine: each private sharer needs ~2 MiB of page tables.
        Result r = Compare.run(Workload.SGA, Design.PRIVATE,
                Params.of(Workload.SGA.params,
                        List.of("processes=2000", "sga=1GiB", "memory=2GiB")),
                false,
                Compare.Progress.NONE);
        assertThat(r.oom()).isNotNull();
        assertThat(r.processes()).isEqualTo(r.oom().process() - 1);
        assertThat(r.processes()).isBetween(400L, 512L);
    }

    @Test
    void jsonHasTheDocumentedSchema() {
        Params p = Params.of(Workload.SGA.params, List.of("processes=2", "sga=2MiB"));
        Report rep = new Report(Workload.SGA, p, 42, 0, List
                .of(Compare.run(Workload.SGA, Design.PRIVATE, p, false, Compare.Progress.NONE)));
        String json = Report.Format.JSON.render(rep);
        for (String key : List.of("\"workload\"", "\"params\"", "\"seed\"", "\"results\"",
                "\"design\"", "\"processes\"",
                "\"oom\"", "\"pageTablesBytes\"", "\"vmPteBytes\"", "\"min\"", "\"median\"",
                "\"max\"", "\"sum\"",
                "\"rssBytes\"", "\"pssBytes\"", "\"minorFaults\"", "\"tlbFlushes\"", "\"tlbIpis\"",
                "\"elapsedMillis\"")) {
            assertThat(json).contains(key);
        }
        assertThat(Report.Format.JSON.render(rep)).isEqualTo(json); // deterministic
    }

    @Test
    void htmlIsSelfContainedWithAChartAndTheTable() {
        Params p = Params.of(Workload.SGA.params, List.of("processes=3", "sga=2MiB"));
        Report rep = new Report(Workload.SGA, p, 42, 1L << 30, List
                .of(Compare.run(Workload.SGA, Design.PRIVATE, p, false, Compare.Progress.NONE)));
        String html = Report.Format.HTML.render(rep);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg id=\"chart\"")
                .contains("<polyline")
                .contains("<table id=\"results\">")
                .doesNotContain("src=", "href=", "<script", "@import");
    }

    @Test
    void tableFitsEightyColumns() {
        Params p = Params.of(Workload.SGA.params, List.of("processes=2", "sga=2MiB"));
        String t = Report.Format.TABLE.render(new Report(Workload.SGA, p, 42, 0,
                List.of(Compare.run(Workload.SGA, Design.PRIVATE, p, false,
                        Compare.Progress.NONE))));
        assertThat(t.lines().skip(1))
                .allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
    }

    @Test
    void badParametersAreOneLineErrors() {
        assertThatThrownBy(() -> Params.of(Workload.SGA.params, List.of("procs=3")))
                .hasMessageContaining("unknown parameter 'procs'");
        assertThatThrownBy(() -> Params.of(Workload.SGA.params, List.of("touch=1.5")))
                .hasMessageContaining("touch must be in [0, 1]");
        assertThatThrownBy(() -> Params.of(Workload.SGA.params, List.of("sga=lots")))
                .hasMessageContaining("bad value for sga");
    }

    @Test
    void sweepPointsAndShards() {
        assertThat(SweepRow.points("1..10:3")).containsExactly("1", "4", "7", "10");
        assertThat(SweepRow.points("1,8,128")).containsExactly("1", "8", "128");
    }
}
