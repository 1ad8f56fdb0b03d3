package io.mmsb.javac.internal;

import java.lang.classfile.Instruction;
import java.lang.classfile.Opcode;
import java.lang.classfile.instruction.ArrayLoadInstruction;
import java.lang.classfile.instruction.ConstantInstruction;
import java.lang.classfile.instruction.ConvertInstruction;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.LoadInstruction;
import java.lang.classfile.instruction.NewMultiArrayInstruction;
import java.lang.classfile.instruction.OperatorInstruction;
import java.util.Arrays;

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
 * <p>The stack effect is read from the opcode and, for invocations and field accesses, from the
 * descriptor's characters: the class-file API's {@code typeSymbol()} parses a descriptor into
 * {@code ClassDesc} objects, which cost more (to run and for the JIT to compile inside javac's
 * short-lived process) than the rest of this class.
 *
 * <p>Thread rules: an instance is a reusable simulation stack confined to one thread; the static
 * methods are stateless.
 */
final class StackFlow {
    private static final int[] NONE = new int[0];

    /** Producer (instruction index, -1 unknown) and category (1 or 2 slots) of each stack entry. */
    private int[] producer = new int[16];
    private byte[] category = new byte[16];
    private int size;

    /**
     * Fills {@code out[i]} with the operand producers of instructions {@code from..to} (one
     * block), as instruction indices.
     */
    void block(Instruction[] insns, int from, int to, int[][] out) {
        size = 0;
        for (int i = from; i <= to; i++) {
            Instruction insn = insns[i];
            Opcode op = insn.opcode();
            if (op.kind() == Opcode.Kind.STACK) {
                stackOp(op);
                out[i] = NONE;
                continue;
            }
            int pops = pops(insn, op);
            int known = 0;
            int[] producers = pops == 0 ? NONE : new int[pops];
            for (int k = pops - 1; k >= 0; k--) {
                int p = size == 0 ? -1 : producer[--size];
                producers[k] = p;
                if (p >= 0) known++;
            }
            if (known < pops) {
                int[] listed = new int[known];
                int j = 0;
                for (int p : producers) if (p >= 0) listed[j++] = p;
                producers = listed;
            }
            out[i] = producers;
            int push = pushCategory(insn, op);
            if (push > 0) push(i, push);
        }
    }

    private void push(int p, int c) {
        if (size == producer.length) {
            producer = Arrays.copyOf(producer, size * 2);
            category = Arrays.copyOf(category, size * 2);
        }
        producer[size] = p;
        category[size++] = (byte) c;
    }

    /** Values popped (a long or double counts as one value). */
    static int pops(Instruction insn, Opcode op) {
        return switch (op.kind()) {
            case LOAD, CONSTANT, NEW_OBJECT, NOP, INCREMENT -> 0;
            case STORE, TABLE_SWITCH, LOOKUP_SWITCH, THROW_EXCEPTION, MONITOR, NEW_PRIMITIVE_ARRAY, NEW_REF_ARRAY, TYPE_CHECK, CONVERT -> 1;
            case ARRAY_LOAD -> 2;
            case ARRAY_STORE -> 3;
            case RETURN -> op == Opcode.RETURN ? 0 : 1;
            case BRANCH -> op == Opcode.GOTO || op == Opcode.GOTO_W ? 0 : oneOperandBranch(op) ? 1 : 2;
            case FIELD_ACCESS -> op == Opcode.GETSTATIC ? 0 : op == Opcode.GETFIELD || op == Opcode.PUTSTATIC ? 1 : 2;
            case INVOKE -> parameterCount(((InvokeInstruction) insn).type().stringValue()) + (op == Opcode.INVOKESTATIC ? 0 : 1);
            case INVOKE_DYNAMIC -> parameterCount(((InvokeDynamicInstruction) insn).type().stringValue());
            case NEW_MULTI_ARRAY -> ((NewMultiArrayInstruction) insn).dimensions();
            case OPERATOR -> op == Opcode.ARRAYLENGTH || op == Opcode.INEG || op == Opcode.LNEG || op == Opcode.FNEG
                    || op == Opcode.DNEG ? 1 : 2;
            default -> 0; // STACK is simulated apart; JSR/RET are not emitted by javac
        };
    }

    private static boolean oneOperandBranch(Opcode op) {
        return op == Opcode.IFEQ || op == Opcode.IFNE || op == Opcode.IFLT || op == Opcode.IFGE || op == Opcode.IFGT
                || op == Opcode.IFLE || op == Opcode.IFNULL || op == Opcode.IFNONNULL;
    }

    /** Category of the value pushed (0: nothing pushed). */
    static int pushCategory(Instruction insn, Opcode op) {
        return switch (op.kind()) {
            case LOAD -> ((LoadInstruction) insn).typeKind().slotSize();
            case CONSTANT -> ((ConstantInstruction) insn).typeKind().slotSize();
            case ARRAY_LOAD -> ((ArrayLoadInstruction) insn).typeKind().slotSize();
            case CONVERT -> ((ConvertInstruction) insn).toType().slotSize();
            case OPERATOR -> op == Opcode.LCMP || op == Opcode.FCMPL || op == Opcode.FCMPG || op == Opcode.DCMPL
                    || op == Opcode.DCMPG || op == Opcode.ARRAYLENGTH ? 1 : ((OperatorInstruction) insn).typeKind().slotSize();
            case FIELD_ACCESS -> op == Opcode.GETSTATIC || op == Opcode.GETFIELD
                    ? category(((FieldInstruction) insn).type().stringValue().charAt(0)) : 0;
            case INVOKE -> returnCategory(((InvokeInstruction) insn).type().stringValue());
            case INVOKE_DYNAMIC -> returnCategory(((InvokeDynamicInstruction) insn).type().stringValue());
            case NEW_OBJECT, NEW_PRIMITIVE_ARRAY, NEW_REF_ARRAY, NEW_MULTI_ARRAY, TYPE_CHECK -> 1;
            default -> 0;
        };
    }

    /** Parameters of a method descriptor such as {@code (IJ[Ljava/lang/String;)V} (here 3). */
    static int parameterCount(String descriptor) {
        int n = 0;
        int i = 1;
        while (descriptor.charAt(i) != ')') {
            while (descriptor.charAt(i) == '[') i++;
            if (descriptor.charAt(i) == 'L') i = descriptor.indexOf(';', i);
            i++;
            n++;
        }
        return n;
    }

    /** Stack slots of a method descriptor's return value (0 for {@code V}). */
    static int returnCategory(String descriptor) {
        char c = descriptor.charAt(descriptor.lastIndexOf(')') + 1);
        return c == 'V' ? 0 : category(c);
    }

    /** Stack slots of a value whose field descriptor starts with {@code c}. */
    private static int category(char c) {
        return c == 'J' || c == 'D' ? 2 : 1;
    }

    /** pop, pop2, dup*, swap: rearrange values without producing new ones (JVMS forms by category). */
    private void stackOp(Opcode op) {
        switch (op) {
            case POP -> take();
            case POP2 -> {
                if (category(take()) == 1) take();
            }
            case DUP -> {
                int v = take();
                put(v, v);
            }
            case DUP_X1 -> {
                int v1 = take(), v2 = take();
                put(v1, v2, v1);
            }
            case DUP_X2 -> {
                int v1 = take(), v2 = take();
                if (category(v2) == 2) {
                    put(v1, v2, v1);
                } else {
                    int v3 = take();
                    put(v1, v3, v2, v1);
                }
            }
            case DUP2 -> {
                int v1 = take();
                if (category(v1) == 2) {
                    put(v1, v1);
                } else {
                    int v2 = take();
                    put(v2, v1, v2, v1);
                }
            }
            case DUP2_X1 -> {
                int v1 = take();
                if (category(v1) == 2) {
                    int v2 = take();
                    put(v1, v2, v1);
                } else {
                    int v2 = take(), v3 = take();
                    put(v2, v1, v3, v2, v1);
                }
            }
            case DUP2_X2 -> {
                int v1 = take();
                if (category(v1) == 2) {
                    int v2 = take();
                    if (category(v2) == 2) {
                        put(v1, v2, v1);
                    } else {
                        int v3 = take();
                        put(v1, v3, v2, v1);
                    }
                } else {
                    int v2 = take(), v3 = take();
                    if (category(v3) == 2) {
                        put(v2, v1, v3, v2, v1);
                    } else {
                        int v4 = take();
                        put(v2, v1, v4, v3, v2, v1);
                    }
                }
            }
            case SWAP -> {
                int v1 = take(), v2 = take();
                put(v1, v2);
            }
            default -> throw new IllegalStateException("not a stack instruction: " + op);
        }
    }

    /*
     * A taken value is packed into an int: producer << 2 | category, so that the dup family can
     * move values without objects. An unknown value (the block began with it on the stack) is a
     * category-1 value with producer -1.
     */
    private int take() {
        if (size == 0) return -1 << 2 | 1;
        size--;
        return producer[size] << 2 | category[size];
    }

    private static int category(int value) {
        return value & 3;
    }

    private void put(int a) {
        push(a >> 2, a & 3);
    }

    private void put(int a, int b) {
        put(a);
        put(b);
    }

    private void put(int a, int b, int c) {
        put(a, b);
        put(c);
    }

    private void put(int a, int b, int c, int d) {
        put(a, b);
        put(c, d);
    }

    private void put(int a, int b, int c, int d, int e) {
        put(a, b, c);
        put(d, e);
    }

    private void put(int a, int b, int c, int d, int e, int f) {
        put(a, b, c);
        put(d, e, f);
    }
}
