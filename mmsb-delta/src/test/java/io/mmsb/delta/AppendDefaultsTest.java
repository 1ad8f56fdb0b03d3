package io.mmsb.delta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.mmsb.core.testing.LeakCheck;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Appended rows that a delta gives only some columns: the others read as their defaults, and that is a recorded write. */
class AppendDefaultsTest {
    @RegisterExtension
    final LeakCheck leaks = new LeakCheck();

    @Test
    void columnsLeftOutOfAppendedRowsReadAsDefaults() {
        try (Store s = Store.inMemory(StoreOptions.of(Model.SCHEMA, leaks.allocator()))) {
            try (DeltaBuilder b = s.newDelta("nodes", 0, 70, "opcode"); Delta d = b.setInt("opcode", 69, 5).build()) {
                s.commit(d);
            }
            try (DeltaBuilder b = s.newDelta("nodes", 70, 130, "name"); Delta d = b.setSymbol("name", 100, "phi").build()) {
                s.commit(d);
            }
            StateView v = s.latest();
            assertEquals(130, v.rowCount("nodes"));
            assertEquals(5, v.column("nodes", "opcode").getInt(69));
            assertEquals(0, v.column("nodes", "opcode").getInt(100));
            assertEquals("", v.column("nodes", "name").getSymbol(3));
            assertEquals("phi", v.column("nodes", "name").getSymbol(100));
            assertArrayEquals(new int[0], v.column("nodes", "operands").getIntList(129));
            assertFalse(v.column("nodes", "pure").getBool(129));
            assertEquals(0.0, v.column("nodes", "weight").getDouble(0));
            List<Change> diff = s.diff(1, 2);
            assertEquals(List.of(new Change("nodes", List.of("opcode", "width", "pure", "weight", "name", "operands"), 70, 130)), diff);
        }
    }
}
