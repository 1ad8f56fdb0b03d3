package io.mmsb.hooks;

import io.mmsb.hooks.internal.Copies;
import java.util.List;

/**
 * A basic block: its stable id and the ids of its IR nodes in order.
 *
 * <p>Thread rules: immutable record; the list is copied at construction.
 *
 * @param id    stable block id (same scheme as nodes, e.g. path {@code block[2]})
 * @param nodes the block's node ids, in execution order
 */
public record BlockFact(NodeId id, List<NodeId> nodes) implements Fact {
    public BlockFact {
        nodes = Copies.list(nodes);
    }
}
