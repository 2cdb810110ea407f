package org.pairforge.core;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.util.HexFormat;
import java.util.List;

/** SHA-256 helpers; a MessageDigest per call because digests are not thread-safe. */
public final class Hashing {
    private Hashing() {
    }

    /**
     * From this size on, a digest is taken by NSS when the machine has it. Page images are hashed whole (a few
     * hundred KB each), and the CLI runs on C1, which has no SHA intrinsic: the JDK's own SHA-256 then takes
     * about ten times NSS's time. Below it the JDK is faster (no native call).
     */
    static final int NATIVE_FROM = 32 * 1024;

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    public static String sha256Hex(byte[] bytes) {
        MessageDigest digest = bytes.length >= NATIVE_FROM ? Nss.sha256(Nss.PROVIDER) : null;
        return HexFormat.of().formatHex((digest == null ? sha256() : digest).digest(bytes));
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

    /** Whether large digests are taken natively here (NSS found, and it agreed with the JDK on a test vector). */
    public static boolean nativeDigests() {
        return Nss.PROVIDER != null;
    }

    /**
     * The JDK's PKCS#11 provider over NSS's software token (libsoftokn3, from Debian's libnss3, which Chromium
     * needs anyway), without a key database: loaded on the first large digest, once per process. Anything
     * missing or odd leaves the JDK's own digest in use.
     */
    private static final class Nss {
        private static final List<String> LIBRARY_DIRS = List.of("/usr/lib/x86_64-linux-gnu",
                "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib");
        static final Provider PROVIDER = load();

        private static Provider load() {
            Provider base = Security.getProvider("SunPKCS11");
            if (base == null) {
                return null;
            }
            for (String dir : LIBRARY_DIRS) {
                if (!Files.isRegularFile(Path.of(dir, "libsoftokn3.so"))
                        || !Files.isRegularFile(Path.of(dir, "libnss3.so"))) {
                    continue;
                }
                try {
                    Provider nss = base.configure("--name=pairforge-nss\nnssLibraryDirectory=" + dir
                            + "\nnssDbMode=noDb\nattributes=compatibility\n");
                    byte[] probe = new byte[NATIVE_FROM + 7];
                    for (int i = 0; i < probe.length; i++) {
                        probe[i] = (byte) (i * 31 + 7);
                    }
                    MessageDigest native256 = sha256(nss);
                    if (native256 != null
                            && MessageDigest.isEqual(native256.digest(probe), Hashing.sha256().digest(probe))) {
                        return nss;
                    }
                } catch (RuntimeException | LinkageError e) {
                    // A broken or partial NSS: the JDK's digest serves.
                }
            }
            return null;
        }

        /** A SHA-256 digest from {@code provider}; null without one. */
        static MessageDigest sha256(Provider provider) {
            if (provider == null) {
                return null;
            }
            try {
                return MessageDigest.getInstance("SHA-256", provider);
            } catch (NoSuchAlgorithmException e) {
                return null;
            }
        }
    }
}
