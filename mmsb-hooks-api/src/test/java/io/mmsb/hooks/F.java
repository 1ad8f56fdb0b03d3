package io.mmsb.hooks;

import java.util.List;

/** Test fact builders. */
final class F {
    private F() {}

    static final String SHA = "a".repeat(64);

    static NodeId id(String unit, String member, String path) {
        return new NodeId(unit, member, path);
    }

    static IrNode node(NodeId id, Stage stage, String kind, NodeId parent, List<NodeId> operands) {
        return new IrNode(id, stage, kind, parent, operands, "", "", "", "", new Provenance(SHA, 0, 10));
    }

    /** A small IR: two instructions in two blocks with one edge. */
    static IrSnapshot ir(String unit, String member) {
        NodeId a = id(unit, member, "insn[0]");
        NodeId b = id(unit, member, "insn[1]");
        NodeId b0 = id(unit, member, "block[0]");
        NodeId b1 = id(unit, member, "block[1]");
        return new IrSnapshot(
                List.of(node(a, Stage.LOWERING, "IFEQ", NodeId.NONE, List.of()),
                        node(b, Stage.LOWERING, "RETURN", NodeId.NONE, List.of())),
                List.of(new BlockFact(b0, List.of(a)), new BlockFact(b1, List.of(b))),
                List.of(new CfgEdge(b0, b1, "FALLTHROUGH")));
    }

    static IrSnapshot passIr(String unit, String member) {
        IrSnapshot ir = ir(unit, member);
        return new IrSnapshot(ir.nodes().stream().map(n -> new IrNode(n.id(), Stage.OPTIMIZATION, n.kind(),
                n.parent(), n.operands(), n.detail(), n.typeId(), n.symbolId(), n.scopeId(), n.provenance())).toList(),
                ir.blocks(), ir.edges());
    }

    static List<IrNode> tree(String unit, String member) {
        NodeId root = id(unit, member, "");
        NodeId child = root.child("RETURN[0]");
        return List.of(node(root, Stage.PARSE, "METHOD", NodeId.NONE, List.of(child)),
                node(child, Stage.PARSE, "RETURN", root, List.of()));
    }

    static Attribution attribution(String unit, String member) {
        TypeFact t = TypeFact.of("int");
        SymbolFact s = new SymbolFact(member, "m", "METHOD", "", t.id(), "public");
        NodeId root = id(unit, member, "");
        IrNode n = new IrNode(root, Stage.ATTRIBUTION, "METHOD", NodeId.NONE, List.of(), "", t.id(), s.id(), "",
                Provenance.NONE);
        return new Attribution(List.of(n), List.of(s), List.of(t), List.of(new ScopeFact("scope:" + member, "METHOD", "", s.id())));
    }
}
