package io.mmsb.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mmsb.core.ColumnType;
import io.mmsb.core.Schema;
import io.mmsb.core.SchemaException;
import io.mmsb.core.TableDef;
import io.mmsb.core.testing.LeakCheck;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The schema is persisted with the commits and may only grow. */
class SchemaEvolutionTest {
    @RegisterExtension
    final LeakCheck leaks = new LeakCheck();

    static final TableDef TYPES = TableDef.builder(3, "types").column(1, "descriptor", ColumnType.SYMBOL).build();

    private void commitOne(Store s, String table, String column, String value) {
        int row = s.latest().rowCount(table);
        String[] all = s.schema().table(table).columns().stream().map(c -> c.name()).toArray(String[]::new);
        try (DeltaBuilder b = s.newDelta(table, row, row + 1, all); Delta d = b.setSymbol(column, row, value).build()) {
            s.commit(d);
        }
    }

    @Test
    void aTableCanBeAddedAndIsRememberedByTheLog(@TempDir Path dir) {
        try (Store s = Store.open(dir, StoreOptions.of(Schema.of(Model.BLOCKS), leaks.allocator()))) {
            commitOne(s, "blocks", "label", "entry");
        }
        Schema grown = Schema.of(Model.BLOCKS, TYPES);
        try (Store s = Store.open(dir, StoreOptions.of(grown, leaks.allocator()))) {
            commitOne(s, "types", "descriptor", "Ljava/lang/String;");
            assertEquals(0, s.stateAt(1).rowCount("types"), "the new table is empty before it was written");
        }
        try (Store s = Store.open(dir, StoreOptions.of(grown, leaks.allocator()))) {
            assertEquals("Ljava/lang/String;", s.latest().column("types", "descriptor").getSymbol(0));
            assertEquals("entry", s.latest().column("blocks", "label").getSymbol(0));
        }
    }

    @Test
    void aStoreOpensOnceAtATime(@TempDir Path dir) {
        try (Store s = Store.open(dir, StoreOptions.of(Model.SCHEMA, leaks.allocator()))) {
            StoreLockedException e = assertThrows(StoreLockedException.class, () -> Store.open(dir, StoreOptions.of(Model.SCHEMA, leaks.allocator())).close());
            assertEquals(true, e.getMessage().contains("already open"), e.getMessage());
            assertEquals(0, s.lastEpoch());
        }
        try (Store again = Store.open(dir, StoreOptions.of(Model.SCHEMA, leaks.allocator()))) {
            assertEquals(0, again.lastEpoch(), "closing releases the lock");
        }
    }

    @Test
    void aChangedOrRemovedColumnIsRefused(@TempDir Path dir) {
        try (Store s = Store.open(dir, StoreOptions.of(Model.SCHEMA, leaks.allocator()))) {
            commitOne(s, "blocks", "label", "entry");
        }
        TableDef retyped = TableDef.builder(2, "blocks").column(1, "succ", ColumnType.INT_LIST).column(2, "label", ColumnType.INT32).build();
        assertThrows(SchemaException.class, () -> Store.open(dir, StoreOptions.of(Schema.of(Model.NODES, retyped), leaks.allocator())).close());
        assertThrows(SchemaException.class, () -> Store.open(dir, StoreOptions.of(Schema.of(Model.NODES), leaks.allocator())).close());
        TableDef widened = TableDef.builder(2, "blocks").column(1, "succ", ColumnType.INT_LIST).column(2, "label", ColumnType.SYMBOL)
            .column(3, "freq", ColumnType.FLOAT64).build();
        SchemaException e = assertThrows(SchemaException.class, () -> Store.open(dir, StoreOptions.of(Schema.of(Model.NODES, widened), leaks.allocator())).close());
        assertEquals(true, e.getMessage().contains("already has rows"), e.getMessage());
        try (Store s = Store.open(dir, StoreOptions.of(Model.SCHEMA, leaks.allocator()))) {
            assertEquals(1, s.lastEpoch(), "a refused schema changes nothing");
        }
    }
}
