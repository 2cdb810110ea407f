package org.pairforge.notebook;

import org.junit.jupiter.api.Test;
import org.pairforge.TestData;
import org.pairforge.core.Extraction;
import org.pairforge.core.Sample;
import org.pairforge.core.SourceRef;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The library call a Spark mapPartitions makes: shared by threads, no state between calls. */
class NotebookPairsLibraryTest {

    private static List<String> fingerprint(Extraction e) {
        List<String> out = new ArrayList<>();
        for (Sample s : e.samples()) {
            out.add(s.key() + " " + s.metadata().get("sha256") + " " + s.metadata().get("code_lines") + " " + s.text().hashCode());
        }
        e.rejections().forEach(r -> out.add(r.key() + " " + r.reason()));
        return out;
    }

    @Test
    void oneInstanceUsedByManyThreadsGivesTheSequentialAnswer() throws Exception {
        NotebookPairs pairs = new NotebookPairs(NotebookOptions.builder().build());
        List<Path> files;
        try (var list = Files.list(TestData.corpus("notebooks"))) {
            files = list.sorted().toList();
        }
        List<byte[]> bytes = new ArrayList<>();
        List<List<String>> sequential = new ArrayList<>();
        for (Path f : files) {
            byte[] b = Files.readAllBytes(f);
            bytes.add(b);
            sequential.add(fingerprint(pairs.extract(b, SourceRef.of(f.toString()))));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 3; round++) {
                List<Future<List<String>>> futures = new ArrayList<>();
                for (int i = bytes.size() - 1; i >= 0; i--) { // reverse order: interleave differently
                    byte[] b = bytes.get(i);
                    String id = files.get(i).toString();
                    futures.add(pool.submit(() -> fingerprint(pairs.extract(b, SourceRef.of(id)))));
                }
                for (int i = 0; i < futures.size(); i++) {
                    assertEquals(sequential.get(bytes.size() - 1 - i), futures.get(i).get());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(139, sequential.stream().mapToInt(List::size).sum(), "every candidate is a sample or a rejection");
    }

    @Test
    void keysDependOnTheSourceIdOnly() throws Exception {
        NotebookPairs pairs = new NotebookPairs(NotebookOptions.builder().build());
        byte[] b = Files.readAllBytes(TestData.fixtures("notebooks/real/04.03-Errorbars.ipynb"));
        String a1 = pairs.extract(b, SourceRef.of("a.ipynb")).samples().get(0).key();
        String a2 = new NotebookPairs(NotebookOptions.builder().minImageSide(1).build())
                .extract(b, SourceRef.of("a.ipynb")).samples().get(0).key();
        String other = pairs.extract(b, SourceRef.of("b.ipynb")).samples().get(0).key();
        assertEquals(a1, a2);
        assertEquals(false, a1.equals(other));
        assertEquals(true, a1.matches("[0-9a-f]{16}_c\\d{4,}"), a1);
    }

    private static String codeCell(int index, String source, String imageJson) {
        return "{\"cell_type\":\"code\",\"execution_count\":" + index + ",\"metadata\":{},\"source\":\"" + source
                + "\",\"outputs\":[{\"output_type\":\"display_data\",\"metadata\":{},\"data\":{\"image/png\":"
                + imageJson + "}}]}";
    }

    @Test
    void imagesAreDecodedOnlyForCandidatesWhoseCodePassesAndUnusualTextIsStillRead() throws Exception {
        byte[] png = Files.readAllBytes(TestData.fixtures("notebooks/src/chart.png"));
        String b64 = java.util.Base64.getEncoder().encodeToString(png);
        String fiveLines = "import numpy as np\\nx = np.arange(9)\\ny = x ** 2\\nfig, ax = plt.subplots()\\nax.plot(x, y)\\n";
        String nb = "{\"cells\":["
                // Two code lines and a figure that is not base64: dropped on its code, so never decoded.
                + codeCell(1, "plt.plot([1, 2])\\nplt.show()\\n", "\"@@@@ not base64 @@@@\"") + ","
                // Enough code, and base64 written with JSON escapes the fast decoder leaves to the careful one.
                + codeCell(2, fiveLines, "\"\\u0069" + b64.substring(1).replace("/", "\\/") + "\"") + ","
                // Enough code and the same broken text: now it is decoded, and that is the reason.
                + codeCell(3, fiveLines, "\"@@@@ not base64 @@@@\"")
                + "],\"metadata\":{},\"nbformat\":4,\"nbformat_minor\":5}";
        Extraction e = new NotebookPairs(NotebookOptions.builder().build())
                .extract(nb.getBytes(java.nio.charset.StandardCharsets.US_ASCII), SourceRef.of("lazy.ipynb"));
        assertEquals(3, e.candidates());
        assertEquals(List.of("too_few_code_lines", "bad_base64"), e.rejections().stream().map(r -> r.reason()).toList());
        assertEquals(1, e.samples().size());
        org.junit.jupiter.api.Assertions.assertArrayEquals(png, e.samples().get(0).image().bytes());
    }
}
