package io.mmsb.javac.internal;

import io.mmsb.hooks.NodeId;
import io.mmsb.hooks.SymbolFact;
import io.mmsb.hooks.TypeFact;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.ModuleElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Copies javac elements and types into {@link SymbolFact}s and {@link TypeFact}s (strings only).
 *
 * <p>Thread rules: one instance per ANALYZE callback, confined to javac's thread; it keeps
 * elements only in an identity map (local declaration → its node id) that dies with the callback.
 * Symbols and types are emitted once per unit (the {@code emitted} sets hold ids only).
 */
final class Symbols {
    private final Elements elements;
    private final Types types;
    private final Set<String> emittedSymbols;
    private final Set<String> emittedTypes;
    private final Map<Element, NodeId> locals = new IdentityHashMap<>();
    final List<SymbolFact> symbolFacts = new ArrayList<>();
    final List<TypeFact> typeFacts = new ArrayList<>();

    /** Type descriptor -> type id, for the whole compilation (strings only): a SHA-256 per distinct type, not per class. */
    private final Map<String, String> typeIds;

    Symbols(Elements elements, Types types, Set<String> emittedSymbols, Set<String> emittedTypes, Map<String, String> typeIds) {
        this.typeIds = typeIds;
        this.elements = elements;
        this.types = types;
        this.emittedSymbols = emittedSymbols;
        this.emittedTypes = emittedTypes;
    }

    /** Records that a local declaration (variable, parameter, binding) has node id {@code id}. */
    void declareLocal(Element e, NodeId id) {
        if (e != null && !isMemberOrType(e)) {
            locals.put(e, id);
            ids.remove(e); // an id made before (or for another declaration) no longer holds
        }
    }

    /** javac prints captured wildcards with an identity-hash-derived number: not deterministic. */
    private static final Pattern CAPTURE = Pattern.compile("capture#\\d+ of");

    /**
     * The interned type id of {@code t} ("" for none), emitting its fact once per unit. Captured
     * wildcards are printed as {@code capture of ?...} without javac's run-dependent number.
     */
    String type(TypeMirror t) {
        if (t == null) return "";
        String id = typeIdsByMirror.get(t);
        if (id == null) {
            String text = t.toString();
            id = intern(text.contains("capture#") ? CAPTURE.matcher(text).replaceAll("capture of") : text);
            typeIdsByMirror.put(t, id);
        }
        return id;
    }

    /**
     * Type ids of the type objects already printed in this callback, by identity: javac hands the
     * same object for many nodes (a symbol's type, primitive and common class types), and printing
     * a type is most of what a type id costs. Dies with the callback, like {@link #locals}.
     */
    private final Map<TypeMirror, String> typeIdsByMirror = new IdentityHashMap<>();

    private String intern(String descriptor) {
        String known = typeIds.get(descriptor);
        if (known != null) return known;
        TypeFact f = TypeFact.of(descriptor);
        typeIds.put(descriptor, f.id());
        if (emittedTypes.add(f.id())) typeFacts.add(f);
        return f.id();
    }

    /** The symbol id of {@code e} ("" for none), emitting its fact (and its owner's) once per unit. */
    String symbol(Element e) {
        if (e == null) return "";
        String id = id(e);
        if (emittedSymbols.add(id)) {
            Element enclosing = e.getEnclosingElement();
            String owner = enclosing == null || e instanceof PackageElement || e instanceof ModuleElement ? "" : symbol(enclosing);
            String typeId = e instanceof TypeElement te ? intern(typeDescriptor(te)) : type(e.asType());
            String modifiers = e.getModifiers().stream().sorted().map(Object::toString).collect(Collectors.joining(" "));
            symbolFacts.add(new SymbolFact(id, e.getSimpleName().toString(), e.getKind().name(), owner, typeId, modifiers));
        }
        return id;
    }

    /** Ids already made in this callback (an element is referred to many times within one class). */
    private final Map<Element, String> ids = new IdentityHashMap<>();

    /** Stable id: binary class names, {@code Owner#name(erased params)}, {@code Owner#field}, locals by declaration node. */
    String id(Element e) {
        String known = ids.get(e);
        if (known == null) {
            known = makeId(e);
            // a local's id waits for its declaration node; then it is kept too (a local is used many times)
            if (isMemberOrType(e) || locals.containsKey(e)) ids.put(e, known);
        }
        return known;
    }

    private String makeId(Element e) {
        return switch (e) {
            case TypeElement te -> elements.getBinaryName(te).toString();
            case ExecutableElement ex -> id(ex.getEnclosingElement()) + "#" + ex.getSimpleName() + ex.getParameters().stream()
                    .map(p -> types.erasure(p.asType()).toString()).collect(Collectors.joining(",", "(", ")"));
            case PackageElement pe -> pe.getQualifiedName().toString();
            case ModuleElement me -> "module:" + me.getQualifiedName();
            case TypeParameterElement tp -> id(tp.getGenericElement()) + "<" + tp.getSimpleName() + ">";
            default -> {
                if (isMemberOrType(e)) yield id(e.getEnclosingElement()) + "#" + e.getSimpleName();
                NodeId decl = locals.get(e);
                yield decl != null ? "local:" + decl : "local:" + e.getKind() + ":" + e.getSimpleName();
            }
        };
    }

    private static boolean isMemberOrType(Element e) {
        return switch (e.getKind()) {
            case FIELD, ENUM_CONSTANT, METHOD, CONSTRUCTOR, STATIC_INIT, INSTANCE_INIT, RECORD_COMPONENT,
                 CLASS, INTERFACE, ENUM, RECORD, ANNOTATION_TYPE, PACKAGE, MODULE -> true;
            default -> false;
        };
    }

    /** A type's API descriptor: kind, declared type, superclass and interfaces (sorted). */
    private static String typeDescriptor(TypeElement te) {
        Set<String> interfaces = new TreeSet<>();
        for (TypeMirror i : te.getInterfaces()) interfaces.add(i.toString());
        return te.getKind().name().toLowerCase() + " " + te.asType() + " extends " + te.getSuperclass()
                + " implements " + String.join(",", interfaces);
    }
}
