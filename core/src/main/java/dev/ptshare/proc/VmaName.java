package dev.ptshare.proc;

/**
 * What get_vma_name() (fs/proc/task_mmu.c) prints after the padding of a maps/smaps line.
 *
 * <p>Kinds, in the kernel's order of precedence:
 *
 * <ul>
 * <li>{@link File}: any VMA with a vm_file: seq_path() of d_path(), which appends " (deleted)"
 * to unlinked files. Shared anonymous memory is the unlinked shmem file "/dev/zero
 * (deleted)" (shmem_zero_setup), a memfd is "/memfd:NAME (deleted)" (memfd_create), SysV
 * shm is "/SYSV%08x (deleted)" (newseg). These carry the file's dev, inode and offset.
 * <li>{@link AnonShmem}: a vm_file VMA named with PR_SET_VMA_ANON_NAME: "[anon_shmem:NAME]".
 * <li>{@link Special}: vm_ops->name or arch_vma_name ("[vdso]", "[vvar]", "[vvar_vclock]",
 * "[uprobes]", "[vsyscall]"), then the initial "[heap]" and "[stack]".
 * <li>{@link Anon}: a private anonymous VMA named with PR_SET_VMA_ANON_NAME: "[anon:NAME]".
 * <li>{@link None}: plain anonymous memory; the line ends right after the inode field.
 * </ul>
 */
public sealed interface VmaName {

    /** Whether the VMA has a vm_file, so maps shows its pgoff, dev and inode. */
    boolean fileBacked();

    /** A file path as d_path() returns it; deleted adds " (deleted)". */
    record File(String path, boolean deleted) implements VmaName {
        @Override
        public boolean fileBacked() {
            return true;
        }

        /** d_path() text, before mangle_path() escapes newlines. */
        public String text() {
            return deleted ? path + " (deleted)" : path;
        }
    }

    /** "[anon_shmem:%s]": a shmem VMA named by prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME). */
    record AnonShmem(String name) implements VmaName {
        @Override
        public boolean fileBacked() {
            return true;
        }
    }

    /** A fixed bracketed name such as "[heap]". */
    record Special(String text) implements VmaName {
        @Override
        public boolean fileBacked() {
            return false;
        }
    }

    /** "[anon:%s]": a private anonymous VMA named by prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME). */
    record Anon(String name) implements VmaName {
        @Override
        public boolean fileBacked() {
            return false;
        }
    }

    /** No name. */
    record None() implements VmaName {
        @Override
        public boolean fileBacked() {
            return false;
        }
    }

    Special HEAP = new Special("[heap]");
    Special STACK = new Special("[stack]");
    Special VDSO = new Special("[vdso]");
    Special VVAR = new Special("[vvar]");
    Special VVAR_VCLOCK = new Special("[vvar_vclock]");
    Special UPROBES = new Special("[uprobes]");
    /** The x86_64 gate VMA (arch_vma_name), printed last by maps and smaps, not in the rollup. */
    Special VSYSCALL = new Special("[vsyscall]");
    None NONE = new None();

    static File file(String path) {
        return new File(path, false);
    }

    /** MAP_SHARED|MAP_ANONYMOUS: shmem_kernel_file_setup("dev/zero", ...). */
    static File sharedAnon() {
        return new File("/dev/zero", true);
    }

    /** memfd_create(name): the unlinked shmem (or hugetlbfs) file "memfd:" + name. */
    static File memfd(String name) {
        return new File("/memfd:" + name, true);
    }

    /** shmget(key): the unlinked shm file "SYSV%08x". */
    static File sysv(int key) {
        return new File(String.format("/SYSV%08x", key), true);
    }

    static Anon anon(String name) {
        return new Anon(name);
    }

    /**
     * The name of a file-less, vm_ops-less VMA, as get_vma_name() picks it: [heap] if
     * vma_is_initial_heap(), [stack] if vma_is_initial_stack(), else [anon:NAME] or nothing.
     */
    static VmaName anonymous(
            long start, long end, long startBrk, long brk, long startStack, String anonName) {
        if (start <= brk && end >= startBrk) {
            return HEAP;
        }
        if (start <= startStack && end >= startStack) {
            return STACK;
        }
        return anonName == null ? NONE : new Anon(anonName);
    }
}
