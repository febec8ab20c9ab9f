package dev.ptshare.proc;

/**
 * The kernel build and machine facts that change which lines /proc prints. Each flag names the
 * CONFIG_ option (or runtime test) that guards the lines in the 6.18 source.
 *
 * @param hugetlb          CONFIG_HUGETLB_PAGE: "HugetlbPages:" in status, the HugePages_* block in
 *                         meminfo
 * @param thp              CONFIG_TRANSPARENT_HUGEPAGE: AnonHugePages..FilePmdMapped in meminfo;
 *                         THP_enabled
 * @param zswap            CONFIG_ZSWAP: "Zswap:" and "Zswapped:" in meminfo
 * @param cma              CONFIG_CMA: "CmaTotal:" and "CmaFree:" in meminfo
 * @param unacceptedMemory CONFIG_UNACCEPTED_MEMORY: "Unaccepted:" in meminfo
 * @param memoryFailure    CONFIG_MEMORY_FAILURE: "HardwareCorrupted:" in meminfo
 * @param directGbpages    x86 direct_gbpages: "DirectMap1G:" in meminfo (CPU has pdpe1gb)
 * @param pkeys            arch_pkeys_enabled(): "ProtectionKey:" in smaps (CPU has PKU and OSPKE)
 * @param userShadowStack  CONFIG_X86_USER_SHADOW_STACK: the two x86_Thread_features lines
 * @param seccompFilter    CONFIG_SECCOMP_FILTER: "Seccomp_filters:" in status
 * @param nrCpuIds         nr_cpu_ids, the width of Cpus_allowed
 * @param maxNumNodes      MAX_NUMNODES (1 << CONFIG_NODES_SHIFT), the width of Mems_allowed
 */
public record ProcConfig(
        boolean hugetlb,
        boolean thp,
        boolean zswap,
        boolean cma,
        boolean unacceptedMemory,
        boolean memoryFailure,
        boolean directGbpages,
        boolean pkeys,
        boolean userShadowStack,
        boolean seccompFilter,
        int nrCpuIds,
        int maxNumNodes) {

    public ProcConfig {
        if (nrCpuIds < 1 || maxNumNodes < 1) {
            throw new IllegalArgumentException("nrCpuIds and maxNumNodes must be positive");
        }
    }

    /**
     * A generic x86_64 distribution kernel (4-level paging, NODES_SHIFT=10) on a PKU-less 8-CPU
     * machine with 1 GiB direct-map pages, as in the 6.x samples the tests embed. CONFIG_CMA=y as
     * Fedora and Arch ship it; use {@link #withCma} false for kernels built without CMA.
     */
    public static final ProcConfig DEFAULT = new ProcConfig(true, true, true, true, true, true,
            true, false, true, true, 8, 1024);

    public ProcConfig withCma(boolean on) {
        return new ProcConfig(hugetlb, thp, zswap, on, unacceptedMemory, memoryFailure,
                directGbpages,
                pkeys, userShadowStack, seccompFilter, nrCpuIds, maxNumNodes);
    }

    public ProcConfig withPkeys(boolean on) {
        return new ProcConfig(hugetlb, thp, zswap, cma, unacceptedMemory, memoryFailure,
                directGbpages,
                on, userShadowStack, seccompFilter, nrCpuIds, maxNumNodes);
    }

    public ProcConfig withNrCpuIds(int n) {
        return new ProcConfig(hugetlb, thp, zswap, cma, unacceptedMemory, memoryFailure,
                directGbpages,
                pkeys, userShadowStack, seccompFilter, n, maxNumNodes);
    }
}
