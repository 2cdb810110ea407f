package org.pairforge.run;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairforge.TestData;
import org.pairforge.core.Hashing;
import org.pairforge.shard.ShardLayout;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same inputs and settings give byte-identical shards whatever --workers, for every kind; with another
 * --shard-size the shard boundaries move but the sequence of members, and every member's bytes, do not.
 */
class DeterminismIT {
    @TempDir
    Path tmp;

    private Path run(String name, String... args) {
        return TestData.runCli(tmp, name, args);
    }

    /** Every member of every shard in order, as "name sha256". */
    private static List<String> members(Path out) throws Exception {
        List<String> members = new ArrayList<>();
        ShardLayout layout = new ShardLayout(out);
        for (int shard : layout.finishedShards()) {
            try (InputStream file = Files.newInputStream(layout.tar(shard)); TarArchiveInputStream in = new TarArchiveInputStream(file)) {
                TarArchiveEntry e;
                while ((e = in.getNextEntry()) != null) {
                    members.add(e.getName() + " " + Hashing.sha256Hex(in.readAllBytes()));
                }
            }
        }
        return members;
    }

    private void assertSame(String kind, int minSamples, int shardSize, int otherShardSize, String... args) throws Exception {
        List<String> base = new ArrayList<>(List.of(kind));
        base.addAll(List.of(args));
        String label = kind + "-" + Math.abs(String.join(" ", args).hashCode());
        Path one = run(label + "-w1", concat(base, "--workers", "1", "--shard-size", Integer.toString(shardSize)));
        Path two = run(label + "-w2", concat(base, "--workers", "2", "--shard-size", Integer.toString(shardSize)));
        Path other = run(label + "-w2-s" + otherShardSize, concat(base, "--workers", "2", "--shard-size", Integer.toString(otherShardSize)));
        ShardLayout a = new ShardLayout(one), b = new ShardLayout(two);
        assertEquals(a.finishedShards(), b.finishedShards(), kind);
        assertTrue(a.finishedShards().size() >= 2, kind + ": several shards, so workers really share the run");
        for (int shard : a.finishedShards()) {
            assertArrayEquals(Files.readAllBytes(a.tar(shard)), Files.readAllBytes(b.tar(shard)), kind + " tar " + shard);
            assertArrayEquals(Files.readAllBytes(a.rejects(shard)), Files.readAllBytes(b.rejects(shard)), kind + " rejects " + shard);
        }
        List<String> members = members(one);
        assertTrue(members.size() >= 3 * minSamples, kind + ": " + members.size() + " members");
        assertEquals(members, members(other), kind + ": --shard-size " + otherShardSize + " keeps the sequence of samples");
    }

    private static String[] concat(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void notebooks() throws Exception {
        assertSame("notebooks", 60, 4, 7, TestData.corpus("notebooks").toString());
    }

    @Test
    void documentsWithBothEngines() throws Exception {
        Path in = chapters("docs", 3);
        assertSame("documents", 4, 1, 2, in.toString(), "--dpi", "60", "--max-pages", "2");
        assertSame("documents", 4, 1, 2, in.toString(), "--engine", "chromium", "--dpi", "60", "--max-pages", "2");
    }

    @Test
    void latex() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("papers"));
        Files.copy(Path.of("fixtures/latex/panda-wms.tar.gz"), in.resolve("a.tar.gz"));
        Files.copy(Path.of("fixtures/latex/panda-wms.tar.gz"), in.resolve("b.tar.gz"));
        assertSame("latex", 2, 1, 2, in.toString(), "--dpi", "50", "--max-pages", "2");
    }

    @Test
    void web() throws Exception {
        Path in = chapters("pages", 4);
        try (var files = Files.list(in)) {
            for (Path f : files.toList()) {
                Files.move(f, f.resolveSibling(f.getFileName().toString().replace(".xhtml", ".html")));
            }
        }
        assertSame("web", 4, 2, 3, in.toString(), "--viewport", "640x480");
    }

    /** Template pages (drawn content, SVG pictures, Tailwind CSS), whole pages, elements, Markdown and grounding. */
    @Test
    void webTemplates() throws Exception {
        assertSame("web", 4, 2, 3, "--template", "shop", "--count", "3", "--seed", "5", "--lang", "zh",
                "--viewport", "1280x800,390x844", "--grounding");
    }

    /**
     * One big input (a book's chapters, a PDF's pages, a paper's pages) is spread over idle workers and put back in
     * order: the same bytes with one worker or two, a page budget that ends mid-book included.
     */
    @Test
    void oneBigInputIsTheSameWhateverWorkers() throws Exception {
        String book = TestData.corpus("ebooks/sherlock-holmes/src").toString();
        assertOneInputSame("documents", 30, book, "--dpi", "50", "--max-pages", "40");
        assertOneInputSame("documents", 20, book, "--engine", "chromium", "--dpi", "40", "--max-pages", "25");
        assertOneInputSame("documents", 20, "fixtures/pdf/geotopo-1-24.pdf", "--dpi", "60");
        assertOneInputSame("latex", 8, "fixtures/latex/panda-wms.tar.gz", "--dpi", "50");
    }

    private void assertOneInputSame(String kind, int minSamples, String... args) throws Exception {
        List<String> base = new ArrayList<>(List.of(kind));
        base.addAll(List.of(args));
        String label = kind + "-one-" + Math.abs(String.join(" ", args).hashCode());
        ShardLayout a = new ShardLayout(run(label + "-w1", concat(base, "--workers", "1")));
        ShardLayout b = new ShardLayout(run(label + "-w2", concat(base, "--workers", "2")));
        assertEquals(List.of(0), a.finishedShards(), kind + ": one input, one shard");
        assertEquals(a.finishedShards(), b.finishedShards(), kind);
        assertArrayEquals(Files.readAllBytes(a.tar(0)), Files.readAllBytes(b.tar(0)), kind + " " + args[0] + " tar");
        assertArrayEquals(Files.readAllBytes(a.rejects(0)), Files.readAllBytes(b.rejects(0)), kind + " " + args[0] + " rejects");
        assertTrue(members(a.out()).size() >= 3 * minSamples, kind + " " + args[0] + ": " + members(a.out()).size() + " members");
    }

    /** N chapters of the corpus e-book, each its own input. */
    private Path chapters(String name, int n) throws Exception {
        Path in = Files.createDirectories(tmp.resolve(name));
        Path text = TestData.corpus("ebooks/sherlock-holmes/src/epub/text");
        List<String> stories = List.of("a-scandal-in-bohemia.xhtml", "a-case-of-identity.xhtml",
                "the-adventure-of-the-blue-carbuncle.xhtml", "the-adventure-of-the-speckled-band.xhtml");
        for (String story : stories.subList(0, n)) {
            Files.copy(text.resolve(story), in.resolve(story));
        }
        return in;
    }
}
