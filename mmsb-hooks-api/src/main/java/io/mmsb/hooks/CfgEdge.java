package io.mmsb.hooks;

/**
 * A control-flow edge between two blocks.
 *
 * <p>Thread rules: immutable record.
 *
 * @param from source block id
 * @param to   target block id
 * @param kind {@code FALLTHROUGH}, {@code BRANCH}, {@code JUMP}, {@code SWITCH} or {@code EXCEPTION}
 */
public record CfgEdge(NodeId from, NodeId to, String kind) implements Fact {}
