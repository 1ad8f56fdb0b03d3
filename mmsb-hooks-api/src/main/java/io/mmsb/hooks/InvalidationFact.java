package io.mmsb.hooks;

/**
 * An invalidation: a change to {@code cause} invalidates {@code invalidated}.
 *
 * <p>Thread rules: immutable record.
 *
 * @param cause       the changed entity (symbol id, node id text or unit)
 * @param invalidated the invalidated entity
 * @param reason      why, e.g. {@code API_CHANGED com.x.Foo#bar(int)}
 */
public record InvalidationFact(String cause, String invalidated, String reason) implements Fact {}
