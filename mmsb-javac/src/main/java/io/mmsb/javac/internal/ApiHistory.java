package io.mmsb.javac.internal;

import io.mmsb.javac.ApiDiff;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Thread rules: thread-safe (concurrent map). Ownership: keeps, per store name, the API of the
 * last compilation recorded into it (facts only, no compiler object), in memory.
 *
 * <p>The "earlier compilation" the javac adapter diffs against to emit invalidations. Stand-in
 * until the Store keeps this durably: then {@link #swap} reads and writes the Store at DIR.
 */
final class ApiHistory {
    private static final Map<String, ApiDiff.Api> LAST = new ConcurrentHashMap<>();

    private ApiHistory() {}

    /**
     * Merges {@code now} over the store's previous API (units compiled now replace theirs) and
     * returns the previous one, or null for the first compilation.
     */
    static ApiDiff.Api swap(String store, ApiDiff.Api now) {
        return swap(store, now, () -> null);
    }

    /** As {@link #swap(String, ApiDiff.Api)}; with no earlier compilation in this JVM, {@code recorded} gives the store's. */
    static ApiDiff.Api swap(String store, ApiDiff.Api now, java.util.function.Supplier<ApiDiff.Api> recorded) {
        ApiDiff.Api[] before = new ApiDiff.Api[1];
        LAST.compute(store, (k, old) -> {
            if (old == null) {
                old = recorded.get();
            }
            before[0] = old;
            return old == null ? now : ApiDiff.merge(old, now);
        });
        return before[0];
    }
}
