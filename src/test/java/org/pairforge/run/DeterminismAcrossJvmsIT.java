package org.pairforge.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairforge.TestData;
import org.pairforge.core.Hashing;
import org.pairforge.core.Json;
import org.pairforge.shard.ShardLayout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same command twice, each in a JVM of its own, as two runs on two days or machines are: every shard and
 * rejects file byte for byte the same. {@link DeterminismIT} runs in one JVM, where per-JVM state (hash seeds,
 * identity hash codes, class-loading order) is the same for both runs and cannot show a difference; the order of
 * a row's provenance once differed only between JVMs.
 */
class DeterminismAcrossJvmsIT {
    @TempDir
    Path tmp;

    /** sha256 of every file a run writes for its samples and rejections (not its stats and summary: timings). */
    private Map<String, String> run(String name, String... args) throws Exception {
        Path out = tmp.resolve(name);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true", "-Dpairforge.home=" + Path.of("").toAbsolutePath(), "-jar", "target/pairforge.jar"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-o", out.toString(), "--no-progress"));
        Path log = tmp.resolve(name + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), name + " ends");
        assertEquals(0, p.exitValue(), name + ":\n" + Files.readString(log));
        Map<String, String> files = new TreeMap<>();
        ShardLayout layout = new ShardLayout(out);
        for (int shard : layout.finishedShards()) {
            for (Path f : List.of(layout.tar(shard), layout.rejects(shard))) {
                if (Files.exists(f)) {
                    files.put(f.getFileName().toString(), Hashing.sha256Hex(Files.readAllBytes(f)));
                }
            }
        }
        files.put("rejects.jsonl", Hashing.sha256Hex(Files.readAllBytes(layout.rejectsJsonl())));
        assertTrue(files.keySet().stream().anyMatch(f -> f.endsWith(".tar")), name + " wrote shards");
        return files;
    }

    private void assertSameTwice(String name, String... args) throws Exception {
        Map<String, String> first = run(name + "-1", args);
        assertEquals(first, run(name + "-2", args), name + ": the same bytes from another JVM");
    }

    @Test
    void notebooksFromRowsWithProvenance() throws Exception {
        // The Stack's layout: each row's fields become the sample's provenance, in the row's order
        StringBuilder rows = new StringBuilder();
        try (Stream<Path> nbs = Files.list(TestData.corpus("notebooks"))) {
            for (Path nb : nbs.filter(p -> p.toString().endsWith(".ipynb")).sorted().limit(10).toList()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("content", Files.readString(nb, StandardCharsets.UTF_8));
                row.put("path", nb.getFileName().toString());
                row.put("max_stars_repo_name", "jakevdp/PythonDataScienceHandbook");
                row.put("max_stars_count", 40000);
                row.put("licenses", List.of("MIT"));
                row.put("hexsha", Integer.toHexString(nb.getFileName().hashCode()));
                rows.append(Json.MAPPER.writeValueAsString(row)).append('\n');
            }
        }
        rows.append("not JSON\n");
        Path file = Files.writeString(tmp.resolve("rows.jsonl"), rows.toString());
        assertSameTwice("notebooks", "notebooks", file.toString(), "--workers", "2", "--shard-size", "2");
    }

    @Test
    void templateDocumentsAndPages() throws Exception {
        assertSameTwice("exam", "documents", "--template", "exam", "--count", "2", "--seed", "11", "--dpi", "60",
                "--workers", "2", "--shard-size", "1");
        assertSameTwice("web", "web", "--template", "dashboard", "--count", "2", "--seed", "5", "--viewport", "640x480",
                "--workers", "2", "--shard-size", "1");
    }

    @Test
    void latex() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("papers"));
        Files.copy(Path.of("fixtures/latex/panda-wms.tar.gz"), in.resolve("a.tar.gz"));
        assertSameTwice("latex", "latex", in.toString(), "--dpi", "50", "--max-pages", "2");
    }
}
