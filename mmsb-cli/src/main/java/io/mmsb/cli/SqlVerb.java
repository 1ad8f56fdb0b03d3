package io.mmsb.cli;

import io.mmsb.core.TableDef;
import io.mmsb.delta.ColumnSlice;
import io.mmsb.delta.StateView;
import io.mmsb.delta.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mmsb sql [--store DIR] [--epoch E] "SELECT ..."}: SQL over the state at an epoch, in an
 * embedded, in-memory DuckDB. Each store table the query names is handed over as an Arrow stream
 * through the C data interface ({@link Data#exportArrayStream}, DuckDB's
 * {@code registerArrowStream}: no file is written) and copied into a DuckDB table of the same
 * name, SYMBOL columns decoded to strings, with a {@code row} column (the row number). A store
 * recorded by the javac plugin also gets the view {@code compilations (n, id, first_epoch,
 * last_epoch)}: the recorded compilations in order, and, for every table T, {@code before_T}: T as
 * an earlier compilation left it ({@code --before C}; default the compilation before the last one
 * at {@code --epoch}), so that {@code T} against {@code before_T} is what changed between two
 * compilations. The store is opened read-only.
 */
@Command(name = "sql", description = "Answer a SQL query (DuckDB) over the store's tables at an epoch.")
final class SqlVerb extends StoreVerbs.StoreVerb {
    @Option(names = "--epoch", description = "epoch (default: the last)") Long epoch;
    @Option(names = "--max-rows", defaultValue = "1000", description = "rows printed at most (default: ${DEFAULT-VALUE})") int maxRows;
    @Option(names = "--before", description = "the compilation the before_TABLE tables show (default: the one before the last compilation at --epoch)")
    String before;
    @Option(names = "--tsv", description = "tab-separated output with a header line, instead of aligned columns") boolean tsv;
    @Parameters(arity = "1", paramLabel = "QUERY", description = "the SQL query; tables: those of mmsb stats, plus the view compilations")
    String query;

    private static final String RAW_COMPILATIONS = "mmsb_compilations_table";

    @Override
    int answer(Store s) {
        StateView v = s.stateAt(epochOr(s, epoch));
        try (BufferAllocator root = new RootAllocator();
             Connection db = DriverManager.getConnection("jdbc:duckdb:")) {
            StateView earlier = null;
            for (TableDef t : s.schema().tables()) {
                if (!mentions(query, "before_" + t.name())) continue;
                if (earlier == null) earlier = s.stateAt(beforeEpoch(v));
                load(db, root, earlier, t, "before_" + t.name());
            }
            for (TableDef t : s.schema().tables()) {
                boolean compilations = t.name().equals("compilations");
                if (!mentions(query, t.name())) continue;
                String name = compilations ? RAW_COMPILATIONS : t.name();
                load(db, root, v, t, name);
                if (compilations) {
                    try (Statement st = db.createStatement()) {
                        st.execute("CREATE TEMP VIEW compilations AS SELECT row + 1 AS n, key AS id, first_epoch, last_epoch FROM "
                                + RAW_COMPILATIONS + " ORDER BY row");
                    }
                }
            }
            try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(query)) {
                print(rs);
            }
            return 0;
        } catch (SQLException e) {
            err().println("mmsb sql: " + firstLine(e.getMessage()));
            return Main.MMSB_ERROR;
        }
    }

    /** The last epoch of the compilation the before_ tables show. */
    private long beforeEpoch(StateView v) throws SQLException {
        String table = "compilations";
        if (v.schema().tables().stream().noneMatch(t -> t.name().equals(table))) throw new SQLException("before_ tables need a store recorded by the javac plugin (no compilations table)");
        ColumnSlice key = v.column(table, "key");
        ColumnSlice last = v.column(table, "last_epoch");
        int n = v.rowCount(table);
        if (before != null) {
            for (int r = 0; r < n; r++) if (key.getSymbol(r).equals(before)) return last.getLong(r);
            throw new SQLException("no recorded compilation '" + before + "' at epoch " + v.epoch());
        }
        if (n < 2) throw new SQLException("before_ tables need two recorded compilations at epoch " + v.epoch() + "; there are " + n);
        return last.getLong(n - 2); // rows are in recording order; the view holds those recorded up to --epoch
    }

    /** Whether the query names the table (as a whole word; a store table nobody asks for is not loaded). */
    static boolean mentions(String sql, String table) {
        return Pattern.compile("(?i)(?<![A-Za-z0-9_])" + Pattern.quote(table) + "(?![A-Za-z0-9_])").matcher(sql).find();
    }

    /** One store table into DuckDB table {@code name}, through an Arrow C stream. */
    private static void load(Connection db, BufferAllocator root, StateView v, TableDef t, String name) throws SQLException {
        try (BufferAllocator alloc = root.newChildAllocator(t.name(), 0, Long.MAX_VALUE);
             TableArrowReader reader = new TableArrowReader(alloc, v, t, 65_536);
             ArrowArrayStream stream = ArrowArrayStream.allocateNew(alloc)) {
            Data.exportArrayStream(alloc, reader, stream);
            String source = "mmsb_arrow_" + t.name();
            registerArrowStream(db, source, stream);
            try (Statement st = db.createStatement()) {
                st.execute("CREATE TEMP TABLE " + quote(name) + " AS SELECT * FROM " + quote(source));
                st.execute("DROP VIEW IF EXISTS " + quote(source));
            }
        } catch (IOException e) {
            throw new SQLException("reading table " + t.name() + ": " + e.getMessage(), e);
        }
    }

    /** {@code DuckDBConnection.registerArrowStream}, reached through the JDBC connection (no compile-time tie to the driver's module name). */
    private static void registerArrowStream(Connection db, String name, ArrowArrayStream stream) throws SQLException {
        try {
            Object duck = db.unwrap(Class.forName("org.duckdb.DuckDBConnection"));
            Method register = duck.getClass().getMethod("registerArrowStream", String.class, Object.class);
            register.invoke(duck, name, stream);
        } catch (ReflectiveOperationException e) {
            Throwable cause = e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
            throw new SQLException("handing table " + name + " to DuckDB: " + cause, cause);
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static String firstLine(String s) {
        if (s == null) return "failed";
        String line = s.strip().lines().findFirst().orElse(s);
        return line;
    }

    private void print(ResultSet rs) throws SQLException {
        PrintWriter out = out();
        ResultSetMetaData md = rs.getMetaData();
        int cols = md.getColumnCount();
        List<String[]> rows = new ArrayList<>();
        String[] header = new String[cols];
        for (int c = 0; c < cols; c++) header[c] = md.getColumnLabel(c + 1);
        int count = 0;
        boolean more = false;
        while (rs.next()) {
            if (count == maxRows) {
                more = true;
                break;
            }
            String[] row = new String[cols];
            for (int c = 0; c < cols; c++) row[c] = cell(rs.getObject(c + 1));
            rows.add(row);
            count++;
        }
        if (tsv) {
            out.println(String.join("\t", header));
            for (String[] r : rows) out.println(String.join("\t", r));
        } else {
            int[] width = new int[cols];
            for (int c = 0; c < cols; c++) width[c] = header[c].length();
            for (String[] r : rows) for (int c = 0; c < cols; c++) width[c] = Math.max(width[c], r[c].length());
            out.println(line(header, width));
            StringBuilder rule = new StringBuilder();
            for (int c = 0; c < cols; c++) rule.append(c == 0 ? "" : "  ").append("-".repeat(width[c]));
            out.println(rule);
            for (String[] r : rows) out.println(line(r, width));
            out.printf(Locale.ROOT, "(%d row%s%s)%n", count, count == 1 ? "" : "s", more ? ", more not shown: raise --max-rows" : "");
        }
        out.flush();
    }

    private static String line(String[] cells, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) sb.append("  ");
            sb.append(c == cells.length - 1 ? cells[c] : String.format(Locale.ROOT, "%-" + width[c] + "s", cells[c]));
        }
        return sb.toString().stripTrailing();
    }

    private static String cell(Object o) throws SQLException {
        if (o == null) return "NULL";
        if (o instanceof Array a) {
            Object arr = a.getArray();
            if (arr instanceof Object[] xs) return Arrays.toString(xs);
            return String.valueOf(arr);
        }
        return String.valueOf(o).replace('\t', ' ').replace('\n', ' ');
    }
}
