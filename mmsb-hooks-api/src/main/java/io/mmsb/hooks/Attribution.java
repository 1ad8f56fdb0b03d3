package io.mmsb.hooks;

import io.mmsb.hooks.internal.Copies;
import java.util.List;

/**
 * What attribution / type inference produced for (part of) a unit.
 *
 * <p>Thread rules: immutable record; lists are copied at construction.
 */
public record Attribution(List<IrNode> nodes, List<SymbolFact> symbols, List<TypeFact> types,
                          List<ScopeFact> scopes) {
    public Attribution {
        nodes = Copies.list(nodes);
        symbols = Copies.list(symbols);
        types = Copies.list(types);
        scopes = Copies.list(scopes);
    }
}
