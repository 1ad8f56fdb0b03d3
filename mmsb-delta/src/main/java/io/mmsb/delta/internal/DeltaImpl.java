package io.mmsb.delta.internal;

import io.mmsb.core.ColumnDef;
import io.mmsb.core.TableDef;
import io.mmsb.core.internal.memory.Block;
import io.mmsb.delta.Delta;
import io.mmsb.delta.UnknownColumnException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one implementation of {@link Delta}: one {@link Page} per column, each covering exactly
 * the row range, plus the strings of symbols that were not yet in the store's dictionary when
 * the delta was built (cells refer to them with negative codes {@code -1 - index}).
 *
 * <p>Thread rules: immutable, safe from any thread. Ownership: owns one reference to each block
 * in {@code blocks}; {@link #close()} releases them once.
 */
public final class DeltaImpl implements Delta {
    private final TableDef table;
    private final List<ColumnDef> columns;
    private final int rowStart;
    private final int rowEnd;
    private final long epoch;
    private final Page[] pages;
    private final List<String> pendingSymbols;
    private final List<Block> blocks;
    private final AtomicBoolean closed = new AtomicBoolean();

    public DeltaImpl(TableDef table, List<ColumnDef> columns, int rowStart, int rowEnd, long epoch, Page[] pages,
                     List<String> pendingSymbols, List<Block> blocks) {
        this.table = table;
        this.columns = List.copyOf(columns);
        this.rowStart = rowStart;
        this.rowEnd = rowEnd;
        this.epoch = epoch;
        this.pages = pages;
        this.pendingSymbols = List.copyOf(pendingSymbols);
        this.blocks = new ArrayList<>(blocks);
    }

    @Override
    public TableDef table() {
        return table;
    }

    @Override
    public List<ColumnDef> columns() {
        return columns;
    }

    @Override
    public int rowStart() {
        return rowStart;
    }

    @Override
    public int rowEnd() {
        return rowEnd;
    }

    @Override
    public long epoch() {
        return epoch;
    }

    @Override
    public Page column(String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return pages[i];
            }
        }
        throw new UnknownColumnException("delta on table '" + table.name() + "' does not write column '" + name + "'; it writes " + columns.stream().map(ColumnDef::name).toList());
    }

    @Override
    public boolean writes(int columnId) {
        return indexOf(columnId) >= 0;
    }

    /** Index of the column with this id in {@link #columns()}, or -1. */
    public int indexOf(int columnId) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).id() == columnId) {
                return i;
            }
        }
        return -1;
    }

    public Page page(int index) {
        return pages[index];
    }

    public List<String> pendingSymbols() {
        return pendingSymbols;
    }

    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            blocks.forEach(Block::close);
        }
    }

    @Override
    public String toString() {
        return "Delta[" + table.name() + " " + columns.stream().map(ColumnDef::name).toList() + " rows [" + rowStart + ", " + rowEnd + ") @" + epoch + "]";
    }
}
