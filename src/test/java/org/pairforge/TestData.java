package org.pairforge;

import org.pairforge.notebook.NotebookOptions;
import org.pairforge.run.BatchRunner;
import org.pairforge.run.Progress;
import org.pairforge.run.RunConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where tests find real inputs, and a one-line way to run the notebook pipeline. */
public final class TestData {
    private TestData() {
    }

    public static Path corpus(String sub) {
        Path p = Path.of("fixtures", "corpus", sub);
        assertTrue(Files.isDirectory(p), "corpus missing at " + p.toAbsolutePath());
        return p;
    }

    public static Path fixtures(String sub) {
        Path p = Path.of("fixtures", sub);
        assertTrue(Files.exists(p), "fixture missing: " + p);
        return p;
    }

    /** Runs {@code pairforge ARGS -o dir/name --no-progress}, which must exit 0, and returns the output folder. */
    public static Path runCli(Path dir, String name, String... args) {
        Path out = dir.resolve(name);
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("-o", out.toString(), "--no-progress"));
        org.junit.jupiter.api.Assertions.assertEquals(0, org.pairforge.cli.Main.execute(all.toArray(String[]::new)), name);
        return out;
    }

    /**
     * Makes a named pipe at {@code fifo} and has a daemon thread write {@code content} into it once a reader opens
     * it, as bash's {@code <(...)} gives: an input that states no size.
     */
    public static Path namedPipe(Path fifo, byte[] content) throws Exception {
        org.junit.jupiter.api.Assertions.assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Thread writer = new Thread(() -> {
            try (java.io.OutputStream out = Files.newOutputStream(fifo)) {
                out.write(content);
            } catch (Exception e) {
                // the reader stopped at the limit and closed its end: nothing to check here
            }
        });
        writer.setDaemon(true);
        writer.start();
        return fifo;
    }

    /** The Python of the Hugging Face {@code datasets} environment bin/setup prepares (datasets pinned). */
    public static Path hfPython() {
        String venv = System.getenv().getOrDefault("PAIRFORGE_VENV",
                Path.of(System.getProperty("user.home"), ".cache", "pairforge", "hf-datasets-5.0.1").toString());
        Path python = Path.of(venv, "bin", "python");
        assertTrue(Files.isExecutable(python), "no datasets environment at " + venv + " (run bin/setup)");
        return python;
    }

    /** Every sample of a finished run, shard by shard. */
    public static List<org.pairforge.shard.ShardReader.TarSample> samples(Path out) throws IOException {
        List<org.pairforge.shard.ShardReader.TarSample> all = new java.util.ArrayList<>();
        org.pairforge.shard.ShardLayout layout = new org.pairforge.shard.ShardLayout(out);
        for (int shard : layout.finishedShards()) {
            all.addAll(org.pairforge.shard.ShardReader.read(layout.tar(shard)));
        }
        return all;
    }

    public static Map<String, Object> runNotebooks(List<Path> inputs, Path out, int workers, int shardSize)
            throws IOException, InterruptedException {
        NotebookOptions options = NotebookOptions.builder().build();
        RunConfig config = new RunConfig("notebooks", inputs, out, workers, shardSize, false, false,
                options.maxInputBytes(), Map.of("context", options.context().id()));
        try (org.pairforge.pipeline.Pipeline pipeline = org.pairforge.pipeline.Pipeline.notebooks(options).build()) {
            return new BatchRunner(pipeline, config, Progress.NONE).run();
        }
    }
}
