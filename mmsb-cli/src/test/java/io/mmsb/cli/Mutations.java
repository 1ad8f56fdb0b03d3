package io.mmsb.cli;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Seeded, deterministic mutations of a real library's sources: the edit kinds of the impact
 * corpus ({@link ImpactCorpus}) applied at places chosen by a {@link Random} from a seed, each
 * kept only if the library still compiles with it (javac's attribution and flow, in process).
 * Callers are never edited: only declarations change, so every class whose recorded facts then
 * differ was affected by an API edit. Stateless between runs; one thread.
 *
 * <p>Kinds: {@code constant_value} (a literal constant changed), {@code constant_unfinal}
 * ({@code final} removed from a constant), {@code overload_added} (an {@code m(String)} next to an
 * {@code m(Object)}, delegating to it), {@code override_added} (a subclass overrides an inherited
 * method, calling {@code super}), {@code nested_made_static} (an inner class that does not use its
 * outer instance made static), {@code method_made_static} (a private method that uses no instance
 * made static), {@code access_widened} ({@code private} removed from a static method).
 *
 * <p>Usage: {@code Mutations [--used-elsewhere] SRC OUT SEED COUNT [javac options...]}: copies the
 * {@code .java} files of SRC to OUT with COUNT mutations and prints one line per mutation (kind,
 * file, what). With {@code --used-elsewhere} only declarations that another named class uses are
 * edited (an edit nobody else uses cannot affect a class whose code is unchanged).
 */
public final class Mutations {
    private Mutations() {}

    /** One text edit: replace {@code [start, end)} of a file by {@code text}. */
    record Edit(int start, int end, String text) {}

    /**
     * One candidate mutation; {@code usedElsewhere}: whether the declaration it edits (for an
     * override: the overridden method) is used by a named class other than the one declaring it.
     */
    record Mutation(String kind, String file, List<Edit> edits, String what, boolean usedElsewhere) {
        Mutation(String kind, String file, List<Edit> edits, String what) {
            this(kind, file, edits, what, false);
        }
    }

    public static void main(String[] args) throws IOException {
        boolean usedElsewhere = args.length > 0 && args[0].equals("--used-elsewhere");
        if (usedElsewhere) {
            args = java.util.Arrays.copyOfRange(args, 1, args.length);
        }
        if (args.length < 4) {
            throw new IllegalArgumentException("usage: Mutations [--used-elsewhere] SRC OUT SEED COUNT [javac options...], got " + List.of(args));
        }
        Path src = Path.of(args[0]);
        Path out = Path.of(args[1]);
        long seed = Long.parseLong(args[2]);
        int count = Integer.parseInt(args[3]);
        List<String> options = List.of(args).subList(4, args.length);
        Map<String, String> files = read(src);
        List<Mutation> chosen = mutate(files, seed, count, options, usedElsewhere);
        for (Map.Entry<String, String> f : apply(files, chosen).entrySet()) {
            Path p = out.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
        }
        for (Mutation m : chosen) {
            System.out.println(m.kind() + "\t" + m.file() + "\t" + m.what());
        }
    }

    /** The {@code .java} files under a folder (module-info and package-info left out), by relative path, sorted. */
    static Map<String, String> read(Path src) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(src)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String name = p.getFileName().toString();
                if (!name.equals("module-info.java") && !name.equals("package-info.java")) {
                    files.put(src.relativize(p).toString().replace('\\', '/'), Files.readString(p));
                }
            }
        }
        return files;
    }

    /**
     * Up to {@code count} mutations, chosen from the seed: a kind uniformly among the kinds that
     * still have candidates, then a candidate of that kind; at most one per file; each kept only if
     * the files with every mutation kept so far still compile.
     */
    static List<Mutation> mutate(Map<String, String> files, long seed, int count, List<String> options) {
        return mutate(files, seed, count, options, false);
    }

    /** As {@link #mutate(Map, long, int, List)}, with only the candidates used elsewhere when {@code usedElsewhere}. */
    static List<Mutation> mutate(Map<String, String> files, long seed, int count, List<String> options, boolean usedElsewhere) {
        Map<String, List<Mutation>> byKind = new TreeMap<>();
        for (Mutation m : candidates(files, options)) {
            if (usedElsewhere && !m.usedElsewhere()) {
                continue;
            }
            byKind.computeIfAbsent(m.kind(), k -> new ArrayList<>()).add(m);
        }
        Random random = new Random(seed);
        List<Mutation> kept = new ArrayList<>();
        Set<String> usedFiles = new HashSet<>();
        int tries = 0;
        while (kept.size() < count && !byKind.isEmpty() && tries++ < count * 6) {
            List<String> kinds = new ArrayList<>(byKind.keySet());
            String kind = kinds.get(random.nextInt(kinds.size()));
            List<Mutation> list = byKind.get(kind);
            Mutation m = list.remove(random.nextInt(list.size()));
            if (list.isEmpty()) {
                byKind.remove(kind);
            }
            if (usedFiles.contains(m.file())) {
                continue;
            }
            List<Mutation> trial = new ArrayList<>(kept);
            trial.add(m);
            if (compiles(apply(files, trial), options)) {
                kept.add(m);
                usedFiles.add(m.file());
            }
        }
        return kept;
    }

    /** The files with the mutations' edits applied (edits of one file from the last to the first). */
    static Map<String, String> apply(Map<String, String> files, List<Mutation> mutations) {
        Map<String, String> out = new TreeMap<>(files);
        Map<String, List<Edit>> edits = new TreeMap<>();
        for (Mutation m : mutations) {
            edits.computeIfAbsent(m.file(), f -> new ArrayList<>()).addAll(m.edits());
        }
        edits.forEach((file, list) -> {
            StringBuilder sb = new StringBuilder(out.get(file));
            list.sort(Comparator.comparingInt(Edit::start).reversed());
            for (Edit e : list) {
                sb.replace(e.start(), e.end(), e.text());
            }
            out.put(file, sb.toString());
        });
        return out;
    }

    private static final class Source extends SimpleJavaFileObject {
        final String path;
        final String text;

        Source(String path, String text) {
            super(URI.create("mem:///" + path), Kind.SOURCE);
            this.path = path;
            this.text = text;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }

    private static JavacTask task(Map<String, String> files, List<String> options, DiagnosticCollector<JavaFileObject> diagnostics) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<Source> sources = new ArrayList<>();
        files.forEach((p, t) -> sources.add(new Source(p, t)));
        List<String> opts = new ArrayList<>(List.of("-proc:none", "-nowarn", "-Xlint:none"));
        opts.addAll(options);
        return (JavacTask) javac.getTask(null, null, diagnostics, opts, null, sources);
    }

    /** Whether the files compile (attribution and flow: javac's errors, no class files). */
    static boolean compiles(Map<String, String> files, List<String> options) {
        DiagnosticCollector<JavaFileObject> d = new DiagnosticCollector<>();
        try {
            JavacTask t = task(files, options, d);
            t.parse();
            t.analyze();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return d.getDiagnostics().stream().noneMatch(x -> x.getKind() == Diagnostic.Kind.ERROR);
    }

    /** Every candidate mutation of the files, in file and position order. */
    static List<Mutation> candidates(Map<String, String> files, List<String> options) {
        DiagnosticCollector<JavaFileObject> d = new DiagnosticCollector<>();
        JavacTask t = task(files, options, d);
        List<CompilationUnitTree> units = new ArrayList<>();
        try {
            t.parse().forEach(units::add);
            t.analyze();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (d.getDiagnostics().stream().anyMatch(x -> x.getKind() == Diagnostic.Kind.ERROR)) {
            throw new IllegalStateException("the unmutated sources do not compile: " + d.getDiagnostics().stream()
                .filter(x -> x.getKind() == Diagnostic.Kind.ERROR).limit(3).map(Object::toString).toList());
        }
        Trees trees = Trees.instance(t);
        // symbols a mutation must not touch: constants in case labels, annotations or other constants; methods used by reference;
        // classes created with an explicit outer instance
        Set<Element> pinned = new HashSet<>();
        Map<Element, Set<Element>> users = new java.util.HashMap<>(); // declaration -> named classes whose code uses it
        for (CompilationUnitTree u : units) {
            new TreePathScanner<Void, Void>() {
                @Override
                public Void visitIdentifier(IdentifierTree id, Void v) {
                    use(trees.getElement(getCurrentPath()));
                    return super.visitIdentifier(id, v);
                }

                @Override
                public Void visitMemberSelect(MemberSelectTree s, Void v) {
                    use(trees.getElement(getCurrentPath()));
                    return super.visitMemberSelect(s, v);
                }

                @Override
                public Void visitMemberReference(MemberReferenceTree r, Void v) {
                    use(trees.getElement(getCurrentPath()));
                    return super.visitMemberReference(r, v);
                }

                @Override
                public Void visitMethodInvocation(com.sun.source.tree.MethodInvocationTree m, Void v) {
                    use(trees.getElement(getCurrentPath()));
                    return super.visitMethodInvocation(m, v);
                }

                @Override
                public Void visitNewClass(NewClassTree n, Void v) {
                    use(trees.getElement(getCurrentPath()));
                    Element c = trees.getElement(new TreePath(getCurrentPath(), n.getIdentifier()));
                    use(c);
                    return super.visitNewClass(n, v);
                }

                private void use(Element e) {
                    if (e == null) {
                        return;
                    }
                    for (TreePath p = getCurrentPath(); p != null; p = p.getParentPath()) {
                        if (p.getLeaf() instanceof ClassTree ct && !ct.getSimpleName().isEmpty()) {
                            Element user = trees.getElement(p);
                            if (user != null) {
                                users.computeIfAbsent(e, k -> new HashSet<>()).add(user);
                            }
                            return;
                        }
                    }
                }
            }.scan(u, null);
        }
        java.util.function.BiPredicate<Element, Element> elsewhere = (e, declaring) -> {
            for (Element user : users.getOrDefault(e, Set.of())) {
                if (!user.equals(declaring)) {
                    return true;
                }
            }
            return false;
        };
        for (CompilationUnitTree u : units) {
            new TreePathScanner<Void, Void>() {
                int inConstantContext;

                @Override
                public Void visitCase(com.sun.source.tree.CaseTree c, Void v) {
                    inConstantContext++;
                    for (Tree l : c.getLabels()) {
                        scan(l, v);
                    }
                    inConstantContext--;
                    scan(c.getStatements(), v);
                    scan(c.getBody(), v);
                    return null;
                }

                @Override
                public Void visitAnnotation(com.sun.source.tree.AnnotationTree a, Void v) {
                    inConstantContext++;
                    super.visitAnnotation(a, v);
                    inConstantContext--;
                    return null;
                }

                @Override
                public Void visitVariable(VariableTree var, Void v) {
                    Element e = trees.getElement(getCurrentPath());
                    boolean constant = e != null && e.getModifiers().contains(Modifier.FINAL) && e.getModifiers().contains(Modifier.STATIC);
                    if (constant) {
                        inConstantContext++;
                    }
                    super.visitVariable(var, v);
                    if (constant) {
                        inConstantContext--;
                    }
                    return null;
                }

                @Override
                public Void visitIdentifier(IdentifierTree id, Void v) {
                    if (inConstantContext > 0) {
                        pin(trees.getElement(getCurrentPath()));
                    }
                    return null;
                }

                @Override
                public Void visitMemberSelect(MemberSelectTree s, Void v) {
                    if (inConstantContext > 0) {
                        pin(trees.getElement(getCurrentPath()));
                    }
                    return super.visitMemberSelect(s, v);
                }

                @Override
                public Void visitMemberReference(MemberReferenceTree r, Void v) {
                    pin(trees.getElement(getCurrentPath()));
                    return super.visitMemberReference(r, v);
                }

                @Override
                public Void visitNewClass(NewClassTree n, Void v) {
                    if (n.getEnclosingExpression() != null) {
                        Element c = trees.getElement(new TreePath(getCurrentPath(), n.getIdentifier()));
                        pin(c);
                    }
                    return super.visitNewClass(n, v);
                }

                private void pin(Element e) {
                    if (e != null) {
                        pinned.add(e);
                    }
                }
            }.scan(u, null);
        }
        List<Mutation> out = new ArrayList<>();
        for (CompilationUnitTree u : units) {
            String file = u.getSourceFile().toUri().getPath().substring(1); // mem:///PATH
            String text = files.get(file);
            SourcePositions pos = trees.getSourcePositions();
            new TreePathScanner<Void, Void>() {
                @Override
                public Void visitVariable(VariableTree var, Void v) {
                    Element e = trees.getElement(getCurrentPath());
                    if (e instanceof VariableElement f && f.getKind() == ElementKind.FIELD && f.getModifiers().contains(Modifier.STATIC)
                            && f.getModifiers().contains(Modifier.FINAL) && var.getInitializer() instanceof LiteralTree lit
                            && !pinned.contains(f)) {
                        int s = (int) pos.getStartPosition(u, lit);
                        int end = (int) pos.getEndPosition(u, lit);
                        String name = f.getEnclosingElement() + "#" + f.getSimpleName();
                        boolean used = elsewhere.test(f, f.getEnclosingElement());
                        switch (lit.getKind()) {
                            case INT_LITERAL -> out.add(new Mutation("constant_value", file, List.of(new Edit(s, end,
                                "(" + text.substring(s, end) + " + 1)")), name, used));
                            case LONG_LITERAL -> out.add(new Mutation("constant_value", file, List.of(new Edit(s, end,
                                "(" + text.substring(s, end) + " + 1L)")), name, used));
                            case STRING_LITERAL -> out.add(new Mutation("constant_value", file, List.of(new Edit(s, end,
                                text.substring(s, end) + " + \"~\"")), name, used));
                            default -> { }
                        }
                        int ms = (int) pos.getStartPosition(u, var.getModifiers());
                        int me = (int) pos.getEndPosition(u, var.getModifiers());
                        int fin = ms < 0 || me < 0 ? -1 : word(text, ms, me, "final");
                        if (fin >= 0 && f.getEnclosingElement().getKind() != ElementKind.INTERFACE) {
                            out.add(new Mutation("constant_unfinal", file, List.of(new Edit(fin, fin + "final".length(), "")), name, used));
                        }
                    }
                    return super.visitVariable(var, v);
                }

                @Override
                public Void visitMethod(MethodTree m, Void v) {
                    Element e = trees.getElement(getCurrentPath());
                    if (e instanceof ExecutableElement x && x.getKind() == ElementKind.METHOD && m.getBody() != null
                            && x.getEnclosingElement().getKind() == ElementKind.CLASS) {
                        overload(x, m);
                        madeStatic(x, m);
                        widened(x, m);
                    }
                    return super.visitMethod(m, v);
                }

                private void overload(ExecutableElement x, MethodTree m) {
                    if (x.getParameters().size() != 1 || !x.getTypeParameters().isEmpty() || x.isVarArgs()
                            || !x.getParameters().get(0).asType().toString().equals("java.lang.Object")
                            || x.getModifiers().contains(Modifier.ABSTRACT)) {
                        return;
                    }
                    TypeElement owner = (TypeElement) x.getEnclosingElement();
                    for (Element other : owner.getEnclosedElements()) {
                        if (other != x && other.getSimpleName().equals(x.getSimpleName())
                                && other instanceof ExecutableElement oe && oe.getParameters().size() == 1) {
                            return;
                        }
                    }
                    String mods = (x.getModifiers().contains(Modifier.PUBLIC) ? "public " : x.getModifiers().contains(Modifier.PROTECTED)
                        ? "protected " : x.getModifiers().contains(Modifier.PRIVATE) ? "private " : "")
                        + (x.getModifiers().contains(Modifier.STATIC) ? "static " : "");
                    String ret = text.substring((int) pos.getStartPosition(u, m.getReturnType()), (int) pos.getEndPosition(u, m.getReturnType()));
                    String thr = m.getThrows().isEmpty() ? "" : " throws " + String.join(", ", m.getThrows().stream()
                        .map(tt -> text.substring((int) pos.getStartPosition(u, tt), (int) pos.getEndPosition(u, tt))).toList());
                    String call = m.getName() + "((java.lang.Object) mmsbArg);";
                    String body = x.getReturnType().getKind() == TypeKind.VOID ? call : "return " + call;
                    int end = (int) pos.getEndPosition(u, m);
                    out.add(new Mutation("overload_added", file, List.of(new Edit(end, end, "\n    " + mods + ret + " " + m.getName()
                        + "(java.lang.String mmsbArg)" + thr + " { " + body + " }")), owner + "#" + m.getName() + "(java.lang.String)",
                        elsewhere.test(x, owner)));
                }

                private void madeStatic(ExecutableElement x, MethodTree m) {
                    if (!x.getModifiers().contains(Modifier.PRIVATE) || x.getModifiers().contains(Modifier.STATIC) || pinned.contains(x)
                            || usesInstance(trees, new TreePath(getCurrentPath(), m.getBody()), x.getEnclosingElement())) {
                        return;
                    }
                    int ms = (int) pos.getStartPosition(u, m.getModifiers());
                    int me = (int) pos.getEndPosition(u, m.getModifiers());
                    int at = me > 0 ? me : (int) pos.getStartPosition(u, m);
                    out.add(new Mutation("method_made_static", file, List.of(new Edit(at, at, me > 0 ? " static" : "static ")),
                        x.getEnclosingElement() + "#" + x, elsewhere.test(x, x.getEnclosingElement())));
                }

                private void widened(ExecutableElement x, MethodTree m) {
                    if (!x.getModifiers().contains(Modifier.PRIVATE) || !x.getModifiers().contains(Modifier.STATIC)) {
                        return;
                    }
                    int ms = (int) pos.getStartPosition(u, m.getModifiers());
                    int me = (int) pos.getEndPosition(u, m.getModifiers());
                    int p = ms < 0 || me < 0 ? -1 : word(text, ms, me, "private");
                    if (p >= 0) {
                        out.add(new Mutation("access_widened", file, List.of(new Edit(p, p + "private".length(), "")),
                            x.getEnclosingElement() + "#" + x, elsewhere.test(x, x.getEnclosingElement())));
                    }
                }

                @Override
                public Void visitClass(ClassTree c, Void v) {
                    Element e = trees.getElement(getCurrentPath());
                    if (e instanceof TypeElement te && te.getKind() == ElementKind.CLASS && !c.getSimpleName().isEmpty()
                            && te.getNestingKind() != javax.lang.model.element.NestingKind.LOCAL) {
                        override(te, c);
                        nestedStatic(te, c);
                    }
                    return super.visitClass(c, v);
                }

                private void override(TypeElement te, ClassTree c) {
                    if (!(te.getSuperclass() instanceof DeclaredType sup) || !(sup.asElement() instanceof TypeElement s)
                            || !s.getTypeParameters().isEmpty() || trees.getTree(s) == null) {
                        return; // only a non-generic superclass compiled with the library
                    }
                    Set<String> declared = new HashSet<>();
                    for (Element o : te.getEnclosedElements()) {
                        declared.add(o.getSimpleName().toString());
                    }
                    int close = (int) pos.getEndPosition(u, c) - 1;
                    for (Element o : s.getEnclosedElements()) {
                        if (!(o instanceof ExecutableElement x) || x.getKind() != ElementKind.METHOD || declared.contains(x.getSimpleName().toString())
                                || !x.getTypeParameters().isEmpty() || x.getModifiers().contains(Modifier.STATIC)
                                || x.getModifiers().contains(Modifier.FINAL) || x.getModifiers().contains(Modifier.ABSTRACT)
                                || !(x.getModifiers().contains(Modifier.PUBLIC) || x.getModifiers().contains(Modifier.PROTECTED))) {
                            continue;
                        }
                        StringBuilder params = new StringBuilder();
                        StringBuilder argList = new StringBuilder();
                        for (int i = 0; i < x.getParameters().size(); i++) {
                            TypeMirror pt = x.getParameters().get(i).asType();
                            params.append(i == 0 ? "" : ", ").append(pt).append(" a").append(i);
                            argList.append(i == 0 ? "" : ", ").append("a").append(i);
                        }
                        String thr = x.getThrownTypes().isEmpty() ? "" : " throws " + String.join(", ",
                            x.getThrownTypes().stream().map(TypeMirror::toString).toList());
                        String call = "super." + x.getSimpleName() + "(" + argList + ");";
                        String body = x.getReturnType().getKind() == TypeKind.VOID ? call : "return " + call;
                        String access = x.getModifiers().contains(Modifier.PUBLIC) ? "public " : "protected ";
                        out.add(new Mutation("override_added", file, List.of(new Edit(close, close, "\n    @Override " + access
                            + x.getReturnType() + " " + x.getSimpleName() + "(" + params + ")" + thr + " { " + body + " }\n")),
                            te.getQualifiedName() + "#" + x, elsewhere.test(x, s) && users.getOrDefault(x, Set.of()).stream()
                                .anyMatch(user -> !user.equals(s) && !user.equals(te))));
                    }
                }

                private void nestedStatic(TypeElement te, ClassTree c) {
                    if (te.getNestingKind() != javax.lang.model.element.NestingKind.MEMBER || te.getModifiers().contains(Modifier.STATIC)
                            || te.getEnclosingElement().getKind() != ElementKind.CLASS && te.getEnclosingElement().getKind() != ElementKind.ENUM
                            || pinned.contains(te)
                            || te.getSuperclass() instanceof DeclaredType sd && sd.asElement().getEnclosingElement() instanceof TypeElement
                                && !sd.asElement().getModifiers().contains(Modifier.STATIC)
                            || usesInstance(trees, getCurrentPath(), te.getEnclosingElement())) {
                        return;
                    }
                    int ms = (int) pos.getStartPosition(u, c.getModifiers());
                    int me = (int) pos.getEndPosition(u, c.getModifiers());
                    int from = me > 0 ? me : (int) pos.getStartPosition(u, c);
                    int kw = word(text, from, (int) pos.getEndPosition(u, c), "class");
                    if (kw >= 0) {
                        boolean used = users.getOrDefault(te, Set.of()).stream().anyMatch(user -> !user.equals(te));
                        out.add(new Mutation("nested_made_static", file, List.of(new Edit(kw, kw, "static ")), te.getQualifiedName().toString(),
                            used));
                    }
                }
            }.scan(u, null);
        }
        return out;
    }

    /**
     * Whether the code under {@code path} uses an instance of {@code outer} or of a class
     * enclosing it (an unqualified non-static member, {@code this}, {@code super}, a qualified
     * {@code X.this}, an inner class created without an explicit outer instance, a type
     * variable of an enclosing class): then it cannot be made static.
     */
    static boolean usesInstance(Trees trees, TreePath path, Element outer) {
        boolean[] uses = {false};
        new TreePathScanner<Void, Void>() {
            @Override
            public Void visitIdentifier(IdentifierTree id, Void v) {
                String n = id.getName().toString();
                Element e = trees.getElement(getCurrentPath());
                if (n.equals("this") || n.equals("super")) {
                    // this/super refer to the innermost class around them: fine when that class is the scanned one or inside it
                    TreePath cls = getCurrentPath();
                    while (cls != null && !(cls.getLeaf() instanceof ClassTree)) {
                        cls = cls.getParentPath();
                    }
                    if (cls == null || !isUnder(cls, path)) {
                        uses[0] = true;
                    }
                } else if (e != null && (e.getKind() == ElementKind.FIELD || e.getKind() == ElementKind.METHOD)
                        && !e.getModifiers().contains(Modifier.STATIC) && !declaredInside(e.getEnclosingElement())) {
                    uses[0] = true;
                } else if (e instanceof TypeParameterElement tp && tp.getGenericElement() instanceof TypeElement) {
                    if (!declaredInside(tp.getGenericElement())) {
                        uses[0] = true;
                    }
                }
                return super.visitIdentifier(id, v);
            }

            @Override
            public Void visitMemberSelect(MemberSelectTree s, Void v) {
                if (s.getIdentifier().contentEquals("this") || s.getIdentifier().contentEquals("super")) {
                    uses[0] = true;
                }
                return super.visitMemberSelect(s, v);
            }

            @Override
            public Void visitNewClass(NewClassTree n, Void v) {
                Element c = trees.getElement(new TreePath(getCurrentPath(), n.getIdentifier()));
                if (n.getEnclosingExpression() == null && c instanceof TypeElement ct && ct.getNestingKind() == javax.lang.model.element.NestingKind.MEMBER
                        && !ct.getModifiers().contains(Modifier.STATIC) && !declaredInside(ct.getEnclosingElement())) {
                    uses[0] = true;
                }
                if (n.getClassBody() != null && !(path.getLeaf() instanceof ClassTree)) {
                    uses[0] = true; // an anonymous class in an instance method captures the instance
                }
                return super.visitNewClass(n, v);
            }

            private boolean declaredInside(Element e) {
                return e != null && trees.getPath(e) != null && isUnder(trees.getPath(e), path);
            }
        }.scan(path, null);
        return uses[0];
    }

    private static boolean isUnder(TreePath p, TreePath root) {
        for (TreePath q = p; q != null; q = q.getParentPath()) {
            if (q.getLeaf() == root.getLeaf()) {
                return true;
            }
        }
        return false;
    }

    /** The offset of {@code word} as a whole word in {@code text[from, to)}, or -1. */
    static int word(String text, int from, int to, String word) {
        for (int i = text.indexOf(word, from); i >= 0 && i + word.length() <= to; i = text.indexOf(word, i + 1)) {
            boolean before = i == 0 || !Character.isJavaIdentifierPart(text.charAt(i - 1));
            boolean after = i + word.length() >= text.length() || !Character.isJavaIdentifierPart(text.charAt(i + word.length()));
            if (before && after) {
                return i;
            }
        }
        return -1;
    }
}
