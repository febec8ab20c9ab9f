package dev.ptshare.kernel;

/**
 * errno values (include/uapi/asm-generic/errno-base.h, errno.h). Kernel paths return them
 * negated in a long, as the kernel does; the syscall layer turns them into -1 and errno.
 */
public final class Errno {
    private Errno() {}

    public static final int EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, EIO = 5, EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12, EACCES = 13, EFAULT = 14, EBUSY = 16, EEXIST = 17;
    public static final int ENODEV = 19, ENOTDIR = 20, EISDIR = 21, EINVAL = 22, ENFILE = 23;
    public static final int EMFILE = 24, ENOTTY = 25, ETXTBSY = 26, EFBIG = 27, ENOSPC = 28;
    public static final int ESPIPE = 29, EROFS = 30, ERANGE = 34, ENAMETOOLONG = 36;
    public static final int ENOSYS = 38, ENOTEMPTY = 39, EOVERFLOW = 75, EOPNOTSUPP = 95;

    private static final String[] NAMES = new String[134];

    static {
        String[] n = {
                "EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG", "ENOEXEC", "EBADF",
                "ECHILD",
                "EAGAIN", "ENOMEM", "EACCES", "EFAULT", "ENOTBLK", "EBUSY", "EEXIST", "EXDEV",
                "ENODEV",
                "ENOTDIR", "EISDIR", "EINVAL", "ENFILE", "EMFILE", "ENOTTY", "ETXTBSY", "EFBIG",
                "ENOSPC",
                "ESPIPE", "EROFS", "EMLINK", "EPIPE", "EDOM", "ERANGE", "EDEADLK", "ENAMETOOLONG",
                "ENOLCK", "ENOSYS", "ENOTEMPTY", "ELOOP"
        };
        for (int i = 0; i < n.length; i++) NAMES[i + 1] = n[i];
        NAMES[75] = "EOVERFLOW";
        NAMES[95] = "EOPNOTSUPP";
    }

    public static String name(int errno) {
        return errno > 0 && errno < NAMES.length && NAMES[errno] != null ? NAMES[errno]
                : "E" + errno;
    }

    /** IS_ERR_VALUE for a syscall return: -4095..-1. */
    public static boolean isError(long ret) {
        return ret < 0 && ret >= -4095;
    }
}
