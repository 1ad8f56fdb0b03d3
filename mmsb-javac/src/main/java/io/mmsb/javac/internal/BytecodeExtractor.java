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
import java.lang.classfile.instruction.StoreInstruction;
import java.lang.classfile.instruction.SwitchCase;
import java.lang.classfile.instruction.TableSwitchInstruction;
import java.lang.classfile.instruction.TypeCheckInstruction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
        StackFlow flow = new StackFlow();
        Map<Object, String> refs = new IdentityHashMap<>();
        for (MethodModel m : cm.methods()) {
            Optional<CodeModel> code = m.code();
            if (code.isEmpty()) continue;
            String member = cls + "#" + m.methodName().stringValue() + m.methodTypeSymbol().descriptorString();
            method(unit, member, code.get(), lineSpan, flow, refs, nodes, blocks, edges);
        }
        return new IrSnapshot(nodes, blocks, edges);
    }

    private static void method(String unit, String member, CodeModel code, IntFunction<Provenance> lineSpan, StackFlow flow,
                               Map<Object, String> refs,
                               List<IrNode> nodes, List<BlockFact> blocks, List<CfgEdge> edges) {
        List<Instruction> list = new ArrayList<>();
        int[] lines = new int[64];
        Map<Label, Integer> at = new HashMap<>();
        int line = -1;
        for (CodeElement e : code) {
            if (e instanceof Instruction i) {
                if (list.size() == lines.length) lines = Arrays.copyOf(lines, lines.length * 2);
                lines[list.size()] = line;
                list.add(i);
            } else if (e instanceof LabelTarget t) {
                at.put(t.label(), list.size());
            } else if (e instanceof LineNumber ln) {
                line = ln.line();
            }
        }
        Instruction[] insns = list.toArray(new Instruction[0]);
        int n = insns.length;
        // leaders: entry, branch/switch targets, handler ranges, and the instruction after a block end
        boolean[] leader = new boolean[n + 1];
        leader[0] = true;
        for (int i = 0; i < n; i++) {
            Instruction insn = insns[i];
            if (endsBlock(insn.opcode().kind())) {
                for (Label l : targets(insn)) leader[at.get(l)] = true;
                leader[i + 1] = true;
            }
        }
        for (ExceptionCatch c : code.exceptionHandlers()) {
            leader[at.get(c.tryStart())] = true;
            leader[at.get(c.handler())] = true;
            leader[at.get(c.tryEnd())] = true;
        }
        int count = 0;
        for (int i = 0; i < n; i++) if (leader[i]) count++;
        int[] starts = new int[count + 1]; // starts[count] = n: block b is [starts[b], starts[b + 1])
        int[] blockOf = new int[n];
        for (int i = 0, b = -1; i < n; i++) {
            if (leader[i]) starts[++b] = i;
            blockOf[i] = b;
        }
        starts[count] = n;
        NodeId[] ids = new NodeId[n];
        for (int i = 0; i < n; i++) ids[i] = new NodeId(unit, member, Paths.insn(i));
        NodeId[] blockIds = new NodeId[count];
        for (int b = 0; b < count; b++) blockIds[b] = new NodeId(unit, member, Paths.block(b));
        int[][] producers = new int[n][];
        for (int b = 0; b < count; b++) flow.block(insns, starts[b], starts[b + 1] - 1, producers);
        int lastLine = Integer.MIN_VALUE;
        Provenance lastSpan = Provenance.NONE;
        for (int i = 0; i < n; i++) {
            Instruction insn = insns[i];
            int[] from = producers[i];
            List<NodeId> operands = from.length == 0 ? List.of() : new ArrayList<>(from.length);
            for (int p : from) operands.add(ids[p]);
            if (lines[i] != lastLine) {
                lastLine = lines[i];
                lastSpan = lastLine < 0 ? Provenance.NONE : lineSpan.apply(lastLine);
            }
            nodes.add(new IrNode(ids[i], Stage.LOWERING, insn.opcode().name(), NodeId.NONE,
                    operands, detail(insn, at, blockOf, refs), "", "", "", lastSpan));
        }
        Set<CfgEdge> out = new LinkedHashSet<>();
        for (int b = 0; b < count; b++) {
            int first = starts[b];
            int last = starts[b + 1] - 1;
            blocks.add(new BlockFact(blockIds[b], Arrays.asList(ids).subList(first, last + 1)));
            Instruction insn = insns[last];
            NodeId from = blockIds[b];
            switch (insn.opcode().kind()) {
                case BRANCH -> {
                    Opcode op = insn.opcode();
                    boolean jump = op == Opcode.GOTO || op == Opcode.GOTO_W;
                    out.add(new CfgEdge(from, blockIds[blockOf[at.get(((BranchInstruction) insn).target())]], jump ? "JUMP" : "BRANCH"));
                    if (!jump && b + 1 < count) out.add(new CfgEdge(from, blockIds[b + 1], "FALLTHROUGH"));
                }
                case TABLE_SWITCH, LOOKUP_SWITCH -> {
                    for (Label l : targets(insn)) out.add(new CfgEdge(from, blockIds[blockOf[at.get(l)]], "SWITCH"));
                }
                case RETURN, THROW_EXCEPTION -> { }
                default -> {
                    if (b + 1 < count) out.add(new CfgEdge(from, blockIds[b + 1], "FALLTHROUGH"));
                }
            }
        }
        for (ExceptionCatch c : code.exceptionHandlers()) {
            int s = at.get(c.tryStart());
            int e = at.get(c.tryEnd());
            NodeId handler = blockIds[blockOf[at.get(c.handler())]];
            for (int b = 0; b < count; b++) {
                if (starts[b] >= s && starts[b] < e) out.add(new CfgEdge(blockIds[b], handler, "EXCEPTION"));
            }
        }
        edges.addAll(out);
    }

    /** Whether an instruction of this kind ends a basic block (a jump, a switch, a return, a throw). */
    private static boolean endsBlock(Opcode.Kind kind) {
        return kind == Opcode.Kind.BRANCH || kind == Opcode.Kind.TABLE_SWITCH || kind == Opcode.Kind.LOOKUP_SWITCH
                || kind == Opcode.Kind.RETURN || kind == Opcode.Kind.THROW_EXCEPTION;
    }

    /** Jump targets of a branch or switch (default first), none for any other instruction. */
    private static List<Label> targets(Instruction i) {
        switch (i.opcode().kind()) {
            case BRANCH:
                return List.of(((BranchInstruction) i).target());
            case TABLE_SWITCH: {
                TableSwitchInstruction t = (TableSwitchInstruction) i;
                return targets(t.defaultTarget(), t.cases());
            }
            case LOOKUP_SWITCH: {
                LookupSwitchInstruction l = (LookupSwitchInstruction) i;
                return targets(l.defaultTarget(), l.cases());
            }
            default:
                return List.of();
        }
    }

    private static List<Label> targets(Label first, List<SwitchCase> cases) {
        List<Label> out = new ArrayList<>(cases.size() + 1);
        out.add(first);
        for (SwitchCase c : cases) out.add(c.target());
        return out;
    }

    /**
     * Operand summary: member references, types, slots, constants (a string longer than
     * {@value TreeExtractor#MAX_LITERAL} characters as its SHA-256, as in the tree facts), targets.
     */
    private static String detail(Instruction i, Map<Label, Integer> at, int[] blockOf, Map<Object, String> refs) {
        return switch (i.opcode().kind()) {
            case FIELD_ACCESS -> fieldDetail((FieldInstruction) i, refs);
            case INVOKE -> invokeDetail((InvokeInstruction) i, refs);
            case INVOKE_DYNAMIC -> {
                InvokeDynamicInstruction d = (InvokeDynamicInstruction) i;
                yield "indy " + d.name().stringValue() + d.type().stringValue();
            }
            case TYPE_CHECK -> ((TypeCheckInstruction) i).type().asInternalName();
            case NEW_OBJECT -> ((NewObjectInstruction) i).className().asInternalName();
            case NEW_REF_ARRAY -> ((NewReferenceArrayInstruction) i).componentType().asInternalName();
            case NEW_PRIMITIVE_ARRAY -> ((NewPrimitiveArrayInstruction) i).typeKind().name();
            case LOAD -> Paths.slot(((LoadInstruction) i).slot());
            case STORE -> Paths.slot(((StoreInstruction) i).slot());
            case INCREMENT -> {
                IncrementInstruction inc = (IncrementInstruction) i;
                yield "slot " + inc.slot() + " by " + inc.constant();
            }
            case CONSTANT -> constant((ConstantInstruction) i);
            case BRANCH, TABLE_SWITCH, LOOKUP_SWITCH -> {
                StringBuilder sb = new StringBuilder("->");
                for (Label l : targets(i)) sb.append(" block[").append(blockOf[at.get(l)]).append(']');
                yield sb.toString();
            }
            default -> "";
        };
    }

    /*
     * A class file refers to a field or method through one constant-pool entry however many
     * instructions use it: its detail is built once per entry (by identity: the class-file API
     * hands the same entry object for the same index) and shared, so that it also hashes once.
     */
    private static String fieldDetail(FieldInstruction f, Map<Object, String> refs) {
        String d = refs.get(f.field());
        if (d == null) {
            d = f.owner().asInternalName() + "." + f.name().stringValue() + ":" + f.type().stringValue();
            refs.put(f.field(), d);
        }
        return d;
    }

    private static String invokeDetail(InvokeInstruction v, Map<Object, String> refs) {
        String d = refs.get(v.method());
        if (d == null) {
            d = v.owner().asInternalName() + "." + v.name().stringValue() + v.type().stringValue();
            refs.put(v.method(), d);
        }
        return d;
    }

    private static String constant(ConstantInstruction c) {
        Object value = c.constantValue();
        return value instanceof Number num ? c.typeKind() + " " + num
                : value instanceof String str ? c.typeKind() + " " + TreeExtractor.literal(str)
                : c.typeKind().name();
    }
}
