package dev.ptshare.proc;

import java.util.List;

/** /proc/PID/maps as show_map_vma() (fs/proc/task_mmu.c, 6.18) prints it. */
public final class MapsFormat {
    private MapsFormat() {}

    /**
     * seq_setwidth(m, 25 + sizeof(void *) * 6 - 1): names start after padding the line to 72
     * bytes and one more space (column 73), or after one extra space when the prefix is longer.
     */
    static final int NAME_PAD = 25 + 8 * 6 - 1;

    /** The whole file: one line per VMA, in the order given (address order, gate VMA last). */
    public static String format(List<VmaInfo> vmas) {
        Seq m = new Seq();
        for (VmaInfo v : vmas) {
            showMapVma(m, v);
        }
        return m.toString();
    }

    /** One line, with its newline. */
    public static String line(VmaInfo vma) {
        Seq m = new Seq();
        showMapVma(m, vma);
        return m.toString();
    }

    /** show_map_vma(): the header prefix, then get_vma_name()'s text after seq_pad(). */
    static void showMapVma(Seq m, VmaInfo v) {
        boolean file = v.name().fileBacked();
        showVmaHeaderPrefix(m, v.start(), v.end(), v.flags(), file ? v.pgoff() << 12 : 0,
                file ? v.devMajor() : 0, file ? v.devMinor() : 0, file ? v.inode() : 0);
        switch (v.name()) {
            case VmaName.File f -> m.pad(' ').path(f.text());
            case VmaName.AnonShmem a -> m.pad(' ').puts("[anon_shmem:" + a.name() + "]");
            case VmaName.Special s -> m.pad(' ').puts(s.text());
            case VmaName.Anon a -> m.pad(' ').puts("[anon:" + a.name() + "]");
            case VmaName.None n -> {
            }
        }
        m.putc('\n');
    }

    /** show_vma_header_prefix(): "%08lx-%08lx %c%c%c%c %08llx %02x:%02x %lu ". */
    static void showVmaHeaderPrefix(
            Seq m, long start, long end, long flags, long pgoff, int major, int minor, long ino) {
        m.setWidth(NAME_PAD);
        m.hex("", start, 8);
        m.hex("-", end, 8);
        m.putc(' ');
        m.putc((flags & VmFlags.VM_READ) != 0 ? 'r' : '-');
        m.putc((flags & VmFlags.VM_WRITE) != 0 ? 'w' : '-');
        m.putc((flags & VmFlags.VM_EXEC) != 0 ? 'x' : '-');
        m.putc((flags & VmFlags.VM_MAYSHARE) != 0 ? 's' : 'p');
        m.hex(" ", pgoff, 8);
        m.hex(" ", major, 2);
        m.hex(":", minor, 2);
        m.decimal(" ", ino);
        m.putc(' ');
    }
}
