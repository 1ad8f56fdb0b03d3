package io.mmsb.delta;

import java.util.Objects;
import java.util.function.DoublePredicate;
import java.util.function.IntPredicate;
import java.util.function.LongPredicate;
import java.util.function.Predicate;

/**
 * A predicate on one column, for {@link StateView#select}. Typed factories check the column's
 * type when the filter runs (a mismatch throws {@link ColumnTypeException}).
 *
 * <p>Thread rules: immutable if the wrapped predicate is.
 */
public final class Filter {
    private final String column;
    private final RowTest test;

    private Filter(String column, RowTest test) {
        this.column = Objects.requireNonNull(column, "column");
        this.test = test;
    }

    /** Tests one row of a column slice. */
    @FunctionalInterface
    public interface RowTest {
        boolean test(ColumnSlice slice, int row);
    }

    public String column() {
        return column;
    }

    public boolean test(ColumnSlice slice, int row) {
        return test.test(slice, row);
    }

    public static Filter ints(String column, IntPredicate p) {
        return new Filter(column, (s, r) -> p.test(s.getInt(r)));
    }

    public static Filter longs(String column, LongPredicate p) {
        return new Filter(column, (s, r) -> p.test(s.getLong(r)));
    }

    public static Filter doubles(String column, DoublePredicate p) {
        return new Filter(column, (s, r) -> p.test(s.getDouble(r)));
    }

    public static Filter bools(String column, boolean expected) {
        return new Filter(column, (s, r) -> s.getBool(r) == expected);
    }

    public static Filter symbols(String column, Predicate<String> p) {
        return new Filter(column, (s, r) -> p.test(s.getSymbol(r)));
    }

    public static Filter intLists(String column, Predicate<int[]> p) {
        return new Filter(column, (s, r) -> p.test(s.getIntList(r)));
    }
}
