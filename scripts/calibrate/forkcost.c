/*
 * Measures the per-operation costs of ptshare's cost model (docs/cost-model.md) on the kernel this
 * runs on: fork of anonymous memory in three layouts, page faults of three kinds, munmap in three
 * states and single-page TLB flushes with and without a remote CPU. Every case runs REPEAT times
 * after one warm-up round and prints the minimum and the median wall time (CLOCK_MONOTONIC) in
 * nanoseconds.
 *
 * Build and run: scripts/calibrate/measure.sh (gcc -O2). THP is kept off every region with
 * MADV_NOHUGEPAGE so that all memory is mapped with 4 KiB pages, as in the model.
 *
 * Output: one line per case, "case bytes units min_ns median_ns", units being the number of
 * pages, page-table pages or operations the case did (what the cost is divided by).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096L
#define PMD_SIZE (2L << 20)

static int repeat = 9;

static int64_t now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int cmp(const void *a, const void *b) {
    int64_t x = *(const int64_t *) a, y = *(const int64_t *) b;
    return x < y ? -1 : x > y;
}

/* Sorts the repetitions (after the warm-up round t[0]) in place. */
static int64_t *sorted(int64_t *t) {
    qsort(t + 1, repeat, sizeof *t, cmp);
    return t + 1;
}

static char *region(long size) {
    /* 2 MiB-aligned, so that a size of k * 2 MiB is exactly k PTE tables. */
    char *m = mmap(NULL, size + PMD_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
            -1, 0);
    if (m == MAP_FAILED) {
        perror("mmap");
        exit(1);
    }
    char *a = (char *) (((uintptr_t) m + PMD_SIZE - 1) & ~(PMD_SIZE - 1));
    if (madvise(a, size, MADV_NOHUGEPAGE)) {
        perror("madvise");
        exit(1);
    }
    return a;
}

static void release(char *a, long size) {
    /* region() over-allocated by 2 MiB; unmapping the aligned part and its surroundings. */
    munmap(a - PMD_SIZE, size + 2 * PMD_SIZE);
}

static void write_pages(char *a, long size, long stride, char v) {
    for (long off = 0; off < size; off += stride) a[off] = v;
}

static long read_pages(char *a, long size) {
    long s = 0;
    for (long off = 0; off < size; off += PAGE) s += ((volatile char *) a)[off];
    return s;
}

/*
 * Parent-side latency of fork(); the child exits at once and is reaped before the next round.
 * *reap gets the time from fork()'s return to waitpid()'s: the child's exit and the reaping.
 */
static int64_t fork_once_reap(int64_t *reap) {
    int64_t t0 = now();
    pid_t pid = fork();
    if (pid == 0) _exit(0);
    int64_t t1 = now();
    if (pid < 0) {
        perror("fork");
        exit(1);
    }
    waitpid(pid, NULL, 0);
    if (reap) *reap = now() - t1;
    return t1 - t0;
}

static int64_t fork_once(void) {
    return fork_once_reap(NULL);
}

/* A child that sleeps until killed: it keeps the parent's pages shared. */
static pid_t fork_holder(void) {
    pid_t pid = fork();
    if (pid == 0) {
        for (;;) pause();
    }
    return pid;
}

static void kill_holder(pid_t pid) {
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
}

/* The minimum (the round least disturbed by other jobs on the machine) and the median. */
static void report(const char *name, long size, long units, int64_t *t) {
    int64_t *s = sorted(t);
    printf("%-20s %12ld %8ld %12lld %12lld\n", name, size, units, (long long) s[0],
            (long long) s[repeat / 2]);
    fflush(stdout);
}

/*
 * fork of written memory (every PTE present, every page accounted), and the write faults that
 * follow once the child has exited: the page is exclusive again, so each is a wp_page_reuse()
 * fault, the cheapest fault there is.
 */
static void fork_written(long size) {
    char *a = region(size);
    int64_t t[64], w[64], e[64];
    for (int i = 0; i <= repeat; i++) {
        int64_t t0 = now();
        write_pages(a, size, PAGE, (char) i);
        w[i] = now() - t0;
        t[i] = fork_once_reap(&e[i]);
    }
    report("fork-written", size, size / PAGE, t);
    report("exit-written", size, size / PAGE, e);
    report("fault-wp-reuse", size, size / PAGE, w);
    release(a, size);
}

/* fork of zero-page PTEs: copied without any page accounting (vm_normal_page() is NULL). */
static void fork_zeropage(long size) {
    char *a = region(size);
    a[0] = 1; /* anon_vma_prepare(): makes vma_needs_copy() true */
    read_pages(a + PAGE, size - PAGE);
    int64_t t[64];
    for (int i = 0; i <= repeat; i++) t[i] = fork_once();
    report("fork-zeropage", size, size / PAGE, t);
    release(a, size);
}

/* fork of one written page per 2 MiB: one PTE table per page, 511 none entries scanned. */
static void fork_sparse(long size) {
    char *a = region(size);
    write_pages(a, size, PMD_SIZE, 1);
    int64_t t[64];
    for (int i = 0; i <= repeat; i++) t[i] = fork_once();
    report("fork-sparse", size, size / PMD_SIZE, t);
    release(a, size);
}

/* First write to fresh memory: do_anonymous_page() with a zeroed page. */
static void fault_anon(long size) {
    int64_t t[64];
    for (int i = 0; i <= repeat; i++) {
        char *a = region(size);
        int64_t t0 = now();
        write_pages(a, size, PAGE, 1);
        t[i] = now() - t0;
        release(a, size);
    }
    report("fault-anon-zero", size, size / PAGE, t);
}

/* Write after fork while the child lives: wp_page_copy() copies every page. */
static void fault_cow(long size) {
    int64_t t[64];
    for (int i = 0; i <= repeat; i++) {
        char *a = region(size);
        write_pages(a, size, PAGE, 1);
        pid_t h = fork_holder();
        int64_t t0 = now();
        write_pages(a, size, PAGE, 2);
        t[i] = now() - t0;
        kill_holder(h);
        release(a, size);
    }
    report("fault-cow-copy", size, size / PAGE, t);
}

/*
 * munmap of present PTEs in three states: zero-page PTEs (cleared, nothing accounted), pages
 * still mapped by a child (cleared and unaccounted, not freed) and exclusive pages (also freed).
 */
static void zap(long size) {
    int64_t z[64], s[64], x[64];
    for (int i = 0; i <= repeat; i++) {
        char *a = region(size);
        a[0] = 1;
        read_pages(a + PAGE, size - PAGE);
        int64_t t0 = now();
        munmap(a, size);
        z[i] = now() - t0;
        release(a, size);

        a = region(size);
        write_pages(a, size, PAGE, 1);
        pid_t h = fork_holder();
        t0 = now();
        munmap(a, size);
        s[i] = now() - t0;
        kill_holder(h);
        release(a, size);

        a = region(size);
        write_pages(a, size, PAGE, 1);
        t0 = now();
        munmap(a, size);
        x[i] = now() - t0;
        release(a, size);
    }
    report("munmap-zeropage", size, size / PAGE, z);
    report("munmap-shared", size, size / PAGE, s);
    report("munmap-exclusive", size, size / PAGE, x);
}

/* munmap of one exclusive page per 2 MiB: per PTE table, one page zapped and freed. */
static void zap_sparse(long size) {
    int64_t t[64];
    for (int i = 0; i <= repeat; i++) {
        char *a = region(size);
        write_pages(a, size, PMD_SIZE, 1);
        int64_t t0 = now();
        munmap(a, size);
        t[i] = now() - t0;
        release(a, size);
    }
    report("munmap-sparse", size, size / PMD_SIZE, t);
}

static volatile int spin_stop;

static void *spinner(void *arg) {
    (void) arg;
    while (!spin_stop) __asm__ volatile("pause");
    return NULL;
}

static void pin(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    sched_setaffinity(0, sizeof set, &set);
}

/*
 * mprotect of one present page, read-write to read-only (flush_tlb_range of one page) and back
 * (no flush: pte_needs_flush() is false when only permissions are added), without and with a
 * second thread of the process spinning on the other CPU (which then gets a shootdown IPI).
 */
static void flushes(int ops) {
    /* A one-page VMA, so that mprotect never splits or merges VMAs. */
    char *a = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (a == MAP_FAILED) {
        perror("mmap");
        exit(1);
    }
    a[0] = 1;
    pin(0);
    for (int remote = 0; remote <= 1; remote++) {
        pthread_t th;
        if (remote) {
            spin_stop = 0;
            pthread_attr_t at;
            pthread_attr_init(&at);
            cpu_set_t set;
            CPU_ZERO(&set);
            CPU_SET(1, &set);
            pthread_attr_setaffinity_np(&at, sizeof set, &set);
            pthread_create(&th, &at, spinner, NULL);
            usleep(10000);
        }
        int64_t ro[64], rw[64];
        for (int i = 0; i <= repeat; i++) {
            int64_t tro = 0, trw = 0;
            for (int k = 0; k < ops; k++) {
                int64_t t0 = now();
                mprotect(a, PAGE, PROT_READ);
                int64_t t1 = now();
                mprotect(a, PAGE, PROT_READ | PROT_WRITE);
                trw += now() - t1;
                tro += t1 - t0;
                a[0] = (char) k; /* reloads the TLB entry the next flush removes */
            }
            ro[i] = tro;
            rw[i] = trw;
        }
        report(remote ? "mprotect-ro-remote" : "mprotect-ro-local", PAGE, ops,
                ro);
        report(remote ? "mprotect-rw-remote" : "mprotect-rw-local", PAGE, ops,
                rw);
        if (remote) {
            spin_stop = 1;
            pthread_join(th, NULL);
        }
    }
    munmap(a, PAGE);
}

int main(int argc, char **argv) {
    long mib = argc > 1 ? atol(argv[1]) : 1024;
    if (argc > 2) repeat = atoi(argv[2]);
    if (repeat < 1 || repeat > 63) repeat = 9;
    long size = mib << 20;
    printf("%-20s %12s %8s %12s %12s\n", "case", "bytes", "units", "min_ns", "median_ns");
    fork_written(PMD_SIZE);
    fork_written(size / 4);
    fork_written(size);
    fork_zeropage(size / 4);
    fork_zeropage(size);
    fork_sparse(size * 4);
    fault_anon(size);
    fault_cow(size);
    zap(size);
    zap_sparse(size * 4);
    flushes(2000);
    return 0;
}
