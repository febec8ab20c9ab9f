package dev.ptshare.proc;

import static dev.ptshare.proc.VmFlags.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VmFlagsTest {

    @Test
    void everyBitsMnemonicFor618X86() {
        StringBuilder sb = new StringBuilder();
        for (int bit = 0; bit < 64; bit++) {
            sb.append(bit).append('=').append(mnemonic(bit)).append(' ');
        }
        assertThat(sb.toString()).isEqualTo(
                "0=rd 1=wr 2=ex 3=sh 4=mr 5=mw 6=me 7=ms 8=gd 9=um 10=pf 11=?? 12=uw 13=lo 14=io 15=sr "
                        + "16=rr 17=dc 18=de 19=lf 20=ac 21=nr 22=ht 23=sf 24=ar 25=wf 26=dd 27=sd 28=mm "
                        + "29=hg 30=nh 31=mg 32= 33= 34= 35= 36=?? 37=ss 38=?? 39=?? 40=dp 41=ui 42=sl "
                        + "43=?? 44=?? 45=?? 46=?? 47=?? 48=?? 49=?? 50=?? 51=?? 52=?? 53=?? 54=?? 55=?? "
                        + "56=?? 57=?? 58=?? 59=?? 60=?? 61=?? 62=?? 63=?? ");
    }

    @Test
    void printsByBitOrderNotTableOrder() {
        long f = VM_SEALED | VM_UFFD_MISSING | VM_READ | VM_MERGEABLE | VM_UFFD_MINOR
                | VM_SHADOW_STACK
                | VM_DROPPABLE | VM_WIPEONFORK;
        assertThat(mnemonics(f)).isEqualTo("rd um wf mg ss dp ui sl ");
    }

    @Test
    void pkeyBitsAreHiddenAndDecoded() {
        long f = VM_READ | VM_PKEY_BIT1 | VM_PKEY_BIT3;
        assertThat(mnemonics(f)).isEqualTo("rd ");
        assertThat(pkey(f)).isEqualTo(10);
        assertThat(mnemonics(0)).isEmpty();
    }

    @Test
    void tableMatchesConstants() {
        assertThat(TABLE).hasSize(39);
        assertThat(TABLE.getFirst()).isEqualTo(new Mnemonic(VM_READ, "rd"));
        assertThat(TABLE.getLast()).isEqualTo(new Mnemonic(VM_SEALED, "sl"));
    }
}
