package io.mmsb.hooks.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.RandomAccess;

/**
 * Null-tolerant defensive copies for fact records: a fact never throws at construction (a
 * compiler must not fail because of MMSB); nulls are reported later by the hooks' validation.
 *
 * <p>Thread rules: stateless.
 */
public final class Copies {
    private Copies() {}

    /**
     * An unmodifiable copy, or null when {@code list} is null (elements may be null: such a list is
     * copied as it is, for the validation to report).
     */
    public static <T> List<T> list(List<T> list) {
        if (list == null) return null;
        if (list instanceof RandomAccess) {
            for (int i = 0, n = list.size(); i < n; i++) {
                if (list.get(i) == null) return Collections.unmodifiableList(new ArrayList<>(list));
            }
            // no null: one immutable list (none at all when list already is one, e.g. List.of)
            return List.copyOf(list);
        }
        return Collections.unmodifiableList(new ArrayList<>(list));
    }
}
