package io.mmsb.hooks;

/**
 * Thread rules: immutable record.
 *
 * <p>A lexical scope.
 *
 * @param id       stable scope id
 * @param kind     e.g. {@code CLASS}, {@code METHOD}
 * @param parentId enclosing scope id, "" for a top-level scope
 * @param ownerId  symbol id of the scope's owner, "" when none
 */
public record ScopeFact(String id, String kind, String parentId, String ownerId) implements Fact {}
