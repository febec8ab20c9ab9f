package dev.ptshare.proc;

import java.util.BitSet;

/**
 * The seq_file primitives of fs/seq_file.c and lib/vsprintf.c that the /proc formatters use,
 * reproduced byte for byte. Numbers are C {@code unsigned long} unless a method says "signed".
 */
final class Seq {
    private final StringBuilder sb = new StringBuilder();
    private int padUntil;

    /** seq_puts(). */
    Seq puts(String s) {
        sb.append(s);
        return this;
    }

    /** seq_putc(). */
    Seq putc(char c) {
        sb.append(c);
        return this;
    }

    /** seq_put_decimal_ull_width(): delimiter, then num right-aligned in width with spaces. */
    Seq decimalWidth(String delimiter, long num, int width) {
        sb.append(delimiter);
        String digits = Long.toUnsignedString(num);
        for (int i = digits.length(); i < Math.max(width, 1); i++) {
            sb.append(' ');
        }
        sb.append(digits);
        return this;
    }

    /** seq_put_decimal_ull(). */
    Seq decimal(String delimiter, long num) {
        return decimalWidth(delimiter, num, 0);
    }

    /** seq_put_decimal_ll(): signed. */
    Seq decimalSigned(String delimiter, long num) {
        sb.append(delimiter).append(num);
        return this;
    }

    /** seq_put_hex_ll(): lowercase hex, zero-padded to at least width digits. */
    Seq hex(String delimiter, long v, int width) {
        sb.append(delimiter);
        String digits = Long.toHexString(v);
        for (int i = digits.length(); i < width; i++) {
            sb.append('0');
        }
        sb.append(digits);
        return this;
    }

    /** seq_setwidth(): pad target is width bytes from the current position. */
    Seq setWidth(int width) {
        padUntil = sb.length() + width;
        return this;
    }

    /** seq_pad(): spaces up to the seq_setwidth() target, then c (if non-zero). */
    Seq pad(char c) {
        while (sb.length() < padUntil) {
            sb.append(' ');
        }
        if (c != 0) {
            sb.append(c);
        }
        return this;
    }

    /** "%*pb" (bitmap_string): 32-bit hex chunks, most significant first, comma separated. */
    Seq bitmap(BitSet bits, int nrBits) {
        int chunk = nrBits % 32 == 0 ? 32 : nrBits % 32;
        boolean first = true;
        for (int i = ((nrBits + 31) / 32 - 1) * 32; i >= 0; i -= 32) {
            long val = 0;
            for (int b = 0; b < chunk; b++) {
                if (bits.get(i + b)) {
                    val |= 1L << b;
                }
            }
            if (!first) {
                sb.append(',');
            }
            first = false;
            hex("", val, (chunk + 3) / 4);
            chunk = 32;
        }
        return this;
    }

    /** "%*pbl" (bitmap_list_string): ranges such as "0-3,8". */
    Seq bitmapList(BitSet bits, int nrBits) {
        boolean first = true;
        for (int lo = bits.nextSetBit(0); lo >= 0 && lo < nrBits;) {
            int hi = Math.min(bits.nextClearBit(lo), nrBits);
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append(lo);
            if (hi - 1 > lo) {
                sb.append('-').append(hi - 1);
            }
            lo = hi < nrBits ? bits.nextSetBit(hi) : -1;
        }
        return this;
    }

    /** seq_path(m, path, "\n") after d_path(): mangle_path() turns each '\n' into "\012". */
    Seq path(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\n') {
                sb.append("\\012");
            } else {
                sb.append(c);
            }
        }
        return this;
    }

    /** The text written so far. */
    @Override
    public String toString() {
        return sb.toString();
    }
}
