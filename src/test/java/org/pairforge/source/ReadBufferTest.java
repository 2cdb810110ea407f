package org.pairforge.source;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairforge.core.UnreadableInputException;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ReadBufferTest {
    @TempDir
    Path dir;

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] loaded(FileInput input, ReadBuffer buffer, long maxBytes) throws UnreadableInputException {
        assertEquals(input.id(), input.loadInto(buffer, maxBytes).id());
        byte[] got = Arrays.copyOf(buffer.bytes(), buffer.length());
        buffer.release();
        return got;
    }

    private FileInput file(String name, byte[] content) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return new FileInput(p, name, content.length, true, dir);
    }

    @Test
    void eachFileIsReadWhole_largerThenSmallerThenEmpty_throughOneBuffer() throws Exception {
        ReadBuffer buffer = new ReadBuffer();
        byte[] large = random(3_000_001, 1);
        byte[] small = random(1_234, 2);
        assertArrayEquals(large, loaded(file("large.ipynb", large), buffer, 1 << 30));
        assertArrayEquals(small, loaded(file("small.ipynb", small), buffer, 1 << 30));
        assertArrayEquals(new byte[0], loaded(file("empty.ipynb", new byte[0]), buffer, 1 << 30));
        assertArrayEquals(large, loaded(file("large.ipynb", large), buffer, 1 << 30));
    }

    @Test
    void aFileOverTheLimitIsTooLargeAndGzipIsDecompressed() throws Exception {
        ReadBuffer buffer = new ReadBuffer();
        UnreadableInputException e = assertThrows(UnreadableInputException.class,
                () -> file("big.ipynb", random(5_000, 3)).loadInto(buffer, 4_999));
        assertEquals("too_large", e.reason());

        byte[] content = random(70_000, 4);
        Path gz = dir.resolve("nb.ipynb.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(content);
        }
        assertArrayEquals(content, loaded(new FileInput(gz, "nb.ipynb.gz", Files.size(gz), true, dir), buffer, 1 << 30));
    }

    /** A named pipe with {@code content} written into it by another thread, as bash's {@code <(...)} gives. */
    private FileInput pipe(String name, byte[] content) throws Exception {
        Path fifo = org.pairforge.TestData.namedPipe(dir.resolve(name), content);
        return new FileInput(fifo, name, 0, true, dir);
    }

    @Test
    void aPipeOrAFileHoldingMoreThanItsStatedSizeIsReadWhole() throws Exception {
        ReadBuffer buffer = new ReadBuffer();
        byte[] content = random(300_001, 5); // several pipe-fulls: the buffer grows while reading
        assertArrayEquals(content, loaded(pipe("nb.ipynb", content), buffer, 1 << 30));
        Path cmdline = Path.of("/proc/self/cmdline"); // stated size 0
        assertArrayEquals(Files.readAllBytes(cmdline),
                loaded(new FileInput(cmdline, "cmdline", 0, true, dir), buffer, 1 << 30));
    }

    @Test
    void aPipeOverTheLimitIsTooLarge() throws Exception {
        UnreadableInputException e = assertThrows(UnreadableInputException.class,
                () -> pipe("big.ipynb", random(200_000, 6)).loadInto(new ReadBuffer(), 100_000));
        assertEquals("too_large", e.reason());
    }
}
