package io.mmsb.hooks;

import java.util.ArrayList;
import java.util.List;

/**
 * An in-memory sink that records what it receives, for tests and for compiler authors' unit
 * tests (assert on the facts of each stage).
 *
 * <p>Thread rules: thread-safe (every method synchronized). Ownership: holds the facts it was
 * handed until {@link #clear()}.
 */
public final class RecordingSink implements FactSink {
    /** One fact with the epoch it arrived in. */
    public record Recorded(Epoch epoch, Fact fact) {}

    private final List<Recorded> facts = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private final List<String> ended = new ArrayList<>();
    private final List<String> aborted = new ArrayList<>();

    @Override
    public synchronized void begin(String compilation) {
        events.add("begin " + compilation);
    }

    @Override
    public synchronized void epoch(Epoch epoch, List<Fact> list) {
        events.add("epoch " + epoch);
        for (Fact f : list) facts.add(new Recorded(epoch, f));
    }

    @Override
    public synchronized void end(String compilation) {
        events.add("end " + compilation);
        ended.add(compilation);
    }

    @Override
    public synchronized void abort(String compilation, String reason) {
        events.add("abort " + compilation);
        aborted.add(compilation);
    }

    /** Every recorded fact with its epoch, in arrival order. */
    public synchronized List<Recorded> recorded() {
        return List.copyOf(facts);
    }

    /** Every recorded fact, in arrival order. */
    public synchronized List<Fact> facts() {
        return facts.stream().map(Recorded::fact).toList();
    }

    /** The facts of one stage, in arrival order. */
    public synchronized List<Fact> facts(Stage stage) {
        return facts.stream().filter(r -> r.epoch().stage() == stage).map(Recorded::fact).toList();
    }

    /** The facts of one kind at one stage, in arrival order. */
    public synchronized <T extends Fact> List<T> facts(Stage stage, Class<T> kind) {
        return facts.stream().filter(r -> r.epoch().stage() == stage && kind.isInstance(r.fact()))
                .map(r -> kind.cast(r.fact())).toList();
    }

    /** The facts of one kind at one stage for one unit, in arrival order. */
    public synchronized <T extends Fact> List<T> facts(String unit, Stage stage, Class<T> kind) {
        return facts.stream().filter(r -> r.epoch().unit().equals(unit) && r.epoch().stage() == stage
                && kind.isInstance(r.fact())).map(r -> kind.cast(r.fact())).toList();
    }

    /** The lifecycle events seen (begin / epoch / end / abort), in order. */
    public synchronized List<String> events() {
        return List.copyOf(events);
    }

    /** Compilations that ended completely. */
    public synchronized List<String> ended() {
        return List.copyOf(ended);
    }

    /** Compilations that were aborted. */
    public synchronized List<String> aborted() {
        return List.copyOf(aborted);
    }

    /** Forgets everything. */
    public synchronized void clear() {
        facts.clear();
        events.clear();
        ended.clear();
        aborted.clear();
    }
}
