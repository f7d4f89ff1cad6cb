package org.ktcj.runtime.io;

import java.util.Optional;
import org.ktcj.ir.DataType;

/**
 * A NumPy array-protocol type string ({@code '<f4'}, {@code '|u1'}, {@code '>i8'}) as far as .npy files
 * need it: the element type and whether the data is big-endian.
 *
 * @param type      the element type
 * @param bigEndian true when the file stores multi-byte elements most significant byte first
 */
record NpyDtype(DataType type, boolean bigEndian) {

    /**
     * Parses a type string.
     *
     * @return the dtype, or empty when the string names a type with no tensor counterpart (complex,
     *         object, string...) or is not a type string; {@link #explain} says which in words
     */
    static Optional<NpyDtype> parse(String descr) {
        if (descr.length() < 2) {
            return Optional.empty();
        }
        char order = descr.charAt(0);
        String rest = descr;
        boolean big = false;
        if (order == '<' || order == '>' || order == '|' || order == '=') {
            // '=' (native) never appears in files NumPy writes; every platform NumPy supports today is
            // little-endian, so read it as such.
            big = order == '>';
            rest = descr.substring(1);
        }
        if (rest.equals("?")) {
            return Optional.of(new NpyDtype(DataType.BOOL, false));
        }
        if (rest.length() < 2 || !rest.substring(1).chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        int size;
        try {
            size = Integer.parseInt(rest.substring(1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        DataType t = switch (rest.charAt(0)) {
            case 'f' -> size == 2 ? DataType.FLOAT16 : size == 4 ? DataType.FLOAT : size == 8 ? DataType.DOUBLE : null;
            case 'i' -> size == 1 ? DataType.INT8 : size == 2 ? DataType.INT16 : size == 4 ? DataType.INT32
                    : size == 8 ? DataType.INT64 : null;
            case 'u' -> size == 1 ? DataType.UINT8 : size == 2 ? DataType.UINT16 : size == 4 ? DataType.UINT32
                    : size == 8 ? DataType.UINT64 : null;
            case 'b' -> size == 1 ? DataType.BOOL : null;
            default -> null;
        };
        return t == null ? Optional.empty() : Optional.of(new NpyDtype(t, big && size > 1));
    }

    /** What an unsupported type string is, in words, for an error message. */
    static String explain(String descr) {
        String rest = descr.isEmpty() ? descr : descr.substring(descr.charAt(0) == '<' || descr.charAt(0) == '>'
                || descr.charAt(0) == '|' || descr.charAt(0) == '=' ? 1 : 0);
        char kind = rest.isEmpty() ? ' ' : rest.charAt(0);
        return switch (kind) {
            case 'c' -> "complex";
            case 'O' -> "Python objects";
            case 'U', 'S', 'a' -> "strings";
            case 'V' -> "raw or structured records";
            case 'M', 'm' -> "dates or time spans";
            case 'f' -> "a float size other than 2, 4 or 8 bytes";
            case 'i', 'u' -> "an integer size other than 1, 2, 4 or 8 bytes";
            default -> "not a numeric type";
        };
    }

    /** The type string this writer uses for a type: little-endian, as NumPy writes on x86 and ARM. */
    static String descrOf(DataType type) {
        return switch (type) {
            case FLOAT -> "<f4";
            case DOUBLE -> "<f8";
            case FLOAT16 -> "<f2";
            case INT8 -> "|i1";
            case UINT8 -> "|u1";
            case INT16 -> "<i2";
            case UINT16 -> "<u2";
            case INT32 -> "<i4";
            case UINT32 -> "<u4";
            case INT64 -> "<i8";
            case UINT64 -> "<u8";
            case BOOL -> "|b1";
            case BFLOAT16, STRING -> null;
        };
    }
}
