package org.pairforge.shard;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TarWritesTest {

    /** Counts the writes that would each be a system call on a file. */
    private static final class CountingSink extends ByteArrayOutputStream {
        int writes;

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            writes++;
            super.write(b, off, len);
        }

        @Override
        public synchronized void write(int b) {
            writes++;
            super.write(b);
        }
    }

    @Test
    void tarRecordsReachTheFileInLargeWritesNotOneWritePerRecord() throws IOException {
        byte[] image = new byte[3 << 20];
        new Random(7).nextBytes(image);
        byte[] text = "import matplotlib.pyplot as plt\nplt.plot([1, 2, 3])\n".getBytes(StandardCharsets.UTF_8);
        CountingSink sink = new CountingSink();
        try (TarArchiveOutputStream tar = WebDatasetWriter.openTar(sink)) {
            for (int i = 0; i < 20; i++) {
                add(tar, "sample" + i + ".png", image);
                add(tar, "sample" + i + ".txt", text);
            }
        }
        long bytes = sink.size();
        assertTrue(bytes > 20L * image.length, "the archive holds every member");
        // 60 MiB in 512-byte records would be ~123,000 writes; buffered, a write per buffer-full.
        long atMost = bytes / WebDatasetWriter.WRITE_BUFFER_BYTES + 2;
        assertTrue(sink.writes <= atMost, sink.writes + " writes for " + bytes + " bytes, expected at most " + atMost);

        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(sink.toByteArray()))) {
            for (int i = 0; i < 20; i++) {
                TarArchiveEntry e = in.getNextEntry();
                assertEquals("sample" + i + ".png", e.getName());
                assertArrayEquals(image, in.readAllBytes());
                assertEquals("sample" + i + ".txt", in.getNextEntry().getName());
                assertArrayEquals(text, in.readAllBytes());
            }
            assertNull(in.getNextEntry());
        }
    }

    private static void add(TarArchiveOutputStream tar, String name, byte[] data) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(data.length);
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
    }
}
