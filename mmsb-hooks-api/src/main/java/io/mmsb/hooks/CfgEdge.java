package io.mmsb.hooks;

/**
 * Thread rules: immutable record.
 *
 * <p>A control-flow edge between two blocks.
 *
 * @param from source block id
 * @param to   target block id
 * @param kind {@code FALLTHROUGH}, {@code BRANCH}, {@code JUMP}, {@code SWITCH} or {@code EXCEPTION}
 */
public record CfgEdge(NodeId from, NodeId to, String kind) implements Fact {}
