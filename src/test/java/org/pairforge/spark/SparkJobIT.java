package org.pairforge.spark;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairforge.TestData;
import org.pairforge.cli.Main;
import org.pairforge.core.Sample;
import org.pairforge.shard.Json;
import org.pairforge.shard.ShardLayout;
import org.pairforge.shard.ShardReader;
import org.pairforge.spark.internal.SampleFiles;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code pairforge spark KIND} as a user runs it, in local mode: the tasks write the output themselves (see
 * {@code Staging}), so what is checked here is what the files hold, against the CLI on the same rows.
 */
class SparkJobIT {
    @TempDir
    static Path dir;
    static Path rows;
    static Path cli;

    @BeforeAll
    static void rows() throws Exception {
        rows = SparkPairsIT.stackRows(dir.resolve("rows.jsonl"));
        cli = TestData.runCli(dir, "cli", "notebooks", rows.toString());
    }

    /** {@code pairforge spark ARGS}; returns the exit code, and the error stream in {@code err}. */
    static int spark(StringBuilder err, String... args) {
        List<String> all = new ArrayList<>(List.of("spark"));
        all.addAll(List.of(args));
        PrintStream was = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            return Main.execute(all.toArray(String[]::new));
        } finally {
            System.setErr(was);
            err.append(captured.toString(StandardCharsets.UTF_8));
        }
    }

    static List<List<String>> parquetSamples(Path out) throws Exception {
        List<List<String>> all = new ArrayList<>();
        for (Path f : files(out.resolve("data"), ".parquet")) {
            for (Sample s : SampleFiles.read(SampleFiles.Format.PARQUET, f)) {
                all.add(List.of(s.key(), SparkPairsIT.sha(s.image().bytes()), s.text(),
                        new String(Json.MAPPER.writeValueAsBytes(s.metadata()), StandardCharsets.UTF_8)));
            }
        }
        return all;
    }

    static List<Path> files(Path folder, String suffix) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    static Map<String, Object> funnel(Path out) throws Exception {
        return SparkPairsIT.cliFunnel(out);
    }

    static List<String> sortedRejects(Path out) throws Exception {
        return Files.readAllLines(out.resolve("rejects.jsonl")).stream().sorted().toList();
    }

    @Test
    void parquetHoldsTheCliSamplesInOrderAndIsTheSameBytesWhateverTheMaster() throws Exception {
        Map<String, String> first = null;
        for (String master : List.of("local[1]", "local[2]")) {
            Path out = dir.resolve("parquet-" + master.replaceAll("\\W", ""));
            StringBuilder err = new StringBuilder();
            assertEquals(0, spark(err, "notebooks", rows.toString(), "-o", out.toString(), "--master", master,
                    "--partitions", "4"), err.toString());
            assertEquals(SparkPairsIT.cliSamples(cli), parquetSamples(out), "the CLI's keys, image bytes, code and metadata, in order");
            assertEquals(funnel(cli), funnel(out));
            assertTrue(((Map<?, ?>) funnel(out).get("dropped")).containsKey("duplicate"), "the fork's figures were dropped");
            assertEquals(sortedRejects(cli), sortedRejects(out), "the same rejections");
            assertFalse(Files.exists(out.resolve(".staging")), "no staging left");
            Map<String, String> shas = new TreeMap<>();
            for (Path f : files(out.resolve("data"), ".parquet")) {
                shas.put(f.getFileName().toString(), SparkPairsIT.sha(Files.readAllBytes(f)));
            }
            assertFalse(shas.isEmpty());
            if (first == null) {
                first = shas;
            } else {
                assertEquals(first, shas, "the same part files, byte for byte, with one core or two");
            }
        }
    }

    @Test
    void webdatasetShardsResumeWhereARunStoppedAndRefuseChangedInputs() throws Exception {
        // keys derive from the input's path: the CLI's run to compare with is over the same file
        Path input = Files.copy(rows, dir.resolve("resume-rows.jsonl"));
        Path cli = TestData.runCli(dir, "cli-resume", "notebooks", input.toString());
        Path out = dir.resolve("wds");
        String[] args = {"--format", "webdataset", "notebooks", input.toString(), "-o", out.toString(),
                "--master", "local[2]", "--partitions", "3"};
        StringBuilder err = new StringBuilder();
        assertEquals(0, spark(err, args), err.toString());
        ShardLayout layout = new ShardLayout(out);
        assertEquals(List.of(0, 1, 2), layout.finishedShards());
        List<List<String>> expected = SparkPairsIT.cliSamples(cli);
        assertEquals(expected, SparkPairsIT.cliSamples(out), "the CLI's samples, in order, across the shards");
        assertEquals(funnel(cli), funnel(out));
        assertEquals(sortedRejects(cli), sortedRejects(out));
        for (int shard : layout.finishedShards()) {
            JsonNode stats = Json.MAPPER.readTree(layout.stats(shard).toFile());
            assertEquals(ShardReader.read(layout.tar(shard)).size(), stats.get("kept").asInt(), "shard " + shard + "'s stats count its tar");
        }

        // the run stopped while shard 1 was being written: its stats are missing, its tar is half
        Files.delete(out.resolve("summary.json"));
        Files.delete(layout.stats(1));
        byte[] tar = Files.readAllBytes(layout.tar(1));
        Files.write(layout.tar(1), java.util.Arrays.copyOf(tar, tar.length / 2));
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(layout.tar(0), old);
        Files.setLastModifiedTime(layout.tar(2), old);
        assertEquals(0, spark(err, args), err.toString());
        JsonNode summary = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        assertEquals(2, summary.get("resumed_shards").asInt(), summary.toString());
        assertEquals(old, Files.getLastModifiedTime(layout.tar(0)), "a finished shard is not written again");
        assertEquals(old, Files.getLastModifiedTime(layout.tar(2)));
        assertEquals(expected, SparkPairsIT.cliSamples(out), "the same samples after the resume");
        assertEquals(funnel(cli), funnel(out), "the funnel counts the resumed shards");
        assertEquals(sortedRejects(cli), sortedRejects(out));

        // a resume over other inputs would mix two runs: refused, naming the way out
        Files.delete(out.resolve("summary.json"));
        Files.delete(layout.stats(1));
        List<String> lines = new ArrayList<>(Files.readAllLines(input));
        lines.set(0, lines.get(0).replace("jakevdp/PythonDataScienceHandbook", "someone/else"));
        Files.write(input, lines);
        StringBuilder refused = new StringBuilder();
        assertEquals(2, spark(refused, args), refused.toString());
        assertTrue(refused.toString().contains("--overwrite"), refused.toString());
        assertFalse(Files.exists(layout.stats(1)), "nothing was committed");
    }

    @Test
    void theSelfCheckDropsWhatTheCliDrops() throws Exception {
        Path checkedCli = TestData.runCli(dir, "cli-checked", "notebooks", rows.toString(), "--check", "--min-score", "0.3");
        Path out = dir.resolve("checked");
        StringBuilder err = new StringBuilder();
        assertEquals(0, spark(err, "notebooks", rows.toString(), "-o", out.toString(), "--master", "local[2]",
                "--partitions", "3", "--check", "--min-score", "0.3"), err.toString());
        Map<String, Object> expected = funnel(checkedCli);
        assertTrue(((Map<?, ?>) expected.get("dropped")).containsKey("check_below_min_score"),
                "some figures score under 0.3: " + expected);
        assertTrue((Long) expected.get("kept") > 0, "and some over: " + expected);
        assertEquals(expected, funnel(out));
        assertEquals(SparkPairsIT.cliSamples(checkedCli), parquetSamples(out), "the same samples, each with its check");
        assertEquals(sortedRejects(checkedCli), sortedRejects(out));
        JsonNode summary = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        assertEquals(Json.MAPPER.readTree(checkedCli.resolve("summary.json").toFile()).at("/check/by_kind"),
                summary.at("/check/by_kind"), "the same check tally");
    }
}
