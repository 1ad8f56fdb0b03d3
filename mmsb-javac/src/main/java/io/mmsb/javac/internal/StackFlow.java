package io.mmsb.javac.internal;

import java.lang.classfile.Instruction;
import java.lang.classfile.Opcode;
import java.lang.classfile.TypeKind;
import java.lang.classfile.instruction.ArrayLoadInstruction;
import java.lang.classfile.instruction.ConstantInstruction;
import java.lang.classfile.instruction.ConvertInstruction;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.LoadInstruction;
import java.lang.classfile.instruction.NewMultiArrayInstruction;
import java.lang.classfile.instruction.OperatorInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.util.ArrayList;
import java.util.List;

/**
 * Data flow of bytecode inside basic blocks: for every instruction, the instructions whose
 * results it consumes from the operand stack (deepest first), found by simulating the stack with
 * each instruction's stack effect (JVMS §6.5; {@code dup}-family instructions pass values on
 * without producing new ones). A value that was on the stack when the block began (a
 * conditional expression's join, a handler's exception) has no producer in the block and is not
 * listed. Written here because {@code java.lang.classfile} exposes instructions, not their stack
 * effects, and a JVM-independent analysis library (ASM's {@code Analyzer}) would be a dependency
 * of the plugin for a hundred lines.
 *
 * <p>Thread rules: stateless.
 */
final class StackFlow {
    private StackFlow() {}

    /** A stack entry: its producer (instruction index, -1 unknown) and category (1 or 2 slots). */
    private record Value(int producer, int category) {}

    /**
     * Operand producers of {@code insns[from..to]} (one block), as instruction indices; entry
     * {@code i - from} belongs to instruction {@code i}.
     */
    static List<int[]> block(List<Instruction> insns, int from, int to) {
        List<Value> stack = new ArrayList<>();
        List<int[]> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            Instruction insn = insns.get(i);
            if (insn.opcode().kind() == Opcode.Kind.STACK) {
                stackOp(insn.opcode(), stack);
                out.add(new int[0]);
                continue;
            }
            int pops = pops(insn);
            int[] producers = new int[pops];
            int known = 0;
            for (int k = pops - 1; k >= 0; k--) {
                int p = stack.isEmpty() ? -1 : stack.removeLast().producer();
                producers[k] = p;
            }
            for (int p : producers) known += p >= 0 ? 1 : 0;
            int[] listed = new int[known];
            int j = 0;
            for (int p : producers) if (p >= 0) listed[j++] = p;
            out.add(listed);
            int push = pushCategory(insn);
            if (push > 0) stack.add(new Value(i, push));
        }
        return out;
    }

    /** Values popped (a long or double counts as one value). */
    static int pops(Instruction insn) {
        Opcode op = insn.opcode();
        return switch (op.kind()) {
            case LOAD, CONSTANT, NEW_OBJECT, NOP, INCREMENT -> 0;
            case STORE, TABLE_SWITCH, LOOKUP_SWITCH, THROW_EXCEPTION, MONITOR, NEW_PRIMITIVE_ARRAY, NEW_REF_ARRAY, TYPE_CHECK, CONVERT -> 1;
            case ARRAY_LOAD -> 2;
            case ARRAY_STORE -> 3;
            case RETURN -> op == Opcode.RETURN ? 0 : 1;
            case BRANCH -> switch (op) {
                case GOTO, GOTO_W -> 0;
                case IFEQ, IFNE, IFLT, IFGE, IFGT, IFLE, IFNULL, IFNONNULL -> 1;
                default -> 2;
            };
            case FIELD_ACCESS -> switch (op) {
                case GETSTATIC -> 0;
                case GETFIELD, PUTSTATIC -> 1;
                default -> 2;
            };
            case INVOKE -> {
                InvokeInstruction v = (InvokeInstruction) insn;
                yield v.typeSymbol().parameterCount() + (op == Opcode.INVOKESTATIC ? 0 : 1);
            }
            case INVOKE_DYNAMIC -> ((InvokeDynamicInstruction) insn).typeSymbol().parameterCount();
            case NEW_MULTI_ARRAY -> ((NewMultiArrayInstruction) insn).dimensions();
            case OPERATOR -> switch (op) {
                case ARRAYLENGTH, INEG, LNEG, FNEG, DNEG -> 1;
                default -> 2;
            };
            default -> 0; // STACK is simulated apart; JSR/RET are not emitted by javac
        };
    }

    /**
     * Category of the value pushed (0: nothing pushed). Dispatches on the opcode's kind (a table
     * switch) rather than on the instruction's class: a pattern switch over the class-file API's
     * many instruction classes cost more to compile than the rest of this class.
     */
    static int pushCategory(Instruction insn) {
        Opcode op = insn.opcode();
        return switch (op.kind()) {
            case LOAD -> ((LoadInstruction) insn).typeKind().slotSize();
            case CONSTANT -> ((ConstantInstruction) insn).typeKind().slotSize();
            case ARRAY_LOAD -> ((ArrayLoadInstruction) insn).typeKind().slotSize();
            case CONVERT -> ((ConvertInstruction) insn).toType().slotSize();
            case OPERATOR -> switch (op) {
                case LCMP, FCMPL, FCMPG, DCMPL, DCMPG, ARRAYLENGTH -> 1;
                default -> ((OperatorInstruction) insn).typeKind().slotSize();
            };
            case FIELD_ACCESS -> op == Opcode.GETSTATIC || op == Opcode.GETFIELD ? category(((FieldInstruction) insn).typeSymbol()) : 0;
            case INVOKE -> returns(((InvokeInstruction) insn).typeSymbol());
            case INVOKE_DYNAMIC -> returns(((InvokeDynamicInstruction) insn).typeSymbol());
            case NEW_OBJECT, NEW_PRIMITIVE_ARRAY, NEW_REF_ARRAY, NEW_MULTI_ARRAY, TYPE_CHECK -> 1;
            default -> 0;
        };
    }

    private static int returns(MethodTypeDesc t) {
        return t.returnType().descriptorString().equals("V") ? 0 : category(t.returnType());
    }

    private static int category(ClassDesc d) {
        return TypeKind.from(d).slotSize();
    }

    /** pop, pop2, dup*, swap: rearrange values without producing new ones (JVMS forms by category). */
    private static void stackOp(Opcode op, List<Value> s) {
        switch (op) {
            case POP -> take(s);
            case POP2 -> {
                if (take(s).category() == 1) take(s);
            }
            case DUP -> {
                Value v = take(s);
                s.add(v);
                s.add(v);
            }
            case DUP_X1 -> {
                Value v1 = take(s), v2 = take(s);
                s.add(v1); s.add(v2); s.add(v1);
            }
            case DUP_X2 -> {
                Value v1 = take(s), v2 = take(s);
                if (v2.category() == 2) {
                    s.add(v1); s.add(v2); s.add(v1);
                } else {
                    Value v3 = take(s);
                    s.add(v1); s.add(v3); s.add(v2); s.add(v1);
                }
            }
            case DUP2 -> {
                Value v1 = take(s);
                if (v1.category() == 2) {
                    s.add(v1); s.add(v1);
                } else {
                    Value v2 = take(s);
                    s.add(v2); s.add(v1); s.add(v2); s.add(v1);
                }
            }
            case DUP2_X1 -> {
                Value v1 = take(s);
                if (v1.category() == 2) {
                    Value v2 = take(s);
                    s.add(v1); s.add(v2); s.add(v1);
                } else {
                    Value v2 = take(s), v3 = take(s);
                    s.add(v2); s.add(v1); s.add(v3); s.add(v2); s.add(v1);
                }
            }
            case DUP2_X2 -> {
                Value v1 = take(s);
                if (v1.category() == 2) {
                    Value v2 = take(s);
                    if (v2.category() == 2) {
                        s.add(v1); s.add(v2); s.add(v1);
                    } else {
                        Value v3 = take(s);
                        s.add(v1); s.add(v3); s.add(v2); s.add(v1);
                    }
                } else {
                    Value v2 = take(s), v3 = take(s);
                    if (v3.category() == 2) {
                        s.add(v2); s.add(v1); s.add(v3); s.add(v2); s.add(v1);
                    } else {
                        Value v4 = take(s);
                        s.add(v2); s.add(v1); s.add(v4); s.add(v3); s.add(v2); s.add(v1);
                    }
                }
            }
            case SWAP -> {
                Value v1 = take(s), v2 = take(s);
                s.add(v1); s.add(v2);
            }
            default -> throw new IllegalStateException("not a stack instruction: " + op);
        }
    }

    /** The top value, or an unknown one of category 1 when the block began with it on the stack. */
    private static Value take(List<Value> s) {
        return s.isEmpty() ? new Value(-1, 1) : s.removeLast();
    }
}
