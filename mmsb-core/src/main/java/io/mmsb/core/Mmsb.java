package io.mmsb.core;

/** Library-wide constants. Immutable; safe from any thread. */
public final class Mmsb {
    /** Rows per page: every page starts at a global row index that is a multiple of this. */
    public static final int PAGE_ROWS = 64;

    private Mmsb() {}
}
