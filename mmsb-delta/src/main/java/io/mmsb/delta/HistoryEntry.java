package io.mmsb.delta;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One epoch at which an entity (a row) changed, with the new values of the columns that changed (in
 * schema order). */
public record HistoryEntry(long epoch, Map<String, Object> values) {
    public HistoryEntry {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
