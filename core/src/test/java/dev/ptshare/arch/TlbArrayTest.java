package dev.ptshare.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TlbArray against a plain set-associative reference: every lookup scans its set, every insert
 * takes the way already holding the tag (a tag is never cached twice), else the first empty way,
 * else the set's round-robin victim. TlbArray skips work with what its last missing lookup
 * remembered (the slot the insert
 * of that tag will fill); that must never change which entries it holds. Hardware model, so no
 * kernel selftest to port: the sequences mix the miss-then-fill pairs of page walks with direct
 * fills and INVLPG / ASID / full flushes, on nearly empty, partly full and full arrays.
 */
class TlbArrayTest {
    /** The reference: the same geometry and set hash, no remembered miss. */
    private static final class Reference {
        final int ways, setMask, shift;
        final long[] tags, values;
        final int[] victim;

        Reference(int entries, int ways, int shift) {
            this.ways = ways;
            int sets = Integer.highestOneBit(Math.max(1, entries / ways));
            this.setMask = sets - 1;
            this.shift = shift;
            tags = new long[sets * ways];
            values = new long[sets * ways];
            victim = new int[sets];
            Arrays.fill(tags, TlbArray.EMPTY);
        }

        int base(long vpn) {
            return ((int) (vpn ^ (vpn >>> 11)) & setMask) * ways;
        }

        long lookup(int asid, long va) {
            long vpn = va >>> shift, t = ((long) asid << 52) | vpn;
            for (int i = base(vpn); i < base(vpn) + ways; i++) if (tags[i] == t) return values[i];
            return TlbArray.EMPTY;
        }

        void insert(int asid, long va, long value) {
            long vpn = va >>> shift, t = ((long) asid << 52) | vpn;
            int b = base(vpn);
            for (int i = b; i < b + ways; i++) {
                if (tags[i] == t) {
                    values[i] = value;
                    return;
                }
            }
            for (int i = b; i < b + ways; i++) {
                if (tags[i] == TlbArray.EMPTY) {
                    tags[i] = t;
                    values[i] = value;
                    return;
                }
            }
            int s = b / ways, v = b + victim[s];
            victim[s] = (victim[s] + 1) % ways;
            tags[v] = t;
            values[v] = value;
        }

        void invalidate(int asid, long va) {
            long vpn = va >>> shift, t = ((long) asid << 52) | vpn;
            for (int i = base(vpn); i < base(vpn) + ways; i++)
                if (tags[i] == t) tags[i] = TlbArray.EMPTY;
        }

        void invalidateAsid(int asid) {
            for (int i = 0; i < tags.length; i++)
                if (tags[i] != TlbArray.EMPTY && (int) (tags[i] >>> 52) == asid)
                    tags[i] = TlbArray.EMPTY;
        }

        int count() {
            return (int) Arrays.stream(tags).filter(t -> t != TlbArray.EMPTY).count();
        }
    }

    /**
     * entries, ways, page shift, distinct pages touched (few: sets fill while others stay empty).
     */
    static Stream<Arguments> geometries() {
        return Stream.of(
                Arguments.of(1536, 8, 12, 24), // the default STLB, a few pages per set at most
                Arguments.of(1536, 8, 12, 4000), // full sets while the array is not yet full
                Arguments.of(1536, 8, 12, 100_000), // warm and full
                Arguments.of(64, 4, 12, 300),
                Arguments.of(32, 4, 21, 90),
                Arguments.of(16, 4, 30, 40));
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void sameEntriesAsTheReference(int entries, int ways, int shift, int pages) {
        TlbArray tlb = new TlbArray(entries, ways, shift);
        Reference ref = new Reference(entries, ways, shift);
        SplittableRandom rnd = new SplittableRandom(entries * 31L + pages);
        for (int step = 0; step < 200_000; step++) {
            int asid = rnd.nextInt(3);
            // Pages that share sets: vpn k * sets + small offset, so sets fill up early.
            long vpn = rnd.nextInt(pages);
            long va = vpn << shift;
            long value = rnd.nextLong(1L << 40) << 12 | rnd.nextInt(16);
            int op = rnd.nextInt(100);
            if (op < 80) { // an access: lookup, and on a miss the walk's fill
                long got = tlb.lookup(asid, va);
                assertThat(got).as("lookup at step %d", step).isEqualTo(ref.lookup(asid, va));
                if (got == TlbArray.EMPTY) {
                    tlb.insert(asid, va, value);
                    ref.insert(asid, va, value);
                }
            } else if (op < 90) { // a fill with no lookup before it (the retry after a fault)
                tlb.insert(asid, va, value);
                ref.insert(asid, va, value);
            } else if (op < 97) {
                tlb.invalidate(asid, va);
                ref.invalidate(asid, va);
            } else if (op < 99) {
                tlb.invalidateAsid(asid);
                ref.invalidateAsid(asid);
            } else if (rnd.nextInt(20) == 0) {
                tlb.invalidateAll();
                ref.invalidateAsid(0);
                ref.invalidateAsid(1);
                ref.invalidateAsid(2);
            }
            if (step % 1000 == 0) assertThat(tlb.count()).isEqualTo(ref.count());
        }
        assertThat(tlb.count()).isEqualTo(ref.count());
        for (int asid = 0; asid < 3; asid++) {
            for (long vpn = 0; vpn < pages; vpn++) {
                assertThat(tlb.lookup(asid, vpn << shift))
                        .isEqualTo(ref.lookup(asid, vpn << shift));
            }
        }
    }

    /** The case a remembered miss must get right: a full set in an array that is not full. */
    @ParameterizedTest
    @MethodSource("geometries")
    void fullSetOfAnArrayWithRoom(int entries, int ways, int shift, int pages) {
        TlbArray tlb = new TlbArray(entries, ways, shift);
        int sets = Integer.highestOneBit(Math.max(1, entries / ways));
        // ways + 1 pages of one set (vpn below 2048: the set is vpn & (sets - 1))
        for (int k = 0; k <= ways && (long) k * sets + 1 < 2048; k++) {
            long va = ((long) k * sets + 1) << shift;
            assertThat(tlb.lookup(0, va)).isEqualTo(TlbArray.EMPTY);
            tlb.insert(0, va, (k + 1L) << 12);
        }
        if ((long) ways * sets + 1 >= 2048) return; // too few sets for ways + 1 pages below 2048
        assertThat(tlb.count()).isEqualTo(ways);
        // The newest is there, the first one (way 0, the round-robin victim) is gone.
        assertThat(tlb.lookup(0, ((long) ways * sets + 1) << shift)).isEqualTo((ways + 1L) << 12);
        assertThat(tlb.lookup(0, 1L << shift)).isEqualTo(TlbArray.EMPTY);
        assertThat(tlb.lookup(0, ((long) sets + 1) << shift)).isEqualTo(2L << 12);
    }
}
