package io.mmsb.hooks;

/**
 * The compiler moments at which facts are recorded, in canonical order: within a unit, facts
 * reach the sink stage by stage in {@link #ordinal()} order.
 *
 * <p>Thread rules: immutable enum, safe everywhere.
 */
public enum Stage {
    /** After parsing: syntax tree nodes (kind, parent, span). */
    PARSE,
    /** After type inference / attribution: inferred types, resolved symbols, scopes. */
    ATTRIBUTION,
    /** After lowering / SSA creation (or bytecode generation): IR nodes, blocks, CFG edges. */
    LOWERING,
    /** After a named optimization pass: the IR state after the pass. */
    OPTIMIZATION,
    /** Invalidation events: cause, invalidated entity, reason. */
    INVALIDATION
}
