package dev.ptshare.kernel;

import dev.ptshare.mm.CowPte;
import dev.ptshare.mm.ForkRule;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The machine a script runs on ({@code machine KEY=VALUE ...}). Defaults: 4 CPUs, 64 GiB,
 * 4-level paging, no huge pages, a 1536-entry STLB per CPU, fork copying page tables
 * ({@code cow_pte=off}) by the fixed VM_COPY_ON_FORK rule ({@code fork_rule=fixed}), and
 * MAP_SHARED_PT meaning the RFC v2 design ({@code map_shared_pt=rfc-v2}).
 */
public record MachineConfig(
        int cpus, long memoryBytes, int paging, long hugepages2m, long hugepages1g, int tlbEntries,
        boolean mshareFixed, CowPte.Mode cowPte, ForkRule forkRule, boolean ptshare) {

    public static final long UNBOUNDED = 1L << 50;

    /** 2^31 frames of 4 KiB: frame numbers are ints (dev.ptshare.mm.Hugetlb#PFN_SPACE). */
    static final long MAX_MEMORY = 1L << 43;

    public static MachineConfig defaults() {
        return new MachineConfig(4, 64L << 30, 4, 0, 0, 1536, false, CowPte.Mode.OFF,
                ForkRule.FIXED, false);
    }

    /** Parses {@code machine} keys; throws IllegalArgumentException with a one-line message. */
    public static MachineConfig parse(Map<String, String> kv) {
        MachineConfig d = defaults();
        int cpus = d.cpus;
        long memory = d.memoryBytes;
        int paging = d.paging;
        long h2 = 0, h1 = 0;
        int tlb = d.tlbEntries;
        boolean mshareFixed = false;
        boolean ptshare = false;
        CowPte.Mode cowPte = d.cowPte;
        ForkRule forkRule = d.forkRule;
        for (var e : new LinkedHashMap<>(kv).entrySet()) {
            String v = e.getValue();
            switch (e.getKey()) {
                case "cpus" -> {
                    cpus = (int) number(v, "cpus");
                    if (cpus < 1 || cpus > 64)
                        throw new IllegalArgumentException("cpus must be 1..64, got " + v);
                }
                case "memory" -> {
                    memory = v.equals("unbounded") ? UNBOUNDED : number(v, "memory");
                    if (memory < (16L << 20)) throw new IllegalArgumentException(
                            "memory must be at least 16MiB, got " + v);
                }
                case "paging" -> {
                    paging = (int) number(v, "paging");
                    if (paging != 4 && paging != 5)
                        throw new IllegalArgumentException("paging must be 4 or 5, got " + v);
                }
                case "hugepages" -> {
                    for (String part : v.split(",")) {
                        String[] sz = part.split(":");
                        if (sz.length != 2) throw new IllegalArgumentException(
                                "hugepages wants SIZE:COUNT[,SIZE:COUNT], got " + v);
                        long n = number(sz[1], "hugepages count");
                        switch (sz[0]) {
                            case "2M", "2MiB" -> h2 = n;
                            case "1G", "1GiB" -> h1 = n;
                            default -> throw new IllegalArgumentException(
                                    "huge page size must be 2M or 1G, got " + sz[0]);
                        }
                    }
                }
                case "tlb" -> {
                    tlb = (int) number(v, "tlb");
                    if (tlb < 16 || Integer.bitCount(tlb / 8) != 1) {
                        throw new IllegalArgumentException(
                                "tlb must be 8 * a power of two >= 16, got " + v);
                    }
                }
                case "mshare" -> {
                    if (!v.equals("posted") && !v.equals("fixed"))
                        throw new IllegalArgumentException(
                                "mshare must be posted or fixed, got " + v);
                    mshareFixed = v.equals("fixed");
                }
                case "cow_pte" -> {
                    cowPte = CowPte.Mode.byKey(v);
                    if (cowPte == null) throw new IllegalArgumentException(
                            "cow_pte must be off, on or accounting, got " + v);
                }
                case "fork_rule" -> {
                    forkRule = ForkRule.byKey(v);
                    if (forkRule == null) throw new IllegalArgumentException(
                            "fork_rule must be 6.18, posted or fixed, got " + v);
                }
                case "map_shared_pt" -> {
                    // Which design the MAP_SHARED_PT flag asks for: RFC v2 (2023) or the 2026
                    // ptshare prototype (dev.ptshare.ptshare).
                    if (!v.equals("rfc-v2") && !v.equals("ptshare"))
                        throw new IllegalArgumentException(
                                "map_shared_pt must be rfc-v2 or ptshare, got " + v);
                    ptshare = v.equals("ptshare");
                }
                default ->
                    throw new IllegalArgumentException("unknown machine key '" + e.getKey() + "'");
            }
        }
        long huge = h2 * (2L << 20) + h1 * (1L << 30);
        if (memory != UNBOUNDED && huge > memory) {
            throw new IllegalArgumentException(
                    "hugepages need " + huge + " bytes, more than memory=" + memory);
        }
        if (memory != UNBOUNDED && memory > MAX_MEMORY) {
            throw new IllegalArgumentException("memory=" + memory
                    + " is more than the model's 8 TiB of physical address (31-bit frame numbers)");
        }
        if (huge > MAX_MEMORY - (1L << 30)) {
            throw new IllegalArgumentException("hugepages need " + huge
                    + " bytes; the model's physical address space is 8 TiB");
        }
        return new MachineConfig(cpus, memory, paging, h2, h1, tlb, mshareFixed, cowPte,
                forkRule, ptshare);
    }

    /** A number with an optional binary suffix (K, M, G, T, KiB ...). */
    static long number(String s, String what) {
        String t = s.trim();
        long mul = 1;
        String[][] suffixes = { { "KiB", "10" }, { "MiB", "20" }, { "GiB", "30" }, { "TiB", "40" },
                { "K", "10" }, { "M", "20" }, { "G", "30" }, { "T", "40" } };
        for (String[] sfx : suffixes) {
            if (t.endsWith(sfx[0])) {
                mul = 1L << Integer.parseInt(sfx[1]);
                t = t.substring(0, t.length() - sfx[0].length());
                break;
            }
        }
        try {
            long n = t.startsWith("0x") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
            return Math.multiplyExact(n, mul);
        } catch (NumberFormatException | ArithmeticException ex) {
            throw new IllegalArgumentException("bad number for " + what + ": '" + s + "'");
        }
    }
}
