package dev.ptshare.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PssAccumulatorTest {
    static final long FP_PAGE = 4096L << PssAccumulator.PSS_SHIFT; // 16777216

    @Test
    void threePagesSharedByTwoThreeAndSeven() {
        SmapsStats s = new PssAccumulator()
                .accountPage(4096, 2, false, true, PageKind.FILE, false)
                .accountPage(4096, 3, false, true, PageKind.FILE, false)
                .accountPage(4096, 7, false, true, PageKind.FILE, false)
                .snapshot();
        // Each page truncates separately: 8388608 + 5592405 + 2396745.
        assertThat(s.pss()).isEqualTo(16377758L);
        assertThat(s.pss() >>> 12).isEqualTo(3998L); // bytes; exact is 3998.48
        assertThat(s.pssKb()).isEqualTo(3L);
        assertThat(s.pssFile()).isEqualTo(s.pss());
        assertThat(s.resident()).isEqualTo(12288L);
        assertThat(s.sharedClean()).isEqualTo(12288L);
        assertThat(s.privateClean() + s.privateDirty() + s.sharedDirty()).isZero();
        assertThat(s.pssDirty()).isZero();
    }

    @Test
    void mapcountBelowTwoIsPrivateAndWhole() {
        SmapsStats s = new PssAccumulator()
                .accountPage(4096, 1, true, false, PageKind.ANON, false)
                .accountPage(4096, 0, false, false, PageKind.ANON, false) // e.g. device-private
                .snapshot();
        assertThat(s.pss()).isEqualTo(2 * FP_PAGE);
        assertThat(s.privateDirty()).isEqualTo(4096L);
        assertThat(s.privateClean()).isEqualTo(4096L);
        assertThat(s.pssDirty()).isEqualTo(FP_PAGE);
        assertThat(s.pssAnon()).isEqualTo(2 * FP_PAGE);
        assertThat(s.referenced()).isZero();
    }

    @Test
    void dirtySharedPageGoesToSharedDirtyAndPssDirty() {
        SmapsStats s = new PssAccumulator()
                .accountPage(4096, 3, true, true, PageKind.SHMEM, true)
                .snapshot();
        assertThat(s.sharedDirty()).isEqualTo(4096L);
        assertThat(s.pssDirty()).isEqualTo(FP_PAGE / 3);
        assertThat(s.pssShmem()).isEqualTo(FP_PAGE / 3);
        assertThat(s.pssLocked()).isEqualTo(FP_PAGE / 3);
    }

    @Test
    void ksmCountsAsAnonAndKsmButExclusivityIsByMapcountOnly() {
        SmapsStats s = new PssAccumulator()
                .accountPage(4096, 1, false, true, PageKind.KSM, false)
                .accountPage(4096, 4, false, true, PageKind.KSM, false)
                .snapshot();
        assertThat(s.ksm()).isEqualTo(8192L);
        assertThat(s.anonymous()).isEqualTo(8192L);
        assertThat(s.privateClean()).isEqualTo(4096L);
        assertThat(s.sharedClean()).isEqualTo(4096L);
        assertThat(s.pssAnon()).isEqualTo(FP_PAGE + FP_PAGE / 4);
    }

    @Test
    void lazyfreeOnlyWhileClean() {
        SmapsStats s = new PssAccumulator()
                .accountPage(4096, 1, false, false, PageKind.ANON_LAZYFREE, false)
                .accountPage(4096, 1, true, false, PageKind.ANON_LAZYFREE, false)
                .accountPage(4096, 1, false, false, PageKind.ANON, false)
                .snapshot();
        assertThat(s.lazyfree()).isEqualTo(4096L);
        assertThat(s.anonymous()).isEqualTo(3 * 4096L);
    }

    @Test
    void pmdMappedThpDividesEachSubpageSeparately() {
        SmapsStats s = new PssAccumulator()
                .accountPage(2 << 20, 3, false, true, PageKind.SHMEM, false)
                .accountPage(2 << 20, 1, false, true, PageKind.FILE, false)
                .snapshot();
        assertThat(s.shmemThp()).isEqualTo(2L << 20);
        assertThat(s.fileThp()).isEqualTo(2L << 20);
        assertThat(s.anonymousThp()).isZero();
        assertThat(s.pssShmem()).isEqualTo(512 * (FP_PAGE / 3)); // not (2M << 12) / 3
        assertThat(s.pssShmem()).isNotEqualTo((2L << 20 << 12) / 3);
        assertThat(s.pssFile()).isEqualTo(2L << 20 << 12);
    }

    @Test
    void aMillionThreeUserPagesShowTheFixedPointError() {
        SmapsStats s = new PssAccumulator()
                .accountPages(1 << 20, 4096, 3, false, false, PageKind.FILE, false)
                .snapshot();
        assertThat(s.pss()).isEqualTo(5864061665280L);
        assertThat(s.pss() >>> 12).isEqualTo(1431655680L); // exact: 1431655765.33
        assertThat(s.pssKb()).isEqualTo(1398101L);
    }

    @Test
    void swapEntriesAndShmemSwap() {
        SmapsStats s = new PssAccumulator()
                .accountSwapEntry(1)
                .accountSwapEntry(3)
                .accountSwapEntries(2, 2)
                .addShmemSwap(4096)
                .snapshot();
        assertThat(s.swap()).isEqualTo(5 * 4096L);
        assertThat(s.swapPss()).isEqualTo(FP_PAGE + FP_PAGE / 3 + 2 * (FP_PAGE / 2));
        assertThat(s.resident()).isZero();
    }

    @Test
    void bulkEqualsRepeatedSingles() {
        Random rnd = new Random(6_18L);
        PageKind[] kinds = PageKind.values();
        for (int round = 0; round < 500; round++) {
            long n = rnd.nextInt(50);
            long size = rnd.nextInt(4) == 0 ? 2L << 20 : 4096;
            int mapcount = rnd.nextInt(12);
            boolean dirty = rnd.nextBoolean();
            boolean young = rnd.nextBoolean();
            boolean locked = rnd.nextBoolean();
            PageKind kind = kinds[rnd.nextInt(kinds.length)];
            int swapcount = rnd.nextInt(9);

            PssAccumulator one = new PssAccumulator().accountPage(4096, 5, true, true, kind, false);
            PssAccumulator bulk = new PssAccumulator().accountPage(4096, 5, true, true, kind,
                    false);
            for (long i = 0; i < n; i++) {
                one.accountPage(size, mapcount, dirty, young, kind, locked)
                        .accountSwapEntry(swapcount);
            }
            bulk.accountPages(n, size, mapcount, dirty, young, kind, locked)
                    .accountSwapEntries(n, swapcount);
            assertThat(bulk.snapshot()).isEqualTo(one.snapshot());
        }
    }

    @Test
    void rejectsNonPageSizes() {
        assertThatThrownBy(() -> new PssAccumulator().accountPage(1000, 1, false, false,
                PageKind.ANON, false)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void statsAddUpForTheRollup() {
        SmapsStats a = new PssAccumulator().accountPage(4096, 2, true, true, PageKind.ANON, true)
                .snapshot();
        SmapsStats b = new PssAccumulator().accountPage(4096, 3, false, false, PageKind.FILE, false)
                .snapshot();
        SmapsStats both = new PssAccumulator()
                .accountPage(4096, 2, true, true, PageKind.ANON, true)
                .accountPage(4096, 3, false, false, PageKind.FILE, false)
                .snapshot();
        assertThat(a.plus(b)).isEqualTo(both);
        assertThat(SmapsStats.ZERO.plus(a)).isEqualTo(a);
    }
}
