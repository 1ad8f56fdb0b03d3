package io.mmsb.javac.internal;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.LineMap;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import com.sun.source.util.Trees;
import io.mmsb.hooks.Attribution;
import io.mmsb.hooks.Hooks;
import io.mmsb.hooks.IrNode;
import io.mmsb.hooks.Provenance;
import io.mmsb.hooks.ScopeFact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;

/**
 * Maps javac's pipeline onto the hooks: PARSE.finished → {@link Hooks#afterParse} (tree nodes),
 * ANALYZE.finished → {@link Hooks#afterAttribution} (types and symbols of declarations and
 * expressions of that top-level class), GENERATE.finished → {@link Hooks#afterLowering} (the
 * written class file's bytecode, blocks and CFG edges), COMPILATION → begin / end.
 *
 * <p>Thread rules: javac calls a listener on its compiling thread only; this class is confined
 * to it. Ownership: keeps only strings (unit names, hashes, emitted ids) between callbacks,
 * never a tree, element or type. Every callback catches {@link Throwable}: a failure stops
 * recording ({@link Hooks#adapterFailed}) and never reaches javac. Only public
 * {@code com.sun.source.*} API is used.
 */
public final class MmsbTaskListener implements TaskListener {
    private final Trees trees;
    private final JavacTask task;
    private final Hooks hooks;
    private final String compilationId;
    private final String classesDir;
    private final Map<String, String> shaByUnit = new TreeMap<>();
    private final Map<String, Set<String>> emittedSymbols = new HashMap<>();
    private final Map<String, Set<String>> emittedTypes = new HashMap<>();
    /** Type descriptor -> type id, for this compilation. */
    private final Map<String, String> typeIds = new HashMap<>();
    private boolean begun;

    private Report report;
    private boolean recording = true;
    /** One tree of the current compilation, held only until it ends: the anchor javac's diagnostics need. */
    private CompilationUnitTree anchor;

    /** Says how each compilation's recording ended through javac's diagnostics ({@link Report}). */
    public MmsbTaskListener reportingTo(Report report, boolean recording) {
        this.report = report;
        this.recording = recording;
        return this;
    }

    /** A listener that records nothing and only reports {@code report}'s failure (the plugin could not start). */
    public static TaskListener reportOnly(JavacTask task, Report report, String id) {
        Trees trees = Trees.instance(task);
        return new TaskListener() {
            private CompilationUnitTree anchor;
            private boolean told;

            @Override
            public void finished(TaskEvent e) {
                try {
                    if (anchor == null && e.getCompilationUnit() != null) anchor = e.getCompilationUnit();
                    if (e.getKind() == TaskEvent.Kind.COMPILATION && !told) {
                        told = true;
                        report.tell(trees, anchor, id, true);
                        anchor = null;
                    }
                } catch (Throwable ignored) {
                    // never reaches javac
                }
            }
        };
    }

    public MmsbTaskListener(JavacTask task, Hooks hooks, String compilationId, String classesDir) {
        this.task = task;
        this.trees = Trees.instance(task);
        this.hooks = hooks;
        this.compilationId = compilationId;
        this.classesDir = classesDir;
    }

    @Override
    public void started(TaskEvent e) {
        try {
            if (e.getKind() == TaskEvent.Kind.COMPILATION) begin();
        } catch (Throwable t) {
            contain("started " + e.getKind(), t);
        }
    }

    @Override
    public void finished(TaskEvent e) {
        try {
            switch (e.getKind()) {
                case PARSE -> parsed(e.getCompilationUnit());
                case ANALYZE -> analyzed(e.getCompilationUnit(), e.getTypeElement());
                case GENERATE -> generated(e.getCompilationUnit(), e.getTypeElement());
                case COMPILATION -> end();
                default -> { }
            }
        } catch (Throwable t) {
            contain("finished " + e.getKind(), t);
        }
    }

    private void contain(String where, Throwable t) {
        try {
            if (report != null) report.failed(where, t);
            hooks.adapterFailed(where, t);
        } catch (Throwable ignored) {
            // never reaches javac
        }
    }

    private void begin() {
        if (begun) return;
        begun = true;
        hooks.compilationBegin(compilationId);
    }

    private void end() {
        if (!begun) return;
        begun = false;
        try {
            for (String unit : shaByUnit.keySet()) hooks.unitEnd(unit);
        } finally {
            shaByUnit.clear();
            emittedSymbols.clear();
            emittedTypes.clear();
            typeIds.clear();
            hooks.compilationEnd();
            CompilationUnitTree tree = anchor;
            anchor = null;
            if (report != null) report.tell(trees, tree, compilationId, recording);
        }
    }

    private void parsed(CompilationUnitTree cu) throws Exception {
        begin();
        if (anchor == null) anchor = cu;
        if (!hooks.isRecording()) return;
        String unit = Units.name(cu);
        String sha = Units.sha256(cu.getSourceFile());
        shaByUnit.put(unit, sha);
        hooks.unitBegin(unit, sha);
        hooks.afterParse(unit, TreeExtractor.parse(unit, sha, cu, trees));
    }

    private void analyzed(CompilationUnitTree cu, TypeElement type) {
        if (!hooks.isRecording() || cu == null || type == null) return;
        String unit = Units.name(cu);
        String sha = shaByUnit.get(unit);
        if (sha == null) return; // unit not seen at PARSE (e.g. parsed before the plugin started)
        ClassTree tree = trees.getTree(type);
        if (tree == null) return;
        Symbols symbols = new Symbols(task.getElements(), task.getTypes(),
                emittedSymbols.computeIfAbsent(unit, u -> new HashSet<>()),
                emittedTypes.computeIfAbsent(unit, u -> new HashSet<>()), typeIds);
        List<ScopeFact> scopes = new ArrayList<>();
        List<IrNode> nodes = TreeExtractor.attribute(unit, sha, cu, trees, symbols, tree, scopes);
        Attribution attribution = new Attribution(nodes, symbols.symbolFacts, symbols.typeFacts, scopes);
        hooks.afterAttribution(unit, attribution); // invalidations: ApiDiffSink, on the writer thread
    }

    private void generated(CompilationUnitTree cu, TypeElement type) throws Exception {
        if (!hooks.isRecording() || cu == null || type == null) return;
        String unit = Units.name(cu);
        String sha = shaByUnit.get(unit);
        if (sha == null) return;
        boolean moduleInfo = type.getSimpleName().contentEquals("module-info");
        Path file = moduleInfo ? moduleInfoFile(cu.getSourceFile())
                : classFile(cu.getSourceFile(), task.getElements().getBinaryName(type).toString());
        if (file == null || !Files.isRegularFile(file)) {
            throw new IllegalStateException("class file of " + (moduleInfo ? "module-info" : type) + " not found at " + file
                    + (classesDir == null || classesDir.isEmpty() ? " (pass classes=DIR, javac's -d)"
                    : " (classes=" + classesDir + " must be javac's -d: for test sources, the test class directory)"));
        }
        LineMap lines = cu.getLineMap();
        hooks.afterLowering(unit, BytecodeExtractor.extract(Files.readAllBytes(file), unit, line -> span(lines, sha, line)));
    }

    private static Provenance span(LineMap lines, String sha, int line) {
        try {
            long start = lines.getStartPosition(line);
            long end;
            try {
                end = lines.getStartPosition(line + 1L);
            } catch (RuntimeException past) {
                end = -1;
            }
            return new Provenance(sha, start, end);
        } catch (RuntimeException e) {
            return Provenance.NONE;
        }
    }

    /** A module declaration compiles to {@code module-info.class} at the root of the class directory. */
    private Path moduleInfoFile(JavaFileObject source) {
        if (classesDir != null && !classesDir.isEmpty()) return Path.of(classesDir).resolve("module-info.class");
        if (!"file".equalsIgnoreCase(source.toUri().getScheme())) return null;
        return Path.of(source.toUri()).resolveSibling("module-info.class");
    }

    private Path classFile(JavaFileObject source, String binaryName) {
        if (classesDir != null && !classesDir.isEmpty()) {
            return Path.of(classesDir).resolve(binaryName.replace('.', '/') + ".class");
        }
        if (!"file".equalsIgnoreCase(source.toUri().getScheme())) return null;
        String simple = binaryName.substring(binaryName.lastIndexOf('.') + 1);
        return Path.of(source.toUri()).resolveSibling(simple + ".class");
    }
}
