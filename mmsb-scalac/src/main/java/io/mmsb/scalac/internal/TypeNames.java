package io.mmsb.scalac.internal;

import dotty.tools.dotc.core.Contexts;
import dotty.tools.dotc.core.Types;
import io.mmsb.hooks.TypeFact;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Thread rules: confined to scalac's compiling thread. Ownership: holds type objects only during
 * one observer phase (cleared when the phase changes and when the compilation ends).
 *
 * <p>Type descriptors as scalac prints them at the observing phase, cached per type object
 * (scalac shares type objects widely, and printing is the costly part of extraction).
 */
final class TypeNames {
    private static final java.util.regex.Pattern ANSI = java.util.regex.Pattern.compile("\u001b\\[[0-9;]*m");
    private final Map<Types.Type, TypeFact> cache = new IdentityHashMap<>();

    TypeFact describe(Types.Type t, Contexts.Context ctx) {
        TypeFact f = cache.get(t);
        if (f == null) {
            String d;
            try {
                // without the printer's colours (scalac colours with -color:always, its default on a
                // terminal), and escaped (a constant type may print a lone surrogate)
                d = TreeFacts.escape(ANSI.matcher(t.show(ctx)).replaceAll(""));
            } catch (RuntimeException | StackOverflowError e) {
                d = "<" + t.getClass().getSimpleName() + ">";
            }
            f = TypeFact.of(d);
            cache.put(t, f);
        }
        return f;
    }

    void clear() {
        cache.clear();
    }
}
