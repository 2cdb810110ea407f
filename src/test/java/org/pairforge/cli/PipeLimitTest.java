package org.pairforge.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A named pipe states no size (0), so a limit that trusted the stated size let any amount through (measured:
 * a 3 MB page through a pipe with --max-input-mb 1 was rendered to a page_timeout). Every kind must refuse it.
 */
class PipeLimitTest {
    @TempDir
    Path tmp;

    /** A fifo named NAME whose writer sends {@code bytes} once a reader opens it. */
    private Path pipe(String name, byte[] bytes) throws Exception {
        Path fifo = tmp.resolve(name);
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Thread writer = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write(bytes);
            } catch (Exception ignored) {
                // the reader stopped at the limit and closed its end
            }
        });
        writer.setDaemon(true);
        writer.start();
        return fifo;
    }

    private static byte[] page(int paragraphs) {
        return ("<html><body>" + "<p>hello pipe</p>".repeat(paragraphs) + "</body></html>").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aPipeOverTheLimitIsTooLargeForWebDocumentsAndNotebooks() throws Exception {
        String[][] runs = {
                {"web", "page.html"},
                {"documents", "doc.html"},
                {"notebooks", "nb.ipynb"},
        };
        for (String[] run : runs) {
            Path in = pipe(run[1], page(200_000)); // 3.4 MB
            Path out = tmp.resolve("out-" + run[0]);
            assertEquals(0, Main.execute(run[0], in.toString(), "--max-input-mb", "1", "-o", out.toString(), "--no-progress"), run[0]);
            String rejects = Files.readString(out.resolve("rejects.jsonl"));
            assertTrue(rejects.contains("\"reason\":\"too_large\"") && rejects.contains("--max-input-mb"), run[0] + ": " + rejects);
        }
    }
}
