package io.mmsb.core.testing;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension: a fresh Arrow {@link RootAllocator} for each test, which must be empty when
 * the test ends. Closing a non-empty allocator throws, so every test using it is a leak test.
 *
 * <pre>{@code @RegisterExtension final LeakCheck leaks = new LeakCheck();}</pre>
 *
 * Thread rules: one test at a time (register it as an instance field, not static).
 */
public final class LeakCheck implements BeforeEachCallback, AfterEachCallback {
    private RootAllocator root;

    @Override
    public void beforeEach(ExtensionContext context) {
        root = new RootAllocator();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        RootAllocator r = root;
        root = null;
        if (r == null) {
            return;
        }
        long leaked = r.getAllocatedMemory();
        String detail = leaked == 0 ? "" : r.toVerboseString();
        r.close(); // throws IllegalStateException if anything is still allocated
        if (leaked != 0) {
            throw new AssertionError("off-heap leak: " + leaked + " bytes still allocated\n" + detail);
        }
    }

    /** The allocator of the running test. */
    public BufferAllocator allocator() {
        if (root == null) {
            throw new IllegalStateException("LeakCheck used outside a test; register it with @RegisterExtension on an instance field");
        }
        return root;
    }

    /** A stand-alone leak-checked allocator for property tests (jqwik does not run JUnit extensions). */
    public static RootAllocator newRoot() {
        return new RootAllocator();
    }

    /** Closes {@code root}, failing with the allocation report if anything leaked. */
    public static void assertEmptyAndClose(BufferAllocator root) {
        long leaked = root.getAllocatedMemory();
        if (leaked != 0) {
            String detail = root.toVerboseString();
            try {
                root.close();
            } catch (IllegalStateException ignored) {
                // reported below with the detail
            }
            throw new AssertionError("off-heap leak: " + leaked + " bytes still allocated\n" + detail);
        }
        root.close();
    }
}
