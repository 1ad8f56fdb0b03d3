package io.mmsb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mmsb sql}: the five example questions of README "Asking the facts in SQL", each answered
 * over two recorded compilations of a small library (v1, then v2 where {@code Lib.size} returns
 * long and its caller changed), exactly as the README writes them.
 */
class SqlTest extends CliRun {
    @TempDir
    Path tmp;
    Path store;


    private Result sql(String query, String... options) {
        List<String> args = new java.util.ArrayList<>(List.of("sql", "--store", store.toString(), "--tsv"));
        args.addAll(List.of(options));
        args.add(query);
        Result r = mmsb(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        return r;
    }

    @BeforeEach
    void recordTwoVersions() throws Exception {
        store = tmp.resolve("store");
        recordLibAndUse(tmp, store, "");
    }

    @Test
    void q1WhichCompilationsAreRecordedAndWhichEpochsDidEachWrite() {
        Result r = sql("SELECT n, id, first_epoch, last_epoch FROM compilations ORDER BY n");
        List<String> lines = r.out().lines().toList();
        assertEquals("n\tid\tfirst_epoch\tlast_epoch", lines.get(0));
        assertEquals(3, lines.size(), r.out());
        assertTrue(lines.get(1).startsWith("1\tbuild-1\t1\t") && lines.get(2).startsWith("2\tbuild-2\t"), r.out());
    }

    @Test
    void q2WhatDidTheLastCompilationInvalidateAndWhy() {
        Result r = sql("SELECT cause, invalidated, reason FROM invalidations "
                + "WHERE compilation = (SELECT id FROM compilations ORDER BY n DESC LIMIT 1)");
        assertEquals("cause\tinvalidated\treason\np.Lib#size(java.lang.String)\tp.Use\tAPI_CHANGED p.Lib#size(java.lang.String)\n",
                r.out().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void q3WhereIsAMethodCalledToday() {
        Result r = sql("SELECT unit, count(*) AS calls FROM nodes WHERE present AND kind = 'METHOD_INVOCATION' "
                + "AND symbol = 'p.Lib#size(java.lang.String)' GROUP BY unit ORDER BY unit");
        assertEquals("unit\tcalls\np/Use.java\t3\n", r.out().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void q4WhatWasAMembersSignatureAtAnEarlierCompilation() {
        String q = "SELECT s.name, t.descriptor FROM symbols s JOIN types t ON t.key = s.type "
                + "WHERE s.owner = 'p.Lib' AND s.kind = 'METHOD' ORDER BY s.name";
        Result then = sql("SELECT last_epoch FROM compilations WHERE id = 'build-1'");
        String epoch = then.out().lines().toList().get(1);
        assertEquals("name\tdescriptor\none\t()int\nsize\t(java.lang.String)int\n",
                sql(q, "--epoch", epoch).out().replace(System.lineSeparator(), "\n"));
        assertEquals("name\tdescriptor\none\t()int\nsize\t(java.lang.String)long\n", sql(q).out().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void q5WhichFilesLostTheMostCodeSinceEarlierCompilations() {
        Result r = sql("SELECT unit, count(*) AS gone FROM nodes WHERE NOT present AND unit <> '' GROUP BY unit ORDER BY gone DESC, unit");
        List<String> lines = r.out().lines().toList();
        assertEquals("unit\tgone", lines.get(0));
        assertTrue(lines.get(1).startsWith("p/Use.java\t"), "the caller's old k() body is gone: " + r.out());
    }

    @Test
    void aBadQueryIsOneLineAndTheDefaultOutputIsAlignedColumns() {
        Result bad = mmsb("sql", "--store", store.toString(), "SELECT * FROM no_such_table");
        assertEquals(Main.MMSB_ERROR, bad.code());
        assertTrue(bad.err().startsWith("mmsb sql: ") && bad.err().strip().lines().count() == 1, bad.err());
        Result aligned = mmsb("sql", "--store", store.toString(), "SELECT id, first_epoch FROM compilations ORDER BY n");
        assertEquals(0, aligned.code(), aligned.err());
        assertTrue(aligned.out().startsWith("id       first_epoch\n-------  -----------\nbuild-1  1\n"), aligned.out());
        assertTrue(aligned.out().endsWith("(2 rows)\n"), aligned.out());
    }

    @Test
    void q6WhichMembersChangedTheirTypeBetweenTheLastTwoCompilations() {
        Result r = sql("SELECT s.key, tb.descriptor AS before, t.descriptor AS now FROM symbols s "
                + "JOIN before_symbols b ON b.key = s.key JOIN types t ON t.key = s.type JOIN before_types tb ON tb.key = b.type "
                + "WHERE s.type <> b.type ORDER BY s.key");
        assertEquals("key\tbefore\tnow\np.Lib#size(java.lang.String)\t(java.lang.String)int\t(java.lang.String)long\n"
                + "p.Use#n\tint\tlong\n", r.out().replace(System.lineSeparator(), "\n"));
        Result named = sql("SELECT count(*) AS c FROM before_symbols", "--before", "build-2");
        assertTrue(named.out().startsWith("c\n"), named.out());
        Result none = mmsb("sql", "--store", store.toString(), "--before", "nope", "SELECT * FROM before_units");
        assertEquals(Main.MMSB_ERROR, none.code());
        assertTrue(none.err().contains("no recorded compilation 'nope'"), none.err());
    }
}
