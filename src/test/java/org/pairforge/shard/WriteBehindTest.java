package org.pairforge.shard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WriteBehindTest {

    private static FileChannel open(Path p) throws IOException {
        return FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
    }

    @Test
    void writesOfEverySizeLandInTheFileInTheirOrder(@TempDir Path dir) throws IOException {
        Random random = new Random(3);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        Path file = dir.resolve("f");
        // Buffers of 100 bytes, three of them: writes smaller than, across and many times a buffer.
        try (WriteBehind out = new WriteBehind(open(file), 100, 3)) {
            for (int i = 0; i < 2000; i++) {
                int len = random.nextInt(i % 7 == 0 ? 1000 : 120);
                byte[] b = new byte[len + 10];
                random.nextBytes(b);
                out.write(b, 5, len);
                expected.write(b, 5, len);
                if (i % 97 == 0) {
                    out.write(b[0]);
                    expected.write(b[0]);
                }
                if (i % 500 == 0) {
                    out.flush();
                    assertEquals(expected.size(), Files.size(file), "flush puts every byte so far in the file");
                }
            }
        }
        assertArrayEquals(expected.toByteArray(), Files.readAllBytes(file));
    }

    @Test
    void aFullDiskIsThrownToTheWriterNotLost() throws IOException {
        Path full = Path.of("/dev/full");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(full), "/dev/full (a device that is always full)");
        byte[] b = new byte[64 * 1024];
        WriteBehind out = new WriteBehind(FileChannel.open(full, StandardOpenOption.WRITE));
        IOException e = assertThrows(IOException.class, () -> {
            // The failure happens on the writing thread; the caller meets it at a later write or at close.
            for (int i = 0; i < 64; i++) {
                out.write(b);
            }
            out.close();
        });
        assertTrue(e.getMessage().contains("No space left"), e.getMessage());
        out.discard();
    }

    @Test
    void aStoreFileAppearsWholeOnCloseAndNotAtAllWhenGivenUp(@TempDir Path dir) throws IOException {
        LocalStore store = new LocalStore(dir);
        byte[] big = new byte[3 * WriteBehind.BUFFER_BYTES + 17];
        new Random(5).nextBytes(big);

        RunStore.Output kept = store.create("shards/a.tar");
        kept.write(big);
        assertFalse(Files.exists(dir.resolve("shards/a.tar")), "nothing under the name until it is closed");
        kept.close();
        try (InputStream in = store.open("shards/a.tar")) {
            assertArrayEquals(big, in.readAllBytes());
        }

        RunStore.Output given = store.create("shards/b.tar");
        given.write(big);
        given.abort();
        assertFalse(Files.exists(dir.resolve("shards/b.tar")));
        assertFalse(Files.exists(dir.resolve("shards/b.tar" + LocalStore.TMP)), "the half-written file is removed");
        given.close(); // does nothing after abort
        assertFalse(Files.exists(dir.resolve("shards/b.tar")));
    }
}
