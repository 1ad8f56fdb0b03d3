package io.mmsb.delta.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Sets of row intervals per column, and their canonical decomposition into rectangles: the
 * union of cells is cut into maximal row bands in which every row has the same set of columns,
 * so no two adjacent rectangles share a column set (the fewest row bands that cover the cells).
 * Used by delta composition and by diff. Not thread-safe.
 */
public final class RowBands {
    /** A rectangle: rows {@code [start, end)} of the columns in {@code columns} (ascending keys). */
    public record Band(int start, int end, int[] columns) {
    }

    private final TreeMap<Integer, TreeMap<Integer, Integer>> byColumn = new TreeMap<>();

    /** Adds rows {@code [start, end)} of column {@code column}, merging with what is there. */
    public void add(int column, int start, int end) {
        if (start >= end) {
            return;
        }
        TreeMap<Integer, Integer> set = byColumn.computeIfAbsent(column, k -> new TreeMap<>());
        Map.Entry<Integer, Integer> before = set.floorEntry(start);
        if (before != null && before.getValue() >= start) {
            start = before.getKey();
            end = Math.max(end, before.getValue());
        }
        Map.Entry<Integer, Integer> next = set.ceilingEntry(start);
        while (next != null && next.getKey() <= end) {
            end = Math.max(end, next.getValue());
            set.remove(next.getKey());
            next = set.ceilingEntry(start);
        }
        set.put(start, end);
    }

    public boolean isEmpty() {
        return byColumn.isEmpty();
    }

    /** The intervals of one column as {start, end} pairs in row order. */
    public List<int[]> intervals(int column) {
        List<int[]> out = new ArrayList<>();
        TreeMap<Integer, Integer> set = byColumn.get(column);
        if (set != null) {
            set.forEach((s, e) -> out.add(new int[] {s, e}));
        }
        return out;
    }

    /** The canonical rectangles, in row order. */
    public List<Band> bands() {
        TreeSet<Integer> cuts = new TreeSet<>();
        byColumn.values().forEach(set -> set.forEach((s, e) -> {
            cuts.add(s);
            cuts.add(e);
        }));
        List<Band> out = new ArrayList<>();
        Integer prev = null;
        for (int cut : cuts) {
            if (prev != null) {
                int[] cols = covering(prev);
                if (cols.length > 0) {
                    Band last = out.isEmpty() ? null : out.get(out.size() - 1);
                    if (last != null && last.end() == prev && Arrays.equals(last.columns(), cols)) {
                        out.set(out.size() - 1, new Band(last.start(), cut, cols));
                    } else {
                        out.add(new Band(prev, cut, cols));
                    }
                }
            }
            prev = cut;
        }
        return out;
    }

    private int[] covering(int row) {
        return byColumn.entrySet().stream().filter(e -> {
            Map.Entry<Integer, Integer> f = e.getValue().floorEntry(row);
            return f != null && f.getValue() > row;
        }).mapToInt(Map.Entry::getKey).toArray();
    }
}
