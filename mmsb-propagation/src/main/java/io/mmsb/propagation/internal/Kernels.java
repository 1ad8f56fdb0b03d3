package io.mmsb.propagation.internal;

import io.mmsb.propagation.LongSemiring;
import java.lang.foreign.MemorySegment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Element-wise kernels over off-heap value columns: {@code dst[i] = dst[i] ⊕ src[i]}, telling
 * whether any element changed. Two implementations give identical results: the Vector API one
 * and a scalar fallback. {@link #provider()} picks the vector path unless the incubator module
 * is missing or the system property {@code mmsb.propagation.kernels} says {@code scalar}
 * ({@code vector} forces it and fails loudly if it cannot load); it logs why it fell back.
 *
 * <p>Thread rules: stateless, safe from any thread.
 */
public interface Kernels {
    String PROPERTY = "mmsb.propagation.kernels";

    /** {@code dst[i] = op(dst[i], src[i])} for {@code i < count}; true if any {@code dst[i]} changed. */
    boolean combine(LongSemiring.Combine op, MemorySegment dst, MemorySegment src, long count);

    String name();

    static Kernels provider() {
        return Holder.INSTANCE;
    }

    static Kernels scalar() {
        return ScalarKernels.INSTANCE;
    }

    /** The vector kernels; throws if the incubator module is not available. */
    static Kernels vector() {
        return VectorKernels.create();
    }

    /** Resolves the provider once. */
    final class Holder {
        private static final Logger LOG = LoggerFactory.getLogger(Kernels.class);
        static final Kernels INSTANCE = choose();

        private Holder() {}

        private static Kernels choose() {
            String wanted = System.getProperty(PROPERTY, "auto");
            if (wanted.equals("scalar")) {
                LOG.info("propagation kernels: scalar ({}=scalar)", PROPERTY);
                return ScalarKernels.INSTANCE;
            }
            if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
                if (wanted.equals("vector")) {
                    throw new IllegalStateException(PROPERTY + "=vector but the JVM was started without --add-modules jdk.incubator.vector");
                }
                LOG.info("propagation kernels: scalar fallback, because jdk.incubator.vector is not loaded (start the JVM with --add-modules jdk.incubator.vector)");
                return ScalarKernels.INSTANCE;
            }
            try {
                Kernels k = VectorKernels.create();
                LOG.debug("propagation kernels: {}", k.name());
                return k;
            } catch (LinkageError | RuntimeException e) {
                if (wanted.equals("vector")) {
                    throw e;
                }
                LOG.info("propagation kernels: scalar fallback, because the Vector API failed to load: {}", e.toString());
                return ScalarKernels.INSTANCE;
            }
        }
    }
}
