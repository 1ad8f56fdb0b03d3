package io.mmsb.delta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmsb.core.ColumnType;
import io.mmsb.core.Schema;
import io.mmsb.core.TableDef;
import io.mmsb.core.testing.LeakCheck;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One test per validation rule: a typed error naming what was wrong, and an unchanged store. */
class ValidationTest {
    @RegisterExtension
    final LeakCheck leaks = new LeakCheck();
    private Store store;
    private String hashBefore;
    private int symbolsBefore;

    @BeforeEach
    void seed() {
        store = Store.inMemory(StoreOptions.of(Model.SCHEMA, leaks.allocator()));
        try (DeltaBuilder b = store.newDelta("nodes", 0, 100, "opcode", "width", "pure", "weight", "name", "operands");
             Delta d = b.setSymbol("name", 3, "x").build()) {
            store.commit(d);
        }
        hashBefore = store.stateHash(1);
        symbolsBefore = store.dictionary().size();
    }

    @AfterEach
    void unchanged() {
        assertEquals(1, store.lastEpoch(), "a rejected delta must not commit");
        assertEquals(hashBefore, store.stateHash(1), "a rejected delta must not change the state");
        assertEquals(symbolsBefore, store.dictionary().size(), "a rejected delta must not add symbols");
        store.close();
    }

    private <E extends DeltaException> E rejected(Class<E> type, Function<Store, Delta> make, String mention) {
        E e = assertThrows(type, () -> {
            try (Delta d = make.apply(store)) {
                store.commit(d);
            }
        });
        assertTrue(e.getMessage().contains(mention), "message should mention '" + mention + "': " + e.getMessage());
        return e;
    }

    @Test
    void symbolsThatCannotBeLoggedAsThemselvesAreRejected() {
        // two strings with different lone surrogates have the same UTF-8 (both become '?'): logged,
        // they would be one dictionary entry and the store could not be reopened
        rejected(MalformedSymbolException.class, s -> s.newDelta("nodes", 0, 1, "name").setSymbol("name", 0, "a\uD800b").build(), "unpaired surrogate");
        rejected(MalformedSymbolException.class, s -> s.newDelta("nodes", 0, 1, "name").setSymbol("name", 0, "end\uDC00").build(), "index 3");
        // a proper pair is fine
        try (DeltaBuilder b = store.newDelta("nodes", 0, 1, "name"); Delta d = b.setSymbol("name", 0, "\uD83D\uDE00").build()) {
            assertEquals("\uD83D\uDE00", d.column("name").getSymbol(0));
        }
    }

    @Test
    void unknownColumn() {
        rejected(UnknownColumnException.class, s -> s.newDelta("nodes", 0, 1, "nope").build(), "nope");
    }

    @Test
    void unknownTable() {
        rejected(UnknownTableException.class, s -> s.newDelta("edges", 0, 1, "x").build(), "edges");
    }

    @Test
    void tableOfAnotherSchema() {
        TableDef other = TableDef.builder(9, "other").column(1, "v", ColumnType.INT32).build();
        rejected(UnknownTableException.class, s -> s.deltas().builder(other, 0, 1, s.nextEpoch(), "v").build(), "other");
    }

    @Test
    void wrongTypeOnSet() {
        rejected(ColumnTypeException.class, s -> s.newDelta("nodes", 0, 1, "opcode").setLong("opcode", 0, 1L).build(), "INT32");
    }

    @Test
    void wrongColumnTypeAgainstTheStoreSchema() {
        TableDef retyped = TableDef.builder(1, "nodes").column(1, "opcode", ColumnType.INT64).build();
        rejected(ColumnTypeException.class, s -> s.deltas().builder(retyped, 0, 1, s.nextEpoch(), "opcode").build(), "INT32");
    }

    @Test
    void bufferLengthDiffersFromTheRowRange() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment tooShort = arena.allocate(4 * 9);
            rejected(BufferLengthException.class, s -> s.newDelta("nodes", 0, 10, "opcode").buffer("opcode", tooShort).build(), "needs exactly 40");
        }
        rejected(BufferLengthException.class, s -> s.newDelta("nodes", 0, 3, "opcode").ints("opcode", new int[] {1, 2}).build(), "needs exactly 12");
        rejected(BufferLengthException.class, s -> s.newDelta("nodes", 0, 3, "name").symbols("name", new String[] {"a"}).build(), "has 1 values");
        rejected(BufferLengthException.class, s -> s.newDelta("nodes", 0, 3, "pure").bools("pure", new boolean[4]).build(), "needs exactly 3");
        rejected(BufferLengthException.class, s -> s.newDelta("nodes", 0, 3, "operands").intLists("operands", new int[2][]).build(), "needs exactly 3");
        rejected(ColumnTypeException.class, s -> s.newDelta("nodes", 0, 1, "opcode").symbols("opcode", new String[] {"a"}).build(), "INT32");
        rejected(io.mmsb.delta.MalformedSymbolException.class, s -> s.newDelta("nodes", 0, 1, "name").symbols("name", new String[] {"\uD800"}).build(), "unpaired surrogate");
    }

    @Test
    void bulkSettersWriteEveryCellAndNullKeepsTheDefault() {
        try (Delta d = store.newDelta("nodes", 0, 3, "name", "pure", "operands")
                .symbols("name", new String[] {"a", null, "c"})
                .bools("pure", new boolean[] {true, false, true})
                .intLists("operands", new int[][] {{1, 2}, null, {}})
                .build()) {
            store.commit(d);
        }
        StateView v = store.latest();
        assertEquals(List.of("a", "", "c"), List.of(v.column("nodes", "name").getSymbol(0), v.column("nodes", "name").getSymbol(1), v.column("nodes", "name").getSymbol(2)));
        assertEquals(List.of(true, false, true), List.of(v.column("nodes", "pure").getBool(0), v.column("nodes", "pure").getBool(1), v.column("nodes", "pure").getBool(2)));
        assertArrayEquals(new int[] {1, 2}, v.column("nodes", "operands").getIntList(0));
        assertArrayEquals(new int[0], v.column("nodes", "operands").getIntList(1));
        // the commit in between is legitimate: re-seed the expectations of the after-each check
        store.close();
        store = Store.inMemory(StoreOptions.of(Model.SCHEMA, leaks.allocator()));
        try (Delta seed = store.newDelta("nodes", 0, 1, "opcode", "width", "pure", "weight", "name", "operands").setSymbol("name", 0, "x").build()) {
            store.commit(seed);
        }
        hashBefore = store.stateHash(1);
        symbolsBefore = store.dictionary().size();
    }

    @Test
    void intListOffsetsOutOfBounds() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment offsets = arena.allocateFrom(java.lang.foreign.ValueLayout.JAVA_INT, 0, 2, 9);
            MemorySegment values = arena.allocateFrom(java.lang.foreign.ValueLayout.JAVA_INT, 1, 2, 3);
            rejected(BufferLengthException.class, s -> s.newDelta("nodes", 0, 2, "operands").intLists("operands", offsets, values).build(), "offsets");
        }
    }

    @Test
    void rowRangeInverted() {
        rejected(RowRangeException.class, s -> s.newDelta("nodes", 5, 2, "opcode").build(), "inverted");
    }

    @Test
    void rowRangeEmptyOrNegative() {
        rejected(RowRangeException.class, s -> s.newDelta("nodes", 5, 5, "opcode").build(), "empty");
        rejected(RowRangeException.class, s -> s.newDelta("nodes", -1, 5, "opcode").build(), "negative");
    }

    @Test
    void rowOutsideTheDeltaRange() {
        rejected(RowRangeException.class, s -> s.newDelta("nodes", 0, 5, "opcode").setInt("opcode", 5, 1).build(), "row 5");
    }

    @Test
    void rowRangeBeyondTheEndLeavesAGap() {
        rejected(RowRangeException.class, s -> s.newDelta("nodes", 101, 102, "opcode", "width", "pure", "weight", "name", "operands").build(), "has 100 rows");
    }

    @Test
    void epochNotGreaterThanTheLast() {
        Delta stale = store.newDelta("nodes", 0, 1, "opcode").build();
        try (Delta d = store.newDelta("nodes", 1, 2, "opcode").build()) {
            store.commit(d);
        }
        EpochOrderException e = assertThrows(EpochOrderException.class, () -> store.commit(stale));
        stale.close();
        assertTrue(e.getMessage().contains("not greater than the last committed epoch 2"), e.getMessage());
        // the commit in between is legitimate: re-seed the expectations of the after-each check
        hashBefore = store.stateHash(1);
        assertEquals(2, store.lastEpoch());
        store.close();
        store = Store.inMemory(StoreOptions.of(Model.SCHEMA, leaks.allocator()));
        try (Delta d = store.newDelta("nodes", 0, 1, "opcode", "width", "pure", "weight", "name", "operands").setSymbol("name", 0, "x").build()) {
            store.commit(d);
        }
        hashBefore = store.stateHash(1);
        symbolsBefore = store.dictionary().size();
    }

    @Test
    void epochThatSkipsAhead() {
        rejected(EpochOrderException.class, s -> s.deltas().builder(Model.NODES, 0, 1, s.nextEpoch() + 5, "opcode").build(), "skips ahead");
    }

    @Test
    void aRejectedDeltaInAMultiDeltaCommitRejectsTheWholeCommit() {
        try (Delta good = store.newDelta("nodes", 0, 4, "opcode").ints("opcode", new int[] {7, 7, 7, 7}).setInt("opcode", 0, 9).build();
             Delta bad = store.newDelta("nodes", 200, 201, "opcode").build()) {
            assertThrows(RowRangeException.class, () -> store.commit(good, bad));
        }
        assertEquals(0, store.latest().column("nodes", "opcode").getInt(0));
    }

    @Test
    void aClosedDeltaIsRejected() {
        Delta d = store.newDelta("nodes", 0, 1, "opcode").build();
        d.close();
        assertThrows(DeltaException.class, () -> store.commit(d));
    }

    @Test
    void newSymbolsOfARejectedDeltaDoNotEnterTheDictionary() {
        rejected(RowRangeException.class, s -> s.newDelta("nodes", 300, 301, "name").setSymbol("name", 300, "fresh").build(), "has 100 rows");
        assertEquals(-1, store.dictionary().code("fresh"));
    }

    @Test
    void schemaRejectsDuplicates() {
        assertThrows(io.mmsb.core.SchemaException.class, () -> TableDef.builder(1, "t").column(1, "a", ColumnType.INT32).column(1, "b", ColumnType.INT32).build());
        assertThrows(io.mmsb.core.SchemaException.class, () -> Schema.of(Model.NODES, TableDef.builder(1, "x").column(1, "a", ColumnType.INT32).build()));
    }
}
