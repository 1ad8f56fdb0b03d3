package io.mmsb.hooks;

import java.nio.charset.StandardCharsets;

/**
 * An interned type: a deterministic id and the type's descriptor.
 *
 * <p>Thread rules: immutable record.
 *
 * @param id         {@code T} followed by the first 16 hex digits of SHA-256(descriptor)
 * @param descriptor the type's canonical text, e.g. {@code java.util.List<java.lang.String>}
 */
public record TypeFact(String id, String descriptor) implements Fact {
    /** The interned fact for {@code descriptor}: equal descriptors give equal ids, in every run. */
    public static TypeFact of(String descriptor) {
        return new TypeFact(idOf(descriptor), descriptor);
    }

    /** The deterministic id of a descriptor. */
    public static String idOf(String descriptor) {
        return "T" + Provenance.sha256Hex(descriptor.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }
}
