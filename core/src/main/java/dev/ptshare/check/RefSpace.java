package dev.ptshare.check;

import java.util.HashMap;
import java.util.Map;

/** A process as the reference model sees it: mapped pages by page number, and open files. */
final class RefSpace {
    final Map<Long, RefPage> pages = new HashMap<>();
    final Map<Long, RefFd> fds = new HashMap<>();

    record RefFd(RefObject obj, boolean readable, boolean writable) {}

    /** fork(): DONTFORK pages stay behind, WIPEONFORK pages start empty. */
    RefSpace fork() {
        RefSpace s = new RefSpace();
        for (var e : pages.entrySet()) {
            RefPage p = e.getValue();
            if (p.dontfork) continue;
            RefPage c = p.copy();
            if (p.wipeonfork) {
                c.data = null;
                c.guard = false;
                c.lazyfree = false;
            }
            s.pages.put(e.getKey(), c);
        }
        s.fds.putAll(fds);
        return s;
    }
}
