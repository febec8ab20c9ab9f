package dev.ptshare.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** PteFootprint runs and its PTE-only steps land near the 8 bytes a page table spends. */
class PteFootprintTest {
    @Test
    void pteOnlyStepsCostAboutEightBytes() {
        List<PteFootprint.Step> steps = PteFootprint.measure(256L << 20);
        assertThat(steps).hasSize(6);
        for (PteFootprint.Step s : steps) {
            assertThat(s.bytesPerUnit()).as(s.name()).isBetween(0.0, 200.0);
        }
        // fork child: PTE tables only. GC noise at this size is well under a byte per PTE.
        assertThat(steps.get(1).bytesPerUnit()).isBetween(7.0, 12.0);
        // shmem read page by page: ordinary PTE tables, 8 bytes per entry.
        assertThat(steps.get(4).bytesPerUnit()).isBetween(7.0, 12.0);
    }
}
