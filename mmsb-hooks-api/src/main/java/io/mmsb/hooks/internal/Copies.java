package io.mmsb.hooks.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Null-tolerant defensive copies for fact records: a fact never throws at construction (a
 * compiler must not fail because of MMSB); nulls are reported later by the hooks' validation.
 *
 * <p>Thread rules: stateless.
 */
public final class Copies {
    private Copies() {}

    /** An unmodifiable copy, or null when {@code list} is null (elements may be null). */
    public static <T> List<T> list(List<T> list) {
        if (list == null) return null;
        return list.isEmpty() ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
    }
}
