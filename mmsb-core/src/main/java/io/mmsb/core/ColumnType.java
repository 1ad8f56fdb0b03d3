package io.mmsb.core;

/**
 * The type of a column: how one cell is laid out in a page. Fixed-width types store one value
 * per row, little-endian. {@link #SYMBOL} stores an int32 code into the store's versioned symbol
 * dictionary. {@link #INT_LIST} stores {@code rows + 1} int32 offsets followed by the int32 values
 * (the operand list of row {@code r} is {@code values[offsets[r] - offsets[0] .. offsets[r+1] - offsets[0])}).
 * Booleans take one byte per row (0 or 1) so that any 64-row slice is byte addressable.
 */
public enum ColumnType {
    INT32(1, 4),
    INT64(2, 8),
    BOOL(3, 1),
    FLOAT64(4, 8),
    SYMBOL(5, 4),
    INT_LIST(6, 4);

    private final int code;
    private final int width;

    ColumnType(int code, int width) {
        this.code = code;
        this.width = width;
    }

    /** Stable numeric code used in persistent formats. */
    public int code() {
        return code;
    }

    /** Bytes per row of the fixed part (for INT_LIST: bytes per offset entry). */
    public int width() {
        return width;
    }

    public static ColumnType ofCode(int code) {
        for (ColumnType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new SchemaException("unknown column type code " + code + "; expected one of 1..6");
    }
}
