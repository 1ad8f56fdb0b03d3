package io.mmsb.propagation;

/**
 * Which kernel implementation to use. {@link #AUTO} reads the system property
 * {@code mmsb.propagation.kernels} ({@code vector} or {@code scalar}) and otherwise uses the
 * Vector API when it is available and useful, logging why it falls back.
 * Thread rules: immutable. Ownership: none.
 */
public enum KernelPath {
    AUTO,
    VECTOR,
    SCALAR
}
