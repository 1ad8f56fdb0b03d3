package io.mmsb.hooks;

/**
 * A resolved symbol.
 *
 * <p>Thread rules: immutable record.
 *
 * @param id        stable symbol id, e.g. {@code com.x.Foo}, {@code com.x.Foo#bar(int)},
 *                  {@code com.x.Foo#field}; locals use their declaring node's id
 * @param name      simple name
 * @param kind      symbol kind, e.g. {@code CLASS}, {@code METHOD}, {@code FIELD}, {@code LOCAL_VARIABLE}
 * @param owner     owner symbol id, "" when none
 * @param typeId    interned type id of the symbol's (declared) type, "" when none
 * @param modifiers modifiers in canonical order separated by one space, e.g. {@code public static}
 */
public record SymbolFact(String id, String name, String kind, String owner, String typeId,
                         String modifiers) implements Fact {}
