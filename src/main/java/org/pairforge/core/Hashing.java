package org.pairforge.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers; a MessageDigest per call because digests are not thread-safe. */
public final class Hashing {
    private Hashing() {
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    public static String sha256Hex(String text) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The key prefix every sample of one source shares: 16 hex digits of the source id's hash, so keys are
     * dot-free whatever the path looks like and stay the same across runs, worker counts and shard sizes.
     */
    public static String sourceKey(String sourceId) {
        return sha256Hex(sourceId).substring(0, 16);
    }
}
