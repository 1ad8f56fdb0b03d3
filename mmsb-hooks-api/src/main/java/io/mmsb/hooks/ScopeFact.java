package io.mmsb.hooks;

/**
 * A lexical scope.
 *
 * <p>Thread rules: immutable record.
 *
 * @param id       stable scope id
 * @param kind     e.g. {@code CLASS}, {@code METHOD}
 * @param parentId enclosing scope id, "" for a top-level scope
 * @param ownerId  symbol id of the scope's owner, "" when none
 */
public record ScopeFact(String id, String kind, String parentId, String ownerId) implements Fact {}
