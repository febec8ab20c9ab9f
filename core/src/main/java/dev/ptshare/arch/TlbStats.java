package dev.ptshare.arch;

/**
 * Flush counters. Names follow the vmstat counters of CONFIG_DEBUG_TLBFLUSH
 * (include/linux/vm_event_item.h): nr_tlb_remote_flush, nr_tlb_remote_flush_received,
 * nr_tlb_local_flush_all, nr_tlb_local_flush_one; {@code flushes} counts flush requests.
 */
public final class TlbStats {
    public long flushes;
    public long ipis;
    public long remoteFlush;
    public long remoteFlushReceived;
    public long localFlushAll;
    public long localFlushOne;

    public TlbStats copy() {
        TlbStats s = new TlbStats();
        s.flushes = flushes;
        s.ipis = ipis;
        s.remoteFlush = remoteFlush;
        s.remoteFlushReceived = remoteFlushReceived;
        s.localFlushAll = localFlushAll;
        s.localFlushOne = localFlushOne;
        return s;
    }
}
