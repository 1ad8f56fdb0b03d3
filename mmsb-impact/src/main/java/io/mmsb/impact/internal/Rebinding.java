package io.mmsb.impact.internal;

import io.mmsb.impact.internal.CallSites.Receiver;
import io.mmsb.impact.internal.CallSites.Site;
import io.mmsb.impact.internal.TypeOracle.Truth;
import java.util.ArrayList;
import java.util.List;

/**
 * The rule that decides, per recorded call site, whether a method that was added, removed or
 * whose access changed can make the site bind to another method (JLS 15.12: the class searched,
 * the applicable and accessible methods, the most specific one). A site can rebind only when
 * all three hold:
 * <ul>
 *   <li><b>the receiver can see the method</b>: the site's method is declared in the changed
 *   method's class or a subtype of it, or the static type of the receiver is a subtype of that
 *   class (a call through a receiver of the supertype binds as before when a subclass adds or
 *   removes an override), or, without a receiver, a class enclosing the site is one (or the site's
 *   method was not found through the enclosing classes: a static import);</li>
 *   <li><b>the method applies to the arguments</b>: arity (a trailing array parameter counted as
 *   variable arity) and each argument convertible to the parameter in an invocation context
 *   (an {@code m(String)} added next to {@code m(Object)} captures no call that passes an
 *   {@code Object});</li>
 *   <li><b>its visibility at the site changed</b>: it was not a candidate there before and may
 *   be after (added, made accessible, newly inherited by the receiver's type), or the reverse;
 *   a site that bound to the method was a candidate, and a method whose access did not change
 *   for that site (a nestmate's call of a private method made package-private) is no new
 *   candidate.</li>
 * </ul>
 * A method or constructor removed rebinds only the sites that chose it: a candidate that was not
 * chosen leaves the chosen one applicable, accessible and most specific, and the class searched
 * keeps it as a member. Every question is answered by {@link TypeOracle} in three values and a
 * site is dropped only on a certain {@code FALSE}: whatever is unknown (a type variable, a local or anonymous class, an
 * unrecorded receiver) keeps the site. Stateless apart from the oracle's caches; one thread.
 */
public final class Rebinding {
    private final TypeOracle types;

    public Rebinding(TypeOracle types) {
        this.types = types;
    }

    /**
     * Whether {@code site} may bind differently after method {@code method} changes from
     * signature {@code was} to {@code now} (null: not declared), the signatures as {@code ApiDiff}
     * records them ({@code METHOD modifiers type}).
     */
    public boolean mayRebind(Site site, String method, String was, String now) {
        String owner = declaringClass(method);
        boolean exact = site.symbol().equals(method);
        if (!exact && now == null) {
            return false; // removing a candidate that was not chosen leaves the most specific one chosen (15.12.2.5)
        }
        if (!exact) {
            if (!applies(site.args(), CallSites.parameters(method))) {
                return false;
            }
            if (keepsItsChoice(site, CallSites.parameters(site.symbol()), CallSites.parameters(method))) {
                return false;
            }
            if (!receiverSees(site, owner)) {
                return false;
            }
        }
        Truth before = was == null ? Truth.FALSE : exact ? Truth.TRUE : accessible(access(was), owner, site);
        Truth after = now == null ? Truth.FALSE : accessible(access(now), owner, site);
        return before != after || before == Truth.UNKNOWN;
    }

    /**
     * Whether an invocation of a constructor of the class of {@code constructor} (its
     * {@link CallSites#constructorsOf} sites) may bind differently after the constructor changes
     * from {@code was} to {@code now}: constructors are not inherited, so only whether it applies to
     * the arguments and whether it is accessible from the site count.
     */
    public boolean mayRebindConstructor(Site site, String constructor, String was, String now) {
        String owner = declaringClass(constructor);
        boolean exact = site.symbol().equals(constructor);
        if (!exact && now == null) {
            return false; // as for methods: only the invocations that chose it
        }
        if (!exact && !applies(site.args(), CallSites.parameters(constructor))) {
            return false;
        }
        Truth before = was == null ? Truth.FALSE : exact ? Truth.TRUE : constructorAccessible(access(was), owner, site);
        Truth after = now == null ? Truth.FALSE : constructorAccessible(access(now), owner, site);
        return before != after || before == Truth.UNKNOWN;
    }

    private Truth constructorAccessible(String level, String owner, Site site) {
        if (site.inLocalClass()) {
            return Truth.UNKNOWN;
        }
        boolean samePackage = packageOf(site.cls()).equals(packageOf(owner));
        return switch (level) {
            case "private" -> Truth.of(topLevel(site.cls()).equals(topLevel(owner)));
            case "package" -> Truth.of(samePackage);
            case "protected" -> samePackage ? Truth.TRUE : subclassSite(site.cls(), owner);
            default -> Truth.TRUE;
        };
    }

    /**
     * Whether a site certainly keeps the method it chose ({@code chosen} parameters) next to another
     * one ({@code other} parameters): the chosen one applies in the first phase (no boxing, no
     * variable arity, JLS 15.12.2.2), and the other does not, or both take primitives only and the
     * chosen one is strictly more specific (15.12.2.5: {@code pow(double, int)} keeps
     * {@code pow(x, 2)} from {@code pow(double, long)}).
     */
    boolean keepsItsChoice(Site site, List<String> chosen, List<String> other) {
        List<String> args = site.args();
        if (args == null || chosen.size() != args.size() || phaseOne(args, chosen) != Truth.TRUE) {
            return false;
        }
        if (other.size() != args.size() || phaseOne(args, other) == Truth.FALSE) {
            return true; // the other needs boxing or variable arity: resolution stops in the first phase
        }
        boolean strictly = false;
        for (int i = 0; i < chosen.size(); i++) {
            String q = chosen.get(i);
            String p = other.get(i);
            if (!TypeOracle.primitive(q) || !TypeOracle.primitive(p) || !TypeOracle.primitiveSubtype(q, p)) {
                return false;
            }
            strictly |= !q.equals(p);
        }
        return strictly;
    }

    private Truth phaseOne(List<String> args, List<String> params) {
        Truth all = Truth.TRUE;
        for (int i = 0; i < args.size(); i++) {
            Truth t = types.convertsStrictly(args.get(i), params.get(i));
            if (t == Truth.FALSE) {
                return Truth.FALSE;
            }
            if (t == Truth.UNKNOWN) {
                all = Truth.UNKNOWN;
            }
        }
        return all;
    }

    /** Whether a method with erased parameters {@code params} may apply to arguments of types {@code args} (null: unknown). */
    boolean applies(List<String> args, List<String> params) {
        if (args == null) {
            return true;
        }
        int n = params.size();
        int k = args.size();
        if (k == n && allMay(args, params)) {
            return true;
        }
        if (n > 0 && params.get(n - 1).endsWith("[]") && k >= n - 1) { // perhaps variable arity
            String component = params.get(n - 1).substring(0, params.get(n - 1).length() - 2);
            List<String> expanded = new ArrayList<>(params.subList(0, n - 1));
            while (expanded.size() < k) {
                expanded.add(component);
            }
            return allMay(args, expanded);
        }
        return false;
    }

    private boolean allMay(List<String> args, List<String> params) {
        for (int i = 0; i < args.size(); i++) {
            if (types.mayConvert(args.get(i), params.get(i)) == Truth.FALSE) {
                return false;
            }
        }
        return true;
    }

    /** Whether the changed method of {@code owner} can be a member of the type the site searches. */
    boolean receiverSees(Site site, String owner) {
        String declaring = declaringClass(site.symbol());
        if (types.isSubtype(declaring, owner) == Truth.TRUE) {
            return true; // the receiver's type is a subtype of the method's class: so of owner
        }
        return switch (site.receiver()) {
            case UNKNOWN -> true;
            case TYPED -> {
                String r = TypeOracle.erase(site.receiverType());
                if (r != null && (r.endsWith("[]") || TypeOracle.primitive(r))) {
                    yield false; // an array's members are Object's
                }
                if (site.receiverBounds() != null) { // a type variable: its members are its bounds'
                    for (String bound : site.receiverBounds()) {
                        if (types.isSubtype(bound, owner) != Truth.FALSE) {
                            yield true;
                        }
                    }
                    yield false;
                }
                yield types.isSubtype(types.resolve(r), owner) != Truth.FALSE; // owner is a binary name, r a canonical one
            }
            case IMPLICIT -> {
                if (site.inLocalClass()) {
                    yield true;
                }
                boolean viaEnclosing = false;
                for (String c : enclosing(site.cls())) {
                    if (types.isSubtype(c, owner) != Truth.FALSE) {
                        yield true; // an enclosing class that has (or may have) owner's members
                    }
                    if (types.isSubtype(c, declaring) == Truth.TRUE) {
                        viaEnclosing = true;
                    }
                }
                yield !viaEnclosing; // found through a static import (or unknown): owner's may be imported too
            }
        };
    }

    /**
     * Whether a method of {@code owner} with access {@code level} is a candidate at the site
     * (accessible, and a member of the class searched): private members are not inherited,
     * package members only within the package, protected ones outside it only in subclasses.
     */
    Truth accessible(String level, String owner, Site site) {
        if (site.inLocalClass()) {
            return Truth.UNKNOWN;
        }
        String cls = site.cls();
        boolean samePackage = packageOf(cls).equals(packageOf(owner));
        return switch (site.receiver()) {
            case UNKNOWN -> Truth.UNKNOWN;
            case TYPED -> {
                String r = types.resolve(TypeOracle.erase(site.receiverType()));
                if (r == null) {
                    yield Truth.UNKNOWN;
                }
                if (r.equals(owner)) {
                    yield switch (level) {
                        case "private" -> Truth.of(topLevel(cls).equals(topLevel(owner)));
                        case "package" -> Truth.of(samePackage);
                        case "protected" -> samePackage ? Truth.TRUE : subclassSite(cls, owner);
                        default -> Truth.TRUE;
                    };
                }
                Truth sub = types.isSubtype(r, owner);
                if (sub == Truth.FALSE) {
                    yield Truth.FALSE;
                }
                yield switch (level) {
                    case "private" -> sub == Truth.TRUE ? Truth.FALSE : Truth.UNKNOWN; // not inherited
                    case "package" -> !samePackage ? Truth.FALSE
                        : sub == Truth.TRUE && packageOf(r).equals(packageOf(owner)) ? Truth.TRUE : Truth.UNKNOWN;
                    case "protected" -> samePackage ? Truth.TRUE : subclassSite(cls, owner);
                    default -> Truth.TRUE;
                };
            }
            case IMPLICIT -> {
                boolean enclosedByOwner = false;
                boolean inherited = false;
                for (String c : enclosing(cls)) {
                    if (c.equals(owner)) {
                        enclosedByOwner = true;
                    } else if (types.isSubtype(c, owner) != Truth.FALSE) {
                        inherited = true;
                    }
                }
                if (inherited) {
                    // a public or protected member is inherited by every subclass and accessible in its body; a private or
                    // package one depends on the path
                    yield level.equals("public") || level.equals("protected") ? Truth.TRUE : Truth.UNKNOWN;
                }
                if (enclosedByOwner) {
                    yield Truth.TRUE; // a member of an enclosing class is accessible in its nest
                }
                yield switch (level) { // a static import
                    case "private" -> Truth.FALSE;
                    case "package", "protected" -> Truth.of(samePackage);
                    default -> Truth.TRUE;
                };
            }
        };
    }

    private Truth subclassSite(String cls, String owner) {
        for (String c : enclosing(cls)) {
            if (types.isSubtype(c, owner) != Truth.FALSE) {
                return Truth.UNKNOWN;
            }
        }
        return Truth.FALSE;
    }

    /** private, package, protected or public, from a signature's modifiers. */
    static String access(String signature) {
        for (String t : signature.split(" ")) {
            if (t.equals("private") || t.equals("protected") || t.equals("public")) {
                return t;
            }
        }
        return "package";
    }

    /** {@code cls} and the classes enclosing it, innermost first ({@code p.A$B$C}, {@code p.A$B}, {@code p.A}). */
    static List<String> enclosing(String cls) {
        List<String> out = new ArrayList<>();
        int dot = cls.lastIndexOf('.');
        for (String c = cls; ; ) {
            out.add(c);
            int d = c.lastIndexOf('$');
            if (d <= dot) {
                return out;
            }
            c = c.substring(0, d);
        }
    }

    static String topLevel(String cls) {
        int dot = cls.lastIndexOf('.');
        int d = cls.indexOf('$', dot + 1);
        return d < 0 ? cls : cls.substring(0, d);
    }

    static String packageOf(String cls) {
        int dot = topLevel(cls).lastIndexOf('.');
        return dot < 0 ? "" : cls.substring(0, dot);
    }

    static String declaringClass(String symbol) {
        int hash = symbol.indexOf('#');
        return hash < 0 ? symbol : symbol.substring(0, hash);
    }
}
