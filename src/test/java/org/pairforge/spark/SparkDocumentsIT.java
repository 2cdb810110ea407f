package org.pairforge.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairforge.TestData;
import org.pairforge.document.DocumentOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The documents path in Spark over {@code binaryFile} rows of the corpus e-book, rendered by Chromium: each
 * partition opens one browser and closes it with the partition, so none is left when the job ends.
 */
class SparkDocumentsIT {
    private static final Pattern MARKER = Pattern.compile("--pairforge-browser=(\\S+)");

    @TempDir
    Path dir;

    /** The marker of each Chromium this JVM runs now (every pairforge browser carries one of its own). */
    private static Set<String> browsers() {
        Set<String> seen = new java.util.HashSet<>();
        ProcessHandle.current().descendants().forEach(p -> p.info().commandLine().ifPresent(c -> {
            Matcher m = MARKER.matcher(c);
            if (m.find()) {
                seen.add(m.group(1));
            }
        }));
        return seen;
    }

    @Test
    void onePartitionOneBrowserAndNoneLeftAfterTheJob() throws Exception {
        Path books = Files.createDirectories(dir.resolve("books"));
        Path text = TestData.corpus("ebooks/sherlock-holmes/src/epub/text");
        for (String story : List.of("a-scandal-in-bohemia.xhtml", "a-case-of-identity.xhtml", "the-adventure-of-the-blue-carbuncle.xhtml")) {
            Files.copy(text.resolve(story), books.resolve(story));
        }
        Set<String> before = browsers();
        Set<String> during = ConcurrentHashMap.newKeySet();
        Thread watcher = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                during.addAll(browsers());
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        SparkSession spark = SparkSession.builder().master("local[2]").appName("pairforge-documents")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
        try {
            spark.sparkContext().setLogLevel("WARN");
            Dataset<Row> rows = spark.read().format("binaryFile").load(books.toString()).repartition(2);
            watcher.start();
            long samples;
            List<Row> pages;
            try (SparkPairs.Pairs pairs = SparkPairs.documents(rows, DocumentOptions.builder().engine("chromium").dpi(60)
                    .maxPages(2).build())) {
                pages = pairs.samples().collectAsList();
                samples = pages.size();
                // the chapters render; their pages past --max-pages are recorded, as the CLI records them
                assertEquals(List.of("too_many_pages", "too_many_pages", "too_many_pages"), pairs.rejections().collectAsList()
                        .stream().map(r -> (String) r.getAs("reason")).toList());
            } finally {
                watcher.interrupt();
                watcher.join();
            }
            assertEquals(6, samples, "two pages of each of three chapters");
            for (Row p : pages) {
                assertTrue(((String) p.getAs("key")).length() > 0);
                assertTrue(((byte[]) ((Row) p.getAs("image")).getAs("bytes")).length > 1000, "a page image");
                assertTrue(((String) p.getAs("text")).length() > 100, "a page's text");
            }
            during.removeAll(before);
            assertEquals(2, during.size(), "one browser per partition, two partitions: " + during);
        } finally {
            spark.stop();
        }
        Set<String> left = null;
        for (int i = 0; i < 50; i++) {
            left = browsers();
            left.removeAll(before);
            if (left.isEmpty()) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals(Set.of(), left, "no Chromium left when the job ends");
    }

    @Test
    void pdfRowsBecomePagesWithTheirMarkdown() throws Exception {
        Path pdfs = Files.createDirectories(dir.resolve("pdfs"));
        for (String name : List.of("multicolumn.pdf", "google-doc-document.pdf", "libreoffice-writer-password.pdf")) {
            Files.copy(TestData.fixtures("pdf/" + name), pdfs.resolve(name));
        }
        SparkSession spark = SparkSession.builder().master("local[2]").appName("pairforge-pdf")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
        try {
            spark.sparkContext().setLogLevel("WARN");
            Dataset<Row> rows = spark.read().format("binaryFile").load(pdfs.toString()).repartition(2);
            try (SparkPairs.Pairs pairs = SparkPairs.documents(rows, DocumentOptions.builder().dpi(72).build())) {
                List<Row> pages = pairs.samples().collectAsList();
                assertEquals(4, pages.size(), "three pages of the paper, one of the Google Docs export");
                for (Row p : pages) {
                    String meta = p.getAs("meta");
                    assertTrue(meta.contains("\"format\":\"pdf\"") && meta.contains("\"structure\":\"layout\""), meta);
                    String extras = p.getAs("extras");
                    assertTrue(extras.contains("\"md\""), "each page has its Markdown: " + extras);
                }
                assertEquals(List.of("encrypted_pdf"), pairs.rejections().collectAsList().stream()
                        .map(r -> (String) r.getAs("reason")).toList());
            }
        } finally {
            spark.stop();
        }
    }
}
