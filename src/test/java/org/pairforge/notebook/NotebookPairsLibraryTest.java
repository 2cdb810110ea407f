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
}
