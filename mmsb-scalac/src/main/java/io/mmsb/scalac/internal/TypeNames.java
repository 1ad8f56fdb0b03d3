package io.mmsb.scalac.internal;

import dotty.tools.dotc.core.Contexts;
import dotty.tools.dotc.core.Phases;
import dotty.tools.dotc.core.Types;
import dotty.tools.dotc.printing.Printer;
import dotty.tools.dotc.printing.Texts;
import io.mmsb.hooks.TypeFact;
import java.util.HashMap;
import java.util.Map;

/**
 * Type descriptors: a type object printed once per compilation, at the first observation that
 * meets it, then reused for that object; a singleton type once per stable period.
 *
 * <p>Thread rules: confined to scalac's compiling thread. Ownership: holds type objects weakly
 * ({@link WeakIdentityMap}) except the singleton types of the current stable period (dropped when
 * the period changes); one printer per observer phase; everything is dropped by {@link #clear}
 * when the compilation ends.
 *
 * <p>scalac's types are immutable and widely shared, so a node keeps its type object until a
 * phase gives it a new one, and printing (a fresh printer per {@code show}, which recomputes the
 * names printed without prefix, then a layout to the page width) was the costliest part of the
 * extraction. A type's text depends on the phase only through the symbols it names: their names
 * (a class flatten renames, {@code Outer$Inner}, keeps its earlier name here) and, for a singleton
 * type ({@code (x : T)}, the type of a definition or a reference), the symbol's info as of the
 * phase, which a denotation transformer changes (erasure: {@code (x: Any): String} becomes
 * {@code (x: Object): String}); so a singleton type is printed again in each stable period (the
 * phases between two denotation transformers, {@code Periods.currentStablePeriod}). The descriptor
 * is the printer's text on one line (scalac's {@code show} would wrap it at {@code -pagewidth} and
 * could add line numbers), without colours, escaped.
 */
final class TypeNames {
    private final WeakIdentityMap<Types.Type, TypeFact> cache = new WeakIdentityMap<>();
    /** Equal descriptors of different type objects share one fact (its id is a SHA-256). */
    private final Map<String, TypeFact> facts = new HashMap<>();
    private Phases.Phase printerPhase;
    private Printer printer;
    /** The singleton types of the current stable period. */
    private final java.util.IdentityHashMap<Types.Type, TypeFact> singletons = new java.util.IdentityHashMap<>();
    private int singletonPeriod = Integer.MIN_VALUE;

    TypeFact describe(Types.Type t, Contexts.Context ctx) {
        boolean singleton = t instanceof Types.SingletonType;
        if (singleton) {
            int period = dotty.tools.dotc.core.Periods$.MODULE$.currentStablePeriod(ctx);
            if (period != singletonPeriod) {
                singletons.clear();
                singletonPeriod = period;
            }
        }
        TypeFact f = singleton ? singletons.get(t) : cache.get(t);
        if (f == null) {
            String d;
            try {
                if (printerPhase != ctx.phase() || printer == null) {
                    printerPhase = ctx.phase();
                    printer = ctx.printer();
                }
                d = TreeFacts.escape(oneLine(t.toText(printer)));
            } catch (RuntimeException | StackOverflowError e) {
                d = "<" + t.getClass().getSimpleName() + ">";
            }
            f = facts.computeIfAbsent(d, TypeFact::of);
            if (singleton) singletons.put(t, f);
            else cache.put(t, f);
        }
        return f;
    }

    /** The text's strings in order, without a layout: vertical parts on lines of their own. */
    static String oneLine(Texts.Text text) {
        StringBuilder sb = new StringBuilder();
        append(text, sb);
        return sb.indexOf("\u001b") < 0 ? sb.toString() : ANSI.matcher(sb).replaceAll("");
    }

    private static final java.util.regex.Pattern ANSI = java.util.regex.Pattern.compile("\u001b\\[[0-9;]*m");

    private static void append(Texts.Text text, StringBuilder sb) {
        if (text instanceof Texts.Str s) {
            sb.append(s.s());
            return;
        }
        boolean vertical = text instanceof Texts.Vertical;
        // relems are in reverse order
        scala.collection.immutable.List<Texts.Text> elems = text.relems().reverse();
        boolean first = true;
        for (scala.collection.Iterator<Texts.Text> it = elems.iterator(); it.hasNext(); ) {
            Texts.Text e = it.next();
            if (vertical && !first) sb.append('\n');
            append(e, sb);
            first = false;
        }
    }

    void clear() {
        cache.clear();
        singletons.clear();
        singletonPeriod = Integer.MIN_VALUE;
        facts.clear();
        printer = null;
        printerPhase = null;
    }
}
