package dev.ptshare.proc;

import static dev.ptshare.proc.VmFlags.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MapsFormatTest {
    static final long R = VM_READ | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
    static final long RW = R | VM_WRITE;

    @Test
    void fileLinePadsThePathToColumn73() {
        // Header line of a published Ubuntu 6.x smaps sample.
        VmaInfo v = VmaInfo.file(0x5e5580ad5000L, 0x5e5580ad6000L, R, 0, 8, 1, 57568414,
                VmaName.file("/home/oicnanev/Projects/TVS-ISEL2425/CourseWorks/cw2/ex3/prog"));
        String line = MapsFormat.line(v);
        assertThat(line).isEqualTo("5e5580ad5000-5e5580ad6000 r--p 00000000 08:01 57568414"
                + "                   /home/oicnanev/Projects/TVS-ISEL2425/CourseWorks/cw2/ex3/prog\n");
        assertThat(line.indexOf('/')).isEqualTo(73);
    }

    @Test
    void anonymousLinesEndWithTheSpaceAfterTheInode() {
        assertThat(MapsFormat.line(VmaInfo.anon(0x5e5581ada000L, 0x5e5582ada000L, RW | VM_ACCOUNT,
                VmaName.NONE, true)))
                .isEqualTo("5e5581ada000-5e5582ada000 rw-p 00000000 00:00 0 \n");
    }

    @Test
    void namedAnonymousHeapStackAndGate() {
        List<VmaInfo> vmas = List.of(
                VmaInfo.anon(0x1fa00500000L, 0x1fa00600000L, RW, VmaName.anon("js-gc-heap"), true),
                VmaInfo.anon(0x5e55834c2000L, 0x5e55834e3000L, RW, VmaName.HEAP, true),
                VmaInfo.anon(0x7ffc31626000L, 0x7ffc31647000L, RW | VM_GROWSDOWN, VmaName.STACK,
                        true),
                VmaInfo.anon(0xffffffffff600000L, 0xffffffffff601000L, VM_EXEC, VmaName.VSYSCALL,
                        false));
        assertThat(MapsFormat.format(vmas)).isEqualTo(
                // First line as published for a V8 process' [anon:js-gc-heap] region.
                "1fa00500000-1fa00600000 rw-p 00000000 00:00 0                            [anon:js-gc-heap]\n"
                        + "5e55834c2000-5e55834e3000 rw-p 00000000 00:00 0                          [heap]\n"
                        + "7ffc31626000-7ffc31647000 rw-p 00000000 00:00 0                          [stack]\n"
                        + "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]\n");
    }

    @Test
    void sharedAnonymousMemfdSysvAndAnonShmem() {
        long rws = RW | VM_SHARED | VM_MAYSHARE;
        List<VmaInfo> vmas = List.of(
                VmaInfo.file(0x7f0000000000L, 0x7f0000001000L, rws, 0, 0, 1, 1026,
                        VmaName.sharedAnon()),
                VmaInfo.file(0x7f0000001000L, 0x7f0000003000L, rws, 2, 0, 1, 7,
                        VmaName.memfd("wayland-cursor")),
                VmaInfo.file(0x7f0000003000L, 0x7f0000004000L, R | VM_MAYSHARE, 0, 0, 1, 32768,
                        VmaName.sysv(0x1234abcd)),
                VmaInfo.file(0x7f0000004000L, 0x7f0000005000L, rws, 0, 0, 1, 9,
                        new VmaName.AnonShmem("ring")));
        assertThat(MapsFormat.format(vmas)).isEqualTo(
                "7f0000000000-7f0000001000 rw-s 00000000 00:01 1026                       /dev/zero (deleted)\n"
                        + "7f0000001000-7f0000003000 rw-s 00002000 00:01 7                          "
                        + "/memfd:wayland-cursor (deleted)\n"
                        + "7f0000003000-7f0000004000 r--s 00000000 00:01 32768                      "
                        + "/SYSV1234abcd (deleted)\n"
                        + "7f0000004000-7f0000005000 rw-s 00000000 00:01 9                          "
                        + "[anon_shmem:ring]\n");
    }

    @Test
    void anonymousVmasPrintZeroOffsetDevAndInodeWhateverTheRecordSays() {
        VmaInfo v = new VmaInfo(0x10000, 0x11000, RW, 0x10, 8, 1, 99, VmaName.NONE, 4096, false);
        assertThat(MapsFormat.line(v)).isEqualTo("00010000-00011000 rw-p 00000000 00:00 0 \n");
    }

    @Test
    void hexDeviceNumbersAndShortAddresses() {
        VmaInfo v = VmaInfo.file(0x400000, 0x401000, R | VM_EXEC, 0x1234, 259, 3, 131,
                VmaName.file("/usr/bin/true"));
        assertThat(MapsFormat.line(v)).isEqualTo(
                "00400000-00401000 r-xp 01234000 103:03 131                               /usr/bin/true\n");
    }

    @Test
    void overlongPrefixGetsOneExtraSpaceAndNewlinesInPathsAreEscaped() {
        // 16-digit addresses, a 12-digit offset and a 15-digit inode: 74 bytes before the name.
        VmaInfo v = VmaInfo.file(0xffff800000000000L, 0xffff800000001000L, R, 0xfffffffffL, 254,
                255,
                123456789012345L, new VmaName.File("/tmp/a\nb", true));
        assertThat(MapsFormat.line(v))
                .isEqualTo("ffff800000000000-ffff800000001000 r--p fffffffff000"
                        + " fe:ff 123456789012345  /tmp/a\\012b (deleted)\n");
    }

    @Test
    void anonymousNamingFollowsGetVmaNameOrder() {
        assertThat(VmaName.anonymous(0x1000, 0x2000, 0x1000, 0x1800, 0x9000, "x"))
                .isEqualTo(VmaName.HEAP);
        assertThat(VmaName.anonymous(0x8000, 0xa000, 0x1000, 0x1800, 0x9000, "x"))
                .isEqualTo(VmaName.STACK);
        assertThat(VmaName.anonymous(0x3000, 0x4000, 0x1000, 0x1800, 0x9000, "x"))
                .isEqualTo(VmaName.anon("x"));
        assertThat(VmaName.anonymous(0x3000, 0x4000, 0x1000, 0x1800, 0x9000, null))
                .isEqualTo(VmaName.NONE);
    }
}
