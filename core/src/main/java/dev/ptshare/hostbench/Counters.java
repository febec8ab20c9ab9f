package dev.ptshare.hostbench;

/**
 * What one side's process reports around a timed part: minor faults (/proc/PID/stat minflt) and
 * the /proc/PID/status fields RssAnon, RssShmem and VmPTE, in kB.
 */
record Counters(long minflt, long rssAnonKiB, long rssShmemKiB, long vmPteKiB) {}
