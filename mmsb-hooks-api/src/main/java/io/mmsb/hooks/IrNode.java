package io.mmsb.hooks;

import io.mmsb.hooks.internal.Copies;
import java.util.List;

/**
 * One IR node (a syntax tree node, an attributed expression, or an instruction).
 *
 * <p>Thread rules: immutable record; the list is copied at construction.
 *
 * @param id         stable node id (carries the unit)
 * @param stage      the stage that produced it
 * @param kind       opcode or node kind, e.g. {@code METHOD_INVOCATION}, {@code IFEQ}
 * @param parent     parent node id, {@link NodeId#NONE} when none
 * @param operands   operand / child node ids, in order
 * @param detail     a non-source operand summary (member reference, local slot, numeric
 *                   constant, branch target), "" when none; never a string literal's text
 * @param typeId     interned type id ({@link TypeFact#id()}), "" when untyped
 * @param symbolId   resolved symbol id ({@link SymbolFact#id()}), "" when none
 * @param scopeId    enclosing scope id ({@link ScopeFact#id()}), "" when none
 * @param provenance file hash and span, {@link Provenance#NONE} when none
 */
public record IrNode(NodeId id, Stage stage, String kind, NodeId parent, List<NodeId> operands,
                     String detail, String typeId, String symbolId, String scopeId,
                     Provenance provenance) implements Fact {
    public IrNode {
        operands = Copies.list(operands);
    }

    /** The unit this node belongs to. */
    public String unit() {
        return id == null ? null : id.unit();
    }
}
