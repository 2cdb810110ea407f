package org.pairforge.core;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HashingTest {
    /** bin/setup installs Chromium, whose libnss3 carries NSS's software token: large digests are native here. */
    @Test
    void largeDigestsAreNativeWhereNssIsInstalled() {
        if (Files.isRegularFile(Path.of("/usr/lib/x86_64-linux-gnu/libsoftokn3.so"))) {
            assertTrue(Hashing.nativeDigests(), "NSS is installed but large digests are not taken by it");
        }
    }

    /** Around the size where NSS takes over, and well past it, the digest is the JDK's, byte for byte. */
    @Test
    void everySizeHashesAsTheJdkDoes() {
        Random random = new Random(30);
        for (int size : new int[] {0, 1, 55, 64, Hashing.NATIVE_FROM - 1, Hashing.NATIVE_FROM, Hashing.NATIVE_FROM + 1,
                300_001, 2_000_000}) {
            byte[] bytes = new byte[size];
            random.nextBytes(bytes);
            assertEquals(HexFormat.of().formatHex(Hashing.sha256().digest(bytes)), Hashing.sha256Hex(bytes), "size " + size);
        }
        // FIPS 180-2's test vector, so neither path can agree with the other on a wrong answer.
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Hashing.sha256Hex("abc"));
        byte[] million = new byte[1_000_000];
        java.util.Arrays.fill(million, (byte) 'a');
        assertEquals("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", Hashing.sha256Hex(million));
    }
}
