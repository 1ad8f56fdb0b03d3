package io.mmsb.javac.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.classfile.TypeKind;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The stack effects read from descriptor characters agree with the class-file API's parse of the same descriptors. */
class StackFlowDescriptorTest {
    private static final String[] BASES = {"Z", "B", "C", "S", "I", "J", "F", "D", "Ljava/lang/String;", "La/b/C$D;", "LJ;", "LD;"};

    private static String field(Random r) {
        return "[".repeat(r.nextInt(4) == 0 ? 1 + r.nextInt(3) : 0) + BASES[r.nextInt(BASES.length)];
    }

    @Test
    void parameterCountAndReturnCategoryMatchMethodTypeDesc() {
        Random r = new Random(42);
        for (int t = 0; t < 5_000; t++) {
            StringBuilder d = new StringBuilder("(");
            int n = r.nextInt(8);
            for (int i = 0; i < n; i++) d.append(field(r));
            d.append(')').append(r.nextInt(5) == 0 ? "V" : field(r));
            String descriptor = d.toString();
            MethodTypeDesc parsed = MethodTypeDesc.ofDescriptor(descriptor);
            assertEquals(parsed.parameterCount(), StackFlow.parameterCount(descriptor), descriptor);
            int expected = parsed.returnType().descriptorString().equals("V") ? 0 : TypeKind.from(parsed.returnType()).slotSize();
            assertEquals(expected, StackFlow.returnCategory(descriptor), descriptor);
        }
    }

    @Test
    void fieldCategoryMatchesTypeKind() {
        Random r = new Random(7);
        for (int t = 0; t < 1_000; t++) {
            String descriptor = field(r);
            int expected = TypeKind.from(ClassDesc.ofDescriptor(descriptor)).slotSize();
            assertEquals(expected, StackFlow.returnCategory("()" + descriptor), descriptor);
        }
    }
}
