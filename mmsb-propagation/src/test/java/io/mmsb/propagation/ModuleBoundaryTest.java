package io.mmsb.propagation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Module boundaries as a modular application sees them: this module's tests run on the module
 * path, patched into {@code io.mmsb.propagation}, with {@code io.mmsb.delta} and
 * {@code io.mmsb.core} as named modules. Only API packages are exported to everyone; the
 * internal packages are exported to the MMSB modules named in {@code module-info.java} and to
 * nobody else, and reflection cannot reach past that.
 */
class ModuleBoundaryTest {

    private static Module module(String name) {
        return ModuleLayer.boot().findModule(name).orElseThrow(() -> new AssertionError("module " + name + " is not in the boot layer"));
    }

    @Test
    void theTestsRunInsideTheNamedModules() {
        assertEquals("io.mmsb.propagation", ModuleBoundaryTest.class.getModule().getName(), "tests are patched into the module (useModulePath)");
        assertEquals("io.mmsb.propagation", Propagator.class.getModule().getName());
        assertEquals("io.mmsb.delta", io.mmsb.delta.Store.class.getModule().getName());
        assertEquals("io.mmsb.core", io.mmsb.core.Schema.class.getModule().getName());
    }

    @Test
    void everyPackageExportedToAllIsAnApiPackage() {
        Set<String> unqualified = new TreeSet<>();
        for (String name : List.of("io.mmsb.core", "io.mmsb.delta", "io.mmsb.propagation")) {
            ModuleDescriptor d = module(name).getDescriptor();
            for (ModuleDescriptor.Exports e : d.exports()) {
                if (!e.isQualified()) {
                    unqualified.add(e.source());
                }
                for (String target : e.targets()) {
                    assertTrue(target.startsWith("io.mmsb."), name + " exports " + e.source() + " to " + target + ", which is not an MMSB module");
                }
            }
            assertTrue(d.opens().isEmpty() && !d.isOpen(), name + " opens nothing");
        }
        assertEquals(Set.of("io.mmsb.core", "io.mmsb.delta", "io.mmsb.propagation"), unqualified);
        for (String internal : List.of("io.mmsb.core.internal.memory", "io.mmsb.core.internal.dictionary")) {
            assertFalse(module("io.mmsb.core").isExported(internal), internal + " is not exported to everyone");
        }
        assertFalse(module("io.mmsb.delta").isExported("io.mmsb.delta.internal"));
        assertFalse(module("io.mmsb.delta").isExported("io.mmsb.delta.internal.log"));
        assertFalse(module("io.mmsb.propagation").isExported("io.mmsb.propagation.internal"));
    }

    @Test
    void internalsAreReachableOnlyFromTheModulesTheyAreExportedTo() throws Exception {
        Module self = ModuleBoundaryTest.class.getModule();
        Module core = module("io.mmsb.core");
        assertTrue(core.isExported("io.mmsb.core.internal.memory", self), "the memory package is exported to propagation (the control)");
        assertFalse(core.isExported("io.mmsb.core.internal.dictionary", self), "the mutable dictionary is exported to delta only");
        assertFalse(module("io.mmsb.delta").isExported("io.mmsb.delta.internal", self));

        // a public method of a public class in a package not exported here: reflection is refused
        Class<?> store = Class.forName("io.mmsb.delta.internal.StoreImpl");
        Method open = store.getMethod("open", java.nio.file.Path.class, io.mmsb.delta.StoreOptions.class);
        assertThrows(IllegalAccessException.class, () -> open.invoke(null, null, null));
        assertThrows(InaccessibleObjectException.class, () -> open.setAccessible(true));
        Class<?> dictionary = Class.forName("io.mmsb.core.internal.dictionary.MutableSymbolDictionary");
        assertThrows(InaccessibleObjectException.class, () -> dictionary.getDeclaredConstructors()[0].setAccessible(true));
        // the unnamed module (an application on the class path) reaches no internal package either
        Module unnamed = ClassLoader.getSystemClassLoader().getUnnamedModule();
        assertFalse(core.isExported("io.mmsb.core.internal.memory", unnamed));
        assertFalse(module("io.mmsb.delta").isExported("io.mmsb.delta.internal", unnamed));
    }
}
