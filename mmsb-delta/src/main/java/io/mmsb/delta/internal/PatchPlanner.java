package io.mmsb.delta.internal;

import static io.mmsb.delta.internal.Layouts.INT;

import io.mmsb.core.ColumnDef;
import io.mmsb.core.ColumnType;
import io.mmsb.core.Mmsb;
import io.mmsb.core.SymbolDictionary;
import io.mmsb.core.TableDef;
import io.mmsb.core.internal.memory.Block;
import io.mmsb.core.internal.memory.Memory;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Plans the patches of one commit: every write of the commit (a delta's column, the defaults of
 * the columns an appending delta leaves out, or a column decoded from the log) is a
 * {@link Source}; per column, sources whose 64-row chunks touch or overlap are merged into one
 * run, and each run becomes one page over its chunks, built once from the pre-commit state and
 * the sources applied in order (later wins). Columns whose runs coincide share one
 * {@link Patch}. So a commit holds each touched chunk of each column once, whatever the number
 * or shape of its deltas, and the state stays one page per chunk (replay selects pages).
 *
 * <p>Thread rules: one planner per commit, used by the store's writer only. Ownership: every
 * block it allocates or retains is added to the caller's list, which the commit then owns.
 */
final class PatchPlanner {
    /**
     * Cells of rows {@code [start, end)} of one column: from {@code page} (rows {@code [start,
     * end)} of it), or the column's default when {@code page} is null. {@code sameCodes}: the
     * page's symbol codes are the store's final codes; otherwise symbols are translated: through
     * {@code remap} (pending code {@code -1 - i} becomes {@code remap[i]}; codes {@code >= 0} are
     * the store's) when it is not null, else string by string (a page of another store).
     * {@code cells}, when not null, writes the cells itself (a column stream decoded from the log
     * straight into the page being built; {@code page} is then null, or a page to adopt in place).
     */
    record Source(int start, int end, Page page, boolean sameCodes, boolean adoptable, int[] remap, Cells cells) {
        Source(int start, int end, Page page, boolean sameCodes, boolean adoptable, int[] remap) {
            this(start, end, page, sameCodes, adoptable, remap, null);
        }

        static Source defaults(int start, int end) {
            return new Source(start, end, null, true, false, null);
        }

        /** Cells written by {@code cells} (replay: decoded straight into the page), or adopted from {@code inPlace} when it covers the envelope. */
        static Source decoded(int start, int end, Cells cells, Page inPlace) {
            return new Source(start, end, inPlace, true, inPlace != null, null, cells);
        }
    }

    /**
     * Cells of rows {@code [start, end)} of one fixed-width column that write themselves into a
     * page: replay decodes a column stream of the log straight into the page the planner builds,
     * with no heap copy in between.
     */
    interface Cells {
        /** Writes the cells of the source's rows at byte {@code offset} of {@code dst}; a stream that does not decode throws {@link RecordFormatException}. */
        void writeTo(MemorySegment dst, long offset);
    }

    private final Memory memory;
    private final SymbolDictionary dictionary;
    private final Map<Integer, TableState> working;
    private final ToIntFunction<String> codeOf;
    private final List<Block> blocks;
    private final Map<Integer, TablePlan> tables = new LinkedHashMap<>();

    PatchPlanner(Memory memory, SymbolDictionary dictionary, Map<Integer, TableState> working, ToIntFunction<String> codeOf, List<Block> blocks) {
        this.memory = memory;
        this.dictionary = dictionary;
        this.working = working;
        this.codeOf = codeOf;
        this.blocks = blocks;
    }

    /** The plan of one table; rows written grow its row count. */
    TablePlan table(TableDef t) {
        return tables.computeIfAbsent(t.id(), id -> new TablePlan(working.get(id)));
    }

    /** Adds a delta's writes (and the defaults of the columns it leaves out of appended rows). */
    void add(DeltaImpl d) {
        TablePlan plan = table(d.table());
        TableDef t = plan.state.table();
        int rowsBefore = plan.rows;
        boolean[] written = new boolean[t.columns().size()];
        int[] remap = null;
        for (int i = 0; i < d.columns().size(); i++) {
            ColumnDef c = t.column(d.columns().get(i).id());
            int pos = t.columns().indexOf(c);
            written[pos] = true;
            Page src = d.page(i);
            boolean ours = src.dictionary() == dictionary; // made by this store: its memory, its codes
            boolean sameCodes = c.type() != ColumnType.SYMBOL || (ours && d.pendingSymbols().isEmpty());
            if (!sameCodes && ours && remap == null) { // the delta's new symbols, resolved once for all its columns
                List<String> pending = d.pendingSymbols();
                remap = new int[pending.size()];
                for (int k = 0; k < remap.length; k++) {
                    remap[k] = codeOf.applyAsInt(pending.get(k));
                }
            }
            plan.add(pos, new Source(d.rowStart(), d.rowEnd(), src, sameCodes, ours && sameCodes, sameCodes || !ours ? null : remap));
        }
        if (d.rowEnd() > rowsBefore) {
            for (int pos = 0; pos < written.length; pos++) {
                if (!written[pos]) {
                    plan.add(pos, Source.defaults(rowsBefore, d.rowEnd()));
                }
            }
        }
        plan.rows = Math.max(plan.rows, d.rowEnd());
    }

    /** The patches of every table, in order of first write; pages built, nothing applied yet. */
    List<Patch> build() {
        List<Patch> out = new ArrayList<>();
        for (TablePlan plan : tables.values()) {
            plan.build(out);
        }
        return out;
    }

    /** One table's sources, per column position, in the order they were added. */
    final class TablePlan {
        final TableState state;
        final int rowsBefore;
        int rows;
        final List<List<Source>> sources = new ArrayList<>();

        TablePlan(TableState state) {
            this.state = state;
            this.rowsBefore = state.rowCount();
            this.rows = rowsBefore;
            for (int i = 0; i < state.table().columns().size(); i++) {
                sources.add(new ArrayList<>(1));
            }
        }

        void add(int position, Source s) {
            sources.get(position).add(s);
            rows = Math.max(rows, s.end());
        }

        /**
         * Whether every column's sources cover every new row {@code [rowsBefore, rows)} and start
         * within the table (no row is left without a value); a live commit always does, a decoded
         * one is checked.
         */
        boolean coversNewRows() {
            for (List<Source> list : sources) {
                int covered = rowsBefore;
                Source[] sorted = list.toArray(Source[]::new);
                Arrays.sort(sorted, (a, b) -> Integer.compare(a.start(), b.start()));
                for (Source s : sorted) {
                    if (s.start() > covered) {
                        return false;
                    }
                    covered = Math.max(covered, s.end());
                }
                if (covered < rows) {
                    return false;
                }
            }
            return true;
        }

        private void build(List<Patch> out) {
            TableDef t = state.table();
            Map<Long, Group> groups = new LinkedHashMap<>();
            for (int pos = 0; pos < sources.size(); pos++) {
                List<Source> list = sources.get(pos);
                if (list.isEmpty()) {
                    continue;
                }
                for (List<Source> run : runs(list)) {
                    int start = Integer.MAX_VALUE;
                    int end = 0;
                    for (Source s : run) {
                        start = Math.min(start, s.start());
                        end = Math.max(end, s.end());
                    }
                    int envStart = start - start % Mmsb.PAGE_ROWS;
                    int envEnd = (int) Math.min(Layouts.align64(end), rows);
                    Page page = page(pos, t.columns().get(pos), envStart, envEnd, run);
                    long key = ((long) start << 32) | end;
                    groups.computeIfAbsent(key, k -> new Group(envStart, envEnd)).add(pos, page);
                }
            }
            for (Map.Entry<Long, Group> e : groups.entrySet()) {
                int start = (int) (e.getKey() >>> 32);
                int end = (int) (long) e.getKey();
                Group g = e.getValue();
                out.add(new Patch(t, start, end, g.envStart, g.envEnd, rows,
                    g.positions.stream().mapToInt(Integer::intValue).toArray(), g.pages.toArray(Page[]::new)));
            }
        }

        /**
         * The sources grouped by runs of touching chunks, each run in the order its sources were
         * added (ascending chunks; a source lies in exactly one run).
         */
        private List<List<Source>> runs(List<Source> list) {
            if (list.size() == 1) {
                return List.of(list);
            }
            Source[] sorted = list.toArray(Source[]::new);
            Arrays.sort(sorted, (a, b) -> Integer.compare(a.start(), b.start()));
            List<int[]> spans = new ArrayList<>(); // chunk ranges [first, end)
            for (Source s : sorted) {
                int first = s.start() / Mmsb.PAGE_ROWS;
                int end = TableState.chunkCount(s.end());
                int[] last = spans.isEmpty() ? null : spans.get(spans.size() - 1);
                if (last != null && first <= last[1]) {
                    last[1] = Math.max(last[1], end);
                } else {
                    spans.add(new int[] {first, end});
                }
            }
            List<List<Source>> out = new ArrayList<>(spans.size());
            for (int i = 0; i < spans.size(); i++) {
                out.add(new ArrayList<>());
            }
            for (Source s : list) { // original order: later writes win
                int chunk = s.start() / Mmsb.PAGE_ROWS;
                int lo = 0;
                int hi = spans.size() - 1;
                while (lo < hi) {
                    int mid = (lo + hi + 1) >>> 1;
                    if (spans.get(mid)[0] <= chunk) {
                        lo = mid;
                    } else {
                        hi = mid - 1;
                    }
                }
                out.get(lo).add(s);
            }
            return out;
        }

        /** One column's page over {@code [envStart, envEnd)}: the pre-commit state, then the sources in order. */
        private Page page(int position, ColumnDef c, int envStart, int envEnd, List<Source> run) {
            int n = envEnd - envStart;
            if (run.size() == 1) {
                Source s = run.get(0);
                if (s.adoptable() && s.start() == envStart && s.end() == envEnd) {
                    Page src = s.page();
                    blocks.add(src.block().retain());
                    return new Page(c, envStart, n, src.data(), src.values(), src.block(), dictionary, List.of());
                }
            }
            if (c.type() == ColumnType.INT_LIST) {
                return listPage(position, c, envStart, envEnd, run);
            }
            int w = c.type().width();
            Block b = memory.allocate((long) n * w);
            blocks.add(b);
            MemorySegment dst = b.segment();
            if (run.size() == 1) { // the pre-commit cells of the envelope's rows the source leaves alone only
                copyBefore(position, w, envStart, envStart, run.get(0).start(), dst);
                copyBefore(position, w, envStart, run.get(0).end(), envEnd, dst);
            } else {
                copyBefore(position, w, envStart, envStart, envEnd, dst);
            }
            for (Source s : run) {
                long offset = (long) (s.start() - envStart) * w;
                long bytes = (long) (s.end() - s.start()) * w;
                Page src = s.page();
                if (s.cells() != null) {
                    s.cells().writeTo(dst, offset);
                } else if (src == null) {
                    fillDefault(c, dst, offset, bytes);
                } else if (s.sameCodes()) {
                    MemorySegment.copy(src.data(), (long) (s.start() - src.firstRow()) * w, dst, offset, bytes);
                } else if (s.remap() != null) {
                    remapSymbols(src, s, dst, offset);
                } else {
                    for (int r = s.start(); r < s.end(); r++) {
                        dst.setAtIndex(INT, r - envStart, codeOf.applyAsInt(src.getSymbol(r)));
                    }
                }
            }
            return new Page(c, envStart, n, dst, null, b, dictionary, List.of());
        }

        /** The pre-commit cells of rows {@code [from, to)} of the envelope that existed before the commit. */
        private void copyBefore(int position, int w, int envStart, int from, int to, MemorySegment dst) {
            int end = Math.min(to, rowsBefore);
            for (int r = from; r < end; ) {
                Page old = state.page(position, r);
                int stop = Math.min(end, (r / Mmsb.PAGE_ROWS + 1) * Mmsb.PAGE_ROWS);
                MemorySegment.copy(old.data(), (long) (r - old.firstRow()) * w, dst, (long) (r - envStart) * w, (long) (stop - r) * w);
                r = stop;
            }
        }

        /** The column's default over {@code bytes} at {@code offset}: zeros, or the empty symbol's code. */
        private void fillDefault(ColumnDef c, MemorySegment dst, long offset, long bytes) {
            int empty = c.type() == ColumnType.SYMBOL ? codeOf.applyAsInt("") : 0;
            if (empty == 0) {
                dst.asSlice(offset, bytes).fill((byte) 0);
            } else {
                int[] codes = new int[(int) (bytes / 4)];
                Arrays.fill(codes, empty);
                MemorySegment.copy(codes, 0, dst, INT, offset, codes.length);
            }
        }

        /** A source's symbol codes, its pending codes replaced by the store's, copied in bulk through a heap array. */
        private static void remapSymbols(Page src, Source s, MemorySegment dst, long offset) {
            int[] codes = new int[s.end() - s.start()];
            MemorySegment.copy(src.data(), INT, (long) (s.start() - src.firstRow()) * 4, codes, 0, codes.length);
            int[] remap = s.remap();
            for (int i = 0; i < codes.length; i++) {
                int code = codes[i];
                if (code < 0) {
                    codes[i] = remap[-1 - code];
                }
            }
            MemorySegment.copy(codes, 0, dst, INT, offset, codes.length);
        }

        private Page listPage(int position, ColumnDef c, int envStart, int envEnd, List<Source> run) {
            int n = envEnd - envStart;
            int[][] cells = new int[n][];
            for (int r = envStart; r < Math.min(envEnd, rowsBefore); r++) {
                cells[r - envStart] = state.page(position, r).getIntList(r);
            }
            for (Source s : run) {
                for (int r = s.start(); r < s.end(); r++) {
                    cells[r - envStart] = s.page() == null ? null : s.page().getIntList(r);
                }
            }
            Block b = ListLayout.layOut(memory, cells);
            blocks.add(b);
            return new Page(c, envStart, n, ListLayout.offsets(b, n), ListLayout.values(b, n), b, dictionary, List.of());
        }
    }

    /** Columns that share a patch: the same written hull (and so the same envelope). */
    private static final class Group {
        final int envStart;
        final int envEnd;
        final List<Integer> positions = new ArrayList<>();
        final List<Page> pages = new ArrayList<>();

        Group(int envStart, int envEnd) {
            this.envStart = envStart;
            this.envEnd = envEnd;
        }

        void add(int position, Page page) {
            positions.add(position);
            pages.add(page);
        }
    }
}
