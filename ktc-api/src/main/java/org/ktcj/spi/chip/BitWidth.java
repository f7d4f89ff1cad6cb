package org.ktcj.spi.chip;

import java.util.Locale;

/** An integer width a chip can quantize a tensor to. */
public enum BitWidth {
    INT4(4),
    INT8(8),
    INT16(16);

    private final int bits;

    BitWidth(int bits) {
        this.bits = bits;
    }

    public int bits() {
        return bits;
    }

    /** The width named as on the command line: "int4", "int8", "int16". */
    public static BitWidth of(String name) {
        for (BitWidth w : values()) {
            if (w.toString().equals(name)) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown bit width '" + name + "' (int4, int8 or int16)");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
