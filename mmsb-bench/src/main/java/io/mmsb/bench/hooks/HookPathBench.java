package io.mmsb.bench.hooks;

import io.mmsb.delta.Store;
import io.mmsb.delta.StoreOptions;
import io.mmsb.hooks.AsyncSink;
import io.mmsb.hooks.FactSink;
import io.mmsb.recorder.FactTables;
import io.mmsb.hooks.Hooks;
import io.mmsb.hooks.IrNode;
import io.mmsb.hooks.NodeId;
import io.mmsb.hooks.Provenance;
import io.mmsb.hooks.Stage;
import io.mmsb.recorder.StoreSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.RootAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The hook path, per fact: one compilation of one unit whose parse stage hands over 1,000 IR
 * nodes, into a fresh in-memory store per op (opened and closed outside the timing), so every
 * fact is new and the figure is the cost of recording, not of reading back an ever larger store
 * (a sink reads the stored keys once per compilation). MMSB: the hooks
 * (canonical epochs, checks in production mode) into a {@code StoreSink} over an in-memory store.
 * Anchors in the same run: the same calls into a sink that drops everything (the cost of the
 * hooks themselves), and building the facts alone (what a compiler pays to hand facts over).
 * Scores are per fact.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"}) // the MMSB flags come from BenchMain
public class HookPathBench {
    static final int FACTS = 1000;
    static final String SHA = "0".repeat(64);
    RootAllocator root;
    Store store;
    int unit;
    boolean recorded;

    @Setup(Level.Invocation)
    public void open() {
        root = new RootAllocator();
        store = Store.inMemory(StoreOptions.of(FactTables.SCHEMA, root));
    }

    @TearDown(Level.Invocation)
    public void close() {
        int rows = store.latest().rowCount("nodes");
        if (recorded && rows == 0) {
            throw new IllegalStateException("the store recorded nothing: the hooks stopped recording (a contained failure)");
        }
        recorded = false;
        store.close();
        root.close();
    }

    static List<IrNode> facts(String unit) {
        List<IrNode> nodes = new ArrayList<>(FACTS);
        NodeId root = new NodeId(unit, "p.C#m()", "");
        for (int i = 0; i < FACTS; i++) {
            NodeId id = i == 0 ? root : new NodeId(unit, "p.C#m()", "BLOCK[0]/STMT[" + i + "]");
            nodes.add(new IrNode(id, Stage.PARSE, i % 3 == 0 ? "METHOD_INVOCATION" : "IDENTIFIER", i == 0 ? NodeId.NONE : root, List.of(), "",
                "", "", "", new Provenance(SHA, i * 10L, i * 10L + 7)));
        }
        return nodes;
    }

    private int record(FactSink sink) {
        return record(sink, Hooks.Ordering.CANONICAL);
    }

    private int record(FactSink sink, Hooks.Ordering ordering) {
        String u = "p/C" + (unit++) + ".java";
        Hooks hooks = Hooks.create(sink, Hooks.Mode.PRODUCTION, ordering);
        hooks.compilationBegin("c" + unit);
        hooks.unitBegin(u, SHA);
        hooks.afterParse(u, facts(u));
        hooks.unitEnd(u);
        hooks.compilationEnd();
        return unit;
    }

    @Benchmark
    @OperationsPerInvocation(FACTS)
    public int hooksIntoStore() {
        recorded = true;
        return record(new StoreSink(store));
    }

    /**
     * The javac plugin's path: call-order hooks into an {@code AsyncSink} whose writer thread runs
     * the {@code StoreSink}; the figure includes waiting at the end for the writer to finish.
     */
    @Benchmark
    @OperationsPerInvocation(FACTS)
    public int callOrderIntoAsyncStore() {
        recorded = true;
        return record(AsyncSink.of(new StoreSink(store)), Hooks.Ordering.CALL_ORDER);
    }

    /** The compiler's thread alone on that path: call-order hooks (checks, copies) into a sink that drops everything. */
    @Benchmark
    @OperationsPerInvocation(FACTS)
    public int callOrderIntoNoop() {
        return record(FactSink.NOOP, Hooks.Ordering.CALL_ORDER);
    }

    @Benchmark
    @OperationsPerInvocation(FACTS)
    public int hooksIntoNoop() {
        return record(FactSink.NOOP);
    }

    @Benchmark
    @OperationsPerInvocation(FACTS)
    public int buildFactsOnly() {
        return facts("p/C" + (unit++) + ".java").size();
    }
}
