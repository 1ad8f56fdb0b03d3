package io.mmsb.recorder;

import io.mmsb.core.ColumnType;
import io.mmsb.core.Schema;
import io.mmsb.core.TableDef;
import java.util.Set;

/**
 * The tables {@link StoreSink} records facts into. Every table has a {@code key} column, the
 * fact's stable identity (a node id, a symbol id, ...): one row per entity for the whole
 * history, so a later compilation patches the cells that changed and a diff shows what really
 * changed. References between facts (parent, operands, edge ends, block members) are row numbers
 * of {@code nodes}. {@code present} is false once a recompiled unit no longer has the entity.
 * Table and column ids are stable (they are what the log records).
 */
public final class FactTables {
    private FactTables() {}

    public static final TableDef NODES = TableDef.builder(1, "nodes")
        .column(1, "key", ColumnType.SYMBOL)
        .column(2, "unit", ColumnType.SYMBOL)
        // the last stage of the latest compilation that reported the node (written at its end)
        .column(3, "stage", ColumnType.SYMBOL)
        .column(4, "kind", ColumnType.SYMBOL)
        .column(5, "parent", ColumnType.INT32)
        .column(6, "operands", ColumnType.INT_LIST)
        .column(7, "detail", ColumnType.SYMBOL)
        .column(8, "type", ColumnType.SYMBOL)
        .column(9, "symbol", ColumnType.SYMBOL)
        .column(10, "scope", ColumnType.SYMBOL)
        // spans: relative to the node's anchor (see StoredNodes): span_start - the anchor's absolute
        // start, span_end = the length; an anchor (anchor = -1) keeps its absolute start
        .column(12, "span_start", ColumnType.INT64)
        .column(13, "span_end", ColumnType.INT64)
        .column(14, "present", ColumnType.BOOL)
        // the node id in parts (the dictionary holds each member and each path once, not one long
        // key per node); `key` stays "" for nodes recorded this way
        .column(15, "member", ColumnType.SYMBOL)
        .column(16, "path", ColumnType.SYMBOL)
        .column(17, "anchor", ColumnType.INT32)
        // 0: `path` is the node's whole path; d != 0: `path` is the rest of it after the path of row
        // (this row - d), which it continues after a '/' (a node below another of the same member:
        // the dictionary holds short path segments, not every node's whole path). Written once,
        // when the row is made, like the id it encodes (see StoredNodes)
        .column(18, "path_base", ColumnType.INT32)
        .build();
    public static final TableDef SYMBOLS = TableDef.builder(2, "symbols")
        .column(1, "key", ColumnType.SYMBOL)
        .column(2, "name", ColumnType.SYMBOL)
        .column(3, "kind", ColumnType.SYMBOL)
        .column(4, "owner", ColumnType.SYMBOL)
        .column(5, "type", ColumnType.SYMBOL)
        .column(6, "modifiers", ColumnType.SYMBOL)
        .build();
    public static final TableDef TYPES = TableDef.builder(3, "types")
        .column(1, "key", ColumnType.SYMBOL)
        .column(2, "descriptor", ColumnType.SYMBOL)
        .build();
    public static final TableDef SCOPES = TableDef.builder(4, "scopes")
        .column(1, "key", ColumnType.SYMBOL)
        .column(2, "kind", ColumnType.SYMBOL)
        .column(3, "parent", ColumnType.SYMBOL)
        .column(4, "owner", ColumnType.SYMBOL)
        .build();
    public static final TableDef EDGES = TableDef.builder(5, "cfg_edges")
        .column(1, "key", ColumnType.SYMBOL)
        .column(2, "unit", ColumnType.SYMBOL)
        .column(3, "from", ColumnType.INT32)
        .column(4, "to", ColumnType.INT32)
        .column(5, "kind", ColumnType.SYMBOL)
        .column(6, "present", ColumnType.BOOL)
        .build();
    public static final TableDef BLOCKS = TableDef.builder(6, "blocks")
        .column(1, "key", ColumnType.SYMBOL)
        .column(2, "unit", ColumnType.SYMBOL)
        .column(3, "nodes", ColumnType.INT_LIST)
        .column(4, "present", ColumnType.BOOL)
        // the block id in parts, as for nodes (`key` stays "")
        .column(5, "member", ColumnType.SYMBOL)
        .column(6, "path", ColumnType.SYMBOL)
        .build();
    public static final TableDef INVALIDATIONS = TableDef.builder(7, "invalidations")
        .column(1, "key", ColumnType.SYMBOL)
        .column(2, "compilation", ColumnType.SYMBOL)
        .column(3, "cause", ColumnType.SYMBOL)
        .column(4, "invalidated", ColumnType.SYMBOL)
        .column(5, "reason", ColumnType.SYMBOL)
        .build();

    /**
     * One row per compilation unit: the SHA-256 of its source file (provenance is this hash plus a
     * node's span; the source text is never stored). Kept apart from the nodes so that editing a
     * file does not change every node of it.
     */
    public static final TableDef UNITS = TableDef.builder(8, "units")
        .column(1, "key", ColumnType.SYMBOL)
        .column(2, "source_sha256", ColumnType.SYMBOL)
        .build();

    /** One row per recorded compilation: the store epochs its facts occupy (inclusive). */
    public static final TableDef COMPILATIONS = TableDef.builder(9, "compilations")
        .column(1, "key", ColumnType.SYMBOL)
        .column(2, "first_epoch", ColumnType.INT64)
        .column(3, "last_epoch", ColumnType.INT64)
        .build();

    /**
     * One row per (unit, stage, pass) of the hooks: {@code epoch} is the last store epoch in which
     * that stage changed something of that unit (its history: every such epoch). This is how a
     * query finds the state "as stage S left it" ({@code mmsb show --stage}) without a per-node
     * stage cell that every stage would rewrite. A stage that changes nothing writes nothing here.
     */
    public static final TableDef STAGE_EPOCHS = TableDef.builder(10, "stage_epochs")
        .column(1, "key", ColumnType.SYMBOL)
        .column(2, "unit", ColumnType.SYMBOL)
        .column(3, "stage", ColumnType.SYMBOL)
        .column(4, "pass_index", ColumnType.INT32)
        .column(5, "pass", ColumnType.SYMBOL)
        .column(6, "epoch", ColumnType.INT64)
        .build();

    /**
     * One row per compilation whose recording did not finish (the recorder failed part-way, or the
     * process died): its facts, committed as they streamed in, were reverted at {@code
     * reverted_epoch} to the state of {@code first_epoch - 1}, so that no later diff, {@code changes}
     * or {@code impact} mixes them in; they stay in the log's history. {@code key} is the
     * compilation's id, or {@code unfinished@E} when a later recording found epochs from E on that
     * no compilation row covers.
     */
    public static final TableDef INCOMPLETE = TableDef.builder(11, "incomplete_compilations")
        .column(1, "key", ColumnType.SYMBOL)
        .column(2, "first_epoch", ColumnType.INT64)
        .column(3, "reverted_epoch", ColumnType.INT64)
        .column(4, "reason", ColumnType.SYMBOL)
        .build();

    /**
     * The columns of fact table {@code table} whose cells are row numbers of {@code nodes} (a
     * reference to another fact: parent, operands, anchor, edge ends, block members); -1 = none.
     * Empty for a table that has none or that is not a fact table.
     */
    public static Set<String> nodeRowColumns(String table) {
        return switch (table) {
            case "nodes" -> Set.of("parent", "operands", "anchor");
            case "cfg_edges" -> Set.of("from", "to");
            case "blocks" -> Set.of("nodes");
            default -> Set.of();
        };
    }

    /** The columns of fact table {@code table} whose cells are type ids ({@code key}s of {@code types}; "" = none). */
    public static Set<String> typeColumns(String table) {
        return switch (table) {
            case "nodes", "symbols" -> Set.of("type");
            default -> Set.of();
        };
    }

    public static final Schema SCHEMA = Schema.of(NODES, SYMBOLS, TYPES, SCOPES, EDGES, BLOCKS, INVALIDATIONS, UNITS, COMPILATIONS,
        STAGE_EPOCHS, INCOMPLETE);
}
