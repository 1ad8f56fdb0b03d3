package io.mmsb.javac.internal;

import com.sun.source.tree.CompilationUnitTree;
import io.mmsb.hooks.Provenance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaFileObject;

/**
 * Unit names and content hashes for javac compilation units.
 *
 * <p>Thread rules: stateless. Only strings leave these methods; the tree is read inside the
 * caller's callback and not kept.
 */
final class Units {
    private Units() {}

    /** Stable unit name: package path plus file name, e.g. {@code com/x/Foo.java}. */
    static String name(CompilationUnitTree cu) {
        String file = cu.getSourceFile().getName();
        file = file.substring(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
        if (cu.getPackageName() == null) return file;
        return cu.getPackageName().toString().replace('.', '/') + "/" + file;
    }

    /** SHA-256 of the file's bytes (of its decoded text as UTF-8 when it is not a plain file). */
    static String sha256(JavaFileObject source) throws IOException {
        if ("file".equalsIgnoreCase(source.toUri().getScheme())) {
            return Provenance.sha256Hex(Files.readAllBytes(Path.of(source.toUri())));
        }
        return Provenance.sha256Hex(source.getCharContent(true).toString().getBytes(StandardCharsets.UTF_8));
    }
}
