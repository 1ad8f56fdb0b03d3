package io.mmsb.javac.internal;

import io.mmsb.recorder.ApiDiff;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The APIs of the last compilations recorded into sinks that have no store (a test's
 * {@link io.mmsb.hooks.RecordingSink}, a compiler author's own sink), by sink name: what
 * {@link ApiDiffSink} diffs against when it cannot read the previous API from a store. Thread
 * rules: thread-safe. Ownership: an instance belongs to whoever creates it (a plugin instance, a
 * test, a build process that keeps one for its life); nothing is static, so nothing outlives its
 * owner.
 */
public final class ApiHistory {
    private final Map<String, ApiDiff.Api> last = new ConcurrentHashMap<>();

    /**
     * Merges {@code now} over the previous API of {@code key} (units compiled now replace theirs)
     * and returns the previous one, or null for the first compilation.
     */
    public ApiDiff.Api swap(String key, ApiDiff.Api now) {
        ApiDiff.Api[] before = new ApiDiff.Api[1];
        last.compute(key, (k, old) -> {
            before[0] = old;
            return old == null ? now : ApiDiff.merge(old, now);
        });
        return before[0];
    }
}
