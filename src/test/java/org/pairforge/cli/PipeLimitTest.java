package org.pairforge.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    private Path pipe(String name, byte[] bytes) throws Exception {
        return org.pairforge.TestData.namedPipe(tmp.resolve(name), bytes);
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
