package io.mmsb.javac.internal;

import io.mmsb.hooks.BlockFact;
import io.mmsb.hooks.CfgEdge;
import io.mmsb.hooks.IrNode;
import io.mmsb.hooks.IrSnapshot;
import io.mmsb.hooks.NodeId;
import io.mmsb.hooks.Provenance;
import io.mmsb.hooks.Stage;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeModel;
import java.lang.classfile.Instruction;
import java.lang.classfile.Label;
import java.lang.classfile.MethodModel;
import java.lang.classfile.Opcode;
import java.lang.classfile.instruction.BranchInstruction;
import java.lang.classfile.instruction.ConstantInstruction;
import java.lang.classfile.instruction.ExceptionCatch;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.classfile.instruction.IncrementInstruction;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.LabelTarget;
import java.lang.classfile.instruction.LineNumber;
import java.lang.classfile.instruction.LoadInstruction;
import java.lang.classfile.instruction.LookupSwitchInstruction;
import java.lang.classfile.instruction.NewObjectInstruction;
import java.lang.classfile.instruction.NewPrimitiveArrayInstruction;
import java.lang.classfile.instruction.NewReferenceArrayInstruction;
import java.lang.classfile.instruction.ReturnInstruction;
import java.lang.classfile.instruction.StoreInstruction;
import java.lang.classfile.instruction.SwitchCase;
import java.lang.classfile.instruction.TableSwitchInstruction;
import java.lang.classfile.instruction.ThrowInstruction;
import java.lang.classfile.instruction.TypeCheckInstruction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;

/**
 * Reads a class file with the JDK's {@code java.lang.classfile} API and copies every method's
 * bytecode into IR facts: instructions ({@code insn[i]}, opcode, operands: the instructions of the
 * same block whose results it consumes ({@link StackFlow}), an operand summary in {@code detail}),
 * basic blocks ({@code block[b]}) and control-flow edges. Ids are rooted at the method
 * ({@code pkg.Cls#name(descriptor)}), so a change in one method never renumbers another.
 *
 * <p>Thread rules: stateless; works on bytes only.
 */
public final class BytecodeExtractor {
    private BytecodeExtractor() {}

    /**
     * IR of every method of {@code classFile}. {@code lineSpan} maps a source line to its
     * {@link Provenance} (or {@link Provenance#NONE}).
     */
    public static IrSnapshot extract(byte[] classFile, String unit, IntFunction<Provenance> lineSpan) {
        ClassModel cm = ClassFile.of().parse(classFile);
        String cls = cm.thisClass().asInternalName().replace('/', '.');
        List<IrNode> nodes = new ArrayList<>();
        List<BlockFact> blocks = new ArrayList<>();
        List<CfgEdge> edges = new ArrayList<>();
        for (MethodModel m : cm.methods()) {
            Optional<CodeModel> code = m.code();
            if (code.isEmpty()) continue;
            String member = cls + "#" + m.methodName().stringValue() + m.methodTypeSymbol().descriptorString();
            method(unit, member, code.get(), lineSpan, nodes, blocks, edges);
        }
        return new IrSnapshot(nodes, blocks, edges);
    }

    private static void method(String unit, String member, CodeModel code, IntFunction<Provenance> lineSpan,
                               List<IrNode> nodes, List<BlockFact> blocks, List<CfgEdge> edges) {
        List<Instruction> insns = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        Map<Label, Integer> at = new HashMap<>();
        int line = -1;
        for (CodeElement e : code) {
            switch (e) {
                case LabelTarget t -> at.put(t.label(), insns.size());
                case LineNumber ln -> line = ln.line();
                case Instruction i -> {
                    insns.add(i);
                    lines.add(line);
                }
                default -> { }
            }
        }
        int n = insns.size();
        // leaders: entry, branch/switch targets, handler ranges, and the instruction after a block end
        TreeSet<Integer> leaders = new TreeSet<>();
        leaders.add(0);
        for (int i = 0; i < n; i++) {
            Instruction insn = insns.get(i);
            for (Label l : targets(insn)) leaders.add(at.get(l));
            if (endsBlock(insn) && i + 1 < n) leaders.add(i + 1);
        }
        for (ExceptionCatch c : code.exceptionHandlers()) {
            leaders.add(at.get(c.tryStart()));
            leaders.add(at.get(c.handler()));
            if (at.get(c.tryEnd()) < n) leaders.add(at.get(c.tryEnd()));
        }
        leaders.removeIf(i -> i >= n);
        int[] blockOf = new int[n];
        List<Integer> starts = new ArrayList<>(leaders);
        for (int b = 0; b < starts.size(); b++) {
            int end = b + 1 < starts.size() ? starts.get(b + 1) : n;
            for (int i = starts.get(b); i < end; i++) blockOf[i] = b;
        }
        NodeId root = new NodeId(unit, member, "");
        List<int[]> producers = new ArrayList<>(n);
        for (int b = 0; b < starts.size(); b++) {
            producers.addAll(StackFlow.block(insns, starts.get(b), (b + 1 < starts.size() ? starts.get(b + 1) : n) - 1));
        }
        for (int i = 0; i < n; i++) {
            Instruction insn = insns.get(i);
            List<NodeId> operands = new ArrayList<>();
            for (int p : producers.get(i)) operands.add(root.child("insn[" + p + "]"));
            nodes.add(new IrNode(root.child("insn[" + i + "]"), Stage.LOWERING, insn.opcode().name(), NodeId.NONE,
                    operands, detail(insn, at, blockOf), "", "", "", lines.get(i) < 0 ? Provenance.NONE : lineSpan.apply(lines.get(i))));
        }
        Set<CfgEdge> out = new LinkedHashSet<>();
        for (int b = 0; b < starts.size(); b++) {
            int first = starts.get(b);
            int last = (b + 1 < starts.size() ? starts.get(b + 1) : n) - 1;
            List<NodeId> members = new ArrayList<>();
            for (int i = first; i <= last; i++) members.add(root.child("insn[" + i + "]"));
            blocks.add(new BlockFact(block(root, b), members));
            Instruction insn = insns.get(last);
            NodeId from = block(root, b);
            switch (insn) {
                case BranchInstruction br -> {
                    boolean jump = br.opcode() == Opcode.GOTO || br.opcode() == Opcode.GOTO_W;
                    out.add(new CfgEdge(from, block(root, blockOf[at.get(br.target())]), jump ? "JUMP" : "BRANCH"));
                    if (!jump && b + 1 < starts.size()) out.add(new CfgEdge(from, block(root, b + 1), "FALLTHROUGH"));
                }
                case TableSwitchInstruction ts -> {
                    for (Label l : targets(ts)) out.add(new CfgEdge(from, block(root, blockOf[at.get(l)]), "SWITCH"));
                }
                case LookupSwitchInstruction ls -> {
                    for (Label l : targets(ls)) out.add(new CfgEdge(from, block(root, blockOf[at.get(l)]), "SWITCH"));
                }
                case ReturnInstruction r -> { }
                case ThrowInstruction t -> { }
                default -> {
                    if (b + 1 < starts.size()) out.add(new CfgEdge(from, block(root, b + 1), "FALLTHROUGH"));
                }
            }
        }
        for (ExceptionCatch c : code.exceptionHandlers()) {
            int s = at.get(c.tryStart());
            int e = at.get(c.tryEnd());
            NodeId handler = block(root, blockOf[at.get(c.handler())]);
            for (int b = 0; b < starts.size(); b++) {
                if (starts.get(b) >= s && starts.get(b) < e) out.add(new CfgEdge(block(root, b), handler, "EXCEPTION"));
            }
        }
        edges.addAll(out);
    }

    private static NodeId block(NodeId root, int b) {
        return root.child("block[" + b + "]");
    }

    private static boolean endsBlock(Instruction i) {
        return i instanceof BranchInstruction || i instanceof TableSwitchInstruction || i instanceof LookupSwitchInstruction
                || i instanceof ReturnInstruction || i instanceof ThrowInstruction;
    }

    private static List<Label> targets(Instruction i) {
        List<Label> out = new ArrayList<>();
        switch (i) {
            case BranchInstruction b -> out.add(b.target());
            case TableSwitchInstruction t -> {
                out.add(t.defaultTarget());
                for (SwitchCase c : t.cases()) out.add(c.target());
            }
            case LookupSwitchInstruction l -> {
                out.add(l.defaultTarget());
                for (SwitchCase c : l.cases()) out.add(c.target());
            }
            default -> { }
        }
        return out;
    }

    /**
     * Operand summary: member references, types, slots, constants (a string longer than
     * {@value TreeExtractor#MAX_LITERAL} characters as its SHA-256, as in the tree facts), targets.
     */
    private static String detail(Instruction i, Map<Label, Integer> at, int[] blockOf) {
        return switch (i) {
            case FieldInstruction f -> f.owner().asInternalName() + "." + f.name().stringValue() + ":" + f.type().stringValue();
            case InvokeInstruction v -> v.owner().asInternalName() + "." + v.name().stringValue() + v.type().stringValue();
            case InvokeDynamicInstruction d -> "indy " + d.name().stringValue() + d.type().stringValue();
            case TypeCheckInstruction t -> t.type().asInternalName();
            case NewObjectInstruction o -> o.className().asInternalName();
            case NewReferenceArrayInstruction a -> a.componentType().asInternalName();
            case NewPrimitiveArrayInstruction a -> a.typeKind().name();
            case LoadInstruction l -> "slot " + l.slot();
            case StoreInstruction s -> "slot " + s.slot();
            case IncrementInstruction inc -> "slot " + inc.slot() + " by " + inc.constant();
            case ConstantInstruction c -> c.constantValue() instanceof Number num ? c.typeKind() + " " + num
                    : c.constantValue() instanceof String str ? c.typeKind() + " " + TreeExtractor.literal(str)
                    : c.typeKind().name();
            default -> {
                List<Label> t = targets(i);
                if (t.isEmpty()) yield "";
                StringBuilder sb = new StringBuilder("->");
                for (Label l : t) sb.append(" block[").append(blockOf[at.get(l)]).append(']');
                yield sb.toString();
            }
        };
    }
}
