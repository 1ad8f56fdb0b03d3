package io.mmsb.propagation.internal;

import io.mmsb.propagation.KernelPath;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the kernels: the Vector API when the incubator module is present and the preferred
 * species holds at least 2 longs, else the scalar fallback (logged with the reason). The system
 * property {@value #PROPERTY} ({@code vector} or {@code scalar}) forces a path for
 * {@link KernelPath#AUTO}. Thread rules: thread-safe (the automatic choice is computed once).
 * Ownership: none.
 */
public final class KernelProvider {
    public static final String PROPERTY = "mmsb.propagation.kernels";
    private static final Logger LOG = LoggerFactory.getLogger(KernelProvider.class);

    private KernelProvider() {}

    /** The kernels for {@code path}; VECTOR falls back to scalar (logged) when the Vector API is unusable. */
    public static Kernels select(KernelPath path) {
        return switch (path) {
            case SCALAR -> ScalarKernels.INSTANCE;
            case VECTOR -> vectorOrFallback();
            case AUTO -> Auto.KERNELS;
        };
    }

    private static final class Auto {
        static final Kernels KERNELS = forPropertyValue(System.getProperty(PROPERTY, ""));
    }

    /** The kernels the property value {@code value} selects ("", "auto", "vector" or "scalar"; others are logged and ignored). */
    public static Kernels forPropertyValue(String value) {
        String forced = value.trim().toLowerCase(Locale.ROOT);
        switch (forced) {
            case "scalar" -> {
                LOG.info("propagation kernels: scalar (forced by -D{}=scalar)", PROPERTY);
                return ScalarKernels.INSTANCE;
            }
            case "", "vector", "auto" -> {
                Kernels k = vectorOrFallback();
                LOG.debug("propagation kernels: {}", k.name());
                return k;
            }
            default -> {
                LOG.warn("ignoring -D{}={}: expected vector or scalar", PROPERTY, forced);
                return vectorOrFallback();
            }
        }
    }

    private static Kernels vectorOrFallback() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            LOG.warn("propagation kernels: scalar fallback, module jdk.incubator.vector is absent (run with --add-modules jdk.incubator.vector)");
            return ScalarKernels.INSTANCE;
        }
        try {
            int lanes = VectorKernels.lanes();
            if (lanes < 2) {
                LOG.warn("propagation kernels: scalar fallback, preferred long species has {} lane(s)", lanes);
                return ScalarKernels.INSTANCE;
            }
            return VectorKernels.INSTANCE;
        } catch (LinkageError e) {
            LOG.warn("propagation kernels: scalar fallback, Vector API unusable: {}", e.toString());
            return ScalarKernels.INSTANCE;
        }
    }
}
