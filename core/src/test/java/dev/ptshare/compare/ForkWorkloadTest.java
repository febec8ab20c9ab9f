package dev.ptshare.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ptshare.cost.CostOp;
import dev.ptshare.cost.ModelledTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fork workloads (redis-fork, fuzz-fork, zygote with a heap) on memory small enough that
 * every operation count follows by hand from x86_64 paging, Linux's fork and the COW PTE
 * series; the modelled times are those counts at the bare-metal prices.
 *
 * <p>4 MiB at the 1 GiB-aligned BASE is 1024 pages in 2 PTE tables under one PMD and one PUD
 * table. Every task runs on CPU 0, so no flush sends an IPI.
 */
class ForkWorkloadTest {
    private static Result run(Workload w, Design d, String... sets) {
        return Compare.run(w, d, Params.of(w.params, List.of(sets)), false,
                Compare.Progress.NONE);
    }

    private static void assertOps(Result r, Map<CostOp, Long> expected) {
        for (CostOp op : CostOp.values())
            assertThat(r.modelled().count(op)).as(r.design() + " " + op.key)
                    .isEqualTo(expected.getOrDefault(op, 0L));
    }

    private static final String[] REDIS = { "size=4MiB", "write=0.25" };

    /** Setup of every 4 MiB case: 1024 anonymous write faults, PGD, PUD, PMD and 2 PTE tables. */
    private static final long SETUP_PICOS = 1024 * (307_000L + 261_000) + 5 * 219_000L;

    @Test
    void redisForkPrivateCopiesEveryPteAndCopiesEachWrittenPage() {
        Result r = run(Workload.REDIS_FORK, Design.PRIVATE, REDIS);
        // fork: 1024 PTEs and pages, the child's PGD, PUD, PMD and 2 PTE tables, one flush.
        // The child reads its present copies without faulting. The parent writes 256 pages
        // (every 4th): 256 COW faults, each a copy and a flush of the old translation.
        assertOps(r, Map.of(CostOp.FORK, 1L, CostOp.PTE_COPIED, 1024L, CostOp.PAGE_ACCOUNTED,
                1024L, CostOp.TABLE_ALLOCATED, 10L, CostOp.FAULT, 1024L + 256,
                CostOp.PAGE_ZEROED, 1024L, CostOp.PAGE_COPIED, 256L, CostOp.TLB_FLUSH, 257L));
        assertThat(r.minorFaults()).isEqualTo(1280); // the parent and the child both count
        assertThat(r.processes()).isEqualTo(2);
        assertThat(r.vmPteBytes().max()).isEqualTo(4 * 4096L); // 2 PTE, PMD, PUD
        ModelledTime t = r.modelled();
        assertThat(t.forkPicos()).containsExactly(
                83_000_000L + 1024 * 1_500L + 1024 * 13_100L + 5 * 219_000L + 100_000L);
        assertThat(t.setupPicos()).isEqualTo(SETUP_PICOS);
        assertThat(t.faultPicos()).isEqualTo(256 * (307_000L + 335_000 + 100_000));
        assertThat(t.exitPicos()).isZero();
    }

    @Test
    void redisForkCowPteSharesTheTablesAndCopiesThemOnTheFirstWrite() {
        Result r = run(Workload.REDIS_FORK, Design.COW_PTE, REDIS);
        // fork: 2 tables shared, the child gets PGD, PUD and PMD. The parent's first write in
        // each table breaks COW: a table copied (512 PTEs, 512 pages accounted: RFC v2 defers
        // fork's accounting to here) and flushed; then every written page is a COW copy.
        assertOps(r, Map.of(CostOp.FORK, 1L, CostOp.TABLE_SHARED, 2L, CostOp.PTE_COPIED, 1024L,
                CostOp.PAGE_ACCOUNTED, 1024L, CostOp.TABLE_ALLOCATED, 5L + 3 + 2,
                CostOp.FAULT, 1024L + 256, CostOp.PAGE_ZEROED, 1024L, CostOp.PAGE_COPIED, 256L,
                CostOp.TLB_FLUSH, 1L + 2 + 256));
        assertThat(r.vmPteBytes().min()).isEqualTo(2 * 4096L); // the child: PMD and PUD only
        ModelledTime t = r.modelled();
        assertThat(t.forkPicos())
                .containsExactly(83_000_000L + 2 * 33_500L + 3 * 219_000L + 100_000L);
        assertThat(t.faultPicos()).isEqualTo(2 * (219_000L + 512 * (1_500L + 13_100) + 100_000)
                + 256 * (307_000L + 335_000 + 100_000));
        // What fork saved, the faults paid back, and more: one table allocated per table.
        assertThat(t.forkPicos()[0] + t.faultPicos()).isGreaterThan(
                run(Workload.REDIS_FORK, Design.PRIVATE, REDIS).modelled().forkPicos()[0]
                        + run(Workload.REDIS_FORK, Design.PRIVATE, REDIS).modelled()
                                .faultPicos());
    }

    @Test
    void redisForkAfterTheSnapshotCowPteTakesEachTableBackWithOneFault() {
        String[] sets = { "size=4MiB", "write=0.25", "child=exit" };
        // private: the child's exit zaps 1024 PTEs and frees its 5 tables; the parent's
        // 256 writes still fault (its PTEs are write-protected) but reuse the pages.
        Result p = run(Workload.REDIS_FORK, Design.PRIVATE, sets);
        assertOps(p, Map.of(CostOp.FORK, 1L, CostOp.PTE_COPIED, 1024L, CostOp.PAGE_ACCOUNTED,
                1024L, CostOp.TABLE_ALLOCATED, 10L, CostOp.TABLE_FREED, 5L, CostOp.PTE_ZAPPED,
                1024L, CostOp.FAULT, 1024L + 256, CostOp.PAGE_ZEROED, 1024L, CostOp.TLB_FLUSH,
                2L));
        // cow-pte: the exit drops 2 table references and frees PGD, PUD and PMD; the parent,
        // last user, takes each table back on its first write (one fault and flush per table)
        // and its PTEs were never write-protected: 2 faults for 256 writes.
        Result c = run(Workload.REDIS_FORK, Design.COW_PTE, sets);
        assertOps(c, Map.of(CostOp.FORK, 1L, CostOp.TABLE_SHARED, 2L, CostOp.TABLE_ALLOCATED,
                8L, CostOp.TABLE_FREED, 3L, CostOp.FAULT, 1024L + 2, CostOp.PAGE_ZEROED, 1024L,
                CostOp.TLB_FLUSH, 1L + 1 + 2));
        assertThat(c.modelled().faultPicos()).isEqualTo(2 * (307_000L + 100_000));
        assertThat(p.modelled().faultPicos()).isEqualTo(256 * 307_000L);
        // cow-pte-acct wrote the shared entries write-protected at fork, so every write faults,
        // and the exit de-accounts each page of the dropped tables.
        Result a = run(Workload.REDIS_FORK, Design.COW_PTE_ACCOUNTING, sets);
        assertOps(a, Map.of(CostOp.FORK, 1L, CostOp.TABLE_SHARED, 2L, CostOp.PAGE_ACCOUNTED,
                1024L, CostOp.TABLE_ALLOCATED, 8L, CostOp.TABLE_FREED, 3L, CostOp.PTE_ZAPPED,
                1024L, CostOp.FAULT, 1024L + 256, CostOp.PAGE_ZEROED, 1024L, CostOp.TLB_FLUSH,
                4L));
    }

    @Test
    void redisForkSequentialWritesBreakOnlyTheTablesTheyReach() {
        // The first 25% of the pages: 256 pages, all in the first table.
        Result r = run(Workload.REDIS_FORK, Design.COW_PTE, "size=4MiB", "write=0.25",
                "pattern=sequential");
        assertThat(r.modelled().count(CostOp.PTE_COPIED)).isEqualTo(512);
        assertThat(r.modelled().count(CostOp.PAGE_COPIED)).isEqualTo(256);
        assertThat(r.modelled().count(CostOp.TABLE_ALLOCATED)).isEqualTo(5 + 3 + 1);
    }

    @Test
    void redisForkWithHugePagesCopiesOneEntryPerTwoMib() {
        // 4 MiB of 2 MiB pages: 2 PMD entries; the child gets PGD, PUD, PMD; write=0.5 is one
        // huge page, copied whole (512 pages) on COW.
        Result r = run(Workload.REDIS_FORK, Design.PRIVATE, "size=4MiB", "write=0.5",
                "pages=2m");
        assertOps(r, Map.of(CostOp.FORK, 1L, CostOp.PTE_COPIED, 2L, CostOp.PAGE_ACCOUNTED, 2L,
                CostOp.TABLE_ALLOCATED, 3L + 3, CostOp.FAULT, 2L + 1, CostOp.PAGE_ZEROED,
                1024L, CostOp.PAGE_COPIED, 512L, CostOp.TLB_FLUSH, 2L));
        // COW PTE shares PTE tables; there are none, so it changes nothing.
        Result c = run(Workload.REDIS_FORK, Design.COW_PTE, "size=4MiB", "write=0.5",
                "pages=2m");
        assertThat(c.modelled().ops()).containsExactly(r.modelled().ops());
    }

    @Test
    void fuzzForkCowPteCopiesOnlyTheTablesAChildWrites() {
        String[] sets = { "size=4MiB", "iterations=3", "child_pages=1" };
        // private, per iteration: fork (1024 PTEs and pages, 5 tables, a flush); the child
        // writes page 0 (COW copy, flush); its exit zaps 1024 PTEs, frees 5 tables and its copy.
        Result p = run(Workload.FUZZ_FORK, Design.PRIVATE, sets);
        assertOps(p, Map.ofEntries(Map.entry(CostOp.FORK, 3L),
                Map.entry(CostOp.PTE_COPIED, 3 * 1024L),
                Map.entry(CostOp.PAGE_ACCOUNTED, 3 * 1024L),
                Map.entry(CostOp.TABLE_ALLOCATED, 5 + 3 * 5L),
                Map.entry(CostOp.TABLE_FREED, 3 * 5L), Map.entry(CostOp.PTE_ZAPPED, 3 * 1024L),
                Map.entry(CostOp.PAGE_FREED, 3L), Map.entry(CostOp.FAULT, 1024 + 3L),
                Map.entry(CostOp.PAGE_ZEROED, 1024L), Map.entry(CostOp.PAGE_COPIED, 3L),
                Map.entry(CostOp.TLB_FLUSH, 3 * 3L)));
        // cow-pte, per iteration: fork shares 2 tables (PGD, PUD, PMD allocated); the write
        // copies table 0 (512 PTEs and pages, a flush) then the page; the exit zaps table 0,
        // drops table 1 without touching its pages, frees 4 tables.
        Result c = run(Workload.FUZZ_FORK, Design.COW_PTE, sets);
        assertOps(c, Map.ofEntries(Map.entry(CostOp.FORK, 3L),
                Map.entry(CostOp.TABLE_SHARED, 3 * 2L), Map.entry(CostOp.PTE_COPIED, 3 * 512L),
                Map.entry(CostOp.PAGE_ACCOUNTED, 3 * 512L),
                Map.entry(CostOp.TABLE_ALLOCATED, 5 + 3 * 4L),
                Map.entry(CostOp.TABLE_FREED, 3 * 4L), Map.entry(CostOp.PTE_ZAPPED, 3 * 512L),
                Map.entry(CostOp.PAGE_FREED, 3L), Map.entry(CostOp.FAULT, 1024 + 3L),
                Map.entry(CostOp.PAGE_ZEROED, 1024L), Map.entry(CostOp.PAGE_COPIED, 3L),
                Map.entry(CostOp.TLB_FLUSH, 3 * 4L)));
        assertThat(c.modelled().forkPicos()).hasSize(3).containsOnly(83_824_000L);
    }

    @Test
    void fuzzForkExecAndSharedMemory() {
        // exec: the child's execve tears its mm down (and gets a fresh PGD), then it exits.
        Result e = run(Workload.FUZZ_FORK, Design.PRIVATE, "size=4MiB", "iterations=2",
                "child_pages=0", "child=exec");
        assertThat(e.modelled().count(CostOp.PTE_ZAPPED)).isEqualTo(2 * 1024);
        assertThat(e.modelled().count(CostOp.TABLE_ALLOCATED)).isEqualTo(5 + 2 * (5 + 1));
        assertThat(e.modelled().count(CostOp.TABLE_FREED)).isEqualTo(2 * (5 + 1));
        // A /dev/shm file mapped shared: fork copies nothing (no anon_vma), the child's exit
        // has nothing to zap, cow-pte changes nothing.
        Result s = run(Workload.FUZZ_FORK, Design.PRIVATE, "size=4MiB", "iterations=2",
                "child_pages=0", "segment=shm");
        assertThat(s.modelled().count(CostOp.PTE_COPIED)).isZero();
        assertThat(s.modelled().count(CostOp.PTE_ZAPPED)).isZero();
        assertThat(s.modelled().forkPicos()).containsOnly(83_000_000L + 219_000 + 100_000);
        assertThat(run(Workload.FUZZ_FORK, Design.COW_PTE, "size=4MiB", "iterations=2",
                "child_pages=0", "segment=shm").modelled().ops())
                .containsExactly(s.modelled().ops());
    }

    @Test
    void zygoteHeapIsWhatCowPteChangesTheLibrariesAreNeverCopied() {
        String[] sets = { "heap=4MiB", "libraries=2", "library_size=64KiB", "apps=2",
                "touch=1.0" };
        Result p = run(Workload.ZYGOTE, Design.PRIVATE, sets);
        Result c = run(Workload.ZYGOTE, Design.COW_PTE, sets);
        // Each app's fork copies the 4 MiB heap only: file-backed libraries without an
        // anon_vma are left to faults (vma_needs_copy()).
        assertThat(p.modelled().count(CostOp.PTE_COPIED)).isEqualTo(2 * 1024);
        assertThat(p.modelled().forkPicos()).containsOnly(99_145_400L);
        assertThat(c.modelled().count(CostOp.PTE_COPIED)).isZero();
        assertThat(c.modelled().count(CostOp.TABLE_SHARED)).isEqualTo(2 * 2);
        assertThat(c.modelled().forkPicos()).containsOnly(83_824_000L);
        // The apps' library faults are the same either way.
        assertThat(c.modelled().faultPicos()).isEqualTo(p.modelled().faultPicos());
        assertThat(c.minorFaults()).isEqualTo(p.minorFaults());
    }

    @Test
    void choicesMatchWholeWords() {
        for (String bad : List.of("pattern=seq", "child=the", "pages=4", "child=live|exit"))
            assertThatThrownBy(() -> Params.of(Workload.REDIS_FORK.params, List.of(bad)))
                    .as(bad).hasMessageContaining("is not one of");
        assertThatThrownBy(() -> Params.of(Workload.REDIS_FORK.params, List.of("pages=4")))
                .hasMessage("pages: '4' is not one of 4k|2m");
        assertThat(Params.of(Workload.FUZZ_FORK.params, List.of("child=exec", "segment=shm"))
                .choice("segment")).isEqualTo("shm");
    }

    @Test
    void objectSharingDesignsDoNotApplyToForkWorkloads() {
        for (Design d : List.of(Design.HUGETLB, Design.MSHARE, Design.MAP_SHARED_PT))
            assertThat(run(Workload.FUZZ_FORK, d, "size=4MiB", "iterations=1").applicable())
                    .isFalse();
        assertThat(run(Workload.SGA, Design.COW_PTE, "processes=1", "sga=2MiB").applicable())
                .isFalse();
    }

    @Test
    void jsonCsvAndTableLabelModelledTimes() {
        Params p = Params.of(Workload.REDIS_FORK.params, List.of(REDIS));
        Report rep = new Report(Workload.REDIS_FORK, p, 42, 0, List.of(Compare
                .run(Workload.REDIS_FORK, Design.PRIVATE, p, false, Compare.Progress.NONE)));
        assertThat(Report.Format.JSON.render(rep)).contains("\"costModel\" : \"bare-metal\"")
                .contains("\"modelledForkMicros\" : {")
                .contains("\"median\" : 99.145400").contains("\"modelledFaultMicros\" : ")
                .contains("\"modelledExitMicros\" : ").contains("\"modelledSetupMicros\" : ")
                .contains("\"modelledTotalMicros\" : ").contains("\"pte_copied\" : 1024");
        String csv = Report.Format.CSV.render(rep);
        assertThat(csv.lines().findFirst().orElseThrow()).contains(",modelled_fork_us_median,")
                .contains(",ops_page_accounted");
        assertThat(csv).contains(",bare-metal,").contains(",99.145400,");
        String table = Report.Format.TABLE.render(rep);
        assertThat(table).contains("modelled time").contains("99.15 us").contains("Modelled, not");
        assertThat(table.lines().skip(1))
                .allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
        assertThat(Report.Format.HTML.render(rep)).contains("<table id=\"modelled\">")
                .contains("modelled fork");
    }
}
