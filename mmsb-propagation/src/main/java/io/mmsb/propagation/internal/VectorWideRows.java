package io.mmsb.propagation.internal;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API {@link WideRows}: a row is whole vectors of the preferred species (256 bits, 256
 * causes, on AVX2), loaded and stored as vectors. Loaded only through {@link WideRows#of}.
 * Thread rules: stateless. Ownership: none.
 */
public final class VectorWideRows implements WideRows {
    static final VectorSpecies<Long> SPECIES = LongVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    public static final VectorWideRows INSTANCE = new VectorWideRows();

    private VectorWideRows() {}

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public int granule() {
        return SPECIES.length();
    }

    private static LongVector load(MemorySegment seg, long index) {
        return LongVector.fromMemorySegment(SPECIES, seg, index * Long.BYTES, ORDER);
    }

    @Override
    public void or(MemorySegment dst, long d, MemorySegment src, long s, int w) {
        int step = SPECIES.length();
        for (int i = 0; i < w; i += step) {
            load(dst, d + i).or(load(src, s + i)).intoMemorySegment(dst, (d + i) * Long.BYTES, ORDER);
        }
    }

    @Override
    public void clear(MemorySegment seg, long r, int w) {
        LongVector zero = LongVector.zero(SPECIES);
        int step = SPECIES.length();
        for (int i = 0; i < w; i += step) {
            zero.intoMemorySegment(seg, (r + i) * Long.BYTES, ORDER);
        }
    }

    @Override
    public boolean keepNew(MemorySegment next, MemorySegment visited, long r, int w) {
        int step = SPECIES.length();
        LongVector any = LongVector.zero(SPECIES);
        for (int i = 0; i < w; i += step) {
            LongVector seen = load(visited, r + i);
            LongVector t = load(next, r + i).and(seen.not());
            t.intoMemorySegment(next, (r + i) * Long.BYTES, ORDER);
            seen.or(t).intoMemorySegment(visited, (r + i) * Long.BYTES, ORDER);
            any = any.or(t);
        }
        return any.reduceLanes(VectorOperators.OR) != 0;
    }

    @Override
    public boolean spread(MemorySegment cur, MemorySegment visited, long u, long v, int w) {
        int step = SPECIES.length();
        LongVector any = LongVector.zero(SPECIES);
        for (int i = 0; i < w; i += step) {
            LongVector seen = load(visited, v + i);
            LongVector t = load(cur, u + i).and(seen.not());
            seen.or(t).intoMemorySegment(visited, (v + i) * Long.BYTES, ORDER);
            load(cur, v + i).or(t).intoMemorySegment(cur, (v + i) * Long.BYTES, ORDER);
            any = any.or(t);
        }
        return any.reduceLanes(VectorOperators.OR) != 0;
    }
}
