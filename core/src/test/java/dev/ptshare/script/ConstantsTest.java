package dev.ptshare.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ConstantsTest {
    @Test
    void headerValues() {
        Map<String, Long> expected = Map.ofEntries(
                Map.entry("PROT_GROWSDOWN", 0x01000000L), Map.entry("MAP_SHARED_VALIDATE", 3L),
                Map.entry("MAP_FIXED_NOREPLACE", 0x100000L), Map.entry("MAP_HUGETLB", 0x40000L),
                Map.entry("MAP_HUGE_2MB", 0x54000000L), Map.entry("MAP_HUGE_1GB", 0x78000000L),
                Map.entry("MAP_UNINITIALIZED", 0x4000000L), Map.entry("O_CREAT", 64L),
                Map.entry("O_EXCL", 128L),
                Map.entry("O_TRUNC", 512L), Map.entry("O_DIRECTORY", 0x10000L),
                Map.entry("O_CLOEXEC", 0x80000L),
                Map.entry("MADV_DONTNEED", 4L), Map.entry("MADV_COLLAPSE", 25L),
                Map.entry("MADV_GUARD_INSTALL", 102L),
                Map.entry("MADV_GUARD_REMOVE", 103L), Map.entry("MREMAP_DONTUNMAP", 4L),
                Map.entry("MFD_HUGE_2MB", 0x54000000L), Map.entry("FALLOC_FL_PUNCH_HOLE", 2L),
                Map.entry("UFFD_FEATURE_EVENT_FORK", 2L),
                Map.entry("UFFDIO_REGISTER_MODE_MINOR", 4L));
        expected.forEach(
                (name, value) -> assertThat(LinuxConstants.flag(name)).as(name).hasValue(value));
    }

    @Test
    void mapSharedPtCollidesWithNoOtherMapFlag() {
        long pt = LinuxConstants.flag("MAP_SHARED_PT").getAsLong();
        LinuxConstants.ALL.forEach((name, value) -> {
            if (name.startsWith("MAP_") && !name.equals("MAP_SHARED_PT"))
                assertThat(value & pt).as(name).isZero();
        });
    }

    @Test
    void errnoTableIsComplete() {
        assertThat(Errno.number("EPERM")).hasValue(1);
        assertThat(LinuxConstants.errno("EINVAL")).hasValue(22);
        assertThat(LinuxConstants.signal("SIGSEGV")).hasValue(11);
        assertThat(Errno.number("EWOULDBLOCK")).hasValue(11);
        assertThat(Errno.number("EHWPOISON")).hasValue(133);
        assertThat(Errno.name(11)).isEqualTo("EAGAIN");
        IntStream.rangeClosed(1, 133).filter(n -> n != 41 && n != 58)
                .forEach(n -> assertThat(Errno.name(n)).as("errno %d", n).isNotNull());
    }

    @Test
    void signals() {
        assertThat(Signals.number("SIGSEGV")).hasValue(11);
        assertThat(Signals.number("SIGBUS")).hasValue(7);
        assertThat(Signals.number("SIGKILL")).hasValue(9);
        assertThat(Signals.number("SIGSYS")).hasValue(31);
        assertThat(Signals.name(6)).isEqualTo("SIGABRT");
    }

    @Test
    void familiesCatchTypos() {
        assertThat(LinuxConstants.looksLikeFlag("MAP_SHRED")).isTrue();
        assertThat(LinuxConstants.looksLikeFlag("MSHAREFS_CREATE_MAPPING")).isFalse();
        assertThat(LinuxConstants.looksLikeFlag("fd")).isFalse();
    }
}
