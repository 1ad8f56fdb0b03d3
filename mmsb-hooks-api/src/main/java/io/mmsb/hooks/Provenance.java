package io.mmsb.hooks;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where a fact comes from: the SHA-256 (lower-case hex) of the source file's content plus a span
 * of character offsets {@code [start, end)}. Never the source text itself.
 *
 * <p>Thread rules: immutable value, safe everywhere. {@link #NONE} marks "no provenance"
 * (synthetic nodes, or a compiler that reports no position).
 *
 * @param sha256 64 lower-case hex digits, or "" for {@link #NONE}
 * @param start  start offset (inclusive), -1 when unknown
 * @param end    end offset (exclusive), -1 when unknown
 */
public record Provenance(String sha256, long start, long end) {
    /** No provenance. */
    public static final Provenance NONE = new Provenance("", -1, -1);

    /** Provenance for a span of a file whose content hash is already known. */
    public static Provenance of(String sha256, long start, long end) {
        return new Provenance(sha256, start, end);
    }

    /** Whether this is {@link #NONE} or has no hash. */
    public boolean isNone() {
        return sha256 == null || sha256.isEmpty();
    }

    /** SHA-256 of {@code content} as 64 lower-case hex digits (the JDK's MessageDigest). */
    public static String sha256Hex(byte[] content) {
        MessageDigest digest;
        try {
            digest = (MessageDigest) SHA256.clone(); // cheaper than a provider lookup per call
        } catch (CloneNotSupportedException e) {
            digest = newSha256();
        }
        return HEX.formatHex(digest.digest(content));
    }

    private static final HexFormat HEX = HexFormat.of();
    /** A fresh digest, never updated: each call works on a clone of it. */
    private static final MessageDigest SHA256 = newSha256();

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
