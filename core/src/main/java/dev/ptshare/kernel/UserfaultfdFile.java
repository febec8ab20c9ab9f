package dev.ptshare.kernel;

import dev.ptshare.fs.FsType;
import dev.ptshare.fs.Inode;
import dev.ptshare.fs.OpenFile;
import dev.ptshare.mm.UserfaultfdCtx;
import java.util.Map;
import java.util.Set;

/**
 * The userfaultfd file (fs/userfaultfd.c): userfaultfd(2), the ioctls of userfaultfd_ioctl()
 * that the model implements (UFFDIO_API, UFFDIO_REGISTER, UFFDIO_UNREGISTER,
 * UFFDIO_WRITEPROTECT) and userfaultfd_release() when the last reference to the file goes.
 * Tasks are privileged (CAP_SYS_PTRACE), so userfaultfd_syscall_allowed() and UFFDIO_API's
 * EVENT_FORK check always pass. There is no read(2): fault and event messages are not delivered.
 *
 * <p>A script names the command and the fields of its struct: {@code ioctl FD UFFDIO_REGISTER
 * start=A len=L mode=UFFDIO_REGISTER_MODE_WP} (struct uffdio_register's range.start, range.len and
 * mode); a field left out is 0, as in a zeroed struct.
 */
public final class UserfaultfdFile implements FileCalls.FsOps {
    // include/uapi/linux/userfaultfd.h: _IOWR/_IOR(UFFDIO = 0xAA, nr, struct)
    public static final int UFFDIO_API = 0xc018aa3f, UFFDIO_REGISTER = 0xc020aa00,
            UFFDIO_UNREGISTER = 0x8010aa01, UFFDIO_WAKE = 0x8010aa02, UFFDIO_COPY = 0xc028aa03,
            UFFDIO_ZEROPAGE = 0xc020aa04, UFFDIO_MOVE = 0xc028aa05,
            UFFDIO_WRITEPROTECT = 0xc018aa06, UFFDIO_CONTINUE = 0xc020aa07,
            UFFDIO_POISON = 0xc020aa08;

    /** The ioctl numbers by name, as a script writes them. */
    static final Map<String, Integer> COMMANDS = Map.of("UFFDIO_API", UFFDIO_API,
            "UFFDIO_REGISTER", UFFDIO_REGISTER, "UFFDIO_UNREGISTER", UFFDIO_UNREGISTER,
            "UFFDIO_WAKE", UFFDIO_WAKE, "UFFDIO_COPY", UFFDIO_COPY, "UFFDIO_ZEROPAGE",
            UFFDIO_ZEROPAGE, "UFFDIO_MOVE", UFFDIO_MOVE, "UFFDIO_WRITEPROTECT",
            UFFDIO_WRITEPROTECT, "UFFDIO_CONTINUE", UFFDIO_CONTINUE, "UFFDIO_POISON",
            UFFDIO_POISON);

    /** UFFD_SHARED_FCNTL_FLAGS (O_CLOEXEC | O_NONBLOCK) and UFFD_USER_MODE_ONLY. */
    private static final int O_NONBLOCK = 04000, O_CLOEXEC = 02000000, UFFD_USER_MODE_ONLY = 1;

    private final Kernel k;

    private UserfaultfdFile(Kernel k) {
        this.k = k;
    }

    /** Registers the userfaultfd file operations with the kernel. */
    public static UserfaultfdFile install(Kernel k) {
        UserfaultfdFile f = new UserfaultfdFile(k);
        k.files.fsOps.put(FsType.ANON_INODE, f);
        return f;
    }

    /** SYSCALL_DEFINE1(userfaultfd) → new_userfaultfd(): the new fd, or -errno. */
    public long userfaultfd(Task t, int flags) {
        if ((flags & ~(O_CLOEXEC | O_NONBLOCK | UFFD_USER_MODE_ONLY)) != 0) return -Errno.EINVAL;
        UserfaultfdCtx ctx = new UserfaultfdCtx(t.mm, flags);
        // anon_inode_create_getfile("[userfaultfd]", ..., O_RDONLY | fcntl flags)
        Inode i = k.vfs.anonymous(FsType.ANON_INODE, "anon_inode:[userfaultfd]", 0);
        i.privateData = ctx;
        i.evict = inode -> k.mm.userfaultfd.release(ctx); // userfaultfd_release()
        i.get();
        return t.files
                .install(new OpenFile(i, OpenFile.O_RDONLY | (flags & (O_CLOEXEC | O_NONBLOCK))));
    }

    /** The struct fields each command reads. */
    private static final Map<Integer, Set<String>> FIELDS = Map.of(
            UFFDIO_API, Set.of("api", "features"),
            UFFDIO_REGISTER, Set.of("start", "len", "mode"),
            UFFDIO_UNREGISTER, Set.of("start", "len"),
            UFFDIO_WRITEPROTECT, Set.of("start", "len", "mode"));

    /** userfaultfd_ioctl(). */
    @Override
    public long ioctl(Task t, OpenFile f, String cmdName, Map<String, Long> args) {
        if (!(f.inode.privateData instanceof UserfaultfdCtx ctx)) return -Errno.ENOTTY;
        Integer cmd = COMMANDS.get(cmdName);
        if (cmd == null) return -Errno.EINVAL; // "int ret = -EINVAL;" for an unknown command
        if (cmd != UFFDIO_API && !ctx.initialized()) return -Errno.EINVAL;
        Set<String> fields = FIELDS.get(cmd);
        if (fields == null) throw CallError.notModelled(cmdName);
        for (String key : args.keySet()) {
            if (!fields.contains(key)) {
                throw CallError.badArgument(cmdName + " has no field '" + key
                        + "' (it reads " + String.join(", ", fields.stream().sorted().toList())
                        + ")");
            }
        }
        long start = args.getOrDefault("start", 0L), len = args.getOrDefault("len", 0L);
        long mode = args.getOrDefault("mode", 0L);
        return switch (cmd) {
            case UFFDIO_API -> api(ctx, args.getOrDefault("api", 0L),
                    args.getOrDefault("features", 0L));
            case UFFDIO_REGISTER -> k.mm.userfaultfd.register(ctx, start, len, mode);
            case UFFDIO_UNREGISTER -> k.mm.userfaultfd.unregister(ctx, start, len);
            default -> k.mm.userfaultfd.writeprotect(ctx, start, len, mode);
        };
    }

    /** userfaultfd_api(). */
    private static long api(UserfaultfdCtx ctx, long api, long features) {
        if (api != UserfaultfdCtx.UFFD_API) return -Errno.EINVAL;
        // EVENT_FORK needs CAP_SYS_PTRACE, which the model's tasks have.
        // "WP_ASYNC relies on WP_UNPOPULATED, choose it unconditionally"
        if ((features & UserfaultfdCtx.UFFD_FEATURE_WP_ASYNC) != 0)
            features |= UserfaultfdCtx.UFFD_FEATURE_WP_UNPOPULATED;
        if ((features & ~(long) UserfaultfdCtx.UFFD_API_FEATURES) != 0) return -Errno.EINVAL;
        if (!ctx.initialize((int) features)) return -Errno.EINVAL;
        return 0;
    }
}
