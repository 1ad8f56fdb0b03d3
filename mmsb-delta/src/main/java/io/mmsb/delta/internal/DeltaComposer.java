package io.mmsb.delta.internal;

import io.mmsb.core.ColumnDef;
import io.mmsb.core.TableDef;
import io.mmsb.delta.ColumnSlice;
import io.mmsb.delta.Delta;
import io.mmsb.delta.DeltaBuilder;
import io.mmsb.delta.DeltaSet;
import io.mmsb.delta.Deltas;
import io.mmsb.delta.UnknownColumnException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Composition of deltas: paints every input's cells in order (later wins), then emits the
 * canonical rectangles of the union ({@link RowBands}) with each cell copied from its winner.
 * Stateless.
 */
public final class DeltaComposer {
    private DeltaComposer() {}

    public static DeltaSet compose(Deltas factory, List<? extends Delta> first, List<? extends Delta> second) {
        List<Delta> all = new ArrayList<>(first);
        all.addAll(second);
        TreeMap<Integer, List<Delta>> byTable = new TreeMap<>();
        long epoch = 0;
        for (Delta d : all) {
            byTable.computeIfAbsent(d.table().id(), k -> new ArrayList<>()).add(d);
            epoch = Math.max(epoch, d.epoch());
        }
        List<Delta> out = new ArrayList<>();
        try {
            for (List<Delta> ds : byTable.values()) {
                composeTable(factory, ds, epoch, out);
            }
        } catch (RuntimeException | Error e) {
            out.forEach(Delta::close);
            throw e;
        }
        return new DeltaSet(out);
    }

    private static void composeTable(Deltas factory, List<Delta> ds, long epoch, List<Delta> out) {
        TableDef table = ds.get(0).table();
        Map<Integer, TreeMap<Integer, Painted>> paint = new TreeMap<>();
        RowBands cover = new RowBands();
        for (Delta d : ds) {
            if (!d.table().equals(table)) {
                throw new UnknownColumnException("deltas on table id " + table.id() + " disagree on its definition: " + table + " vs " + d.table());
            }
            for (ColumnDef c : d.columns()) {
                cover.add(c.id(), d.rowStart(), d.rowEnd());
                paint(paint.computeIfAbsent(c.id(), k -> new TreeMap<>()), d.rowStart(), d.rowEnd(), d.column(c.name()));
            }
        }
        for (RowBands.Band band : cover.bands()) {
            String[] names = new String[band.columns().length];
            for (int i = 0; i < names.length; i++) {
                names[i] = table.column(band.columns()[i]).name();
            }
            try (DeltaBuilder b = factory.builder(table, band.start(), band.end(), epoch, names)) {
                for (int i = 0; i < names.length; i++) {
                    TreeMap<Integer, Painted> segs = paint.get(band.columns()[i]);
                    for (int row = band.start(); row < band.end(); row++) {
                        ColumnSlice src = segs.floorEntry(row).getValue().slice();
                        copyCell(b, i, src, row);
                    }
                }
                out.add(b.build());
            }
        }
    }

    private record Painted(int end, ColumnSlice slice) {
    }

    /** Paints {@code [start, end)} with {@code slice} over what is there. */
    private static void paint(TreeMap<Integer, Painted> segs, int start, int end, ColumnSlice slice) {
        Map.Entry<Integer, Painted> before = segs.lowerEntry(start);
        if (before != null && before.getValue().end() > start) {
            segs.put(before.getKey(), new Painted(start, before.getValue().slice()));
            if (before.getValue().end() > end) {
                segs.put(end, before.getValue());
            }
        }
        Map.Entry<Integer, Painted> e = segs.ceilingEntry(start);
        while (e != null && e.getKey() < end) {
            segs.remove(e.getKey());
            if (e.getValue().end() > end) {
                segs.put(end, e.getValue());
            }
            e = segs.ceilingEntry(start);
            if (e != null && e.getKey() >= end) {
                break;
            }
        }
        segs.put(start, new Painted(end, slice));
    }

    static void copyCell(DeltaBuilder b, int col, ColumnSlice src, int row) {
        switch (src.type()) {
            case INT32 -> b.setInt(col, row, src.getInt(row));
            case INT64 -> b.setLong(col, row, src.getLong(row));
            case BOOL -> b.setBool(col, row, src.getBool(row));
            case FLOAT64 -> b.setDouble(col, row, src.getDouble(row));
            case SYMBOL -> b.setSymbol(col, row, src.getSymbol(row));
            case INT_LIST -> b.setIntList(col, row, src.getIntList(row));
        }
    }
}
