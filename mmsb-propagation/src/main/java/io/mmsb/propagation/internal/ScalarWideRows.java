package io.mmsb.propagation.internal;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;

/** Scalar {@link WideRows}: one {@code long} at a time. Thread rules: stateless. Ownership: none. */
public final class ScalarWideRows implements WideRows {
    public static final ScalarWideRows INSTANCE = new ScalarWideRows();

    private ScalarWideRows() {}

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public int granule() {
        return 1;
    }

    @Override
    public void or(MemorySegment dst, long d, MemorySegment src, long s, int w) {
        for (int i = 0; i < w; i++) {
            dst.setAtIndex(JAVA_LONG, d + i, dst.getAtIndex(JAVA_LONG, d + i) | src.getAtIndex(JAVA_LONG, s + i));
        }
    }

    @Override
    public void clear(MemorySegment seg, long r, int w) {
        for (int i = 0; i < w; i++) {
            seg.setAtIndex(JAVA_LONG, r + i, 0L);
        }
    }

    @Override
    public boolean keepNew(MemorySegment next, MemorySegment visited, long r, int w) {
        long any = 0;
        for (int i = 0; i < w; i++) {
            long seen = visited.getAtIndex(JAVA_LONG, r + i);
            long t = next.getAtIndex(JAVA_LONG, r + i) & ~seen;
            next.setAtIndex(JAVA_LONG, r + i, t);
            visited.setAtIndex(JAVA_LONG, r + i, seen | t);
            any |= t;
        }
        return any != 0;
    }

    @Override
    public boolean spread(MemorySegment cur, MemorySegment visited, long u, long v, int w) {
        long any = 0;
        for (int i = 0; i < w; i++) {
            long seen = visited.getAtIndex(JAVA_LONG, v + i);
            long t = cur.getAtIndex(JAVA_LONG, u + i) & ~seen;
            if (t != 0) {
                visited.setAtIndex(JAVA_LONG, v + i, seen | t);
                cur.setAtIndex(JAVA_LONG, v + i, cur.getAtIndex(JAVA_LONG, v + i) | t);
                any |= t;
            }
        }
        return any != 0;
    }
}
