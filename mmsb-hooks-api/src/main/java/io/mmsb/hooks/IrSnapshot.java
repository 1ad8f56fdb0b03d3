package io.mmsb.hooks;

import io.mmsb.hooks.internal.Copies;
import java.util.List;

/**
 * The IR of (part of) a unit at one moment: nodes, blocks and control-flow edges.
 *
 * <p>Thread rules: immutable record; lists are copied at construction.
 */
public record IrSnapshot(List<IrNode> nodes, List<BlockFact> blocks, List<CfgEdge> edges) {
    public IrSnapshot {
        nodes = Copies.list(nodes);
        blocks = Copies.list(blocks);
        edges = Copies.list(edges);
    }
}
