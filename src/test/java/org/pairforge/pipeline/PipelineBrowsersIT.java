package org.pairforge.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairforge.TestData;
import org.pairforge.core.Extraction;
import org.pairforge.document.ChromiumEngine;
import org.pairforge.document.DocumentOptions;
import org.pairforge.web.WebOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pipeline with browsers, used from several threads and closed, leaves no Chromium or Playwright driver
 * process behind: what a Spark executor, whose threads and JVM outlive any one task, relies on.
 */
class PipelineBrowsersIT {
    @TempDir
    Path tmp;

    /** This JVM's Chromium processes (by the marker every pairforge browser carries) and Playwright drivers. */
    private static Set<Long> browserProcesses() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().map(c -> c.contains("--pairforge-browser=") || c.contains("run-driver"))
                        .orElse(false))
                .map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    private static void assertNoneLeftBeyond(Set<Long> before) throws InterruptedException {
        Set<Long> left = null;
        for (int i = 0; i < 50; i++) { // processes take a moment to be reaped once killed
            left = new java.util.HashSet<>(browserProcesses());
            left.removeAll(before);
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("browser or driver processes left after close: " + left);
    }

    @Test
    void webPipelineOnThreeThreadsClosesEveryBrowserAndDriver() throws Exception {
        Set<Long> before = browserProcesses();
        byte[] page = Files.readAllBytes(TestData.corpus("ebooks/sherlock-holmes/src/epub/text").resolve("a-scandal-in-bohemia.xhtml"));
        Pipeline pipeline = Pipeline.web(WebOptions.builder().viewports("640x480").build()).build();
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            List<Future<Extraction>> results = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String id = "page" + i + ".html";
                results.add(threads.submit(() -> pipeline.process(page, id)));
            }
            for (Future<Extraction> f : results) {
                Extraction e = f.get();
                assertEquals(1, e.samples().size(), e.rejections().toString());
            }
            Set<Long> running = new java.util.HashSet<>(browserProcesses());
            running.removeAll(before);
            assertTrue(running.size() >= 2, "browsers and drivers were started: " + running);
        } finally {
            threads.shutdown(); // the threads stay alive until here: close must not depend on them ending
            pipeline.close();
        }
        assertNoneLeftBeyond(before);
    }

    @Test
    void documentsPipelineWithChromiumClosesItsBrowsers() throws Exception {
        Set<Long> before = browserProcesses();
        DocumentOptions options = DocumentOptions.fromProfile(ChromiumEngine.NAME, Path.of("renderers")).dpi(72).maxPages(2).build();
        Path chapter = TestData.corpus("ebooks/sherlock-holmes/src/epub/text").resolve("a-case-of-identity.xhtml");
        try (Pipeline pipeline = Pipeline.documents(options).build()) {
            Thread other = new Thread(() -> pipeline.process(chapter));
            other.start();
            Extraction e = pipeline.process(chapter);
            other.join();
            assertEquals(2, e.samples().size(), e.rejections().toString());
            assertEquals("chromium", e.samples().get(0).metadata().get("engine"));
        }
        assertNoneLeftBeyond(before);
    }
}
